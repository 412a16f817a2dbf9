//! End-to-end flows against the embedded broker (`evctl dev broker`), one broker per test.

use crate::common;

use common::{flows, DevBroker, Target};

#[test]
fn lines_keys_headers() {
    let t = Target::embedded(&[("orders", 3)]);
    flows::lines_keys_headers(&t, "orders");
}

#[test]
fn envelope_pipe_round_trips() {
    let t = Target::embedded(&[("src", 4), ("dst", 4)]);
    flows::envelope_pipe(&t, "src", "dst");
}

#[test]
fn offsets_every_form() {
    let t = Target::embedded(&[("one", 1)]);
    flows::offsets(&t, "one");
}

#[test]
fn filters_and_negative_exit() {
    let t = Target::embedded(&[("f", 2)]);
    flows::filters(&t, "f");
}

#[test]
fn group_resumes_from_commits() {
    let t = Target::embedded(&[("g", 2)]);
    flows::group_resume(&t, "g");
}

#[test]
fn follow_streams_and_stops_on_sigterm() {
    let t = Target::embedded(&[("live", 1)]);
    flows::follow(&t, "live");
}

#[test]
fn produce_stops_on_sigint_and_reports_what_it_delivered() {
    let t = Target::embedded(&[("sigint", 2)]);
    flows::interrupted_produce(&t, "sigint");
}

#[test]
fn group_consume_interrupted_commits_what_it_printed() {
    let t = Target::embedded(&[("gsigint", 2)]);
    flows::interrupted_group_consume(&t, "gsigint");
}

#[test]
fn signed_events_verify_and_forgeries_do_not() {
    let t = Target::embedded(&[("signed", 1)]);
    flows::signed_events(&t, "signed");
}

#[test]
fn oversized_record_is_named_by_line_and_size() {
    let t = Target::embedded(&[("big", 1)]);
    flows::oversized_record(&t, "big");
}

#[test]
fn an_answer_above_the_receive_limit_ends_the_read_with_the_fix() {
    let t = Target::embedded(&[("frames", 1)]);
    flows::answer_above_the_receive_limit(&t, "frames");
}

#[test]
fn follow_takes_up_topics_created_after_it_began() {
    let t = Target::embedded(&[("fnew-a", 1)]);
    flows::follow_new_topics(&t, "fnew");
}

#[test]
fn empty_topic_ends_at_once() {
    let t = Target::embedded(&[("empty", 4)]);
    flows::empty_topic(&t, "empty");
}

#[test]
fn dev_broker_prints_json_and_stops_cleanly() {
    let dev = DevBroker::start(&["--topic", "a", "--partitions", "6"]);
    assert!(dev.bootstrap.starts_with("127.0.0.1:"), "{}", dev.bootstrap);
    let out = common::evctl()
        .args([
            "topics",
            "describe",
            "a",
            "-o",
            "json",
            "-b",
            &dev.bootstrap,
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["partitions"].as_array().unwrap().len(), 6);
    assert!(v["configs_error"]
        .as_str()
        .unwrap()
        .contains("DescribeConfigs"));
    let status = dev.stop();
    assert!(status.success(), "{status:?}");
}

#[test]
fn topics_list_and_regex_consume() {
    let t = Target::embedded(&[("orders.created", 2), ("orders.paid", 2), ("other", 2)]);
    t.produce("orders.created", "a\n", &[]);
    t.produce("orders.paid", "b\n", &[]);
    t.produce("other", "c\n", &[]);
    let list = t
        .cmd()
        .args(["topics", "list"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let list = String::from_utf8(list).unwrap();
    assert!(list.starts_with("NAME"), "{list}");
    for name in ["orders.created", "orders.paid", "other"] {
        assert!(list.contains(name), "{list}");
    }
    let got = t.consume_jsonl(&["--topic-regex", r"orders\..*"]);
    assert_eq!(common::values(&got), vec!["a", "b"]);
}

#[test]
fn every_output_format() {
    let t = Target::embedded(&[("fmt", 1)]);
    t.produce("fmt", "{\"a\":1}\n", &["-k", "k", "-H", "h=v"]);
    let run = |args: &[&str]| {
        let out = t
            .cmd()
            .arg("consume")
            .arg("fmt")
            .args(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    };
    assert_eq!(run(&["-o", "raw"]), "{\"a\":1}\n");
    assert_eq!(
        run(&["--format", "%t|%p|%o|%k|%h|%s\\n"]),
        "fmt|0|0|k|h=v|{\"a\":1}\n"
    );
    let json: serde_json::Value = serde_json::from_str(&run(&["-o", "json"])).unwrap();
    assert_eq!(json[0]["value"]["a"], 1);
    let text = run(&["-o", "text"]);
    assert!(
        text.starts_with("fmt/0@0 ") && text.ends_with(" key=k headers={\"h\":\"v\"} {\"a\":1}\n"),
        "{text}"
    );
}

#[test]
fn produce_json_summary_and_partition() {
    let t = Target::embedded(&[("p", 3)]);
    let out = t
        .cmd()
        .args(["produce", "p", "-p", "2", "-o", "json"])
        .write_stdin("x\ny\n")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["records"], 2);
    assert_eq!(v["failed"], 0);
    let got = t.consume_jsonl(&["p"]);
    assert!(got.iter().all(|e| e["partition"] == 2));
    t.cmd()
        .args(["produce", "p", "-p", "7"])
        .write_stdin("x\n")
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "-p 7: topic 'p' has 3 partitions",
        ));
}

#[test]
fn broken_pipe_is_not_an_error() {
    let t = Target::embedded(&[("big", 1)]);
    let input: String = (0..20000).map(|i| format!("line-{i}\n")).collect();
    t.produce("big", &input, &[]);
    // evctl's own exit status, not head's: bash's PIPESTATUS (dash, /bin/sh here, has none)
    let status = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "{} consume big -o raw | head -1 >/dev/null; exit ${{PIPESTATUS[0]}}",
            common::bin()
        ))
        .env("EVCTL_BROKERS", &t.brokers)
        .status()
        .unwrap();
    assert!(status.success(), "evctl exited {status} on a closed pipe");
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "set -o pipefail; {} consume big -o raw | head -1",
            common::bin()
        ))
        .env("EVCTL_BROKERS", &t.brokers)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "line-0\n");
}

