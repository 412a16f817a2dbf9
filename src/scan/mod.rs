//! The scan engine: reads many partitions between two positions and hands each record to a
//! [`Sink`] (`consume`'s printer; `tail`'s timeline and `dlq`'s replayer drive it the same way).
//!
//! What it owns, so no command re-implements it:
//! - the plan: every partition's watermarks captured *before the first fetch*, `--from` and
//!   `--until` resolved against them, by broker time lookup where the broker has one and by
//!   record timestamps where it has not (the embedded mock; the user is told);
//! - the end: a bounded read stops exactly at the captured end. A partition is finished when a
//!   record at or past its end arrives, or when librdkafka reports the partition's end (EOF):
//!   that report comes with the fetch position at the broker's current end, which can only be at
//!   or past the captured one, so offset gaps (compaction, transaction markers) cannot make a
//!   read hang or stop early. Following never ends by itself;
//! - group reads: offsets are committed only after the sink has flushed what it was handed, and
//!   only for partitions the group still assigns to us.
//!
//! The loop ([`drive`]) talks to a [`Source`], so its end conditions are unit-tested without a
//! broker; [`Scanner`] is the broker-backed source and the plan around it.
//!
//! Beside it, [`lag`]: the other shared read, the sampler `lag` and `top` take group lag from.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::bail;

use crate::broker::consumer::{
    with_record, BatchItem, BatchReader, Consumer, Polled, TimeOffset, TopicInfo,
};
use crate::broker::BrokerError;
use crate::domain::connection::Connection;
use crate::domain::envelope::RecordRef;
use crate::domain::offsets::{EndSpec, OffsetReset, StartSpec};
use crate::domain::partitioner::KeyRoute;
use crate::output;
use crate::output::reporter::Reporter;

use crate::session::client_log;

/// Where a partition's read begins: (topic, partition, offset).
pub(crate) type Start = (String, i32, i64);
/// `next offset` per partition, as committed.
pub(crate) type Offsets = Vec<((String, i32), i64)>;

pub mod lag;
pub mod seek;

pub use crate::domain::topics::TopicSelection;

/// Where a scan starts and ends, and whether it reads as a consumer group.
#[derive(Debug, Clone)]
pub struct ScanSpec {
    pub topics: TopicSelection,
    /// Read only the partitions these keys can be in (`tail --key`); None: every partition.
    pub route: Option<KeyRoute>,
    pub from: StartSpec,
    /// None: follow.
    pub until: Option<EndSpec>,
    pub group: Option<String>,
}

/// What a sink wants after a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    /// Enough (`-n` reached): end the scan.
    Stop,
}

/// Receives the records of a scan, in partition order.
pub trait Sink {
    /// One record within the scan's bounds.
    fn record(&mut self, rec: &RecordRef<'_>) -> anyhow::Result<Flow>;
    /// Make everything handed over so far durable or visible (written and flushed, delivered
    /// and acknowledged): called when the scan is caught up and before every commit.
    fn flush(&mut self) -> anyhow::Result<()>;
    /// Every partition has been read up to the end captured at the start (called once; in a
    /// follow scan, what comes next is new). Nothing by default.
    fn caught_up(&mut self) -> anyhow::Result<()> {
        Ok(())
    }
    /// A note to keep beside the group's commit of `offsets` (Kafka's offset metadata).
    /// None by default.
    fn commit_note(&mut self, _offsets: &[((String, i32), i64)]) -> Option<String> {
        None
    }
}

/// Progress of one partition in a read.
#[derive(Debug, Clone, Default)]
pub(crate) struct PartState {
    /// Exclusive end; None when following.
    pub(crate) end: Option<i64>,
    /// Next offset to commit (last handed over + 1).
    pub(crate) next: Option<i64>,
    pub(crate) done: bool,
    /// Client-side time bounds, used only where the broker cannot look offsets up by time:
    /// records before `since` are skipped until the first one at or after it; a record at or
    /// after `before` ends the partition.
    pub(crate) since: Option<i64>,
    pub(crate) before: Option<i64>,
    /// The high watermark captured at the start, and whether the read has reached it.
    pub(crate) high: i64,
    pub(crate) reached: bool,
}

/// Per-topic, per-partition state, indexed without allocating per record.
pub(crate) struct Plan {
    pub(crate) topics: Vec<TopicInfo>,
    /// parts[topic index][partition id]
    pub(crate) parts: Vec<Vec<PartState>>,
    pub(crate) bounded: bool,
    /// Records handed over since the last commit.
    pub(crate) dirty: bool,
    /// Some partition may have just reached its captured end (see [`Plan::all_reached`]).
    pub(crate) reach_changed: bool,
}

/// What the plan says about one arriving record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Admit {
    /// Not for the sink (an unplanned partition, a finished one, before `since`).
    Skip,
    /// At or past the end: the partition just finished without it.
    PastEnd,
    /// Hand it to the sink; `last`: the partition finishes with it.
    Deliver { last: bool },
}

impl Plan {
    fn topic_index(&self, name: &str) -> Option<usize> {
        self.topics.iter().position(|t| t.name == name)
    }

    fn state(&mut self, topic: &str, partition: i32) -> Option<&mut PartState> {
        let ti = self.topic_index(topic)?;
        self.parts
            .get_mut(ti)?
            .get_mut(usize::try_from(partition).ok()?)
    }

    /// Adds what a follow scan did not know: new topics and partitions beyond a known
    /// topic's last one. Returns them; bounded scans keep their plan (their ends were
    /// captured at the start).
    pub(crate) fn grow(&mut self, now: &[TopicInfo]) -> Vec<(String, i32)> {
        let mut new = Vec::new();
        if self.bounded {
            return new;
        }
        for t in now {
            let ti = match self.topic_index(&t.name) {
                Some(ti) => ti,
                None => {
                    self.topics.push(TopicInfo {
                        name: t.name.clone(),
                        partitions: Vec::new(),
                    });
                    self.parts.push(Vec::new());
                    self.topics.len() - 1
                }
            };
            for &p in &t.partitions {
                if self.add_partition(ti, p) {
                    new.push((t.name.clone(), p));
                }
            }
        }
        new
    }

