//! The consumer: explicit partition assignment for bounded and positioned reads, or a consumer
//! group subscription when `-g` is given.
//!
//! Why assignment by default: `--from -10` or `--from @-5m` are per-partition positions, and a
//! bounded read must know every partition's end offset *before* it starts; a group
//! subscription knows neither until a rebalance finishes. Why `BaseConsumer`: one FFI call per
//! record and no task wake-ups, which is what lets consume outrun kcat.

use std::ffi::CStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rdkafka_sys as rdsys;

use rdkafka::client::ClientContext as _;
use rdkafka::config::RDKafkaLogLevel;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer as _};
use rdkafka::error::KafkaError;
use rdkafka::message::{BorrowedMessage, Headers, Message};
use rdkafka::topic_partition_list::{Offset, TopicPartitionList};

use super::{
    client_config, creation_error, fetch_metadata, is_mock_cluster, new_context, show_properties,
    watermarks_of, BrokerError, ClientLog, EvContext, OffsetReset,
};
use crate::domain::connection::Connection;
use crate::domain::envelope::{Header, RecordRef};

const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// ((topic, partition), first offset at or after a time; None: no such record).
pub type TimeOffset = ((String, i32), Option<i64>);
/// ((topic, partition), an offset or a timestamp).
pub type PartitionValue = ((String, i32), i64);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicInfo {
    pub name: String,
    pub partitions: Vec<i32>,
}

/// A consumer group as the cluster lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupInfo {
    pub name: String,
    pub state: String,
    pub members: usize,
}

/// What one poll produced.
pub enum Polled<'a> {
    Record(BorrowedMessage<'a>),
    /// The end of a partition was reached (librdkafka says which partition number, not which topic).
    Eof(i32),
    Nothing,
    /// A problem that does not end the read (a broker went away and may come back).
    Transient(String),
}

pub struct Consumer {
    inner: BaseConsumer<EvContext>,
    ctx: EvContext,
    brokers: String,
    mock: Option<bool>,
    /// Set once partitions are assigned or subscribed: from then on the read loop serves the
    /// queue, and polling it anywhere else would take (and lose) a record.
    reading: AtomicBool,
    logs: Option<LogQueue>,
}

/// librdkafka's log lines, on a queue of their own. rdkafka forwards them to the main queue,
/// which a consumer's queue serves: `rd_kafka_consume_batch_queue` then printed them itself
/// ("%4|…" on stderr) instead of handing them to [`EvContext`], so a deleted read position
/// or a lost broker went past our reporting. Drained on every poll and every batch read.
pub(super) struct LogQueue(*mut rdsys::rd_kafka_queue_t);

// SAFETY: librdkafka queues are thread-safe; the pointer is only used through its API.
unsafe impl Send for LogQueue {}
unsafe impl Sync for LogQueue {}

impl LogQueue {
    pub(super) fn attach(c: &BaseConsumer<EvContext>) -> Option<Self> {
        let rk = c.client().native_ptr();
        // SAFETY: `rk` is live; the new queue is destroyed (after being detached) in
        // Consumer's drop, before the handle.
        unsafe {
            let q = rdsys::rd_kafka_queue_new(rk);
            if q.is_null() {
                return None;
            }
            if rdsys::rd_kafka_set_log_queue(rk, q)
                != rdsys::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR
            {
                rdsys::rd_kafka_queue_destroy(q);
                return None;
            }
            Some(Self(q))
        }
    }

    /// Hands every queued log line to the context.
    pub(super) fn drain(&self, ctx: &EvContext) {
        loop {
            // SAFETY: the queue is live; each event is destroyed once, after its strings
            // (owned by the event) were used.
            unsafe {
                let ev = rdsys::rd_kafka_queue_poll(self.0, 0);
                if ev.is_null() {
                    return;
                }
                if rdsys::rd_kafka_event_type(ev) == rdsys::RD_KAFKA_EVENT_LOG {
                    let (mut fac, mut msg, mut level) = (std::ptr::null(), std::ptr::null(), 0);
                    if rdsys::rd_kafka_event_log(ev, &mut fac, &mut msg, &mut level) == 0
                        && !fac.is_null()
                        && !msg.is_null()
                    {
                        ctx.log(
                            log_level(level),
                            &CStr::from_ptr(fac).to_string_lossy(),
                            &CStr::from_ptr(msg).to_string_lossy(),
                        );
                    }
                }
                rdsys::rd_kafka_event_destroy(ev);
            }
        }
    }
}

