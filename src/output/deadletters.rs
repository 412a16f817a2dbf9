//! `dlq` output: the list of DLQs, one DLQ's records with their provenance, a replay's plan and
//! its summary; tables for people, JSON for scripts.

use super::{write_report, ReportFormat};
use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::{cut, table};
use crate::domain::deadletter::{Backlog, Provenance};

/// One DLQ topic as `dlq list` shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct DlqSummary {
    pub topic: String,
    /// Its records, and those its replay group has not passed yet.
    pub backlog: Backlog,
    pub oldest_ms: Option<i64>,
    pub newest_ms: Option<i64>,
    /// (reason, count), most frequent first.
    pub top_errors: Vec<(String, u64)>,
}

/// `3m`, `2h`, `5d` ago.
pub fn age(now_ms: i64, ts: Option<i64>) -> String {
    let Some(ts) = ts else { return "-".into() };
    let s = (now_ms - ts).max(0) / 1000;
    match s {
        s if s < 120 => format!("{s}s"),
        s if s < 7200 => format!("{}m", s / 60),
        s if s < 172_800 => format!("{}h", s / 3600),
        s => format!("{}d", s / 86_400),
    }
}

/// `dlq list`.
pub fn list(dlqs: &[DlqSummary], now_ms: i64, format: ReportFormat) -> String {
    if format == ReportFormat::Json {
        let v: Vec<Value> = dlqs
            .iter()
            .map(|d| {
                json!({
                    "topic": d.topic,
                    "depth": d.backlog.depth,
                    "pending": d.backlog.pending,
                    "replayed": d.backlog.replayed,
                    "oldest": d.oldest_ms,
                    "newest": d.newest_ms,
                    "top_errors": d.top_errors.iter().map(|(e, n)| json!({"error": e, "count": n})).collect::<Vec<_>>(),
                })
            })
            .collect();
        return serde_json::to_string_pretty(&v).unwrap_or_default() + "\n";
    }
    let rows: Vec<Vec<String>> = dlqs
        .iter()
        .map(|d| {
            let errors = d
                .top_errors
                .iter()
                .take(2)
                .map(|(e, n)| format!("{} ({n})", cut(e, 40)))
                .collect::<Vec<_>>()
                .join("; ");
            vec![
                d.topic.clone(),
                d.backlog.depth.to_string(),
                d.backlog.pending.to_string(),
                d.backlog.replayed.to_string(),
                age(now_ms, d.oldest_ms),
                age(now_ms, d.newest_ms),
                errors,
            ]
        })
        .collect();
    table(
        &[
            "DLQ",
            "DEPTH",
            "PENDING",
            "REPLAYED",
            "OLDEST",
            "NEWEST",
            "TOP ERRORS",
        ],
        &rows,
        &[1, 2, 3, 4, 5],
    )
}

/// A DLQ over `dlq list --fail-above N` (the alert's reason, on stderr).
pub fn over(d: &DlqSummary, n: u64) -> String {
    format!(
        "{}: {} records not replayed yet, above --fail-above {n}",
        d.topic, d.backlog.pending
    )
}

/// The provenance as JSON (for `dlq show -o jsonl|json`).
pub fn provenance_json(p: &Provenance) -> Value {
    serde_json::to_value(p).unwrap_or(Value::Null)
}

/// One `dlq show` text line: where it is, how old, where it came from, why it failed.
pub fn show_line(at: &str, age: &str, p: &Provenance, value: &str) -> String {
    let origin = match (&p.topic, p.partition, p.offset) {
        (Some(t), Some(q), Some(o)) => format!("{t}[{q}]@{o}"),
        (Some(t), _, _) => t.clone(),
        _ => "(no provenance)".into(),
    };
    let attempts = p
        .attempts
        .map(|a| format!(" after {a} attempts"))
        .unwrap_or_default();
    let group = p
        .group
        .as_deref()
        .map(|g| format!(" [{g}]"))
        .unwrap_or_default();
    format!(
        "{at}  {age:>4} ago  from {origin}{group}: {}{attempts}\n    {}",
        p.error.as_deref().unwrap_or("(no error recorded)"),
        cut(value, 100)
    )
}