    /// Plans partition `p` of topic `ti` for following, if it is not planned; true if added.
    fn add_partition(&mut self, ti: usize, p: i32) -> bool {
        let Ok(i) = usize::try_from(p) else {
            return false;
        };
        if self.topics[ti].partitions.contains(&p) {
            return false;
        }
        let states = &mut self.parts[ti];
        if states.len() <= i {
            // ids between the old last and this one are not partitions (yet): closed
            states.resize(
                i + 1,
                PartState {
                    done: true,
                    reached: true,
                    ..PartState::default()
                },
            );
        }
        states[i] = PartState {
            reached: true,
            ..PartState::default()
        };
        self.topics[ti].partitions.push(p);
        true
    }

    /// Decides about one record and moves the partition's state on.
    pub(crate) fn admit(&mut self, rec: &RecordRef<'_>) -> Admit {
        if !self.bounded && self.state(rec.topic, rec.partition).is_none() {
            // following as a group: a rebalance handed over a partition added since we
            // began (before our own look found it)
            if let Some(ti) = self.topic_index(rec.topic) {
                self.add_partition(ti, rec.partition);
            }
        }
        let Some(state) = self.state(rec.topic, rec.partition) else {
            return Admit::Skip;
        };
        if state.done {
            return Admit::Skip;
        }
        let ts = rec.timestamp.unwrap_or(i64::MIN);
        if state.end.is_some_and(|e| rec.offset >= e) || state.before.is_some_and(|b| ts >= b) {
            (state.done, state.reached) = (true, true);
            self.reach_changed = true;
            return Admit::PastEnd;
        }
        state.next = Some(rec.offset + 1);
        let reaches = !state.reached && rec.offset + 1 >= state.high;
        state.reached |= reaches;
        let early = state.since.is_some_and(|s| ts < s);
        let last = !early && state.end.is_some_and(|e| rec.offset + 1 >= e);
        if !early {
            state.since = None;
        }
        state.done |= last;
        self.dirty = true;
        self.reach_changed |= reaches;
        if early {
            Admit::Skip
        } else {
            Admit::Deliver { last }
        }
    }

    /// The end of a partition was reached. Without the topic (group mode), finish the one
    /// candidate, or ask for positions when several topics share the partition number.
    pub(crate) fn eof(
        &mut self,
        topic: Option<&str>,
        partition: i32,
        positions: impl FnOnce() -> Vec<((String, i32), i64)>,
    ) {
        if let Some(t) = topic {
            let bounded = self.bounded;
            if let Some(s) = self.state(t, partition) {
                s.reached = true;
                s.done |= bounded;
            }
            self.reach_changed = true;
            return;
        }
        if !self.bounded {
            // group mode without a topic: the partition number is enough to say "reached"
            // when only one planned topic has it; otherwise the records will say it
            return self.reached_by_number(partition);
        }
        let Ok(p) = usize::try_from(partition) else {
            return;
        };
        let candidates: Vec<usize> = (0..self.topics.len())
            .filter(|&ti| self.parts[ti].get(p).is_some_and(|s| !s.done))
            .collect();
        if candidates.len() == 1 {
            self.parts[candidates[0]][p].done = true;
        } else if candidates.len() > 1 {
            for ((t, q), pos) in positions() {
                if q == partition {
                    if let Some(s) = self.state(&t, q) {
                        if s.end.is_some_and(|e| pos >= e) {
                            s.done = true;
                        }
                    }
                }
            }
        }
    }

    fn reached_by_number(&mut self, partition: i32) {
        let Ok(p) = usize::try_from(partition) else {
            return;
        };
        let mut open = self
            .parts
            .iter_mut()
            .filter_map(|ps| ps.get_mut(p))
            .filter(|s| !s.reached);
        if let (Some(s), None) = (open.next(), open.next()) {
            s.reached = true;
            self.reach_changed = true;
        }
    }

    /// True when every planned partition has been read up to its captured high watermark.
    pub(crate) fn all_reached(&self) -> bool {
        self.parts.iter().flatten().all(|p| p.reached)
    }

    /// True when every partition in `scope` (all, or the group's assignment) is finished.
    pub(crate) fn all_done(&self, scope: Option<&[(String, i32)]>) -> bool {
        match scope {
            None => self.parts.iter().flatten().all(|p| p.done),
            Some(assigned) => {
                !assigned.is_empty()
                    && assigned.iter().all(|(t, p)| {
                        self.topic_index(t)
                            .and_then(|ti| self.parts[ti].get(usize::try_from(*p).ok()?))
                            .is_none_or(|s| s.done)
                    })
            }
        }
    }

    /// `next offset` per partition handed over, limited to `scope` (the group's current
    /// assignment: a partition a rebalance took away is another member's to commit).
    pub(crate) fn commit_list(&self, scope: Option<&[(String, i32)]>) -> Offsets {
        let mut out = Vec::new();
        for (ti, parts) in self.parts.iter().enumerate() {
            let name = &self.topics[ti].name;
            for (p, s) in parts.iter().enumerate() {
                let (Some(n), Ok(p)) = (s.next, i32::try_from(p)) else {
                    continue;
                };
                if scope.is_none_or(|a| a.iter().any(|(t, q)| t == name && *q == p)) {
                    out.push(((name.clone(), p), n));
                }
            }
        }
        out
    }
}

/// One thing a source produced.
pub(crate) enum Item<'a> {
    Record(RecordRef<'a>),
    /// The end of a partition; the topic is unknown in group mode (librdkafka's report).
    Eof {
        topic: Option<&'a str>,
        partition: i32,
    },
    /// A problem that does not end the read (a broker went away and may come back).
    Transient(String),
}

