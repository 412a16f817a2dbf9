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

/// A `consume -f -v` child with `args`, once it has said it caught up (what is produced
/// after is new): the child (killed on drop), its stdout lines and its stderr lines.
fn following(t: &Target, args: &[&str]) -> (super::KillOnDrop, super::Lines, super::Lines) {
    let mut child = super::KillOnDrop::new(
        t.std_cmd()
            .arg("consume")
            .args(args)
            .args(["-f", "-o", "raw", "-v"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn consume -f"),
    );
    let c = child.0.as_mut().unwrap();
    let mut err = super::Lines::of(c.stderr.take().unwrap());
    let out = super::Lines::of(c.stdout.take().unwrap());
    err.wait_for(
        |l| l.contains("caught up with every partition"),
        Duration::from_secs(20),
    );
    (child, out, err)
}

/// Topic with 1 partition: -f prints records as they arrive and stops cleanly on SIGTERM.
pub fn follow(t: &Target, topic: &str) {
    let (mut child, mut out, _err) = following(t, &[topic, "--from", "end"]);
    t.produce(topic, "one\ntwo\nthree\n", &[]);
    let lines: Vec<String> = (0..3)
        .map_while(|_| out.next(Duration::from_secs(20)))
        .collect();
    assert_eq!(lines, vec!["one", "two", "three"]);
    let mut c = child.take();
    unsafe_kill(c.id(), 15);
    let status =
        wait_with_timeout(&mut c, Duration::from_secs(10)).expect("consume -f stops on SIGTERM");
    // stopped by a signal after finishing cleanly: 130, as every command
    assert_eq!(status.code(), Some(130), "{status:?}");
}

/// An existing empty topic: a bounded read ends at once with nothing.
pub fn empty_topic(t: &Target, topic: &str) {
    let start = Instant::now();
    assert!(t.consume_jsonl(&[topic]).is_empty());
    assert!(start.elapsed() < Duration::from_secs(5));
}

/// Topic with 2 partitions: Ctrl-C while produce waits on a quiet stdin (the writer keeps it
/// open) ends it within seconds with exit 130, every complete line delivered and reported, the
/// incomplete last line named and not sent; both the keyless (batched) and the keyed path.
pub fn interrupted_produce(t: &Target, topic: &str) {
    for (round, args) in [(0, &[][..]), (1, &["-k", "k-1"][..])] {
        let mut child = t
            .std_cmd()
            .args(["produce", topic, "-q"])
            .args(args)
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn produce");
        let mut stdin = child.stdin.take().unwrap();
        let lines: String = (0..300).map(|i| format!("r{round}-{i}\n")).collect();
        std::io::Write::write_all(&mut stdin, lines.as_bytes()).unwrap();
        std::io::Write::write_all(&mut stdin, b"half a line").unwrap();
        std::io::Write::flush(&mut stdin).unwrap();
        // the quiet stdin sends what was read: once it is there, the half line is read too
        t.wait_for_records(topic, 300 * (round + 1), Duration::from_secs(20));
        let sent = Instant::now();
        unsafe_kill(child.id(), 2);
        let status = wait_with_timeout(&mut child, Duration::from_secs(10))
            .expect("produce stops on SIGINT while stdin is open");
        assert!(sent.elapsed() < Duration::from_secs(10));
        drop(stdin);
        let mut err = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
        assert_eq!(status.code(), Some(130), "{err}");
        assert!(
            err.contains(&format!(
                "interrupted: 300 records delivered to {topic}; stdin was read up to line 300 (line 301 was incomplete and not sent)"
            )),
            "{err}"
        );
    }
    let got = t.consume_jsonl(&[topic]);
    let mut want: Vec<String> = (0..2)
        .flat_map(|r| (0..300).map(move |i| format!("r{r}-{i}")))
        .collect();
    want.sort();
    assert_eq!(values(&got), want);
}

/// Topic with 1 partition: records signed with a held key verify; unsigned ones, ones signed
/// with another key and a forged copy (signature kept, value changed) are marked, in consume
/// and tail; --require-signature ends with exit 2 naming the first such record.
pub fn signed_events(t: &Target, topic: &str) {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("team-a.key");
    let other = dir.path().join("team-b.key");
    std::fs::write(&key, "0123456789abcdef0123456789abcdef\n").unwrap();
    std::fs::write(&other, "a-different-key-of-enough-bytes\n").unwrap();
    let key_s = key.to_str().unwrap();
    let sign = ["-k", "o-1", "-H", "source=test", "--sign-key-file", key_s];
    t.produce(topic, "a\nb\n", &sign);
    t.produce(topic, "plain\n", &["-k", "o-1"]);
    t.produce(
        topic,
        "c\n",
        &["-k", "o-1", "--sign-key-file", other.to_str().unwrap()],
    );
    let signed = t.consume_jsonl(&[topic, "-n", "1"]);
    let mut forged = signed[0].clone();
    forged["value"] = serde_json::json!("evil");
    t.produce(topic, &format!("{forged}\n"), &["--input", "envelope"]);
    let got = t.consume_jsonl(&[topic, "--verify-key-file", key_s]);
    let marks: Vec<&str> = got
        .iter()
        .map(|e| e["signature"].as_str().unwrap())
        .collect();
    assert_eq!(marks, ["verified", "verified", "unsigned", "bad", "bad"]);
    assert!(got[0]["headers"]["evctl-signature"]
        .as_str()
        .unwrap()
        .starts_with("v1;kid="));
    // both keys held (a rotation): the other team's record verifies too
    let both = t.consume_jsonl(&[
        topic,
        "--verify-key-file",
        key_s,
        "--verify-key-file",
        other.to_str().unwrap(),
    ]);
    let marks: Vec<&str> = both
        .iter()
        .map(|e| e["signature"].as_str().unwrap())
        .collect();
    assert_eq!(
        marks,
        ["verified", "verified", "unsigned", "verified", "bad"]
    );
    let out = t
        .cmd()
        .args([
            "tail",
            "--key",
            "o-1",
            "--topics",
            topic,
            "-o",
            "jsonl",
            "--verify-key-file",
            key_s,
        ])
        .output()
        .unwrap();
    let tail_marks: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["signature"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        tail_marks,
        ["verified", "verified", "unsigned", "bad", "bad"]
    );
    let refused = t
        .cmd()
        .args([
            "consume",
            topic,
            "-o",
            "raw",
            "--verify-key-file",
            key_s,
            "--require-signature",
        ])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains(&format!(
            "{topic}/0@2: the record is not signed (--require-signature)"
        )),
        "{err}"
    );
    assert_eq!(String::from_utf8_lossy(&refused.stdout), "a\nb\n");
    assert!(
        !err.contains("0123456789abcdef"),
        "the key was printed: {err}"
    );
}

/// Topic with 1 partition: a line larger than the client's message.max.bytes stops the run
/// with its line number and size, after the lines before it were delivered.
pub fn oversized_record(t: &Target, topic: &str) {
    let big = "x".repeat(1_200_000);
    let input = format!("first\n{big}\nthird\n");
    for (args, size) in [(&[][..], 1_200_000), (&["-k", "k"][..], 1_200_001)] {
        let out = t
            .cmd()
            .args(["produce", topic])
            .args(args)
            .write_stdin(input.clone())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("evctl: stdin: line 2: producing to"), "{err}");
        assert!(
            err.contains(&format!("the record is {size} bytes")),
            "{err}"
        );
        assert!(err.contains("message.max.bytes"), "{err}");
    }
    let got = t.consume_jsonl(&[topic]);
    assert_eq!(values(&got), ["first", "first"]);
}

