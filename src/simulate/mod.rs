//! The simulate room: the marketplace of DESIGN §4 running on Kafka, checked. Its pure
//! model (the generator, the services, the projection, the invariants, the report's data) is
//! in [`model`]; its wire codec in `codec`/`wire`; the rest runs it. The `simulate` and
//! `top --simulate` commands call [`run`] and print what it hands back.
//!
//! This module gives each service `--replicas` group members (threads, each with its own
//! consumer and producer), the status projection one member, the gateway one producer, and
//! watches the projection until every order is terminal. Then it stops everything and checks
//! the invariants.
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

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context as _};

use crate::broker::consumer::Consumer;
use crate::broker::embedded::EmbeddedCluster;
use crate::broker::producer::Producer;
use crate::broker::{BrokerError, ClientLog};
use crate::codec::registry::Registry;
use crate::codec::schema::SchemaKind;
use crate::domain::connection::{Connection, ConnectionArgs};
use crate::output;
use crate::output::reporter::Reporter;
use crate::session::{client_log, context, now_ms, signals};
use crate::simulate::model::chaos;
use crate::simulate::model::events::Topic;
use crate::simulate::model::gateway::Gateway;
use crate::simulate::model::report::SimReport;
use crate::simulate::model::services::ServiceKind;

use crate::domain::connection::RegistryArgs;
pub use crate::output::logs::LogFormat;
use tracing::info;
use tracing::level_filters::LevelFilter;

mod api;
mod assemble;
mod backpressure;
mod canary;
mod codec;
mod crew;
mod evolve;
mod faults;
mod gateway;
mod members;
mod metrics;
pub mod model;
mod provider;
mod readmodel;
mod watch;
mod wire;
mod worker;

use api::{serve_orders, Api, Intake};
use assemble::{build_report, Extras, Took};
use backpressure::Throttle;
use codec::Codec;
use crew::Crew;
use evolve::Evolving;
use faults::ChaosDriver;
use gateway::{run_gateway, GatewayRun, Sent};
use metrics::{live_metrics, serve_metrics};
use watch::Watch;
use worker::Worker;

/// Which parts of the marketplace run in this process (`--services`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parts {
    pub gateway: bool,
    pub projection: bool,
    pub services: Vec<ServiceKind>,
}

impl Parts {
    pub fn all() -> Self {
        Self {
            gateway: true,
            projection: true,
            services: ServiceKind::ALL.to_vec(),
        }
    }

    pub fn is_all(&self) -> bool {
        self.gateway && self.projection && self.services.len() == ServiceKind::ALL.len()
    }

    /// Names, for the report.
    pub fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        if self.gateway {
            v.push("gateway".into());
        }
        v.extend(
            ServiceKind::ALL
                .iter()
                .filter(|k| self.services.contains(k))
                .map(|k| k.name().to_string()),
        );
        if self.projection {
            v.push("projection".into());
        }
        v
    }
}

/// How many orders, and how fast.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Load {
    /// This many orders, as fast as the pipeline takes them.
    Orders(u64),
    /// `rate` orders per second for `duration`.
    Rate { rate: f64, duration: Duration },
}

impl Load {
    /// How many orders the run sends.
    pub fn orders(self) -> u64 {
        match self {
            Load::Orders(n) => n,
            Load::Rate { rate, duration } => (rate * duration.as_secs_f64()).ceil() as u64,
        }
    }
}

/// A run's load and rules (`simulate marketplace` and `top --simulate` give the same flags).
#[derive(Debug, Clone)]
pub struct Scenario {
    pub load: Load,
    pub seed: u64,
    pub replicas: usize,
    pub partitions: i32,
    pub decline_rate: f64,
    pub failure_rate: f64,
    pub poison_rate: f64,
    pub max_retries: u32,
    /// Run the seeded fault plan (`pipeline::chaos`).
    pub chaos: bool,
    /// Transactions instead of commit-after-ack.
    pub exactly_once: bool,
    /// The events' format on the wire (`--format`).
    pub format: SchemaKind,
    /// `--http HOST:PORT`: the gateway also takes orders over HTTP.
    pub http: Option<String>,
    /// `--max-in-flight`: the gateway holds new orders while this many are unfinished.
    pub max_in_flight: Option<u64>,
    /// The payment provider's circuit breaker opens after this many consecutive failures
    /// (0: no breaker) and half-opens after the cooldown.
    pub breaker_failures: u32,
    pub breaker_cooldown: Duration,
    /// `--evolve` / `--evolve-breaking`: OrderCreated's next version, tried halfway through.
    pub evolve: Option<Evolve>,
    /// `--canary SERVICE`: a shadow of that service, compared with production.
    pub canary: Option<Canary>,
}

