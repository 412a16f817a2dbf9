//! `group list|describe|reset|delete` output: tables for people, JSON for scripts. The lag
//! numbers are `lag`'s (the same rows, the same totals), so both commands agree.

use serde_json::{json, Value};

use super::{table, ReportFormat};
use crate::domain::groups::{Clamped, GroupDescription, PlanRow};
use crate::domain::lag::{totals, GroupLag, PartitionLag};

/// `group list`: one line per group.
pub fn list(groups: &[GroupDescription], format: ReportFormat) -> String {
    if format == ReportFormat::Json {
        let v: Vec<Value> = groups
            .iter()
            .map(|g| json!({"group": g.name, "state": g.state, "protocol": g.protocol, "members": g.members.len()}))
            .collect();
        return pretty(&json!(v));
    }
    let rows: Vec<Vec<String>> = groups
        .iter()
        .map(|g| {
            vec![
                g.name.clone(),
                g.state.clone(),
                dash(&g.protocol),
                g.members.len().to_string(),
            ]
        })
        .collect();
    table(&["GROUP", "STATE", "PROTOCOL", "MEMBERS"], &rows, &[3])
}

fn dash(s: &str) -> String {
    if s.is_empty() {
        "-".into()
    } else {
        s.to_string()
    }
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}

/// A group's lag as one JSON object: its totals and its partition rows (`lag -o json`'s
/// element, and the heart of `group describe -o json`).
pub fn group_lag_json(g: &GroupLag) -> Value {
    let t = totals(&g.partitions);
    json!({
        "group": g.name,
        "state": g.state,
        "member_count": g.members,
        "lag": t.lag,
        "lag_seconds": t.lag_seconds,
        "status": t.status,
        "partitions": g.partitions.iter().map(row_json).collect::<Vec<_>>(),
        "error": g.error,
    })
}

/// One partition row, as `lag -o json` has always printed it.
pub fn row_json(r: &PartitionLag) -> Value {
    json!({"group": r.group, "topic": r.topic, "partition": r.partition,
           "committed": r.committed, "end": r.end, "lag": r.lag,
           "lag_seconds": r.lag_seconds, "members": r.members,
           "status": r.status, "at": r.at_ms})
}

/// Per topic: (topic, lag, furthest behind in seconds, partitions).
fn per_topic(rows: &[PartitionLag]) -> Vec<(String, i64, Option<f64>, usize)> {
    let mut topics: Vec<String> = rows.iter().map(|r| r.topic.clone()).collect();
    topics.dedup();
    topics
        .into_iter()
        .map(|t| {
            let mine: Vec<PartitionLag> = rows.iter().filter(|r| r.topic == t).cloned().collect();
            let s = totals(&mine);
            (t, s.lag, s.lag_seconds, s.partitions)
        })
        .collect()
}

fn seconds(s: Option<f64>) -> String {
    s.map_or("-".into(), |s| format!("{s:.1}"))
}

/// Who holds a partition: the member's client id and host.
fn owner(d: Option<&GroupDescription>, topic: &str, partition: i32) -> String {
    d.and_then(|d| {
        d.members.iter().find(|m| {
            m.assignment
                .iter()
                .any(|(t, p)| t == topic && *p == partition)
        })
    })
    .map_or("-".into(), |m| {
        format!("{}@{}", m.client_id, m.host.trim_start_matches('/'))
    })
}

/// `group describe`: the group (where the broker describes it), its members, its partitions'
/// lag, per topic and in total.
pub fn describe(groups: &[(Option<GroupDescription>, GroupLag)], format: ReportFormat) -> String {
    if format == ReportFormat::Json {
        return pretty(&json!(groups
            .iter()
            .map(|(d, g)| describe_json(d.as_ref(), g))
            .collect::<Vec<_>>()));
    }
    groups
        .iter()
        .map(|(d, g)| describe_text(d.as_ref(), g))
        .collect::<Vec<_>>()
        .join("\n")
}

fn describe_json(d: Option<&GroupDescription>, g: &GroupLag) -> Value {
    let mut v = group_lag_json(g);
    v["protocol"] = json!(d.map(|d| d.protocol.clone()));
    v["members"] = json!(d.map(|d| d
        .members
        .iter()
        .map(|m| json!({
            "id": m.id, "client_id": m.client_id, "host": m.host,
            "partitions": m.assignment.iter().map(|(t, p)| json!({"topic": t, "partition": p})).collect::<Vec<_>>(),
        }))
        .collect::<Vec<_>>()));
    v["topics"] = json!(per_topic(&g.partitions)
        .into_iter()
        .map(|(t, lag, s, n)| json!({"topic": t, "lag": lag, "lag_seconds": s, "partitions": n}))
        .collect::<Vec<_>>());
    v
}

