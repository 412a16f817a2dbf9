//! `evctl topics`: list, describe, create, delete; the broker does the work, `output` the text.

use anyhow::Context as _;

use super::Outcome;
use crate::broker::admin;
use crate::domain::connection::ConnectionArgs;
use crate::output::reporter::Reporter;
use crate::output::topics as show;
use crate::output::{Out, ReportFormat};
use crate::session::{client_log, context};

#[derive(Debug)]
pub enum TopicsRequest {
    List {
        conn: ConnectionArgs,
        all: bool,
        format: ReportFormat,
    },
    Describe {
        conn: ConnectionArgs,
        topic: String,
        format: ReportFormat,
    },
    Create {
        conn: ConnectionArgs,
        topic: String,
        partitions: i32,
        replication: i32,
        configs: Vec<(String, String)>,
        format: ReportFormat,
    },
    Delete {
        conn: ConnectionArgs,
        topics: Vec<String>,
        format: ReportFormat,
    },
}

pub fn run(rep: &Reporter, out: &mut Out, r: TopicsRequest) -> anyhow::Result<Outcome> {
    let log = client_log(rep);
    let text = match r {
        TopicsRequest::List { conn, all, format } => {
            let conn = context::connection(&conn)?;
            show::list(&admin::list_topics(&conn, all, &log)?, format)
        }
        TopicsRequest::Describe {
            conn,
            topic,
            format,
        } => {
            let conn = context::connection(&conn)?;
            show::describe(&admin::describe_topic(&conn, &topic, &log)?, format)
        }
        TopicsRequest::Create {
            conn,
            topic,
            partitions,
            replication,
            configs,
            format,
        } => {
            let conn = context::connection(&conn)?;
            admin::create_topic(&conn, &topic, partitions, replication, &configs, &log)?;
            rep.info(show::created_line(&topic, partitions, replication));
            if format == ReportFormat::Json {
                show::created(&topic, partitions, replication)
            } else {
                String::new()
            }
        }
        TopicsRequest::Delete {
            conn,
            topics,
            format,
        } => {
            let conn = context::connection(&conn)?;
            admin::delete_topics(&conn, &topics, &log)?;
            rep.info(format!("deleted {}", topics.join(", ")));
            if format == ReportFormat::Json {
                show::deleted(&topics)
            } else {
                String::new()
            }
        }
    };
    crate::output::write_text(out, &text).context("writing output")?;
    Ok(Outcome::Success)
}