/// syslog levels as librdkafka gives them.
fn log_level(level: i32) -> RDKafkaLogLevel {
    match level {
        0 => RDKafkaLogLevel::Emerg,
        1 => RDKafkaLogLevel::Alert,
        2 => RDKafkaLogLevel::Critical,
        3 => RDKafkaLogLevel::Error,
        4 => RDKafkaLogLevel::Warning,
        5 => RDKafkaLogLevel::Notice,
        6 => RDKafkaLogLevel::Info,
        _ => RDKafkaLogLevel::Debug,
    }
}

/// Closes a consumer with librdkafka's blocking close, which returns as soon as the group is
/// left. rdkafka's own drop closes by polling in 100 ms waits that run out in full (every
/// evctl read, every admin command and every simulate member spent 100 ms in it on the way
/// out); after this it finds the consumer closed and goes straight to destroying it.
fn close_at_once(c: &BaseConsumer<EvContext>) {
    // SAFETY: the handle is live; the close serves its own temporary queue.
    unsafe { rdsys::rd_kafka_consumer_close(c.client().native_ptr()) };
}

/// Closes a consumer at once ([`close_at_once`]) and hands its last log lines to `ctx`:
/// left queued, librdkafka prints them raw on stderr ("%3|…|FAIL|…") as it is destroyed.
pub(super) fn close_and_drain(
    c: &BaseConsumer<EvContext>,
    logs: Option<LogQueue>,
    ctx: &EvContext,
) {
    close_at_once(c);
    if let Some(q) = logs {
        // SAFETY: the handle is live (dropped after this); logs go back to the main
        // queue before ours is destroyed.
        unsafe {
            rdsys::rd_kafka_set_log_queue(c.client().native_ptr(), std::ptr::null_mut());
            q.drain(ctx);
            rdsys::rd_kafka_queue_destroy(q.0);
        }
    }
}

impl Drop for Consumer {
    fn drop(&mut self) {
        close_and_drain(&self.inner, self.logs.take(), &self.ctx);
    }
}

