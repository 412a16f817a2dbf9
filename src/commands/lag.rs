//! `evctl lag [GROUP...]`: per group and partition, the committed offset, the end, the lag in
//! messages and in seconds (now minus the timestamp of the first unconsumed record), and a
//! status over a window of samples (`--watch`). The numbers come from `domain::lag`.

use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::Ordering;
use std::time::Duration;

use anyhow::Context as _;

use super::Outcome;
use crate::broker::consumer::{Consumer, GroupInfo, PartitionValue};
use crate::broker::groups::Watermarks;
use crate::domain::connection::{Connection, ConnectionArgs};
use crate::domain::lag::{lag_messages, lag_seconds, GroupLag, History, PartitionLag};
use crate::output;
use crate::output::lag::render;
use crate::output::reporter::Reporter;
use crate::session::{client_log, context, now_ms, signals};

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

/// (group, state, members) to look at: the named ones, or the cluster's list.
fn groups(c: &mut Consumer, named: &[String]) -> anyhow::Result<Vec<GroupInfo>> {
    let listed = if named.is_empty() || !c.is_mock() {
        c.groups()?
    } else {
        Vec::new()
    };
    if named.is_empty() {
        return Ok(listed);
    }
    Ok(named
        .iter()
        .map(|g| {
            listed
                .iter()
                .find(|l| &l.name == g)
                .cloned()
                .unwrap_or(GroupInfo {
                    name: g.clone(),
                    state: String::new(),
                    members: usize::MAX,
                })
        })
        .collect())
}

/// topic → (partition, offset) → (timestamp, the sample that last used it).
type Stamps = HashMap<String, HashMap<(i32, i64), (i64, u64)>>;

/// How long one sample may spend reading first-unconsumed timestamps it has not seen before
/// (`None`: as long as it takes). `top` gives its refresh interval; the rest come next time.
pub(super) type Budget = Option<Duration>;

/// The one client a `lag` or `top` run samples with, made once (not per round): group
/// offsets, partition ends and first-unconsumed timestamps, each asked in batches. Timestamps
/// are remembered per (partition, offset): a group that did not move costs nothing next time.
pub(super) struct Sampler {
    probe: Consumer,
    stamps: Stamps,
    /// Counts samples; a remembered timestamp no row used in the latest one is forgotten.
    generation: u64,
}

impl Sampler {
    pub(super) fn new(conn: &Connection, rep: &Reporter) -> anyhow::Result<Self> {
        let mut conn = conn.clone();
        // it reads one record per partition: small fetches keep its memory flat
        for (k, v) in [
            ("fetch.message.max.bytes", "65536"),
            ("queued.min.messages", "1"),
            ("queued.max.messages.kbytes", "1024"),
            ("enable.partition.eof", "false"),
        ] {
            conn.default_property(k, v);
        }
        let probe = Consumer::connect(&conn, None, None, &client_log(rep))?;
        Ok(Self {
            probe,
            stamps: HashMap::new(),
            generation: 0,
        })
    }

    pub(super) fn is_mock(&mut self) -> bool {
        self.probe.is_mock()
    }

    /// Its client, for other one-record reads (`top`'s newest DLQ errors).
    pub(super) fn probe(&self) -> &Consumer {
        &self.probe
    }

    /// The non-internal topics' partitions, and their (low, high) watermarks.
    pub(super) fn watermarks(&mut self) -> anyhow::Result<Vec<Watermarks>> {
        let topics = self.probe.topics_where(|n| !n.starts_with("__"))?;
        let parts: Vec<(String, i32)> = topics
            .iter()
            .flat_map(|t| t.partitions.iter().map(|p| (t.name.clone(), *p)))
            .collect();
        Ok(self.probe.watermarks_of(&parts)?)
    }

    /// One round of numbers for every group (named, or listed): rows without a status yet.
    pub(super) fn sample(
        &mut self,
        wanted: &[String],
        marks: &[Watermarks],
        budget: Budget,
    ) -> anyhow::Result<Vec<GroupLag>> {
        let infos = groups(&mut self.probe, wanted)?;
        let parts: Vec<(String, i32)> = marks.iter().map(|(tp, _)| tp.clone()).collect();
        let names: Vec<String> = infos.iter().map(|g| g.name.clone()).collect();
        let named = self.probe.is_mock().then_some(&parts[..]);
        let offsets = self
            .probe
            .group_offsets(&names, named, Duration::from_secs(10))?;
        let at_ms = now_ms();
        let ends: HashMap<&(String, i32), (i64, i64)> =
            marks.iter().map(|(tp, lh)| (tp, *lh)).collect();
        let mut out = Vec::with_capacity(infos.len());
        for (info, (_, committed)) in infos.into_iter().zip(offsets) {
            let known = !info.state.is_empty();
            let mut g = GroupLag {
                name: info.name,
                state: known.then_some(info.state),
                members: known.then_some(info.members),
                partitions: Vec::new(),
                error: None,
            };
            match committed {
                Ok(list) => {
                    for (tp, off) in list {
                        let Some(&(low, high)) = ends.get(&tp) else {
                            continue;
                        };
                        g.partitions.push(PartitionLag {
                            group: g.name.clone(),
                            topic: tp.0,
                            partition: tp.1,
                            committed: Some(off),
                            end: high,
                            lag: lag_messages(Some(off), low, high),
                            lag_seconds: None,
                            members: g.members,
                            status: None,
                            at_ms,
                        });
                    }
                    g.partitions
                        .sort_by(|a, b| (&a.topic, a.partition).cmp(&(&b.topic, b.partition)));
                }
                Err(e) => g.error = Some(e),
            }
            out.push(g);
        }
        self.fill_seconds(&mut out, &ends, budget)?;
        Ok(out)
    }

