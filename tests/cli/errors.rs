//! The error matrix of issue #2: each bad input ends with exit 2 and a one-line error that
//! names the input, quickly.

use crate::common;

use std::time::{Duration, Instant};

use common::{evctl, Target};
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

#[test]
fn refused_broker_fails_fast_naming_the_address() {
    let start = Instant::now();
    evctl()
        .args(["consume", "orders", "-b", "127.0.0.1:1"])
        .assert()
        .code(2)
        .stderr(contains("cannot reach broker 127.0.0.1:1").and(contains("refused")));
    assert!(start.elapsed() < Duration::from_secs(10));
}

#[test]
fn silent_broker_fails_within_ten_seconds() {
    // accepts TCP connections (kernel backlog) but never answers
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let start = Instant::now();
    evctl()
        .args(["produce", "orders", "-b", &addr])
        .write_stdin("x\n")
        .assert()
        .code(2)
        .stderr(contains(format!("cannot reach broker {addr}")));
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    drop(listener);
}

#[test]
fn consume_of_a_missing_topic_names_it_and_creates_nothing() {
    let t = Target::embedded(&[("exists", 1)]);
    t.cmd()
        .args(["consume", "ghost"])
        .assert()
        .code(2)
        .stderr(contains("topic 'ghost' does not exist"));
    let list = t
        .cmd()
        .args(["topics", "list"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(!String::from_utf8_lossy(&list).contains("ghost"));
}

#[test]
fn malformed_properties_are_rejected() {
    evctl()
        .args(["consume", "t", "-b", "127.0.0.1:1", "-X", "novalue"])
        .assert()
        .code(2)
        .stderr(contains("'novalue' is not key=value"));
    evctl()
        .args([
            "consume",
            "t",
            "-b",
            "127.0.0.1:1",
            "-X",
            "no.such.property=1",
        ])
        .assert()
        .code(2)
        .stderr(contains("invalid client property no.such.property"));
}

#[test]
fn invalid_from_shows_the_grammar() {
    evctl()
        .args(["consume", "t", "-b", "127.0.0.1:1", "--from", "yesterday"])
        .assert()
        .code(2)
        .stderr(
            contains("--from: invalid offset 'yesterday'")
                .and(contains("expected start | end | <offset>")),
        );
    evctl()
        .args(["consume", "t", "-b", "127.0.0.1:1", "--until", "-4"])
        .assert()
        .code(2)
        .stderr(contains("--until"));
}

#[test]
fn bad_json_line_stops_after_delivering_earlier_lines() {
    let t = Target::embedded(&[("j", 1)]);
    t.cmd()
        .args(["produce", "j", "--input", "json"])
        .write_stdin("{\"a\":1}\n{\"a\":2}\n{broken\n{\"a\":4}\n")
        .assert()
        .code(2)
        .stderr(contains("stdin: line 3: invalid JSON").and(contains("produced 2 records")));
    assert_eq!(t.consume_jsonl(&["j"]).len(), 2);
    t.cmd()
        .args(["produce", "j", "--input", "envelope"])
        .write_stdin("{\"value\":\"ok\"}\n{\"headers\":{\"x\":[[1]]}}\n")
        .assert()
        .code(2)
        .stderr(contains("line 2: headers.x"));
}

#[test]
fn missing_broker_explains_the_options() {
    evctl()
        .args(["consume", "t"])
        .assert()
        .code(2)
        .stderr(contains("no broker given").and(contains("evctl dev broker")));
}

#[test]
fn secrets_never_reach_the_terminal() {
    let out = evctl()
        .args([
            "consume",
            "t",
            "-b",
            "127.0.0.1:1",
            "-v",
            "-X",
            "sasl.password=hunter2",
            "-X",
            "sasl.username=u",
        ])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!all.contains("hunter2"), "{all}");
    assert!(all.contains("sasl.password=<redacted>"), "{all}");
}

#[test]
fn contexts_come_from_the_config_file() {
    let t = Target::embedded(&[("ctx", 1)]);
    t.produce("ctx", "hello\n", &[]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(
        &path,
        format!("[contexts.local]\nbrokers = \"{}\"\n[contexts.local.properties]\n\"client.id\" = \"from-context\"\n", t.brokers),
    )
    .unwrap();
    let out = evctl()
        .env("EVCTL_CONFIG", &path)
        .args(["consume", "ctx", "--context", "local", "-o", "raw"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(String::from_utf8_lossy(&out), "hello\n");
    evctl()
        .env("EVCTL_CONFIG", &path)
        .args(["consume", "ctx", "--context", "prod"])
        .assert()
        .code(2)
        .stderr(contains("context 'prod' not found").and(contains("local")));
}

#[test]
fn topics_create_on_the_embedded_broker_says_why_at_once() {
    let t = Target::embedded(&[("x", 1)]);
    let start = Instant::now();
    t.cmd()
        .args(["topics", "create", "new-topic", "-p", "3"])
        .assert()
        .code(2)
        .stderr(
            contains("not supported by the embedded broker")
                .and(contains("--topic new-topic --partitions 3")),
        );
    assert!(start.elapsed() < Duration::from_secs(5));
}

#[test]
fn a_write_error_on_stdout_is_exit_2() {
    // (a closed pipe is a normal end: embedded.rs broken_pipe_is_not_an_error)
    let t = Target::embedded(&[("full", 1)]);
    t.produce("full", "a\nb\nc\n", &[]);
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = t
        .std_cmd()
        .args(["consume", "full"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("writing output: No space left on device"),
        "{err}"
    );
}
