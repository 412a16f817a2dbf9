//! The report of `evctl simulate marketplace`: plain data, built by `commands::simulate`,
//! checked by `pipeline::invariants`, printed by `output::simulation`.

use std::collections::BTreeMap;

use serde::Serialize;

/// Something the `--chaos` plan did, and when (ms after the first order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChaosEvent {
    pub at_ms: u64,
    pub what: String,
}

/// One guarantee the run checks, and what was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Invariant {
    pub name: &'static str,
    pub holds: bool,
    pub detail: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ServiceStats {
    pub replicas: usize,
    /// Input records handled (duplicates included).
    pub processed: u64,
    /// Inputs recognised by eventId and not acted on again.
    pub duplicates: u64,
    pub retries: u64,
    pub dead_lettered: u64,
    /// Charges, reservations or shipments made.
    pub side_effects: u64,
    /// Transactions aborted (`--exactly-once`); their inputs were handled again.
    pub aborted_transactions: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Latency {
    pub p50_ms: u64,
    pub p95_ms: u64,
    pub p99_ms: u64,
    pub max_ms: u64,
    pub samples: u64,
}

/// Time orders spent in one stage (a service's hop from one topic to the next).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct StageLatency {
    pub stage: String,
    pub from: String,
    pub to: String,
    pub p50_ms: u64,
    pub p99_ms: u64,
    pub max_ms: u64,
    pub samples: u64,
}

/// End-to-end latency of the orders created in one window of the run (so a stall shows).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LatencyWindow {
    /// Seconds from the first order to the window's start.
    pub from_s: u64,
    pub orders: u64,
    pub p50_ms: u64,
    pub p99_ms: u64,
}

/// What came in over HTTP (`--http`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct HttpOrders {
    /// Orders posted and accepted (202); counted in `orders`.
    pub accepted: u64,
    /// Bodies refused (400 and 413): nothing was published for them.
    pub refused: u64,
}

/// How the gateway held orders back (`--max-in-flight`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BackPressure {
    pub max_in_flight: u64,
    /// The most orders unfinished when one was let through (at most `max_in_flight`).
    pub peak_in_flight: u64,
    /// Times the gateway (or a POST) waited for room, and for how long in all.
    pub holds: u64,
    pub held_ms: u64,
}

/// One change of the payment provider's circuit breaker, ms after the first order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BreakerChange {
    pub at_ms: u64,
    pub to: String,
}

/// The payment provider's circuit breaker (where payment-service ran).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BreakerReport {
    pub failures_to_open: u32,
    pub cooldown_ms: u64,
    pub transitions: Vec<BreakerChange>,
    /// Calls refused while it was open or half-open: spared the failing provider.
    pub calls_spared: u64,
    /// Provider outages (`--chaos`), and the events dead-lettered because of one.
    pub outages: u64,
    pub dead_lettered_for_outage: u64,
}

/// Events of order.created one consumer read, per schema version.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct VersionsRead {
    pub v1: u64,
    pub v2: u64,
}

/// `--evolve` / `--evolve-breaking`: OrderCreated's next version, and what came of it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Evolution {
    pub breaking: bool,
    /// Tried (in the gateway's process): orders sent by then, and the registry's answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_orders: Option<u64>,
    /// The id it was registered under (the gateway wrote it from then on, unless breaking).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registered_id: Option<u32>,
    /// The registry's refusal (409), in its words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused: Option<String>,
    /// Per local consumer of order.created (services and the projection).
    pub read: BTreeMap<String, VersionsRead>,
}

/// One decision the canary made differently from production.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Disagreement {
    pub order_id: String,
    /// The input topic the decision was about.
    pub input: String,
    pub production: String,
    pub canary: String,
}