impl Consumer {
    /// `group`: join this consumer group (commits allowed); `reset`: auto.offset.reset for
    /// partitions the group has no offset for.
    pub fn connect(
        conn: &Connection,
        group: Option<&str>,
        reset: Option<&str>,
        log: &ClientLog,
    ) -> Result<Self, BrokerError> {
        let mut cfg = client_config(conn, log);
        let defaults = [
            ("enable.partition.eof", "true"),
            ("enable.auto.commit", "false"),
            ("enable.auto.offset.store", "false"),
            ("allow.auto.create.topics", "false"),
            // Memory is bounded by records queued, not bytes: librdkafka keeps an op of about
            // 250 bytes per record, so a 4 MB fetch of small records is ~60 MB. One MB fetches
            // and 20,000 queued per partition keep a busy follow read near 50 MB (it was 150)
            // at the same speed (demo/bench-follow-rss.sh, demo/bench-core.sh).
            ("queued.min.messages", "20000"),
            ("queued.max.messages.kbytes", "16384"),
            ("fetch.max.bytes", "1048576"),
            ("fetch.wait.max.ms", "100"),
            ("fetch.error.backoff.ms", "100"),
            // a full local queue otherwise pauses fetching for a whole second
            ("fetch.queue.backoff.ms", "10"),
            // a group member learns of partitions added to its topics from metadata: every
            // 10 s rather than librdkafka's 5 minutes, so a follow read takes them up soon
            ("topic.metadata.refresh.interval.ms", "10000"),
        ];
        for (k, v) in defaults {
            if !conn.has_property(k) {
                cfg.set(k, v);
            }
        }
        // librdkafka's consumer needs a group id even for plain assignment; without -g
        // nothing is ever committed under it.
        cfg.set("group.id", group.unwrap_or("evctl"));
        // A short group session unless the user chose one: a member that was killed (a
        // `dlq replay` under SIGKILL, a crashed `consume -g`) holds its partitions until its
        // session expires, and the run that takes over waits for it (45 s by default). 6 s is
        // the brokers' default minimum.
        // (KIP-848's `group.protocol=consumer` takes its session from the broker: librdkafka
        // refuses these settings there)
        let short_session = group.is_some()
            && !conn.properties.iter().any(|(k, v)| {
                k == "session.timeout.ms" || (k == "group.protocol" && v == "consumer")
            });
        if short_session {
            cfg.set("session.timeout.ms", "6000");
            cfg.set("heartbeat.interval.ms", "1500");
        }
        // A plain read whose position the broker deleted (retention; `dev broker
        // --retention-bytes`) goes on from the earliest record kept, and is told so (see
        // [`Consumer::take_resets`]); librdkafka's default would jump to the end.
        let reset = reset.or(group.is_none().then_some("earliest"));
        let user_reset = conn.has_property("auto.offset.reset");
        if let (Some(r), false) = (reset, user_reset) {
            cfg.set("auto.offset.reset", r);
        }
        show_properties("consumer", &cfg, conn, log);
        let ctx = new_context(log);
        let inner: BaseConsumer<EvContext> = cfg
            .create_with_context(ctx.clone())
            .map_err(creation_error)?;
        let mut me = Self {
            inner,
            ctx,
            brokers: conn.brokers.clone(),
            mock: None,
            reading: AtomicBool::new(false),
            logs: None,
        };
        me.logs = LogQueue::attach(&me.inner);
        // On the mock, a member that went away without leaving (killed) holds its group until
        // its session times out, and the next member's join waits that out: there the client
        // is made again with 1.5 s, so a group read starts in about a second.
        if short_session && me.is_mock() {
            cfg.set("session.timeout.ms", "1500");
            cfg.set("heartbeat.interval.ms", "300");
            let ctx = new_context(log);
            let first = std::mem::replace(
                &mut me.inner,
                cfg.create_with_context(ctx.clone())
                    .map_err(creation_error)?,
            );
            let first_logs = std::mem::replace(&mut me.logs, LogQueue::attach(&me.inner));
            close_and_drain(&first, first_logs, &me.ctx);
            me.ctx = ctx;
        }
        Ok(me)
    }

    fn drain_logs(&self) {
        if let Some(q) = &self.logs {
            q.drain(&self.ctx);
        }
    }

    /// Partitions whose read position the broker no longer had since the last call, and
    /// where librdkafka went on from.
    pub fn take_resets(&self) -> Vec<OffsetReset> {
        self.ctx.shared.take_resets()
    }

    /// An error once the read cannot go on as configured (librdkafka would retry forever).
    pub fn readable(&self) -> Result<(), BrokerError> {
        match self.ctx.shared.unreadable() {
            None => Ok(()),
            Some(reason) => Err(BrokerError::Unreadable {
                brokers: self.brokers.clone(),
                reason,
            }),
        }
    }

    /// True when the cluster is librdkafka's mock (the embedded broker); asked once.
    pub fn is_mock(&mut self) -> bool {
        if self.mock.is_none() {
            self.serve();
            self.mock = Some(is_mock_cluster(self.inner.client()));
        }
        self.mock.unwrap_or(false)
    }

    /// Serves queued log/error events while nothing is assigned. The consumer queue carries
    /// records too: once a read has begun (a follow read looking for new partitions every few
    /// seconds) a poll here would drop the record it returned, so it is left to the reader.
    fn serve(&self) {
        self.drain_logs();
        if !self.reading.load(Ordering::Relaxed) {
            let _ = self.inner.poll(Duration::ZERO);
        }
    }

    /// Metadata for the named topics; a missing topic is an error (consume never creates one).
    pub fn topics(&self, names: &[String]) -> Result<Vec<TopicInfo>, BrokerError> {
        let mut out = Vec::with_capacity(names.len());
        for name in names {
            let md = fetch_metadata(
                self.inner.client(),
                &self.ctx.shared,
                &self.brokers,
                Some(name),
                &|| self.serve(),
            )?;
            match md.topics().iter().find(|t| t.name() == name) {
                Some(t) if t.error().is_none() && !t.partitions().is_empty() => {
                    out.push(TopicInfo {
                        name: name.clone(),
                        partitions: t.partitions().iter().map(|p| p.id()).collect(),
                    })
                }
                _ => {
                    return Err(BrokerError::TopicNotFound {
                        topic: name.clone(),
                        brokers: self.brokers.clone(),
                    })
                }
            }
        }
        Ok(out)
    }

