//! `tail --export`: followed transactions as traces, in the two JSON forms the tracing tools
//! load: OTLP/JSON (an `ExportTraceServiceRequest`: what an OpenTelemetry collector's file
//! receiver and `POST /v1/traces` take; ids in hex, enums as numbers, 64-bit integers as
//! strings, as the OTLP spec says) and Jaeger's JSON (what Jaeger UI's "upload JSON" opens).

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::domain::spans::{hex, AttrValue, Span};

/// OTLP's SPAN_KIND_PRODUCER and STATUS_CODE_ERROR.
const KIND_PRODUCER: u8 = 4;
const STATUS_ERROR: u8 = 2;

fn nanos(ms: i64) -> String {
    (i128::from(ms) * 1_000_000).to_string()
}

fn otlp_value(v: &AttrValue) -> Value {
    match v {
        AttrValue::Str(s) => json!({ "stringValue": s }),
        AttrValue::Int(i) => json!({ "intValue": i.to_string() }),
    }
}

fn otlp_span(s: &Span) -> Value {
    let mut span = json!({
        "traceId": hex(&s.trace_id),
        "spanId": hex(&s.span_id),
        "name": s.name,
        "kind": KIND_PRODUCER,
        "startTimeUnixNano": nanos(s.start_ms),
        "endTimeUnixNano": nanos(s.end_ms),
        "attributes": s.attributes.iter()
            .map(|(k, v)| json!({ "key": k, "value": otlp_value(v) }))
            .collect::<Vec<_>>(),
    });
    if let Some(p) = s.parent {
        span["parentSpanId"] = json!(hex(&p));
    }
    if let Some(e) = &s.error {
        span["status"] = json!({ "code": STATUS_ERROR, "message": e });
    }
    span
}

/// Spans grouped by service (a resource each), in first-seen order of services.
fn by_service(spans: &[Span]) -> Vec<(&str, Vec<&Span>)> {
    let mut out: Vec<(&str, Vec<&Span>)> = Vec::new();
    for s in spans {
        match out.iter_mut().find(|(name, _)| *name == s.service) {
            Some((_, list)) => list.push(s),
            None => out.push((&s.service, vec![s])),
        }
    }
    out
}

