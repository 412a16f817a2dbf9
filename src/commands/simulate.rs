//! `evctl simulate marketplace`: the pipeline of DESIGN §4 running on Kafka, checked.
//!
//! The services' logic is in `pipeline` (pure); this module gives each service `--replicas`
//! group members (threads, each with its own consumer and producer), the status projection
//! one member, the gateway one producer, and watches the projection until every order is
//! terminal. Then it stops everything and checks the invariants.
//!
//! Delivery is at-least-once, as the article's consumers do it: a member handles a batch,
//! produces the outputs, waits until librdkafka has them acknowledged, and only then commits
//! the input offsets. A member that dies in between is replaced by a rebalance; its inputs are
//! delivered again and the services' idempotency (eventId + per-order state) absorbs them.
//! Neither broker that runs here emulates transactions (DESIGN §3), so no `--exactly-once`.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context as _};
use hdrhistogram::Histogram;

use super::{context, signals, Outcome};
use crate::broker::consumer::{with_record, Consumer, Polled};
use crate::broker::embedded::{EmbeddedCluster, FailedRequest};
use crate::broker::producer::{OutRecord, Producer};
use crate::cli::Globals;
use crate::codec::avro_codec::DecodeOptions;
use crate::codec::avro_codec::{confluent_header, decode_json, encode_json, split_confluent};
use crate::codec::avro_schema::AvroSchema;
use crate::codec::registry::Registry;
use crate::domain::connection::{Connection, ConnectionArgs};
use crate::domain::envelope::RecordRef;
use crate::domain::order::OrderStatus;
use crate::domain::simulation::{ChaosEvent, Latency, LiveMetrics, ServiceStats, SimReport};
use crate::output;
use crate::pipeline::chaos;
use crate::pipeline::events::{stable_hash, traceparent, Event, Topic};
use crate::pipeline::gateway::{initial_stock, Gateway, Generated};
use crate::pipeline::invariants::{self, Observed};
use crate::pipeline::projection::{Applied, Projection};
use crate::pipeline::services::{backoff_ms, Decision, Knobs, Service, ServiceKind};

use super::produce::RegistryArgs;

/// How many orders, and how fast.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Load {
    /// This many orders, as fast as the pipeline takes them.
    Orders(u64),
    /// `rate` orders per second for `duration`.
    Rate { rate: f64, duration: Duration },
}

#[derive(Debug, Clone)]
pub struct SimulateRequest {
    pub conn: ConnectionArgs,
    /// No broker given: run on the embedded one.
    pub embedded: bool,
    pub registry: RegistryArgs,
    pub load: Load,
    pub seed: u64,
    pub replicas: usize,
    pub partitions: i32,
    pub decline_rate: f64,
    pub failure_rate: f64,
    pub poison_rate: f64,
    pub max_retries: u32,
    /// Give up waiting for the pipeline to drain after this long past the last order.
    pub timeout: Duration,
    pub keep_running: bool,
    /// Run the seeded fault plan (`pipeline::chaos`).
    pub chaos: bool,
    /// Serve Prometheus metrics here while running.
    pub metrics_addr: Option<String>,
    pub json: bool,
}

/// Base of the retry back-off (doubles per attempt, with jitter).
const BACKOFF_BASE_MS: u64 = 5;
/// Records handled between two "produce, wait for acks, commit" steps.
const BATCH: usize = 500;
const POLL: Duration = Duration::from_millis(5);
/// The longest a handled record waits for its batch to be settled.
const SETTLE_EVERY: Duration = Duration::from_millis(20);
const FLUSH_TIMEOUT: Duration = Duration::from_secs(60);

/// The event contracts, built into the binary so it runs anywhere.
const SCHEMAS: [(Topic, &str); 8] = [
    (
        Topic::OrderCreated,
        include_str!("../../schemas/order.created.avsc"),
    ),
    (
        Topic::PaymentRequested,
        include_str!("../../schemas/payment.requested.avsc"),
    ),
    (
        Topic::PaymentCompleted,
        include_str!("../../schemas/payment.completed.avsc"),
    ),
    (
        Topic::PaymentFailed,
        include_str!("../../schemas/payment.failed.avsc"),
    ),
    (
        Topic::InventoryReserved,
        include_str!("../../schemas/inventory.reserved.avsc"),
    ),
    (
        Topic::InventoryRejected,
        include_str!("../../schemas/inventory.rejected.avsc"),
    ),
    (
        Topic::OrderShipped,
        include_str!("../../schemas/order.shipped.avsc"),
    ),
    (
        Topic::OrderCancelled,
        include_str!("../../schemas/order.cancelled.avsc"),
    ),
];

/// Events ⇄ Confluent-framed Avro, with the ids the registry gave the schemas.
struct Codec {
    by_topic: HashMap<Topic, (u32, AvroSchema)>,
    by_id: HashMap<u32, (Topic, AvroSchema)>,
}

