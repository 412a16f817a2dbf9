//! `evctl dlq list|show|replay`: dead-letter queues, read with the scan engine, and sent back
//! where they came from exactly once.
//!
//! How a replay keeps "exactly once" on any broker (no transactions needed):
//! 1. progress is a consumer group on the DLQ, committed only after the replayed records are
//!    acknowledged (the engine commits after the sink's flush, which waits for every ack);
//! 2. before sending anything, the replay reads back every destination and collects the
//!    `replay.of` marks (`DLQ/partition@offset`) of records at or past the group's committed
//!    offsets: those were sent by a run that was killed before it could commit, and are
//!    skipped now. A run killed at any moment (SIGKILL included) and started again therefore
//!    sends each record once; a run that finished leaves nothing to send.
//!
//! The DLQ itself is never changed: Kafka cannot delete single records.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context as _};

use super::Outcome;
use crate::broker::consumer::Consumer;
use crate::broker::producer::{OutRecord, Producer};
use crate::codec::values::{DecodeArgs, ValueDecoder};
use crate::domain::connection::{Connection, ConnectionArgs};
use crate::domain::deadletter::{
    age_bucket, backlog, destination, encode_ends, ends_to_note, parse_replay_of, provenance,
    readback_starts, replay_count, replay_group, replay_headers, DestinationEnds, Provenance,
    REPLAY_OF,
};
use crate::domain::envelope::{encode_envelope, RecordRef};
use crate::domain::filter::Matcher;
use crate::domain::offsets::{EndSpec, StartSpec};
use crate::domain::topics::dlq_origin;
use crate::output::deadletters::{self as show, DlqSummary, ReplayReport};
use crate::output::reporter::Reporter;
use crate::output::{Out, ReportFormat};
use crate::scan::lag::Progress;
use crate::scan::{Flow, ScanSpec, Scanner, Sink, TopicSelection};
use crate::session::{client_log, context, now_ms, signals};

/// A time bound as resolved for this run (record timestamps, ms) and as the user gave it
/// (`@-1h`): the text names the replay group, so the same flags find the same group again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeBound {
    pub at_ms: i64,
    pub given: String,
}

/// Which records of a DLQ a command takes.
#[derive(Debug, Clone, Default)]
pub struct DlqFilters {
    /// Dead-lettered at or after / before.
    pub since: Option<TimeBound>,
    pub until: Option<TimeBound>,
    pub error: Option<regex::Regex>,
    pub correlation_id: Option<String>,
    pub key: Option<Vec<u8>>,
    /// At most this many records (after the other filters).
    pub max: Option<u64>,
}

impl DlqFilters {
    pub fn is_empty(&self) -> bool {
        self.since.is_none()
            && self.until.is_none()
            && self.error.is_none()
            && self.correlation_id.is_none()
            && self.key.is_none()
            && self.max.is_none()
    }

    /// A stable text of the filters as given (names the default replay group of a filtered
    /// replay): a relative `--since @-1h` is the same text on every run, not the instant it
    /// resolved to.
    fn describe(&self) -> String {
        let given = |b: &Option<TimeBound>| b.as_ref().map(|b| b.given.clone());
        format!(
            "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
            given(&self.since),
            given(&self.until),
            self.error.as_ref().map(regex::Regex::as_str),
            self.correlation_id,
            self.key,
            self.max
        )
    }

    fn correlation(&self) -> Option<Matcher> {
        self.correlation_id
            .as_deref()
            .map(Matcher::conventional_correlation)
    }
}

/// `dlq list`: which topics, and when the answer is a negative result.
#[derive(Debug)]
pub struct ListRequest {
    pub conn: ConnectionArgs,
    /// None: the usual suffixes (`.dlq`, `.DLT`, `-dlt`, `.deadletter`).
    pub pattern: Option<regex::Regex>,
    pub non_empty: bool,
    /// Exit 1 when a DLQ holds more than this many records not replayed yet.
    pub fail_above: Option<u64>,
    pub format: ReportFormat,
}

