//! A service's consumer-group member: poll, handle through the pure service, produce, then
//! make the batch final (wait for acknowledgements and commit, or one transaction with
//! `--exactly-once`); retries with back-off; dead letters.

use super::codec::send_event;
use super::provider::{Provider, PROVIDER_DOWN};
use super::worker::Worker;
use super::{Shared, Slot, BACKOFF_BASE_MS, BATCH, FLUSH_TIMEOUT, POLL, SETTLE_EVERY};
use crate::broker::consumer::{with_record, Consumer, Polled};
use crate::broker::producer::{OutRecord, Producer};
use crate::broker::{BrokerError, TxnFailure};
use crate::domain::deadletter::dead_letter_headers;
use crate::domain::envelope::RecordRef;
use crate::session::now_ms;
use crate::simulate::model::breaker::Blame;
use crate::simulate::model::events::{stable_hash, Event, Topic};
use crate::simulate::model::report::ServiceStats;
use crate::simulate::model::services::{backoff_ms, decision_key, Decision, Service, ServiceKind};
use anyhow::{anyhow, bail};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tracing::{debug, info, warn};

/// Publishes the member's assignment size until the run starts, and logs the moment it
/// first holds partitions (`member assigned`: a process without the gateway starts at once,
/// and this says when its members are in their groups). Cheap once both are past.
pub(super) fn publish_assignment(
    consumer: &Consumer,
    slot: &Slot,
    started: &AtomicBool,
    member: &str,
    announced: &mut bool,
) {
    let started = started.load(Ordering::Relaxed);
    if started && *announced {
        return;
    }
    let held = consumer.assignment().len();
    if !started {
        slot.store(held, Ordering::Relaxed);
    }
    if !*announced && held > 0 {
        *announced = true;
        info!(member, partitions = held, "member assigned");
    }
}

#[derive(Default)]
pub(super) struct Counters {
    pub(super) processed: AtomicU64,
    pub(super) duplicates: AtomicU64,
    pub(super) retries: AtomicU64,
    /// Transactions aborted (`--exactly-once`); their inputs were read again.
    pub(super) aborted: AtomicU64,
    /// Distinct records dead-lettered (by original topic/partition/offset): a record
    /// redelivered after a crash is dead-lettered again, and counted once.
    pub(super) dead_lettered: Mutex<crate::simulate::model::events::IdSet>,
    /// Of those, dead-lettered because the payment provider was down (distinct records too).
    pub(super) outage_dead_lettered: AtomicU64,
    /// order.created events read in schema v1 and v2 (`--evolve`).
    pub(super) created_versions: [AtomicU64; 2],
}

/// How a member makes its work final: the at-least-once step (wait for acks, then commit
/// the inputs) or, with `--exactly-once`, one transaction holding the outputs and the inputs'
/// offsets.
pub(super) struct Settler {
    transactional: bool,
    /// Next offset per input partition handled since the last settle.
    offsets: HashMap<(String, i32), i64>,
    /// Where the batch started per partition: the rewind point when a transaction aborts.
    firsts: HashMap<(String, i32), i64>,
    pub(super) pending: usize,
    since: Instant,
    /// Delivery failures already accounted for (an aborted transaction's do not stop the member).
    failed_before: u64,
}

/// How a settle ended.
pub(super) enum Settled {
    Committed,
    /// The transaction was aborted and the inputs rewound: they come again.
    Aborted(String),
}

impl Settler {
    pub(super) fn new(transactional: bool) -> Self {
        Self {
            transactional,
            offsets: HashMap::new(),
            firsts: HashMap::new(),
            pending: 0,
            since: Instant::now(),
            failed_before: 0,
        }
    }

    /// Called before a record is handled: opens the batch (and its transaction).
    pub(super) fn open(&mut self, producer: &Producer) -> anyhow::Result<()> {
        if self.pending == 0 {
            self.since = Instant::now();
            if self.transactional {
                producer.begin_transaction()?;
            }
        }
        Ok(())
    }

    pub(super) fn handled(&mut self, topic: &str, partition: i32, offset: i64) {
        let tp = (topic.to_string(), partition);
        self.firsts.entry(tp.clone()).or_insert(offset);
        self.offsets.insert(tp, offset + 1);
        self.pending += 1;
    }

    /// A full batch, or what is there once it is old enough or the input is idle: waiting
    /// for acks after every few records would leave the member idle most of the time.
    pub(super) fn due(&self, idle: bool) -> bool {
        self.pending >= BATCH
            || (self.pending > 0 && (idle || self.since.elapsed() >= SETTLE_EVERY))
    }