    /// Lag in seconds for every lagging row: the first unconsumed record's timestamp, read in
    /// rounds (one position per partition per round: groups at different offsets of one
    /// partition need one round each).
    fn fill_seconds(
        &mut self,
        groups: &mut [GroupLag],
        ends: &HashMap<&(String, i32), (i64, i64)>,
        budget: Budget,
    ) -> anyhow::Result<()> {
        let mut lows: HashMap<&str, HashMap<i32, i64>> = HashMap::new();
        for ((t, p), (low, _)) in ends {
            lows.entry(t.as_str()).or_default().insert(*p, *low);
        }
        // the offset of the first unconsumed record of a lagging row
        let position = |r: &PartitionLag| {
            let low = lows
                .get(r.topic.as_str())
                .and_then(|by| by.get(&r.partition))
                .copied()
                .unwrap_or(0);
            r.committed.unwrap_or(low).max(low)
        };
        let known = |stamps: &Stamps, r: &PartitionLag| {
            stamps
                .get(r.topic.as_str())
                .and_then(|by| by.get(&(r.partition, position(r))))
                .map(|(ts, _)| *ts)
        };
        let mut missing: Vec<(String, i32, i64)> = groups
            .iter()
            .flat_map(|g| g.partitions.iter())
            .filter(|r| r.lag > 0 && known(&self.stamps, r).is_none())
            .map(|r| (r.topic.clone(), r.partition, position(r)))
            .collect();
        missing.sort();
        missing.dedup();
        let started = std::time::Instant::now();
        while !missing.is_empty() && budget.is_none_or(|b| started.elapsed() < b) {
            // one offset per partition this round
            let mut round: Vec<PartitionValue> = Vec::new();
            missing.retain(|(t, p, o)| {
                let taken = round.last().is_some_and(|((lt, lp), _)| lt == t && lp == p);
                if !taken {
                    round.push(((t.clone(), *p), *o));
                }
                taken
            });
            let found: HashMap<(String, i32), i64> = self
                .probe
                .timestamps_at(&round, Duration::from_secs(5))?
                .into_iter()
                .collect();
            for ((t, p), off) in round {
                if let Some(ts) = found.get(&(t.clone(), p)) {
                    self.stamps.entry(t).or_default().insert((p, off), (*ts, 0));
                }
            }
        }
        self.generation += 1;
        let generation = self.generation;
        for r in groups.iter_mut().flat_map(|g| g.partitions.iter_mut()) {
            let at = position(r);
            let hit = self
                .stamps
                .get_mut(r.topic.as_str())
                .and_then(|by| by.get_mut(&(r.partition, at)))
                .filter(|_| r.lag > 0);
            let ts = hit.map(|(ts, seen)| {
                *seen = generation;
                *ts
            });
            r.lag_seconds = lag_seconds(r.at_ms, r.lag, ts);
        }
        // forget positions no group is at any more
        for by in self.stamps.values_mut() {
            by.retain(|_, (_, seen)| *seen == generation);
        }
        self.stamps.retain(|_, by| !by.is_empty());
        Ok(())
    }
}

pub fn run(rep: &Reporter, r: LagRequest) -> anyhow::Result<Outcome> {
    let conn = context::connection(&r.conn)?;
    let stop = signals::stop_flag()?;
    let mut history = History::new(r.window);
    let mut sampler = Sampler::new(&conn, rep)?;
    let mut first = true;
    loop {
        let marks = sampler.watermarks()?;
        let groups = sampler.sample(&r.groups, &marks, None)?;
        let mut missing = 0;
        for g in &groups {
            if let Some(e) = &g.error {
                rep.warn(format!("group {}: cannot read its offsets: {e}", g.name));
            } else if g.partitions.is_empty() && !r.groups.is_empty() {
                // a named group with nothing committed (or no such group): a negative result
                missing += 1;
                if first {
                    rep.always(output::lag::no_offsets(&g.name));
                }
            }
        }
        first = false;
        let mut rows: Vec<PartitionLag> = groups.into_iter().flat_map(|g| g.partitions).collect();
        history.judge(&mut rows);
        // a table with no rows is only a header: nothing to print (JSON still says `[]`)
        let mut text = if rows.is_empty() && !r.json {
            String::new()
        } else {
            render(&rows, r.json)
        };
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
            return Ok(if over || missing > 0 {
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
