//! The final report: what was observed, and the invariants checked on it.

use super::*;

#[allow(clippy::too_many_arguments)]
pub(super) fn build_report(
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
    for svc in services {
        let kind = svc.kind;
        // figures first: stats() takes the state lock itself
        let figures = svc.stats(r.replicas);
        let s = svc
            .state
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
        if kind == ServiceKind::Inventory {
            observed.lowest_stock = s.min_stock;
        }
        observed.dead_letters_written += figures.dead_lettered;
        stats.insert(kind.name().to_string(), figures);
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
