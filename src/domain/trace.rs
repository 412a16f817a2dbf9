//! One business transaction followed across topics (`evctl tail`): the events that carry an id,
//! in time order, the gap between hops, and where the chain ended.
//!
//! Why pure: "where did order C go, and where did it stop" is a rule about records (their
//! timestamps, their topics, a DLQ's error header), and every edge of it (ties, records without
//! timestamps, a chain that ends in a DLQ or is still open) is unit-tested without a broker.

use super::envelope::RecordRef;
use super::topics::dlq_origin;

/// What kind of id a trace follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdKind {
    /// A correlation id, in headers or in the value.
    Correlation,
    /// The record key.
    Key,
    /// The trace id of a W3C `traceparent` header.
    Trace,
}

/// One id to follow.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Target {
    pub kind: IdKind,
    pub id: String,
}

/// One record of a trace, owned (the scan's buffers are reused).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceEvent {
    pub topic: String,
    pub partition: i32,
    pub offset: i64,
    pub timestamp: Option<i64>,
    pub key: Option<Vec<u8>>,
    pub headers: Vec<(String, Option<Vec<u8>>)>,
    /// The value as shown: decoded JSON where it was framed Avro, else the raw bytes.
    pub value: Option<Vec<u8>>,
    pub value_error: Option<String>,
    /// The event's type: an `eventType`/`type` header or value field, else the topic.
    pub event_type: String,
    /// The emitting service: a `source` header or value field.
    pub source: Option<String>,
    /// Set on a dead-letter hop: the recorded reason (`dlq.error` and its Spring/Connect kin),
    /// or "" when the DLQ record says none.
    pub dlq_error: Option<String>,
    /// The signature verdict (verified, unsigned, bad) when signatures are checked.
    pub signature: Option<&'static str>,
}

/// Header names that carry a dead-letter reason, evctl's first.
pub const DLQ_ERROR_HEADERS: [&str; 3] = [
    "dlq.error",
    "kafka_dlt-exception-message",
    "__connect.errors.exception.message",
];

impl TraceEvent {
    /// Owns a record; `value` is what to show for it (decoded or raw).
    pub fn from_record(
        r: &RecordRef<'_>,
        value: Option<&[u8]>,
        json: Option<&serde_json::Value>,
    ) -> Self {
        let text_field = |name: &str| -> Option<String> {
            json.and_then(|j| j.get(name))
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let header = |name: &str| r.header_text(name).map(|c| c.into_owned());
        let event_type = header("eventType")
            .or_else(|| header("type"))
            .or_else(|| text_field("eventType"))
            .or_else(|| text_field("type"))
            .unwrap_or_else(|| r.topic.to_string());
        let source = header("source").or_else(|| text_field("source"));
        let reason = DLQ_ERROR_HEADERS.iter().find_map(|h| header(h));
        let is_dlq = dlq_origin(r.topic).is_some() || reason.is_some();
        Self {
            topic: r.topic.to_string(),
            partition: r.partition,
            offset: r.offset,
            timestamp: r.timestamp,
            key: r.key.map(<[u8]>::to_vec),
            headers: r
                .headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.map(<[u8]>::to_vec)))
                .collect(),
            value: value.map(<[u8]>::to_vec),
            value_error: r.value_error.map(str::to_string),
            event_type,
            source,
            dlq_error: is_dlq.then(|| reason.unwrap_or_default()),
            signature: None,
        }
    }

    /// Lends the event as a record (for the envelope printer); `headers` is scratch space.
    pub fn with_record<R>(&self, f: impl FnOnce(&RecordRef<'_>) -> R) -> R {
        let headers: Vec<(&str, Option<&[u8]>)> = self
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_deref()))
            .collect();
        f(&RecordRef {
            topic: &self.topic,
            partition: self.partition,
            offset: self.offset,
            timestamp: self.timestamp,
            key: self.key.as_deref(),
            value: self.value.as_deref(),
            headers: &headers,
            value_error: self.value_error.as_deref(),
            value_invalid: None,
        })
    }
}

/// Where a chain stopped.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Ending {
    /// Its last event is on a terminal topic (the flow is over).
    Terminal { topic: String },
    /// Its last event is a dead letter.
    DeadLetter { topic: String, error: String },
    /// Neither: still open since its last event.
    Open { topic: String, since: Option<i64> },
}

/// The events of one target, kept in time order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trace {
    pub target: Target,
    pub events: Vec<TraceEvent>,
}

impl Trace {
    pub fn new(target: Target) -> Self {
        Self {
            target,
            events: Vec::new(),
        }
    }

    /// A trace of these events, put in time order.
    pub fn of(target: Target, events: impl IntoIterator<Item = TraceEvent>) -> Self {
        let mut t = Self::new(target);
        for e in events {
            t.insert(e);
        }
        t
    }

    /// Adds an event at its place in time (records without a timestamp go first; ties keep
    /// topic, partition and offset order). Returns its index.
    pub fn insert(&mut self, e: TraceEvent) -> usize {
        let at = self.events.partition_point(|x| order(x) <= order(&e));
        self.events.insert(at, e);
        at
    }

