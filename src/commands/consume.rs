//! `evctl consume`: plan per-partition start/end offsets, read, filter, print, commit.
//!
//! Bounded reads (the default) capture every partition's end offset before the first fetch and
//! stop exactly there. A partition is finished when a record at or past its end arrives, or when
//! librdkafka reports the partition's end (EOF): that report comes with the fetch position at the
//! broker's current end, which can only be at or past the captured one, so offset gaps
//! (compaction, transaction markers) cannot make the read hang or stop early.
//! With `-g`, offsets are committed only after the records were written and flushed.

use std::io::{IsTerminal, Write};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};

use super::{context, signals, Outcome};
use crate::broker::consumer::{with_record, BatchItem, Consumer, Polled, TimeOffset, TopicInfo};
use crate::broker::BrokerError;
use crate::cli::Globals;
use crate::codec::avro_codec::{decode_json, split_confluent, DecodeOptions};
use crate::codec::avro_schema::AvroSchema;
use crate::codec::registry::Registry;
use crate::domain::connection::ConnectionArgs;
use crate::domain::envelope::RecordRef;
use crate::domain::filter::Filters;
use crate::domain::offsets::{EndSpec, StartSpec};
use crate::output::records::{RecordFormat, RecordPrinter};
use std::collections::HashMap;

#[derive(Debug)]
pub enum TopicSelection {
    Names(Vec<String>),
    Regex(regex::Regex),
}

#[derive(Debug)]
pub struct ConsumeRequest {
    pub conn: ConnectionArgs,
    pub topics: TopicSelection,
    pub from: StartSpec,
    /// None: follow.
    pub until: Option<EndSpec>,
    pub count: Option<u64>,
    pub group: Option<String>,
    pub filters: Filters,
    /// None: jsonl when stdout is not a terminal, text when it is.
    pub format: Option<RecordFormat>,
    pub decode: DecodeArgs,
}

/// How Avro values in the Confluent wire format are decoded.
#[derive(Debug, Clone, Default)]
pub struct DecodeArgs {
    pub registry: Option<crate::commands::produce::RegistryArgs>,
    /// Local .avsc files to try when the registry is not there or lacks the id.
    pub schemas_dir: Option<std::path::PathBuf>,
    pub rfc3339: bool,
    pub skip_undecodable: bool,
}

enum Decoded {
    NotFramed,
    Json,
    Failed(String),
}

/// Decodes Confluent-framed Avro values: schemas by id from the registry (cached), else the
/// first local schema that decodes the whole datum.
pub struct ValueDecoder {
    registry: Option<Registry>,
    cache: HashMap<u32, Result<std::rc::Rc<AvroSchema>, String>>,
    local: Vec<AvroSchema>,
    opts: DecodeOptions,
    out: Vec<u8>,
    skip: bool,
    undecodable: u64,
    /// The last decode failure, lent to the printed record.
    reason: String,
    /// A decoded key: a string key as its text, anything else as compact JSON.
    key_out: Vec<u8>,
}

impl ValueDecoder {
    fn new(a: &DecodeArgs, context_url: Option<&str>) -> anyhow::Result<Option<Self>> {
        let url = a
            .registry
            .as_ref()
            .and_then(|r| r.url.clone())
            .or(context_url.map(str::to_string));
        if url.is_none() && a.schemas_dir.is_none() {
            return Ok(None);
        }
        let registry = url.map(|u| {
            let r = a
                .registry
                .clone()
                .unwrap_or(crate::commands::produce::RegistryArgs {
                    url: None,
                    user: None,
                    password: None,
                });
            Registry::new(&u, r.user.as_deref(), r.password.as_deref())
        });
        let mut local = Vec::new();
        if let Some(dir) = &a.schemas_dir {
            let mut files: Vec<_> = std::fs::read_dir(dir)
                .with_context(|| format!("--schemas: cannot read {}", dir.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "avsc"))
                .collect();
            files.sort();
            for f in files {
                let text = std::fs::read_to_string(&f)
                    .with_context(|| format!("cannot read {}", f.display()))?;
                local.push(
                    AvroSchema::parse_str(&text)
                        .map_err(|e| anyhow::anyhow!("{}: invalid schema: {e}", f.display()))?,
                );
            }
        }
        Ok(Some(Self {
            registry,
            cache: HashMap::new(),
            local,
            opts: DecodeOptions { rfc3339: a.rfc3339 },
            out: Vec::new(),
            skip: a.skip_undecodable,
            undecodable: 0,
            reason: String::new(),
            key_out: Vec::new(),
        }))
    }

