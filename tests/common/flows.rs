//! Flows run against both the embedded broker and the real one (EVCTL_TEST_BROKERS).
//! Each takes the topics it uses already created (partitions noted per flow).

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

use super::{unsafe_kill, values, wait_with_timeout, Target};

/// Topic with 3 partitions: keys, headers and values survive; every record arrives once.
pub fn lines_keys_headers(t: &Target, topic: &str) {
    let input: String = (0..300).map(|i| format!("value-{i}\n")).collect();
    t.produce(
        topic,
        &input,
        &["-k", "order-7", "-H", "source=test", "-H", "eventId=e-1"],
    );
    let got = t.consume_jsonl(&[topic]);
    assert_eq!(got.len(), 300);
    let mut want: Vec<String> = (0..300).map(|i| format!("value-{i}")).collect();
    want.sort();
    assert_eq!(values(&got), want);
    for e in &got {
        assert_eq!(e["key"], "order-7");
        assert_eq!(e["headers"]["source"], "test");
        assert_eq!(e["headers"]["eventId"], "e-1");
        assert_eq!(e["topic"], topic);
        assert!(e["timestamp"].as_i64().unwrap_or(0) > 1_600_000_000_000);
    }
    // same key → same partition, in order
    let p = &got[0]["partition"];
    assert!(got.iter().all(|e| &e["partition"] == p));
    let offsets: Vec<i64> = got.iter().map(|e| e["offset"].as_i64().unwrap()).collect();
    assert!(offsets.windows(2).all(|w| w[0] < w[1]));
}

