//! `evctl topics skew`: a producer sending 80% of its records to one partition (one hot key)
//! is flagged, on both brokers; the key that dominates is named.

use crate::common;

use common::{unique, Target};
use serde_json::Value;

fn flow(t: &Target, topic: &str) {
    let hot: String = (0..800)
        .map(|i| format!("{{\"key\":\"hot-key\",\"value\":\"v{i}\"}}\n"))
        .collect();
    t.produce(topic, &hot, &["--input", "envelope", "-p", "0"]);
    for p in 1..4 {
        let spread: String = (0..67)
            .map(|i| format!("{{\"key\":\"k{p}-{i}\",\"value\":\"v\"}}\n"))
            .collect();
        t.produce(
            topic,
            &spread,
            &["--input", "envelope", "-p", &p.to_string()],
        );
    }
    let out = t
        .cmd()
        .args(["topics", "skew", topic, "--window", "5m", "-o", "json"])
        .output()
        .unwrap();
    common::assert_succeeded(&out);
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["records"], 1001);
    let parts = r["partitions"].as_array().unwrap();
    assert_eq!(parts.len(), 4);
    let hot: Vec<i64> = parts
        .iter()
        .filter(|p| p["hot"] == true)
        .map(|p| p["partition"].as_i64().unwrap())
        .collect();
    assert_eq!(hot, [0], "{r}");
    assert_eq!(parts[0]["records"], 800);
    assert_eq!(r["keys"][0]["key"], "hot-key");
    assert_eq!(r["keys"][0]["partitions"], serde_json::json!([0]));
    let text = t
        .cmd()
        .args(["topics", "skew", topic, "--window", "5m"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    let row0 = text
        .lines()
        .find(|l| l.trim_start().starts_with("0 "))
        .unwrap_or_default();
    assert!(row0.contains("HOT"), "{text}");
    t.cmd()
        .args(["topics", "skew", topic, "--window", "5m", "--fail-on-hot"])
        .assert()
        .code(1);
}

#[test]
fn a_hot_partition_is_flagged_on_the_embedded_broker() {
    let topic = unique("skewed");
    let t = Target::embedded(&[(&topic, 4)]);
    flow(&t, &topic);
}

#[test]
#[ignore = "needs EVCTL_TEST_BROKERS (a real broker; .ci/run starts nisshi)"]
fn a_hot_partition_is_flagged_on_the_real_broker() {
    let topic = unique("skewed");
    let t = Target::real(&[(&topic, 4)]);
    flow(&t, &topic);
}