/// `--canary SERVICE` and `--canary-fault`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Canary {
    pub service: ServiceKind,
    pub fault: Option<model::canary::Fault>,
}

/// Which next version of OrderCreated a run tries to register halfway through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evolve {
    /// A field added the compatible way: the registry takes it, the gateway switches.
    Compatible,
    /// A breaking change: the registry must refuse it, and the gateway keeps v1.
    Breaking,
}

impl Scenario {
    /// `--http` with no generated orders: the run takes posted orders until Ctrl-C.
    pub fn http_only(&self) -> bool {
        self.http.is_some() && self.load.orders() == 0
    }
}

#[derive(Debug, Clone)]
pub struct SimulateRequest {
    pub conn: ConnectionArgs,
    /// No broker given: run on the embedded one.
    pub embedded: bool,
    pub registry: RegistryArgs,
    /// The load and the rules of the run.
    pub scenario: Scenario,
    /// Give up waiting for the pipeline to drain after this long past the last order.
    pub timeout: Duration,
    pub keep_running: bool,
    /// What runs here.
    pub parts: Parts,
    /// Shared by the processes of one scaled-out run; new per run when None.
    pub run_id: Option<String>,
    /// Serve Prometheus metrics here while running.
    pub metrics_addr: Option<String>,
    pub format: output::ReportFormat,
    pub log_format: LogFormat,
    /// OFF: no logs.
    pub log_level: LevelFilter,
}

/// With `--http`, the stock covers this many posted orders besides the generated ones (as
/// [`model::gateway::initial_stock`] sizes it: a few products run out, most do not).
const HTTP_STOCKED: u64 = 10_000;

/// Base of the retry back-off (doubles per attempt, with jitter).
const BACKOFF_BASE_MS: u64 = 5;
/// Records handled between two "produce, wait for acks, commit" steps.
const BATCH: usize = 500;
const POLL: Duration = Duration::from_millis(5);
/// The longest a handled record waits for its batch to be settled.
const SETTLE_EVERY: Duration = Duration::from_millis(20);
const FLUSH_TIMEOUT: Duration = Duration::from_secs(60);

/// Everything a member thread needs; cloned per member.
#[derive(Clone)]
struct Shared {
    conn: Connection,
    codec: Arc<Codec>,
    stop: Arc<AtomicBool>,
    run_id: String,
    seed: u64,
    max_retries: u32,
    /// The clients' `-v` log.
    log: ClientLog,
    exactly_once: bool,
    /// Set once every member holds its partitions and the gateway starts.
    started: Arc<AtomicBool>,
    /// The consumer groups use KIP-848's protocol (on the embedded broker; see prepare_broker).
    kip848: bool,
}

impl Shared {
    /// What every thread of the run shares; the run id is `--run-id`, else derived (see
    /// [`default_run_id`]).
    fn new(
        r: &SimulateRequest,
        rep: &Reporter,
        conn: &Connection,
        codec: Arc<Codec>,
        stop: &Arc<AtomicBool>,
        embedded: bool,
    ) -> Self {
        let run_id = r
            .run_id
            .clone()
            .unwrap_or_else(|| default_run_id(r.scenario.seed, embedded, now_ms()));
        Self {
            conn: conn.clone(),
            codec,
            stop: Arc::clone(stop),
            run_id,
            seed: r.scenario.seed,
            max_retries: r.scenario.max_retries,
            log: client_log(rep),
            exactly_once: r.scenario.exactly_once,
            started: Arc::new(AtomicBool::new(false)),
            kip848: embedded && !CLASSIC_ONLY.iter().any(|k| conn.has_property(k)),
        }
    }

    fn group(&self, member: &str) -> String {
        format!("evctl-sim-{}.{member}", self.run_id)
    }

