//! A followed transaction as a trace: one span per record, chained hop to hop, with
//! OpenTelemetry's messaging attributes (`tail --export otlp|jaeger`).
//!
//! Why pure and here: the ids must be stable (the same export twice gives the same trace and
//! span ids, so a re-upload replaces rather than duplicates), the trace id must be the
//! records' own `traceparent` when they carry one (so evctl's spans join the services'), and
//! every edge (no timestamps, a DLQ hop, a key that is not text) is a rule about records.

use sha2::{Digest, Sha256};

use super::filter::trace_id;
use super::trace::{IdKind, Trace, TraceEvent};

/// An attribute value, as both export formats type them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttrValue {
    Str(String),
    Int(i64),
}

/// One record as a span (`send <topic>`, producer kind).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub trace_id: [u8; 16],
    pub span_id: [u8; 8],
    /// The previous hop's span (None for the first).
    pub parent: Option<[u8; 8]>,
    pub name: String,
    /// The emitting service (`source`), else "kafka".
    pub service: String,
    pub start_ms: i64,
    pub end_ms: i64,
    pub attributes: Vec<(&'static str, AttrValue)>,
    /// A dead-letter hop: its recorded reason (the span's error status).
    pub error: Option<String>,
}

/// Hex of some bytes (ids in OTLP/JSON and Jaeger JSON).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The trace id: the first `traceparent` among the events (its 32 hex digits), else the
/// first 16 bytes of SHA-256 over the followed id (stable across exports).
pub fn trace_id_of(t: &Trace) -> [u8; 16] {
    let from_header = t.events.iter().find_map(|e| {
        let (_, v) = e
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("traceparent"))?;
        parse_hex::<16>(trace_id(v.as_deref()?)?)
    });
    from_header.unwrap_or_else(|| {
        let d = Sha256::digest(format!("evctl-trace|{}", t.target.id).as_bytes());
        let mut id = [0; 16];
        id.copy_from_slice(&d[..16]);
        id
    })
}

fn parse_hex<const N: usize>(s: &[u8]) -> Option<[u8; N]> {
    if s.len() != 2 * N {
        return None;
    }
    let mut out = [0; N];
    for (i, pair) in s.chunks(2).enumerate() {
        let text = std::str::from_utf8(pair).ok()?;
        out[i] = u8::from_str_radix(text, 16).ok()?;
    }
    // an all-zero trace id is invalid in W3C trace context
    out.iter().any(|b| *b != 0).then_some(out)
}

/// A record's span id: SHA-256 over the trace id and where the record is (stable, unique).
fn span_id(trace: &[u8; 16], e: &TraceEvent) -> [u8; 8] {
    let mut h = Sha256::new();
    h.update(trace);
    h.update(format!("|{}|{}|{}", e.topic, e.partition, e.offset).as_bytes());
    let d = h.finalize();
    let mut id = [0; 8];
    id.copy_from_slice(&d[..8]);
    id
}

/// A text header's value.
fn header<'a>(e: &'a TraceEvent, name: &str) -> Option<&'a str> {
    e.headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .and_then(|(_, v)| std::str::from_utf8(v.as_deref()?).ok())
}

/// A top-level text field of the value, when it is a JSON object.
fn field(e: &TraceEvent, name: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(e.value.as_deref()?).ok()?;
    v.get(name)?.as_str().map(str::to_string)
}

/// The spans of one followed transaction, in time order, each the child of the one before.
/// A span lasts from its record's timestamp to the next record's (the last: an instant).
pub fn spans(t: &Trace) -> Vec<Span> {
    let trace = trace_id_of(t);
    let times = times(t);
    let mut out: Vec<Span> = Vec::with_capacity(t.events.len());
    for (i, e) in t.events.iter().enumerate() {
        let start_ms = times[i];
        let end_ms = times.get(i + 1).copied().unwrap_or(start_ms).max(start_ms);
        out.push(Span {
            trace_id: trace,
            span_id: span_id(&trace, e),
            parent: out.last().map(|p| p.span_id),
            name: format!("send {}", e.topic),
            service: e.source.clone().unwrap_or_else(|| "kafka".into()),
            start_ms,
            end_ms,
            attributes: attributes(t, e),
            error: e.dlq_error.as_ref().map(|r| {
                if r.is_empty() {
                    "dead-lettered (no error recorded)".into()
                } else {
                    r.clone()
                }
            }),
        });
    }
    out
}

/// Each event's time: its timestamp, else the nearest earlier one, else the first known (a
/// record without a timestamp still has a place in the chain).
fn times(t: &Trace) -> Vec<i64> {
    let first = t.events.iter().find_map(|e| e.timestamp).unwrap_or(0);
    let mut last = first;
    t.events
        .iter()
        .map(|e| {
            last = e.timestamp.unwrap_or(last);
            last
        })
        .collect()
}