    /// Milliseconds since the previous event, per event (None for the first, or when either
    /// has no timestamp).
    pub fn gaps(&self) -> Vec<Option<i64>> {
        let mut out = Vec::with_capacity(self.events.len());
        for (i, e) in self.events.iter().enumerate() {
            let prev = i.checked_sub(1).map(|p| &self.events[p]);
            out.push(match (prev.and_then(|p| p.timestamp), e.timestamp) {
                (Some(a), Some(b)) => Some(b - a),
                _ => None,
            });
        }
        out
    }

    /// First to last event, in milliseconds.
    pub fn total_ms(&self) -> Option<i64> {
        let first = self.events.iter().find_map(|e| e.timestamp)?;
        let last = self.events.iter().rev().find_map(|e| e.timestamp)?;
        Some(last - first)
    }

    /// Where the chain stopped; `terminal` names the topics where a flow is over.
    pub fn ending(&self, terminal: &[String]) -> Option<Ending> {
        let last = self.events.last()?;
        Some(if let Some(error) = &last.dlq_error {
            Ending::DeadLetter {
                topic: last.topic.clone(),
                error: error.clone(),
            }
        } else if terminal.contains(&last.topic) {
            Ending::Terminal {
                topic: last.topic.clone(),
            }
        } else {
            Ending::Open {
                topic: last.topic.clone(),
                since: last.timestamp,
            }
        })
    }
}

fn order(e: &TraceEvent) -> (i64, &str, i32, i64) {
    (
        e.timestamp.unwrap_or(i64::MIN),
        &e.topic,
        e.partition,
        e.offset,
    )
}

/// The marketplace's last topics: an order is over when it is shipped or cancelled.
pub const DEFAULT_TERMINAL_TOPICS: [&str; 2] = ["order.shipped", "order.cancelled"];

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn event(topic: &str, offset: i64, ts: Option<i64>, headers: &[(&str, &str)]) -> TraceEvent {
        let hs: Vec<(&str, Option<&[u8]>)> = headers
            .iter()
            .map(|(n, v)| (*n, Some(v.as_bytes())))
            .collect();
        let r = RecordRef {
            topic,
            partition: 0,
            offset,
            timestamp: ts,
            key: Some(b"o-1"),
            value: Some(br#"{"source":"svc"}"#),
            headers: &hs,
            value_error: None,
            value_invalid: None,
        };
        let json = serde_json::json!({"source": "svc"});
        TraceEvent::from_record(&r, r.value, Some(&json))
    }

    pub(crate) fn trace(events: Vec<TraceEvent>) -> Trace {
        let target = Target {
            kind: IdKind::Correlation,
            id: "o-1".into(),
        };
        Trace::of(target, events)
    }

    #[test]
    fn events_are_kept_in_time_order_with_gaps() {
        let t = trace(vec![
            event("payment.requested", 0, Some(1_050), &[]),
            event("order.created", 7, Some(1_000), &[]),
            event("order.shipped", 2, Some(1_300), &[]),
        ]);
        let topics: Vec<&str> = t.events.iter().map(|e| e.topic.as_str()).collect();
        assert_eq!(
            topics,
            ["order.created", "payment.requested", "order.shipped"]
        );
        assert_eq!(t.gaps(), vec![None, Some(50), Some(250)]);
        assert_eq!(t.total_ms(), Some(300));
        let terminal: Vec<String> = DEFAULT_TERMINAL_TOPICS.map(String::from).to_vec();
        assert_eq!(
            t.ending(&terminal),
            Some(Ending::Terminal {
                topic: "order.shipped".into()
            })
        );
        assert_eq!(t.events[0].source.as_deref(), Some("svc"));
        assert_eq!(t.events[0].event_type, "order.created");
    }

    #[test]
    fn a_dead_letter_ends_the_chain_with_its_error() {
        let t = trace(vec![
            event("order.created", 0, Some(10), &[]),
            event(
                "payment.requested.dlq",
                0,
                Some(90),
                &[("dlq.error", "payment gateway timed out")],
            ),
        ]);
        assert_eq!(
            t.ending(&[]),
            Some(Ending::DeadLetter {
                topic: "payment.requested.dlq".into(),
                error: "payment gateway timed out".into()
            })
        );
        // a DLQ topic without a reason header is still a dead letter
        let u = trace(vec![event("x.DLT", 0, Some(1), &[])]);
        assert!(
            matches!(u.ending(&[]), Some(Ending::DeadLetter { error, .. }) if error.is_empty())
        );
    }

    #[test]
    fn an_open_chain_says_since_when_and_types_come_from_headers() {
        let t = trace(vec![event(
            "payment.completed",
            3,
            Some(5),
            &[("eventType", "PaymentCompleted")],
        )]);
        assert_eq!(
            t.ending(&[]),
            Some(Ending::Open {
                topic: "payment.completed".into(),
                since: Some(5)
            })
        );
        assert_eq!(t.events[0].event_type, "PaymentCompleted");
        // ties and missing timestamps keep a stable order
        let u = trace(vec![
            event("b", 1, Some(5), &[]),
            event("a", 2, Some(5), &[]),
            event("c", 0, None, &[]),
        ]);
        let topics: Vec<&str> = u.events.iter().map(|e| e.topic.as_str()).collect();
        assert_eq!(topics, ["c", "a", "b"]);
        assert_eq!(u.gaps(), vec![None, None, Some(0)]);
        assert!(Trace::new(u.target.clone()).ending(&[]).is_none());
    }
}