impl Codec {
    /// Registers every schema under `<topic>-value` (the same id comes back when it is
    /// already there).
    fn register(reg: &Registry) -> anyhow::Result<Self> {
        let mut by_topic = HashMap::new();
        let mut by_id = HashMap::new();
        for (topic, text) in SCHEMAS {
            let schema = AvroSchema::parse_str(text)
                .map_err(|e| anyhow!("schemas/{}.avsc: {e}", topic.name()))?;
            let subject = format!("{}-value", topic.name());
            let id = reg
                .register(&subject, text)
                .with_context(|| format!("registering {subject}"))?;
            by_topic.insert(topic, (id, schema.clone()));
            by_id.insert(id, (topic, schema));
        }
        Ok(Self { by_topic, by_id })
    }

    fn encode(&self, e: &Event) -> anyhow::Result<Vec<u8>> {
        let (id, schema) = self
            .by_topic
            .get(&e.topic())
            .ok_or_else(|| anyhow!("no schema for {}", e.topic().name()))?;
        let mut out = Vec::with_capacity(128);
        confluent_header(*id, &mut out);
        encode_json(schema, &e.to_json(), &mut out)
            .map_err(|err| anyhow!("encoding {} {}: {err}", e.topic().name(), e.meta.event_id))?;
        Ok(out)
    }