#[derive(Debug)]
pub enum DlqRequest {
    List(ListRequest),
    Show {
        conn: ConnectionArgs,
        topic: String,
        filters: DlqFilters,
        format: ShowFormat,
        decode: DecodeArgs,
    },
    Replay(ReplayRequest),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShowFormat {
    Text,
    Jsonl,
}

#[derive(Debug)]
pub struct ReplayRequest {
    pub conn: ConnectionArgs,
    pub topic: String,
    pub to: Option<String>,
    pub keep_partition: bool,
    pub max_replays: u32,
    pub dry_run: bool,
    pub filters: DlqFilters,
    /// Records per second; None: as fast as the broker takes them.
    pub rate: Option<f64>,
    pub group: Option<String>,
    /// Read the destinations back only this far (default: from their start).
    pub lookback: Option<Duration>,
    pub format: ReportFormat,
    pub decode: DecodeArgs,
}

pub fn run(rep: &Reporter, out: &mut Out, r: DlqRequest) -> anyhow::Result<Outcome> {
    match r {
        DlqRequest::List(r) => list(rep, out, &r),
        DlqRequest::Show {
            conn,
            topic,
            filters,
            format,
            decode,
        } => show_records(rep, out, &conn, &topic, &filters, format, &decode),
        DlqRequest::Replay(r) => replay(rep, out, &r),
    }
}

fn write_out(out: &mut Out, text: &str) -> anyhow::Result<()> {
    crate::output::write_text(out, text).context("writing output")
}

/// A bounded scan of `topics` from their start.
fn bounded(topics: TopicSelection, from: StartSpec) -> ScanSpec {
    ScanSpec {
        route: None,
        topics,
        from,
        until: Some(EndSpec::End),
        group: None,
    }
}

/// Per DLQ topic: depth, oldest and newest record, error reasons.
#[derive(Default)]
struct Census {
    by_topic: BTreeMap<String, (DlqSummary, HashMap<String, u64>)>,
}

impl Sink for Census {
    fn record(&mut self, rec: &RecordRef<'_>) -> anyhow::Result<Flow> {
        let (d, errors) = self
            .by_topic
            .entry(rec.topic.to_string())
            .or_insert_with(|| (DlqSummary::default(), HashMap::new()));
        d.backlog.depth += 1;
        if let Some(ts) = rec.timestamp {
            d.oldest_ms = Some(d.oldest_ms.map_or(ts, |o| o.min(ts)));
            d.newest_ms = Some(d.newest_ms.map_or(ts, |n| n.max(ts)));
        }
        let reason = provenance(rec.headers)
            .error
            .unwrap_or_else(|| "(no error recorded)".into());
        *errors.entry(reason).or_default() += 1;
        Ok(Flow::Continue)
    }

    fn flush(&mut self) -> anyhow::Result<()> {
        Ok(())
    }
}

fn list(rep: &Reporter, out: &mut Out, r: &ListRequest) -> anyhow::Result<Outcome> {
    let conn = context::connection(&r.conn)?;
    let names: Vec<String> = crate::broker::admin::list_topics(&conn, false, &client_log(rep))?
        .into_iter()
        .map(|t| t.name)
        .filter(|n| {
            r.pattern
                .as_ref()
                .map_or_else(|| dlq_origin(n).is_some(), |re| re.is_match(n))
        })
        .collect();
    let mut census = Census::default();
    let mut progress = HashMap::new();
    if !names.is_empty() {
        let scanner = Scanner::open(
            &conn,
            &bounded(TopicSelection::Names(names.clone()), StartSpec::Beginning),
            rep,
        )?;
        let stop = signals::stop_flag()?;
        scanner.run(&mut census, &stop, rep)?;
        progress = replay_progress(&conn, &names, rep)?;
    }
    let mut dlqs: Vec<DlqSummary> = names
        .iter()
        .map(|n| {
            let mut d = census.summary(n);
            let parts = progress.remove(n).unwrap_or_default();
            d.backlog = backlog(d.backlog.depth, &parts);
            d
        })
        .collect();
    if r.non_empty {
        dlqs.retain(|d| d.backlog.depth > 0);
    }
    write_out(out, &show::list(&dlqs, now_ms(), r.format))?;
    let mut over = false;
    for (d, n) in dlqs
        .iter()
        .filter_map(|d| Some((d, r.fail_above?)))
        .filter(|(d, n)| d.backlog.pending > *n)
    {
        rep.always(show::over(d, n));
        over = true;
    }
    Ok(if over {
        Outcome::Negative
    } else {
        Outcome::Success
    })
}

impl Census {
    /// One DLQ's summary (an empty one when the scan saw none of its records).
    fn summary(&mut self, topic: &str) -> DlqSummary {
        let Some((mut d, errors)) = self.by_topic.remove(topic) else {
            return DlqSummary {
                topic: topic.to_string(),
                ..DlqSummary::default()
            };
        };
        let mut top: Vec<(String, u64)> = errors.into_iter().collect();
        top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        top.truncate(3);
        d.topic = topic.to_string();
        d.top_errors = top;
        d
    }
}

/// Per DLQ: each partition's (low, high) watermarks and its replay group's commit there.
fn replay_progress(conn: &Connection, dlqs: &[String], rep: &Reporter) -> anyhow::Result<Progress> {
    let c = Consumer::connect(conn, None, None, &client_log(rep))?;
    let parts: Vec<(String, i32)> = c
        .topics(dlqs)?
        .iter()
        .flat_map(|t| t.partitions.iter().map(|p| (t.name.clone(), *p)))
        .collect();
    let marks = c.watermarks_of(&parts)?;
    crate::scan::lag::replay_progress(&c, &marks)
}

/// Whether a record passes the filters (`--max` is counted by the caller).
struct Judge<'a> {
    filters: &'a DlqFilters,
    correlation: Option<Matcher>,
    decoder: Option<ValueDecoder>,
}

