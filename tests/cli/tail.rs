//! `evctl tail` end to end: JSON topics with ids in headers and in values, a DLQ ending,
//! several ids, follow mode and not-found, on the embedded broker and the real one; and the
//! marketplace's own Avro events (through the registry), including an order that was
//! dead-lettered.

use crate::common;

use common::tail::{expected, traces};
use common::{evctl_std, unique, Target};
use std::io::{BufRead, BufReader};
use std::process::Stdio;

#[test]
fn json_topics_on_the_embedded_broker() {
    let t = Target::embedded(&[("a", 3), ("b", 3), ("c.dlq", 3)]);
    common::tail::json_topics(&t, "a", "b", "c.dlq");
}

#[test]
#[ignore = "needs EVCTL_TEST_BROKERS (a real broker; .ci/run starts nisshi)"]
fn json_topics_on_the_real_broker() {
    let (a, b, d) = (
        unique("tail-a"),
        unique("tail-b"),
        unique("tail-c") + ".dlq",
    );
    let t = Target::real(&[(&a, 3), (&b, 2), (&d, 1)]);
    common::tail::json_topics(&t, &a, &b, &d);
}

#[test]
fn follow_on_the_embedded_broker() {
    let t = Target::embedded(&[("f", 1)]);
    common::tail::follow(&t, "f");
}

#[test]
#[ignore = "needs EVCTL_TEST_BROKERS (a real broker; .ci/run starts nisshi)"]
fn follow_on_the_real_broker() {
    let topic = unique("tail-f");
    let t = Target::real(&[(&topic, 1)]);
    common::tail::follow(&t, &topic);
}

#[test]
fn key_routing_on_the_embedded_broker() {
    let t = Target::embedded(&[("k", 12)]);
    common::tail::key_routing(&t, "k");
}

#[test]
#[ignore = "needs EVCTL_TEST_BROKERS (a real broker; .ci/run starts nisshi)"]
fn key_routing_on_the_real_broker() {
    let topic = unique("tail-k");
    let t = Target::real(&[(&topic, 12)]);
    common::tail::key_routing(&t, &topic);
}

/// The marketplace's topics.
const MARKET: &str = "(order|payment|inventory)[a-z.]*";

/// The embedded marketplace left running (killed on drop).
struct Marketplace {
    brokers: String,
    registry: String,
    _child: common::KillOnDrop,
}