/// Topic with 1 partition: a read whose broker answers with more than the client's
/// `receive.message.max.bytes` ends at once with exit 2 and the fix (librdkafka alone
/// reconnects and asks again forever), as a plain read and as a group member.
pub fn answer_above_the_receive_limit(t: &Target, topic: &str) {
    let input = format!("{}\n", "x".repeat(5_000)).repeat(3);
    t.produce(topic, &input, &[]);
    let small = [
        "-X",
        "receive.message.max.bytes=2000",
        "-X",
        "fetch.max.bytes=1000",
        "-X",
        "message.max.bytes=1000",
        "-X",
        "max.partition.fetch.bytes=1000",
    ];
    for group in [&[][..], &["-g", "small-frames"][..]] {
        let began = Instant::now();
        let out = t
            .cmd()
            .args(["consume", topic, "-o", "raw"])
            .args(group)
            .args(small)
            .timeout(Duration::from_secs(30))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{group:?}: {err}");
        assert!(
            began.elapsed() < Duration::from_secs(10),
            "{group:?}: {err}"
        );
        assert!(out.stdout.is_empty(), "{group:?}");
        let last = err.lines().last().unwrap_or("");
        assert!(
            last.contains("more than receive.message.max.bytes (2000)")
                && last.contains("-X receive.message.max.bytes=N"),
            "{group:?}: {err}"
        );
    }
}