impl Judge<'_> {
    fn passes(&mut self, rec: &RecordRef<'_>, p: &Provenance) -> bool {
        if !self.plain(rec, p) {
            return false;
        }
        if self.correlation.is_none() {
            return true;
        }
        let decoded = self.decoded(rec);
        self.matches(rec, decoded.as_deref())
    }

    /// The filters that need no decoding: time, key, error.
    fn plain(&self, rec: &RecordRef<'_>, p: &Provenance) -> bool {
        let f = self.filters;
        let ts = rec.timestamp.unwrap_or(i64::MIN);
        if f.since.as_ref().is_some_and(|s| ts < s.at_ms)
            || f.until.as_ref().is_some_and(|u| ts >= u.at_ms)
        {
            return false;
        }
        if f.key
            .as_ref()
            .is_some_and(|k| rec.key != Some(k.as_slice()))
        {
            return false;
        }
        f.error
            .as_ref()
            .is_none_or(|re| p.error.as_deref().is_some_and(|e| re.is_match(e)))
    }

    /// The correlation filter on a record whose value was decoded already (or is raw).
    fn matches(&self, rec: &RecordRef<'_>, decoded: Option<&[u8]>) -> bool {
        self.correlation.as_ref().is_none_or(|m| {
            m.accepts(&RecordRef {
                value: decoded.or(rec.value),
                ..*rec
            })
        })
    }

    /// The value as JSON when it is framed Avro and decodes (None: show it as it is).
    fn decoded(&mut self, rec: &RecordRef<'_>) -> Option<Vec<u8>> {
        let (d, v) = (self.decoder.as_mut()?, rec.value?);
        d.decode_owned(rec.topic, rec.headers, v).ok().flatten()
    }
}

/// Prints a DLQ's records with their provenance.
struct ShowSink<'a, W: Write> {
    /// Its decoder also decodes what is shown.
    judge: Judge<'a>,
    format: ShowFormat,
    out: W,
    shown: u64,
    now: i64,
}

impl<W: Write> Sink for ShowSink<'_, W> {
    fn record(&mut self, rec: &RecordRef<'_>) -> anyhow::Result<Flow> {
        let p = provenance(rec.headers);
        if !self.judge.plain(rec, &p) {
            return Ok(Flow::Continue);
        }
        // decoded once: for the correlation filter and for showing
        let value = self.judge.decoded(rec);
        if !self.judge.matches(rec, value.as_deref()) {
            return Ok(Flow::Continue);
        }
        let shown = RecordRef {
            value: value.as_deref().or(rec.value),
            ..*rec
        };
        match self.format {
            ShowFormat::Jsonl => {
                let mut env = Vec::new();
                encode_envelope(&mut env, &shown);
                let mut v: serde_json::Map<String, serde_json::Value> =
                    serde_json::from_slice(&env).unwrap_or_default();
                v.insert("provenance".into(), show::provenance_json(&p));
                writeln!(self.out, "{}", serde_json::Value::Object(v))?;
            }
            ShowFormat::Text => {
                let text = shown
                    .value
                    .map(|b| String::from_utf8_lossy(b).into_owned())
                    .unwrap_or_else(|| "(tombstone)".into());
                let at = format!("{}[{}]@{}", rec.topic, rec.partition, rec.offset);
                let age = show::age(self.now, rec.timestamp);
                writeln!(self.out, "{}", show::show_line(&at, &age, &p, &text))?;
            }
        }
        self.shown += 1;
        Ok(match self.judge.filters.max {
            Some(m) if self.shown >= m => Flow::Stop,
            _ => Flow::Continue,
        })
    }

    fn flush(&mut self) -> anyhow::Result<()> {
        self.out.flush().context("writing output")
    }
}

fn decoder(a: &DecodeArgs, conn: &Connection) -> anyhow::Result<Option<ValueDecoder>> {
    Ok(ValueDecoder::open(a, conn)?)
}

