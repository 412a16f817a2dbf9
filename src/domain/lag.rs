//! Consumer lag: in messages, in seconds, and a status over a window of samples in the spirit
//! of Burrow's evaluator. `lag` and `top` both take their numbers from here (the row, the
//! window of samples, the group's totals), so they cannot disagree.
//!
//! Why pure: the rules (a stalled consumer, one that stopped, one falling behind, one that was
//! rewound) are about numbers sampled over time; the clock is passed in, never read.

/// How far a group's committed offset is behind a partition's end, in messages. A partition
/// the group never committed counts from its first offset (all of it is unconsumed).
pub fn lag_messages(committed: Option<i64>, low: i64, high: i64) -> i64 {
    (high - committed.unwrap_or(low).max(low)).max(0)
}

/// How far behind in time: now minus the timestamp of the first unconsumed record (the one at
/// the committed offset). Zero when nothing is unconsumed; None when that record's time is not
/// known.
pub fn lag_seconds(now_ms: i64, lag: i64, first_unconsumed_ts: Option<i64>) -> Option<f64> {
    if lag == 0 {
        return Some(0.0);
    }
    first_unconsumed_ts.map(|ts| ((now_ms - ts).max(0)) as f64 / 1000.0)
}

/// One observation of a partition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sample {
    pub at_ms: i64,
    pub committed: Option<i64>,
    pub lag: i64,
}

/// A partition's health, as Burrow names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Status {
    /// Caught up at some point in the window, or catching up.
    Ok,
    /// Committing, but the lag grew between every pair of samples: falling behind.
    Warn,
    /// Lag, and the committed offset did not move in the window while samples kept coming.
    Stall,
    /// Lag, and no commit for longer than the window spans.
    Stop,
    /// The committed offset went backwards.
    Rewind,
    /// The numbers could not be read.
    Err,
}

/// The status of a window of samples (oldest first). `last_commit_ms`: when the committed
/// offset last changed, where known.
pub fn evaluate(window: &[Sample], now_ms: i64, last_commit_ms: Option<i64>) -> Status {
    let Some(last) = window.last() else {
        return Status::Err;
    };
    if window.iter().any(|s| s.lag == 0) {
        return Status::Ok;
    }
    let rewound = window
        .windows(2)
        .any(|w| matches!((w[0].committed, w[1].committed), (Some(a), Some(b)) if b < a));
    if rewound {
        return Status::Rewind;
    }
    let first = window[0];
    let span = last.at_ms - first.at_ms;
    if window.len() < 2 || span <= 0 {
        // one sample says how far behind, not how it is going
        return Status::Ok;
    }
    if last.committed == first.committed {
        let idle = last_commit_ms.map_or(span, |c| now_ms - c);
        return if idle > span {
            Status::Stop
        } else {
            Status::Stall
        };
    }
    let growing = window.windows(2).all(|w| w[1].lag >= w[0].lag);
    if growing && last.lag > first.lag {
        Status::Warn
    } else {
        Status::Ok
    }
}

/// One group's numbers for one partition at one sample.
#[derive(Debug, Clone, PartialEq)]
pub struct PartitionLag {
    pub group: String,
    pub topic: String,
    pub partition: i32,
    pub committed: Option<i64>,
    pub end: i64,
    pub lag: i64,
    pub lag_seconds: Option<f64>,
    /// None where the broker cannot say (no DescribeGroups).
    pub members: Option<usize>,
    /// None until the row was judged against its window ([`History::judge`]).
    pub status: Option<Status>,
    pub at_ms: i64,
}

impl Status {
    /// How bad, for a group's worst partition: OK < WARN < REWIND < STALL < STOP < ERR.
    pub fn severity(self) -> u8 {
        match self {
            Status::Ok => 0,
            Status::Warn => 1,
            Status::Rewind => 2,
            Status::Stall => 3,
            Status::Stop => 4,
            Status::Err => 5,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::Warn => "WARN",
            Status::Stall => "STALL",
            Status::Stop => "STOP",
            Status::Rewind => "REWIND",
            Status::Err => "ERR",
        }
    }
}

/// One group at one sample: what the cluster says of it and its partitions' lag.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupLag {
    pub name: String,
    /// Stable, PreparingRebalance, Empty, ... (None where the broker cannot say).
    pub state: Option<String>,
    pub members: Option<usize>,
    /// Only partitions the group has committed offsets for.
    pub partitions: Vec<PartitionLag>,
    /// Why its offsets could not be read this time.
    pub error: Option<String>,
}

