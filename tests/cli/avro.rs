//! Avro end to end on the embedded broker and `evctl dev registry`: produce JSON as Avro in the
//! Confluent wire format, consume it back as JSON; errors name line and field.

use crate::common;

use common::Target;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

/// An `evctl dev registry` child.
struct Registry {
    _daemon: common::Daemon,
    url: String,
}

impl Registry {
    fn start() -> Self {
        let daemon = common::Daemon::start(&["dev", "registry", "-o", "json", "--quiet"]);
        let url = daemon.get("schema_registry");
        Self {
            _daemon: daemon,
            url,
        }
    }
}

/// The command line of every Avro produce here.
const PRODUCE_AVRO: [&str; 6] = [
    "produce",
    "order.created",
    "--input",
    "json",
    "--value-format",
    "avro",
];

/// `evctl produce order.created --input json --value-format avro` against `reg`, plus `extra`.
fn produce_avro(t: &Target, reg: &Registry, extra: &[&str]) -> assert_cmd::Command {
    let mut c = t.cmd();
    c.args(PRODUCE_AVRO)
        .args(["--schema-registry", &reg.url])
        .args(extra);
    c
}

const SCHEMA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/order.created.avsc");

fn order(i: u32, quantity: &str) -> String {
    format!(
        r#"{{"eventId":"e-{i}","correlationId":{{"string":"o-{i}"}},"timestamp":1795341600000,"source":"gateway","orderId":"o-{i}","customerId":"c-1","items":[{{"productId":"p-1","quantity":{quantity},"priceCents":150}}],"totalCents":300,"createdAt":"2026-11-22T10:00:00Z"}}"#
    )
}