/// One `ExportTraceServiceRequest` with every span.
pub fn otlp(spans: &[Span]) -> String {
    let resources: Vec<Value> = by_service(spans)
        .into_iter()
        .map(|(service, list)| {
            json!({
                "resource": { "attributes": [
                    { "key": "service.name", "value": { "stringValue": service } }
                ] },
                "scopeSpans": [{
                    "scope": { "name": "evctl", "version": env!("CARGO_PKG_VERSION") },
                    "spans": list.into_iter().map(otlp_span).collect::<Vec<_>>(),
                }],
            })
        })
        .collect();
    let doc = json!({ "resourceSpans": resources });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

fn jaeger_tag(key: &str, v: &AttrValue) -> Value {
    match v {
        AttrValue::Str(s) => json!({ "key": key, "type": "string", "value": s }),
        AttrValue::Int(i) => json!({ "key": key, "type": "int64", "value": i }),
    }
}

fn jaeger_span(s: &Span, process: &str) -> Value {
    let mut tags: Vec<Value> = s.attributes.iter().map(|(k, v)| jaeger_tag(k, v)).collect();
    tags.push(json!({ "key": "span.kind", "type": "string", "value": "producer" }));
    if let Some(e) = &s.error {
        tags.push(json!({ "key": "error", "type": "bool", "value": true }));
        tags.push(json!({ "key": "otel.status_code", "type": "string", "value": "ERROR" }));
        tags.push(json!({ "key": "otel.status_description", "type": "string", "value": e }));
    }
    let references: Vec<Value> = s
        .parent
        .iter()
        .map(|p| json!({ "refType": "CHILD_OF", "traceID": hex(&s.trace_id), "spanID": hex(p) }))
        .collect();
    json!({
        "traceID": hex(&s.trace_id),
        "spanID": hex(&s.span_id),
        "operationName": s.name,
        "references": references,
        "flags": 1,
        "startTime": s.start_ms * 1000,
        "duration": (s.end_ms - s.start_ms) * 1000,
        "tags": tags,
        "logs": [],
        "processID": process,
        "warnings": null,
    })
}

/// Jaeger's JSON: one entry of `data` per trace, its services as processes.
pub fn jaeger(traces: &[Vec<Span>]) -> String {
    let data: Vec<Value> = traces
        .iter()
        .filter(|t| !t.is_empty())
        .map(|spans| {
            let services = by_service(spans);
            let process_of: BTreeMap<&str, String> = services
                .iter()
                .enumerate()
                .map(|(i, (name, _))| (*name, format!("p{}", i + 1)))
                .collect();
            let processes: serde_json::Map<String, Value> = process_of
                .iter()
                .map(|(name, id)| (id.clone(), json!({ "serviceName": name, "tags": [] })))
                .collect();
            json!({
                "traceID": hex(&spans[0].trace_id),
                "spans": spans.iter()
                    .map(|s| jaeger_span(s, &process_of[s.service.as_str()]))
                    .collect::<Vec<_>>(),
                "processes": processes,
                "warnings": null,
            })
        })
        .collect();
    serde_json::to_string_pretty(&json!({ "data": data })).unwrap_or_default() + "\n"
}

/// What `--export` wrote, for the person at the terminal.
pub fn written(traces: &[Vec<Span>], file: &std::path::Path) -> String {
    let spans: usize = traces.iter().map(Vec::len).sum();
    format!(
        "wrote {} trace{} ({spans} span{}) to {}",
        traces.len(),
        if traces.len() == 1 { "" } else { "s" },
        if spans == 1 { "" } else { "s" },
        file.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(id: u8, parent: Option<u8>, service: &str, error: Option<&str>) -> Span {
        Span {
            trace_id: [7; 16],
            span_id: [id; 8],
            parent: parent.map(|p| [p; 8]),
            name: format!("send t{id}"),
            service: service.into(),
            start_ms: 1_000 * i64::from(id),
            end_ms: 1_000 * i64::from(id) + 250,
            attributes: vec![
                ("messaging.system", AttrValue::Str("kafka".into())),
                ("messaging.kafka.offset", AttrValue::Int(42)),
            ],
            error: error.map(str::to_string),
        }
    }

    #[test]
    fn otlp_json_has_hex_ids_numeric_enums_and_string_int64s() {
        let s = [
            span(1, None, "orders", None),
            span(2, Some(1), "payments", Some("timed out")),
        ];
        let v: Value = serde_json::from_str(&otlp(&s)).unwrap();
        let rs = v["resourceSpans"].as_array().unwrap();
        assert_eq!(rs.len(), 2);
        assert_eq!(
            rs[1]["resource"]["attributes"][0]["value"]["stringValue"],
            "payments"
        );
        let second = &rs[1]["scopeSpans"][0]["spans"][0];
        assert_eq!(second["traceId"], "07".repeat(16));
        assert_eq!(second["parentSpanId"], "01".repeat(8));
        assert_eq!(second["kind"], 4);
        assert_eq!(second["startTimeUnixNano"], "2000000000");
        assert_eq!(second["status"]["code"], 2);
        assert_eq!(second["attributes"][1]["value"]["intValue"], "42");
        assert!(rs[0]["scopeSpans"][0]["spans"][0]
            .get("parentSpanId")
            .is_none());
    }

    #[test]
    fn jaeger_json_has_processes_references_and_micros() {
        let s = vec![
            span(1, None, "orders", None),
            span(2, Some(1), "orders", Some("bad")),
        ];
        let v: Value = serde_json::from_str(&jaeger(&[s])).unwrap();
        let t = &v["data"][0];
        assert_eq!(t["traceID"], "07".repeat(16));
        assert_eq!(t["processes"]["p1"]["serviceName"], "orders");
        let second = &t["spans"][1];
        assert_eq!(second["references"][0]["refType"], "CHILD_OF");
        assert_eq!(second["references"][0]["spanID"], "01".repeat(8));
        assert_eq!(
            (second["startTime"].as_i64(), second["duration"].as_i64()),
            (Some(2_000_000), Some(250_000))
        );
        assert_eq!(second["processID"], "p1");
        let tags = second["tags"].as_array().unwrap();
        assert!(tags
            .iter()
            .any(|t| t["key"] == "error" && t["value"] == true));
        assert!(tags
            .iter()
            .any(|t| t["key"] == "messaging.kafka.offset" && t["value"] == 42));
    }
}