#[test]
fn keyless_records_spread_over_partitions_in_order() {
    let t = Target::embedded(&[("spread", 4)]);
    let input: String = (0..5000).map(|i| format!("{i}\n")).collect();
    t.produce("spread", &input, &[]);
    let got = t.consume_jsonl(&["spread"]);
    assert_eq!(got.len(), 5000);
    let mut per_partition = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
    for e in &got {
        let p = e["partition"].as_u64().unwrap() as usize;
        per_partition[p].push(e["value"].as_str().unwrap().parse::<u32>().unwrap());
    }
    for (p, values) in per_partition.iter().enumerate() {
        assert!(!values.is_empty(), "partition {p} got nothing");
        assert!(
            values.windows(2).all(|w| w[0] < w[1]),
            "partition {p} out of order"
        );
    }
}

/// `-v` shows each client's properties as it is made, the user's apart from evctl's
/// defaults (it showed the user's alone), secrets redacted, and how to get librdkafka's
/// debug log.
#[test]
fn verbose_shows_every_client_property_and_where_the_debug_log_is() {
    let t = Target::embedded(&[("verbose-topic", 1)]);
    t.produce("verbose-topic", "a\n", &[]);
    let out = t
        .cmd()
        .args([
            "-v",
            "consume",
            "verbose-topic",
            "-g",
            "g-verbose",
            "-n",
            "1",
            "-o",
            "raw",
        ])
        .args([
            "-X",
            "fetch.wait.max.ms=50",
            "-X",
            "ssl.key.password=hush-hush",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let line = |prefix: &str| {
        err.lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no line {prefix:?} in:\n{err}"))
            .to_string()
    };
    let mine = line("evctl: consumer properties: ");
    assert!(
        mine.contains(&format!("bootstrap.servers={}", t.brokers)),
        "{mine}"
    );
    assert!(
        mine.contains("fetch.wait.max.ms=50") && mine.contains("group.id=g-verbose"),
        "{mine}"
    );
    assert!(mine.contains("ssl.key.password=<redacted>"), "{mine}");
    let defaults = line("evctl: consumer properties (evctl's defaults): ");
    for want in [
        "enable.auto.commit=false",
        "session.timeout.ms=",
        "client.id=evctl",
    ] {
        assert!(defaults.contains(want), "{want} not in {defaults}");
    }
    assert!(
        !defaults.contains("fetch.wait.max.ms"),
        "the user's value is the user's: {defaults}"
    );
    assert!(err.contains("-X debug=broker,topic,msg"), "{err}");
    assert!(!err.contains("hush-hush"), "{err}");
}