/// Per (group, topic, partition): the last `window` samples and when the committed offset last
/// moved, so STOP can tell "no commit for longer than the window" from a short stall.
///
/// Nested by name so a sample looks its partitions up by `&str` (no key is built per row:
/// `top` judges every partition of every group each second).
#[derive(Debug, Default)]
pub struct History {
    window: usize,
    parts: HashMap<String, HashMap<String, HashMap<i32, Track>>>,
    /// Counts samples; a track not touched by the latest one is forgotten.
    generation: u64,
}

type HashMap<K, V> = std::collections::HashMap<K, V>;

#[derive(Debug)]
struct Track {
    samples: std::collections::VecDeque<Sample>,
    /// When the committed offset was last seen to change; before that is known, the first
    /// sample's time (the commit is at least that old).
    last_commit_ms: i64,
    generation: u64,
}

impl History {
    pub fn new(window: usize) -> Self {
        Self {
            window: window.max(1),
            ..Self::default()
        }
    }

    fn track(&mut self, row: &PartitionLag) -> Option<&mut Track> {
        if !self.parts.contains_key(row.group.as_str()) {
            self.parts.insert(row.group.clone(), HashMap::new());
        }
        let by_topic = self.parts.get_mut(row.group.as_str())?;
        if !by_topic.contains_key(row.topic.as_str()) {
            by_topic.insert(row.topic.clone(), HashMap::new());
        }
        let by_part = by_topic.get_mut(row.topic.as_str())?;
        Some(by_part.entry(row.partition).or_insert_with(|| Track {
            samples: Default::default(),
            last_commit_ms: row.at_ms,
            generation: 0,
        }))
    }

    /// Adds each row as a sample of its partition and sets its status. Partitions absent
    /// from `rows` are forgotten (a group that went away does not haunt the next sample).
    pub fn judge<'a>(&mut self, rows: impl IntoIterator<Item = &'a mut PartitionLag>) {
        self.generation += 1;
        let (generation, window) = (self.generation, self.window);
        let mut samples: Vec<Sample> = Vec::with_capacity(window);
        for row in rows {
            let Some(track) = self.track(row) else {
                continue;
            };
            track.generation = generation;
            let moved = track
                .samples
                .back()
                .is_some_and(|prev| prev.committed != row.committed);
            if moved {
                track.last_commit_ms = row.at_ms;
            }
            track.samples.push_back(Sample {
                at_ms: row.at_ms,
                committed: row.committed,
                lag: row.lag,
            });
            while track.samples.len() > window {
                track.samples.pop_front();
            }
            samples.clear();
            samples.extend(track.samples.iter().copied());
            row.status = Some(evaluate(&samples, row.at_ms, Some(track.last_commit_ms)));
        }
        for by_topic in self.parts.values_mut() {
            for by_part in by_topic.values_mut() {
                by_part.retain(|_, t| t.generation == generation);
            }
            by_topic.retain(|_, p| !p.is_empty());
        }
        self.parts.retain(|_, t| !t.is_empty());
    }

    /// Partitions remembered (for tests).
    #[cfg(test)]
    fn len(&self) -> usize {
        self.parts
            .values()
            .flat_map(|t| t.values())
            .map(|p| p.len())
            .sum()
    }
}

/// A group's partitions summed up: total lag, the furthest behind in seconds, the worst status.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupTotals {
    pub lag: i64,
    pub lag_seconds: Option<f64>,
    pub status: Option<Status>,
    pub partitions: usize,
}

pub fn totals(rows: &[PartitionLag]) -> GroupTotals {
    GroupTotals {
        lag: rows.iter().map(|r| r.lag).sum(),
        lag_seconds: rows.iter().map(|r| r.lag_seconds).fold(None, max_known),
        status: rows
            .iter()
            .filter_map(|r| r.status)
            .max_by_key(|s| s.severity()),
        partitions: rows.len(),
    }
}

/// Per row of a group: stuck, i.e. its commit is not moving (STALL or STOP, with lag) while
/// another partition of the same group is being consumed (OK or WARN) — one partition held up
/// (a poison record, a dead assignment) rather than the whole group stopped.
pub fn stuck(rows: &[PartitionLag]) -> Vec<bool> {
    let others_move = rows
        .iter()
        .any(|r| matches!(r.status, Some(Status::Ok | Status::Warn)));
    rows.iter()
        .map(|r| others_move && r.lag > 0 && matches!(r.status, Some(Status::Stall | Status::Stop)))
        .collect()
}