#[test]
fn produce_and_consume_avro_through_the_registry() {
    let t = Target::embedded(&[("order.created", 2)]);
    let reg = Registry::start();
    let input: String = (0..20).map(|i| order(i, "2") + "\n").collect();
    t.cmd()
        .args([
            "produce",
            "order.created",
            "--input",
            "json",
            "--key-field",
            "orderId",
            "--value-format",
            "avro",
        ])
        .args([
            "--value-schema",
            SCHEMA,
            "--register",
            "--schema-registry",
            &reg.url,
            "-q",
        ])
        .write_stdin(input)
        .assert()
        .success();
    // raw bytes are Confluent-framed: magic 0 and schema id 1
    let raw = t
        .cmd()
        .args(["consume", "order.created", "-o", "raw", "-n", "1"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(&raw[..5], &[0, 0, 0, 0, 1]);
    let got = t.consume_jsonl(&[
        "order.created",
        "--schema-registry",
        &reg.url,
        "--timestamps",
        "rfc3339",
    ]);
    assert_eq!(got.len(), 20);
    for e in &got {
        assert!(e["value"].is_object(), "{e}");
        assert_eq!(e["key"], e["value"]["orderId"]);
        assert_eq!(e["value"]["items"][0]["quantity"], 2);
        assert_eq!(e["value"]["createdAt"], "2026-11-22T10:00:00.000Z");
        assert_eq!(e["value"]["correlationId"], e["key"]);
    }
    // local schemas decode too, without a registry
    let local = t.consume_jsonl(&[
        "order.created",
        "--schemas",
        concat!(env!("CARGO_MANIFEST_DIR"), "/schemas"),
    ]);
    assert_eq!(local.len(), 20);
    assert_eq!(local[0]["value"]["createdAt"], 1_795_341_600_000i64);
    // the same schema is looked up (not registered again) and by id
    produce_avro(&t, &reg, &["--value-schema", SCHEMA, "-q"])
        .write_stdin(order(99, "1") + "\n")
        .assert()
        .success();
    produce_avro(&t, &reg, &["--schema-id", "1", "-q"])
        .write_stdin(order(100, "1") + "\n")
        .assert()
        .success();
    assert_eq!(
        t.consume_jsonl(&["order.created", "--schema-registry", &reg.url])
            .len(),
        22
    );
}

#[test]
fn bad_input_names_line_and_field_and_undecodable_values_are_shown() {
    let t = Target::embedded(&[("order.created", 1)]);
    let reg = Registry::start();
    let input = format!(
        "{}\n{}\n{}\n",
        order(1, "1"),
        order(2, "1"),
        order(3, "\"x\"")
    );
    produce_avro(&t, &reg, &["--value-schema", SCHEMA, "--register"])
        .write_stdin(input)
        .assert()
        .code(2)
        .stderr(
            contains("stdin: line 3: items[0].quantity: expected int, got \"x\"")
                .and(contains("produced 2 records")),
        );
    produce_avro(&t, &reg, &["--value-schema", SCHEMA])
        .write_stdin(order(1, "1"))
        .assert()
        .success();
    // an unknown id cannot be decoded: shown as base64, exit 2, or skipped on request
    t.cmd()
        .args(["produce", "order.created", "-q"])
        .write_stdin("\u{0}\u{0}\u{0}\u{0}\u{9}garbage\n")
        .assert()
        .success();
    let out = t
        .cmd()
        .args([
            "consume",
            "order.created",
            "-o",
            "jsonl",
            "--schema-registry",
            &reg.url,
        ])
        .assert()
        .code(2)
        .stderr(
            contains("order.created/0@3: cannot decode the value")
                .and(contains("1 record could not be decoded")),
        )
        .get_output()
        .stdout
        .clone();
    let lines: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[3]["value_encoding"], "base64");
    t.cmd()
        .args([
            "consume",
            "order.created",
            "-o",
            "jsonl",
            "--schema-registry",
            &reg.url,
            "--skip-undecodable",
        ])
        .assert()
        .success();
    // no registry at all: say how to get one
    t.cmd()
        .args([
            "produce",
            "order.created",
            "--value-format",
            "avro",
            "--value-schema",
            SCHEMA,
        ])
        .env_remove("EVCTL_SCHEMA_REGISTRY")
        .write_stdin(order(1, "1"))
        .assert()
        .code(2)
        .stderr(contains("needs a schema registry"));
}

#[test]
fn dev_up_serves_broker_and_registry_in_one_process() {
    let up = common::Daemon::start(&["dev", "up", "-o", "json", "--quiet", "-t", "order.created"]);
    let (bs, sr) = (&up.get("bootstrap_servers"), &up.get("schema_registry"));
    common::evctl()
        .env("EVCTL_BROKERS", bs)
        .env("EVCTL_SCHEMA_REGISTRY", sr)
        .args(PRODUCE_AVRO)
        .args(["--value-schema", SCHEMA, "--register", "-q"])
        .write_stdin(order(7, "3"))
        .assert()
        .success();
    let out = common::evctl()
        .env("EVCTL_BROKERS", bs)
        .env("EVCTL_SCHEMA_REGISTRY", sr)
        .args(["consume", "order.created", "-o", "jsonl"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let e: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(e["value"]["items"][0]["quantity"], 3);
    assert!(up.stop().success());
}

#[test]
fn keys_in_json_and_avro() {
    let t = Target::embedded(&[("keyed", 1)]);
    let reg = Registry::start();
    let d = tempfile::tempdir().unwrap();
    let key_schema = d.path().join("key.avsc");
    std::fs::write(&key_schema, "\"string\"").unwrap();
    t.cmd()
        .args([
            "produce",
            "keyed",
            "--input",
            "json",
            "--key-field",
            "orderId",
            "--key-format",
            "avro",
        ])
        .args([
            "--key-schema",
            key_schema.to_str().unwrap(),
            "--value-format",
            "avro",
            "--value-schema",
            SCHEMA,
        ])
        .args(["--register", "--schema-registry", &reg.url, "-q"])
        .write_stdin(order(5, "1"))
        .assert()
        .success();
    let raw = t
        .cmd()
        .args(["consume", "keyed", "--format", "%k"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(raw[0], 0, "the key is Confluent-framed");
    let got = t.consume_jsonl(&["keyed", "--schema-registry", &reg.url]);
    assert_eq!(got[0]["key"], "o-5");
    assert_eq!(got[0]["value"]["orderId"], "o-5");
    t.cmd()
        .args([
            "produce",
            "keyed",
            "-k",
            "o-6",
            "--key-format",
            "json",
            "-q",
        ])
        .write_stdin("v\n")
        .assert()
        .success();
    let got = t.consume_jsonl(&["keyed", "--from", "-1"]);
    assert_eq!(got[0]["key"], "\"o-6\"");
}

/// Many batches through the encoder threads: the run stops at the bad line, every line before
/// it is delivered, none after it, and blank lines do not shift the reported line numbers.
#[test]
fn a_bad_line_deep_in_a_large_input_stops_after_exactly_the_lines_before_it() {
    let t = Target::embedded(&[("order.created", 3)]);
    let reg = Registry::start();
    let plain = |i: u32, q: &str| {
        order(i, q).replace(&format!("{{\"string\":\"o-{i}\"}}"), &format!("\"o-{i}\""))
    };
    let mut input = String::new();
    for i in 1..=4000u32 {
        match i {
            1500 => input.push('\n'),
            3001 => input.push_str(&(plain(i, "1.5") + "\n")),
            _ => input.push_str(&(plain(i, "1") + "\n")),
        }
    }
    produce_avro(&t, &reg, &["--value-schema", SCHEMA, "--register"])
        .write_stdin(input)
        .assert()
        .code(2)
        .stderr(
            contains("stdin: line 3001: items[0].quantity: expected int, got 1.5")
                .and(contains("produced 2999 records")),
        );
    let out = t
        .cmd()
        .args(["consume", "order.created", "-o", "jsonl", "-q"])
        .args(["--schema-registry", &reg.url])
        .output()
        .unwrap();
    let ids: std::collections::BTreeSet<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["value"]["orderId"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ids.len(), 2999);
    assert!(ids.contains("o-3000") && !ids.contains("o-3001") && !ids.contains("o-1500"));
}
