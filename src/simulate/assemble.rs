//! The final report: what was observed, and the invariants checked on it.

use super::api::Intake;
use super::gateway::Sent;
use super::members::ServiceRun;
use super::readmodel::{ReadModel, WINDOW_MS};
use super::SimulateRequest;
use crate::output::millis;
use crate::simulate::model::gateway::{Gateway, Generated};
use crate::simulate::model::invariants;
use crate::simulate::model::invariants::Observed;
use crate::simulate::model::order::OrderStatus;
use crate::simulate::model::projection::STAGES;
use crate::simulate::model::report::{
    BackPressure, CanaryReport, Evolution, HttpOrders, Latency, LatencyWindow, SimReport,
    StageLatency,
};
use crate::simulate::model::services::ServiceKind;
use anyhow::anyhow;
use std::collections::BTreeMap;
use std::sync::atomic::Ordering;
use std::sync::Mutex;

/// How long the run took to be ready (everything before the first order) and to run.
/// What the run's options added: `--max-in-flight`'s tally, `--evolve`'s outcome.
pub(super) struct Extras {
    pub(super) back_pressure: Option<BackPressure>,
    pub(super) evolution: Option<Evolution>,
    pub(super) canary: Option<CanaryReport>,
}

pub(super) struct Took {
    pub(super) ready: f64,
    pub(super) run: f64,
    /// Epoch ms of the first order: the report's times count from it.
    pub(super) origin_ms: i64,
}