/// Which series the lag exporter writes: every partition's, or only per group and topic (a
/// cluster with many partitions keeps its series count bounded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Granularity {
    Topic,
    Partition,
}

/// The member a partition is assigned to, where the broker says (DescribeGroups' assignment).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Owner {
    pub host: String,
    pub member_id: String,
    pub client_id: String,
}

/// What one cycle of the lag exporter read: every group judged against its window, every
/// partition's (low, high) watermarks, who owns what, and each DLQ's backlog.
#[derive(Debug, Clone, Default)]
pub struct Collection {
    pub groups: Vec<GroupLag>,
    pub ends: Vec<((String, i32), (i64, i64))>,
    /// (group, topic, partition) → its owner.
    pub owners: HashMap<(String, String, i32), Owner>,
    pub dlqs: Vec<(String, super::deadletter::Backlog)>,
}

/// Per topic of a group: the highest lag in seconds among its partitions where known (the
/// article's `kafka_consumer_lag_seconds{group,topic}`, the HPA's metric), and its total lag.
pub fn per_topic(rows: &[PartitionLag]) -> Vec<(&str, i64, Option<f64>)> {
    let mut out: Vec<(&str, i64, Option<f64>)> = Vec::new();
    for r in rows {
        match out.last_mut() {
            Some((t, lag, secs)) if *t == r.topic => {
                *lag += r.lag;
                *secs = max_known(*secs, r.lag_seconds);
            }
            _ => out.push((&r.topic, r.lag, r.lag_seconds)),
        }
    }
    out
}

