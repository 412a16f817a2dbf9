//! The same flows against a real Kafka-compatible broker (nisshi in CI), named by
//! EVCTL_TEST_BROKERS. They are ignored by a plain `cargo test`; `.ci/run` runs them with
//! `--include-ignored`, and then a missing EVCTL_TEST_BROKERS fails them.

use crate::common;

use common::{flows, unique, Target};

#[test]
#[ignore = "needs EVCTL_TEST_BROKERS (a real broker; .ci/run starts nisshi)"]
fn real_lines_keys_headers() {
    let topic = unique("lines");
    let t = Target::real(&[(&topic, 3)]);
    flows::lines_keys_headers(&t, &topic);
}

#[test]
#[ignore = "needs EVCTL_TEST_BROKERS (a real broker; .ci/run starts nisshi)"]
fn real_envelope_pipe_round_trips() {
    let (a, b) = (unique("src"), unique("dst"));
    let t = Target::real(&[(&a, 2), (&b, 2)]);
    flows::envelope_pipe(&t, &a, &b);
}

#[test]
#[ignore = "needs EVCTL_TEST_BROKERS (a real broker; .ci/run starts nisshi)"]
fn real_offsets_every_form() {
    let topic = unique("offsets");
    let t = Target::real(&[(&topic, 1)]);
    flows::offsets(&t, &topic);
}

#[test]
#[ignore = "needs EVCTL_TEST_BROKERS (a real broker; .ci/run starts nisshi)"]
fn real_filters_and_negative_exit() {
    let topic = unique("filters");
    let t = Target::real(&[(&topic, 2)]);
    flows::filters(&t, &topic);
}

#[test]
#[ignore = "needs EVCTL_TEST_BROKERS (a real broker; .ci/run starts nisshi)"]
fn real_group_resumes_from_commits() {
    let topic = unique("group");
    let t = Target::real(&[(&topic, 2)]);
    flows::group_resume(&t, &topic);
}

#[test]
#[ignore = "needs EVCTL_TEST_BROKERS (a real broker; .ci/run starts nisshi)"]
fn real_follow_streams_and_stops_on_sigterm() {
    let topic = unique("follow");
    let t = Target::real(&[(&topic, 1)]);
    flows::follow(&t, &topic);
}

#[test]
#[ignore = "needs EVCTL_TEST_BROKERS (a real broker; .ci/run starts nisshi)"]
fn real_produce_stops_on_sigint_and_reports_what_it_delivered() {
    let topic = unique("sigint");
    let t = Target::real(&[(&topic, 2)]);
    flows::interrupted_produce(&t, &topic);
}

#[test]
#[ignore = "needs EVCTL_TEST_BROKERS (a real broker; .ci/run starts nisshi)"]
fn real_group_consume_interrupted_commits_what_it_printed() {
    let topic = unique("gsigint");
    let t = Target::real(&[(&topic, 2)]);
    flows::interrupted_group_consume(&t, &topic);
}

#[test]
#[ignore = "needs EVCTL_TEST_BROKERS (a real broker; .ci/run starts nisshi)"]
fn real_signed_events_verify_and_forgeries_do_not() {
    let topic = unique("signed");
    let t = Target::real(&[(&topic, 1)]);
    flows::signed_events(&t, &topic);
}

#[test]
#[ignore = "needs EVCTL_TEST_BROKERS (a real broker; .ci/run starts nisshi)"]
fn real_oversized_record_is_named_by_line_and_size() {
    let topic = unique("big");
    let t = Target::real(&[(&topic, 1)]);
    flows::oversized_record(&t, &topic);
}

#[test]
#[ignore = "needs EVCTL_TEST_BROKERS (a real broker; .ci/run starts nisshi)"]
fn real_answer_above_the_receive_limit_ends_the_read_with_the_fix() {
    let topic = unique("frames");
    let t = Target::real(&[(&topic, 1)]);
    flows::answer_above_the_receive_limit(&t, &topic);
}

/// (New partitions cannot be tested end to end here: nisshi refuses CreatePartitions and the
/// mock has no way to add them; `scan`'s unit tests cover a plan growing by partitions.)
#[test]
#[ignore = "needs EVCTL_TEST_BROKERS (a real broker; .ci/run starts nisshi)"]
fn real_follow_takes_up_topics_created_after_it_began() {
    let prefix = unique("fnew");
    let first = format!("{prefix}-a");
    let t = Target::real(&[(&first, 1)]);
    flows::follow_new_topics(&t, &prefix);
}

#[test]
#[ignore = "needs EVCTL_TEST_BROKERS (a real broker; .ci/run starts nisshi)"]
fn real_empty_topic_ends_at_once() {
    let topic = unique("empty");
    let t = Target::real(&[(&topic, 3)]);
    flows::empty_topic(&t, &topic);
}

#[test]
#[ignore = "needs EVCTL_TEST_BROKERS (a real broker; .ci/run starts nisshi)"]
fn real_topics_create_describe_delete() {
    let topic = unique("admin");
    let t = Target::real(&[(&topic, 5)]);
    let out = t
        .cmd()
        .args(["topics", "describe", &topic, "-o", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["partitions"].as_array().unwrap().len(), 5);
    let list = t
        .cmd()
        .args(["topics", "list", "-o", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8_lossy(&list).contains(&topic));
    t.cmd()
        .args(["topics", "create", &topic, "-p", "1"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("already exists"));
    t.cmd()
        .args(["topics", "delete", &topic, "-q"])
        .assert()
        .success();
    // create and delete speak JSON too
    let made = unique("admin-json");
    let out = t
        .cmd()
        .args(["topics", "create", &made, "-p", "2", "-o", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"created": made, "partitions": 2, "replication": 1})
    );
    let out = t
        .cmd()
        .args(["topics", "delete", &made, "-o", "json", "-q"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v, serde_json::json!({ "deleted": [made] }));
}
