//! `lag` output: a table per sample, or JSON rows.

use serde_json::json;

use super::ReportFormat;

use super::table;
use crate::domain::lag::{PartitionLag, Status};

fn status_name(s: Option<Status>) -> &'static str {
    s.map_or("-", Status::name)
}

/// A named group that has no committed offsets: unknown to the cluster, or never committed.
pub fn no_offsets(group: &str) -> String {
    format!("group {group}: no committed offsets (no such group, or it has not committed any yet)")
}

/// One sample's rows, as `lag` prints them: a table (nothing for no rows; a blank line after
/// it with `--watch`, between samples), or one JSON array per sample.
pub fn write(
    w: &mut dyn std::io::Write,
    rows: &[PartitionLag],
    format: ReportFormat,
    watch: bool,
) -> std::io::Result<()> {
    let json = format == ReportFormat::Json;
    // a table with no rows is only a header: nothing to print (JSON still says `[]`)
    let mut text = if rows.is_empty() && !json {
        String::new()
    } else {
        render(rows, json)
    };
    if watch && !json {
        text.push('\n');
    }
    w.write_all(text.as_bytes())?;
    w.flush()
}

pub fn render(rows: &[PartitionLag], json_out: bool) -> String {
    if json_out {
        let v: Vec<_> = rows
            .iter()
            .map(|r| {
                json!({"group": r.group, "topic": r.topic, "partition": r.partition,
                       "committed": r.committed, "end": r.end, "lag": r.lag,
                       "lag_seconds": r.lag_seconds, "members": r.members,
                       "status": r.status, "at": r.at_ms})
            })
            .collect();
        return serde_json::to_string(&v).unwrap_or_default() + "\n";
    }
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.group.clone(),
                r.topic.clone(),
                r.partition.to_string(),
                r.committed.map_or("-".into(), |c| c.to_string()),
                r.end.to_string(),
                r.lag.to_string(),
                r.lag_seconds.map_or("?".into(), |s| format!("{s:.1}")),
                r.members.map_or("-".into(), |m| m.to_string()),
                status_name(r.status).to_string(),
            ]
        })
        .collect();
    table(
        &[
            "GROUP",
            "TOPIC",
            "PARTITION",
            "COMMITTED",
            "END",
            "LAG",
            "LAG_S",
            "MEMBERS",
            "STATUS",
        ],
        &cells,
        &[2, 3, 4, 5, 6, 7],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_show_both_lags_and_the_status() {
        let r = PartitionLag {
            group: "g".into(),
            topic: "t".into(),
            partition: 0,
            committed: Some(90),
            end: 100,
            lag: 10,
            lag_seconds: Some(4.25),
            members: None,
            status: Some(Status::Warn),
            at_ms: 0,
        };
        let t = render(std::slice::from_ref(&r), false);
        let cells: Vec<&str> = t.lines().nth(1).unwrap().split_whitespace().collect();
        assert_eq!(
            cells,
            ["g", "t", "0", "90", "100", "10", "4.2", "-", "WARN"]
        );
        let v: serde_json::Value = serde_json::from_str(&render(&[r], true)).unwrap();
        assert_eq!(v[0]["status"], "WARN");
        assert_eq!(v[0]["lag_seconds"], 4.25);
    }
}