    /// The consumers' connection: read_committed with `--exactly-once` (unless -X says).
    fn consumer_conn(&self) -> Connection {
        let mut conn = self.conn.clone();
        for (k, v) in CONSUMER_DEFAULTS {
            conn.default_property(k, v);
        }
        if self.exactly_once {
            conn.default_property("isolation.level", "read_committed");
        }
        if self.kip848 {
            conn.default_property("group.protocol", "consumer");
        } else {
            // The classic protocol (processes sharing a broker, `--services`): the 1.5 s
            // session evctl gives group reads on the embedded broker expired under the load of
            // three processes on two cores, and every expiry was a rebalance that delivered
            // uncommitted records again: 635-3,223 duplicates per service in a 2,000-order
            // scale-out run; 0 with 6 s (and the groups were ready as soon).
            conn.default_property("session.timeout.ms", "6000");
            conn.default_property("heartbeat.interval.ms", "1000");
        }
        conn
    }

    /// A producer's connection. A member's (`slot_name`) is transactional with
    /// `--exactly-once`, its id tied to the member's place in the group.
    fn producer_conn(&self, slot_name: Option<&str>) -> Connection {
        let mut conn = self.conn.clone();
        for (k, v) in PRODUCER_DEFAULTS {
            conn.default_property(k, v);
        }
        if let (true, Some(slot)) = (self.exactly_once, slot_name) {
            conn.properties.push((
                "transactional.id".into(),
                format!("{}.{slot}", self.group("txn")),
            ));
        }
        conn
    }
}

/// Producer settings unless -X gives them (each client gets only its own kind: librdkafka
/// warns about the other kind's, on stderr, in its own format). A short linger: latency
/// matters more than batch size here.
const PRODUCER_DEFAULTS: [(&str, &str); 2] =
    [("linger.ms", "5"), ("queue.buffering.max.kbytes", "262144")];

/// Consumer settings unless -X gives them. The embedded broker holds an empty fetch for the
/// whole wait even when records arrive meanwhile: each hop waited ~50 ms on average at 100 ms
/// (measured: p50 250 ms → 126 ms end to end at 1,000 orders/s); shorter waits cost CPU in
/// fetches.
const CONSUMER_DEFAULTS: [(&str, &str); 1] = [("fetch.wait.max.ms", "50")];

/// Consumer settings of the classic group protocol, which librdkafka refuses with KIP-848's.
const CLASSIC_ONLY: [&str; 4] = [
    "session.timeout.ms",
    "heartbeat.interval.ms",
    "partition.assignment.strategy",
    "group.protocol",
];

/// The name of the group place a (possibly restarted) member holds: restarts append `r`.
fn slot_name(member: &str) -> &str {
    member.trim_end_matches('r')
}

/// How many partitions each member holds, published for the start barrier.
type Slot = Arc<std::sync::atomic::AtomicUsize>;

/// Partitions per topic, as the cluster has them (they may predate this run's `-p`).
type PartitionCounts = HashMap<String, usize>;