    fn decode(&self, topic: Topic, bytes: Option<&[u8]>) -> Result<Event, String> {
        let bytes = bytes.ok_or("no value")?;
        let (id, datum) = split_confluent(bytes).ok_or("not in the Confluent wire format")?;
        let (written_for, schema) = self
            .by_id
            .get(&id)
            .ok_or_else(|| format!("unknown schema id {id}"))?;
        if *written_for != topic {
            return Err(format!(
                "schema id {id} is {}'s, not {}'s",
                written_for.name(),
                topic.name()
            ));
        }
        let v = decode_json(schema, datum, DecodeOptions::default()).map_err(|e| e.to_string())?;
        Event::from_json(topic, &v)
    }
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Sends an event keyed by its order, with the eventId/correlationId/traceparent headers.
fn send_event(p: &mut Producer, codec: &Codec, e: &Event) -> anyhow::Result<()> {
    let value = codec.encode(e)?;
    let trace = traceparent(&e.meta.correlation_id, &e.meta.event_id);
    let headers = [
        ("eventId", Some(e.meta.event_id.as_bytes())),
        ("correlationId", Some(e.meta.correlation_id.as_bytes())),
        ("traceparent", Some(trace.as_bytes())),
    ];
    p.send(
        e.topic().name(),
        &OutRecord {
            key: Some(e.order_id.as_bytes()),
            value: Some(&value),
            headers: &headers,
            partition: None,
            timestamp: None,
            line: 0,
        },
    )?;
    Ok(())
}

/// Everything a member thread needs; cloned per member.
#[derive(Clone)]
struct Shared {
    conn: Connection,
    codec: Arc<Codec>,
    stop: Arc<AtomicBool>,
    run_id: String,
    seed: u64,
    max_retries: u32,
    verbose: bool,
    /// Set once every member holds its partitions and the gateway starts.
    started: Arc<AtomicBool>,
}

impl Shared {
    fn group(&self, member: &str) -> String {
        format!("evctl-sim-{}.{member}", self.run_id)
    }
}

type Worker = std::thread::JoinHandle<anyhow::Result<()>>;

/// How many partitions each member holds, published for the start barrier.
type Slot = Arc<std::sync::atomic::AtomicUsize>;

/// Publishes the member's assignment size until the run starts (cheap afterwards).
fn publish_assignment(consumer: &Consumer, slot: &Slot, started: &AtomicBool) {
    if !started.load(Ordering::Relaxed) {
        slot.store(consumer.assignment().len(), Ordering::Relaxed);
    }
}

#[derive(Default)]
struct Counters {
    processed: AtomicU64,
    duplicates: AtomicU64,
    retries: AtomicU64,
    /// Distinct records dead-lettered (by original topic/partition/offset): a record
    /// redelivered after a crash is dead-lettered again, and counted once.
    dead_lettered: Mutex<crate::pipeline::events::IdSet>,
}

/// Waits until the producer's records are acknowledged, then commits the inputs: the
/// at-least-once step. A record that could not be delivered stops the member with an error.
fn settle(
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
struct Crashed {
    uncommitted: usize,
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
struct ServiceRun {
    kind: ServiceKind,
    state: Arc<Mutex<Service>>,
    counters: Arc<Counters>,
    crash: Arc<AtomicBool>,
}

fn run_member(sh: Shared, svc: ServiceRun, slot: Slot) -> anyhow::Result<()> {
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

fn handle_record(
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
fn dead_letter(
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
/// The read model and the latency histogram, shared with the main thread for progress.
struct ReadModel {
    projection: Projection,
    latency: Histogram<u64>,
    unreadable: u64,
}

/// The status projection: one member reading every topic and every DLQ.
fn run_projection(sh: Shared, model: Arc<Mutex<ReadModel>>, slot: Slot) -> anyhow::Result<()> {
    let consumer = Consumer::connect(
        &sh.conn,
        Some(&sh.group("projection")),
        Some("earliest"),
        sh.verbose,
    )?;
    let topics: Vec<String> = Topic::ALL
        .iter()
        .flat_map(|t| [t.name().to_string(), t.dlq()])
        .collect();
    consumer.subscribe(&topics)?;
    let order_prefix = format!("o-{}-", sh.run_id);
    let mut offsets: Vec<((String, i32), i64)> = Vec::new();
    loop {
        let polled = consumer.poll(POLL);
        publish_assignment(&consumer, &slot, &sh.started);
        let idle = matches!(polled, Polled::Nothing | Polled::Eof(_));
        if let Polled::Record(m) = polled {
            with_record(&m, |r| -> anyhow::Result<()> {
                let mut rm = model
                    .lock()
                    .map_err(|_| anyhow!("projection: state lock poisoned"))?;
                let applied = if r.topic.ends_with(".dlq") {
                    let key = r.key.map(String::from_utf8_lossy).unwrap_or_default();
                    let at = header(r, "dlq.failed.at")
                        .and_then(|v| v.parse().ok())
                        .or(r.timestamp)
                        .unwrap_or_else(now_ms);
                    let original = format!(
                        "{}/{}/{}",
                        header(r, "dlq.original.topic").unwrap_or_default(),
                        header(r, "dlq.original.partition").unwrap_or_default(),
                        header(r, "dlq.original.offset").unwrap_or_default()
                    );
                    rm.projection.apply_dead_letter(
                        r.topic,
                        &key,
                        &original,
                        at,
                        key.starts_with(&order_prefix),
                    )
                } else {
                    match Topic::from_name(r.topic).map(|t| sh.codec.decode(t, r.value)) {
                        Some(Ok(e)) => rm.projection.apply(&e),
                        // malformed records are the services' to dead-letter; counted here
                        _ => {
                            rm.unreadable += 1;
                            Applied::Ignored
                        }
                    }
                };
                if let Applied::Finished(Some(ms)) = applied {
                    // beyond the histogram's range only when clocks jump; clamp, do not drop
                    let ms = u64::try_from(ms).unwrap_or(0).min(rm.latency.high());
                    let _ = rm.latency.record(ms.max(1));
                }
                offsets.push(((r.topic.to_string(), r.partition), r.offset + 1));
                Ok(())
            })?;
        }
        if idle && !offsets.is_empty() {
            consumer.commit(&offsets, false)?;
            offsets.clear();
        }
        if idle && sh.stop.load(Ordering::Relaxed) {
            return Ok(());
        }
    }
}

fn header<'a>(r: &RecordRef<'a>, name: &str) -> Option<String> {
    r.headers
        .iter()
        .find(|(k, _)| *k == name)
        .and_then(|(_, v)| *v)
        .map(|v| String::from_utf8_lossy(v).into_owned())
}

/// What the gateway sent.
#[derive(Debug, Clone, Copy, Default)]
struct Sent {
    orders: u64,
    poison: u64,
    /// Order numbers 0..numbers were generated (orders and poison together).
    numbers: u64,
    /// Orders sent twice (`--chaos`).
    duplicated: u64,
}

/// The gateway: generates orders (and the occasional malformed record) and produces them.
fn run_gateway(
    sh: Shared,
    gw: Gateway,
    load: Load,
    sent: Arc<Mutex<Sent>>,
    halt: Arc<AtomicBool>,
    duplicates: Arc<AtomicU64>,
) -> anyhow::Result<()> {
    let (mut producer, _) = Producer::connect(&sh.conn, Topic::OrderCreated.name(), sh.verbose)?;
    let poison_id = sh
        .codec
        .by_topic
        .get(&Topic::OrderCreated)
        .map_or(0, |(id, _)| *id);
    let start = Instant::now();
    let mut n = 0u64;
    let mut tally = Sent::default();
    loop {
        if halt.load(Ordering::Relaxed) {
            break;
        }
        match load {
            Load::Orders(total) if n >= total => break,
            Load::Rate { rate, duration } => {
                let due = Duration::from_secs_f64(n as f64 / rate);
                if due >= duration {
                    break;
                }
                if let Some(wait) = due.checked_sub(start.elapsed()) {
                    std::thread::sleep(wait);
                }
            }
            Load::Orders(_) => {}
        }
        match gw.generate(n, now_ms()) {
            Generated::Order(e) => {
                send_event(&mut producer, &sh.codec, &e)?;
                tally.orders += 1;
                // chaos: the same event again, as a producer retry after a lost ack would
                if duplicates.load(Ordering::Relaxed) > 0 {
                    duplicates.fetch_sub(1, Ordering::Relaxed);
                    send_event(&mut producer, &sh.codec, &e)?;
                    tally.duplicated += 1;
                }
            }
            Generated::Poison(id) => {
                // framed like an OrderCreated, but the datum is cut short
                let mut value = Vec::new();
                confluent_header(poison_id, &mut value);
                value.extend_from_slice(&[0x08, b'e', b'v']);
                let headers = [
                    ("eventId", Some(id.as_bytes())),
                    ("correlationId", Some(id.as_bytes())),
                ];
                producer.send(
                    Topic::OrderCreated.name(),
                    &OutRecord {
                        key: Some(id.as_bytes()),
                        value: Some(&value),
                        headers: &headers,
                        partition: None,
                        timestamp: None,
                        line: 0,
                    },
                )?;
                tally.poison += 1;
            }
        }
        n += 1;
        tally.numbers = n;
        if n.is_multiple_of(64) {
            if let Ok(mut s) = sent.lock() {
                *s = tally;
            }
        }
    }
    producer.flush(FLUSH_TIMEOUT)?;
    let stats = producer.stats();
    if stats.failed > 0 {
        bail!("gateway: {} order(s) not delivered", stats.failed);
    }
    if let Ok(mut s) = sent.lock() {
        *s = tally;
    }
    Ok(())
}

/// The broker the run uses: the embedded one (kept on this thread: it is not `Send`) or the
/// user's cluster.
fn prepare_broker(
    r: &SimulateRequest,
) -> anyhow::Result<(Option<EmbeddedCluster>, Connection, String)> {
    let mut topics: Vec<String> = Vec::new();
    for t in Topic::ALL {
        topics.push(t.name().to_string());
        topics.push(t.dlq());
    }
    if r.embedded {
        let cluster = EmbeddedCluster::start(1)?;
        for t in &topics {
            cluster.create_topic(t, r.partitions, 1)?;
        }
        let conn = Connection {
            brokers: cluster.bootstrap_servers(),
            // -X applies to the embedded broker's clients too
            properties: r.conn.properties.clone(),
            schema_registry: None,
            context: None,
        };
        return Ok((Some(cluster), conn, "embedded".into()));
    }
    let conn = context::connection(&r.conn)?;
    let existing: Vec<String> = crate::broker::admin::list_topics(&conn, true, false)?
        .into_iter()
        .map(|t| t.name)
        .collect();
    for t in topics.iter().filter(|t| !existing.contains(t)) {
        crate::broker::admin::create_topic(&conn, t, r.partitions, 1, &[], false)?;
    }
    let label = conn.brokers.clone();
    Ok((None, conn, label))
}

/// The schema registry: the user's, or an in-process one on a free port.
fn prepare_registry(
    r: &SimulateRequest,
    conn: &Connection,
    stop: &Arc<AtomicBool>,
    verbose: bool,
) -> anyhow::Result<(Registry, String, Option<Worker>)> {
    let given = r
        .registry
        .url
        .clone()
        .or_else(|| conn.schema_registry.clone());
    if let Some(url) = given {
        let reg = Registry::new(
            &url,
            r.registry.user.as_deref(),
            r.registry.password.as_deref(),
        );
        return Ok((reg, url, None));
    }
    let (url, handle) = super::dev::spawn_registry(0, Arc::clone(stop), verbose)?;
    Ok((Registry::new(&url, None, None), url, Some(handle)))
}

pub fn run(g: Globals, r: SimulateRequest) -> anyhow::Result<Outcome> {
    let interrupted = signals::stop_flag()?;
    let (cluster, mut conn, broker_label) = prepare_broker(&r)?;
    // short linger: latency matters more than batch size here
    for (k, v) in [
        ("linger.ms", "5"),
        ("queue.buffering.max.kbytes", "262144"),
        // the embedded broker holds an empty fetch for the whole wait even when records
        // arrive meanwhile: each hop waited ~50 ms on average at 100 ms (measured: p50
        // 250 ms → 126 ms end to end at 1,000 orders/s); shorter waits cost CPU in fetches
        ("fetch.wait.max.ms", "50"),
    ] {
        if !conn.properties.iter().any(|(pk, _)| pk == k) {
            conn.properties.push((k.into(), v.into()));
        }
    }
    let services_stop = Arc::new(AtomicBool::new(false));
    let registry_stop = Arc::new(AtomicBool::new(false));
    let (registry, registry_url, registry_thread) =
        prepare_registry(&r, &conn, &registry_stop, g.verbose)?;
    let codec = Arc::new(Codec::register(&registry)?);
    let run_id = format!("{:06x}", (now_ms() as u64 ^ r.seed) & 0xff_ffff);
    let sh = Shared {
        conn: conn.clone(),
        codec,
        stop: Arc::clone(&services_stop),
        run_id: run_id.clone(),
        seed: r.seed,
        max_retries: r.max_retries,
        verbose: g.verbose,
        started: Arc::new(AtomicBool::new(false)),
    };
    if !r.embedded {
        start_groups_at_end(&sh)?;
    }
    // (slot, partitions it should be part of covering, members sharing them)
    let mut groups: Vec<(Vec<Slot>, usize)> = Vec::new();
    let expected_orders = match r.load {
        Load::Orders(n) => n,
        Load::Rate { rate, duration } => (rate * duration.as_secs_f64()).ceil() as u64,
    };
    let knobs = Knobs {
        seed: r.seed,
        decline_rate: r.decline_rate,
        failure_rate: r.failure_rate,
    };
    let stock = initial_stock(r.seed, expected_orders);
    let mut threads: Vec<(String, Worker)> = Vec::new();
    let model = Arc::new(Mutex::new(ReadModel {
        projection: Projection::default(),
        latency: Histogram::new_with_bounds(1, 3_600_000, 3)
            .map_err(|e| anyhow!("latency histogram: {e}"))?,
        unreadable: 0,
    }));
    {
        let (sh, model) = (sh.clone(), Arc::clone(&model));
        let slot = Slot::default();
        groups.push((
            vec![Arc::clone(&slot)],
            2 * Topic::ALL.len() * r.partitions as usize,
        ));
        threads.push((
            "projection".into(),
            spawn("projection", move || run_projection(sh, model, slot))?,
        ));
    }
    let mut services: Vec<ServiceRun> = Vec::new();
    for kind in ServiceKind::ALL {
        let svc = ServiceRun {
            kind,
            state: Arc::new(Mutex::new(Service::new(kind, knobs, stock.clone()))),
            counters: Arc::new(Counters::default()),
            crash: Arc::new(AtomicBool::new(false)),
        };
        let mut slots = Vec::new();
        for i in 0..r.replicas {
            let slot = Slot::default();
            slots.push(Arc::clone(&slot));
            let name = format!("{}-{i}", kind.name());
            threads.push((name.clone(), spawn_member(&sh, &svc, &name, slot)?));
        }
        groups.push((slots, kind.inputs().len() * r.partitions as usize));
        services.push(svc);
    }
    let gw = Gateway {
        seed: r.seed,
        run: run_id.clone(),
        poison_rate: r.poison_rate,
    };
    let sent = Arc::new(Mutex::new(Sent::default()));
    let halt = Arc::new(AtomicBool::new(false));
    let duplicates = Arc::new(AtomicU64::new(0));
    let mut chaos = r.chaos.then(|| {
        ChaosDriver::new(
            chaos::plan(r.seed, expected_orders, cluster.is_some()),
            Arc::clone(&duplicates),
        )
    });
    let metrics = match &r.metrics_addr {
        Some(addr) => {
            let (services, model, sent) = (services.clone(), Arc::clone(&model), Arc::clone(&sent));
            let replicas = r.replicas;
            Some(serve_metrics(
                addr,
                Arc::clone(&registry_stop),
                move || live_metrics(&services, &model, &sent, replicas),
            )?)
        }
        None => None,
    };
    wait_for_assignments(&groups, &threads, &interrupted)?;
    sh.started.store(true, Ordering::Relaxed);
    let start = Instant::now();
    let gateway = {
        let (sh, sent, halt, dup) = (
            sh.clone(),
            Arc::clone(&sent),
            Arc::clone(&halt),
            Arc::clone(&duplicates),
        );
        let gw_copy = Gateway {
            seed: gw.seed,
            run: gw.run.clone(),
            poison_rate: gw.poison_rate,
        };
        let load = r.load;
        spawn("gateway", move || {
            run_gateway(sh, gw_copy, load, sent, halt, dup)
        })?
    };
    // watch until every order is terminal and every malformed record dead-lettered
    let pb = output::progress(!g.quiet, "simulating the marketplace");
    let mut gateway = Some(gateway);
    let mut failure: Option<anyhow::Error> = None;
    let mut drained_at: Option<Instant> = None;
    let finished_at;
    loop {
        std::thread::sleep(Duration::from_millis(50));
        if interrupted.load(Ordering::Relaxed) {
            halt.store(true, Ordering::Relaxed);
            failure.get_or_insert_with(|| anyhow!("interrupted; the report covers what ran"));
        }
        if gateway.as_ref().is_some_and(|h| h.is_finished()) {
            if let Some(h) = gateway.take() {
                if let Err(e) = join(h, "gateway") {
                    failure.get_or_insert(e);
                }
            }
            drained_at = Some(Instant::now());
        }
        if let Some(pos) = threads.iter().position(|(_, h)| h.is_finished()) {
            let (name, h) = threads.remove(pos);
            let e = join(h, &name)
                .err()
                .unwrap_or_else(|| anyhow!("{name} stopped early"));
            match (e.downcast_ref::<Crashed>(), &mut chaos) {
                // the chaos plan killed it: a new member takes its place (a rebalance)
                (Some(c), Some(driver)) => {
                    let svc = services.iter().find(|s| name.starts_with(s.kind.name()));
                    if let Some(svc) = svc {
                        let new_name = format!("{name}r");
                        threads.push((
                            new_name.clone(),
                            spawn_member(&sh, svc, &new_name, Slot::default())?,
                        ));
                        driver.note(format!("{name} {c}; restarted as {new_name}"));
                    }
                }
                _ => {
                    failure.get_or_insert(e);
                }
            }
        }
        let s = sent.lock().map(|s| *s).unwrap_or_default();
        if let Some(driver) = &mut chaos {
            driver.tick(s.numbers, cluster.as_ref(), &services)?;
        }
        let (terminal, poison_dl) = model
            .lock()
            .map(|m| {
                (
                    m.projection.terminal(),
                    m.projection.dead_letters_without_order,
                )
            })
            .unwrap_or_default();
        if let Some(pb) = &pb {
            pb.set_message(format!(
                "{} orders sent, {terminal} finished, {poison_dl}/{} malformed dead-lettered",
                s.orders, s.poison
            ));
        }
        if gateway.is_none() && terminal >= s.orders && poison_dl >= s.poison {
            finished_at = Instant::now();
            break;
        }
        if failure.is_some() && gateway.is_none() {
            finished_at = Instant::now();
            break;
        }
        if drained_at.is_some_and(|t| t.elapsed() > r.timeout) {
            finished_at = Instant::now();
            failure.get_or_insert_with(|| {
                anyhow!(
                    "the pipeline did not drain within --timeout {}",
                    humantime::format_duration(r.timeout)
                )
            });
            break;
        }
    }
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    // a short grace so late duplicates and DLQ writes are read, then stop every member
    std::thread::sleep(Duration::from_millis(200));
    services_stop.store(true, Ordering::Relaxed);
    for (name, h) in threads {
        if let Err(e) = join(h, &name) {
            failure.get_or_insert(e);
        }
    }
    let seconds = finished_at.duration_since(start).as_secs_f64();
    let sent = sent.lock().map(|s| *s).unwrap_or_default();
    if let Some(driver) = &mut chaos {
        driver.finish(cluster.as_ref(), sent.duplicated)?;
    }
    let mut report = build_report(
        &r,
        &gw,
        sent,
        &services,
        &model,
        seconds,
        broker_label,
        registry_url.clone(),
        run_id,
    )?;
    report.chaos = chaos.map(|d| d.events);
    let text = if r.json {
        serde_json::to_string_pretty(&report).context("serialising the report")? + "\n"
    } else {
        output::simulation::render(&report)
    };
    {
        use std::io::Write as _;
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .context("writing the report")?;
    }
    if let Some(e) = failure {
        return Err(e);
    }
    if r.keep_running {
        if let Some(c) = &cluster {
            eprintln!(
                "evctl: still running: EVCTL_BROKERS={} EVCTL_SCHEMA_REGISTRY={registry_url}; Ctrl-C to stop",
                c.bootstrap_servers()
            );
            while !interrupted.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }
    registry_stop.store(true, Ordering::Relaxed);
    if let Some(h) = registry_thread {
        join(h, "registry")?;
    }
    if let Some(h) = metrics {
        join(h, "metrics")?;
    }
    drop(cluster);
    Ok(if report.all_hold() {
        Outcome::Success
    } else {
        Outcome::Negative
    })
}

/// On a cluster that already holds earlier runs' events, each new group starts at the
/// current end of its topics (committed before any member joins), not at the beginning.
fn start_groups_at_end(sh: &Shared) -> anyhow::Result<()> {
    let all: Vec<String> = Topic::ALL
        .iter()
        .flat_map(|t| [t.name().to_string(), t.dlq()])
        .collect();
    let mut plan: Vec<(String, Vec<String>)> = ServiceKind::ALL
        .iter()
        .map(|k| {
            let topics = k.inputs().iter().map(|t| t.name().to_string()).collect();
            (sh.group(k.name()), topics)
        })
        .collect();
    plan.push((sh.group("projection"), all));
    for (group, topics) in plan {
        let c = Consumer::connect(&sh.conn, Some(&group), None, sh.verbose)?;
        let mut ends = Vec::new();
        for info in c.topics(&topics)? {
            for p in info.partitions {
                let (_, high) = c.watermarks(&info.name, p)?;
                ends.push(((info.name.clone(), p), high));
            }
        }
        c.commit(&ends, true)
            .with_context(|| format!("starting group {group} at the end of its topics"))?;
    }
    Ok(())
}

/// The start barrier: orders flow only once every group has settled (all its partitions
/// held, by as many members as can hold one). Starting earlier works too, but each late join
/// is a rebalance, and every rebalance redelivers uncommitted records and stalls the flow.
fn wait_for_assignments(
    groups: &[(Vec<Slot>, usize)],
    threads: &[(String, Worker)],
    interrupted: &AtomicBool,
) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let settled = groups.iter().all(|(slots, partitions)| {
            let held: Vec<usize> = slots.iter().map(|s| s.load(Ordering::Relaxed)).collect();
            held.iter().sum::<usize>() == *partitions
                && held.iter().filter(|&&n| n > 0).count() == slots.len().min(*partitions)
        });
        if settled {
            return Ok(());
        }
        if let Some((name, _)) = threads.iter().find(|(_, h)| h.is_finished()) {
            bail!("{name} stopped while joining its consumer group");
        }
        if interrupted.load(Ordering::Relaxed) {
            bail!("interrupted while the consumer groups were forming");
        }
        if Instant::now() > deadline {
            bail!("the consumer groups did not settle within 60 s (is the broker reachable and are the topics there?)");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A snapshot of the run for `--metrics-addr`.
fn live_metrics(
    services: &[ServiceRun],
    model: &Mutex<ReadModel>,
    sent: &Mutex<Sent>,
    replicas: usize,
) -> LiveMetrics {
    let mut m = LiveMetrics {
        orders_sent: sent.lock().map(|s| s.orders).unwrap_or(0),
        ..LiveMetrics::default()
    };
    let Ok(rm) = model.lock() else { return m };
    let p = &rm.projection;
    m.orders_finished = p.terminal();
    m.statuses = p
        .by_status()
        .iter()
        .map(|(s, n)| (s.name().to_string(), *n))
        .collect();
    for svc in services {
        let c = &svc.counters;
        let stats = ServiceStats {
            replicas,
            processed: c.processed.load(Ordering::Relaxed),
            duplicates: c.duplicates.load(Ordering::Relaxed),
            retries: c.retries.load(Ordering::Relaxed),
            dead_lettered: c.dead_lettered.lock().map_or(0, |s| s.len() as u64),
            side_effects: svc.state.lock().map_or(0, |s| s.effects.total()),
        };
        // what reached its inputs (as the projection counts it) minus what it handled
        let arrived: u64 = svc
            .kind
            .inputs()
            .iter()
            .map(|t| p.events.get(t).copied().unwrap_or(0))
            .sum();
        let lag = arrived.saturating_sub(stats.processed.saturating_sub(stats.duplicates));
        m.services.insert(svc.kind.name().to_string(), (stats, lag));
    }
    let h = &rm.latency;
    m.latency_buckets = [10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000]
        .iter()
        .map(|&le| (le, h.count_between(0, le)))
        .collect();
    m.latency_count = h.len();
    m.latency_sum_ms = (h.mean() * h.len() as f64) as u64;
    m
}

/// Serves `/metrics` (Prometheus text) on `addr` until `stop` is set.
fn serve_metrics(
    addr: &str,
    stop: Arc<AtomicBool>,
    snapshot: impl Fn() -> LiveMetrics + Send + 'static,
) -> anyhow::Result<Worker> {
    let server = tiny_http::Server::http(addr)
        .map_err(|e| anyhow!("--metrics-addr {addr}: cannot listen: {e}"))?;
    let header =
        tiny_http::Header::from_bytes(&b"Content-Type"[..], &b"text/plain; version=0.0.4"[..])
            .map_err(|()| anyhow!("building a header"))?;
    spawn("metrics", move || {
        while !stop.load(Ordering::Relaxed) {
            let Ok(Some(req)) = server.recv_timeout(Duration::from_millis(100)) else {
                continue;
            };
            let resp = if req.url() == "/metrics" {
                tiny_http::Response::from_string(output::metrics::prometheus(&snapshot()))
                    .with_header(header.clone())
            } else {
                tiny_http::Response::from_string("see /metrics\n").with_status_code(404)
            };
            // a scraper that went away is not our problem
            let _ = req.respond(resp);
        }
        Ok(())
    })
}

fn spawn_member(sh: &Shared, svc: &ServiceRun, name: &str, slot: Slot) -> anyhow::Result<Worker> {
    let (sh, svc) = (sh.clone(), svc.clone());
    spawn(name, move || run_member(sh, svc, slot))
}

/// Applies the `--chaos` plan as the gateway progresses, and keeps the record of it.
struct ChaosDriver {
    plan: std::collections::VecDeque<chaos::Planned>,
    duplicates: Arc<AtomicU64>,
    broker_back_at: Option<Instant>,
    start: Instant,
    events: Vec<ChaosEvent>,
}

impl ChaosDriver {
    fn new(plan: Vec<chaos::Planned>, duplicates: Arc<AtomicU64>) -> Self {
        Self {
            plan: plan.into(),
            duplicates,
            broker_back_at: None,
            start: Instant::now(),
            events: Vec::new(),
        }
    }

    fn note(&mut self, what: String) {
        self.events.push(ChaosEvent {
            at_ms: self.start.elapsed().as_millis() as u64,
            what,
        });
    }

    /// Fires every fault whose moment has come (`sent`: records the gateway has sent).
    fn tick(
        &mut self,
        sent: u64,
        cluster: Option<&EmbeddedCluster>,
        services: &[ServiceRun],
    ) -> anyhow::Result<()> {
        if let (Some(at), Some(c)) = (self.broker_back_at, cluster) {
            if Instant::now() >= at {
                c.set_broker_up(true)?;
                self.broker_back_at = None;
                self.note("broker back up".into());
            }
        }
        while self.plan.front().is_some_and(|p| p.after <= sent) {
            let Some(p) = self.plan.pop_front() else {
                break;
            };
            match (p.fault, cluster) {
                (chaos::Fault::BrokerDown { millis }, Some(c)) => {
                    c.set_broker_up(false)?;
                    self.broker_back_at = Some(Instant::now() + Duration::from_millis(millis));
                }
                (chaos::Fault::ProduceErrors { count }, Some(c)) => {
                    c.push_request_errors(FailedRequest::Produce, count)
                }
                (chaos::Fault::FetchErrors { count }, Some(c)) => {
                    c.push_request_errors(FailedRequest::Fetch, count)
                }
                (chaos::Fault::MemberCrash { service }, _) => {
                    if let Some(s) = services.iter().find(|s| s.kind == service) {
                        s.crash.store(true, Ordering::Relaxed);
                    }
                }
                (chaos::Fault::Duplicates { count }, _) => {
                    self.duplicates.store(count, Ordering::Relaxed)
                }
                // broker faults are only planned with the embedded broker
                (_, None) => continue,
            }
            self.note(format!("after {} records: {}", p.after, p.fault.describe()));
        }
        Ok(())
    }

    /// Brings the broker back if the run ended while it was down, and notes the duplicates.
    fn finish(&mut self, cluster: Option<&EmbeddedCluster>, duplicated: u64) -> anyhow::Result<()> {
        if let (Some(_), Some(c)) = (self.broker_back_at.take(), cluster) {
            c.set_broker_up(true)?;
        }
        if duplicated > 0 {
            self.note(format!("{duplicated} orders were sent twice"));
        }
        for p in std::mem::take(&mut self.plan) {
            self.note(format!("not reached: {}", p.fault.describe()));
        }
        Ok(())
    }
}

fn spawn(
    name: &str,
    f: impl FnOnce() -> anyhow::Result<()> + Send + 'static,
) -> anyhow::Result<Worker> {
    std::thread::Builder::new()
        .name(name.to_string())
        .spawn(f)
        .with_context(|| format!("starting {name}"))
}

fn join(h: Worker, name: &str) -> anyhow::Result<()> {
    h.join().map_err(|_| anyhow!("{name} panicked"))?
}

#[allow(clippy::too_many_arguments)]
fn build_report(
    r: &SimulateRequest,
    gw: &Gateway,
    sent: Sent,
    services: &[ServiceRun],
    model: &Mutex<ReadModel>,
    seconds: f64,
    broker: String,
    schema_registry: String,
    run_id: String,
) -> anyhow::Result<SimReport> {
    let rm = model
        .lock()
        .map_err(|_| anyhow!("projection state lock poisoned"))?;
    let p = &rm.projection;
    let mut observed = Observed {
        poison_sent: sent.poison,
        poison_dead_lettered: p.dead_letters_without_order,
        dead_letters_read: p.dead_letters.values().sum(),
        lowest_stock: i64::MAX,
        ..Observed::default()
    };
    // the gateway's orders, regenerated from the seed (nothing is kept in memory for this)
    for n in 0..sent.numbers {
        if let Generated::Order(e) = gw.generate(n, 0) {
            observed.statuses.push(p.status(&e.order_id));
        }
    }
    let mut stats = BTreeMap::new();
    for ServiceRun {
        kind,
        state,
        counters: c,
        ..
    } in services
    {
        let s = state
            .lock()
            .map_err(|_| anyhow!("{} state lock poisoned", kind.name()))?;
        let what = match kind {
            ServiceKind::Order => None,
            ServiceKind::Payment => Some(("charge", &mut observed.charges)),
            ServiceKind::Inventory => Some(("reservation", &mut observed.reservations)),
            ServiceKind::Shipping => Some(("shipment", &mut observed.shipments)),
        };
        if let Some((name, total)) = what {
            *total = s.effects.total();
            observed
                .duplicated_effects
                .push((name, s.effects.duplicated()));
        }
        if *kind == ServiceKind::Inventory {
            observed.lowest_stock = s.min_stock;
        }
        let dl = c.dead_lettered.lock().map_or(0, |s| s.len() as u64);
        observed.dead_letters_written += dl;
        stats.insert(
            kind.name().to_string(),
            ServiceStats {
                replicas: r.replicas,
                processed: c.processed.load(Ordering::Relaxed),
                duplicates: c.duplicates.load(Ordering::Relaxed),
                retries: c.retries.load(Ordering::Relaxed),
                dead_lettered: dl,
                side_effects: s.effects.total(),
            },
        );
    }
    let by_status = p.by_status();
    observed.shipped_orders = by_status.get(&OrderStatus::Shipped).copied().unwrap_or(0);
    let events_total: u64 = p.events.values().sum();
    let h = &rm.latency;
    let latency = Latency {
        p50_ms: h.value_at_quantile(0.50),
        p95_ms: h.value_at_quantile(0.95),
        p99_ms: h.value_at_quantile(0.99),
        max_ms: h.max(),
        samples: h.len(),
    };
    let per_sec = |n: u64| {
        if seconds > 0.0 {
            n as f64 / seconds
        } else {
            0.0
        }
    };
    Ok(SimReport {
        broker,
        schema_registry,
        seed: r.seed,
        run_id,
        orders: sent.orders,
        poison_records: sent.poison,
        seconds: (seconds * 1000.0).round() / 1000.0,
        orders_per_sec: per_sec(sent.orders).round(),
        events_per_sec: per_sec(events_total).round(),
        statuses: by_status
            .iter()
            .map(|(s, n)| (s.name().to_string(), *n))
            .collect(),
        events: p
            .events
            .iter()
            .map(|(t, n)| (t.name().to_string(), *n))
            .collect(),
        services: stats,
        dead_letters: p.dead_letters.clone(),
        latency,
        invariants: invariants::check(&observed),
        chaos: None,
        guarantee: "at-least-once delivery with idempotent consumers (offsets committed after \
                    the outputs are acknowledged); transactions are not used"
            .into(),
    })
}