    /// Makes the batch final. `abort`: the chaos plan asks this transaction to be aborted.
    pub(super) fn settle(
        &mut self,
        producer: &mut Producer,
        consumer: &Consumer,
        who: &str,
        abort: bool,
    ) -> anyhow::Result<Settled> {
        let offsets: Vec<((String, i32), i64)> = self.offsets.drain().collect();
        let firsts: Vec<((String, i32), i64)> = self.firsts.drain().collect();
        self.pending = 0;
        if !self.transactional {
            producer.flush(FLUSH_TIMEOUT)?;
            self.undelivered(producer, who)?;
            consumer.commit(&offsets, false)?;
            return Ok(Settled::Committed);
        }
        let why = if abort {
            "aborted on purpose (--chaos)".to_string()
        } else {
            let mut tries = 0;
            loop {
                match producer.commit_transaction(consumer, &offsets, FLUSH_TIMEOUT) {
                    Ok(()) => {
                        self.undelivered(producer, who)?;
                        return Ok(Settled::Committed);
                    }
                    Err(BrokerError::Transaction {
                        failure: TxnFailure::Retriable,
                        ..
                    }) if tries < 3 => tries += 1,
                    Err(BrokerError::Transaction {
                        failure: TxnFailure::Abortable,
                        reason,
                        ..
                    }) => break reason,
                    Err(e) => return Err(anyhow!("{who}: {e}")),
                }
            }
        };
        producer.abort_transaction(FLUSH_TIMEOUT)?;
        self.failed_before = producer.stats().failed;
        consumer.rewind(&firsts)?;
        Ok(Settled::Aborted(why))
    }

    /// A record that could not be delivered stops the member: its inputs stay uncommitted.
    fn undelivered(&self, producer: &Producer, who: &str) -> anyhow::Result<()> {
        let stats = producer.stats();
        if stats.failed > self.failed_before {
            let why = stats.first_failure.map(|(_, w)| w).unwrap_or_default();
            bail!(
                "{who}: {} record(s) not delivered ({why}); inputs left uncommitted",
                stats.failed - self.failed_before
            );
        }
        Ok(())
    }
}

/// One member of a service's consumer group.
/// A member that died on purpose (`--chaos`), leaving this many handled records uncommitted.
#[derive(Debug)]
pub(super) struct Crashed {
    pub(super) uncommitted: usize,
}

impl std::fmt::Display for Crashed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "crashed with {} records uncommitted", self.uncommitted)
    }
}

impl std::error::Error for Crashed {}

/// A member stopped (the run was cut short) while its event waited for the payment
/// provider's breaker: its inputs stay uncommitted, as any member stopped mid-batch.
#[derive(Debug)]
pub(super) struct StoppedWaiting;

impl std::fmt::Display for StoppedWaiting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("stopped while waiting for the payment provider's circuit breaker")
    }
}

impl std::error::Error for StoppedWaiting {}

/// What one service's members share: its state (the service's "database"), its counters,
/// and the chaos switch that makes one member crash.
#[derive(Clone)]
pub(super) struct ServiceRun {
    pub(super) kind: ServiceKind,
    pub(super) state: Arc<Mutex<Service>>,
    pub(super) counters: Arc<Counters>,
    pub(super) crash: Arc<AtomicBool>,
    /// With `--exactly-once`: the chaos switch that makes one member abort a transaction.
    pub(super) abort: Arc<AtomicBool>,
    /// payment-service only: the payment provider it calls, behind its circuit breaker.
    pub(super) provider: Option<Arc<Provider>>,
}

impl ServiceRun {
    /// The service's figures so far.
    pub(super) fn stats(&self, replicas: usize) -> ServiceStats {
        let c = &self.counters;
        ServiceStats {
            replicas,
            processed: c.processed.load(Ordering::Relaxed),
            duplicates: c.duplicates.load(Ordering::Relaxed),
            retries: c.retries.load(Ordering::Relaxed),
            dead_lettered: c.dead_lettered.lock().map_or(0, |s| s.len() as u64),
            side_effects: self.state.lock().map_or(0, |s| s.effects.total()),
            aborted_transactions: c.aborted.load(Ordering::Relaxed),
        }
    }
}

/// One group member: its thread name, and the name of its place in the group, which a
/// restarted member takes over (with transactions, the same transactional.id fences the
/// crashed member's open transaction instead of leaving it to time out).
pub(super) struct Member {
    pub(super) name: String,
    pub(super) slot_name: String,
    pub(super) slot: Slot,
}