/// The broker the run uses: the embedded one (kept on this thread: it is not `Send`) or the
/// user's cluster; its topics are made when missing.
fn prepare_broker(
    r: &SimulateRequest,
    rep: &Reporter,
) -> anyhow::Result<(Option<EmbeddedCluster>, Connection, String, PartitionCounts)> {
    let mut topics: Vec<String> = Vec::new();
    for t in Topic::ALL {
        topics.push(t.name().to_string());
        topics.push(t.dlq());
    }
    if r.embedded {
        let cluster = EmbeddedCluster::start(1)?;
        for t in &topics {
            cluster.create_topic(t, r.scenario.partitions, 1)?;
        }
        // The members' groups use KIP-848's protocol (`group.protocol=consumer`): the broker
        // assigns the partitions and hands changes out in heartbeat answers, so a group is
        // ready about two heartbeats after its last member arrives, with no join/sync rounds.
        // The classic protocol on the mock needed a 200 ms initial delay to form each group
        // in one generation, and lost ~0.5-1.3 s whenever a follower's SyncGroup came after
        // the leader's (the mock then refuses it and the group rebalances).
        // A member gone without leaving (a crash while the broker was down) holds its
        // partitions for the session: 1.5 s, as the classic groups had on the mock (its
        // default of 30 s stalled a --chaos run for as long).
        cluster.set_consumer_group_timings(Duration::from_millis(100), Duration::from_millis(1500));
        // (a -X that only the classic protocol takes keeps the classic one, formed as before)
        cluster.set_group_initial_rebalance_delay(Duration::from_millis(200));
        let conn = Connection {
            brokers: cluster.bootstrap_servers(),
            // -X applies to the embedded broker's clients too
            properties: r.conn.properties.clone(),
            schema_registry: None,
            registry_ca_file: None,
            context: None,
            password_file: None,
            defaults: Vec::new(),
        };
        let counts = topics
            .into_iter()
            .map(|t| (t, r.scenario.partitions as usize))
            .collect();
        return Ok((Some(cluster), conn, "embedded".into(), counts));
    }
    let conn = context::connection(&r.conn)?;
    let existing: Vec<String> = crate::broker::admin::list_topics(&conn, true, &client_log(rep))?
        .into_iter()
        .map(|t| t.name)
        .collect();
    let mut auto_created = Vec::new();
    for t in topics.iter().filter(|t| !existing.contains(t)) {
        match crate::broker::admin::create_topic(
            &conn,
            t,
            r.scenario.partitions,
            1,
            &[],
            &client_log(rep),
        ) {
            // another process of a scaled-out run created it meanwhile
            Ok(()) | Err(BrokerError::TopicExists { .. }) => {}
            // a broker without CreateTopics (`evctl dev up`'s): auto-create it by asking for it
            Err(BrokerError::Unsupported { .. }) => {
                let (_, partitions) = Producer::connect(&conn, t, &client_log(rep))?;
                auto_created.push(format!("{t} ({partitions})"));
            }
            Err(e) => return Err(e.into()),
        }
    }
    if !auto_created.is_empty() {
        rep.info(output::simulation::auto_created(
            &conn.brokers,
            r.scenario.partitions,
            &auto_created,
        ));
    }
    let counts = crate::broker::admin::list_topics(&conn, true, &client_log(rep))?
        .into_iter()
        .filter(|t| topics.contains(&t.name))
        .map(|t| (t.name, t.partitions))
        .collect();
    let label = conn.brokers.clone();
    Ok((None, conn, label, counts))
}

/// The schema registry: the user's, or an in-process one on a free port.
fn prepare_registry(
    r: &SimulateRequest,
    conn: &Connection,
    stop: &Arc<AtomicBool>,
    rep: &Reporter,
) -> anyhow::Result<(
    Registry,
    String,
    Option<crate::codec::registry_serve::RegistryThread>,
)> {
    let given = r.registry.or(conn);
    if let Some(url) = &given.url {
        // (--registry-ca-file was taken and not used here: a private CA failed the handshake)
        let reg = Registry::from_args(url, &given)?;
        return Ok((reg, url.clone(), None));
    }
    let (url, handle) = crate::codec::registry_serve::spawn(0, Arc::clone(stop), rep.debug_sink())
        .context("starting the in-process schema registry")?;
    Ok((Registry::new(&url, None, None), url, Some(handle)))
}

/// The run's live counters, as `--metrics-addr` serves them.
pub type LiveFn = Arc<dyn Fn() -> crate::simulate::model::report::LiveMetrics + Send + Sync>;

/// What a run inside another command (`top --simulate`) learns once its broker, registry,
/// group names and members exist.
pub struct Started {
    pub brokers: String,
    pub registry: String,
    /// The services' and the projection's consumer groups.
    pub groups: Vec<String>,
    /// Retries, duplicates, dead letters so far: what no topic shows.
    pub live: LiveFn,
}

/// A run watched by another command: told when it started, stopped by its flag (instead of
/// Ctrl-C, which that command handles), its report handed back instead of printed.
pub struct Observer {
    pub started: std::sync::mpsc::Sender<Started>,
    pub stop: Arc<AtomicBool>,
}

/// How a run ended, for the command to pick its exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// It ran its course; its report was shown.
    Finished { all_hold: bool },
    /// Ctrl-C (or the watching command quitting) stopped the gateway early; the report
    /// shown covers what ran.
    CutShort { all_hold: bool },
    /// Stopped before any order was sent: there is no report.
    BeforeStart,
}

