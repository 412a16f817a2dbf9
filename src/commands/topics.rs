//! `evctl topics`: list, describe, create, delete, printed as tables or JSON.

use std::io::Write;

use anyhow::Context as _;

use super::{context, Outcome};
use crate::broker::admin;
use crate::cli::Globals;
use crate::domain::connection::ConnectionArgs;
use crate::output::table;

#[derive(Debug)]
pub enum TopicsRequest {
    List {
        conn: ConnectionArgs,
        all: bool,
        json: bool,
    },
    Describe {
        conn: ConnectionArgs,
        topic: String,
        json: bool,
    },
    Create {
        conn: ConnectionArgs,
        topic: String,
        partitions: i32,
        replication: i32,
        configs: Vec<(String, String)>,
    },
    Delete {
        conn: ConnectionArgs,
        topics: Vec<String>,
    },
}

fn ids(v: &[i32]) -> String {
    v.iter().map(i32::to_string).collect::<Vec<_>>().join(",")
}

pub fn run(g: Globals, r: TopicsRequest) -> anyhow::Result<Outcome> {
    let mut out = std::io::stdout().lock();
    match r {
        TopicsRequest::List { conn, all, json } => {
            let conn = context::connection(&conn)?;
            let topics = admin::list_topics(&conn, all, g.verbose)?;
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&topics)?)?;
            } else {
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
                write!(
                    out,
                    "{}",
                    table(&["NAME", "PARTITIONS", "REPLICAS"], &rows, &[1, 2])
                )?;
            }
        }
        TopicsRequest::Describe { conn, topic, json } => {
            let conn = context::connection(&conn)?;
            let d = admin::describe_topic(&conn, &topic, g.verbose)?;
            if json {
                let (configs, configs_error) = match &d.configs {
                    Ok(c) => (
                        Some(
                            c.iter()
                                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                                .collect::<serde_json::Map<_, _>>(),
                        ),
                        None,
                    ),
                    Err(e) => (None, Some(e.clone())),
                };
                let v = serde_json::json!({
                    "name": d.name,
                    "partitions": d.partitions,
                    "messages": d.partitions.iter().map(|p| p.high - p.low).sum::<i64>(),
                    "configs": configs,
                    "configs_error": configs_error,
                });
                writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
            } else {
                let total: i64 = d.partitions.iter().map(|p| p.high - p.low).sum();
                writeln!(
                    out,
                    "topic: {}  partitions: {}  messages: {total}",
                    d.name,
                    d.partitions.len()
                )?;
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
                write!(
                    out,
                    "{}",
                    table(
                        &[
                            "PARTITION",
                            "LEADER",
                            "REPLICAS",
                            "ISR",
                            "LOW",
                            "HIGH",
                            "MESSAGES"
                        ],
                        &rows,
                        &[0, 1, 4, 5, 6]
                    )
                )?;
                match &d.configs {
                    Ok(c) if c.is_empty() => writeln!(out, "configs: (all defaults)")?,
                    Ok(c) => {
                        writeln!(out, "configs:")?;
                        for (k, v) in c {
                            writeln!(out, "  {k}={v}")?;
                        }
                    }
                    Err(e) => writeln!(out, "configs: {e}")?,
                }
            }
        }
        TopicsRequest::Create {
            conn,
            topic,
            partitions,
            replication,
            configs,
        } => {
            let conn = context::connection(&conn)?;
            admin::create_topic(&conn, &topic, partitions, replication, &configs, g.verbose)?;
            if !g.quiet {
                eprintln!("evctl: created topic {topic} ({partitions} partitions, replication {replication})");
            }
        }
        TopicsRequest::Delete { conn, topics } => {
            let conn = context::connection(&conn)?;
            admin::delete_topics(&conn, &topics, g.verbose)?;
            if !g.quiet {
                eprintln!("evctl: deleted {}", topics.join(", "));
            }
        }
    }
    out.flush().context("writing output")?;
    Ok(Outcome::Success)
}