pub(super) fn run_member(sh: Shared, svc: ServiceRun, me: Member) -> anyhow::Result<()> {
    let ServiceRun {
        kind,
        state: service,
        counters,
        crash,
        abort,
        provider,
    } = svc;
    let who = kind.name();
    let group = sh.group(who);
    let consumer = Consumer::connect(&sh.consumer_conn(), Some(&group), Some("earliest"), &sh.log)?;
    let topics: Vec<String> = kind.inputs().iter().map(|t| t.name().to_string()).collect();
    // the client knows its topics before it joins: one that learns them mid-join joins
    // twice, and librdkafka joins at most once a second
    consumer.topics(&topics)?;
    consumer.subscribe(&topics)?;
    let (mut producer, _) = Producer::connect(
        &sh.producer_conn(Some(&me.slot_name)),
        &kind.inputs()[0].dlq(),
        &sh.log,
    )?;
    if sh.exactly_once {
        producer.init_transactions(FLUSH_TIMEOUT)?;
    }
    let mut settler = Settler::new(sh.exactly_once);
    info!(member = %me.name, group = %group, transactional = sh.exactly_once, "member started");
    let mut announced = false;
    loop {
        let polled = consumer.poll(POLL);
        publish_assignment(&consumer, &me.slot, &sh.started, &me.name, &mut announced);
        let idle = matches!(polled, Polled::Nothing | Polled::Eof(_));
        if let Polled::Record(m) = polled {
            settler.open(&producer)?;
            let done = with_record(&m, |r| -> anyhow::Result<(String, i32, i64)> {
                let svc = Handler {
                    kind,
                    service: &service,
                    counters: &counters,
                    provider: provider.as_deref(),
                };
                handle_record(&sh, &svc, &mut producer, r)?;
                Ok((r.topic.to_string(), r.partition, r.offset))
            })?;
            settler.handled(&done.0, done.1, done.2);
            // the crash: no flush, no commit; the outputs may or may not have left
            if crash.swap(false, Ordering::Relaxed) {
                warn!(member = %me.name, uncommitted = settler.pending, "member crashes (--chaos)");
                return Err(Crashed {
                    uncommitted: settler.pending,
                }
                .into());
            }
        }
        if settler.due(idle) {
            let abort_now = sh.exactly_once && abort.swap(false, Ordering::Relaxed);
            if let Settled::Aborted(why) =
                settler.settle(&mut producer, &consumer, &me.name, abort_now)?
            {
                counters.aborted.fetch_add(1, Ordering::Relaxed);
                warn!(member = %me.name, reason = %why, "transaction aborted; inputs rewound");
            }
        }
        if idle && settler.pending == 0 && sh.stop.load(Ordering::Relaxed) {
            return Ok(());
        }
    }
}

/// What one record is handled with: the service, its counters and (payment) its provider.
pub(super) struct Handler<'a> {
    pub(super) kind: ServiceKind,
    pub(super) service: &'a Mutex<Service>,
    pub(super) counters: &'a Counters,
    pub(super) provider: Option<&'a Provider>,
}

impl Handler<'_> {
    /// The service's decision on one attempt. A payment that is not a redelivery calls the
    /// provider, through its breaker: the call waits while the breaker is open.
    fn decide(
        &self,
        sh: &Shared,
        event: &Event,
        partition: i32,
        attempt: u32,
    ) -> anyhow::Result<(Decision, Blame)> {
        let lock = || {
            self.service
                .lock()
                .map_err(|_| anyhow!("{}: state lock poisoned", self.kind.name()))
        };
        let handle = |s: &mut Service| s.handle_in(event, partition, attempt, now_ms());
        match self.provider {
            Some(p) if !lock()?.has_seen(event) => {
                if !p.wait_for_permit(now_ms, &sh.stop) {
                    return Err(StoppedWaiting.into());
                }
                let mut service = lock()?;
                Ok(p.call(now_ms(), || handle(&mut service)))
            }
            _ => Ok((handle(&mut *lock()?), Blame::Event)),
        }
    }
}