fn marketplace() -> Marketplace {
    let mut child = evctl_std()
        .args(["simulate", "marketplace", "--orders", "300", "--seed", "11"])
        .args([
            "--failure-rate",
            "0.5",
            "--max-retries",
            "1",
            "--keep-running",
            "-o",
            "json",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn the marketplace");
    let reader = BufReader::new(child.stderr.take().unwrap());
    for line in reader.lines().map_while(Result::ok) {
        if let Some(rest) = line.strip_prefix("evctl: still running: ") {
            let mut parts = rest.split([' ', ';']);
            let brokers = parts
                .next()
                .unwrap()
                .trim_start_matches("EVCTL_BROKERS=")
                .to_string();
            let registry = parts
                .next()
                .unwrap()
                .trim_start_matches("EVCTL_SCHEMA_REGISTRY=")
                .to_string();
            return Marketplace {
                brokers,
                registry,
                _child: common::KillOnDrop::new(child),
            };
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the marketplace did not say where it runs");
}

#[test]
fn marketplace_avro_orders_and_a_dead_lettered_one() {
    let m = marketplace();
    marketplace_traces(&Target::at(&m.brokers), &m.registry);
}

#[test]
#[ignore = "needs EVCTL_TEST_BROKERS (a real broker; .ci/run starts nisshi)"]
fn marketplace_on_the_real_broker() {
    let t = Target::real(&[]);
    let registry = common::Daemon::start(&["dev", "registry", "-o", "json", "--quiet"]);
    let url = registry.get("schema_registry");
    t.cmd()
        .args([
            "simulate",
            "marketplace",
            "--orders",
            "300",
            "--seed",
            "11",
            "-q",
        ])
        .args([
            "--failure-rate",
            "0.5",
            "--max-retries",
            "1",
            "--schema-registry",
            &url,
        ])
        .timeout(std::time::Duration::from_secs(180))
        .assert()
        .success();
    marketplace_traces(&t, &url);
}

/// Checks the timelines of a dead-lettered and a shipped order of the newest marketplace run
/// on `t`, and of an id carried only inside an Avro value.
fn marketplace_traces(t: &Target, registry: &str) {
    let reg = ["--schema-registry", registry];
    // every record, the malformed ones the gateway sends on purpose included (consume shows
    // them as base64 and exits 2 for them)
    let out = t
        .cmd()
        .args([
            "consume",
            "--topic-regex",
            MARKET,
            "--from",
            "start",
            "-o",
            "jsonl",
            "-q",
        ])
        .args(reg)
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 2)), "consume: {out:?}");
    let all: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // an order dead-lettered after its payment retries, and one that shipped (the newest
    // run's: a real broker keeps earlier runs' topics)
    let dead = all
        .iter()
        .filter(|e| e["topic"] == "payment.requested.dlq")
        .max_by_key(|e| e["timestamp"].as_i64())
        .expect("a dead-lettered payment");
    let dead_id = dead["headers"]["correlationId"]
        .as_str()
        .unwrap()
        .to_string();
    let shipped = all
        .iter()
        .filter(|e| e["topic"] == "order.shipped")
        .max_by_key(|e| e["timestamp"].as_i64())
        .expect("a shipped order");
    let shipped_id = shipped["value"]["correlationId"]
        .as_str()
        .unwrap()
        .to_string();
    let mut args = vec![
        "--topic-regex",
        MARKET,
        "--since",
        "start",
        "--correlation-id",
        &dead_id,
        "--correlation-id",
        &shipped_id,
    ];
    args.extend_from_slice(&reg);
    let (got, code) = traces(t, &args);
    assert_eq!(code, 0);
    for (trace, id) in got.iter().zip([&dead_id, &shipped_id]) {
        let events: Vec<_> = trace["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(common::tail::place)
            .collect();
        assert_eq!(events, expected(&all, id), "{id}");
        // Avro values come out decoded
        assert_eq!(trace["events"][0]["value"]["correlationId"], id.as_str());
    }
    assert_eq!(got[0]["ended_in"]["kind"], "dead_letter", "{}", got[0]);
    assert_eq!(got[1]["ended_in"]["kind"], "terminal", "{}", got[1]);
    assert_eq!(got[1]["ended_in"]["topic"], "order.shipped");
    // ids only in Avro values (no headers): produce the marketplace's own schema without them
    let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/order.created.avsc");
    let only = unique("avro-only");
    let order = format!(
        r#"{{"eventId":"e-x","correlationId":"{only}","timestamp":1795312637898,"source":"test","orderId":"o-x","customerId":"c-1","items":[{{"productId":"p-1","quantity":1,"priceCents":100}}],"totalCents":100,"createdAt":1795312637898}}"#
    );
    t.cmd()
        .args(["produce", "order.created", "--input", "json", "-q"])
        .args([
            "--value-format",
            "avro",
            "--value-schema",
            schema,
            "--register",
        ])
        .args(reg)
        .write_stdin(format!("{order}\n"))
        .assert()
        .success();
    let mut args = vec![
        "--since",
        "start",
        "--topics",
        "order.created",
        "--correlation-id",
        &only,
    ];
    args.extend_from_slice(&reg);
    let (got, code) = traces(t, &args);
    assert_eq!(code, 0);
    assert_eq!(got[0]["events"].as_array().unwrap().len(), 1);
    assert_eq!(got[0]["events"][0]["value"]["orderId"], "o-x");
}
