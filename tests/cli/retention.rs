//! A read whose position the broker deletes (retention; here the embedded broker started with
//! `dev broker --retention-bytes` 5 MiB) used to jump to the end of the partition without a word: librdkafka's
//! default reset, and its warning went straight to stderr past our reporting. Now the read
//! goes on from the earliest record kept and says which partition lost what. The reader is
//! held back (its stdout not read) while records ahead of it are deleted: on the embedded
//! broker by writing 10 MB more, on nisshi by DeleteRecords from Python confluent-kafka.

use crate::common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{finish, unique, Target};

/// Records there when the read starts: the reader holds ~20,000 queued and one fetch (1 MB)
/// ahead of what it printed, so the deletion below is well ahead of it.
const FIRST: i64 = 40_000;
/// On nisshi (no 5 MB cap), more, and the deletion ends this far in.
const FIRST_REAL: i64 = 80_000;
const DELETED_TO: i64 = 70_000;

fn records(from: i64, to: i64) -> String {
    (from..to).map(|i| format!("{i:x<100}\n")).collect()
}

/// Reads the topic (bounded to the FIRST records there at start) while `delete` removes the
/// records ahead of the reader; returns (exit code, stderr, values printed).
fn read_through(
    t: &Target,
    topic: &str,
    first: i64,
    delete: impl FnOnce(),
) -> (i32, String, Vec<i64>) {
    t.produce(topic, &records(0, first), &[]);
    let mut child = t
        .std_cmd()
        .args(["consume", topic, "-o", "raw"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn consume");
    // the pipe fills and the reader waits, with the next records fetched and queued
    common::wait_until_blocked_on_a_pipe(child.id(), Duration::from_secs(30));
    delete();
    let out = child.stdout.take().unwrap();
    let values: Vec<i64> = BufReader::new(out)
        .lines()
        .map(|l| l.unwrap().trim_end_matches('x').parse().unwrap())
        .collect();
    let (code, err) = finish(child, Duration::from_secs(30));
    (code, err, values)
}

/// Printed values run 0, 1, … up to the reader's position, then (where records were kept
/// past the deletion) from `resumed` on: never out of order, never twice.
fn check(
    topic: &str,
    (code, err, values): (i32, String, Vec<i64>),
    first: i64,
    resumed: Option<i64>,
) {
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("{topic}/0: the records from offset"))
            && err.contains("were deleted by the broker (retention) before this read reached them; reading on from the earliest record kept"),
        "{err}"
    );
    assert!(!err.contains("%4|"), "librdkafka printed past evctl: {err}");
    let head = values
        .iter()
        .zip(0..)
        .take_while(|(v, i)| **v == *i)
        .count();
    assert!(
        head > 0 && (head as i64) < first,
        "read {head} before the jump"
    );
    let tail = &values[head..];
    match resumed {
        None => assert!(
            tail.is_empty(),
            "records after the deletion: {:?}",
            &tail[..1]
        ),
        Some(r) => {
            let want: Vec<i64> = (r..first).collect();
            assert_eq!(tail, want.as_slice(), "the records kept after the deletion");
        }
    }
}

/// `--from 100` where the broker kept only later records: the read starts at the earliest
/// kept and says what it skips (it started there without a word).
fn from_before_the_start_is_said(t: &Target, topic: &str) {
    let out = t
        .cmd()
        .args(["consume", topic, "--from", "100", "-n", "2", "-o", "raw"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let low: i64 = err
        .split("before the earliest record kept (")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no warning about --from 100: {err}"));
    assert!(low > 100, "{err}");
    assert!(
        err.contains(&format!(
            "evctl: warning: {topic}/0: --from 100 is before the earliest record kept ({low}): reading from {low}; offsets 100..{} ({} records) are gone",
            low - 1,
            low - 100
        )),
        "{err}"
    );
    let first: i64 = String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .map(|l| l.trim_end_matches('x').parse().unwrap())
        .expect("a record");
    assert_eq!(first, low, "the read starts at the earliest record kept");
}

#[test]
fn a_read_behind_the_embedded_brokers_retention_goes_on_and_says_so() {
    let topic = unique("retention");
    let t = Target::embedded_with(&[(&topic, 1)], &["--retention-bytes", "5242880"]);
    let got = read_through(&t, &topic, FIRST, || {
        // 10 MB more: the broker keeps the newest 5 MiB of the partition
        t.produce(&topic, &records(FIRST, FIRST + 100_000), &[]);
    });
    // everything kept is past the read's captured end: nothing more to print
    check(&topic, got, FIRST, None);
    from_before_the_start_is_said(&t, &topic);
}

#[test]
#[ignore = "needs EVCTL_TEST_BROKERS (a real broker; .ci/run starts nisshi)"]
fn a_read_behind_deleted_records_on_the_real_broker_goes_on_and_says_so() {
    let topic = unique("retention");
    let t = Target::real(&[(&topic, 1)]);
    let script = "import sys\n\
        from confluent_kafka.admin import AdminClient\n\
        from confluent_kafka import TopicPartition\n\
        a = AdminClient({'bootstrap.servers': sys.argv[1]})\n\
        for f in a.delete_records([TopicPartition(sys.argv[2], 0, int(sys.argv[3]))]).values():\n\
        \x20   f.result()\n";
    let got = read_through(&t, &topic, FIRST_REAL, || {
        let out = Command::new("python3")
            .args(["-c", script, &t.brokers, &topic, &DELETED_TO.to_string()])
            .output()
            .expect("python3 with confluent-kafka (scripts/install-deps.sh)");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    });
    check(&topic, got, FIRST_REAL, Some(DELETED_TO));
    from_before_the_start_is_said(&t, &topic);
}