#[allow(clippy::too_many_arguments)]
pub(super) fn build_report(
    r: &SimulateRequest,
    gw: &Gateway,
    sent: Sent,
    intake: &Intake,
    services: &[ServiceRun],
    model: &Mutex<ReadModel>,
    took: Took,
    broker: String,
    schema_registry: String,
    cut_short: bool,
    extras: Extras,
) -> anyhow::Result<SimReport> {
    let Extras {
        back_pressure,
        evolution,
        canary,
    } = extras;
    let rm = model
        .lock()
        .map_err(|_| anyhow!("projection state lock poisoned"))?;
    let p = &rm.projection;
    let parts = &r.parts;
    let all_services = parts.services.len() == ServiceKind::ALL.len();
    let mut observed = Observed {
        poison_sent: parts.gateway.then_some(sent.poison),
        // distinct malformed records: a broker outage can make the gateway's producer write
        // one twice (both copies are dead-lettered, and counted as two DLQ records)
        poison_dead_lettered: p.poison_numbers.len() as u64,
        dead_letters_read: p.dead_letters.values().sum(),
        dead_letters_written: all_services.then_some(0),
        cut_short,
        back_pressure,
        evolution: evolution.clone(),
        canary: canary.clone(),
        ..Observed::default()
    };
    let (posted, void) = intake.numbers();
    let posted: std::collections::BTreeSet<u64> = posted.into_iter().collect();
    if parts.gateway {
        // the gateway's orders, regenerated from the seed (nothing is kept in memory for
        // this), and the posted ones (`--http`), which took numbers from the same counter
        let numbers = posted
            .last()
            .map_or(sent.numbers, |n| sent.numbers.max(n + 1));
        // (a void number went to a posted order that could not be queued: no order has it)
        for n in (0..numbers).filter(|n| !void.contains(n)) {
            let order = posted.contains(&n) || matches!(gw.generate(n, 0), Generated::Order(_));
            if order {
                observed.statuses.push(p.status(&gw.order_id(n)));
            }
        }
    } else {
        // the gateway ran elsewhere: its numbers up to the highest seen, less the malformed
        // records; a number never seen at all is an order lost
        for n in 0..=p.highest_order.unwrap_or(0) {
            if p.highest_order.is_some() && !p.poison_numbers.contains(&n) {
                observed.statuses.push(p.status(&gw.order_id(n)));
            }
        }
    }
    // side effects: the services' own ledgers where they run here, else counted from events
    let ledger_of = |kind: ServiceKind| services.iter().find(|s| s.kind == kind);
    for ((what, from_events_total, from_events_dup), kind) in p.effects().into_iter().zip([
        ServiceKind::Payment,
        ServiceKind::Inventory,
        ServiceKind::Shipping,
    ]) {
        let (total, dup) = match ledger_of(kind) {
            Some(svc) => {
                let s = svc
                    .state
                    .lock()
                    .map_err(|_| anyhow!("{} state lock poisoned", kind.name()))?;
                (s.effects.total(), s.effects.duplicated())
            }
            None => (from_events_total, from_events_dup),
        };
        match kind {
            ServiceKind::Payment => observed.charges = total,
            ServiceKind::Inventory => observed.reservations = total,
            _ => observed.shipments = total,
        }
        observed.duplicated_effects.push((what, dup));
    }
    let mut stats = BTreeMap::new();
    for svc in services {
        let figures = svc.stats(r.scenario.replicas);
        if svc.kind == ServiceKind::Inventory {
            observed.lowest_stock = svc.state.lock().ok().map(|s| s.min_stock);
        }
        if let Some(w) = &mut observed.dead_letters_written {
            *w += figures.dead_lettered;
        }
        stats.insert(svc.kind.name().to_string(), figures);
    }
    let breaker = services.iter().find_map(|s| {
        let outage_dl = s.counters.outage_dead_lettered.load(Ordering::Relaxed);
        s.provider.as_ref()?.report(took.origin_ms, outage_dl)
    });
    observed.breaker = breaker.clone();
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
    let orders = if parts.gateway {
        sent.orders + posted.len() as u64
    } else {
        p.orders() as u64
    };
    let seconds = took.run;
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
        seed: r.scenario.seed,
        run_id: gw.run.clone(),
        orders,
        http: r.scenario.http.is_some().then(|| HttpOrders {
            accepted: posted.len() as u64,
            refused: intake.refused(),
        }),
        poison_records: sent.poison,
        back_pressure,
        breaker,
        evolution,
        canary: canary.clone(),
        ready_seconds: millis(took.ready),
        seconds: millis(seconds),
        orders_per_sec: per_sec(orders).round(),
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
        stages: stage_latencies(&rm),
        latency_windows: windows(&rm),
        // the canary's comparison is judged where it ran; the rest where the projection runs
        invariants: if parts.projection {
            invariants::check(&observed)
        } else {
            canary.iter().filter_map(invariants::canary).collect()
        },
        unchecked: if parts.projection {
            invariants::unchecked(&observed)
        } else {
            let mut v: Vec<String> = canary
                .iter()
                .filter_map(invariants::canary_unchecked)
                .collect();
            v.push(if canary.is_some() {
                "the others: they are checked where the projection runs".into()
            } else {
                "all: they are checked where the projection runs".into()
            });
            v
        },
        ran_here: parts.names(),
        cut_short,
        chaos: None,
        guarantee: "at-least-once delivery with idempotent consumers (offsets committed after \
                    the outputs are acknowledged); transactions are not used"
            .into(),
        format: String::new(),
    })
}

/// The time in each stage that saw orders.
fn stage_latencies(rm: &ReadModel) -> Vec<StageLatency> {
    STAGES
        .iter()
        .zip(&rm.stages)
        .filter(|(_, h)| !h.is_empty())
        .map(|((stage, from, to), h)| StageLatency {
            stage: (*stage).to_string(),
            from: from.name().to_string(),
            to: to.name().to_string(),
            p50_ms: h.value_at_quantile(0.50),
            p99_ms: h.value_at_quantile(0.99),
            max_ms: h.max(),
            samples: h.len(),
        })
        .collect()
}

/// p50/p99 per window of order creation time.
fn windows(rm: &ReadModel) -> Vec<LatencyWindow> {
    let step = u64::try_from(WINDOW_MS / 1000).unwrap_or(5);
    (0u64..)
        .zip(&rm.windows)
        .map(|(i, h)| LatencyWindow {
            from_s: i * step,
            orders: h.len(),
            p50_ms: h.value_at_quantile(0.50),
            p99_ms: h.value_at_quantile(0.99),
        })
        .collect()
}