/// A follow read over `--topic-regex '<prefix>-.*'` takes up a topic created after it
/// began and reads it from its beginning.
pub fn follow_new_topics(t: &Target, prefix: &str) {
    let first = format!("{prefix}-a");
    let second = format!("{prefix}-b");
    let regex = format!("{prefix}-.*");
    let (mut child, mut out, mut err) = following(t, &["--topic-regex", &regex]);
    t.produce(&first, "one\n", &[]);
    let mut want = vec!["one".to_string()];
    if t.real {
        t.cmd()
            .args(["topics", "create", &second, "-p", "1", "-q"])
            .assert()
            .success();
    }
    t.produce(&second, "two\n", &[]);
    want.push("two".into());
    let mut lines = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(40);
    while lines.len() < want.len() && Instant::now() < deadline {
        if let Some(l) = out.next(Duration::from_millis(200)) {
            lines.push(l);
        }
    }
    let mut c = child.take();
    unsafe_kill(c.id(), 15);
    let status = wait_with_timeout(&mut c, Duration::from_secs(10)).expect("stops");
    // what it said after the awaited line, up to its end
    while err.next(Duration::from_millis(500)).is_some() {}
    let err = err.seen.join("\n");
    lines.sort();
    want.sort();
    assert_eq!(lines, want, "{err}");
    assert_eq!(status.code(), Some(130), "{status:?} {err}");
    assert!(err.contains("new partition"), "{err}");
}

/// Topic with 2 partitions: Ctrl-C during a group read commits what was printed and nothing
/// more. The test reads a few lines and then stops reading, so the child is held in a write to
/// a full pipe when the signal comes; what it printed in all and what the group reads next
/// are every record, none twice.
pub fn interrupted_group_consume(t: &Target, topic: &str) {
    const N: usize = 20_000;
    let pad = "x".repeat(100);
    let input: String = (0..N).map(|i| format!("{i:05}-{pad}\n")).collect();
    t.produce(topic, &input, &[]);
    let group = super::unique("sigint-g");
    let mut child = t
        .std_cmd()
        .args(["consume", topic, "-g", &group, "-f", "-o", "raw", "-q"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn consume -g -f");
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut first: Vec<String> = Vec::new();
    let mut line = String::new();
    while first.len() < 100 && reader.read_line(&mut line).unwrap_or(0) > 0 {
        first.push(std::mem::take(&mut line).trim_end().to_string());
    }
    assert_eq!(first.len(), 100, "the group read printed too little");
    // the child fills the pipe (N lines are ~2 MB) and waits to write more
    super::wait_until_blocked_on_a_pipe(child.id(), Duration::from_secs(20));
    unsafe_kill(child.id(), 2);
    first.extend(reader.lines().map_while(Result::ok));
    let (code, err) = super::finish(child, Duration::from_secs(20));
    assert_eq!(code, 130, "{err}");
    assert!(
        first.len() < N,
        "the interrupted read printed all {N} records: the pipe never held it up"
    );
    let rest = t.consume_jsonl(&[topic, "-g", &group]);
    let mut all: Vec<String> = first;
    all.extend(
        rest.iter()
            .map(|e| e["value"].as_str().unwrap().to_string()),
    );
    all.sort();
    let want: Vec<String> = input.lines().map(str::to_string).collect();
    assert_eq!(
        all.len(),
        N,
        "records lost or printed twice across the interruption"
    );
    assert_eq!(all, want);
}