fn max_known(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(at: i64, committed: i64, lag: i64) -> Sample {
        Sample {
            at_ms: at,
            committed: Some(committed),
            lag,
        }
    }

    #[test]
    fn lag_counts_from_the_commit_or_the_start() {
        assert_eq!(lag_messages(Some(90), 0, 100), 10);
        assert_eq!(lag_messages(None, 40, 100), 60);
        // a commit below the log start (records deleted) counts from the start
        assert_eq!(lag_messages(Some(10), 40, 100), 60);
        assert_eq!(lag_messages(Some(120), 0, 100), 0);
        assert_eq!(lag_seconds(10_000, 5, Some(4_000)), Some(6.0));
        assert_eq!(lag_seconds(10_000, 0, None), Some(0.0));
        assert_eq!(lag_seconds(10_000, 5, None), None);
    }

    #[test]
    fn the_window_decides_the_status() {
        // caught up once: OK
        assert_eq!(
            evaluate(&[s(0, 10, 5), s(1000, 15, 0)], 1000, None),
            Status::Ok
        );
        // committing but falling behind: WARN
        assert_eq!(
            evaluate(&[s(0, 10, 5), s(1000, 12, 8), s(2000, 14, 11)], 2000, None),
            Status::Warn
        );
        // catching up: OK
        assert_eq!(
            evaluate(&[s(0, 10, 9), s(1000, 15, 4)], 1000, None),
            Status::Ok
        );
        // not moving, the last commit recent: STALL; long ago: STOP
        let flat = [s(0, 10, 5), s(1000, 10, 7)];
        assert_eq!(evaluate(&flat, 1000, Some(500)), Status::Stall);
        assert_eq!(evaluate(&flat, 60_000, Some(0)), Status::Stop);
        // went backwards: REWIND
        assert_eq!(
            evaluate(&[s(0, 10, 5), s(1000, 3, 12)], 1000, None),
            Status::Rewind
        );
        // nothing to judge
        assert_eq!(evaluate(&[], 0, None), Status::Err);
        assert_eq!(evaluate(&[s(0, 10, 5)], 0, None), Status::Ok);
    }

    fn row(group: &str, at: i64, committed: i64, end: i64) -> PartitionLag {
        PartitionLag {
            group: group.into(),
            topic: "t".into(),
            partition: 0,
            committed: Some(committed),
            end,
            lag: lag_messages(Some(committed), 0, end),
            lag_seconds: None,
            members: None,
            status: None,
            at_ms: at,
        }
    }

    /// Feeds (at, committed, end) samples of one partition; returns each status.
    fn statuses(window: usize, samples: &[(i64, i64, i64)]) -> Vec<Status> {
        let mut h = History::new(window);
        samples
            .iter()
            .map(|&(at, c, e)| {
                let mut rows = [row("g", at, c, e)];
                h.judge(&mut rows);
                rows[0].status.unwrap()
            })
            .collect()
    }

    #[test]
    fn the_history_judges_each_status_over_its_window() {
        use Status::*;
        type Case<'a> = (&'a str, usize, &'a [(i64, i64, i64)], Status);
        let cases: &[Case] = &[
            ("caught up", 3, &[(0, 10, 10), (1000, 20, 20)], Ok),
            (
                "catching up",
                3,
                &[(0, 10, 50), (1000, 30, 50), (2000, 45, 50)],
                Ok,
            ),
            (
                "falling behind",
                3,
                &[(0, 10, 20), (1000, 12, 30), (2000, 14, 40)],
                Warn,
            ),
            ("rewound", 3, &[(0, 30, 40), (1000, 5, 40)], Rewind),
            // the commit stopped moving within the window: STALL
            (
                "stalled",
                2,
                &[(0, 10, 20), (1000, 12, 30), (2000, 12, 40)],
                Stall,
            ),
            // no commit for longer than the window spans: STOP
            (
                "stopped",
                2,
                &[
                    (0, 10, 20),
                    (1000, 12, 30),
                    (2000, 12, 40),
                    (3000, 12, 50),
                    (4000, 12, 60),
                ],
                Stop,
            ),
        ];
        for (name, window, samples, want) in cases {
            assert_eq!(statuses(*window, samples).last(), Some(want), "{name}");
        }
    }

    #[test]
    fn a_stopped_consumer_shows_its_lag_not_zero() {
        let mut h = History::new(3);
        let mut last = Vec::new();
        for at in 0..4 {
            let mut rows = vec![row("g", at * 1000, 10, 10 + 25 * (at + 1))];
            h.judge(&mut rows);
            last = rows;
        }
        assert_eq!(last[0].lag, 100);
        assert_eq!(last[0].status, Some(Status::Stop));
        let t = totals(&last);
        assert_eq!((t.lag, t.status), (100, Some(Status::Stop)));
    }

    #[test]
    fn totals_take_the_sum_the_furthest_behind_and_the_worst() {
        let mut a = row("g", 0, 10, 20);
        a.lag_seconds = Some(3.0);
        a.status = Some(Status::Warn);
        let mut b = row("g", 0, 10, 15);
        b.partition = 1;
        b.lag_seconds = Some(7.5);
        b.status = Some(Status::Ok);
        let t = totals(&[a, b]);
        assert_eq!(t.lag, 15);
        assert_eq!(t.lag_seconds, Some(7.5));
        assert_eq!(t.status, Some(Status::Warn));
        assert_eq!(totals(&[]).status, None);
    }

    #[test]
    fn forgotten_partitions_do_not_linger() {
        let mut h = History::new(3);
        h.judge(&mut [row("a", 0, 1, 2), row("b", 0, 1, 2)]);
        h.judge(&mut [row("a", 1000, 1, 2)]);
        assert_eq!(h.len(), 1);
    }

    #[test]
    fn per_topic_sums_lag_and_takes_the_furthest_behind() {
        let mut a = row("g", 0, 10, 20);
        a.lag_seconds = Some(3.0);
        let mut b = row("g", 0, 10, 15);
        b.partition = 1;
        b.lag_seconds = None;
        let mut c = row("g", 0, 5, 5);
        c.topic = "u".into();
        c.lag_seconds = Some(0.0);
        assert_eq!(
            per_topic(&[a, b, c]),
            vec![("t", 15, Some(3.0)), ("u", 0, Some(0.0))]
        );
    }

    #[test]
    fn a_partition_is_stuck_when_the_groups_others_move() {
        let mut a = row("g", 0, 10, 20);
        a.status = Some(Status::Stall);
        let mut b = row("g", 0, 30, 30);
        b.partition = 1;
        b.status = Some(Status::Ok);
        assert_eq!(stuck(&[a.clone(), b]), [true, false]);
        // the whole group stalled: not one stuck partition
        let mut c = a.clone();
        c.partition = 1;
        assert_eq!(stuck(&[a, c]), [false, false]);
    }
}