/// What a replay did (or, with `--dry-run`, would do).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ReplayReport {
    pub dlq: String,
    pub group: String,
    pub dry_run: bool,
    pub replayed: u64,
    pub per_destination: BTreeMap<String, u64>,
    pub skipped_by_filter: u64,
    pub refused_by_loop_guard: u64,
    /// Found in the destinations by the read-back (a run that was interrupted had sent them).
    pub already_replayed: u64,
    /// Records of the destinations read back to find them (from where the last run's commit
    /// noted they ended, where the broker keeps such notes; else from their start).
    pub read_back: u64,
    pub max_replays: u32,
    pub seconds: f64,
    /// Dry run: per error reason and per age bucket, and a few samples.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub per_error: BTreeMap<String, u64>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub per_age: BTreeMap<String, u64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub samples: Vec<String>,
}

/// The replay summary (or plan) as text.
pub fn replay_text(r: &ReplayReport) -> String {
    let verb = if r.dry_run {
        "would replay"
    } else {
        "replayed"
    };
    let mut out = format!(
        "{verb} {} record{} from {}{} (group {})\n\n",
        r.replayed,
        if r.replayed == 1 { "" } else { "s" },
        r.dlq,
        if r.dry_run {
            String::new()
        } else {
            format!(" in {:.2}s", r.seconds)
        },
        r.group
    );
    let rows: Vec<Vec<String>> = r
        .per_destination
        .iter()
        .map(|(d, n)| vec![d.clone(), n.to_string()])
        .collect();
    out.push_str(&table(&["DESTINATION", "RECORDS"], &rows, &[1]));
    let mut counts = |title: &str, m: &BTreeMap<String, u64>| {
        if !m.is_empty() {
            let rows: Vec<Vec<String>> = m
                .iter()
                .map(|(k, n)| vec![k.clone(), n.to_string()])
                .collect();
            out.push('\n');
            out.push_str(&table(&[title, "RECORDS"], &rows, &[1]));
        }
    };
    counts("ERROR", &r.per_error);
    counts("AGE", &r.per_age);
    if !r.samples.is_empty() {
        out.push_str("\nsamples:\n");
        for s in &r.samples {
            out.push_str(&format!("  {s}\n"));
        }
    }
    out.push_str(&format!(
        "\nskipped by filter: {}; refused by the loop guard (replay.count >= {}): {}; already replayed (found in the {} destination records read back): {}\n",
        r.skipped_by_filter, r.max_replays, r.refused_by_loop_guard, r.read_back, r.already_replayed
    ));
    out
}

/// The replay summary (or plan), as text or JSON.
pub fn write_replay(
    w: &mut dyn std::io::Write,
    r: &ReplayReport,
    format: ReportFormat,
) -> std::io::Result<()> {
    write_report(w, format, r, replay_text)
}

/// A replay stopped by Ctrl-C: what it did, and that running it again goes on.
pub fn replay_cut_short(replayed: u64) -> String {
    format!(
        "interrupted after {replayed} records were replayed (acknowledged and committed); \
         the same command goes on from there, each record replayed once"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_shows_depth_ages_and_errors() {
        let d = DlqSummary {
            topic: "payment.requested.dlq".into(),
            backlog: Backlog {
                depth: 12,
                pending: 2,
                replayed: 10,
            },
            oldest_ms: Some(0),
            newest_ms: Some(3_500_000),
            top_errors: vec![("payment gateway timed out".into(), 11), ("bad".into(), 1)],
        };
        let t = list(std::slice::from_ref(&d), 3_600_000, ReportFormat::Text);
        assert!(t.starts_with("DLQ"), "{t}");
        let row = t.lines().nth(1).unwrap();
        let cells: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(
            &cells[..6],
            ["payment.requested.dlq", "12", "2", "10", "60m", "100s"],
            "{t}"
        );
        assert!(
            row.ends_with("payment gateway timed out (11); bad (1)"),
            "{t}"
        );
        let v: Value = serde_json::from_str(&list(&[d], 0, ReportFormat::Json)).unwrap();
        assert_eq!(v[0]["top_errors"][0]["count"], 11);
    }

    #[test]
    fn replay_text_names_every_count() {
        let mut r = ReplayReport {
            dlq: "x.dlq".into(),
            group: "g".into(),
            replayed: 2,
            max_replays: 3,
            ..ReplayReport::default()
        };
        r.per_destination.insert("x".into(), 2);
        let t = replay_text(&r);
        assert!(
            t.starts_with("replayed 2 records from x.dlq in 0.00s (group g)"),
            "{t}"
        );
        assert!(t.contains("refused by the loop guard (replay.count >= 3): 0"));
        r.dry_run = true;
        assert!(replay_text(&r).starts_with("would replay 2 records from x.dlq (group g)"));
    }
}
