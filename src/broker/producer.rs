//! The producer: idempotent, acks=all, pipelined.
//!
//! Why `BaseProducer` polled by hand rather than `FutureProducer`: awaiting each send costs a
//! round trip per record (~180 msgs/s on the mock, DESIGN §3), and a future per record costs an
//! allocation and a wake-up. Here sends go straight into librdkafka's queue and delivery reports
//! are counted in the context as they arrive, tagged with the input line they came from, so a
//! failure can still be named.

use std::sync::atomic::Ordering;
use std::time::Duration;

use rdkafka::error::KafkaError;
use rdkafka::message::{Header, OwnedHeaders};
use rdkafka::producer::{BaseProducer, BaseRecord, Producer as _};
use rdkafka::types::RDKafkaErrorCode;
use rdkafka_sys as rdsys;

use super::{
    client_config, creation_error, fetch_metadata, new_context, show_properties, BrokerError,
    ClientLog, EvContext,
};
use crate::domain::connection::Connection;

/// One record to send; borrowed so the input buffer can be reused.
pub struct OutRecord<'a> {
    pub key: Option<&'a [u8]>,
    pub value: Option<&'a [u8]>,
    pub headers: &'a [(&'a str, Option<&'a [u8]>)],
    pub partition: Option<i32>,
    pub timestamp: Option<i64>,
    /// Input line, for error messages.
    pub line: usize,
}

impl OutRecord<'_> {
    /// Key and value bytes (what a size limit is about).
    fn size(&self) -> usize {
        self.key.map_or(0, <[u8]>::len) + self.value.map_or(0, <[u8]>::len)
    }
}

/// Delivery counts so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryStats {
    pub delivered: u64,
    pub bytes: u64,
    pub failed: u64,
    pub first_failure: Option<(usize, String)>,
    /// Every failed record's input line, sorted.
    pub failed_lines: Vec<usize>,
}

/// librdkafka topic handle for the fast path; released before the producer (field order).
struct TopicHandle(*mut rdsys::rd_kafka_topic_t);

impl Drop for TopicHandle {
    fn drop(&mut self) {
        if !self.0.is_null() {
            // SAFETY: created by rd_kafka_topic_new, released once.
            unsafe { rdsys::rd_kafka_topic_destroy(self.0) };
        }
    }
}

pub struct Producer {
    // must stay the first field: dropped before `inner`
    rkt: TopicHandle,
    /// The topic `rkt` is for; records to other topics take the general path.
    rkt_topic: String,
    inner: BaseProducer<EvContext>,
    ctx: EvContext,
    sent: u64,
    /// Reused message array for [`Producer::send_chunk`].
    chunk: Vec<rdsys::rd_kafka_message_t>,
    queue_limit: usize,
    /// `message.max.bytes`: a chunk stops before a value librdkafka would refuse.
    max_message: usize,
}

/// librdkafka's `queue.buffering.max.messages` unless the user set it.
fn queue_limit(conn: &Connection) -> usize {
    conn.properties
        .iter()
        .find(|(k, _)| k == "queue.buffering.max.messages")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(100_000)
}

/// The client's `message.max.bytes` (librdkafka's default: 1,000,000).
fn max_message_bytes(conn: &Connection) -> usize {
    conn.properties
        .iter()
        .find(|(k, _)| k == "message.max.bytes")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(1_000_000)
}

/// librdkafka's worst-case framing of one v2 record around its key, value and headers
/// (RD_KAFKAP_MESSAGE_V2_MAX_OVERHEAD): a record is refused when this plus its bytes exceeds
/// `message.max.bytes`.
const RECORD_OVERHEAD: usize = 36;

