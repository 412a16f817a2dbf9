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

use super::{client_config, creation_error, fetch_metadata, new_context, BrokerError, EvContext};
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

/// Delivery counts so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryStats {
    pub delivered: u64,
    pub bytes: u64,
    pub failed: u64,
    pub first_failure: Option<(usize, String)>,
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
    inner: BaseProducer<EvContext>,
    ctx: EvContext,
    sent: u64,
}

impl Producer {
    /// Connects and checks that `topic` exists (brokers that auto-create topics create it now).
    /// Returns the producer and the topic's partition count.
    pub fn connect(
        conn: &Connection,
        topic: &str,
        verbose: bool,
    ) -> Result<(Self, usize), BrokerError> {
        let mut cfg = client_config(conn, verbose);
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
            if !conn.properties.iter().any(|(pk, _)| pk == k) {
                cfg.set(k, v);
            }
        }
        let ctx = new_context(verbose);
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
                inner,
                ctx,
                sent: 0,
            },
            partitions,
        ))
    }

    /// Queues one record, waiting (and serving delivery reports) while librdkafka's queue is full.
    pub fn send(&mut self, topic: &str, r: &OutRecord<'_>) -> Result<(), BrokerError> {
        if r.headers.is_empty() && r.timestamp.is_none() && !self.rkt.0.is_null() {
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
                    self.inner.poll(Duration::from_millis(50));
                }
                Err((e, _)) => {
                    return Err(BrokerError::kafka(
                        format!("line {}: producing to '{topic}'", r.line),
                        e,
                    ))
                }
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
                self.inner.poll(Duration::from_millis(50));
                continue;
            }
            return Err(BrokerError::kafka(
                format!("line {}: producing to '{topic}'", r.line),
                KafkaError::MessageProduction(err.into()),
            ));
        }
        self.sent += 1;
        if self.sent.is_multiple_of(256) {
            self.inner.poll(Duration::ZERO);
        }
        Ok(())
    }

    /// Waits until every queued record is delivered or has failed.
    pub fn flush(&self, timeout: Duration) -> Result<(), BrokerError> {
        self.inner
            .flush(timeout)
            .map_err(|e| BrokerError::kafka("waiting for deliveries", e))?;
        // serve the last reports
        self.inner.poll(Duration::ZERO);
        Ok(())
    }

    pub fn stats(&self) -> DeliveryStats {
        let s = &self.ctx.shared;
        DeliveryStats {
            delivered: s.delivered.load(Ordering::Relaxed),
            bytes: s.delivered_bytes.load(Ordering::Relaxed),
            failed: s.failed.load(Ordering::Relaxed),
            first_failure: s.first_failure.lock().ok().and_then(|f| f.clone()),
        }
    }
}
