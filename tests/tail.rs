//! `evctl tail` end to end: JSON topics with ids in headers and in values, a DLQ ending,
//! several ids, follow mode and not-found, on the embedded broker and the real one; and the
//! marketplace's own Avro events (through the registry), including an order that was
//! dead-lettered.

mod common;

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
fn json_topics_on_the_real_broker() {
    let (a, b, d) = (
        unique("tail-a"),
        unique("tail-b"),
        unique("tail-c") + ".dlq",
    );
    if let Some(t) = Target::real(&[(&a, 3), (&b, 2), (&d, 1)]) {
        common::tail::json_topics(&t, &a, &b, &d);
    }
}

#[test]
fn follow_on_the_embedded_broker() {
    let t = Target::embedded(&[("f", 1)]);
    common::tail::follow(&t, "f");
}

#[test]
fn follow_on_the_real_broker() {
    let topic = unique("tail-f");
    if let Some(t) = Target::real(&[(&topic, 1)]) {
        common::tail::follow(&t, &topic);
    }
}

/// The embedded marketplace left running (killed on drop).
struct Marketplace {
    brokers: String,
    registry: String,
    child: std::process::Child,
}

impl Drop for Marketplace {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
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
                child,
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
    let t = Target::at(&m.brokers);
    let reg = ["--schema-registry", m.registry.as_str()];
    let all = {
        let mut args = vec!["--topic-regex", "[a-z.]+", "--from", "start"];
        args.extend_from_slice(&reg);
        t.consume_jsonl(&args)
    };
    // an order dead-lettered after its payment retries, and one that shipped
    let dead = all
        .iter()
        .find(|e| e["topic"] == "payment.requested.dlq")
        .expect("a dead-lettered payment");
    let dead_id = dead["headers"]["correlationId"]
        .as_str()
        .unwrap()
        .to_string();
    let shipped = all
        .iter()
        .find(|e| e["topic"] == "order.shipped")
        .expect("a shipped order");
    let shipped_id = shipped["value"]["correlationId"]
        .as_str()
        .unwrap()
        .to_string();
    let mut args = vec![
        "--since",
        "start",
        "--correlation-id",
        &dead_id,
        "--correlation-id",
        &shipped_id,
    ];
    args.extend_from_slice(&reg);
    let (got, code) = traces(&t, &args);
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
    let order = r#"{"eventId":"e-x","correlationId":"avro-only-1","timestamp":1795312637898,"source":"test","orderId":"o-x","customerId":"c-1","items":[{"productId":"p-1","quantity":1,"priceCents":100}],"totalCents":100,"createdAt":1795312637898}"#;
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
        "avro-only-1",
    ];
    args.extend_from_slice(&reg);
    let (got, code) = traces(&t, &args);
    assert_eq!(code, 0);
    assert_eq!(got[0]["events"].as_array().unwrap().len(), 1);
    assert_eq!(got[0]["events"][0]["value"]["orderId"], "o-x");
}
