//! `topics` output: the tables people read and the JSON scripts read, for every subcommand.

use serde_json::{json, Value};

use super::{table, ReportFormat};
use crate::domain::skew::{KeyShare, PartitionShare};
use crate::domain::topics::{TopicDetail, TopicSummary};

fn ids(v: &[i32]) -> String {
    v.iter().map(i32::to_string).collect::<Vec<_>>().join(",")
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}

/// `topics list`.
pub fn list(topics: &[TopicSummary], format: ReportFormat) -> String {
    if format == ReportFormat::Json {
        return pretty(&json!(topics));
    }
    let rows: Vec<Vec<String>> = topics
        .iter()
        .map(|t| {
            vec![
                t.name.clone(),
                t.partitions.to_string(),
                t.replication.to_string(),
            ]
        })
        .collect();
    table(&["NAME", "PARTITIONS", "REPLICAS"], &rows, &[1, 2])
}

fn messages(d: &TopicDetail) -> i64 {
    d.partitions.iter().map(|p| p.high - p.low).sum()
}

/// `topics describe`.
pub fn describe(d: &TopicDetail, format: ReportFormat) -> String {
    let json = format == ReportFormat::Json;
    if json {
        let (configs, configs_error) = match &d.configs {
            Ok(c) => (
                Some(
                    c.iter()
                        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                        .collect::<serde_json::Map<_, _>>(),
                ),
                None,
            ),
            Err(e) => (None, Some(e.clone())),
        };
        return pretty(&json!({
            "name": d.name,
            "partitions": d.partitions,
            "messages": messages(d),
            "configs": configs,
            "configs_error": configs_error,
        }));
    }
    let mut out = format!(
        "topic: {}  partitions: {}  messages: {}\n",
        d.name,
        d.partitions.len(),
        messages(d)
    );
    let rows: Vec<Vec<String>> = d
        .partitions
        .iter()
        .map(|p| {
            vec![
                p.partition.to_string(),
                p.leader.to_string(),
                ids(&p.replicas),
                ids(&p.isr),
                p.low.to_string(),
                p.high.to_string(),
                (p.high - p.low).to_string(),
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            "PARTITION",
            "LEADER",
            "REPLICAS",
            "ISR",
            "LOW",
            "HIGH",
            "MESSAGES",
        ],
        &rows,
        &[0, 1, 4, 5, 6],
    ));
    match &d.configs {
        Ok(c) if c.is_empty() => out.push_str("configs: (all defaults)\n"),
        Ok(c) => {
            out.push_str("configs:\n");
            for (k, v) in c {
                out.push_str(&format!("  {k}={v}\n"));
            }
        }
        Err(e) => out.push_str(&format!("configs: {e}\n")),
    }
    out
}

/// `topics create -o json`: what was made.
pub fn created(topic: &str, partitions: i32, replication: i32) -> String {
    format!(
        "{}\n",
        json!({"created": topic, "partitions": partitions, "replication": replication})
    )
}

/// `topics create` on stderr.
pub fn created_line(topic: &str, partitions: i32, replication: i32) -> String {
    format!("created topic {topic} ({partitions} partitions, replication {replication})")
}

/// `topics delete -o json`: what was removed.
pub fn deleted(topics: &[String]) -> String {
    format!("{}\n", json!({ "deleted": topics }))
}

/// What `topics skew` found.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SkewReport {
    pub topic: String,
    pub window_s: f64,
    pub records: u64,
    pub partitions: Vec<PartitionShare>,
    pub keys: Vec<KeyShare>,
}

fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// `topics skew`: a line, the partitions' table, the keys' table; or the report as JSON.
pub fn skew(r: &SkewReport, format: ReportFormat) -> String {
    if format == ReportFormat::Json {
        return serde_json::to_string_pretty(r).unwrap_or_default() + "\n";
    }
    if r.records == 0 {
        return String::new();
    }
    let rate = |n: u64| format!("{:.1}", n as f64 / r.window_s.max(f64::MIN_POSITIVE));
    let parts: Vec<Vec<String>> = r
        .partitions
        .iter()
        .map(|p| {
            let hot = if p.hot {
                format!("HOT ({:.1}x the others' mean)", p.factor)
            } else {
                String::new()
            };
            vec![
                p.partition.to_string(),
                p.records.to_string(),
                rate(p.records),
                percent(p.share),
                hot,
            ]
        })
        .collect();
    let keys: Vec<Vec<String>> = r
        .keys
        .iter()
        .map(|k| {
            let parts: Vec<String> = k.partitions.iter().map(i32::to_string).collect();
            vec![
                super::cut(&k.key, 40),
                k.records.to_string(),
                percent(k.share),
                parts.join(","),
            ]
        })
        .collect();
    format!(
        "{}: {} records in the last {} over {} partitions ({}/s)\n\n{}\n{}",
        r.topic,
        r.records,
        humantime::format_duration(std::time::Duration::from_secs_f64(r.window_s)),
        r.partitions.len(),
        rate(r.records),
        table(
            &["PARTITION", "RECORDS", "MSG/S", "SHARE", ""],
            &parts,
            &[0, 1, 2, 3]
        ),
        table(&["KEY", "RECORDS", "SHARE", "PARTITION"], &keys, &[1, 2]),
    )
}

/// Nothing was written in the window: a negative result, with what to try.
pub fn skew_empty(topic: &str, window: std::time::Duration) -> String {
    format!(
        "{topic}: no records written in the last {}; try a longer --window",
        humantime::format_duration(window)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::topics::PartitionDetail;

    #[test]
    fn describe_totals_messages_in_both_forms() {
        let d = TopicDetail {
            name: "orders".into(),
            partitions: vec![PartitionDetail {
                partition: 0,
                leader: 1,
                replicas: vec![1, 2],
                isr: vec![1],
                low: 3,
                high: 10,
            }],
            configs: Ok(vec![("cleanup.policy".into(), "compact".into())]),
        };
        let text = describe(&d, ReportFormat::Text);
        assert!(text.starts_with("topic: orders  partitions: 1  messages: 7\n"));
        assert!(text.contains("1,2"));
        assert!(text.ends_with("configs:\n  cleanup.policy=compact\n"));
        let v: Value = serde_json::from_str(&describe(&d, ReportFormat::Json)).unwrap();
        assert_eq!(v["messages"], 7);
        assert_eq!(v["configs"]["cleanup.policy"], "compact");
        assert!(v["configs_error"].is_null());
    }

    #[test]
    fn create_and_delete_speak_json() {
        let v: Value = serde_json::from_str(&created("p", 6, 1)).unwrap();
        assert_eq!(
            v,
            json!({"created": "p", "partitions": 6, "replication": 1})
        );
        let v: Value = serde_json::from_str(&deleted(&["a".into(), "b".into()])).unwrap();
        assert_eq!(v, json!({"deleted": ["a", "b"]}));
    }
}