impl Producer {
    /// Connects and checks that `topic` exists (brokers that auto-create topics create it now).
    /// Returns the producer and the topic's partition count.
    pub fn connect(
        conn: &Connection,
        topic: &str,
        log: &ClientLog,
    ) -> Result<(Self, usize), BrokerError> {
        let mut cfg = client_config(conn, log);
        // Defaults chosen for throughput and safety; any -X given by the user wins. The queue
        // stays at librdkafka's 100k records: a deeper one measured slower (and 300 MB RSS).
        let defaults = [
            ("enable.idempotence", "true"),
            ("acks", "all"),
            ("linger.ms", "10"),
            ("batch.num.messages", "100000"),
            ("batch.size", "4000000"),
        ];
        for (k, v) in defaults {
            if !conn.has_property(k) {
                cfg.set(k, v);
            }
        }
        show_properties("producer", &cfg, conn, log);
        let ctx = new_context(log);
        let inner: BaseProducer<EvContext> = cfg
            .create_with_context(ctx.clone())
            .map_err(creation_error)?;
        let md = fetch_metadata(
            inner.client(),
            &ctx.shared,
            &conn.brokers,
            Some(topic),
            &|| {
                inner.poll(Duration::ZERO);
            },
        )?;
        let partitions = match md.topics().iter().find(|t| t.name() == topic) {
            Some(t) if t.error().is_none() => t.partitions().len(),
            _ => {
                return Err(BrokerError::TopicNotFound {
                    topic: topic.to_string(),
                    brokers: format!(
                    "{} (the broker does not auto-create topics: `evctl topics create {topic}`)",
                    conn.brokers
                ),
                })
            }
        };
        // librdkafka asks for an idempotent producer id as soon as a non-bootstrap broker is
        // up, but that broker is only learnt from the first metadata answer; missing it costs
        // a 500 ms retry timer. A metadata answer also restarts that request, so ask once more
        // when the learnt broker is connected: a one-record produce drops from ~0.6 s to ~0.1 s.
        for _ in 0..25 {
            std::thread::sleep(Duration::from_millis(2));
            let up = inner
                .client()
                .fetch_metadata(Some(topic), Duration::from_millis(200));
            if up.is_ok_and(|m| m.orig_broker_id() >= 0) {
                break;
            }
        }
        let c_topic = std::ffi::CString::new(topic).map_err(|_| BrokerError::Property {
            property: "topic".into(),
            reason: format!("'{topic}' contains a NUL byte"),
        })?;
        // SAFETY: the producer handle is live; a null conf uses the defaults.
        let rkt = unsafe {
            rdsys::rd_kafka_topic_new(
                inner.client().native_ptr(),
                c_topic.as_ptr(),
                std::ptr::null_mut(),
            )
        };
        Ok((
            Self {
                rkt: TopicHandle(rkt),
                rkt_topic: topic.to_string(),
                inner,
                ctx,
                sent: 0,
                chunk: Vec::new(),
                queue_limit: queue_limit(conn),
                max_message: max_message_bytes(conn),
            },
            partitions,
        ))
    }

