//! `tail` output: a timeline per id for people, JSONL envelopes and trace objects for scripts.
//!
//! Why here: the same hop line is printed for a finished trace and, in follow mode, the moment
//! a hop arrives; both come from [`hop_line`] so the two views cannot drift.

use serde_json::{json, Map, Value};

use super::cut;
use super::records::push_signature_field;
use crate::domain::envelope::{classify_value, encode_envelope, ValueKind};
use crate::domain::trace::{Ending, IdKind, Trace, TraceEvent};

const RED: &str = "\x1b[31m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";
/// Value fields every event carries: left out of the summary.
const META: [&str; 6] = [
    "eventId",
    "correlationId",
    "timestamp",
    "source",
    "eventType",
    "type",
];
const SUMMARY_WIDTH: usize = 60;

fn kind_name(k: IdKind) -> &'static str {
    match k {
        IdKind::Correlation => "correlation id",
        IdKind::Key => "key",
        IdKind::Trace => "trace id",
    }
}

/// `HH:MM:SS.mmm` (UTC) of a timestamp.
fn clock(ms: Option<i64>) -> String {
    ms.and_then(chrono::DateTime::from_timestamp_millis)
        .map(|t| t.format("%H:%M:%S%.3f").to_string())
        .unwrap_or_else(|| "--:--:--.---".into())
}