pub(super) fn handle_record(
    sh: &Shared,
    svc: &Handler<'_>,
    producer: &mut Producer,
    r: &RecordRef<'_>,
) -> anyhow::Result<()> {
    let (kind, counters) = (svc.kind, svc.counters);
    counters.processed.fetch_add(1, Ordering::Relaxed);
    let topic = Topic::from_name(r.topic).ok_or_else(|| anyhow!("unexpected topic {}", r.topic))?;
    let event = match sh.codec.decode(topic, r.value) {
        Ok(e) => {
            if let Some(v) = sh.codec.created_version(topic, r.value) {
                counters.created_versions[v].fetch_add(1, Ordering::Relaxed);
            }
            e
        }
        Err(reason) => {
            return dead_letter(
                sh,
                kind,
                producer,
                r,
                &format!("undecodable: {reason}"),
                1,
                counters,
            )
        }
    };
    let mut attempt = 0u32;
    loop {
        let (decision, blame) = svc.decide(sh, &event, r.partition, attempt)?;
        let out = match decision {
            Decision::Emit(out) => out,
            Decision::Duplicate(out) => {
                counters.duplicates.fetch_add(1, Ordering::Relaxed);
                debug!(
                    service = kind.name(),
                    correlationId = %event.meta.correlation_id,
                    eventId = %event.meta.event_id,
                    orderId = %event.order_id,
                    "duplicate: outputs re-sent with the same ids, no side effect"
                );
                out
            }
            // the breaker opened on this failure (or was open): the provider's fault, not the
            // event's; it waits for the breaker without using a retry
            Decision::Retry(reason) if blame == Blame::Provider => {
                counters.retries.fetch_add(1, Ordering::Relaxed);
                info!(
                    service = kind.name(),
                    correlationId = %event.meta.correlation_id,
                    orderId = %event.order_id,
                    reason = %reason,
                    "waiting for the payment provider's circuit breaker"
                );
                continue;
            }
            Decision::Retry(reason) => {
                if attempt >= sh.max_retries {
                    return dead_letter(sh, kind, producer, r, &reason, attempt + 1, counters);
                }
                counters.retries.fetch_add(1, Ordering::Relaxed);
                let key = decision_key(&event.order_id);
                let wait = backoff_ms(BACKOFF_BASE_MS, attempt, sh.seed, key);
                info!(
                    service = kind.name(),
                    correlationId = %event.meta.correlation_id,
                    eventId = %event.meta.event_id,
                    orderId = %event.order_id,
                    attempt = attempt + 1,
                    backoff_ms = wait,
                    reason = %reason,
                    "retrying"
                );
                std::thread::sleep(Duration::from_millis(wait));
                attempt += 1;
                continue;
            }
            Decision::Reject(reason) => {
                return dead_letter(sh, kind, producer, r, &reason, attempt + 1, counters)
            }
        };
        for e in &out {
            send_event(producer, &sh.codec, e)?;
        }
        debug!(
            service = kind.name(),
            correlationId = %event.meta.correlation_id,
            eventId = %event.meta.event_id,
            orderId = %event.order_id,
            topic = r.topic,
            partition = r.partition,
            offset = r.offset,
            outputs = ?out.iter().map(|e| e.topic().name()).collect::<Vec<_>>(),
            "handled"
        );
        return Ok(());
    }
}

/// Writes the record, as it was, to `<topic>.dlq` with the provenance headers of DESIGN §4.
pub(super) fn dead_letter(
    sh: &Shared,
    kind: ServiceKind,
    producer: &mut Producer,
    r: &RecordRef<'_>,
    reason: &str,
    attempts: u32,
    counters: &Counters,
) -> anyhow::Result<()> {
    let partition = r.partition.to_string();
    let offset = r.offset.to_string();
    let attempts_text = attempts.to_string();
    let at = now_ms().to_string();
    let group = sh.group(kind.name());
    let headers = dead_letter_headers(
        r.headers,
        [
            ("dlq.original.topic", r.topic.as_bytes()),
            ("dlq.original.partition", partition.as_bytes()),
            ("dlq.original.offset", offset.as_bytes()),
            ("dlq.error", reason.as_bytes()),
            ("dlq.attempts", attempts_text.as_bytes()),
            ("dlq.failed.at", at.as_bytes()),
            ("dlq.consumer.group", group.as_bytes()),
        ],
    );
    let dlq = format!("{}.dlq", r.topic);
    producer.send(
        &dlq,
        &OutRecord {
            key: r.key,
            value: r.value,
            headers: &headers,
            partition: None,
            timestamp: None,
            line: 0,
        },
    )?;
    warn!(
        service = kind.name(),
        correlationId = %r.header_text("correlationId").unwrap_or_default(),
        eventId = %r.header_text("eventId").unwrap_or_default(),
        orderId = %r.key.map(String::from_utf8_lossy).unwrap_or_default(),
        topic = r.topic,
        partition = r.partition,
        offset = r.offset,
        attempts,
        error = reason,
        "dead-lettered to {dlq}"
    );
    let id = stable_hash(&[&format!("{}/{partition}/{offset}", r.topic)]);
    let first = counters
        .dead_lettered
        .lock()
        .map_err(|_| anyhow!("{}: counters lock poisoned", kind.name()))?
        .insert(id);
    if first && reason == PROVIDER_DOWN {
        counters
            .outage_dead_lettered
            .fetch_add(1, Ordering::Relaxed);
    }
    Ok(())
}

pub(super) fn spawn_member(sh: &Shared, svc: &ServiceRun, me: Member) -> anyhow::Result<Worker> {
    let (sh, svc) = (sh.clone(), svc.clone());
    let name = me.name.clone();
    let stop = Arc::clone(&sh.stop);
    Worker::spawn(&name, &stop, move || run_member(sh, svc, me))
}
