//! The lag sampler `lag` and `top` share: group offsets, partition ends and the timestamp of
//! each lagging partition's first unconsumed record, asked in batches on one client. The
//! numbers and the status rules are `domain::lag`'s; this is the reading.

use std::collections::HashMap;
use std::time::Duration;

use crate::broker::consumer::{Consumer, GroupInfo, PartitionValue};
use crate::broker::groups::Watermarks;
use crate::domain::connection::Connection;
use crate::domain::deadletter::{backlog, replay_group, Backlog};
use crate::domain::lag::{
    lag_messages, lag_seconds, Collection, GroupLag, History, Owner, PartitionLag,
};
use crate::domain::topics::dlq_origin;
use crate::output::reporter::Reporter;
use crate::session::{client_log, now_ms};

/// Per DLQ topic: each partition's (low, high) watermarks and where its default replay group
/// committed there (None: never replayed).
pub type Progress = HashMap<String, Vec<((i64, i64), Option<i64>)>>;

/// The replay progress of the DLQs whose partitions are `marks`, read in one batch of
/// OffsetFetch requests for their default replay groups (`dlq list`, the lag exporter).
pub fn replay_progress(c: &Consumer, marks: &[Watermarks]) -> anyhow::Result<Progress> {
    let parts: Vec<(String, i32)> = marks.iter().map(|(tp, _)| tp.clone()).collect();
    let mut topics: Vec<&str> = parts.iter().map(|(t, _)| t.as_str()).collect();
    topics.sort_unstable();
    topics.dedup();
    let groups: Vec<String> = topics.iter().map(|t| replay_group(t)).collect();
    let mut committed: HashMap<(String, i32), i64> = HashMap::new();
    for ((group, offsets), topic) in c
        .group_offsets(&groups, Some(&parts), Duration::from_secs(10))?
        .into_iter()
        .zip(&topics)
    {
        let offsets = offsets.map_err(|e| anyhow::anyhow!("replay group {group}: {e}"))?;
        // a group's offsets on other topics are not this DLQ's progress
        committed.extend(offsets.into_iter().filter(|((t, _), _)| t == topic));
    }
    let mut out = Progress::new();
    for (tp, lh) in marks {
        let at = committed.get(tp).copied();
        out.entry(tp.0.clone()).or_default().push((*lh, at));
    }
    Ok(out)
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
pub type Budget = Option<Duration>;

/// The one client a `lag` or `top` run samples with, made once (not per round): group
/// offsets, partition ends and first-unconsumed timestamps, each asked in batches. Timestamps
/// are remembered per (partition, offset): a group that did not move costs nothing next time.
pub struct Sampler {
    probe: Consumer,
    stamps: Stamps,
    /// Counts samples; a remembered timestamp no row used in the latest one is forgotten.
    generation: u64,
}

impl Sampler {
    pub fn new(conn: &Connection, rep: &Reporter) -> anyhow::Result<Self> {
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

    pub fn is_mock(&mut self) -> bool {
        self.probe.is_mock()
    }

    /// DescribeGroups for these groups (an error on the embedded broker, which has none).
    pub fn describe(
        &mut self,
        names: &[String],
    ) -> Result<Vec<crate::broker::groups::GroupDescription>, crate::broker::BrokerError> {
        self.probe.describe_groups(names)
    }

    /// Its client, for other one-record reads (`top`'s newest DLQ errors).
    pub fn probe(&self) -> &Consumer {
        &self.probe
    }

    /// The non-internal topics' partitions, and their (low, high) watermarks.
    pub fn watermarks(&mut self) -> anyhow::Result<Vec<Watermarks>> {
        let topics = self.probe.topics_where(|n| !n.starts_with("__"))?;
        let parts: Vec<(String, i32)> = topics
            .iter()
            .flat_map(|t| t.partitions.iter().map(|p| (t.name.clone(), *p)))
            .collect();
        Ok(self.probe.watermarks_of(&parts)?)
    }

    /// One round of numbers for every group (named, or listed): rows without a status yet.
    pub fn sample(
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

/// The lag exporter's reading: the sampler, the window each partition's status is judged
/// over, and which groups to watch. One [`collect`](Self::collect) per cycle.
pub struct Collector {
    sampler: Sampler,
    history: History,
    groups: Vec<String>,
    /// Read who owns each partition (DescribeGroups) for the per-partition series' labels.
    owners: bool,
}

impl Collector {
    pub fn new(
        conn: &Connection,
        rep: &Reporter,
        groups: Vec<String>,
        window: usize,
        owners: bool,
    ) -> anyhow::Result<Self> {
        Ok(Self {
            sampler: Sampler::new(conn, rep)?,
            history: History::new(window),
            groups,
            owners,
        })
    }

    /// Fails at once what could never succeed: every group asked of a broker that cannot list
    /// them (the embedded one), rather than failing every cycle.
    pub fn check(&mut self) -> anyhow::Result<()> {
        if self.groups.is_empty() {
            self.sampler
                .probe
                .groups_supported("listing consumer groups (ListGroups)")?;
        }
        Ok(())
    }

    /// One cycle: watermarks, every group's offsets and first-unconsumed timestamps (batched,
    /// as `lag`), their statuses, the owners where the broker says, and each DLQ's backlog.
    pub fn collect(&mut self) -> anyhow::Result<Collection> {
        let marks = self.sampler.watermarks()?;
        let mut groups = self.sampler.sample(&self.groups, &marks, None)?;
        self.history
            .judge(groups.iter_mut().flat_map(|g| g.partitions.iter_mut()));
        let owners = if self.owners && !self.sampler.is_mock() {
            self.owners_of(&groups)
        } else {
            HashMap::new()
        };
        let dlq_marks: Vec<Watermarks> = marks
            .iter()
            .filter(|((t, _), _)| dlq_origin(t).is_some())
            .cloned()
            .collect();
        let mut dlqs: Vec<(String, Backlog)> = replay_progress(self.sampler.probe(), &dlq_marks)?
            .into_iter()
            .map(|(topic, parts)| {
                let depth = parts
                    .iter()
                    .map(|((low, high), _)| u64::try_from(high - low).unwrap_or(0))
                    .sum();
                (topic, backlog(depth, &parts))
            })
            .collect();
        dlqs.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(Collection {
            groups,
            ends: marks,
            owners,
            dlqs,
        })
    }

    /// (group, topic, partition) → the member assigned it. Labels only: a broker that cannot
    /// describe its groups (or leaves assignments out, as nisshi) leaves them empty.
    fn owners_of(&mut self, groups: &[GroupLag]) -> HashMap<(String, String, i32), Owner> {
        let names: Vec<String> = groups.iter().map(|g| g.name.clone()).collect();
        let Ok(described) = self.sampler.describe(&names) else {
            return HashMap::new();
        };
        let mut out = HashMap::new();
        for g in described {
            for m in &g.members {
                for (topic, partition) in &m.assignment {
                    let owner = Owner {
                        host: m.host.clone(),
                        member_id: m.id.clone(),
                        client_id: m.client_id.clone(),
                    };
                    out.insert((g.name.clone(), topic.clone(), *partition), owner);
                }
            }
        }
        out
    }
}
