//! `evctl topics`: list, describe, create, delete; the broker does the work, `output` the text.

use anyhow::Context as _;

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use super::Outcome;
use crate::broker::admin;
use crate::domain::connection::ConnectionArgs;
use crate::domain::envelope::RecordRef;
use crate::domain::offsets::{EndSpec, StartSpec};
use crate::domain::skew::{shares, top_keys};
use crate::output::reporter::Reporter;
use crate::output::topics::{self as show, SkewReport};
use crate::output::{Out, ReportFormat};
use crate::scan::{Flow, ScanSpec, Scanner, Sink, TopicSelection};
use crate::session::{client_log, context, now_ms, signals};

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
    Skew(SkewRequest),
}

/// `topics skew`: how the last `window` of writes spread over the partitions and keys.
#[derive(Debug)]
pub struct SkewRequest {
    pub conn: ConnectionArgs,
    pub topic: String,
    pub window: Duration,
    /// How many keys to show.
    pub keys: usize,
    pub fail_on_hot: bool,
    pub format: ReportFormat,
}

pub fn run(rep: &Reporter, out: &mut Out, r: TopicsRequest) -> anyhow::Result<Outcome> {
    let log = client_log(rep);
    let text = match r {
        TopicsRequest::Skew(r) => return skew(rep, out, &r),
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

/// Records per partition and per key over a scan.
#[derive(Default)]
struct Tally {
    partitions: BTreeMap<i32, u64>,
    keys: HashMap<Vec<u8>, (u64, Vec<i32>)>,
    total: u64,
}

impl Sink for Tally {
    fn record(&mut self, rec: &RecordRef<'_>) -> anyhow::Result<Flow> {
        self.total += 1;
        *self.partitions.entry(rec.partition).or_default() += 1;
        let key = rec.key.map_or_else(Vec::new, <[u8]>::to_vec);
        let (n, parts) = self.keys.entry(key).or_default();
        *n += 1;
        if !parts.contains(&rec.partition) {
            parts.push(rec.partition);
        }
        Ok(Flow::Continue)
    }

    fn flush(&mut self) -> anyhow::Result<()> {
        Ok(())
    }
}

/// `topics skew`: reads the records written in the last `window` (by their timestamps), and
/// prints each partition's records, rate and share, the hot ones, and the keys that dominate.
fn skew(rep: &Reporter, out: &mut Out, r: &SkewRequest) -> anyhow::Result<Outcome> {
    let conn = context::connection(&r.conn)?;
    let window_ms = i64::try_from(r.window.as_millis()).unwrap_or(i64::MAX);
    let spec = ScanSpec {
        route: None,
        topics: TopicSelection::Names(vec![r.topic.clone()]),
        from: StartSpec::Time(now_ms().saturating_sub(window_ms)),
        until: Some(EndSpec::End),
        group: None,
    };
    let scanner = Scanner::open(&conn, &spec, rep)?;
    let partitions: Vec<i32> = scanner
        .topics()
        .iter()
        .flat_map(|t| t.partitions.iter().copied())
        .collect();
    let mut tally = Tally::default();
    let stop = signals::stop_flag()?;
    scanner.run(&mut tally, &stop, rep)?;
    let counts: Vec<(i32, u64)> = partitions
        .iter()
        .map(|p| (*p, tally.partitions.get(p).copied().unwrap_or(0)))
        .collect();
    let total = tally.total;
    let keys = top_keys(
        tally
            .keys
            .into_iter()
            .map(|(k, (n, parts))| (key_text(&k), n, parts)),
        total,
        r.keys,
    );
    let report = SkewReport {
        topic: r.topic.clone(),
        window_s: r.window.as_secs_f64(),
        records: total,
        partitions: shares(&counts),
        keys,
    };
    crate::output::write_text(out, &show::skew(&report, r.format)).context("writing output")?;
    if total == 0 {
        rep.always(show::skew_empty(&r.topic, r.window));
        return Ok(Outcome::Negative);
    }
    let hot = report.partitions.iter().any(|p| p.hot);
    Ok(if hot && r.fail_on_hot {
        Outcome::Negative
    } else {
        Outcome::Success
    })
}

/// A key as text: `(null)` for none; not UTF-8 bytes as `\xNN`.
fn key_text(k: &[u8]) -> String {
    if k.is_empty() {
        return "(null)".into();
    }
    match std::str::from_utf8(k) {
        Ok(s) => s.to_string(),
        Err(_) => k.escape_ascii().to_string(),
    }
}
