//! `evctl registry …` output for people (scripts get the registry's JSON with `-o json`).

use serde_json::Value;

use super::table;
use crate::domain::compat::Setting;

/// A schema: where it is registered, its type and references, then its text.
pub fn schema(v: &Value) -> String {
    let mut out = String::new();
    if let (Some(s), Some(n)) = (v["subject"].as_str(), v["version"].as_i64()) {
        out.push_str(&format!("# {s} version {n}\n"));
    }
    if let Some(id) = v["id"].as_i64() {
        out.push_str(&format!("# id {id}\n"));
    }
    out.push_str(&format!(
        "# type {}\n",
        v["schemaType"].as_str().unwrap_or("AVRO")
    ));
    for r in v["references"].as_array().into_iter().flatten() {
        out.push_str(&format!(
            "# reference {} -> {} version {}\n",
            r["name"].as_str().unwrap_or_default(),
            r["subject"].as_str().unwrap_or_default(),
            r["version"]
        ));
    }
    let text = v["schema"].as_str().unwrap_or_default();
    // Avro and JSON Schema are JSON: shown indented
    let pretty = serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|j| serde_json::to_string_pretty(&j).ok())
        .unwrap_or_else(|| text.to_string());
    out.push_str(&pretty);
    out.push('\n');
    out
}

/// Who references a version: one row per (id, subject, version).
pub fn references(subject: &str, version: &str, rows: &[Value]) -> String {
    if rows.is_empty() {
        return format!("no schema references {subject} version {version}\n");
    }
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r["id"].to_string(),
                r["subject"].as_str().unwrap_or_default().to_string(),
                r["version"].to_string(),
            ]
        })
        .collect();
    table(&["ID", "SUBJECT", "VERSION"], &cells, &[0, 2])
}

pub fn setting_name(what: Setting) -> &'static str {
    what.name()
}

/// A subject's (or the registry's) setting, and where it comes from.
pub fn setting(
    what: Setting,
    subject: Option<&str>,
    own: Option<&str>,
    global: Option<&str>,
) -> String {
    match (subject, own, global) {
        (None, Some(v), _) => format!("{v}\n"),
        (Some(_), Some(v), _) => format!("{v}\n"),
        (Some(s), None, Some(g)) => format!(
            "{g} (the global {}; {s} has none of its own)\n",
            setting_name(what)
        ),
        _ => "-\n".into(),
    }
}

fn versions_text(versions: &[i64]) -> String {
    versions
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A delete's dry run.
pub fn would_delete(subject: &str, versions: &[i64], permanent: bool) -> String {
    format!(
        "dry run: would {} {subject} version{} {}; add --execute to delete",
        if permanent {
            "permanently delete"
        } else {
            "soft-delete"
        },
        if versions.len() == 1 { "" } else { "s" },
        versions_text(versions)
    )
}

pub fn deleted(subject: &str, versions: &[i64], permanent: bool) -> String {
    if permanent {
        format!(
            "permanently deleted {subject} version(s) {}",
            versions_text(versions)
        )
    } else {
        format!(
            "soft-deleted {subject} version(s) {} (still readable with --deleted; --permanent --execute removes them for good)",
            versions_text(versions)
        )
    }
}
