//! `tail --export otlp|jaeger FILE` end to end, on both brokers: a transaction of three hops
//! (the first with a W3C traceparent, the last a dead letter). The OTLP file is parsed by
//! OpenTelemetry's own Python classes (`opentelemetry-proto`) into an ExportTraceServiceRequest
//! (ids, parent links, attributes, one span per record); the Jaeger file is checked field by
//! field; the same export twice is byte-identical.

use std::process::Command;

use crate::common;

use common::{unique, Target};
use serde_json::Value;

const TRACE: &str = "4bf92f3577b34da6a3ce929d0e0e4736";

/// Reads an OTLP/JSON file as OpenTelemetry's collector does (hex ids, the rest the protobuf
/// JSON mapping) into an ExportTraceServiceRequest, and prints what the test checks.
const PARSE_OTLP: &str = r#"
import base64, json, sys
from google.protobuf import json_format
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
doc = json.load(open(sys.argv[1]))
for rs in doc["resourceSpans"]:
    for ss in rs["scopeSpans"]:
        for s in ss["spans"]:
            for k in ("traceId", "spanId", "parentSpanId"):
                if k in s:
                    s[k] = base64.b64encode(bytes.fromhex(s[k])).decode()
req = json_format.ParseDict(doc, ExportTraceServiceRequest())
out = []
for rs in req.resource_spans:
    service = [a.value.string_value for a in rs.resource.attributes if a.key == "service.name"][0]
    for ss in rs.scope_spans:
        for s in ss.spans:
            attrs = {a.key: (a.value.int_value if a.value.HasField("int_value") else a.value.string_value) for a in s.attributes}
            out.append({"service": service, "trace": s.trace_id.hex(), "span": s.span_id.hex(),
                        "parent": s.parent_span_id.hex(), "name": s.name, "kind": s.kind,
                        "start": s.start_time_unix_nano, "end": s.end_time_unix_nano,
                        "status": s.status.code, "message": s.status.message, "attrs": attrs})
print(json.dumps(out))
"#;

fn flow(t: &Target, prefix: &str) {
    let order = unique("o");
    let (created, requested) = (format!("{prefix}.created"), format!("{prefix}.requested"));
    let dlq = format!("{requested}.dlq");
    let rec = |event: &str, source: &str, headers: &str| {
        format!(
            "{{\"key\":\"{order}\",\"value\":\"{{\\\"eventId\\\":\\\"{event}\\\",\\\"correlationId\\\":\\\"{order}\\\",\\\"source\\\":\\\"{source}\\\"}}\",\"headers\":{{{headers}}}}}\n"
        )
    };
    let tp = format!("\"traceparent\":\"00-{TRACE}-00f067aa0ba902b7-01\"");
    t.produce(
        &created,
        &rec("e-1", "order-service", &tp),
        &["--input", "envelope"],
    );
    t.produce(
        &requested,
        &rec("e-2", "payment-service", ""),
        &["--input", "envelope"],
    );
    t.produce(
        &dlq,
        &rec(
            "e-2",
            "payment-service",
            "\"dlq.error\":\"gateway timed out\"",
        ),
        &["--input", "envelope"],
    );
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str| dir.path().join(name).display().to_string();
    let topics = format!("{created},{requested},{dlq}");
    for (format, name) in [
        ("otlp", "a.otlp"),
        ("otlp", "b.otlp"),
        ("jaeger", "a.jaeger"),
    ] {
        t.cmd()
            .args([
                "tail",
                "--correlation-id",
                &order,
                "--topics",
                &topics,
                "-q",
            ])
            .args(["--export", format, &file(name)])
            .assert()
            .success();
    }
    let read = |name: &str| std::fs::read_to_string(file(name)).unwrap();
    assert_eq!(read("a.otlp"), read("b.otlp"), "the same export twice");
    // OTLP, read by OpenTelemetry's classes
    let out = Command::new("python3")
        .args(["-c", PARSE_OTLP, &file("a.otlp")])
        .output()
        .unwrap();
    common::assert_succeeded(&out);
    let spans: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(spans.len(), 3, "a span per record (hops + 1): {spans:?}");
    let names: Vec<&str> = spans.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            format!("send {created}"),
            format!("send {requested}"),
            format!("send {dlq}")
        ]
    );
    assert!(
        spans.iter().all(|s| s["trace"] == TRACE),
        "the traceparent's trace id: {spans:?}"
    );
    assert_eq!(spans[0]["parent"], "");
    assert_eq!(spans[1]["parent"], spans[0]["span"]);
    assert_eq!(spans[2]["parent"], spans[1]["span"]);
    assert!(spans.iter().all(|s| s["kind"] == 4), "producer spans");
    assert_eq!(
        spans[0]["end"], spans[1]["start"],
        "a span lasts until the next hop"
    );
    let a = &spans[1]["attrs"];
    assert_eq!(a["messaging.system"], "kafka");
    assert_eq!(a["messaging.destination.name"], requested.as_str());
    assert_eq!(a["messaging.kafka.message.key"], order.as_str());
    assert_eq!(a["messaging.message.id"], "e-2");
    assert_eq!(a["messaging.message.conversation_id"], order.as_str());
    assert!(a["messaging.kafka.offset"].is_i64(), "{a}");
    assert_eq!(spans[1]["service"], "payment-service");
    assert_eq!(
        (&spans[2]["status"], &spans[2]["message"]),
        (&2.into(), &"gateway timed out".into())
    );
    assert_eq!(spans[2]["attrs"]["dlq.error"], "gateway timed out");
    // Jaeger, field by field
    let j: Value = serde_json::from_str(&read("a.jaeger")).unwrap();
    let trace = &j["data"][0];
    assert_eq!(trace["traceID"], TRACE);
    let js = trace["spans"].as_array().unwrap();
    assert_eq!(js.len(), 3);
    for (i, s) in js.iter().enumerate() {
        assert_eq!(
            s["spanID"], spans[i]["span"],
            "the same span ids in both formats"
        );
        assert_eq!(s["operationName"], spans[i]["name"]);
        let start_ns = spans[i]["start"].as_u64().unwrap();
        assert_eq!(
            s["startTime"].as_u64().unwrap(),
            start_ns / 1000,
            "microseconds"
        );
        let pid = s["processID"].as_str().unwrap();
        assert_eq!(trace["processes"][pid]["serviceName"], spans[i]["service"]);
    }
    assert_eq!(js[1]["references"][0]["refType"], "CHILD_OF");
    assert_eq!(js[1]["references"][0]["spanID"], spans[0]["span"]);
    let tags = js[2]["tags"].as_array().unwrap();
    assert!(
        tags.iter()
            .any(|t| t["key"] == "error" && t["value"] == true),
        "{tags:?}"
    );
    assert!(tags
        .iter()
        .any(|t| t["key"] == "span.kind" && t["value"] == "producer"));
}

#[test]
fn traces_export_on_the_embedded_broker() {
    let t = Target::embedded(&[]);
    flow(&t, "exp");
}

#[test]
#[ignore = "needs EVCTL_TEST_BROKERS (a real broker; .ci/run starts nisshi)"]
fn traces_export_on_the_real_broker() {
    let prefix = unique("exp");
    let t = Target::real(&[
        (&format!("{prefix}.created"), 3),
        (&format!("{prefix}.requested"), 3),
        (&format!("{prefix}.requested.dlq"), 3),
    ]);
    flow(&t, &prefix);
}
