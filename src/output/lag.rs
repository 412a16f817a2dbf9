//! `lag` output: a table per sample, or JSON rows.

use super::ReportFormat;

use super::table;
use crate::domain::lag::{GroupLag, PartitionLag, Status};

fn status_name(s: Option<Status>) -> &'static str {
    s.map_or("-", Status::name)
}

/// A named group that has no committed offsets: unknown to the cluster, or never committed.
pub fn no_offsets(group: &str) -> String {
    format!("group {group}: no committed offsets (no such group, or it has not committed any yet)")
}

/// `lag --serve` is up: the URL on stdout (one JSON line with `-o json`, which scripts wait
/// for), flushed.
pub fn serving(
    w: &mut dyn std::io::Write,
    url: &str,
    interval: std::time::Duration,
    format: ReportFormat,
) -> std::io::Result<()> {
    let line = match format {
        ReportFormat::Json => {
            serde_json::json!({ "metrics": url, "interval_s": interval.as_secs_f64() }).to_string()
        }
        ReportFormat::Text => url.to_string(),
    };
    writeln!(w, "{line}")?;
    w.flush()
}

/// The line for the person at the terminal once the exporter serves.
pub fn serving_note(url: &str, interval: std::time::Duration) -> String {
    format!(
        "serving consumer lag at {url}, collected every {}; Ctrl-C to stop",
        humantime::format_duration(interval)
    )
}

/// A collection that failed: the exporter serves `evctl_lag_up 0` until one succeeds.
pub fn collection_failed(why: &str) -> String {
    format!(
        "lag collection failed ({why}); serving evctl_lag_up 0 until one succeeds (said once \
         until the reason changes)"
    )
}

/// Collections succeed again after a failure.
pub fn collection_recovered() -> String {
    "lag collection succeeded again; serving every series".into()
}

/// One sample, as `lag` prints it: a table of partition rows (nothing for no rows; a blank
/// line after it with `--watch`, between samples), or one JSON array per sample with an
/// object per group: its totals and its rows.
pub fn write(
    w: &mut dyn std::io::Write,
    groups: &[GroupLag],
    format: ReportFormat,
    watch: bool,
) -> std::io::Result<()> {
    let json = format == ReportFormat::Json;
    let rows: Vec<PartitionLag> = groups
        .iter()
        .flat_map(|g| g.partitions.iter().cloned())
        .collect();
    // a table with no rows is only a header: nothing to print (JSON still says `[]`)
    let mut text = if json {
        let v: Vec<serde_json::Value> = groups.iter().map(super::groups::group_lag_json).collect();
        serde_json::to_string(&v).unwrap_or_default() + "\n"
    } else if rows.is_empty() {
        String::new()
    } else {
        render(&rows)
    };
    if watch && !json {
        text.push('\n');
    }
    w.write_all(text.as_bytes())?;
    w.flush()
}

pub fn render(rows: &[PartitionLag]) -> String {
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
        let t = render(std::slice::from_ref(&r));
        let cells: Vec<&str> = t.lines().nth(1).unwrap().split_whitespace().collect();
        assert_eq!(
            cells,
            ["g", "t", "0", "90", "100", "10", "4.2", "-", "WARN"]
        );
        let g = GroupLag {
            name: "g".into(),
            state: None,
            members: None,
            partitions: vec![r],
            error: None,
        };
        let mut json = Vec::new();
        write(&mut json, &[g], ReportFormat::Json, false).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(v[0]["lag"], 10);
        assert_eq!(v[0]["status"], "WARN");
        assert_eq!(v[0]["partitions"][0]["lag_seconds"], 4.25);
    }
}