fn show_records(
    rep: &Reporter,
    out: &mut Out,
    conn: &ConnectionArgs,
    topic: &str,
    filters: &DlqFilters,
    format: ShowFormat,
    decode: &DecodeArgs,
) -> anyhow::Result<Outcome> {
    let conn = context::connection(conn)?;
    let scanner = Scanner::open(
        &conn,
        &bounded(
            TopicSelection::Names(vec![topic.to_string()]),
            StartSpec::Beginning,
        ),
        rep,
    )?;
    let mut sink = ShowSink {
        judge: Judge {
            filters,
            correlation: filters.correlation(),
            decoder: decoder(decode, &conn)?,
        },
        format,
        out,
        shown: 0,
        now: now_ms(),
    };
    let stop = signals::stop_flag()?;
    scanner.run(&mut sink, &stop, rep)?;
    Ok(if sink.shown == 0 && !filters.is_empty() {
        Outcome::Negative
    } else {
        Outcome::Success
    })
}

/// What a replay does with one DLQ record.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Verdict {
    Send { to: String, partition: Option<i32> },
    Filtered,
    LoopGuard,
}

/// Classifies records the same way in the plan and in the replay.
struct Classifier<'a> {
    r: &'a ReplayRequest,
    judge: Judge<'a>,
    /// Records that passed the filters so far (for `--max`).
    taken: u64,
}

impl Classifier<'_> {
    fn verdict(&mut self, rec: &RecordRef<'_>, p: &Provenance) -> anyhow::Result<Verdict> {
        if self.r.filters.max.is_some_and(|m| self.taken >= m) || !self.judge.passes(rec, p) {
            return Ok(Verdict::Filtered);
        }
        self.taken += 1;
        if replay_count(rec.headers) >= self.r.max_replays {
            return Ok(Verdict::LoopGuard);
        }
        let to = destination(p, self.r.to.as_deref(), &self.r.topic).ok_or_else(|| {
            anyhow!(
                "{}/{}@{}: no provenance headers and {} has no DLQ suffix: say where it goes with --to TOPIC",
                rec.topic,
                rec.partition,
                rec.offset,
                self.r.topic
            )
        })?;
        let partition = if self.r.keep_partition {
            p.partition
        } else {
            None
        };
        Ok(Verdict::Send { to, partition })
    }
}

/// What the replay group committed on the DLQ: the offsets per partition (0 where none), and
/// where to read the destinations back from, as its notes say (None: from their start).
struct Committed {
    offsets: HashMap<i32, i64>,
    readback: Option<DestinationEnds>,
    /// Whether the DLQ holds records past the committed offsets.
    pending: bool,
    /// The client that asked (kept for the destinations' metadata).
    consumer: Consumer,
}

impl Committed {
    fn read(conn: &Connection, group: &str, dlq: &str, rep: &Reporter) -> anyhow::Result<Self> {
        let c = Consumer::connect(conn, Some(group), None, &client_log(rep))?;
        let info = c.topics(&[dlq.to_string()])?;
        let parts: Vec<(String, i32)> = info
            .iter()
            .flat_map(|t| t.partitions.iter().map(|p| (t.name.clone(), *p)))
            .collect();
        let got = c.committed_noted(&parts)?;
        let readback = readback_starts(
            got.iter()
                .filter(|((_, o), _)| o.is_some())
                .map(|(_, note)| note.as_slice()),
        );
        let offsets: HashMap<i32, i64> = got
            .into_iter()
            .map(|(((_, p), o), _)| (p, o.unwrap_or(0)))
            .collect();
        // (one offsets query per broker, not a round trip per partition)
        let pending = c
            .watermarks_of(&parts)?
            .iter()
            .any(|((_, p), (_, high))| *high > offsets.get(p).copied().unwrap_or(0));
        Ok(Self {
            offsets,
            readback,
            pending,
            consumer: c,
        })
    }

    /// Where the scan of the DLQ starts: each partition at its committed offset.
    fn starts(&self, dlq: &str) -> HashMap<(String, i32), i64> {
        self.offsets
            .iter()
            .map(|(p, o)| ((dlq.to_string(), *p), *o))
            .collect()
    }
}

/// A destination's partition ends when it was read back, and the marks found in it.
type Seen = (BTreeMap<i32, i64>, Vec<(i32, i64)>);

