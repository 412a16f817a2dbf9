//! A service's consumer-group member: poll, handle through the pure service, produce, wait
//! for acknowledgements, commit (at-least-once); retries with back-off; dead letters.

use super::*;

/// Publishes the member's assignment size until the run starts (cheap afterwards).
pub(super) fn publish_assignment(consumer: &Consumer, slot: &Slot, started: &AtomicBool) {
    if !started.load(Ordering::Relaxed) {
        slot.store(consumer.assignment().len(), Ordering::Relaxed);
    }
}

#[derive(Default)]
pub(super) struct Counters {
    pub(super) processed: AtomicU64,
    pub(super) duplicates: AtomicU64,
    pub(super) retries: AtomicU64,
    /// Distinct records dead-lettered (by original topic/partition/offset): a record
    /// redelivered after a crash is dead-lettered again, and counted once.
    pub(super) dead_lettered: Mutex<crate::pipeline::events::IdSet>,
}

/// Waits until the producer's records are acknowledged, then commits the inputs: the
/// at-least-once step. A record that could not be delivered stops the member with an error.
pub(super) fn settle(
    producer: &mut Producer,
    consumer: &Consumer,
    offsets: &mut HashMap<(String, i32), i64>,
    who: &str,
) -> anyhow::Result<()> {
    producer.flush(FLUSH_TIMEOUT)?;
    let stats = producer.stats();
    if stats.failed > 0 {
        let why = stats.first_failure.map(|(_, w)| w).unwrap_or_default();
        bail!(
            "{who}: {} record(s) not delivered ({why}); inputs left uncommitted",
            stats.failed
        );
    }
    if !offsets.is_empty() {
        let list: Vec<((String, i32), i64)> = offsets.drain().collect();
        consumer.commit(&list, false)?;
    }
    Ok(())
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

/// What one service's members share: its state (the service's "database"), its counters,
/// and the chaos switch that makes one member crash.
#[derive(Clone)]
pub(super) struct ServiceRun {
    pub(super) kind: ServiceKind,
    pub(super) state: Arc<Mutex<Service>>,
    pub(super) counters: Arc<Counters>,
    pub(super) crash: Arc<AtomicBool>,
}

pub(super) fn run_member(sh: Shared, svc: ServiceRun, slot: Slot) -> anyhow::Result<()> {
    let ServiceRun {
        kind,
        state: service,
        counters,
        crash,
    } = svc;
    let who = kind.name();
    let consumer = Consumer::connect(&sh.conn, Some(&sh.group(who)), Some("earliest"), sh.verbose)?;
    let topics: Vec<String> = kind.inputs().iter().map(|t| t.name().to_string()).collect();
    consumer.subscribe(&topics)?;
    let (mut producer, _) = Producer::connect(&sh.conn, &kind.inputs()[0].dlq(), sh.verbose)?;
    let mut offsets: HashMap<(String, i32), i64> = HashMap::new();
    let mut in_batch = 0usize;
    let mut batch_start = Instant::now();
    loop {
        let polled = consumer.poll(POLL);
        publish_assignment(&consumer, &slot, &sh.started);
        let idle = matches!(polled, Polled::Nothing | Polled::Eof(_));
        if let Polled::Record(m) = polled {
            let done = with_record(&m, |r| -> anyhow::Result<(String, i32, i64)> {
                handle_record(&sh, kind, &service, &counters, &mut producer, r)?;
                Ok((r.topic.to_string(), r.partition, r.offset))
            })?;
            offsets.insert((done.0, done.1), done.2 + 1);
            in_batch += 1;
            // the crash: no flush, no commit; the outputs may or may not have left
            if crash.swap(false, Ordering::Relaxed) {
                return Err(Crashed {
                    uncommitted: in_batch,
                }
                .into());
            }
        }
        // settle a full batch, or what is there once the batch is old enough: waiting for
        // acks after every few records would leave the member idle most of the time
        if in_batch >= BATCH || (in_batch > 0 && (idle || batch_start.elapsed() >= SETTLE_EVERY)) {
            settle(&mut producer, &consumer, &mut offsets, who)?;
            in_batch = 0;
        }
        if in_batch == 0 {
            batch_start = Instant::now();
        }
        if idle && sh.stop.load(Ordering::Relaxed) {
            return Ok(());
        }
    }
}

pub(super) fn handle_record(
    sh: &Shared,
    kind: ServiceKind,
    service: &Mutex<Service>,
    counters: &Counters,
    producer: &mut Producer,
    r: &RecordRef<'_>,
) -> anyhow::Result<()> {
    counters.processed.fetch_add(1, Ordering::Relaxed);
    let topic = Topic::from_name(r.topic).ok_or_else(|| anyhow!("unexpected topic {}", r.topic))?;
    let event = match sh.codec.decode(topic, r.value) {
        Ok(e) => e,
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
        let decision = service
            .lock()
            .map_err(|_| anyhow!("{}: state lock poisoned", kind.name()))?
            .handle(&event, attempt, now_ms());
        let out = match decision {
            Decision::Emit(out) => out,
            Decision::Duplicate(out) => {
                counters.duplicates.fetch_add(1, Ordering::Relaxed);
                out
            }
            Decision::Retry(reason) => {
                if attempt >= sh.max_retries {
                    return dead_letter(sh, kind, producer, r, &reason, attempt + 1, counters);
                }
                counters.retries.fetch_add(1, Ordering::Relaxed);
                let wait = backoff_ms(BACKOFF_BASE_MS, attempt, sh.seed, &event.meta.event_id);
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
    let attempts = attempts.to_string();
    let at = now_ms().to_string();
    let group = sh.group(kind.name());
    let mut headers: Vec<(&str, Option<&[u8]>)> = r
        .headers
        .iter()
        .filter(|(k, _)| !k.starts_with("dlq."))
        .copied()
        .collect();
    headers.extend([
        ("dlq.original.topic", Some(r.topic.as_bytes())),
        ("dlq.original.partition", Some(partition.as_bytes())),
        ("dlq.original.offset", Some(offset.as_bytes())),
        ("dlq.error", Some(reason.as_bytes())),
        ("dlq.attempts", Some(attempts.as_bytes())),
        ("dlq.failed.at", Some(at.as_bytes())),
        ("dlq.consumer.group", Some(group.as_bytes())),
    ]);
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
    let id = stable_hash(&[&format!("{}/{partition}/{offset}", r.topic)]);
    counters
        .dead_lettered
        .lock()
        .map_err(|_| anyhow!("{}: counters lock poisoned", kind.name()))?
        .insert(id);
    Ok(())
}

pub(super) fn spawn_member(
    sh: &Shared,
    svc: &ServiceRun,
    name: &str,
    slot: Slot,
) -> anyhow::Result<Worker> {
    let (sh, svc) = (sh.clone(), svc.clone());
    spawn(name, move || run_member(sh, svc, slot))
}