/// Runs the marketplace. `observer`: a run inside another command (`top --simulate`).
/// `show` gets the report once the pipeline has drained (before `--keep-running` waits).
pub fn run(
    rep: &Reporter,
    r: SimulateRequest,
    observer: Option<Observer>,
    show: &mut dyn FnMut(&SimReport) -> anyhow::Result<()>,
) -> anyhow::Result<Ended> {
    let began = Instant::now();
    output::logs::init(r.log_format, r.log_level).map_err(|e| anyhow!(e))?;
    let interrupted = match &observer {
        Some(o) => Arc::clone(&o.stop),
        None => signals::stop_flag()?,
    };
    let (cluster, conn, broker_label, partition_counts) = prepare_broker(&r, rep)?;
    let services_stop = Arc::new(AtomicBool::new(false));
    let registry_stop = Arc::new(AtomicBool::new(false));
    let (registry, registry_url, registry_thread) =
        prepare_registry(&r, &conn, &registry_stop, rep)?;
    let codec = Arc::new(Codec::register(registry, r.scenario.format)?);
    let sh = Shared::new(&r, rep, &conn, codec, &services_stop, cluster.is_some());
    let run_id = sh.run_id.clone();
    let transactions = if r.scenario.exactly_once && !r.parts.services.is_empty() {
        Some(probe_transactions(&sh, cluster.is_some())?)
    } else {
        None
    };
    if !r.embedded {
        start_groups_at_end(&sh, r.scenario.canary.map(|c| c.service))?;
    }
    let expected_orders = r.scenario.load.orders();
    // stock (and room) for the orders that may be posted too
    let stocked = expected_orders + r.scenario.http.as_ref().map_or(0, |_| HTTP_STOCKED);
    let crew = Crew::start(&sh, &r, stocked, &partition_counts)?;
    let gw = Gateway {
        seed: r.scenario.seed,
        run: run_id.clone(),
        poison_rate: r.scenario.poison_rate,
    };
    let sent = Arc::new(Mutex::new(Sent::default()));
    if let Some(o) = &observer {
        // the watcher may have given up already; the run goes on either way
        let _ = o.started.send(Started {
            brokers: conn.brokers.clone(),
            registry: registry_url.clone(),
            groups: local_groups(&sh, &r.parts, r.scenario.canary),
            live: live_fn(&crew, &sent, r.scenario.replicas),
        });
    }
    let metrics = match &r.metrics_addr {
        Some(addr) => {
            let live = live_fn(&crew, &sent, r.scenario.replicas);
            Some(serve_metrics(
                addr,
                Arc::clone(&registry_stop),
                move || live(),
            )?)
        }
        None => None,
    };
    // the barrier holds the gateway back; a process without it has nothing to hold
    if r.parts.gateway {
        if let Err(e) = crew.wait_for_assignments(&interrupted, !r.parts.is_all()) {
            if observer.is_none() || !interrupted.load(Ordering::Relaxed) {
                return Err(e);
            }
            // the watcher quit before anything was sent: a normal end, with nothing to report
            crew.stop(&sh, &services_stop);
            registry_stop.store(true, Ordering::Relaxed);
            return Ok(Ended::BeforeStart);
        }
    }
    let next = Arc::new(AtomicU64::new(0));
    let intake = Arc::new(Intake::default());
    let throttle = r
        .scenario
        .max_in_flight
        .map(|max| Arc::new(Throttle::new(max, finished_fn(&crew))));
    // the API opens once the members are ready: an answer from it means orders flow
    let http = match (&r.scenario.http, r.parts.gateway) {
        (Some(addr), true) => {
            let api = Api {
                sh: sh.clone(),
                gw: gw.clone(),
                next: Arc::clone(&next),
                intake: Arc::clone(&intake),
                model: r.parts.projection.then(|| Arc::clone(&crew.model)),
                throttle: throttle.clone(),
            };
            let (worker, bound) = serve_orders(addr, api, Arc::clone(&registry_stop))?;
            rep.info(output::simulation::api_listening(
                &bound,
                &conn.brokers,
                &registry_url,
            ));
            Some(worker)
        }
        _ => None,
    };
    sh.started.store(true, Ordering::Relaxed);
    let ready_seconds = began.elapsed().as_secs_f64();
    info!(
        run = %run_id,
        broker = %broker_label,
        registry = %registry_url,
        seed = r.scenario.seed,
        replicas = r.scenario.replicas,
        parts = %r.parts.names().join(","),
        "members ready"
    );
    let halt = Arc::new(AtomicBool::new(false));
    // `--evolve`: the gateway tries the next version at its halfway record, however fast it goes
    let evolving = r.scenario.evolve.map(|e| {
        Arc::new(Mutex::new(Evolving::new(
            e,
            expected_orders,
            r.parts.gateway,
        )))
    });
    // times in the report (chaos, the breaker) count from here
    let origin_ms = now_ms();
    let (twice, chaos) = chaos_plan(&r.scenario, expected_orders, cluster.is_some());
    let gateway = if r.parts.gateway {
        let run = GatewayRun {
            sh: sh.clone(),
            gw: gw.clone(),
            load: r.scenario.load,
            sent: Arc::clone(&sent),
            halt: Arc::clone(&halt),
            twice,
            next: Arc::clone(&next),
            throttle: throttle.clone(),
            evolving: evolving.clone(),
        };
        Some(Worker::spawn("gateway", &halt, move || run_gateway(run))?)
    } else {
        None
    };
    // a progress bar would tear the log lines apart
    let pb = (r.log_level == LevelFilter::OFF)
        .then(|| rep.progress("simulating the marketplace"))
        .flatten();
    let mut watch = Watch {
        r: &r,
        sh: &sh,
        crew,
        cluster: cluster.as_ref(),
        gateway,
        sent: Arc::clone(&sent),
        halt,
        chaos,
        intake: Arc::clone(&intake),
        interrupted: Arc::clone(&interrupted),
        failure: None,
        cut_short: false,
    };
    let (start, finished_at) = (Instant::now(), watch.run(pb.as_ref())?);
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let Watch {
        crew,
        mut chaos,
        mut failure,
        cut_short,
        ..
    } = watch;
    // posted orders after this are refused: the report counts what came before
    let _ = intake.close();
    // late duplicates and DLQ writes are read, then every member stops
    crew.wait_until_quiet();
    let crew::Stopped {
        services,
        model,
        canary,
        failure: stopped,
    } = crew.stop(&sh, &services_stop);
    if let Some(e) = stopped {
        failure.get_or_insert(e);
    }
    let seconds = finished_at.duration_since(start).as_secs_f64();
    let sent = sent.lock().map(|s| *s).unwrap_or_default();
    if let Some(driver) = &mut chaos {
        driver.finish(cluster.as_ref(), sent.duplicated)?;
    }
    let evolution = match &evolving {
        Some(ev) => {
            let ev = ev.lock().map_err(|_| anyhow!("--evolve: lock poisoned"))?;
            let rm = model.lock().ok();
            Some(ev.report(&services, rm.as_deref().filter(|_| r.parts.projection)))
        }
        None => None,
    };
    let mut report = build_report(
        &r,
        &gw,
        sent,
        &intake,
        &services,
        &model,
        Took {
            ready: ready_seconds,
            run: seconds,
            origin_ms,
        },
        broker_label,
        registry_url.clone(),
        cut_short,
        Extras {
            back_pressure: throttle.map(|t| t.tally()),
            evolution,
            canary,
        },
    )?;
    info!(
        orders = report.orders,
        seconds = report.seconds,
        p99_ms = report.latency.p99_ms,
        invariants_hold = report.all_hold(),
        "run finished"
    );
    report.chaos = chaos.map(|d| d.events);
    report.format = r.scenario.format.registry_name().to_string();
    if let Some(t) = transactions {
        report.guarantee = t;
    }
    if let Some(e) = failure {
        return Err(e);
    }
    show(&report)?;
    if let (true, Some(c)) = (r.keep_running, &cluster) {
        rep.always(output::simulation::still_running(
            &c.bootstrap_servers(),
            &registry_url,
        ));
        wait_for(&interrupted);
    }
    registry_stop.store(true, Ordering::Relaxed);
    if let Some(h) = registry_thread {
        h.finish()?;
    }
    if let Some(h) = metrics {
        h.join()?;
    }
    if let Some(h) = http {
        h.join()?;
    }
    drop(cluster);
    let all_hold = report.all_hold();
    Ok(if cut_short {
        Ended::CutShort { all_hold }
    } else {
        Ended::Finished { all_hold }
    })
}