/// OpenTelemetry's messaging attributes for a Kafka record, and the dead-letter reason.
fn attributes(t: &Trace, e: &TraceEvent) -> Vec<(&'static str, AttrValue)> {
    let s = |v: &str| AttrValue::Str(v.to_string());
    let mut a = vec![
        ("messaging.system", s("kafka")),
        ("messaging.operation.type", s("send")),
        ("messaging.destination.name", s(&e.topic)),
        (
            "messaging.destination.partition.id",
            s(&e.partition.to_string()),
        ),
        ("messaging.kafka.offset", AttrValue::Int(e.offset)),
    ];
    if let Some(k) = e.key.as_deref().and_then(|k| std::str::from_utf8(k).ok()) {
        a.push(("messaging.kafka.message.key", s(k)));
    }
    if let Some(id) = header(e, "eventId")
        .map(str::to_string)
        .or_else(|| field(e, "eventId"))
    {
        a.push(("messaging.message.id", AttrValue::Str(id)));
    }
    let conversation = match t.target.kind {
        IdKind::Correlation => Some(t.target.id.clone()),
        _ => header(e, "correlationId")
            .map(str::to_string)
            .or_else(|| field(e, "correlationId")),
    };
    if let Some(c) = conversation {
        a.push(("messaging.message.conversation_id", AttrValue::Str(c)));
    }
    a.push(("evctl.event_type", s(&e.event_type)));
    if let Some(reason) = &e.dlq_error {
        a.push(("dlq.error", s(reason)));
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::trace::tests::trace;

    fn event(topic: &str, offset: i64, ts: Option<i64>, headers: &[(&str, &str)]) -> TraceEvent {
        TraceEvent {
            topic: topic.into(),
            partition: 2,
            offset,
            timestamp: ts,
            key: Some(b"o-1".to_vec()),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), Some(v.as_bytes().to_vec())))
                .collect(),
            value: Some(br#"{"eventId":"e-9","correlationId":"o-1"}"#.to_vec()),
            value_error: None,
            event_type: topic.into(),
            source: Some("order-service".into()),
            dlq_error: None,
            signature: None,
        }
    }

    #[test]
    fn spans_chain_hop_to_hop_with_stable_ids() {
        let mut dead = event(
            "payment.requested.dlq",
            3,
            Some(1_300),
            &[("dlq.error", "timed out")],
        );
        dead.dlq_error = Some("timed out".into());
        let t = trace(vec![
            event("order.created", 10, Some(1_000), &[]),
            event("payment.requested", 7, Some(1_120), &[]),
            dead,
        ]);
        let s = spans(&t);
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].parent, None);
        assert_eq!(s[1].parent, Some(s[0].span_id));
        assert_eq!(s[2].parent, Some(s[1].span_id));
        assert_eq!((s[0].start_ms, s[0].end_ms), (1_000, 1_120));
        assert_eq!((s[2].start_ms, s[2].end_ms), (1_300, 1_300));
        assert_eq!(s[1].name, "send payment.requested");
        assert_eq!(s[2].error.as_deref(), Some("timed out"));
        assert!(s[2]
            .attributes
            .contains(&("dlq.error", AttrValue::Str("timed out".into()))));
        assert!(s[0]
            .attributes
            .contains(&("messaging.kafka.offset", AttrValue::Int(10))));
        assert!(s[0]
            .attributes
            .contains(&("messaging.message.id", AttrValue::Str("e-9".into()))));
        assert!(s[0].attributes.contains(&(
            "messaging.message.conversation_id",
            AttrValue::Str("o-1".into())
        )));
        // the same export twice: the same ids; another id: another trace
        assert_eq!(spans(&t), s);
        let mut other = t.clone();
        other.target.id = "o-2".into();
        assert_ne!(spans(&other)[0].trace_id, s[0].trace_id);
        let ids: std::collections::HashSet<_> = s.iter().map(|x| x.span_id).collect();
        assert_eq!(ids.len(), 3);
    }

    #[test]
    fn a_traceparent_gives_the_trace_id_and_missing_times_borrow_the_previous() {
        let tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        let t = trace(vec![
            event("a", 1, Some(500), &[("traceparent", tp)]),
            event("b", 2, None, &[]),
        ]);
        let s = spans(&t);
        assert_eq!(hex(&s[0].trace_id), "4bf92f3577b34da6a3ce929d0e0e4736");
        assert_eq!((s[1].start_ms, s[1].end_ms), (500, 500));
        // a malformed or all-zero traceparent falls back to the derived id
        let zero = "00-00000000000000000000000000000000-00f067aa0ba902b7-01";
        let t = trace(vec![event("a", 1, Some(1), &[("traceparent", zero)])]);
        assert_ne!(
            hex(&spans(&t)[0].trace_id),
            "00000000000000000000000000000000"
        );
    }
}