/// What the read-back of the destinations found, one destination at a time as the replay
/// meets it: the `replay.of` marks of this DLQ at or past the committed offsets (records a
/// killed run sent), read from where the last commit's note says the destination ended.
struct ReadBacks<'a> {
    conn: &'a Connection,
    dlq: &'a str,
    committed: &'a Committed,
    lookback: Option<Duration>,
    /// Per destination: its ends when read back, and the marks found in it.
    seen: BTreeMap<String, Seen>,
    found: HashSet<(i32, i64)>,
    /// Destination records read.
    records: u64,
}

impl<'a> ReadBacks<'a> {
    fn new(conn: &'a Connection, r: &'a ReplayRequest, committed: &'a Committed) -> Self {
        Self {
            conn,
            dlq: &r.topic,
            committed,
            lookback: r.lookback,
            seen: BTreeMap::new(),
            found: HashSet::new(),
            records: 0,
        }
    }

    /// Reads `dest` back once (before anything is sent to it), whole: Ctrl-C meanwhile is
    /// left to the replay's scan (an interrupted read-back would let a record a killed run
    /// already sent through again).
    fn ensure(&mut self, dest: &str, rep: &Reporter) -> anyhow::Result<()> {
        if self.seen.contains_key(dest) {
            return Ok(());
        }
        let exists = !self
            .committed
            .consumer
            .topics_where(|n| n == dest)?
            .is_empty();
        let mut ends = BTreeMap::new();
        let mut back = ReadBack {
            dlq: self.dlq,
            committed: &self.committed.offsets,
            found: Vec::new(),
        };
        if exists {
            let from = match self.lookback {
                Some(d) => {
                    StartSpec::Time(now_ms() - i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
                }
                None => StartSpec::Beginning,
            };
            let noted: HashMap<(String, i32), i64> = self
                .committed
                .readback
                .as_ref()
                .and_then(|n| n.get(dest))
                .map(|parts| {
                    parts
                        .iter()
                        .map(|(p, o)| ((dest.to_string(), *p), *o))
                        .collect()
                })
                .unwrap_or_default();
            let spec = bounded(TopicSelection::Names(vec![dest.to_string()]), from);
            let scanner = Scanner::open_from(self.conn, &spec, &noted, rep)?;
            ends = scanner
                .highs()
                .into_iter()
                .map(|((_, p), high)| (p, high))
                .collect();
            let whole = AtomicBool::new(false);
            self.records += scanner.run(&mut back, &whole, rep)?.delivered;
        }
        self.found.extend(back.found.iter().copied());
        self.seen.insert(dest.to_string(), (ends, back.found));
        Ok(())
    }

    /// The note for the group's commits: each destination's ends when it was read back,
    /// unless marks of an earlier run were found in it (then where it was read from stays,
    /// until a run finds none). Judged against the offsets committed when this run began, the
    /// note holds for any later commit, whichever lands first.
    fn note(&self) -> Option<String> {
        let read_back = self
            .seen
            .iter()
            .map(|(dest, (ends, marks))| (dest.clone(), (ends.clone(), !marks.is_empty())))
            .collect();
        let earlier = self.committed.readback.clone().unwrap_or_default();
        encode_ends(&ends_to_note(&earlier, &read_back))
    }
}

/// The records a replay would handle now (past the committed offsets), classified.
struct Planner<'a> {
    class: Classifier<'a>,
    committed: &'a HashMap<i32, i64>,
    /// (partition, offset, verdict, error, timestamp)
    plan: Vec<(i32, i64, Verdict, String, Option<i64>)>,
}

impl Sink for Planner<'_> {
    fn record(&mut self, rec: &RecordRef<'_>) -> anyhow::Result<Flow> {
        if rec.offset < self.committed.get(&rec.partition).copied().unwrap_or(0) {
            return Ok(Flow::Continue);
        }
        let p = provenance(rec.headers);
        let v = self.class.verdict(rec, &p)?;
        let error = p.error.unwrap_or_else(|| "(no error recorded)".into());
        self.plan
            .push((rec.partition, rec.offset, v, error, rec.timestamp));
        Ok(Flow::Continue)
    }

    fn flush(&mut self) -> anyhow::Result<()> {
        Ok(())
    }
}

/// The `replay.of` marks for this DLQ found in a destination, at or past the committed offsets.
struct ReadBack<'a> {
    dlq: &'a str,
    committed: &'a HashMap<i32, i64>,
    found: Vec<(i32, i64)>,
}

impl Sink for ReadBack<'_> {
    fn record(&mut self, rec: &RecordRef<'_>) -> anyhow::Result<Flow> {
        for (n, v) in rec.headers {
            if *n == REPLAY_OF {
                if let Some((p, o)) = v.and_then(|v| parse_replay_of(v, self.dlq)) {
                    if o >= self.committed.get(&p).copied().unwrap_or(0) {
                        self.found.push((p, o));
                    }
                }
            }
        }
        Ok(Flow::Continue)
    }

    fn flush(&mut self) -> anyhow::Result<()> {
        Ok(())
    }
}