    /// Queues one record, waiting (and serving delivery reports) while librdkafka's queue is full.
    pub fn send(&mut self, topic: &str, r: &OutRecord<'_>) -> Result<(), BrokerError> {
        if r.headers.is_empty()
            && r.timestamp.is_none()
            && !self.rkt.0.is_null()
            && topic == self.rkt_topic
        {
            return self.send_plain(topic, r);
        }
        let headers = if r.headers.is_empty() {
            None
        } else {
            let mut h = OwnedHeaders::new_with_capacity(r.headers.len());
            for (k, v) in r.headers {
                h = h.insert(Header { key: k, value: *v });
            }
            Some(h)
        };
        let mut rec: BaseRecord<'_, [u8], [u8], usize> = BaseRecord::with_opaque_to(topic, r.line);
        rec.key = r.key;
        rec.payload = r.value;
        rec.partition = r.partition;
        rec.timestamp = r.timestamp;
        rec.headers = headers;
        loop {
            match self.inner.send(rec) {
                Ok(()) => break,
                Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), back)) => {
                    rec = back;
                    self.wait_a_little();
                }
                Err((e, _)) => return Err(refused(r.line, topic, &e, r.size())),
            }
        }
        self.sent += 1;
        if self.sent.is_multiple_of(256) {
            self.inner.poll(Duration::ZERO);
        }
        Ok(())
    }

    /// The hot path for records without headers or timestamps: `rd_kafka_produce` on a topic
    /// handle made once, as kcat does. rdkafka's `send` builds a C string for the topic and
    /// librdkafka then looks the topic up by name, for every record.
    fn send_plain(&mut self, topic: &str, r: &OutRecord<'_>) -> Result<(), BrokerError> {
        let (vp, vl) = r
            .value
            .map_or((std::ptr::null(), 0), |v| (v.as_ptr(), v.len()));
        let (kp, kl) = r
            .key
            .map_or((std::ptr::null(), 0), |k| (k.as_ptr(), k.len()));
        // -1 is RD_KAFKA_PARTITION_UA: let the partitioner choose
        let partition = r.partition.unwrap_or(-1);
        loop {
            // SAFETY: RD_KAFKA_MSG_F_COPY makes librdkafka copy value and key before returning;
            // the opaque is the line number, read back as usize by the delivery callback.
            let rc = unsafe {
                rdsys::rd_kafka_produce(
                    self.rkt.0,
                    partition,
                    rdsys::RD_KAFKA_MSG_F_COPY,
                    vp as *mut std::ffi::c_void,
                    vl,
                    kp as *const std::ffi::c_void,
                    kl,
                    r.line as *mut std::ffi::c_void,
                )
            };
            if rc == 0 {
                break;
            }
            // SAFETY: reads this thread's last librdkafka error.
            let err = unsafe { rdsys::rd_kafka_last_error() };
            if err == rdsys::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR__QUEUE_FULL {
                self.wait_a_little();
                continue;
            }
            let e = KafkaError::MessageProduction(err.into());
            return Err(refused(r.line, topic, &e, r.size()));
        }
        self.sent += 1;
        if self.sent.is_multiple_of(256) {
            self.inner.poll(Duration::ZERO);
        }
        Ok(())
    }

    /// Queues keyless, header-less values to one partition in one call
    /// (`rd_kafka_produce_batch`: one lock and one queue splice for the whole chunk, where
    /// per-record produce locks the partition and runs the partitioner for every record).
    /// `lines` numbers the values (their input lines) for error reports.
    pub fn send_chunk(
        &mut self,
        topic: &str,
        partition: i32,
        values: &[&[u8]],
        lines: &[usize],
    ) -> Result<(), BrokerError> {
        if values.is_empty() {
            return Ok(());
        }
        // as `send` does: a topic handle librdkafka could not make is never passed to it
        if topic != self.rkt_topic || self.rkt.0.is_null() {
            return Err(BrokerError::Property {
                property: "topic".into(),
                reason: format!(
                    "this producer sends batches to '{}' (handle made: {}), not '{topic}'",
                    self.rkt_topic,
                    !self.rkt.0.is_null()
                ),
            });
        }
        // A value too large would be refused while the ones after it are queued: send the
        // ones before it and stop there, so a run ends exactly at the line that failed.
        if let Some(i) = values
            .iter()
            .position(|v| v.len() + RECORD_OVERHEAD > self.max_message)
        {
            self.send_chunk(topic, partition, &values[..i], &lines[..i.min(lines.len())])?;
            let e = KafkaError::MessageProduction(RDKafkaErrorCode::MessageSizeTooLarge);
            let line = lines.get(i).copied().unwrap_or(0);
            return Err(refused(line, topic, &e, values[i].len()));
        }
        // Keep room for the whole chunk so it is never half-refused for a full queue
        // (which would reorder the retried tail).
        let limit = self.queue_limit.saturating_sub(values.len()).max(1);
        while self.inner.in_flight_count().max(0) as usize > limit {
            self.wait_a_little();
        }
        self.chunk.clear();
        for (i, v) in values.iter().enumerate() {
            // SAFETY: an all-zero rd_kafka_message_t is valid (null pointers, no error).
            let mut m: rdsys::rd_kafka_message_t = unsafe { std::mem::zeroed() };
            m.payload = v.as_ptr() as *mut std::ffi::c_void;
            m.len = v.len();
            m._private = lines.get(i).copied().unwrap_or(0) as *mut std::ffi::c_void;
            self.chunk.push(m);
        }
        let mut pending: Vec<usize> = (0..values.len()).collect();
        loop {
            let n = i32::try_from(self.chunk.len()).unwrap_or(i32::MAX);
            // SAFETY: `chunk` holds `n` initialised messages whose payloads outlive the call;
            // RD_KAFKA_MSG_F_COPY makes librdkafka copy them.
            unsafe {
                rdsys::rd_kafka_produce_batch(
                    self.rkt.0,
                    partition,
                    rdsys::RD_KAFKA_MSG_F_COPY,
                    self.chunk.as_mut_ptr(),
                    n,
                )
            };
            let mut retry = Vec::new();
            let mut again: Vec<rdsys::rd_kafka_message_t> = Vec::new();
            for (m, idx) in self.chunk.iter().zip(&pending) {
                if m.err == rdsys::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
                    continue;
                }
                if m.err != rdsys::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR__QUEUE_FULL {
                    // the chunk's other records were queued (they are delivered and counted)
                    let e = KafkaError::MessageProduction(m.err.into());
                    let line = lines.get(*idx).copied().unwrap_or(0);
                    return Err(refused(line, topic, &e, m.len));
                }
                let mut m2 = *m;
                m2.err = rdsys::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR;
                again.push(m2);
                retry.push(*idx);
            }
            self.sent += (pending.len() - retry.len()) as u64;
            if retry.is_empty() {
                break;
            }
            self.wait_a_little();
            self.chunk = again;
            pending = retry;
        }
        self.inner.poll(Duration::ZERO);
        Ok(())
    }

    /// Serves the delivery reports queued so far, without waiting.
    fn serve(&self) {
        // rdkafka's poll handles one event per call at a zero timeout; a report event carries
        // many records, so a few calls drain a busy queue
        for _ in 0..64 {
            self.inner.poll(Duration::ZERO);
        }
    }

    /// Waits briefly for librdkafka to make room, serving reports meanwhile. Not
    /// `poll(timeout)`: rdkafka's poll keeps polling until the timeout is over, so a waiting
    /// producer spun a core at 100% (measured in the simulation's members).
    fn wait_a_little(&self) {
        self.serve();
        std::thread::sleep(Duration::from_millis(1));
    }

    /// Waits until every queued record is delivered or has failed.
    ///
    /// Not rdkafka's `flush`: between its checks it polls for up to 100 ms, so every flush
    /// cost at least 100 ms even when the last acknowledgement came 3 ms later, spinning a core
    /// meanwhile (measured: every "produce, wait, commit" step of the simulation took 100 ms).
    pub fn flush(&self, timeout: Duration) -> Result<(), BrokerError> {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            // SAFETY: the handle is live; a zero timeout only hurries lingering batches out.
            unsafe { rdsys::rd_kafka_flush(self.inner.client().native_ptr(), 0) };
            self.serve();
            if self.inner.in_flight_count() <= 0 {
                return Ok(());
            }
            std::thread::sleep(Duration::from_micros(500));
            if std::time::Instant::now() >= deadline {
                return Err(BrokerError::kafka(
                    "waiting for deliveries",
                    KafkaError::Flush(RDKafkaErrorCode::OperationTimedOut),
                ));
            }
        }
    }

    /// Makes this producer transactional: its `transactional.id` (set in the connection's
    /// properties) is registered with the cluster, fencing any earlier producer with that id.
    pub fn init_transactions(&self, timeout: Duration) -> Result<(), BrokerError> {
        self.inner
            .init_transactions(timeout)
            .map_err(|e| BrokerError::transaction("starting transactions", e))
    }

    pub fn begin_transaction(&self) -> Result<(), BrokerError> {
        self.inner
            .begin_transaction()
            .map_err(|e| BrokerError::transaction("beginning a transaction", e))
    }

    /// Commits the records sent since `begin_transaction` together with `offsets` (next
    /// offset per input partition) for `consumer`'s group: consume → produce → offsets, atomically.
    pub fn commit_transaction(
        &self,
        consumer: &super::consumer::Consumer,
        offsets: &[((String, i32), i64)],
        timeout: Duration,
    ) -> Result<(), BrokerError> {
        // deliveries first, served here: rdkafka's commit flushes with its polling flush
        // (100 ms a step, measured p50 397 ms end to end), which then finds nothing to do
        self.flush(timeout)?;
        if !offsets.is_empty() {
            let cgm = consumer
                .group_metadata()
                .ok_or_else(|| BrokerError::Transaction {
                    context: "sending offsets to the transaction".into(),
                    reason: "the consumer is not in a group".into(),
                    failure: super::TxnFailure::Fatal,
                })?;
            let tpl = super::consumer::offset_list(offsets)?;
            self.inner
                .send_offsets_to_transaction(&tpl, &cgm, timeout)
                .map_err(|e| BrokerError::transaction("sending offsets to the transaction", e))?;
        }
        self.inner
            .commit_transaction(timeout)
            .map_err(|e| BrokerError::transaction("committing the transaction", e))
    }

    /// Aborts the open transaction. Its records are waited for first (librdkafka's abort
    /// cannot serve their delivery reports itself); a record that failed counts as failed.
    pub fn abort_transaction(&self, timeout: Duration) -> Result<(), BrokerError> {
        self.flush(timeout)?;
        self.inner
            .abort_transaction(timeout)
            .map_err(|e| BrokerError::transaction("aborting the transaction", e))
    }

    pub fn stats(&self) -> DeliveryStats {
        let s = &self.ctx.shared;
        DeliveryStats {
            delivered: s.delivered.load(Ordering::Relaxed),
            bytes: s.delivered_bytes.load(Ordering::Relaxed),
            failed: s.failed.load(Ordering::Relaxed),
            first_failure: s.first_failure.lock().ok().and_then(|f| f.clone()),
            failed_lines: s
                .failed_lines
                .lock()
                .map(|l| {
                    let mut l = l.clone();
                    l.sort_unstable();
                    l
                })
                .unwrap_or_default(),
        }
    }
}

/// A record librdkafka would not queue, named by its input line.
fn refused(line: usize, topic: &str, e: &KafkaError, size: usize) -> BrokerError {
    BrokerError::Record {
        line,
        topic: topic.to_string(),
        reason: super::failure_reason(e, size),
    }
}