/// Where a scan's records come from: the broker ([`Scanner`]) or a test's list.
pub(crate) trait Source {
    /// Hands up to a batch of items to `f`, waiting up to `timeout` for the first; stops early
    /// when `f` returns false; returns how many items there were.
    fn read(
        &mut self,
        timeout: Duration,
        f: &mut dyn FnMut(Item<'_>) -> anyhow::Result<bool>,
    ) -> anyhow::Result<usize>;
    /// Reading as a consumer group (commits, assignment).
    fn grouped(&self) -> bool;
    /// The position per partition (group mode, to place an EOF without a topic).
    fn positions(&self) -> Offsets;
    /// The group's current assignment.
    fn assignment(&self) -> Vec<(String, i32)>;
    /// Commits `offsets`, with `note` beside each when given (a source without a group
    /// commits nothing).
    fn commit(
        &self,
        offsets: &[((String, i32), i64)],
        note: Option<&str>,
        sync: bool,
    ) -> anyhow::Result<()>;
    /// The topics the scan's selection names now (a follow scan looks for partitions and
    /// topics that appeared after it started). None: the source cannot tell.
    fn topics_now(&self) -> Option<Result<Vec<TopicInfo>, BrokerError>> {
        None
    }
    /// Starts reading these new partitions from their beginning (nothing to do where the
    /// group's rebalance hands them over).
    fn read_new(&mut self, _parts: &[(String, i32)]) -> anyhow::Result<()> {
        Ok(())
    }
    /// Read positions the broker no longer had since the last call.
    fn take_resets(&self) -> Vec<OffsetReset> {
        Vec::new()
    }
}

const POLL: Duration = Duration::from_millis(100);
const COMMIT_EVERY: Duration = Duration::from_secs(1);
/// How often a follow scan asks the broker for partitions and topics added since it began.
const DISCOVER_EVERY: Duration = Duration::from_secs(5);

/// How a scan ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanEnd {
    /// Records handed to the sink.
    pub delivered: u64,
    pub elapsed: Duration,
}

/// The scan loop: records to the sink until every planned partition is finished (bounded),
/// the sink says stop, or `stop` is set (Ctrl-C); commits after flushes in group mode.
pub(crate) fn drive(
    src: &mut dyn Source,
    plan: &mut Plan,
    sink: &mut dyn Sink,
    stop: &AtomicBool,
    rep: &Reporter,
) -> anyhow::Result<ScanEnd> {
    let began = Instant::now();
    let mut warned: HashSet<String> = HashSet::new();
    let mut last_commit = Instant::now();
    let (mut delivered, mut halted) = (0u64, false);
    let mut eofs: Vec<i32> = Vec::new();
    let mut caught_up = false;
    let mut last_discovery = Instant::now();
    while !stop.load(Ordering::Relaxed) && !halted {
        if !plan.bounded && last_discovery.elapsed() > DISCOVER_EVERY {
            discover(src, plan, &mut warned, rep)?;
            last_discovery = Instant::now();
        }
        let mut check_done = false;
        let n = src.read(POLL, &mut |item| {
            match item {
                Item::Record(rec) => match plan.admit(&rec) {
                    Admit::Skip => {}
                    Admit::PastEnd => check_done = true,
                    Admit::Deliver { last } => {
                        check_done |= last;
                        delivered += 1;
                        halted = sink.record(&rec)? == Flow::Stop;
                    }
                },
                Item::Eof {
                    topic: Some(t),
                    partition,
                } => {
                    plan.eof(Some(t), partition, Vec::new);
                    check_done = true;
                }
                Item::Eof {
                    topic: None,
                    partition,
                } => eofs.push(partition),
                Item::Transient(e) => {
                    if warned.insert(e.clone()) {
                        rep.warn(format!("{e} (still trying)"));
                    }
                }
            }
            Ok(!halted)
        })?;
        for p in eofs.drain(..) {
            plan.eof(None, p, || src.positions());
            check_done = true;
        }
        for r in src.take_resets() {
            rep.warn(output::records::offset_reset(&r));
        }
        if n == 0 {
            // caught up: let a reader (or a `-f` watcher) see what we have
            sink.flush()?;
        }
        // (cheap to ask only when a partition may have reached its end)
        if !caught_up && std::mem::take(&mut plan.reach_changed) && plan.all_reached() {
            caught_up = true;
            sink.caught_up()?;
            if !plan.bounded {
                rep.debug(output::records::FOLLOWING);
            }
        }
        if src.grouped() && plan.dirty && last_commit.elapsed() > COMMIT_EVERY {
            sink.flush()?;
            let list = plan.commit_list(Some(&src.assignment()));
            src.commit(&list, sink.commit_note(&list).as_deref(), false)?;
            (last_commit, plan.dirty) = (Instant::now(), false);
        }
        // the group's assignment is a round trip to librdkafka's group thread: ask it only
        // when a partition just finished
        if check_done && plan.bounded {
            let scope = src.grouped().then(|| src.assignment());
            if plan.all_done(scope.as_deref()) {
                break;
            }
        }
    }
    sink.flush()?;
    if src.grouped() {
        let list = plan.commit_list(Some(&src.assignment()));
        src.commit(&list, sink.commit_note(&list).as_deref(), true)?;
    }
    Ok(ScanEnd {
        delivered,
        elapsed: began.elapsed(),
    })
}