/// `--canary SERVICE`: the shadow consumer's decisions against production's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CanaryReport {
    pub service: String,
    /// The shadow consumer group it read in.
    pub group: String,
    /// `--canary-fault`, when one was planted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fault: Option<String>,
    /// Input records it read and decided on (redeliveries included).
    pub inputs_read: u64,
    /// Decisions made by both sides and compared; of those, the same and different.
    pub compared: u64,
    pub agreed: u64,
    pub disagreed: u64,
    /// The first few that differed.
    pub first_disagreements: Vec<Disagreement>,
    /// Decisions only one side had made when the canary stopped (not compared).
    pub canary_only: u64,
    pub production_only: u64,
    /// Charges, reservations or shipments the canary would have made: withheld, as its side
    /// effects are disabled.
    pub effects_withheld: u64,
}

impl CanaryReport {
    /// Share of the compared decisions that were the same, in percent.
    pub fn agreement_percent(&self) -> f64 {
        if self.compared == 0 {
            0.0
        } else {
            self.agreed as f64 * 100.0 / self.compared as f64
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SimReport {
    /// "embedded" or the bootstrap servers.
    pub broker: String,
    pub schema_registry: String,
    pub seed: u64,
    pub run_id: String,
    /// Every order: generated, and posted over HTTP (`--http`).
    pub orders: u64,
    /// `--http`: orders posted and accepted, bodies refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpOrders>,
    pub poison_records: u64,
    /// `--max-in-flight`: how the gateway held orders back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub back_pressure: Option<BackPressure>,
    /// The payment provider's circuit breaker (absent while it never left closed and no
    /// outage was planted, or payment-service ran elsewhere).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breaker: Option<BreakerReport>,
    /// `--evolve` / `--evolve-breaking`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evolution: Option<Evolution>,
    /// `--canary SERVICE`, where that service ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canary: Option<CanaryReport>,
    /// From the start of the command until the first order could go: broker, registry,
    /// members started and every consumer group formed.
    pub ready_seconds: f64,
    pub seconds: f64,
    pub orders_per_sec: f64,
    pub events_per_sec: f64,
    /// Orders per final status (snake_case names).
    pub statuses: BTreeMap<String, u64>,
    /// Distinct events per topic, as the projection saw them.
    pub events: BTreeMap<String, u64>,
    pub services: BTreeMap<String, ServiceStats>,
    pub dead_letters: BTreeMap<String, u64>,
    pub latency: Latency,
    /// Per stage (hop) times, in the order of the flow.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<StageLatency>,
    /// p50/p99 per 5 s of order creation time.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub latency_windows: Vec<LatencyWindow>,
    pub invariants: Vec<Invariant>,
    /// What `--chaos` did (absent without it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chaos: Option<Vec<ChaosEvent>>,
    /// Said plainly: which delivery guarantee the run had.
    pub guarantee: String,
    /// The events' format on the wire (AVRO, PROTOBUF or JSON, as the registry names it).
    pub format: String,
    /// The parts of the marketplace this process ran (`--services`).
    pub ran_here: Vec<String>,
    /// The run was stopped (Ctrl-C, or `top` quit) before every order finished.
    pub cut_short: bool,
    /// Invariants this process could not check, and why (their inputs ran elsewhere, or the
    /// run was cut short).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unchecked: Vec<String>,
}

impl SimReport {
    pub fn all_hold(&self) -> bool {
        self.invariants.iter().all(|i| i.holds)
    }
}

/// A live view of a running simulation, for `--metrics-addr` (Prometheus) and progress.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LiveMetrics {
    pub orders_sent: u64,
    pub orders_finished: u64,
    pub statuses: BTreeMap<String, u64>,
    /// Per service: (stats so far, events waiting in its input topics).
    pub services: BTreeMap<String, (ServiceStats, u64)>,
    /// Cumulative latency buckets: (upper bound in ms, orders at or under it).
    pub latency_buckets: Vec<(u64, u64)>,
    pub latency_count: u64,
    pub latency_sum_ms: u64,
    /// `--canary`: its decisions compared so far.
    pub canary: Option<LiveCanary>,
}

/// A running canary's comparison so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LiveCanary {
    pub service: String,
    pub agreed: u64,
    pub disagreed: u64,
}