fn describe_text(d: Option<&GroupDescription>, g: &GroupLag) -> String {
    let mut out = format!("GROUP     {}\n", g.name);
    match d {
        Some(d) => out.push_str(&format!(
            "STATE     {} ({}, {} member{})\n",
            d.state,
            if d.protocol.is_empty() {
                "no assignor"
            } else {
                &d.protocol
            },
            d.members.len(),
            if d.members.len() == 1 { "" } else { "s" }
        )),
        None => out.push_str("STATE     unknown (the embedded broker has no DescribeGroups)\n"),
    }
    if let Some(e) = &g.error {
        out.push_str(&format!("ERROR     cannot read its offsets: {e}\n"));
    }
    if let Some(d) = d.filter(|d| !d.members.is_empty()) {
        out.push('\n');
        let rows: Vec<Vec<String>> = d
            .members
            .iter()
            .map(|m| {
                let parts: Vec<String> = m
                    .assignment
                    .iter()
                    .map(|(t, p)| format!("{t}:{p}"))
                    .collect();
                vec![
                    dash(&m.client_id),
                    dash(m.host.trim_start_matches('/')),
                    dash(&parts.join(",")),
                    m.id.clone(),
                ]
            })
            .collect();
        out.push_str(&table(
            &["CLIENT-ID", "HOST", "PARTITIONS", "MEMBER-ID"],
            &rows,
            &[],
        ));
    }
    if g.partitions.is_empty() {
        out.push_str("\nno committed offsets\n");
        return out;
    }
    out.push('\n');
    let rows: Vec<Vec<String>> = g
        .partitions
        .iter()
        .map(|r| {
            vec![
                r.topic.clone(),
                r.partition.to_string(),
                r.committed.map_or("-".into(), |c| c.to_string()),
                r.end.to_string(),
                r.lag.to_string(),
                seconds(r.lag_seconds),
                owner(d, &r.topic, r.partition),
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            "TOPIC",
            "PARTITION",
            "COMMITTED",
            "END",
            "LAG",
            "LAG_S",
            "OWNER",
        ],
        &rows,
        &[1, 2, 3, 4, 5],
    ));
    out.push('\n');
    let mut rows: Vec<Vec<String>> = per_topic(&g.partitions)
        .into_iter()
        .map(|(t, lag, s, n)| vec![t, n.to_string(), lag.to_string(), seconds(s)])
        .collect();
    let t = totals(&g.partitions);
    rows.push(vec![
        "TOTAL".into(),
        t.partitions.to_string(),
        t.lag.to_string(),
        seconds(t.lag_seconds),
    ]);
    out.push_str(&table(
        &["TOPIC", "PARTITIONS", "LAG", "LAG_S"],
        &rows,
        &[1, 2, 3],
    ));
    out
}

/// `group reset`'s plan: per partition the current offset, the new one, the move and the
/// lag it leaves. Its JSON is what `--from-file` reads back (`new` per partition).
pub fn plan(group: &str, rows: &[PlanRow], applied: bool, format: ReportFormat) -> String {
    if format == ReportFormat::Json {
        return pretty(&json!({
            "group": group,
            "applied": applied,
            "partitions": rows.iter().map(|r| json!({
                "topic": r.topic, "partition": r.partition, "current": r.current,
                "new": r.new, "delta": r.delta(), "lag_after": r.lag_after(),
                "low": r.low, "high": r.high,
                "clamped": r.clamped.map(|c| clamped_text(&c)),
            })).collect::<Vec<_>>(),
        }));
    }
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.topic.clone(),
                r.partition.to_string(),
                r.current.map_or("-".into(), |c| c.to_string()),
                r.new.to_string(),
                r.delta().map_or("-".into(), |d| format!("{d:+}")),
                r.lag_after().to_string(),
            ]
        })
        .collect();
    table(
        &["TOPIC", "PARTITION", "CURRENT", "NEW", "DELTA", "LAG-AFTER"],
        &cells,
        &[1, 2, 3, 4, 5],
    )
}

fn clamped_text(c: &Clamped) -> String {
    match c {
        Clamped::BeforeStart { asked, low } => {
            format!("asked {asked}, before the partition's start {low}: moved to {low}")
        }
        Clamped::PastEnd { asked, high } => {
            format!("asked {asked}, past the partition's end {high}: moved to {high}")
        }
    }
}

/// The warning for a clamped row.
pub fn clamped_warning(r: &PlanRow) -> Option<String> {
    r.clamped
        .map(|c| format!("{}:{}: {}", r.topic, r.partition, clamped_text(&c)))
}

/// The backup `--execute` and `delete` write before they change anything: the group's
/// current offsets, in the JSON `--from-file` restores.
pub fn backup(group: &str, taken_at: &str, offsets: &[((String, i32), i64)]) -> String {
    pretty(&json!({
        "group": group,
        "taken_at": taken_at,
        "partitions": offsets.iter().map(|((t, p), o)| json!({"topic": t, "partition": p, "offset": o})).collect::<Vec<_>>(),
    }))
}

/// A group with live members, which a reset or delete leaves alone.
pub fn refusal(group: &str, why: &str) -> String {
    format!("group {group}: refused, {why}; stop its consumers first, or wait for them with --wait-empty 60s")
}

/// The members a refusal names: client id @ host (member id).
pub fn members_line(d: &GroupDescription) -> String {
    let names: Vec<String> = d
        .members
        .iter()
        .map(
            |m| match (m.client_id.as_str(), m.host.trim_start_matches('/')) {
                ("", "") => m.id.clone(),
                (client, host) => format!("{client}@{host} ({})", m.id),
            },
        )
        .collect();
    format!(
        "it has {} live member{}: {}",
        names.len(),
        if names.len() == 1 { "" } else { "s" },
        names.join(", ")
    )
}

/// `group delete -o json`: what went, and where its offsets are kept.
pub fn deleted(group: &str, backup: &std::path::Path, offsets: usize) -> String {
    pretty(
        &json!({"group": group, "deleted": true, "offsets": offsets, "backup": backup.display().to_string()}),
    )
}
