//! `evctl lag [GROUP...]`: per group and partition, the committed offset, the end, the lag in
//! messages and in seconds (now minus the timestamp of the first unconsumed record), and a
//! status over a window of samples (`--watch`). The numbers come from `domain::lag`.

use std::collections::{HashMap, VecDeque};
use std::io::Write;
use std::sync::atomic::Ordering;
use std::time::Duration;

use anyhow::Context as _;

use super::{client_log, context, now_ms, signals, Outcome};
use crate::broker::consumer::{Consumer, PartitionValue};
use crate::broker::ClientLog;
use crate::domain::connection::{Connection, ConnectionArgs};
use crate::domain::lag::{evaluate, lag_messages, lag_seconds, Sample};
use crate::output::lag::{render, LagRow};
use crate::output::reporter::Reporter;

#[derive(Debug)]
pub struct LagRequest {
    pub conn: ConnectionArgs,
    /// Empty: every consumer group the cluster lists.
    pub groups: Vec<String>,
    pub watch: bool,
    pub interval: Duration,
    /// Samples the status is judged over.
    pub window: usize,
    pub fail_above: Option<i64>,
    pub fail_above_seconds: Option<f64>,
    pub json: bool,
}

type Part = (String, String, i32);

/// (group, members) to look at: the named ones, or the cluster's list.
fn groups(c: &mut Consumer, named: &[String]) -> anyhow::Result<Vec<(String, Option<usize>)>> {
    if !named.is_empty() {
        let listed = if c.is_mock() { Vec::new() } else { c.groups()? };
        return Ok(named
            .iter()
            .map(|g| {
                let members = listed.iter().find(|l| &l.name == g).map(|l| l.members);
                (g.clone(), members)
            })
            .collect());
    }
    Ok(c.groups()?
        .into_iter()
        .map(|g| (g.name, Some(g.members)))
        .collect())
}

/// The clients a `lag` run samples with, made once (not per `--watch` round): one plain
/// consumer for metadata, watermarks and timestamps, and one per group for its offsets.
struct Sampler<'a> {
    conn: &'a Connection,
    log: ClientLog,
    probe: Consumer,
    by_group: HashMap<String, Consumer>,
}

impl<'a> Sampler<'a> {
    fn new(conn: &'a Connection, rep: &Reporter) -> anyhow::Result<Self> {
        let log = client_log(rep);
        let probe = Consumer::connect(conn, None, None, &log)?;
        Ok(Self {
            conn,
            log,
            probe,
            by_group: HashMap::new(),
        })
    }

    /// The group's committed offsets on these partitions (where it has one).
    fn committed(
        &mut self,
        group: &str,
        parts: &[(String, i32)],
    ) -> anyhow::Result<Vec<PartitionValue>> {
        if !self.by_group.contains_key(group) {
            let c = Consumer::connect(self.conn, Some(group), None, &self.log)?;
            self.by_group.insert(group.to_string(), c);
        }
        let c = &self.by_group[group];
        Ok(c.committed(parts)?
            .into_iter()
            .filter_map(|(tp, o)| o.map(|o| (tp, o)))
            .collect())
    }

    /// One round of numbers for every group: rows without a status yet.
    fn sample(&mut self, wanted: &[String]) -> anyhow::Result<Vec<LagRow>> {
        let groups = groups(&mut self.probe, wanted)?;
        let topics = self.probe.topics_where(|n| !n.starts_with("__"))?;
        let parts: Vec<(String, i32)> = topics
            .iter()
            .flat_map(|t| t.partitions.iter().map(|p| (t.name.clone(), *p)))
            .collect();
        let mut rows = Vec::new();
        for (group, members) in groups {
            let committed = self.committed(&group, &parts)?;
            let at_ms = now_ms();
            let first = rows.len();
            let mut pending = Vec::new();
            for ((topic, partition), off) in committed {
                let (low, high) = self.probe.watermarks(&topic, partition)?;
                let lag = lag_messages(Some(off), low, high);
                if lag > 0 {
                    // the first unconsumed record
                    pending.push(((topic.clone(), partition), off.max(low)));
                }
                rows.push(LagRow {
                    group: group.clone(),
                    topic,
                    partition,
                    committed: Some(off),
                    end: high,
                    lag,
                    lag_seconds: None,
                    members,
                    status: None,
                    at_ms,
                });
            }
            let stamps = self.probe.timestamps_at(&pending, Duration::from_secs(5))?;
            for r in &mut rows[first..] {
                let ts = stamps
                    .iter()
                    .find(|((t, p), _)| *t == r.topic && *p == r.partition)
                    .map(|(_, ts)| *ts);
                r.lag_seconds = lag_seconds(at_ms, r.lag, ts);
            }
        }
        Ok(rows)
    }
}

pub fn run(rep: &Reporter, r: LagRequest) -> anyhow::Result<Outcome> {
    let conn = context::connection(&r.conn)?;
    let stop = signals::stop_flag()?;
    let mut history: HashMap<Part, VecDeque<Sample>> = HashMap::new();
    let mut sampler = Sampler::new(&conn, rep)?;
    loop {
        let mut rows = sampler.sample(&r.groups)?;
        for row in &mut rows {
            let key = (row.group.clone(), row.topic.clone(), row.partition);
            let window = history.entry(key).or_default();
            window.push_back(Sample {
                at_ms: row.at_ms,
                committed: row.committed,
                lag: row.lag,
            });
            while window.len() > r.window.max(1) {
                window.pop_front();
            }
            let samples: Vec<Sample> = window.iter().copied().collect();
            row.status = Some(evaluate(&samples, row.at_ms, None));
        }
        let mut text = render(&rows, r.json);
        if r.watch && !r.json {
            text.push('\n');
        }
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .context("writing output")?;
        drop(out);
        let over = rows.iter().any(|row| {
            r.fail_above.is_some_and(|n| row.lag > n)
                || r.fail_above_seconds
                    .is_some_and(|s| row.lag_seconds.is_some_and(|l| l > s))
        });
        if !r.watch {
            return Ok(if over {
                Outcome::Negative
            } else {
                Outcome::Success
            });
        }
        let deadline = std::time::Instant::now() + r.interval;
        while std::time::Instant::now() < deadline {
            if stop.load(Ordering::Relaxed) {
                return Ok(Outcome::Success);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
