//! `evctl dlq` flows, run on the embedded broker and on the real one.

use std::collections::HashMap;
use std::time::Duration;

use base64::Engine;
use serde_json::{json, Value};

use super::{unsafe_kill, wait_with_timeout, Target};

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// One envelope line for `produce --input envelope`.
fn envelope(key: &str, headers: Value, value: Value) -> String {
    json!({"key": key, "headers": headers, "value": value}).to_string() + "\n"
}

/// `dlq replay` with args, `-o json`: its report.
pub fn replay(t: &Target, args: &[&str]) -> Value {
    let out = t
        .cmd()
        .args(["dlq", "replay"])
        .args(args)
        .args(["-o", "json", "-q"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "dlq replay {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Topics `orig` (2 partitions), `<dlq>` (2), `dlq` named `<orig>.dlq`: each provenance
/// convention, Spring's binary numbers included; dry run writes nothing; filters; loop guard;
/// binary (Avro-framed) values arrive byte for byte; a second run adds nothing.
pub fn conventions(t: &Target, orig: &str, dlq: &str, other: &str) {
    let part = b64(&1i32.to_be_bytes());
    let off = b64(&77i64.to_be_bytes());
    let framed = b64(&[0, 0, 0, 0, 7, 2, 0x61, 0xff]);
    let mut input = String::new();
    input += &envelope(
        "k-1",
        json!({"source": "svc", "correlationId": "c-1", "dlq.original.topic": orig, "dlq.original.partition": "0",
               "dlq.original.offset": "5", "dlq.error": "payment gateway timed out", "dlq.attempts": "4"}),
        json!({"n": 1}),
    );
    input += &envelope(
        "k-2",
        json!({"kafka_dlt-original-topic": other, "kafka_dlt-original-partition": {"base64": part},
               "kafka_dlt-original-offset": {"base64": off}, "kafka_dlt-exception-message": "NPE in listener"}),
        json!({"n": 2}),
    );
    input += &envelope(
        "k-3",
        json!({"__connect.errors.topic": orig, "__connect.errors.partition": "1",
               "__connect.errors.offset": "9", "__connect.errors.exception.message": "converter failed"}),
        json!({"n": 3}),
    );
    // no provenance: back to the DLQ's name without its suffix
    input += &envelope(
        "k-4",
        json!({"dlq.error": "timed out again"}),
        json!({"n": 4}),
    );
    // replayed three times already: the loop guard refuses it
    input += &envelope(
        "k-5",
        json!({"dlq.original.topic": orig, "replay.count": "3"}),
        json!({"n": 5}),
    );
    // binary (an Avro-framed datum): byte for byte
    input += &(json!({"key": "k-6", "headers": {"dlq.original.topic": orig}, "value": framed, "value_encoding": "base64"}).to_string() + "\n");
    t.produce(dlq, &input, &["--input", "envelope"]);

    // dry run: the plan, nothing written, nothing committed
    let plan = replay(t, &[dlq, "--dry-run"]);
    assert_eq!(plan["dry_run"], true);
    assert_eq!(plan["replayed"], 5, "{plan}");
    assert_eq!(plan["refused_by_loop_guard"], 1);
    assert_eq!(plan["per_destination"][orig], 4, "{plan}");
    assert_eq!(plan["per_destination"][other], 1);
    assert!(t.consume_jsonl(&[orig]).is_empty());

    // a filtered replay (its own progress group) sends only what matches
    let only = replay(t, &[dlq, "--error", "NPE"]);
    assert_eq!(only["replayed"], 1, "{only}");
    assert_eq!(only["skipped_by_filter"], 5);
    let sent_other = t.consume_jsonl(&[other]);
    assert_eq!(sent_other.len(), 1);
    assert_eq!(sent_other[0]["key"], "k-2");
    assert!(sent_other[0]["headers"]
        .get("kafka_dlt-original-topic")
        .is_none());
    assert_eq!(sent_other[0]["headers"]["replay.count"], "1");
    let of = sent_other[0]["headers"]["replay.of"].as_str().unwrap();
    assert!(of.starts_with(&format!("{dlq}/")), "{of}");

    // the full replay: what the filtered one sent is found in its destination, not sent again
    let all = replay(t, &[dlq]);
    assert_eq!(all["replayed"], 4, "{all}");
    assert_eq!(all["already_replayed"], 1, "{all}");
    assert_eq!(all["refused_by_loop_guard"], 1);
    let back = t.consume_jsonl(&[orig]);
    assert_eq!(back.len(), 4, "{back:?}");
    let by_key: HashMap<String, &Value> = back
        .iter()
        .map(|e| (e["key"].as_str().unwrap().to_string(), e))
        .collect();
    let k1 = by_key["k-1"];
    assert_eq!(k1["value"], json!({"n": 1}));
    assert_eq!(k1["headers"]["source"], "svc");
    assert_eq!(k1["headers"]["correlationId"], "c-1");
    assert!(k1["headers"]
        .as_object()
        .unwrap()
        .keys()
        .all(|k| !k.starts_with("dlq.")));
    assert_eq!(by_key["k-3"]["value"], json!({"n": 3}));
    assert_eq!(
        by_key["k-6"]["value"], framed,
        "binary values arrive byte for byte"
    );
    assert_eq!(by_key["k-6"]["value_encoding"], "base64");
    // the Spring record went to its own topic once
    assert_eq!(t.consume_jsonl(&[other]).len(), 1);
    // a second full run adds nothing
    let again = replay(t, &[dlq]);
    assert_eq!(again["replayed"], 0, "{again}");
    assert_eq!(t.consume_jsonl(&[orig]).len(), 4);
}

/// How many records a topic holds (its offsets).
fn messages(t: &Target, topic: &str) -> i64 {
    let out = t
        .cmd()
        .args(["topics", "describe", topic, "-o", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["messages"].as_i64().unwrap()
}

/// `dlq` holds `n` records for `dest`; a replay is SIGKILLed at several moments, then run to
/// the end: every record arrived exactly once, keys and headers intact; a second run adds none.
pub fn killed_and_resumed(t: &Target, dest: &str, dlq: &str, n: usize) {
    let input: String = (0..n)
        .map(|i| {
            envelope(
                &format!("k-{i}"),
                json!({"dlq.original.topic": dest, "dlq.error": "boom", "eventId": format!("e-{i}")}),
                json!({"i": i}),
            )
        })
        .collect();
    t.produce(dlq, &input, &["--input", "envelope"]);
    // three runs, each stopped once it has sent more (throttled so it lands mid-replay): the
    // first by Ctrl-C (a clean stop: exit 130), the others by SIGKILL
    let mut before = 0;
    for round in 0..3 {
        let mut child = t
            .std_cmd()
            .args(["dlq", "replay", dlq, "-q", "--rate", "20000"])
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let start = std::time::Instant::now();
        let mut now = before;
        while now <= before && start.elapsed() < Duration::from_secs(30) {
            std::thread::sleep(Duration::from_millis(100));
            now = messages(t, dest);
        }
        let signal = if round == 0 { 2 } else { 9 };
        unsafe_kill(child.id(), signal);
        let status = wait_with_timeout(&mut child, Duration::from_secs(30)).expect("stopped");
        if signal == 2 {
            // cut short is not finished: it exited 0 like a finished replay
            assert_eq!(status.code(), Some(130), "{status:?}");
        }
        let after = messages(t, dest);
        assert!(after > before, "the run sent nothing before it was killed");
        assert!(after < n as i64, "the run finished before it was killed");
        before = after;
    }
    let last = replay(t, &[dlq]);
    let arrived = t.consume_jsonl(&[dest]);
    let mut seen: HashMap<String, usize> = HashMap::new();
    for e in &arrived {
        let of = e["headers"]["replay.of"].as_str().unwrap().to_string();
        *seen.entry(of).or_default() += 1;
        let i = e["value"]["i"].as_u64().unwrap();
        assert_eq!(e["key"], format!("k-{i}"));
        assert_eq!(e["headers"]["eventId"], format!("e-{i}"));
    }
    let twice: Vec<_> = seen.iter().filter(|(_, c)| **c > 1).collect();
    assert!(
        twice.is_empty(),
        "replayed twice: {:?} (last run: {last})",
        &twice[..twice.len().min(5)]
    );
    assert_eq!(arrived.len(), n, "none lost (last run: {last})");
    let again = replay(t, &[dlq]);
    assert_eq!(again["replayed"], 0, "{again}");
}