fn day(ms: Option<i64>) -> String {
    ms.and_then(chrono::DateTime::from_timestamp_millis)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// `1234` → `1.23s`, `87` → `87ms`.
pub fn duration_ms(ms: i64) -> String {
    if ms.abs() >= 10_000 {
        format!("{:.1}s", ms as f64 / 1000.0)
    } else if ms.abs() >= 1000 {
        format!("{:.2}s", ms as f64 / 1000.0)
    } else {
        format!("{ms}ms")
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(a) => format!("[{}]", a.len()),
        Value::Object(_) => "{…}".into(),
        other => other.to_string(),
    }
}

/// A few of the value's own fields (`orderId=o-1 totalCents=4200 items=[2]`), cut to fit.
pub fn summary(e: &TraceEvent) -> String {
    if let Some(why) = &e.value_error {
        return format!("(undecodable: {why})");
    }
    let Some(v) = e.value.as_deref() else {
        return "(tombstone)".into();
    };
    let text = match classify_value(v) {
        ValueKind::CompactJson | ValueKind::MultilineJson => {
            match serde_json::from_slice::<Value>(v) {
                Ok(Value::Object(m)) => m
                    .iter()
                    .filter(|(k, _)| !META.contains(&k.as_str()))
                    .map(|(k, v)| format!("{k}={}", scalar(v)))
                    .collect::<Vec<_>>()
                    .join(" "),
                Ok(other) => other.to_string(),
                Err(_) => String::from_utf8_lossy(v).into_owned(),
            }
        }
        ValueKind::Text => String::from_utf8_lossy(v).into_owned(),
        ValueKind::Binary => format!("<{} bytes>", v.len()),
    };
    cut(&text, SUMMARY_WIDTH)
}

/// Column widths of a timeline (where, type, source), fitted to its events.
#[derive(Debug, Clone, Copy)]
pub struct Widths {
    at: usize,
    kind: usize,
    source: usize,
}

impl Default for Widths {
    /// For lines printed one at a time (follow mode), before the whole trace is known.
    fn default() -> Self {
        Self {
            at: 28,
            kind: 0,
            source: 18,
        }
    }
}

fn at(e: &TraceEvent) -> String {
    format!("{}[{}]@{}", e.topic, e.partition, e.offset)
}

/// The type column shows only what the topic name does not already say.
fn kind(e: &TraceEvent) -> &str {
    if e.event_type == e.topic {
        ""
    } else {
        &e.event_type
    }
}

impl Widths {
    pub fn of(t: &Trace) -> Self {
        let w = |f: &dyn Fn(&TraceEvent) -> usize| t.events.iter().map(f).max().unwrap_or(0);
        Self {
            at: w(&|e| at(e).chars().count()),
            kind: w(&|e| kind(e).chars().count()),
            source: w(&|e| e.source.as_deref().unwrap_or("-").chars().count()),
        }
    }
}

/// One event of a timeline: time, +gap, where, type (when not the topic's name), source,
/// summary; a DLQ hop shows its error instead (in red on a colour terminal).
pub fn hop_line(e: &TraceEvent, gap: Option<i64>, w: Widths, color: bool) -> String {
    let gap = gap
        .map(|g| format!("+{}", duration_ms(g)))
        .unwrap_or_default();
    let source = e.source.as_deref().unwrap_or("-");
    let tail = match &e.dlq_error {
        Some(err) => format!(
            "DEAD LETTER: {}",
            if err.is_empty() {
                "(no reason given)"
            } else {
                err
            }
        ),
        None => summary(e),
    };
    let tail = match e.signature {
        Some(sig) => format!("[{sig}] {tail}"),
        None => tail,
    };
    let kind = if w.kind == 0 {
        String::new()
    } else {
        format!("{:<width$}  ", kind(e), width = w.kind)
    };
    let line = format!(
        "  {} {gap:>8}  {:<aw$}  {kind}{source:<sw$}  {tail}",
        clock(e.timestamp),
        at(e),
        aw = w.at,
        sw = w.source
    );
    match (&e.dlq_error, color) {
        (Some(_), true) => format!("{RED}{line}{RESET}"),
        _ => line,
    }
}

/// The first line of a timeline.
pub fn header(t: &Trace, color: bool) -> String {
    let first = t.events.first().and_then(|e| e.timestamp);
    let (b, r) = if color { (BOLD, RESET) } else { ("", "") };
    format!(
        "{b}{}{r} ({}): {} event{}, {} (UTC)",
        t.target.id,
        kind_name(t.target.kind),
        t.events.len(),
        if t.events.len() == 1 { "" } else { "s" },
        day(first)
    )
}

/// The closing line: how long the chain took and where it stopped.
pub fn closing(t: &Trace, terminal: &[String]) -> String {
    let total = t.total_ms().map(duration_ms).unwrap_or_else(|| "?".into());
    let hops = t.events.len().saturating_sub(1);
    let end = match t.ending(terminal) {
        Some(Ending::Terminal { topic }) => format!("ended in {topic}"),
        Some(Ending::DeadLetter { topic, error }) if error.is_empty() => {
            format!("ended in the dead-letter topic {topic}")
        }
        Some(Ending::DeadLetter { topic, error }) => {
            format!("ended in the dead-letter topic {topic}: {error}")
        }
        Some(Ending::Open { topic, since }) => {
            format!("still open since {} (last seen in {topic})", clock(since))
        }
        None => "no events".into(),
    };
    format!(
        "  = {total} over {hops} hop{}; {end}",
        if hops == 1 { "" } else { "s" }
    )
}

/// A whole timeline (header, hops, closing line).
pub fn text(t: &Trace, terminal: &[String], color: bool) -> String {
    let mut out = header(t, color);
    out.push('\n');
    let w = Widths::of(t);
    for (e, gap) in t.events.iter().zip(t.gaps()) {
        out.push_str(&hop_line(e, gap, w, color));
        out.push('\n');
    }
    out.push_str(&closing(t, terminal));
    out.push('\n');
    out
}

/// The line for an id that nothing carried; `routed`: only the keys' partitions were read.
pub fn not_found(t: &Trace, topics: usize, routed: bool) -> String {
    let hint = if routed {
        " (read only the partitions its key hashes to: if a topic's partition count changed \
         since the records were written, try --all-partitions)"
    } else {
        ""
    };
    format!(
        "{} ({}): not found in {topics} topic{}{hint}",
        t.target.id,
        kind_name(t.target.kind),
        if topics == 1 { "" } else { "s" }
    )
}

/// What a routed tail reads: each topic's partitions the keys hash to, out of its count;
/// topics that read the same partitions of the same count share a clause.
pub fn partitions_read(read: &[(String, Vec<i32>)], counts: &[(String, usize)]) -> String {
    // (the partitions read, of how many) and the topics of that shape
    type Shape<'a> = (&'a [i32], usize);
    let mut clauses: Vec<(Shape<'_>, Vec<&str>)> = Vec::new();
    for (name, parts) in read {
        let count = counts
            .iter()
            .find(|(n, _)| n == name)
            .map_or(parts.len(), |(_, c)| *c);
        let shape = (parts.as_slice(), count);
        match clauses.iter_mut().find(|(s, _)| *s == shape) {
            Some((_, names)) => names.push(name),
            None => clauses.push((shape, vec![name])),
        }
    }
    let text: Vec<String> = clauses
        .iter()
        .map(|((parts, count), names)| {
            let list: Vec<String> = parts.iter().map(i32::to_string).collect();
            let which = match names.as_slice() {
                [one] => (*one).to_string(),
                many => format!("{} topics", many.len()),
            };
            format!("{} of {count} in {which}", list.join(", "))
        })
        .collect();
    format!(
        "reading partitions {} (where the keys hash by murmur2 and crc32; --all-partitions reads every one)",
        text.join("; ")
    )
}

/// One event as the JSONL envelope `consume` writes.
pub fn envelope(e: &TraceEvent) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    e.with_record(|r| encode_envelope(&mut out, r));
    push_signature_field(&mut out, e.signature);
    out.push(b'\n');
    out
}

fn event_json(e: &TraceEvent) -> Value {
    let env = envelope(e);
    let mut v: Map<String, Value> = serde_json::from_slice(&env).unwrap_or_default();
    v.insert("event_type".into(), json!(e.event_type));
    v.insert("source".into(), json!(e.source));
    if let Some(err) = &e.dlq_error {
        v.insert("dlq_error".into(), json!(err));
    }
    if let Some(sig) = e.signature {
        v.insert("signature".into(), json!(sig));
    }
    Value::Object(v)
}