/// Two topics (any partitions): JSON with --key-field, then consume | produce --input envelope
/// copies key, headers and value exactly.
pub fn envelope_pipe(t: &Target, src: &str, dst: &str) {
    let input: String = (0..50)
        .map(|i| format!("{{\"orderId\":\"o-{i}\",\"totalCents\":{}}}\n", i * 100))
        .collect();
    t.produce(
        src,
        &input,
        &[
            "--input",
            "json",
            "--key-field",
            "orderId",
            "-H",
            "traceparent=00-abc",
        ],
    );
    let consumed = t
        .cmd()
        .args(["consume", src, "-o", "jsonl"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    t.cmd()
        .args(["produce", dst, "--input", "envelope", "-q"])
        .write_stdin(consumed)
        .assert()
        .success();
    let a = t.consume_jsonl(&[src]);
    let b = t.consume_jsonl(&[dst]);
    assert_eq!(a.len(), 50);
    assert_eq!(b.len(), 50);
    let strip = |v: &[serde_json::Value]| {
        let mut x: Vec<String> = v
            .iter()
            .map(|e| format!("{}|{}|{}", e["key"], e["headers"], e["value"]))
            .collect();
        x.sort();
        x
    };
    assert_eq!(strip(&a), strip(&b));
    for e in &b {
        assert!(
            e["value"].is_object(),
            "JSON values are embedded as objects: {e}"
        );
        assert_eq!(e["key"], e["value"]["orderId"]);
        assert_eq!(e["topic"], dst);
    }
}

fn offsets_of(envs: &[serde_json::Value]) -> Vec<i64> {
    envs.iter().map(|e| e["offset"].as_i64().unwrap()).collect()
}

/// One-partition topic: every --from/--until form and -n.
pub fn offsets(t: &Target, topic: &str) {
    let input: String = (0..10).map(|i| format!("m{i}\n")).collect();
    t.produce(topic, &input, &["-p", "0"]);
    assert_eq!(
        offsets_of(&t.consume_jsonl(&[topic])),
        (0..10).collect::<Vec<_>>()
    );
    assert_eq!(
        offsets_of(&t.consume_jsonl(&[topic, "--from", "-3"])),
        vec![7, 8, 9]
    );
    assert_eq!(
        offsets_of(&t.consume_jsonl(&[topic, "--from", "+2", "--until", "5"])),
        vec![2, 3, 4]
    );
    assert_eq!(
        offsets_of(&t.consume_jsonl(&[topic, "--from", "8"])),
        vec![8, 9]
    );
    assert_eq!(
        offsets_of(&t.consume_jsonl(&[topic, "-n", "4"])),
        vec![0, 1, 2, 3]
    );
    assert_eq!(
        offsets_of(&t.consume_jsonl(&[topic, "--from", "-100"])).len(),
        10
    );
    let start = Instant::now();
    assert!(t.consume_jsonl(&[topic, "--from", "end"]).is_empty());
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "--from end ends at once"
    );
    assert_eq!(t.consume_jsonl(&[topic, "--from", "@-1h"]).len(), 10);
    assert!(t
        .consume_jsonl(&[topic, "--from", "@2999-01-01T00:00:00Z"])
        .is_empty());
    assert_eq!(
        t.consume_jsonl(&[topic, "--until", "@2999-01-01T00:00:00Z"])
            .len(),
        10
    );
}

/// Topic with 2 partitions: filters by key, header and JSON path; no match exits 1.
pub fn filters(t: &Target, topic: &str) {
    t.produce(
        topic,
        "{\"status\":\"PAID\",\"items\":[{\"productId\":\"p-1\"}]}\n",
        &["--input", "json", "-k", "o-1", "-H", "source=pay"],
    );
    t.produce(
        topic,
        "{\"status\":\"NEW\",\"items\":[{\"productId\":\"p-2\"}]}\n",
        &["--input", "json", "-k", "o-2", "-H", "source=gw"],
    );
    assert_eq!(t.consume_jsonl(&[topic, "--key", "o-1"]).len(), 1);
    assert_eq!(
        t.consume_jsonl(&[topic, "--header", "source=gw"])[0]["key"],
        "o-2"
    );
    let m = t.consume_jsonl(&[
        topic,
        "--match",
        "items[0].productId=p-1",
        "--match",
        "status=PAID",
    ]);
    assert_eq!(m.len(), 1);
    assert_eq!(m[0]["key"], "o-1");
    t.cmd()
        .args(["consume", topic, "--key", "nobody"])
        .assert()
        .code(1)
        .stdout("");
}

/// Topic with 2 partitions: a group resumes where it left off; offsets are committed.
pub fn group_resume(t: &Target, topic: &str) {
    let group = super::unique("g");
    t.produce(topic, "a\nb\nc\nd\ne\n", &[]);
    assert_eq!(t.consume_jsonl(&[topic, "-g", &group]).len(), 5);
    t.produce(topic, "f\ng\nh\n", &[]);
    let second = t.consume_jsonl(&[topic, "-g", &group]);
    assert_eq!(values(&second), vec!["f", "g", "h"]);
    assert!(t.consume_jsonl(&[topic, "-g", &group]).is_empty());
}

/// Topic with 1 partition: -f prints records as they arrive and stops cleanly on SIGTERM.
pub fn follow(t: &Target, topic: &str) {
    let mut child = t
        .std_cmd()
        .args(["consume", topic, "-f", "--from", "end", "-o", "raw"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn consume -f");
    std::thread::sleep(Duration::from_millis(1500));
    t.produce(topic, "one\ntwo\nthree\n", &[]);
    let reader = BufReader::new(child.stdout.take().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for l in reader.lines().map_while(Result::ok) {
            if tx.send(l).is_err() {
                break;
            }
        }
    });
    let mut lines = Vec::new();
    for _ in 0..3 {
        match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(l) => lines.push(l),
            Err(_) => break,
        }
    }
    if lines.len() < 3 {
        let _ = child.kill();
    }
    assert_eq!(lines, vec!["one", "two", "three"]);
    unsafe_kill(child.id(), 15);
    let status = wait_with_timeout(&mut child, Duration::from_secs(10))
        .expect("consume -f stops on SIGTERM");
    assert!(status.success(), "{status:?}");
}

/// An existing empty topic: a bounded read ends at once with nothing.
pub fn empty_topic(t: &Target, topic: &str) {
    let start = Instant::now();
    assert!(t.consume_jsonl(&[topic]).is_empty());
    assert!(start.elapsed() < Duration::from_secs(5));
}