/// Sends records back; `flush` waits until every one is acknowledged (then the engine commits).
struct Replayer<'a> {
    class: Classifier<'a>,
    producer: Producer,
    backs: ReadBacks<'a>,
    rep: &'a Reporter,
    report: ReplayReport,
    /// When the first record was sent: `--rate` is held from there (not from the group join).
    began: Option<Instant>,
    sent: u64,
    progress: Option<indicatif::ProgressBar>,
}

impl Replayer<'_> {
    /// Holds the pace of `--rate`.
    fn pace(&mut self) {
        let began = *self.began.get_or_insert_with(Instant::now);
        if let Some(rate) = self.class.r.rate {
            let due = Duration::from_secs_f64(self.sent as f64 / rate);
            if let Some(wait) = due.checked_sub(began.elapsed()) {
                std::thread::sleep(wait);
            }
        }
    }
}

impl Sink for Replayer<'_> {
    fn record(&mut self, rec: &RecordRef<'_>) -> anyhow::Result<Flow> {
        let p = provenance(rec.headers);
        // before the first record for a destination: what a killed run already sent there
        if let Some(dest) = destination(&p, self.class.r.to.as_deref(), &self.class.r.topic) {
            self.backs.ensure(&dest, self.rep)?;
        }
        if self.backs.found.contains(&(rec.partition, rec.offset)) {
            self.report.already_replayed += 1;
            return Ok(Flow::Continue);
        }
        match self.class.verdict(rec, &p)? {
            Verdict::Filtered => self.report.skipped_by_filter += 1,
            Verdict::LoopGuard => self.report.refused_by_loop_guard += 1,
            Verdict::Send { to, partition } => {
                self.pace();
                let owned =
                    replay_headers(rec.headers, &self.class.r.topic, rec.partition, rec.offset);
                let headers: Vec<(&str, Option<&[u8]>)> = owned
                    .iter()
                    .map(|(n, v)| (n.as_str(), v.as_deref()))
                    .collect();
                self.producer.send(
                    &to,
                    &OutRecord {
                        key: rec.key,
                        value: rec.value,
                        headers: &headers,
                        partition,
                        timestamp: None,
                        line: usize::try_from(rec.offset).unwrap_or(0),
                    },
                )?;
                self.sent += 1;
                *self.report.per_destination.entry(to).or_default() += 1;
                if let Some(pb) = &self.progress {
                    pb.inc(1);
                }
            }
        }
        Ok(Flow::Continue)
    }

    fn flush(&mut self) -> anyhow::Result<()> {
        self.producer.flush(Duration::from_secs(60))?;
        let stats = self.producer.stats();
        if stats.failed > 0 {
            let (offset, why) = stats.first_failure.unwrap_or((0, "unknown".into()));
            bail!(
                "{} replayed record{} not delivered (first: {}@{offset}: {why}); nothing past them was committed: run the replay again",
                stats.failed,
                if stats.failed == 1 { " was" } else { "s were" },
                self.class.r.topic
            );
        }
        Ok(())
    }

    fn commit_note(&mut self, _offsets: &[((String, i32), i64)]) -> Option<String> {
        self.backs.note()
    }
}