    fn decode(&mut self, value: &[u8]) -> Decoded {
        let Some((id, datum)) = split_confluent(value) else {
            return Decoded::NotFramed;
        };
        let mut last_err = String::from("no schema for it");
        if let Some(reg) = &self.registry {
            let entry = self.cache.entry(id).or_insert_with(|| {
                reg.schema_by_id(id)
                    .map_err(|e| e.to_string())
                    .and_then(|t| {
                        AvroSchema::parse_str(&t).map_err(|e| format!("schema id {id}: {e}"))
                    })
                    .map(std::rc::Rc::new)
            });
            match entry {
                Ok(schema) => match decode_json(schema, datum, self.opts) {
                    Ok(v) => return self.emit(&v),
                    Err(e) => last_err = format!("schema id {id}: {e}"),
                },
                Err(e) => last_err = e.clone(),
            }
        }
        for schema in &self.local {
            if let Ok(v) = decode_json(schema, datum, self.opts) {
                return self.emit(&v);
            }
        }
        if !self.local.is_empty() {
            last_err = format!("{last_err}; no schema in --schemas decodes it");
        }
        Decoded::Failed(last_err)
    }

    /// Decodes a Confluent-framed key into `key_out`; false when the key is not framed or
    /// cannot be decoded (it is then shown as it is).
    fn decode_key(&mut self, key: &[u8]) -> bool {
        if !matches!(self.decode(key), Decoded::Json) {
            return false;
        }
        self.key_out.clear();
        match serde_json::from_slice::<serde_json::Value>(&self.out) {
            Ok(serde_json::Value::String(t)) => self.key_out.extend_from_slice(t.as_bytes()),
            _ => self.key_out.extend_from_slice(&self.out),
        }
        true
    }

    fn emit(&mut self, v: &serde_json::Value) -> Decoded {
        self.out.clear();
        match serde_json::to_writer(&mut self.out, v) {
            Ok(()) => Decoded::Json,
            Err(e) => Decoded::Failed(e.to_string()),
        }
    }
}

/// Progress of one partition in a read.
#[derive(Debug, Clone, Default)]
struct PartState {
    /// Exclusive end; None when following.
    end: Option<i64>,
    /// Next offset to commit (last written + 1).
    next: Option<i64>,
    done: bool,
    /// Client-side time bounds, used only where the broker cannot look offsets up by time
    /// (the embedded mock answers every such query with "none"): records before `since` are
    /// skipped until the first one at or after it; a record at or after `before` ends the read.
    since: Option<i64>,
    before: Option<i64>,
}

/// Per-topic, per-partition state, indexed without allocating per record.
struct Plan {
    topics: Vec<TopicInfo>,
    /// parts[topic index][partition id]
    parts: Vec<Vec<PartState>>,
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

    /// True when every partition in `scope` (all, or the group's assignment) is finished.
    fn all_done(&self, scope: Option<&[(String, i32)]>) -> bool {
        match scope {
            None => self.parts.iter().flatten().all(|p| p.done),
            Some(assigned) => {
                !assigned.is_empty()
                    && assigned.iter().all(|(t, p)| {
                        self.topic_index(t)
                            .and_then(|ti| self.parts[ti].get(*p as usize))
                            .is_none_or(|s| s.done)
                    })
            }
        }
    }

    fn commit_list(&self) -> Vec<((String, i32), i64)> {
        let mut out = Vec::new();
        for (ti, parts) in self.parts.iter().enumerate() {
            for (p, s) in parts.iter().enumerate() {
                if let Some(n) = s.next {
                    out.push(((self.topics[ti].name.clone(), p as i32), n));
                }
            }
        }
        out
    }
}

/// The moving parts of one read: what is done, what was printed, what to commit.
struct ReadState<'a> {
    plan: &'a mut Plan,
    filters: &'a Filters,
    count: Option<u64>,
    bounded: bool,
    matched: u64,
    /// Records written since the last commit.
    dirty: bool,
    /// `-n` reached.
    stop: bool,
    decoder: Option<&'a mut ValueDecoder>,
    quiet: bool,
}