    /// Every topic whose name the predicate accepts, sorted by name.
    pub fn topics_where(
        &self,
        accept: impl Fn(&str) -> bool,
    ) -> Result<Vec<TopicInfo>, BrokerError> {
        let md = fetch_metadata(
            self.inner.client(),
            &self.ctx.shared,
            &self.brokers,
            None,
            &|| self.serve(),
        )?;
        let mut out: Vec<TopicInfo> = md
            .topics()
            .iter()
            .filter(|t| t.error().is_none() && accept(t.name()))
            .map(|t| TopicInfo {
                name: t.name().to_string(),
                partitions: t.partitions().iter().map(|p| p.id()).collect(),
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// (low, high) watermarks of one partition.
    pub fn watermarks(&self, topic: &str, partition: i32) -> Result<(i64, i64), BrokerError> {
        watermarks_of(&self.inner, topic, partition, REQUEST_TIMEOUT)
    }

    /// For each (topic, partition), the first offset whose timestamp is >= `ts_ms`
    /// (None: no such record).
    pub fn offsets_for_time(
        &self,
        topics: &[TopicInfo],
        ts_ms: i64,
    ) -> Result<Vec<TimeOffset>, BrokerError> {
        let mut tpl = TopicPartitionList::new();
        for t in topics {
            for p in &t.partitions {
                tpl.add_partition_offset(&t.name, *p, Offset::Offset(ts_ms))
                    .map_err(|e| BrokerError::kafka("building the time query", e))?;
            }
        }
        let answer = self
            .inner
            .offsets_for_times(tpl, REQUEST_TIMEOUT)
            .map_err(|e| BrokerError::kafka("looking up offsets by time", e))?;
        Ok(answer
            .elements()
            .iter()
            .map(|e| {
                let off = match e.offset() {
                    Offset::Offset(o) => Some(o),
                    _ => None,
                };
                ((e.topic().to_string(), e.partition()), off)
            })
            .collect())
    }

    /// Reads exactly these partitions from these offsets.
    pub fn assign(&self, starts: &[(String, i32, i64)]) -> Result<(), BrokerError> {
        let mut tpl = TopicPartitionList::new();
        for (t, p, o) in starts {
            tpl.add_partition_offset(t, *p, Offset::Offset(*o))
                .map_err(|e| BrokerError::kafka("building the assignment", e))?;
        }
        self.reading.store(true, Ordering::Relaxed);
        self.inner
            .assign(&tpl)
            .map_err(|e| BrokerError::kafka("assigning partitions", e))
    }

    /// Adds these partitions to an explicit assignment, read from their beginning; the
    /// partitions already assigned keep their positions.
    pub fn assign_more(&self, parts: &[(String, i32)]) -> Result<(), BrokerError> {
        let mut tpl = TopicPartitionList::new();
        for (t, p) in parts {
            tpl.add_partition_offset(t, *p, Offset::Beginning)
                .map_err(|e| BrokerError::kafka("building the assignment", e))?;
        }
        self.reading.store(true, Ordering::Relaxed);
        self.inner
            .incremental_assign(&tpl)
            .map_err(|e| BrokerError::kafka("assigning new partitions", e))
    }

    pub fn subscribe(&self, topics: &[String]) -> Result<(), BrokerError> {
        let names: Vec<&str> = topics.iter().map(String::as_str).collect();
        self.reading.store(true, Ordering::Relaxed);
        self.inner
            .subscribe(&names)
            .map_err(|e| BrokerError::kafka("joining the consumer group", e))
    }

    /// Partitions currently assigned (changes on group rebalances).
    pub fn assignment(&self) -> Vec<(String, i32)> {
        self.inner
            .assignment()
            .map(|tpl| {
                tpl.elements()
                    .iter()
                    .map(|e| (e.topic().to_string(), e.partition()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The application's position (next offset) per assigned partition, where known. It moves
    /// past transaction markers, which is how bounded reads see the end across such gaps.
    pub fn positions(&self) -> Vec<((String, i32), i64)> {
        self.inner
            .position()
            .map(|tpl| {
                tpl.elements()
                    .iter()
                    .filter_map(|e| match e.offset() {
                        Offset::Offset(o) => Some(((e.topic().to_string(), e.partition()), o)),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn poll(&self, timeout: Duration) -> Polled<'_> {
        self.drain_logs();
        match self.inner.poll(timeout) {
            None => Polled::Nothing,
            Some(Ok(m)) => Polled::Record(m),
            Some(Err(KafkaError::PartitionEOF(p))) => Polled::Eof(p),
            Some(Err(e)) => Polled::Transient(e.to_string()),
        }
    }

    /// Commits `next offset` per partition for the group.
    pub fn commit(&self, offsets: &[((String, i32), i64)], sync: bool) -> Result<(), BrokerError> {
        self.commit_noting(offsets, None, sync)
    }

    /// Moves the application's position back to `offsets` (the inputs of an aborted
    /// transaction are read again). A partition a rebalance has taken away meanwhile is left
    /// to its new owner, which reads it from the group's committed offset (the aborted
    /// transaction committed none): seeking it would fail with librdkafka's state error.
    pub fn rewind(&self, offsets: &[((String, i32), i64)]) -> Result<(), BrokerError> {
        let assigned = self.assignment();
        let ours: Vec<((String, i32), i64)> = offsets
            .iter()
            .filter(|(tp, _)| assigned.contains(tp))
            .cloned()
            .collect();
        if ours.is_empty() {
            return Ok(());
        }
        let not_ours = |e: &KafkaError| {
            e.rdkafka_error_code() == Some(rdkafka::types::RDKafkaErrorCode::State)
        };
        let what = "rewinding to the aborted transaction's inputs";
        let tpl = match self
            .inner
            .seek_partitions(offset_list(&ours)?, Duration::from_secs(10))
        {
            Ok(tpl) => tpl,
            // (taken away between the look at the assignment and the seek)
            Err(e) if not_ours(&e) => return Ok(()),
            Err(e) => return Err(BrokerError::kafka(what, e)),
        };
        tpl.elements()
            .iter()
            .filter_map(|e| e.error().err())
            .find(|e| !not_ours(e))
            .map_or(Ok(()), |e| Err(BrokerError::kafka(what, e)))
    }

    /// The group's committed offset per partition (None where it has none; the same shape
    /// as a time lookup's answer).
    pub fn committed(&self, partitions: &[(String, i32)]) -> Result<Vec<TimeOffset>, BrokerError> {
        Ok(self
            .committed_noted(partitions)?
            .into_iter()
            .map(|(offset, _note)| offset)
            .collect())
    }

    /// Commits `offsets`, with `note` beside each when given (Kafka keeps it as the offset's
    /// metadata; `dlq replay` notes there where its destinations ended).
    pub fn commit_noting(
        &self,
        offsets: &[((String, i32), i64)],
        note: Option<&str>,
        sync: bool,
    ) -> Result<(), BrokerError> {
        if offsets.is_empty() {
            return Ok(());
        }
        let tpl = offset_list(offsets)?;
        if let Some(n) = note {
            for mut e in tpl.elements() {
                e.set_metadata(n);
            }
        }
        let mode = if sync {
            CommitMode::Sync
        } else {
            CommitMode::Async
        };
        self.inner
            .commit(&tpl, mode)
            .map_err(|e| BrokerError::kafka("committing offsets", e))
    }

    /// The group's committed offsets of these partitions with the metadata committed beside
    /// each (empty when none; any bytes: another tool may have written it).
    pub fn committed_noted(
        &self,
        partitions: &[(String, i32)],
    ) -> Result<Vec<(TimeOffset, Vec<u8>)>, BrokerError> {
        let mut tpl = TopicPartitionList::new();
        for (t, p) in partitions {
            tpl.add_partition(t, *p);
        }
        let got = self
            .inner
            .committed_offsets(tpl, Duration::from_secs(10))
            .map_err(|e| BrokerError::kafka("reading the group's committed offsets", e))?;
        // SAFETY: the list is live while `got` is; librdkafka sizes `elems` by `cnt` and
        // each element's metadata by `metadata_size` (read as bytes, not as UTF-8).
        let out = unsafe {
            let list = &*got.ptr();
            let elems =
                std::slice::from_raw_parts(list.elems, usize::try_from(list.cnt).unwrap_or(0));
            elems
                .iter()
                .map(|e| {
                    let topic = CStr::from_ptr(e.topic).to_string_lossy().into_owned();
                    let offset = (e.offset >= 0).then_some(e.offset);
                    let meta = if e.metadata.is_null() || e.metadata_size == 0 {
                        Vec::new()
                    } else {
                        std::slice::from_raw_parts(e.metadata.cast::<u8>(), e.metadata_size)
                            .to_vec()
                    };
                    (((topic, e.partition), offset), meta)
                })
                .collect()
        };
        Ok(out)
    }

    /// Whether the group has committed an offset for any of these partitions.
    pub fn has_committed(&self, partitions: &[(String, i32)]) -> Result<bool, BrokerError> {
        Ok(self.committed(partitions)?.iter().any(|(_, o)| o.is_some()))
    }

    /// The cluster's consumer groups (ListGroups/DescribeGroups), sorted by name. The embedded
    /// broker has neither: it is refused by name instead of timing out.
    pub fn groups(&mut self) -> Result<Vec<GroupInfo>, BrokerError> {
        self.groups_supported("listing consumer groups (ListGroups)")?;
        let list = self
            .inner
            .fetch_group_list(None, REQUEST_TIMEOUT)
            .map_err(|e| {
                BrokerError::kafka(format!("listing the groups of {}", self.brokers), e)
            })?;
        let mut out: Vec<GroupInfo> = list
            .groups()
            .iter()
            .filter(|g| g.protocol_type().is_empty() || g.protocol_type() == "consumer")
            .map(|g| GroupInfo {
                name: g.name().to_string(),
                state: g.state().to_string(),
                members: g.members().len(),
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// The timestamp of the record at each (partition, offset), read with a plain assignment;
    /// partitions with no record there within `timeout` are left out.
    pub fn timestamps_at(
        &self,
        at: &[PartitionValue],
        timeout: Duration,
    ) -> Result<Vec<PartitionValue>, BrokerError> {
        let mut found = Vec::new();
        self.records_at(at, timeout, |r| {
            if let Some(ts) = r.timestamp {
                found.push(((r.topic.to_string(), r.partition), ts));
            }
        })?;
        Ok(found)
    }

    /// Calls `f` with the record at (or, where it is gone, after) each (partition, offset),
    /// read with a plain assignment, until each was seen or `timeout` passed.
    pub fn records_at(
        &self,
        at: &[PartitionValue],
        timeout: Duration,
        mut f: impl FnMut(&RecordRef<'_>),
    ) -> Result<(), BrokerError> {
        let starts: Vec<(String, i32, i64)> =
            at.iter().map(|((t, p), o)| (t.clone(), *p, *o)).collect();
        if starts.is_empty() {
            return Ok(());
        }
        self.assign(&starts)?;
        let mut open: std::collections::HashMap<(String, i32), i64> = at.iter().cloned().collect();
        let deadline = std::time::Instant::now() + timeout;
        while !open.is_empty() && std::time::Instant::now() < deadline {
            match self.poll(Duration::from_millis(100)) {
                Polled::Record(m) => {
                    let key = (m.topic().to_string(), m.partition());
                    // a record from before this assignment's position is not the one asked for
                    if open.get(&key).is_some_and(|want| m.offset() >= *want) {
                        open.remove(&key);
                        with_record(&m, &mut f);
                    }
                }
                Polled::Eof(_) | Polled::Nothing | Polled::Transient(_) => {}
            }
        }
        // a one-record read: stop fetching (an assignment left in place keeps prefetching)
        self.inner
            .unassign()
            .map_err(|e| BrokerError::kafka("ending the read", e))?;
        self.reading.store(false, Ordering::Relaxed);
        Ok(())
    }

    /// The group's identity for offsets sent within a producer's transaction.
    pub(super) fn group_metadata(&self) -> Option<rdkafka::consumer::ConsumerGroupMetadata> {
        self.inner.group_metadata()
    }

    /// A batch reader over the consumer queue (for assignment mode; see [`BatchReader`]).
    pub fn batch_reader(&self, batch: usize) -> BatchReader<'_> {
        // SAFETY: the handle is live; the returned queue is released in BatchReader::drop,
        // and the reader borrows the consumer, so it cannot outlive it.
        let queue = unsafe { rdsys::rd_kafka_queue_get_consumer(self.inner.client().native_ptr()) };
        BatchReader {
            queue,
            slots: vec![std::ptr::null_mut(); batch.max(1)],
            consumer: self,
        }
    }

    pub fn brokers(&self) -> &str {
        &self.brokers
    }

    /// The client, for batched requests in sibling modules.
    pub(super) fn raw(&self) -> &BaseConsumer<EvContext> {
        &self.inner
    }

    /// The librdkafka handle, live as long as `self`.
    pub(super) fn native(&self) -> *mut rdsys::rd_kafka_t {
        self.inner.client().native_ptr()
    }
}

/// `next offset` per partition as librdkafka's list.
pub(super) fn offset_list(
    offsets: &[((String, i32), i64)],
) -> Result<TopicPartitionList, BrokerError> {
    let mut tpl = TopicPartitionList::new();
    for ((t, p), o) in offsets {
        tpl.add_partition_offset(t, *p, Offset::Offset(*o))
            .map_err(|e| BrokerError::kafka("building the offset list", e))?;
    }
    Ok(tpl)
}

/// One item of a batch read with [`Consumer::batch_reader`].
pub enum BatchItem<'a> {
    Record(RecordRef<'a>),
    /// End of a partition, with its topic (unlike [`Polled::Eof`]).
    Eof {
        topic: &'a str,
        partition: i32,
    },
    Transient(String),
}

/// The consumer queue, read in batches straight through librdkafka's C API.
///
/// Why: rdkafka's `BaseConsumer::poll` costs an event object, an `Arc` and a clock read per
/// record, which capped consume at ~315k msgs/s on the mock against kcat's ~730k.
/// `rd_kafka_consume_batch_queue` hands over up to a few thousand records per call. Only used
/// with explicit assignment (no rebalance events to serve), which is every read without `-g`.
pub struct BatchReader<'c> {
    queue: *mut rdsys::rd_kafka_queue_t,
    slots: Vec<*mut rdsys::rd_kafka_message_t>,
    /// The queue belongs to this consumer's handle: the borrow keeps the handle alive (and
    /// its log lines are drained on every read).
    consumer: &'c Consumer,
}

impl BatchReader<'_> {
    /// Fills the slots with what the queue holds now; when it is empty, waits up to
    /// `timeout` for the first item only. (`rd_kafka_consume_batch_queue` with a timeout waits
    /// until the batch is *full* or the time is up: the last records of a read, and every
    /// record when following, would wait the whole poll interval.)
    fn fill(&mut self, timeout: Duration) -> usize {
        let len = self.slots.len();
        // SAFETY: `queue` is live for our lifetime; `slots` has room for `len` pointers.
        let now = unsafe {
            rdsys::rd_kafka_consume_batch_queue(self.queue, 0, self.slots.as_mut_ptr(), len)
        };
        let now = usize::try_from(now).unwrap_or(0);
        if now > 0 || len == 0 {
            return now;
        }
        let ms = i32::try_from(timeout.as_millis()).unwrap_or(i32::MAX);
        // SAFETY: as above; a returned message is owned by the caller (destroyed in `read`).
        let first = unsafe { rdsys::rd_kafka_consume_queue(self.queue, ms) };
        if first.is_null() {
            return 0;
        }
        self.slots[0] = first;
        // SAFETY: as above, into the slots after the first.
        let more = unsafe {
            rdsys::rd_kafka_consume_batch_queue(
                self.queue,
                0,
                self.slots.as_mut_ptr().add(1),
                len - 1,
            )
        };
        1 + usize::try_from(more).unwrap_or(0)
    }

    /// Reads up to a batch, handing each item to `f`; stops early when `f` returns false.
    /// Every message is destroyed before this returns, also on error.
    pub fn read<E>(
        &mut self,
        timeout: Duration,
        mut f: impl FnMut(BatchItem<'_>) -> Result<bool, E>,
    ) -> Result<usize, E> {
        self.consumer.drain_logs();
        let n = self.fill(timeout);
        let mut result = Ok(n);
        let mut keep_going = true;
        for &m in &self.slots[..n] {
            if keep_going && result.is_ok() {
                // no allocation unless the record has headers
                let mut headers: Vec<Header<'_>> = Vec::new();
                // SAFETY: librdkafka returned `n` valid messages, destroyed below.
                let item = unsafe { raw_item(m, &mut headers) };
                match f(item) {
                    Ok(true) => {}
                    Ok(false) => keep_going = false,
                    Err(e) => result = Err(e),
                }
            }
            // SAFETY: each message is destroyed exactly once.
            unsafe { rdsys::rd_kafka_message_destroy(m) };
        }
        result
    }
}

impl Drop for BatchReader<'_> {
    fn drop(&mut self) {
        // SAFETY: obtained from rd_kafka_queue_get_consumer, destroyed once.
        unsafe { rdsys::rd_kafka_queue_destroy(self.queue) };
    }
}

/// Views a raw message as a batch item; `headers` is scratch space reused across messages.
///
/// # Safety
/// `m` must be a valid message that outlives the returned item.
unsafe fn raw_item<'a>(
    m: *mut rdsys::rd_kafka_message_t,
    headers: &'a mut Vec<Header<'a>>,
) -> BatchItem<'a> {
    let msg = &*m;
    let topic = if msg.rkt.is_null() {
        ""
    } else {
        CStr::from_ptr(rdsys::rd_kafka_topic_name(msg.rkt))
            .to_str()
            .unwrap_or("")
    };
    if msg.err != rdsys::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
        if msg.err == rdsys::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR__PARTITION_EOF {
            return BatchItem::Eof {
                topic,
                partition: msg.partition,
            };
        }
        let reason = CStr::from_ptr(rdsys::rd_kafka_err2str(msg.err)).to_string_lossy();
        return BatchItem::Transient(if topic.is_empty() {
            reason.into_owned()
        } else {
            format!("{topic}/{}: {reason}", msg.partition)
        });
    }
    let bytes = |p: *mut std::ffi::c_void, len: usize| -> Option<&'a [u8]> {
        if p.is_null() {
            None
        } else {
            Some(std::slice::from_raw_parts(p as *const u8, len))
        }
    };
    let mut tstype = rdsys::rd_kafka_timestamp_type_t::RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
    let ts = rdsys::rd_kafka_message_timestamp(m, &mut tstype);
    let mut hdrs: *mut rdsys::rd_kafka_headers_t = std::ptr::null_mut();
    if rdsys::rd_kafka_message_headers(m, &mut hdrs)
        == rdsys::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR
        && !hdrs.is_null()
    {
        let mut i = 0;
        loop {
            let mut name: *const std::os::raw::c_char = std::ptr::null();
            let mut val: *const std::ffi::c_void = std::ptr::null();
            let mut size = 0usize;
            if rdsys::rd_kafka_header_get_all(hdrs, i, &mut name, &mut val, &mut size)
                != rdsys::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR
            {
                break;
            }
            let name = CStr::from_ptr(name)
                .to_str()
                .unwrap_or("<non-utf8 header name>");
            headers.push((name, bytes(val as *mut _, size)));
            i += 1;
        }
    }
    BatchItem::Record(RecordRef {
        topic,
        partition: msg.partition,
        offset: msg.offset,
        timestamp: (ts >= 0).then_some(ts),
        key: bytes(msg.key, msg.key_len),
        value: bytes(msg.payload, msg.len),
        headers,
        value_error: None,
        value_invalid: None,
    })
}

/// Lends a message to `f` as a [`RecordRef`]; headers are gathered into `scratch`.
pub fn with_record<R>(m: &BorrowedMessage<'_>, f: impl FnOnce(&RecordRef<'_>) -> R) -> R {
    let mut headers: Vec<Header<'_>> = Vec::new();
    if let Some(hs) = m.headers() {
        headers.reserve(hs.count());
        for h in hs.iter() {
            // header names are UTF-8 by the protocol; a broken one is shown lossily
            let name = std::str::from_utf8(h.key.as_bytes()).unwrap_or("<non-utf8 header name>");
            headers.push((name, h.value));
        }
    }
    let r = RecordRef {
        topic: m.topic(),
        partition: m.partition(),
        offset: m.offset(),
        timestamp: m.timestamp().to_millis(),
        key: m.key(),
        value: m.payload(),
        headers: &headers,
        value_error: None,
        value_invalid: None,
    };
    f(&r)
}