/// `--chaos`: which orders the gateway sends twice, and the driver of the rest of the plan.
fn chaos_plan(
    sc: &Scenario,
    expected_orders: u64,
    embedded: bool,
) -> (std::ops::Range<u64>, Option<ChaosDriver>) {
    let plan = sc
        .chaos
        .then(|| chaos::plan(sc.seed, expected_orders, embedded, sc.exactly_once));
    let twice = plan.as_deref().map_or(0..0, chaos::duplicated_records);
    (twice, plan.map(ChaosDriver::new))
}

/// Waits until `flag` is set (Ctrl-C, with `--keep-running`).
fn wait_for(flag: &AtomicBool) {
    while !flag.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The consumer groups of the members this process runs (and of its canary).
fn local_groups(sh: &Shared, parts: &Parts, canary: Option<Canary>) -> Vec<String> {
    let mut groups: Vec<String> = parts.services.iter().map(|k| sh.group(k.name())).collect();
    if parts.projection {
        groups.push(sh.group("projection"));
    }
    if let Some(c) = canary.filter(|c| parts.services.contains(&c.service)) {
        groups.push(canary::CanaryRun::group(sh, c.service));
    }
    groups
}

/// How many records have finished (orders terminal, malformed records dead-lettered), for
/// `--max-in-flight`: waits on the projection's signal, under the read model's lock (so a
/// finish between the caller's last look and the wait is not missed).
fn finished_fn(crew: &Crew) -> backpressure::Finished {
    let (model, signal) = (Arc::clone(&crew.model), Arc::clone(&crew.finishing));
    let count = |m: &readmodel::ReadModel| {
        m.projection.terminal() + m.projection.dead_letters_without_order
    };
    Box::new(move |known, wait| {
        let Ok(m) = model.lock() else { return 0 };
        if wait.is_zero() {
            return count(&m);
        }
        signal
            .wait_timeout_while(m, wait, |m| count(m) <= known)
            .map_or(0, |(m, _)| count(&m))
    })
}

/// The run's live counters (what no topic shows), for `--metrics-addr` and `top --simulate`.
fn live_fn(crew: &Crew, sent: &Arc<Mutex<Sent>>, replicas: usize) -> LiveFn {
    let (services, model, sent) = (
        crew.services.clone(),
        Arc::clone(&crew.model),
        Arc::clone(sent),
    );
    let canary = crew.canary_comparison();
    Arc::new(move || {
        let mut m = live_metrics(&services, &model, &sent, replicas);
        m.canary = canary
            .as_ref()
            .and_then(|(kind, c)| c.lock().ok().map(|c| c.live(*kind)));
        m
    })
}

/// The run id when none is given. Orders are keyed (and so partitioned) by ids that carry
/// it, and inventory keeps a stock pool per partition: on the embedded broker, which is new
/// for every run, it is derived from the seed, so the same seed repeats a run exactly. On a
/// shared cluster a new id per run keeps runs apart (give `--run-id` to repeat one there).
fn default_run_id(seed: u64, embedded: bool, now_ms: i64) -> String {
    let salt = if embedded { 0 } else { now_ms as u64 };
    let h = crate::simulate::model::events::stable_hash(&[&seed.to_string(), &salt.to_string()]);
    format!("{:06x}", h & 0xff_ffff)
}

/// On a cluster that already holds earlier runs' events, each new group starts at the
/// current end of its topics (committed before any member joins), not at the beginning.
/// Every process of a run starts every group of the run, not only its own: whichever comes
/// first fixes where the run begins, so a service started after the gateway has sent orders
/// still reads them (it would otherwise start past them and the run never drains). A group
/// that has offsets already belongs to a run another process started (`--run-id`): it is left
/// as it is. `canary`: the shadow group of `--canary`, which only its process knows of.
fn start_groups_at_end(sh: &Shared, canary: Option<ServiceKind>) -> anyhow::Result<()> {
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
    if let Some(kind) = canary {
        plan.push((
            canary::CanaryRun::group(sh, kind),
            canary::CanaryRun::topics(kind),
        ));
    }
    for (group, topics) in plan {
        let c = Consumer::connect(&sh.consumer_conn(), Some(&group), None, &sh.log)?;
        let mut ends = Vec::new();
        for info in c.topics(&topics)? {
            for p in info.partitions {
                let (_, high) = c.watermarks(&info.name, p)?;
                ends.push(((info.name.clone(), p), high));
            }
        }
        let partitions: Vec<(String, i32)> = ends.iter().map(|(tp, _)| tp.clone()).collect();
        if c.has_committed(&partitions)? {
            continue;
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
        &sh.producer_conn(Some("probe")),
        Topic::OrderCreated.name(),
        &sh.log,
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