impl ReadState<'_> {
    /// Handles one record; returns true when a partition just finished.
    fn record<W: Write>(
        &mut self,
        rec: &RecordRef<'_>,
        printer: &mut RecordPrinter<W>,
    ) -> std::io::Result<bool> {
        let Some(state) = self.plan.state(rec.topic, rec.partition) else {
            return Ok(false);
        };
        if state.done {
            return Ok(false);
        }
        let ts = rec.timestamp.unwrap_or(i64::MIN);
        if state.end.is_some_and(|e| rec.offset >= e) || state.before.is_some_and(|b| ts >= b) {
            state.done = true;
            return Ok(true);
        }
        state.next = Some(rec.offset + 1);
        self.dirty = true;
        if state.since.is_some_and(|s| ts < s) {
            return Ok(false);
        }
        state.since = None;
        let finished = state.end.is_some_and(|e| rec.offset + 1 >= e);
        if finished {
            state.done = true;
        }
        let (keyed_rec, key_buf);
        let rec = match (self.decoder.as_deref_mut(), rec.key) {
            (Some(d), Some(k)) if split_confluent(k).is_some() => {
                if d.decode_key(k) {
                    key_buf = std::mem::take(&mut d.key_out);
                    keyed_rec = RecordRef {
                        key: Some(&key_buf),
                        ..*rec
                    };
                    &keyed_rec
                } else {
                    rec
                }
            }
            _ => rec,
        };
        let decoded_rec;
        let rec = match (self.decoder.as_deref_mut(), rec.value) {
            (Some(d), Some(v)) => match d.decode(v) {
                Decoded::NotFramed => rec,
                Decoded::Json => {
                    decoded_rec = RecordRef {
                        value: Some(&d.out),
                        ..*rec
                    };
                    &decoded_rec
                }
                Decoded::Failed(reason) => {
                    d.undecodable += 1;
                    if !self.quiet {
                        eprintln!(
                            "evctl: {}/{}@{}: cannot decode the value: {reason}{}",
                            rec.topic,
                            rec.partition,
                            rec.offset,
                            if d.skip {
                                " (skipped)"
                            } else {
                                " (shown as base64)"
                            }
                        );
                    }
                    if d.skip {
                        return Ok(finished);
                    }
                    d.reason = reason;
                    decoded_rec = RecordRef {
                        value_error: Some(&d.reason),
                        ..*rec
                    };
                    &decoded_rec
                }
            },
            _ => rec,
        };
        if self.filters.accepts(rec) {
            printer.print(rec)?;
            self.matched += 1;
            if self.count.is_some_and(|c| self.matched >= c) {
                self.stop = true;
            }
        }
        Ok(finished)
    }

    /// The end of a partition was reached. Without the topic (group mode), finish the one
    /// candidate, or ask for positions when several topics share the partition number.
    fn eof(
        &mut self,
        topic: Option<&str>,
        partition: i32,
        positions: impl FnOnce() -> Vec<((String, i32), i64)>,
    ) {
        if !self.bounded {
            return;
        }
        if let Some(t) = topic {
            if let Some(s) = self.plan.state(t, partition) {
                s.done = true;
            }
            return;
        }
        let candidates: Vec<usize> = (0..self.plan.topics.len())
            .filter(|&ti| {
                self.plan.parts[ti]
                    .get(partition as usize)
                    .is_some_and(|s| !s.done)
            })
            .collect();
        if candidates.len() == 1 {
            self.plan.parts[candidates[0]][partition as usize].done = true;
        } else if candidates.len() > 1 {
            for ((t, q), pos) in positions() {
                if q == partition {
                    if let Some(s) = self.plan.state(&t, q) {
                        if s.end.is_some_and(|e| pos >= e) {
                            s.done = true;
                        }
                    }
                }
            }
        }
    }
}

