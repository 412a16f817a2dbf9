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
//!
//! `--exactly-once` replaces that step by a transaction per batch (outputs and input offsets
//! committed together, consumers read_committed; an aborted transaction rewinds the inputs).
//! Neither broker that runs here provides transactional semantics (DESIGN §3): the mock
//! accepts the calls without them, nisshi refuses them. So the invariants are made to hold
//! without transactions, and the report says which guarantee the run really had.

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
use crate::broker::{BrokerError, TxnFailure};
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
pub use crate::output::logs::LogFormat;
use tracing::level_filters::LevelFilter;
use tracing::{debug, info, warn};

mod codec;
mod faults;
mod gateway;
mod members;
mod metrics;
mod readmodel;
mod report;

use codec::*;
use faults::*;
use gateway::*;
use members::*;
use metrics::*;
use readmodel::*;
use report::*;

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
    /// Transactions instead of commit-after-ack.
    pub exactly_once: bool,
    /// Serve Prometheus metrics here while running.
    pub metrics_addr: Option<String>,
    pub json: bool,
    pub log_format: LogFormat,
    /// OFF: no logs.
    pub log_level: LevelFilter,
}

/// Base of the retry back-off (doubles per attempt, with jitter).
const BACKOFF_BASE_MS: u64 = 5;
/// Records handled between two "produce, wait for acks, commit" steps.
const BATCH: usize = 500;
const POLL: Duration = Duration::from_millis(5);
/// The longest a handled record waits for its batch to be settled.
const SETTLE_EVERY: Duration = Duration::from_millis(20);
const FLUSH_TIMEOUT: Duration = Duration::from_secs(60);

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
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
    exactly_once: bool,
    /// Set once every member holds its partitions and the gateway starts.
    started: Arc<AtomicBool>,
}

impl Shared {
    fn group(&self, member: &str) -> String {
        format!("evctl-sim-{}.{member}", self.run_id)
    }

    /// The consumers' connection: read_committed with `--exactly-once` (unless -X says).
    fn consumer_conn(&self) -> Connection {
        let mut conn = self.conn.clone();
        if self.exactly_once && !conn.properties.iter().any(|(k, _)| k == "isolation.level") {
            conn.properties
                .push(("isolation.level".into(), "read_committed".into()));
        }
        conn
    }

    /// A member's producer connection: transactional with `--exactly-once`, its id tied to
    /// the member's place in the group (`slot_name`).
    fn producer_conn(&self, slot_name: &str) -> Connection {
        let mut conn = self.conn.clone();
        if self.exactly_once {
            conn.properties.push((
                "transactional.id".into(),
                format!("{}.{slot_name}", self.group("txn")),
            ));
        }
        conn
    }
}

/// The name of the group place a (possibly restarted) member holds: restarts append `r`.
fn slot_name(member: &str) -> &str {
    member.trim_end_matches('r')
}

type Worker = std::thread::JoinHandle<anyhow::Result<()>>;

/// How many partitions each member holds, published for the start barrier.
type Slot = Arc<std::sync::atomic::AtomicUsize>;

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
    output::logs::init(r.log_format, r.log_level).map_err(|e| anyhow!(e))?;
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
        exactly_once: r.exactly_once,
        started: Arc::new(AtomicBool::new(false)),
    };
    let transactions = if r.exactly_once {
        Some(probe_transactions(&sh, cluster.is_some())?)
    } else {
        None
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
            abort: Arc::new(AtomicBool::new(false)),
        };
        let mut slots = Vec::new();
        for i in 0..r.replicas {
            let slot = Slot::default();
            slots.push(Arc::clone(&slot));
            let name = format!("{}-{i}", kind.name());
            let me = Member {
                name: name.clone(),
                slot_name: name.clone(),
                slot,
            };
            threads.push((name, spawn_member(&sh, &svc, me)?));
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
            chaos::plan(r.seed, expected_orders, cluster.is_some(), r.exactly_once),
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
    info!(
        run = %run_id,
        broker = %broker_label,
        registry = %registry_url,
        seed = r.seed,
        replicas = r.replicas,
        "orders start flowing"
    );
    // a progress bar would tear the log lines apart
    let pb = output::progress(
        !g.quiet && r.log_level == LevelFilter::OFF,
        "simulating the marketplace",
    );
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
                        let me = Member {
                            name: new_name.clone(),
                            slot_name: slot_name(&name).to_string(),
                            slot: Slot::default(),
                        };
                        threads.push((new_name.clone(), spawn_member(&sh, svc, me)?));
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
    info!(
        orders = report.orders,
        seconds = report.seconds,
        p99_ms = report.latency.p99_ms,
        invariants_hold = report.all_hold(),
        "run finished"
    );
    report.chaos = chaos.map(|d| d.events);
    if let Some(t) = transactions {
        report.guarantee = t;
    }
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

/// Checks that the cluster takes transactions before any member starts, so a refusal is one
/// clear error rather than every member failing. Returns what the report says about them.
fn probe_transactions(sh: &Shared, embedded: bool) -> anyhow::Result<String> {
    let (producer, _) = Producer::connect(
        &sh.producer_conn("probe"),
        Topic::OrderCreated.name(),
        sh.verbose,
    )?;
    producer
        .init_transactions(Duration::from_secs(30))
        .map_err(|e| {
            anyhow!(
                "--exactly-once: {} refused transactions ({e}); run without --exactly-once \
                 (at-least-once with idempotent consumers keeps the same invariants)",
                sh.conn.brokers
            )
        })?;
    Ok(if embedded {
        "exactly-once requested: each batch's outputs and input offsets in one transaction, \
         consumers read_committed. The embedded broker accepts these calls but does not \
         provide transactional semantics (aborted records stay visible, offsets sent in a \
         transaction are not stored): the invariants rest on the idempotent consumers"
    } else {
        "exactly-once: each batch's outputs and input offsets in one transaction, consumers \
         read_committed (the broker accepted transactions)"
    }
    .into())
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