/// A follow scan's look for partitions and topics that appeared since it began: they are read
/// from their beginning (everything in them is newer than the scan). A broker that cannot
/// answer now is said once and asked again next time.
fn discover(
    src: &mut dyn Source,
    plan: &mut Plan,
    warned: &mut HashSet<String>,
    rep: &Reporter,
) -> anyhow::Result<()> {
    let topics = match src.topics_now() {
        None => return Ok(()),
        Some(Ok(t)) => t,
        Some(Err(e)) => {
            let e = format!("looking for new partitions: {e}");
            if warned.insert(e.clone()) {
                rep.warn(format!("{e} (still trying)"));
            }
            return Ok(());
        }
    };
    let new = plan.grow(&topics);
    if !new.is_empty() {
        src.read_new(&new)?;
        rep.note(format!(
            "reading {} new partition{} from the beginning: {}",
            new.len(),
            if new.len() == 1 { "" } else { "s" },
            new.iter()
                .map(|(t, p)| format!("{t}/{p}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(())
}

/// A broker-backed scan: the consumer, the topics it resolved, and the plan.
pub struct Scanner {
    consumer: Consumer,
    /// What to look for again when following (new partitions and topics).
    selection: TopicSelection,
    route: Option<KeyRoute>,
    /// Every selected topic's partition count, before the route chose among them.
    counts: Vec<(String, usize)>,
    plan: Plan,
    /// (topic, partition, start offset) of every partition with something to read.
    starts: Vec<Start>,
    group: bool,
}

impl Scanner {
    /// Connects, resolves the topics and captures the plan (nothing is fetched yet).
    pub fn open(conn: &Connection, spec: &ScanSpec, rep: &Reporter) -> anyhow::Result<Self> {
        Self::open_from(conn, spec, &HashMap::new(), rep)
    }

    /// As [`Scanner::open`], but the partitions in `starts` begin at their offset there
    /// (clamped into the partition) instead of at `spec.from`.
    pub fn open_from(
        conn: &Connection,
        spec: &ScanSpec,
        starts: &HashMap<(String, i32), i64>,
        rep: &Reporter,
    ) -> anyhow::Result<Self> {
        let reset = spec.group.as_ref().map(|_| match spec.from {
            StartSpec::End => "latest",
            _ => "earliest",
        });
        let mut consumer = Consumer::connect(conn, spec.group.as_deref(), reset, &client_log(rep))?;
        let topics = select_topics(&consumer, &spec.topics)?;
        let counts = topics
            .iter()
            .map(|t| (t.name.clone(), t.partitions.len()))
            .collect();
        let topics = routed(topics, spec.route.as_ref());
        let (plan, starts) = make_plan(&mut consumer, topics, spec, starts, rep)?;
        Ok(Self {
            consumer,
            selection: spec.topics.clone(),
            route: spec.route.clone(),
            counts,
            plan,
            starts,
            group: spec.group.is_some(),
        })
    }

    /// The topics being read, with their partitions.
    pub fn topics(&self) -> &[TopicInfo] {
        &self.plan.topics
    }

    /// Each planned partition's high watermark, captured when the scan was opened.
    pub fn highs(&self) -> Vec<((String, i32), i64)> {
        let mut out = Vec::new();
        for (t, states) in self.plan.topics.iter().zip(&self.plan.parts) {
            for &p in &t.partitions {
                if let Some(s) = usize::try_from(p).ok().and_then(|i| states.get(i)) {
                    out.push(((t.name.clone(), p), s.high));
                }
            }
        }
        out
    }

    /// Every selected topic with its partition count (the route may read fewer).
    pub fn partition_counts(&self) -> &[(String, usize)] {
        &self.counts
    }

    /// Nothing to read: every planned partition is empty between its bounds.
    fn is_empty(&self) -> bool {
        !self.group && self.starts.is_empty()
    }

    /// Reads until the end (or the sink stops, or `stop` is set), handing records to `sink`.
    pub fn run(
        mut self,
        sink: &mut dyn Sink,
        stop: &AtomicBool,
        rep: &Reporter,
    ) -> anyhow::Result<ScanEnd> {
        if self.is_empty() {
            sink.flush()?;
            return Ok(ScanEnd {
                delivered: 0,
                elapsed: Duration::ZERO,
            });
        }
        if self.group {
            let names: Vec<String> = self.plan.topics.iter().map(|t| t.name.clone()).collect();
            self.consumer.subscribe(&names)?;
            let mut src = GroupSource {
                consumer: &self.consumer,
                names: TopicSelection::Names(names),
            };
            drive(&mut src, &mut self.plan, sink, stop, rep)
        } else {
            self.consumer.assign(&self.starts)?;
            let mut src = AssignedSource {
                reader: self.consumer.batch_reader(4096),
                consumer: &self.consumer,
                selection: &self.selection,
                route: self.route.as_ref(),
            };
            drive(&mut src, &mut self.plan, sink, stop, rep)
        }
    }
}

/// Explicit assignment: records in batches straight from librdkafka's queue.
struct AssignedSource<'c> {
    reader: BatchReader<'c>,
    consumer: &'c Consumer,
    selection: &'c TopicSelection,
    route: Option<&'c KeyRoute>,
}

impl Source for AssignedSource<'_> {
    fn read(
        &mut self,
        timeout: Duration,
        f: &mut dyn FnMut(Item<'_>) -> anyhow::Result<bool>,
    ) -> anyhow::Result<usize> {
        let n = self.reader.read(timeout, |item| {
            f(match item {
                BatchItem::Record(rec) => Item::Record(rec),
                BatchItem::Eof { topic, partition } => Item::Eof {
                    topic: Some(topic),
                    partition,
                },
                BatchItem::Transient(e) => Item::Transient(e),
            })
        })?;
        self.consumer.readable()?;
        Ok(n)
    }

    fn grouped(&self) -> bool {
        false
    }

    fn positions(&self) -> Vec<((String, i32), i64)> {
        Vec::new()
    }

    fn assignment(&self) -> Vec<(String, i32)> {
        Vec::new()
    }

    fn commit(&self, _: &[((String, i32), i64)], _: Option<&str>, _: bool) -> anyhow::Result<()> {
        Ok(())
    }

    fn topics_now(&self) -> Option<Result<Vec<TopicInfo>, BrokerError>> {
        Some(matching_topics(self.consumer, self.selection).map(|t| routed(t, self.route)))
    }

    fn read_new(&mut self, parts: &[(String, i32)]) -> anyhow::Result<()> {
        Ok(self.consumer.assign_more(parts)?)
    }

    fn take_resets(&self) -> Vec<OffsetReset> {
        self.consumer.take_resets()
    }
}

/// A consumer group member: one poll per record (rebalance events are served on the way).
struct GroupSource<'c> {
    consumer: &'c Consumer,
    /// The subscribed topics (their new partitions come with a rebalance).
    names: TopicSelection,
}

impl Source for GroupSource<'_> {
    fn read(
        &mut self,
        timeout: Duration,
        f: &mut dyn FnMut(Item<'_>) -> anyhow::Result<bool>,
    ) -> anyhow::Result<usize> {
        match self.consumer.poll(timeout) {
            Polled::Record(m) => with_record(&m, |rec| f(Item::Record(*rec)))?,
            Polled::Eof(partition) => f(Item::Eof {
                topic: None,
                partition,
            })?,
            Polled::Transient(e) => f(Item::Transient(e))?,
            Polled::Nothing => {
                self.consumer.readable()?;
                return Ok(0);
            }
        };
        Ok(1)
    }

    fn grouped(&self) -> bool {
        true
    }

    fn positions(&self) -> Vec<((String, i32), i64)> {
        self.consumer.positions()
    }

    fn assignment(&self) -> Vec<(String, i32)> {
        self.consumer.assignment()
    }

    fn commit(
        &self,
        offsets: &[((String, i32), i64)],
        note: Option<&str>,
        sync: bool,
    ) -> anyhow::Result<()> {
        Ok(self.consumer.commit_noting(offsets, note, sync)?)
    }

    fn topics_now(&self) -> Option<Result<Vec<TopicInfo>, BrokerError>> {
        Some(matching_topics(self.consumer, &self.names))
    }

    fn take_resets(&self) -> Vec<OffsetReset> {
        self.consumer.take_resets()
    }
}

fn select_topics(c: &Consumer, sel: &TopicSelection) -> anyhow::Result<Vec<TopicInfo>> {
    let found = matching_topics(c, sel)?;
    let what = match sel {
        TopicSelection::Names(_) => return Ok(found),
        TopicSelection::Regex(re) => format!(
            "matches --topic-regex '{}'",
            re.as_str()
                .trim_start_matches("^(?:")
                .trim_end_matches(")$")
        ),
        TopicSelection::AllUser => {
            "exists (internal topics starting with _ are not read)".to_string()
        }
    };
    if found.is_empty() {
        bail!("no topic on {} {what}", c.brokers());
    }
    Ok(found)
}

/// The topics a selection names now, with their partitions (a named topic must exist).
fn matching_topics(c: &Consumer, sel: &TopicSelection) -> Result<Vec<TopicInfo>, BrokerError> {
    match sel {
        TopicSelection::Names(names) => c.topics(names),
        TopicSelection::Regex(re) => c.topics_where(|n| !n.starts_with("__") && re.is_match(n)),
        TopicSelection::AllUser => c.topics_where(|n| !n.starts_with('_')),
    }
}

/// The partitions of each topic the route can find its keys in (all without a route). A topic
/// keeps its place even when none is left, so that following still sees it.
fn routed(topics: Vec<TopicInfo>, route: Option<&KeyRoute>) -> Vec<TopicInfo> {
    let Some(route) = route else {
        return topics;
    };
    topics
        .into_iter()
        .map(|t| TopicInfo {
            partitions: route.partitions(t.partitions.len()),
            name: t.name,
        })
        .collect()
}

fn time_lookup(
    c: &Consumer,
    topics: &[TopicInfo],
    ts: Option<i64>,
) -> Result<Vec<TimeOffset>, BrokerError> {
    match ts {
        Some(t) => c.offsets_for_time(topics, t),
        None => Ok(Vec::new()),
    }
}

fn lookup(found: &[TimeOffset], topic: &str, p: i32) -> Option<i64> {
    found
        .iter()
        .find(|((t, q), _)| t == topic && *q == p)
        .and_then(|(_, o)| *o)
}

/// Captures each partition's watermarks, then resolves `--from`/`--until` against them.
fn make_plan(
    consumer: &mut Consumer,
    topics: Vec<TopicInfo>,
    spec: &ScanSpec,
    given: &HashMap<(String, i32), i64>,
    rep: &Reporter,
) -> anyhow::Result<(Plan, Vec<Start>)> {
    let start_ts = match spec.from {
        StartSpec::Time(t) => Some(t),
        _ => None,
    };
    let end_ts = match spec.until {
        Some(EndSpec::Time(t)) => Some(t),
        _ => None,
    };
    let from_times = time_lookup(consumer, &topics, start_ts)?;
    let until_times = time_lookup(consumer, &topics, end_ts)?;
    let client_side_time = (start_ts.is_some() || end_ts.is_some()) && consumer.is_mock();
    let mut starts = Vec::new();
    let mut parts = Vec::with_capacity(topics.len());
    for t in &topics {
        let max_id = t.partitions.iter().copied().max().unwrap_or(-1);
        let mut states = vec![
            PartState {
                done: true,
                reached: true,
                ..PartState::default()
            };
            usize::try_from(max_id + 1).unwrap_or(0)
        ];
        for &p in &t.partitions {
            let (low, high) = consumer.watermarks(&t.name, p)?;
            let (mut since, mut before) = (None, None);
            let start = if let Some(&o) = given.get(&(t.name.clone(), p)) {
                o.clamp(low, high)
            } else if client_side_time && start_ts.is_some() {
                since = start_ts;
                low
            } else {
                if let Some(m) = spec.from.moved(low, high) {
                    rep.warn(output::records::start_moved(&t.name, p, &m));
                }
                spec.from
                    .resolve(low, high, lookup(&from_times, &t.name, p))
            };
            let end = if client_side_time && end_ts.is_some() {
                before = end_ts;
                spec.until.map(|_| high)
            } else {
                spec.until
                    .map(|u| u.resolve(high, lookup(&until_times, &t.name, p)))
            };
            let done = end.is_some_and(|e| start >= e);
            if let Some(slot) = usize::try_from(p).ok().and_then(|i| states.get_mut(i)) {
                *slot = PartState {
                    end,
                    next: None,
                    done,
                    since,
                    before,
                    high,
                    reached: done || start >= high,
                };
            }
            if !done {
                starts.push((t.name.clone(), p, start));
            }
        }
        parts.push(states);
    }
    if client_side_time {
        rep.note(
            "the embedded broker cannot look offsets up by time; filtering by record timestamps instead",
        );
    }
    let plan = Plan {
        topics,
        parts,
        bounded: spec.until.is_some(),
        dirty: false,
        // a scan whose partitions are all empty has caught up before it reads anything
        reach_changed: true,
    };
    Ok((plan, starts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::reporter::Verbosity;

    /// A plan over topic `t` with these captured ends (None: following).
    fn plan(ends: &[Option<i64>]) -> Plan {
        Plan {
            topics: vec![TopicInfo {
                name: "t".into(),
                partitions: (0..ends.len() as i32).collect(),
            }],
            parts: vec![ends
                .iter()
                .map(|e| PartState {
                    end: *e,
                    ..PartState::default()
                })
                .collect()],
            bounded: ends.iter().all(Option::is_some),
            dirty: false,
            reach_changed: true,
        }
    }

    fn rec(topic: &str, partition: i32, offset: i64) -> RecordRef<'_> {
        RecordRef {
            topic,
            partition,
            offset,
            timestamp: Some(offset * 10),
            key: None,
            value: Some(b"v"),
            headers: &[],
            value_error: None,
            value_invalid: None,
        }
    }

    fn topic(name: &str, partitions: std::ops::Range<i32>) -> TopicInfo {
        TopicInfo {
            name: name.into(),
            partitions: partitions.collect(),
        }
    }

    #[test]
    fn a_follow_plan_grows_by_new_partitions_and_topics_once() {
        let mut p = plan(&[None, None]);
        assert!(p.grow(&[topic("t", 0..2)]).is_empty());
        let new = p.grow(&[topic("t", 0..4), topic("u", 0..1)]);
        assert_eq!(new, vec![("t".into(), 2), ("t".into(), 3), ("u".into(), 0)]);
        assert!(p.grow(&[topic("t", 0..4), topic("u", 0..1)]).is_empty());
        assert_eq!(p.admit(&rec("t", 3, 0)), Admit::Deliver { last: false });
        assert_eq!(p.admit(&rec("u", 0, 5)), Admit::Deliver { last: false });
        assert_eq!(p.commit_list(None).len(), 2);
    }

    #[test]
    fn a_bounded_plan_keeps_the_partitions_it_captured() {
        let mut p = plan(&[Some(3)]);
        assert!(p.grow(&[topic("t", 0..3)]).is_empty());
        assert_eq!(p.admit(&rec("t", 1, 0)), Admit::Skip);
    }

    #[test]
    fn a_follow_plan_admits_a_partition_a_rebalance_handed_over() {
        let mut p = plan(&[None]);
        assert_eq!(p.admit(&rec("t", 5, 7)), Admit::Deliver { last: false });
        assert_eq!(p.commit_list(None), vec![(("t".to_string(), 5), 8)]);
        assert_eq!(p.admit(&rec("other", 0, 0)), Admit::Skip);
    }

    /// What a test source hands over, one item per read.
    #[derive(Clone)]
    enum Fake {
        Rec(&'static str, i32, i64),
        Eof(Option<&'static str>, i32),
        Transient(&'static str),
        Idle,
    }

    /// A scripted source: its items, then idle reads; records commits.
    struct Script {
        items: std::collections::VecDeque<Fake>,
        grouped: bool,
        assigned: Vec<(String, i32)>,
        positions: Vec<((String, i32), i64)>,
        commits: std::cell::RefCell<Vec<(Offsets, bool)>>,
        reads: usize,
    }

    impl Script {
        fn new(items: Vec<Fake>) -> Self {
            Self {
                items: items.into(),
                grouped: false,
                assigned: Vec::new(),
                positions: Vec::new(),
                commits: Default::default(),
                reads: 0,
            }
        }
    }

    impl Source for Script {
        fn read(
            &mut self,
            _: Duration,
            f: &mut dyn FnMut(Item<'_>) -> anyhow::Result<bool>,
        ) -> anyhow::Result<usize> {
            self.reads += 1;
            // a test that never ends is a failed test
            assert!(self.reads < 1000, "the scan did not end");
            match self.items.pop_front().unwrap_or(Fake::Idle) {
                Fake::Rec(t, p, o) => f(Item::Record(rec(t, p, o)))?,
                Fake::Eof(topic, partition) => f(Item::Eof { topic, partition })?,
                Fake::Transient(e) => f(Item::Transient(e.into()))?,
                Fake::Idle => return Ok(0),
            };
            Ok(1)
        }
        fn grouped(&self) -> bool {
            self.grouped
        }
        fn positions(&self) -> Vec<((String, i32), i64)> {
            self.positions.clone()
        }
        fn assignment(&self) -> Vec<(String, i32)> {
            self.assigned.clone()
        }
        fn commit(
            &self,
            offsets: &[((String, i32), i64)],
            _: Option<&str>,
            sync: bool,
        ) -> anyhow::Result<()> {
            self.commits.borrow_mut().push((offsets.to_vec(), sync));
            Ok(())
        }
    }

    /// A source whose broker now has more partitions and topics (or cannot say).
    struct Grown {
        now: Option<Result<Vec<TopicInfo>, ()>>,
        added: Vec<(String, i32)>,
    }

    impl Source for Grown {
        fn read(
            &mut self,
            _: Duration,
            _: &mut dyn FnMut(Item<'_>) -> anyhow::Result<bool>,
        ) -> anyhow::Result<usize> {
            Ok(0)
        }
        fn grouped(&self) -> bool {
            false
        }
        fn positions(&self) -> Offsets {
            Vec::new()
        }
        fn assignment(&self) -> Vec<(String, i32)> {
            Vec::new()
        }
        fn commit(
            &self,
            _: &[((String, i32), i64)],
            _: Option<&str>,
            _: bool,
        ) -> anyhow::Result<()> {
            Ok(())
        }
        fn topics_now(&self) -> Option<Result<Vec<TopicInfo>, BrokerError>> {
            self.now.clone().map(|r| {
                r.map_err(|()| BrokerError::Unreachable {
                    brokers: "b:9092".into(),
                    reason: "down".into(),
                })
            })
        }
        fn read_new(&mut self, parts: &[(String, i32)]) -> anyhow::Result<()> {
            self.added.extend_from_slice(parts);
            Ok(())
        }
    }

    #[test]
    fn discovery_reads_new_partitions_once_and_says_so() {
        let (rep, said) = Reporter::capture(Verbosity::default());
        let mut p = plan(&[None]);
        let mut warned = HashSet::new();
        let mut src = Grown {
            now: Some(Ok(vec![topic("t", 0..3), topic("u", 0..1)])),
            added: Vec::new(),
        };
        discover(&mut src, &mut p, &mut warned, &rep).unwrap();
        discover(&mut src, &mut p, &mut warned, &rep).unwrap();
        assert_eq!(
            src.added,
            vec![("t".into(), 1), ("t".into(), 2), ("u".into(), 0)]
        );
        assert_eq!(
            said.text(),
            "evctl: note: reading 3 new partitions from the beginning: t/1, t/2, u/0\n"
        );
        // a broker that cannot answer is said once; the read goes on
        src.now = Some(Err(()));
        discover(&mut src, &mut p, &mut warned, &rep).unwrap();
        discover(&mut src, &mut p, &mut warned, &rep).unwrap();
        assert_eq!(said.text().matches("looking for new partitions").count(), 1);
    }

    /// Keeps offsets; stops after `limit`; counts flushes.
    #[derive(Default)]
    struct Collect {
        got: Vec<(i32, i64)>,
        limit: Option<usize>,
        flushes: usize,
    }

    impl Sink for Collect {
        fn record(&mut self, rec: &RecordRef<'_>) -> anyhow::Result<Flow> {
            self.got.push((rec.partition, rec.offset));
            Ok(match self.limit {
                Some(l) if self.got.len() >= l => Flow::Stop,
                _ => Flow::Continue,
            })
        }
        fn flush(&mut self) -> anyhow::Result<()> {
            self.flushes += 1;
            Ok(())
        }
    }

    fn run(src: &mut Script, p: &mut Plan, sink: &mut Collect) -> (ScanEnd, String) {
        let (rep, said) = Reporter::capture(Verbosity::default());
        let stop = AtomicBool::new(false);
        let end = drive(src, p, sink, &stop, &rep).unwrap();
        (end, said.text())
    }

    #[test]
    fn a_gap_before_the_end_is_closed_by_eof() {
        // end captured at 10; offsets 8 and 9 are transaction markers, never delivered
        let mut items: Vec<Fake> = (0..8).map(|o| Fake::Rec("t", 0, o)).collect();
        items.push(Fake::Eof(Some("t"), 0));
        let (mut src, mut p, mut sink) =
            (Script::new(items), plan(&[Some(10)]), Collect::default());
        let (end, _) = run(&mut src, &mut p, &mut sink);
        assert_eq!(end.delivered, 8);
        assert!(p.all_done(None));
    }

    #[test]
    fn records_past_the_captured_end_are_not_delivered() {
        // partition 1: offset 0, then offset 5 after a compacted gap, past its end of 2;
        // partition 0 ends exactly on its last offset
        let items = vec![
            Fake::Rec("t", 1, 0),
            Fake::Idle,
            Fake::Rec("t", 1, 5),
            Fake::Rec("t", 0, 0),
            Fake::Rec("t", 0, 1),
            Fake::Rec("t", 0, 2),
            // never reached: the scan has ended
            Fake::Rec("t", 0, 3),
        ];
        let (mut src, mut p, mut sink) = (
            Script::new(items),
            plan(&[Some(3), Some(2)]),
            Collect::default(),
        );
        run(&mut src, &mut p, &mut sink);
        assert_eq!(sink.got, vec![(1, 0), (0, 0), (0, 1), (0, 2)]);
        assert_eq!(src.items.len(), 1);
        // caught up once (the idle read) and once at the end
        assert_eq!(sink.flushes, 2);
    }

    #[test]
    fn a_sink_can_stop_the_scan() {
        let items = (0..10).map(|o| Fake::Rec("t", 0, o)).collect();
        let (mut src, mut p, mut sink) = (
            Script::new(items),
            plan(&[Some(10)]),
            Collect {
                limit: Some(3),
                ..Collect::default()
            },
        );
        let (end, _) = run(&mut src, &mut p, &mut sink);
        assert_eq!(end.delivered, 3);
    }

    #[test]
    fn transient_problems_are_said_once_and_the_read_goes_on() {
        let items = vec![
            Fake::Transient("broker down"),
            Fake::Transient("broker down"),
            Fake::Rec("t", 0, 0),
        ];
        let (mut src, mut p, mut sink) = (Script::new(items), plan(&[Some(1)]), Collect::default());
        let (_, said) = run(&mut src, &mut p, &mut sink);
        assert_eq!(said, "evctl: warning: broker down (still trying)\n");
        assert_eq!(sink.got, vec![(0, 0)]);
    }

    #[test]
    fn client_side_time_bounds_skip_early_records_and_end_at_before() {
        let mut p = plan(&[Some(100)]);
        p.parts[0][0].since = Some(30);
        p.parts[0][0].before = Some(60);
        // timestamps are offset * 10
        let items = (0..10).map(|o| Fake::Rec("t", 0, o)).collect();
        let (mut src, mut sink) = (Script::new(items), Collect::default());
        run(&mut src, &mut p, &mut sink);
        assert_eq!(sink.got, vec![(0, 3), (0, 4), (0, 5)]);
    }

    #[test]
    fn eof_without_a_topic_uses_positions_when_ambiguous() {
        let mut p = Plan {
            topics: vec![
                TopicInfo {
                    name: "a".into(),
                    partitions: vec![0],
                },
                TopicInfo {
                    name: "b".into(),
                    partitions: vec![0],
                },
            ],
            parts: vec![
                vec![PartState {
                    end: Some(5),
                    ..PartState::default()
                }],
                vec![PartState {
                    end: Some(9),
                    ..PartState::default()
                }],
            ],
            bounded: true,
            dirty: false,
            reach_changed: true,
        };
        p.eof(None, 0, || vec![(("a".into(), 0), 5), (("b".into(), 0), 4)]);
        assert!(p.parts[0][0].done);
        assert!(!p.parts[1][0].done);
        // now only b is left: the next EOF on partition 0 is b's
        p.eof(None, 0, Vec::new);
        assert!(p.all_done(None));
    }

    #[test]
    fn a_group_scan_ends_on_its_assignment_and_commits_only_what_it_holds() {
        let mut p = plan(&[Some(2), Some(2)]);
        let items = vec![
            Fake::Rec("t", 0, 0),
            Fake::Rec("t", 0, 1),
            Fake::Eof(None, 0),
        ];
        let mut src = Script::new(items);
        src.grouped = true;
        // a rebalance gave partition 1 to another member
        src.assigned = vec![("t".into(), 0)];
        let mut sink = Collect::default();
        run(&mut src, &mut p, &mut sink);
        // the last commit is synchronous, after the final flush, for the held partition only
        assert_eq!(
            src.commits.borrow().last(),
            Some(&(vec![(("t".to_string(), 0), 2)], true))
        );
        assert!(p.all_done(Some(&src.assigned)));
        assert!(!p.all_done(None));
        // partition 1 was handed over earlier (before the rebalance) but is not ours now
        p.parts[0][1].next = Some(1);
        assert_eq!(
            p.commit_list(Some(&src.assigned)),
            vec![(("t".to_string(), 0), 2)]
        );
        assert_eq!(p.commit_list(None).len(), 2);
    }

    #[test]
    fn a_follow_scan_says_once_when_it_has_caught_up() {
        #[derive(Default)]
        struct Marks(Vec<String>);
        impl Sink for Marks {
            fn record(&mut self, rec: &RecordRef<'_>) -> anyhow::Result<Flow> {
                self.0.push(format!("{}@{}", rec.partition, rec.offset));
                Ok(Flow::Continue)
            }
            fn flush(&mut self) -> anyhow::Result<()> {
                Ok(())
            }
            fn caught_up(&mut self) -> anyhow::Result<()> {
                self.0.push("caught up".into());
                Ok(())
            }
        }
        // partition 0 had 2 records at the start, partition 1 was empty past an EOF
        let mut p = plan(&[None, None]);
        p.parts[0][0].high = 2;
        p.parts[0][1].high = 5;
        let items = vec![
            Fake::Rec("t", 0, 0),
            Fake::Rec("t", 0, 1),
            Fake::Eof(Some("t"), 1),
            Fake::Rec("t", 0, 2),
            Fake::Rec("t", 1, 5),
        ];
        let mut src = Script::new(items);
        let stop = AtomicBool::new(false);
        let (rep, _) = Reporter::capture(Verbosity::default());
        struct Until<'a>(&'a AtomicBool, Marks);
        impl Sink for Until<'_> {
            fn record(&mut self, rec: &RecordRef<'_>) -> anyhow::Result<Flow> {
                self.1.record(rec)
            }
            fn flush(&mut self) -> anyhow::Result<()> {
                self.0.store(true, Ordering::Relaxed);
                Ok(())
            }
            fn caught_up(&mut self) -> anyhow::Result<()> {
                self.1.caught_up()
            }
        }
        let mut sink = Until(&stop, Marks::default());
        drive(&mut src, &mut p, &mut sink, &stop, &rep).unwrap();
        assert_eq!(sink.1 .0, ["0@0", "0@1", "caught up", "0@2", "1@5"]);
    }

    #[test]
    fn following_never_finishes_on_eof() {
        let mut p = plan(&[None]);
        p.eof(Some("t"), 0, Vec::new);
        assert!(!p.all_done(None));
        // it ends when asked to stop
        let items = vec![Fake::Rec("t", 0, 0), Fake::Eof(Some("t"), 0)];
        let (mut src, mut sink) = (Script::new(items), Collect::default());
        let (rep, _) = Reporter::capture(Verbosity::default());
        let stop = AtomicBool::new(false);
        struct StopAfter<'a>(&'a AtomicBool, Collect);
        impl Sink for StopAfter<'_> {
            fn record(&mut self, rec: &RecordRef<'_>) -> anyhow::Result<Flow> {
                self.1.record(rec)
            }
            fn flush(&mut self) -> anyhow::Result<()> {
                // the first idle read: Ctrl-C
                self.0.store(true, Ordering::Relaxed);
                self.1.flush()
            }
        }
        let mut s = StopAfter(&stop, std::mem::take(&mut sink));
        let end = drive(&mut src, &mut p, &mut s, &stop, &rep).unwrap();
        assert_eq!(end.delivered, 1);
    }
}