/// The default progress group: one per DLQ, and one per filter set (a filtered replay must not
/// move an unfiltered one past records it left behind).
fn group_name(r: &ReplayRequest) -> String {
    if let Some(g) = &r.group {
        return g.clone();
    }
    let base = replay_group(&r.topic);
    if r.filters.is_empty() && r.to.is_none() {
        return base;
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in format!("{}|{:?}", r.filters.describe(), r.to).bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{base}-{:08x}", h & 0xffff_ffff)
}

fn replay(rep: &Reporter, out: &mut Out, r: &ReplayRequest) -> anyhow::Result<Outcome> {
    let conn = context::connection(&r.conn)?;
    let group = group_name(r);
    let committed = Committed::read(&conn, &group, &r.topic, rep)?;
    let stop = signals::stop_flag()?;
    let classifier = || -> anyhow::Result<Classifier<'_>> {
        Ok(Classifier {
            r,
            judge: Judge {
                filters: &r.filters,
                correlation: r.filters.correlation(),
                decoder: decoder(&r.decode, &conn)?,
            },
            taken: 0,
        })
    };
    let dlq_only = TopicSelection::Names(vec![r.topic.clone()]);
    if r.dry_run {
        return dry_run(rep, out, r, &conn, &committed, classifier()?, &stop);
    }
    if !committed.pending {
        // nothing past the group's offsets: no group to join, nothing to read back
        let report = ReplayReport {
            dlq: r.topic.clone(),
            group,
            max_replays: r.max_replays,
            ..ReplayReport::default()
        };
        show::write_replay(out, &report, r.format).context("writing output")?;
        return Ok(Outcome::Success);
    }
    // one scan of the DLQ, as the group, from its committed offsets; each destination is read
    // back (from where the last commit's note says it ended) before the first record for it
    let (producer, _) = Producer::connect(&conn, &r.topic, &client_log(rep))?;
    let mut replayer = Replayer {
        class: classifier()?,
        producer,
        backs: ReadBacks::new(&conn, r, &committed),
        rep,
        report: ReplayReport {
            dlq: r.topic.clone(),
            group: group.clone(),
            max_replays: r.max_replays,
            ..ReplayReport::default()
        },
        began: None,
        sent: 0,
        progress: rep.progress(&format!("replaying {}", r.topic)),
    };
    let spec = ScanSpec {
        route: None,
        topics: dlq_only,
        from: StartSpec::Beginning,
        until: Some(EndSpec::End),
        group: Some(group),
    };
    let end = Scanner::open(&conn, &spec, rep)?.run(&mut replayer, &stop, rep)?;
    if let Some(pb) = &replayer.progress {
        pb.finish_and_clear();
    }
    let mut report = replayer.report;
    report.replayed = report.per_destination.values().sum();
    report.read_back = replayer.backs.records;
    report.seconds = end.elapsed.as_secs_f64();
    show::write_replay(out, &report, r.format).context("writing output")?;
    // Ctrl-C: what was sent is acknowledged and committed; the next replay goes on from there
    if stop.load(std::sync::atomic::Ordering::Relaxed) {
        rep.warn(show::replay_cut_short(report.replayed));
        return Ok(Outcome::Interrupted);
    }
    Ok(Outcome::Success)
}

/// `--dry-run`: the records past the committed offsets, classified, and which of them a
/// killed run already sent (the destinations read back as a replay would).
fn dry_run(
    rep: &Reporter,
    out: &mut Out,
    r: &ReplayRequest,
    conn: &Connection,
    committed: &Committed,
    class: Classifier<'_>,
    stop: &AtomicBool,
) -> anyhow::Result<Outcome> {
    let mut planner = Planner {
        class,
        committed: &committed.offsets,
        plan: Vec::new(),
    };
    let dlq_only = TopicSelection::Names(vec![r.topic.clone()]);
    Scanner::open_from(
        conn,
        &bounded(dlq_only, StartSpec::Beginning),
        &committed.starts(&r.topic),
        rep,
    )?
    .run(&mut planner, stop, rep)?;
    let mut backs = ReadBacks::new(conn, r, committed);
    for (_, _, v, _, _) in &planner.plan {
        if let Verdict::Send { to, .. } = v {
            backs.ensure(to, rep)?;
        }
    }
    let mut report = dry_run_report(r, &group_name(r), &planner.plan, &backs.found);
    report.read_back = backs.records;
    show::write_replay(out, &report, r.format).context("writing output")?;
    Ok(Outcome::Success)
}

