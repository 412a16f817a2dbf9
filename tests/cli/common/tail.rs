//! `evctl tail` flows, run on the embedded broker and on the real one. The ground truth is
//! computed by the test itself: every record of the topics, read back with `consume`, filtered
//! by the rule tail claims to apply (header or value field equals the id), sorted by time.

use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;

use super::{unsafe_kill, wait_with_timeout, Target};

/// (topic, partition, offset) of an envelope or a trace event.
pub fn place(e: &Value) -> (String, i64, i64) {
    (
        e["topic"].as_str().unwrap_or_default().to_string(),
        e["partition"].as_i64().unwrap_or(-1),
        e["offset"].as_i64().unwrap_or(-1),
    )
}

/// The records of `envs` that carry `id` in a correlation header or the value's
/// correlationId field, in time order (ties by topic, partition, offset).
pub fn expected(envs: &[Value], id: &str) -> Vec<(String, i64, i64)> {
    let mut hits: Vec<&Value> = envs
        .iter()
        .filter(|e| {
            let names = ["correlationId", "correlation-id", "x-correlation-id"];
            let in_header = e["headers"].as_object().is_some_and(|h| {
                h.iter()
                    .any(|(k, v)| names.iter().any(|n| k.eq_ignore_ascii_case(n)) && v == id)
            });
            in_header || e["value"]["correlationId"] == id
        })
        .collect();
    hits.sort_by_key(|e| {
        let (t, p, o) = place(e);
        (e["timestamp"].as_i64().unwrap_or(i64::MIN), t, p, o)
    });
    hits.into_iter().map(place).collect()
}

/// `tail -o json` for these args: the traces, and the exit code.
pub fn traces(t: &Target, args: &[&str]) -> (Vec<Value>, i32) {
    let out = t
        .cmd()
        .arg("tail")
        .args(args)
        .args(["-o", "json"])
        .output()
        .unwrap();
    let code = out.status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 1,
        "tail {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "tail -o json printed {:?}: {e}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    (v.as_array().unwrap().clone(), code)
}

