//! `evctl topics`: list, describe, create, delete; the broker does the work, `output` the text.

use std::io::Write;

use anyhow::Context as _;

use super::Outcome;
use crate::broker::admin;
use crate::domain::connection::ConnectionArgs;
use crate::output::reporter::Reporter;
use crate::output::topics as show;
use crate::session::{client_log, context};

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
        json: bool,
    },
    Delete {
        conn: ConnectionArgs,
        topics: Vec<String>,
        json: bool,
    },
}

pub fn run(rep: &Reporter, r: TopicsRequest) -> anyhow::Result<Outcome> {
    let log = client_log(rep);
    let text = match r {
        TopicsRequest::List { conn, all, json } => {
            let conn = context::connection(&conn)?;
            show::list(&admin::list_topics(&conn, all, &log)?, json)
        }
        TopicsRequest::Describe { conn, topic, json } => {
            let conn = context::connection(&conn)?;
            show::describe(&admin::describe_topic(&conn, &topic, &log)?, json)
        }
        TopicsRequest::Create {
            conn,
            topic,
            partitions,
            replication,
            configs,
            json,
        } => {
            let conn = context::connection(&conn)?;
            admin::create_topic(&conn, &topic, partitions, replication, &configs, &log)?;
            rep.info(show::created_line(&topic, partitions, replication));
            if json {
                show::created(&topic, partitions, replication)
            } else {
                String::new()
            }
        }
        TopicsRequest::Delete { conn, topics, json } => {
            let conn = context::connection(&conn)?;
            admin::delete_topics(&conn, &topics, &log)?;
            rep.info(format!("deleted {}", topics.join(", ")));
            if json {
                show::deleted(&topics)
            } else {
                String::new()
            }
        }
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .context("writing output")?;
    Ok(Outcome::Success)
}