/// One trace object: events, hops with their latencies, total, and where it ended.
pub fn trace_json(t: &Trace, terminal: &[String]) -> Value {
    let hops: Vec<Value> = t
        .events
        .windows(2)
        .zip(t.gaps().into_iter().skip(1))
        .map(|(pair, gap)| json!({"from": at(&pair[0]), "to": at(&pair[1]), "latency_ms": gap}))
        .collect();
    json!({
        "id": t.target.id,
        "kind": t.target.kind,
        "found": !t.events.is_empty(),
        "events": t.events.iter().map(event_json).collect::<Vec<_>>(),
        "hops": hops,
        "total_ms": t.total_ms(),
        "ended_in": t.ending(terminal),
    })
}

/// Every trace, as one JSON array.
pub fn json(traces: &[Trace], terminal: &[String]) -> String {
    let all: Vec<Value> = traces.iter().map(|t| trace_json(t, terminal)).collect();
    serde_json::to_string_pretty(&all).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::envelope::RecordRef;
    use crate::domain::trace::Target;

    #[test]
    fn partitions_read_groups_topics_of_the_same_shape() {
        let read = vec![
            ("a".to_string(), vec![3, 7]),
            ("b".to_string(), vec![3, 7]),
            ("c".to_string(), vec![0]),
        ];
        let counts = vec![("a".into(), 12), ("b".into(), 12), ("c".into(), 1)];
        let line = partitions_read(&read, &counts);
        assert!(
            line.starts_with("reading partitions 3, 7 of 12 in 2 topics; 0 of 1 in c ("),
            "{line}"
        );
    }

    fn ev(topic: &str, ts: i64, value: &str, headers: &[(&str, &str)]) -> TraceEvent {
        let hs: Vec<(&str, Option<&[u8]>)> = headers
            .iter()
            .map(|(n, v)| (*n, Some(v.as_bytes())))
            .collect();
        let r = RecordRef {
            topic,
            partition: 1,
            offset: 7,
            timestamp: Some(ts),
            key: Some(b"o-1"),
            value: Some(value.as_bytes()),
            headers: &hs,
            value_error: None,
            value_invalid: None,
        };
        let j: Option<Value> = serde_json::from_str(value).ok();
        TraceEvent::from_record(&r, r.value, j.as_ref())
    }

    fn trace() -> Trace {
        let mut t = Trace::new(Target {
            kind: IdKind::Correlation,
            id: "o-1".into(),
        });
        t.insert(ev(
            "order.created",
            1_795_312_637_898,
            r#"{"eventId":"e1","orderId":"o-1","source":"gateway","totalCents":4200,"items":[1,2]}"#,
            &[("correlationId", "o-1")],
        ));
        t.insert(ev(
            "payment.requested.dlq",
            1_795_312_638_010,
            r#"{"orderId":"o-1"}"#,
            &[
                ("dlq.error", "payment gateway timed out"),
                ("source", "payment-service"),
            ],
        ));
        t
    }

    #[test]
    fn a_timeline_shows_gaps_summaries_and_its_dead_letter_end() {
        let out = text(&trace(), &[], false);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "o-1 (correlation id): 2 events, 2026-11-22 (UTC)");
        assert!(lines[1].contains("01:57:17.898"), "{}", lines[1]);
        assert!(lines[1].contains("order.created[1]@7"));
        assert!(lines[1].contains("gateway"));
        assert!(lines[1].ends_with("orderId=o-1 totalCents=4200 items=[2]"));
        assert!(lines[2].contains("+112ms"), "{}", lines[2]);
        assert!(lines[2].ends_with("DEAD LETTER: payment gateway timed out"));
        assert_eq!(
            lines[3],
            "  = 112ms over 1 hop; ended in the dead-letter topic payment.requested.dlq: payment gateway timed out"
        );
        assert!(!out.contains('\x1b'));
        assert!(text(&trace(), &[], true).contains(RED));
    }

    #[test]
    fn json_traces_carry_hops_and_the_ending() {
        let v: Value = serde_json::from_str(&json(&[trace()], &[])).unwrap();
        let t = &v[0];
        assert_eq!(t["id"], "o-1");
        assert_eq!(t["kind"], "correlation");
        assert_eq!(t["found"], true);
        assert_eq!(t["hops"][0]["latency_ms"], 112);
        assert_eq!(t["hops"][0]["to"], "payment.requested.dlq[1]@7");
        assert_eq!(t["ended_in"]["kind"], "dead_letter");
        // events are consume's envelopes, values embedded as JSON
        assert_eq!(t["events"][0]["value"]["totalCents"], 4200);
        assert_eq!(t["events"][0]["headers"]["correlationId"], "o-1");
        assert_eq!(t["events"][1]["dlq_error"], "payment gateway timed out");
    }

    #[test]
    fn summaries_fit_and_durations_read_well() {
        let long = format!(r#"{{"note":"{}"}}"#, "x".repeat(200));
        let s = summary(&ev("t", 0, &long, &[]));
        assert_eq!(s.chars().count(), SUMMARY_WIDTH);
        assert!(s.ends_with('…'));
        assert_eq!(duration_ms(87), "87ms");
        assert_eq!(duration_ms(1234), "1.23s");
        assert_eq!(duration_ms(65_000), "65.0s");
        assert_eq!(summary(&ev("t", 0, "plain text", &[])), "plain text");
    }
}