fn select_topics(c: &Consumer, sel: &TopicSelection) -> Result<Vec<TopicInfo>, anyhow::Error> {
    match sel {
        TopicSelection::Names(names) => Ok(c.topics(names)?),
        TopicSelection::Regex(re) => {
            let found = c.topics_where(|n| !n.starts_with("__") && re.is_match(n))?;
            if found.is_empty() {
                bail!(
                    "no topic on {} matches --topic-regex '{}'",
                    c.brokers(),
                    re.as_str()
                        .trim_start_matches("^(?:")
                        .trim_end_matches(")$")
                );
            }
            Ok(found)
        }
    }
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

pub fn run(g: Globals, r: ConsumeRequest) -> anyhow::Result<Outcome> {
    let conn = context::connection(&r.conn)?;
    let reset = r.group.as_ref().map(|_| match r.from {
        StartSpec::End => "latest",
        _ => "earliest",
    });
    let mut decoder = ValueDecoder::new(&r.decode, conn.schema_registry.as_deref())?;
    let mut consumer = Consumer::connect(&conn, r.group.as_deref(), reset, g.verbose)?;
    let topics = select_topics(&consumer, &r.topics)?;

    // Plan: capture each partition's watermarks, then resolve --from/--until against them.
    let start_ts = match r.from {
        StartSpec::Time(t) => Some(t),
        _ => None,
    };
    let end_ts = match r.until {
        Some(EndSpec::Time(t)) => Some(t),
        _ => None,
    };
    let from_times = time_lookup(&consumer, &topics, start_ts)?;
    let until_times = time_lookup(&consumer, &topics, end_ts)?;
    let client_side_time = (start_ts.is_some() || end_ts.is_some()) && consumer.is_mock();
    let mut starts = Vec::new();
    let mut parts = Vec::with_capacity(topics.len());
    for t in &topics {
        let max_id = t.partitions.iter().copied().max().unwrap_or(-1);
        let mut states = vec![
            PartState {
                done: true,
                ..PartState::default()
            };
            usize::try_from(max_id + 1).unwrap_or(0)
        ];
        for &p in &t.partitions {
            let (low, high) = consumer.watermarks(&t.name, p)?;
            let (mut since, mut before) = (None, None);
            let start = if client_side_time && start_ts.is_some() {
                since = start_ts;
                low
            } else {
                r.from.resolve(low, high, lookup(&from_times, &t.name, p))
            };
            let end = if client_side_time && end_ts.is_some() {
                before = end_ts;
                r.until.map(|_| high)
            } else {
                r.until
                    .map(|u| u.resolve(high, lookup(&until_times, &t.name, p)))
            };
            let done = end.is_some_and(|e| start >= e);
            states[p as usize] = PartState {
                end,
                next: None,
                done,
                since,
                before,
            };
            if !done {
                starts.push((t.name.clone(), p, start));
            }
        }
        parts.push(states);
    }
    if client_side_time && !g.quiet {
        eprintln!("evctl: note: the embedded broker cannot look offsets up by time; filtering by record timestamps instead");
    }
    let mut plan = Plan { topics, parts };

    let format = r.format.clone().unwrap_or_else(|| {
        if std::io::stdout().is_terminal() {
            RecordFormat::Text
        } else {
            RecordFormat::Jsonl
        }
    });
    let stdout = std::io::stdout();
    let mut printer = RecordPrinter::new(stdout.lock(), format);
    let group_mode = r.group.is_some();
    let bounded = r.until.is_some();

    if group_mode {
        let names: Vec<String> = plan.topics.iter().map(|t| t.name.clone()).collect();
        consumer.subscribe(&names)?;
    } else if starts.is_empty() {
        // nothing to read: end at once
        printer.finish().context("writing output")?;
        return Ok(Outcome::Success);
    } else {
        consumer.assign(&starts)?;
    }

    let stop = signals::stop_flag()?;
    let began = Instant::now();
    let mut last_commit = Instant::now();
    let mut warned: Vec<String> = Vec::new();
    let mut warn = |e: String| {
        if !g.quiet && !warned.contains(&e) {
            eprintln!("evctl: warning: {e} (still trying)");
            warned.push(e);
        }
    };
    let mut state = ReadState {
        plan: &mut plan,
        filters: &r.filters,
        count: r.count,
        bounded,
        matched: 0,
        dirty: false,
        stop: false,
        decoder: decoder.as_mut(),
        quiet: g.quiet,
    };
    if group_mode {
        while !stop.load(Ordering::Relaxed) && !state.stop {
            let mut check_done = false;
            match consumer.poll(Duration::from_millis(100)) {
                Polled::Record(m) => {
                    check_done = with_record(&m, |rec| state.record(rec, &mut printer))?;
                }
                Polled::Eof(p) => {
                    state.eof(None, p, || consumer.positions());
                    check_done = true;
                }
                Polled::Transient(e) => warn(e),
                Polled::Nothing => printer.flush().context("writing output")?,
            }
            if state.dirty && last_commit.elapsed() > Duration::from_secs(1) {
                printer.flush().context("writing output")?;
                consumer.commit(&state.plan.commit_list(), false)?;
                last_commit = Instant::now();
                state.dirty = false;
            }
            if check_done && bounded && state.plan.all_done(Some(&consumer.assignment())) {
                break;
            }
        }
    } else {
        let mut reader = consumer.batch_reader(4096);
        while !stop.load(Ordering::Relaxed) && !state.stop {
            let mut check_done = false;
            let n = reader.read(Duration::from_millis(100), |item| -> anyhow::Result<bool> {
                match item {
                    BatchItem::Record(rec) => check_done |= state.record(&rec, &mut printer)?,
                    BatchItem::Eof { topic, partition } => {
                        state.eof(Some(topic), partition, Vec::new);
                        check_done = true;
                    }
                    BatchItem::Transient(e) => warn(e),
                }
                Ok(!state.stop)
            })?;
            if n == 0 {
                // caught up: let a reader (or a `-f` watcher) see what we have
                printer.flush().context("writing output")?;
            }
            if check_done && bounded && state.plan.all_done(None) {
                break;
            }
        }
        drop(reader);
    }
    let matched = state.matched;
    printer.finish().context("writing output")?;
    if group_mode {
        consumer.commit(&plan.commit_list(), true)?;
    }
    if !g.quiet && std::io::stderr().is_terminal() {
        eprintln!(
            "evctl: {matched} record{} in {:.2}s",
            if matched == 1 { "" } else { "s" },
            began.elapsed().as_secs_f64()
        );
    }
    let _ = std::io::stderr().flush();
    if let Some(d) = &decoder {
        if d.undecodable > 0 && !d.skip {
            bail!(
                "{} record{} could not be decoded (shown with their raw bytes in base64; --skip-undecodable skips them)",
                d.undecodable,
                if d.undecodable == 1 { "" } else { "s" }
            );
        }
    }
    if matched == 0 && !r.filters.is_empty() {
        return Ok(Outcome::Negative);
    }
    Ok(Outcome::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        }
    }

    fn rec(partition: i32, offset: i64) -> RecordRef<'static> {
        RecordRef {
            topic: "t",
            partition,
            offset,
            timestamp: Some(0),
            key: None,
            value: Some(b"v"),
            headers: &[],
            value_error: None,
        }
    }

    #[test]
    fn a_gap_before_the_end_is_closed_by_eof() {
        // end captured at 10; offsets 8 and 9 are transaction markers, never delivered
        let mut p = plan(&[Some(10)]);
        let filters = Filters::default();
        let mut out = RecordPrinter::new(Vec::new(), RecordFormat::Raw);
        let mut s = ReadState {
            plan: &mut p,
            filters: &filters,
            count: None,
            bounded: true,
            matched: 0,
            dirty: false,
            stop: false,
            decoder: None,
            quiet: true,
        };
        for o in 0..8 {
            assert!(!s.record(&rec(0, o), &mut out).unwrap());
        }
        assert!(!s.plan.all_done(None));
        s.eof(Some("t"), 0, Vec::new);
        assert!(s.plan.all_done(None));
        assert_eq!(s.matched, 8);
    }

    #[test]
    fn records_past_the_captured_end_are_not_printed() {
        let mut p = plan(&[Some(3), Some(2)]);
        let filters = Filters::default();
        let mut out = RecordPrinter::new(Vec::new(), RecordFormat::Raw);
        let mut s = ReadState {
            plan: &mut p,
            filters: &filters,
            count: None,
            bounded: true,
            matched: 0,
            dirty: false,
            stop: false,
            decoder: None,
            quiet: true,
        };
        // partition 1: offset 0 written, offset 5 (after a compacted gap) is past the end
        assert!(!s.record(&rec(1, 0), &mut out).unwrap());
        assert!(s.record(&rec(1, 5), &mut out).unwrap());
        // partition 0 ends exactly on its last offset
        s.record(&rec(0, 0), &mut out).unwrap();
        s.record(&rec(0, 1), &mut out).unwrap();
        assert!(s.record(&rec(0, 2), &mut out).unwrap());
        assert!(s.plan.all_done(None));
        assert_eq!(s.matched, 4);
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
        };
        let filters = Filters::default();
        let mut s = ReadState {
            plan: &mut p,
            filters: &filters,
            count: None,
            bounded: true,
            matched: 0,
            dirty: false,
            stop: false,
            decoder: None,
            quiet: true,
        };
        s.eof(None, 0, || vec![(("a".into(), 0), 5), (("b".into(), 0), 4)]);
        assert!(s.plan.parts[0][0].done);
        assert!(!s.plan.parts[1][0].done);
        // now only b is left: the next EOF on partition 0 is b's
        s.eof(None, 0, Vec::new);
        assert!(s.plan.all_done(None));
    }

    #[test]
    fn following_never_finishes_on_eof() {
        let mut p = plan(&[None]);
        let filters = Filters::default();
        let mut s = ReadState {
            plan: &mut p,
            filters: &filters,
            count: None,
            bounded: false,
            matched: 0,
            dirty: false,
            stop: false,
            decoder: None,
            quiet: true,
        };
        s.eof(Some("t"), 0, Vec::new);
        assert!(!s.plan.all_done(None));
    }
}