fn dry_run_report(
    r: &ReplayRequest,
    group: &str,
    plan: &[(i32, i64, Verdict, String, Option<i64>)],
    done: &HashSet<(i32, i64)>,
) -> ReplayReport {
    let now = now_ms();
    let mut report = ReplayReport {
        dlq: r.topic.clone(),
        group: group.to_string(),
        dry_run: true,
        max_replays: r.max_replays,
        ..ReplayReport::default()
    };
    for (p, o, v, error, ts) in plan {
        if done.contains(&(*p, *o)) {
            report.already_replayed += 1;
            continue;
        }
        match v {
            Verdict::Filtered => report.skipped_by_filter += 1,
            Verdict::LoopGuard => report.refused_by_loop_guard += 1,
            Verdict::Send { to, .. } => {
                *report.per_destination.entry(to.clone()).or_default() += 1;
                *report.per_error.entry(error.clone()).or_default() += 1;
                let age = ts.map_or("unknown", |t| age_bucket(now - t));
                *report.per_age.entry(age.to_string()).or_default() += 1;
                if report.samples.len() < 3 {
                    report
                        .samples
                        .push(format!("{}/{p}@{o} → {to}: {error}", r.topic));
                }
            }
        }
    }
    report.replayed = report.per_destination.values().sum();
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> ReplayRequest {
        ReplayRequest {
            conn: ConnectionArgs::default(),
            topic: "pay.dlq".into(),
            to: None,
            keep_partition: false,
            max_replays: 3,
            dry_run: false,
            filters: DlqFilters::default(),
            rate: None,
            group: None,
            lookback: None,
            format: ReportFormat::Text,
            decode: DecodeArgs::default(),
        }
    }

    fn rec<'a>(offset: i64, headers: &'a [(&'a str, Option<&'a [u8]>)]) -> RecordRef<'a> {
        RecordRef {
            topic: "pay.dlq",
            partition: 0,
            offset,
            timestamp: Some(1000 + offset),
            key: Some(b"o-1"),
            value: Some(br#"{"correlationId":"c-1"}"#),
            headers,
            value_error: None,
            value_invalid: None,
        }
    }

    #[test]
    fn verdicts_follow_filters_the_loop_guard_and_provenance() {
        let mut r = request();
        r.filters.error = Some(regex::Regex::new("timed out").unwrap());
        let mut c = Classifier {
            r: &r,
            judge: Judge {
                filters: &r.filters,
                correlation: None,
                decoder: None,
            },
            taken: 0,
        };
        let h: [(&str, Option<&[u8]>); 2] = [
            ("dlq.original.topic", Some(b"payment.requested")),
            ("dlq.error", Some(b"payment gateway timed out")),
        ];
        let r0 = rec(0, &h);
        assert_eq!(
            c.verdict(&r0, &provenance(&h)).unwrap(),
            Verdict::Send {
                to: "payment.requested".into(),
                partition: None
            }
        );
        let other: [(&str, Option<&[u8]>); 1] = [("dlq.error", Some(b"card declined"))];
        assert_eq!(
            c.verdict(&rec(1, &other), &provenance(&other)).unwrap(),
            Verdict::Filtered
        );
        let looped: [(&str, Option<&[u8]>); 2] = [
            ("dlq.error", Some(b"timed out")),
            ("replay.count", Some(b"3")),
        ];
        assert_eq!(
            c.verdict(&rec(2, &looped), &provenance(&looped)).unwrap(),
            Verdict::LoopGuard
        );
        // no provenance: the DLQ's name leads back
        let bare: [(&str, Option<&[u8]>); 1] = [("dlq.error", Some(b"timed out"))];
        assert_eq!(
            c.verdict(&rec(3, &bare), &provenance(&bare)).unwrap(),
            Verdict::Send {
                to: "pay".into(),
                partition: None
            }
        );
    }

    #[test]
    fn filtered_replays_keep_their_own_progress() {
        let mut r = request();
        assert_eq!(group_name(&r), "evctl-dlq-replay-pay.dlq");
        r.filters.correlation_id = Some("c-1".into());
        let a = group_name(&r);
        assert!(a.starts_with("evctl-dlq-replay-pay.dlq-") && a != "evctl-dlq-replay-pay.dlq");
        r.filters.correlation_id = Some("c-2".into());
        assert_ne!(group_name(&r), a);
        r.group = Some("mine".into());
        assert_eq!(group_name(&r), "mine");
    }

    /// `--since @-1h` resolves to another instant on every run; the group must not change
    /// with it, or a rerun with the same flags would start over (resting on the read-back).
    #[test]
    fn a_relative_time_filter_names_the_same_group_on_every_run() {
        let at = |ms| TimeBound {
            at_ms: ms,
            given: "@-1h".into(),
        };
        let (mut first, mut rerun) = (request(), request());
        first.filters.since = Some(at(1_000_000));
        rerun.filters.since = Some(at(4_600_000));
        assert_eq!(group_name(&first), group_name(&rerun));
        rerun.filters.since = Some(TimeBound {
            at_ms: 4_600_000,
            given: "@-2h".into(),
        });
        assert_ne!(group_name(&first), group_name(&rerun));
    }

    #[test]
    fn correlation_filters_look_in_headers_and_values() {
        let filters = DlqFilters {
            correlation_id: Some("c-1".into()),
            ..DlqFilters::default()
        };
        let mut j = Judge {
            filters: &filters,
            correlation: filters.correlation(),
            decoder: None,
        };
        let p = provenance(&[]);
        assert!(j.passes(&rec(0, &[]), &p));
        let mut other = rec(0, &[]);
        other.value = Some(br#"{"correlationId":"c-2"}"#);
        assert!(!j.passes(&other, &p));
        // (which names are DLQs: domain::topics::dlq_origin's tests)
    }
}
