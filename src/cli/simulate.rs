//! `evctl simulate marketplace`: flags and their validation.

use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};

use super::{ConnArgs, RegistryFlags, ReportFormat};
use crate::codec::schema::SchemaKind;
use crate::simulate::model::canary::Fault;
use crate::simulate::model::services::ServiceKind;
use crate::simulate::{Canary, Evolve, Load, LogFormat, Parts, Scenario, SimulateRequest};
use tracing::level_filters::LevelFilter;

#[derive(Debug, Subcommand)]
pub enum SimulateCommand {
    /// Run the event-driven marketplace end to end and check its guarantees.
    ///
    /// gateway → order.created → order-service → payment.requested → payment-service →
    /// payment.completed → inventory-service → inventory.reserved → shipping-service →
    /// order.shipped, with cancellations, retries, dead-letter queues and a status projection.
    /// Events are Avro (schemas/) in the Confluent wire format, keyed by orderId, with
    /// eventId/correlationId/traceparent headers. Without -b it runs on the embedded broker and
    /// an in-process schema registry. Exit 0: every invariant held; 1: one did not; 2: error.
    Marketplace(MarketplaceArgs),
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
  evctl simulate marketplace\n  \
  evctl simulate marketplace --orders 100000 --replicas 3 --poison-rate 0.01 -o json\n  \
  evctl simulate marketplace --rate 2000 --duration 30s\n  \
  evctl simulate marketplace --orders 0 --http 8080   # then: curl -d @order.json localhost:8080/orders\n  \
  evctl simulate marketplace -b localhost:9092 --schema-registry http://localhost:8081\n  \
  evctl simulate marketplace --services payment --run-id shop1 -b localhost:9092 --schema-registry http://localhost:8081\n  \
  evctl simulate marketplace --exactly-once --chaos --log-format json 2>events.log")]
pub struct MarketplaceArgs {
    #[command(flatten)]
    pub conn: ConnArgs,
    #[command(flatten)]
    pub scenario: ScenarioFlags,
    /// How long to wait for the pipeline to drain after the last order.
    #[arg(long, default_value = "60s", value_parser = humantime::parse_duration)]
    pub timeout: Duration,
    /// Serve Prometheus metrics at http://HOST:PORT/metrics while it runs (events processed,
    /// duplicates, retries, DLQ, lag, side effects, orders by status, latency histogram).
    #[arg(long, value_name = "HOST:PORT")]
    pub metrics_addr: Option<String>,
    /// Run only these parts here: gateway, order, payment, inventory, shipping, projection
    /// (comma-separated). Several evctl processes with the same -b, --schema-registry,
    /// --run-id and --seed then share each service's consumer group. A process without the
    /// gateway runs until Ctrl-C; one without the projection reports its own services only.
    #[arg(long, value_delimiter = ',', value_name = "PART,...")]
    pub services: Vec<String>,
    /// Names the run (consumer groups evctl-sim-<ID>.<service>, order ids o-<ID>-<n>);
    /// processes of one scaled-out run share it. Default: derived from --seed on the embedded
    /// broker (the same seed repeats a run), a new id per run on a cluster.
    #[arg(long, value_name = "ID")]
    pub run_id: Option<String>,
    /// Keep the embedded broker and registry up after the report (Ctrl-C to stop).
    #[arg(long)]
    pub keep_running: bool,
    // without a registry (flag or context), an in-process one serves the run
    #[command(flatten)]
    pub registry: RegistryFlags,
    /// Output format: the report as text, or one JSON object.
    #[arg(short = 'o', long, value_enum, default_value_t = ReportFormat::Text)]
    pub output: ReportFormat,
    /// Logs on stderr as text lines or JSON objects; each carries its correlationId,
    /// eventId and orderId where it concerns one.
    #[arg(long, value_enum, default_value_t = LogFormatArg::Text)]
    pub log_format: LogFormatArg,
    /// warn: dead letters, crashes, aborted transactions; info: + retries, chaos, members,
    /// the run; debug: + every event handled and every order finished. Default: info with
    /// --log-format json, off otherwise (the report says it all).
    #[arg(long, value_enum)]
    pub log_level: Option<LogLevelArg>,
}

/// The load and the rules of a run: shared by `simulate marketplace` and `top --simulate`.
#[derive(Debug, Clone, PartialEq, Args)]
pub struct ScenarioFlags {
    /// Orders to send, as fast as the pipeline takes them [default: 10000; top --simulate:
    /// 300 per second for 2 minutes, the broker then stays up until you quit].
    #[arg(long, conflicts_with = "rate")]
    pub orders: Option<u64>,
    /// Orders per second instead (with --duration).
    #[arg(long, requires = "duration", value_name = "PER_SEC")]
    pub rate: Option<f64>,
    /// How long to send at --rate, e.g. 30s or 2m.
    #[arg(long, requires = "rate", value_parser = humantime::parse_duration)]
    pub duration: Option<Duration>,
    /// Seed of the order generator and of every decision (declines, failures, back-off).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Consumer group members per service.
    #[arg(long, default_value_t = 2)]
    pub replicas: usize,
    /// Partitions per topic (topics are created when missing).
    #[arg(short = 'p', long, default_value_t = 8)]
    pub partitions: i32,
    /// Share of payments declined (those orders are cancelled).
    #[arg(long, default_value_t = 0.05, value_name = "0..1")]
    pub decline_rate: f64,
    /// Share of payment attempts that time out and are retried with back-off.
    #[arg(long, default_value_t = 0.01, value_name = "0..1")]
    pub failure_rate: f64,
    /// Share of malformed records the gateway sends (each must end in order.created.dlq).
    #[arg(long, default_value_t = 0.001, value_name = "0..1")]
    pub poison_rate: f64,
    /// Retries before an event goes to its topic's .dlq.
    #[arg(long, default_value_t = 3)]
    pub max_retries: u32,
    /// Run a seeded fault plan: the broker down and back, failed requests (embedded broker
    /// only), a member crash with a rebalance, duplicate deliveries; all shown in the report.
    #[arg(long)]
    pub chaos: bool,
    /// Transactions instead of commit-after-acknowledgement: each batch's outputs and its
    /// input offsets are committed in one transaction, consumers read_committed. The embedded
    /// broker accepts the calls without their semantics; brokers that refuse transactions
    /// stop the run with exit 2. The report says which guarantee the run had.
    #[arg(long)]
    pub exactly_once: bool,
    /// The events' format on the wire: avro, protobuf or json-schema (the contracts in
    /// schemas/ in that format, registered under <topic>-value).
    #[arg(long, value_enum, default_value_t = WireFormatArg::Avro)]
    pub format: WireFormatArg,
    /// The gateway also takes orders over HTTP: POST /orders with {customerId, items:
    /// [{productId, quantity}]} answers 202 {orderId, correlationId}; GET /orders/{id} answers
    /// from the read model; GET /healthz. With --orders 0 the run takes posted orders until
    /// Ctrl-C, then reports. A bare port listens on 127.0.0.1.
    #[arg(long, value_name = "HOST:PORT")]
    pub http: Option<String>,
    /// Back-pressure: the gateway (and POST /orders) holds new orders while N orders are
    /// unfinished (sent, not yet shipped, cancelled or dead-lettered); the report says how
    /// long it held.
    #[arg(long, value_name = "N")]
    pub max_in_flight: Option<u64>,
    /// payment-service calls its payment provider through a circuit breaker that opens after
    /// N consecutive failed calls; while it is open, events wait instead of using their
    /// retries (none is dead-lettered for a provider outage). 0: no breaker. [default: 3,
    /// or --max-retries + 1 when that is less]
    #[arg(long, value_name = "N")]
    pub breaker_failures: Option<u32>,
    /// How long the breaker stays open before it lets one trial call through (half-open).
    #[arg(long, default_value = "250ms", value_parser = humantime::parse_duration)]
    pub breaker_cooldown: Duration,
    /// Halfway through, register OrderCreated v2 (a field added the compatible way, in the
    /// run's --format) through the registry's compatibility check; the gateway then writes v2
    /// while the services keep v1's reader. The report counts each version read per consumer.
    #[arg(long, conflicts_with = "evolve_breaking")]
    pub evolve: bool,
    /// Halfway through, try a breaking OrderCreated v2 (totalCents becomes a string): the
    /// registry must refuse it (409) and the gateway keeps v1.
    #[arg(long)]
    pub evolve_breaking: bool,
    /// Run a canary of this service (order, payment, inventory or shipping) in a shadow
    /// consumer group beside it: the same inputs, its own state, no outputs and no side
    /// effects; each of its decisions is compared with production's for the same input. The
    /// report shows the agreement and the first disagreements.
    #[arg(long, value_name = "SERVICE")]
    pub canary: Option<String>,
    /// Plant a difference in the canary so the comparison is seen to fail: decline-all (its
    /// payment-service declines every payment; with --canary payment).
    #[arg(long, value_enum, requires = "canary", value_name = "FAULT")]
    pub canary_fault: Option<CanaryFaultArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CanaryFaultArg {
    DeclineAll,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WireFormatArg {
    Avro,
    Protobuf,
    JsonSchema,
}

impl ScenarioFlags {
    /// Validates the flags; `default` is the load when neither --orders nor --rate is given.
    pub fn resolve(&self, default: Load) -> Result<Scenario, String> {
        let rate_ok = |name: &str, v: f64| {
            if (0.0..=1.0).contains(&v) {
                Ok(v)
            } else {
                Err(format!("--{name} {v}: give a share between 0 and 1"))
            }
        };
        let load = match (self.rate, self.duration, self.orders) {
            (Some(rate), Some(duration), _) if rate > 0.0 && !duration.is_zero() => {
                Load::Rate { rate, duration }
            }
            (Some(rate), Some(_), _) => {
                return Err(format!("--rate {rate} --duration: both must be positive"))
            }
            (_, _, Some(0)) if self.http.is_none() => {
                return Err("--orders 0: send at least one order (or take them over --http)".into())
            }
            (_, _, Some(n)) => Load::Orders(n),
            _ => default,
        };
        if !(1..=16).contains(&self.replicas) {
            return Err(format!(
                "--replicas {}: choose between 1 and 16",
                self.replicas
            ));
        }
        if self.partitions < 1 {
            return Err(format!("--partitions {}: at least 1", self.partitions));
        }
        if self.max_in_flight == Some(0) {
            return Err("--max-in-flight 0: let at least 1 order be in flight".into());
        }
        let most_failures = self.max_retries.saturating_add(1);
        let breaker_failures = self.breaker_failures.unwrap_or(most_failures.min(3));
        if breaker_failures > most_failures {
            return Err(format!(
                "--breaker-failures {breaker_failures} with --max-retries {}: an event would be \
                 dead-lettered before the breaker opens; give at most {most_failures} (or 0: \
                 no breaker)",
                self.max_retries
            ));
        }
        if self.breaker_cooldown.is_zero() && breaker_failures > 0 {
            return Err("--breaker-cooldown 0s: give the provider some time, e.g. 250ms".into());
        }
        let evolve = match (self.evolve, self.evolve_breaking) {
            (true, _) => Some(Evolve::Compatible),
            (_, true) => Some(Evolve::Breaking),
            _ => None,
        };
        if evolve.is_some() && load.orders() == 0 {
            return Err(
                "--evolve happens halfway through the generated orders: give --orders N \
                 or --rate with --duration"
                    .into(),
            );
        }
        let canary = self.canary()?;
        Ok(Scenario {
            load,
            seed: self.seed,
            replicas: self.replicas,
            partitions: self.partitions,
            decline_rate: rate_ok("decline-rate", self.decline_rate)?,
            failure_rate: rate_ok("failure-rate", self.failure_rate)?,
            poison_rate: rate_ok("poison-rate", self.poison_rate)?,
            max_retries: self.max_retries,
            chaos: self.chaos,
            exactly_once: self.exactly_once,
            format: match self.format {
                WireFormatArg::Avro => SchemaKind::Avro,
                WireFormatArg::Protobuf => SchemaKind::Protobuf,
                WireFormatArg::JsonSchema => SchemaKind::Json,
            },
            http: self.http.clone(),
            max_in_flight: self.max_in_flight,
            breaker_failures,
            breaker_cooldown: self.breaker_cooldown,
            evolve,
            canary,
        })
    }

    /// `--canary SERVICE` with its fault, checked against each other.
    fn canary(&self) -> Result<Option<Canary>, String> {
        let Some(name) = &self.canary else {
            return Ok(None);
        };
        let service = ServiceKind::from_name(name).ok_or_else(|| {
            format!("--canary '{name}': choose a service: order, payment, inventory or shipping")
        })?;
        let fault = self.canary_fault.map(|f| match f {
            CanaryFaultArg::DeclineAll => Fault::DeclineAll,
        });
        if let Some(f) = fault.filter(|f| f.service() != service) {
            return Err(format!(
                "--canary-fault {} changes {}'s decisions: give --canary {}",
                f.name(),
                f.service().name(),
                f.service().name().trim_end_matches("-service")
            ));
        }
        Ok(Some(Canary { service, fault }))
    }
}

/// `--services a,b,c` → the parts to run here (all when empty).
fn parts(names: &[String]) -> Result<Parts, String> {
    if names.is_empty() {
        return Ok(Parts::all());
    }
    let mut p = Parts::default();
    for n in names {
        match n.trim() {
            "gateway" => p.gateway = true,
            "projection" => p.projection = true,
            other => match ServiceKind::from_name(other) {
                Some(k) if !p.services.contains(&k) => p.services.push(k),
                Some(_) => {}
                None => {
                    return Err(format!(
                    "--services: unknown part '{other}'; choose from gateway, order, payment, inventory, shipping, projection"
                ))
                }
            },
        }
    }
    Ok(p)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormatArg {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogLevelArg {
    Off,
    Error,
    Warn,
    Info,
    Debug,
    Trace,
}

impl SimulateCommand {
    pub fn resolve(self) -> Result<SimulateRequest, String> {
        let Self::Marketplace(a) = self;
        let sc = a.scenario.resolve(Load::Orders(10_000))?;
        let conn = a.conn.resolve();
        let embedded = conn.brokers.is_none() && conn.context.is_none();
        let parts = parts(&a.services)?;
        if let Some(id) = &a.run_id {
            if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(format!(
                    "--run-id '{id}': use letters, digits and _ (it names consumer groups and order ids)"
                ));
            }
        }
        if !parts.is_all() {
            let fix = "start `evctl dev up` and give every process its broker and registry";
            if embedded {
                return Err(format!("--services runs part of the marketplace beside other evctl processes: give -b or --context ({fix})"));
            }
            if a.registry.schema_registry.is_none() && a.conn.context.is_none() {
                return Err(format!("--services: the processes must share a schema registry: give --schema-registry ({fix})"));
            }
            if a.run_id.is_none() {
                return Err("--services: give every process of the run the same --run-id".into());
            }
            if sc.max_in_flight.is_some() && parts.gateway && !parts.projection {
                return Err(
                    "--max-in-flight counts unfinished orders in the read model: run \
                     the projection in the gateway's process (--services gateway,projection,...)"
                        .into(),
                );
            }
            if let Some(c) = sc.canary.filter(|c| !parts.services.contains(&c.service)) {
                return Err(format!(
                    "--canary {0}: the canary runs beside {0}, which this process does not run \
                     (--services {1}); give --canary to the process that runs it",
                    c.service.name(),
                    a.services.join(",")
                ));
            }
            if sc.chaos {
                return Err(
                    "--chaos needs the whole marketplace in one process (without --services)"
                        .into(),
                );
            }
        }
        if a.keep_running && !embedded {
            return Err("--keep-running keeps the embedded broker up; it does not apply with -b or --context".into());
        }
        Ok(SimulateRequest {
            conn,
            embedded,
            scenario: sc,
            registry: a.registry.resolve(),
            timeout: a.timeout,
            keep_running: a.keep_running,
            parts,
            run_id: a.run_id,
            metrics_addr: a.metrics_addr,
            format: a.output.into(),
            log_format: match a.log_format {
                LogFormatArg::Text => LogFormat::Text,
                LogFormatArg::Json => LogFormat::Json,
            },
            log_level: match (a.log_level, a.log_format) {
                (None, LogFormatArg::Json) | (Some(LogLevelArg::Info), _) => LevelFilter::INFO,
                (None, LogFormatArg::Text) | (Some(LogLevelArg::Off), _) => LevelFilter::OFF,
                (Some(LogLevelArg::Error), _) => LevelFilter::ERROR,
                (Some(LogLevelArg::Warn), _) => LevelFilter::WARN,
                (Some(LogLevelArg::Debug), _) => LevelFilter::DEBUG,
                (Some(LogLevelArg::Trace), _) => LevelFilter::TRACE,
            },
        })
    }
}