fn events(trace: &Value) -> Vec<(String, i64, i64)> {
    trace["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(place)
        .collect()
}

/// Three JSON topics `a`, `b`, `c.dlq` (any partitions): ids in headers only, in values
/// only, one ending in a DLQ; noise that mentions an id where no id lives; several ids at once;
/// not found exits 1.
pub fn json_topics(t: &Target, a: &str, b: &str, dlq: &str) {
    // noise: other ids, and "h-1" in a field that is not the correlation id
    let mut on_a: String = (0..40)
        .map(|i| {
            format!(
                "{{\"headers\":{{\"correlationId\":\"y-{i}\"}},\"value\":{{\"correlationId\":\"x-{i}\",\"note\":\"h-1 v-1\"}}}}\n"
            )
        })
        .collect();
    on_a.push_str("{\"headers\":{\"correlationId\":\"h-1\"},\"value\":{\"step\":1}}\n");
    on_a.push_str("{\"value\":{\"correlationId\":\"v-1\",\"step\":1}}\n");
    t.produce(a, &on_a, &["--input", "envelope"]);
    t.produce(
        b,
        "{\"headers\":{\"Correlation-Id\":\"h-1\"},\"value\":{\"step\":2}}\n\
         {\"value\":{\"correlationId\":\"v-1\",\"step\":2}}\n",
        &["--input", "envelope"],
    );
    t.produce(
        dlq,
        "{\"correlationId\":\"v-1\",\"step\":3}\n",
        &["-H", "dlq.error=payment gateway timed out"],
    );
    let topics = format!("{a},{b},{dlq}");
    let all = t.consume_jsonl(&[a, b, dlq]);
    let (got, code) = traces(
        t,
        &[
            "--topics",
            &topics,
            "--since",
            "start",
            "--correlation-id",
            "h-1",
            "--correlation-id",
            "v-1",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(got.len(), 2);
    for (trace, id) in got.iter().zip(["h-1", "v-1"]) {
        assert_eq!(trace["id"], id);
        assert_eq!(events(trace), expected(&all, id), "{id}");
    }
    assert_eq!(events(&got[0]).len(), 2);
    assert_eq!(events(&got[1]).len(), 3);
    assert_eq!(got[1]["ended_in"]["kind"], "dead_letter");
    assert_eq!(got[1]["ended_in"]["error"], "payment gateway timed out");
    assert_eq!(got[1]["hops"].as_array().unwrap().len(), 2);
    // the text timeline says where it stopped; a missing id exits 1 and is named
    let out = t
        .cmd()
        .args(["tail", "--topics", &topics, "--since", "start"])
        .args(["--correlation-id", "v-1", "--correlation-id", "nobody"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("v-1 (correlation id): 3 events"), "{text}");
    assert!(
        text.contains(&format!(
            "ended in the dead-letter topic {dlq}: payment gateway timed out"
        )),
        "{text}"
    );
    assert!(
        text.contains("nobody (correlation id): not found in 3 topics"),
        "{text}"
    );
    // --key follows a key
    t.produce(b, "{\"k\":1}\n", &["-k", "order-9"]);
    let (got, code) = traces(
        t,
        &["--topics", &topics, "--since", "start", "--key", "order-9"],
    );
    assert_eq!(code, 0);
    assert_eq!(events(&got[0]).len(), 1);
}

/// Topic `topic` (1 partition): `tail -f` prints what was there, then a record produced after
/// it started, within seconds.
pub fn follow(t: &Target, topic: &str) {
    t.produce(topic, "{\"correlationId\":\"f-1\",\"n\":1}\n", &[]);
    let mut child = t
        .std_cmd()
        .args(["tail", "-f", "--topics", topic, "--since", "start"])
        .args(["--correlation-id", "f-1", "-o", "jsonl", "--timeout", "60s"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn tail -f");
    let mut out = super::Lines::of(child.stdout.take().unwrap());
    let first = out.next(Duration::from_secs(20)).expect("the history line");
    assert!(first.contains("\"n\":1"), "{first}");
    t.produce(
        topic,
        "{\"correlationId\":\"other\"}\n{\"correlationId\":\"f-1\",\"n\":2}\n",
        &[],
    );
    let second = out.next(Duration::from_secs(20));
    unsafe_kill(child.id(), 15);
    let status =
        wait_with_timeout(&mut child, Duration::from_secs(10)).expect("tail -f stops on SIGTERM");
    let second = second.expect("the live line");
    assert!(second.contains("\"n\":2"), "{second}");
    // stopped by a signal after finishing cleanly: 130, as every command
    assert_eq!(status.code(), Some(130), "{status:?}");
}

/// Keyed records written by evctl and by Python's confluent-kafka, each with librdkafka's
/// default partitioner (crc32) and with murmur2 (as Java's): `tail --key` reads at most 2 of the
/// topic's 12 partitions per key and finds every one; a record put by hand on another partition
/// is missed with the `--all-partitions` hint, and found with it.
pub fn key_routing(t: &Target, topic: &str) {
    let lines = |prefix: &str| -> String {
        (0..20)
            .map(|i| {
                format!("{{\"orderId\":\"{prefix}-{i}\",\"correlationId\":\"{prefix}-{i}\"}}\n")
            })
            .collect()
    };
    let keyed = ["--input", "json", "--key-field", "orderId"];
    t.produce(topic, &lines("ev-crc"), &keyed);
    let murmur = [&keyed[..], &["-X", "partitioner=murmur2_random"]].concat();
    t.produce(topic, &lines("ev-mm"), &murmur);
    python_produce(&t.brokers, topic);
    for key in ["ev-crc-3", "ev-mm-4", "py-crc-5", "py-mm-6", "py-mm-17"] {
        let (parts, found) = routed_tail(t, &["--key", key, "--topics", topic]);
        assert!(!parts.is_empty() && parts.len() <= 2, "{key}: {parts:?}");
        assert_eq!(found.len(), 1, "{key}: {found:?}");
        assert!(
            parts.contains(&found[0].1),
            "{key} in {found:?}, read {parts:?}"
        );
    }
    let (_, both) = routed_tail(
        t,
        &["--key", "ev-mm-1", "--key", "py-crc-2", "--topics", topic],
    );
    assert_eq!(both.len(), 2, "{both:?}");
    let (_, by_id) = routed_tail(
        t,
        &[
            "--correlation-id",
            "py-mm-8",
            "--id-is-key",
            "--topics",
            topic,
        ],
    );
    assert_eq!(by_id.len(), 1, "{by_id:?}");
    misplaced_key(t, topic);
}

/// Produces `py-crc-N` with the Python client's default partitioner and `py-mm-N` with murmur2.
fn python_produce(brokers: &str, topic: &str) {
    let script = r#"
import json, sys
from confluent_kafka import Producer
brokers, topic = sys.argv[1], sys.argv[2]
for prefix, conf in (("py-crc", {}), ("py-mm", {"partitioner": "murmur2_random"})):
    p = Producer({"bootstrap.servers": brokers, **conf})
    for i in range(20):
        k = f"{prefix}-{i}"
        p.produce(topic, key=k, value=json.dumps({"orderId": k, "correlationId": k}))
    assert p.flush(30) == 0
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script, brokers, topic])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python3 with confluent-kafka is required (scripts/install-test-deps.sh): {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `tail --since start` with args: the partitions it says it reads, and every event found as
/// (id, partition).
fn routed_tail(t: &Target, args: &[&str]) -> (Vec<i64>, Vec<(String, i64)>) {
    let out = t
        .cmd()
        .args(["tail", "--since", "start", "-o", "json"])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
    let parts = said_partitions(&String::from_utf8_lossy(&out.stderr));
    let traces: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = traces
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|tr| {
            let id = tr["id"].as_str().unwrap_or_default().to_string();
            tr["events"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |e| (id.clone(), e["partition"].as_i64().unwrap()))
        })
        .collect();
    (parts, found)
}

/// A record sent to a partition its key does not hash to: missed by the routed read (exit 1,
/// the hint), found by `--all-partitions`.
fn misplaced_key(t: &Target, topic: &str) {
    let tail = |extra: &[&str]| {
        t.cmd()
            .args([
                "tail", "--since", "start", "--topics", topic, "--key", "lost",
            ])
            .args(extra)
            .output()
            .unwrap()
    };
    let before = tail(&[]);
    assert_eq!(before.status.code(), Some(1), "{before:?}");
    let read = said_partitions(&String::from_utf8_lossy(&before.stderr));
    let elsewhere = (0..12).find(|p| !read.contains(p)).unwrap().to_string();
    t.produce(
        topic,
        "{\"correlationId\":\"x\"}\n",
        &["-k", "lost", "-p", &elsewhere],
    );
    let missed = tail(&[]);
    let text = String::from_utf8_lossy(&missed.stdout);
    assert_eq!(missed.status.code(), Some(1), "{missed:?}");
    assert!(text.contains("try --all-partitions"), "{text}");
    let all = tail(&["--all-partitions"]);
    assert_eq!(all.status.code(), Some(0), "{all:?}");
    assert!(!String::from_utf8_lossy(&all.stderr).contains("reading partitions"));
}

/// The partitions a routed tail says on stderr it reads.
fn said_partitions(stderr: &str) -> Vec<i64> {
    let line = stderr
        .lines()
        .find_map(|l| l.split("reading partitions ").nth(1))
        .unwrap_or_else(|| panic!("no partitions said: {stderr}"));
    line.split(" of ")
        .next()
        .unwrap()
        .split(", ")
        .map(|p| p.parse().unwrap())
        .collect()
}
