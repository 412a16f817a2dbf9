//! Prometheus text exposition (format 0.0.4) of a running simulation's metrics.

use std::fmt::Write as _;

use crate::simulate::model::report::{LiveMetrics, ServiceStats};

fn family(s: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(s, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

type Field = fn(&ServiceStats) -> u64;

pub fn prometheus(m: &LiveMetrics) -> String {
    let mut s = String::new();
    family(
        &mut s,
        "evctl_sim_orders_sent_total",
        "counter",
        "Orders the gateway sent.",
    );
    let _ = writeln!(s, "evctl_sim_orders_sent_total {}", m.orders_sent);
    family(
        &mut s,
        "evctl_sim_orders_finished_total",
        "counter",
        "Orders that reached a terminal status.",
    );
    let _ = writeln!(s, "evctl_sim_orders_finished_total {}", m.orders_finished);
    family(
        &mut s,
        "evctl_sim_orders",
        "gauge",
        "Orders by current status.",
    );
    for (status, v) in &m.statuses {
        let _ = writeln!(s, "evctl_sim_orders{{status=\"{status}\"}} {v}");
    }
    let per_service: [(&str, &str, &str, Field); 5] = [
        (
            "evctl_sim_events_processed_total",
            "counter",
            "Input records handled, duplicates included.",
            |x| x.processed,
        ),
        (
            "evctl_sim_duplicates_total",
            "counter",
            "Redelivered inputs recognised by eventId.",
            |x| x.duplicates,
        ),
        (
            "evctl_sim_retries_total",
            "counter",
            "Attempts retried after a transient failure.",
            |x| x.retries,
        ),
        (
            "evctl_sim_dead_letters_total",
            "counter",
            "Records sent to a dead-letter queue.",
            |x| x.dead_lettered,
        ),
        (
            "evctl_sim_side_effects_total",
            "counter",
            "Charges, reservations or shipments made.",
            |x| x.side_effects,
        ),
    ];
    for (name, kind, help, get) in per_service {
        family(&mut s, name, kind, help);
        for (svc, (st, _)) in &m.services {
            let _ = writeln!(s, "{name}{{service=\"{svc}\"}} {}", get(st));
        }
    }
    family(
        &mut s,
        "evctl_sim_lag_events",
        "gauge",
        "Events in a service's input topics not handled yet.",
    );
    for (svc, (_, lag)) in &m.services {
        let _ = writeln!(s, "evctl_sim_lag_events{{service=\"{svc}\"}} {lag}");
    }
    if let Some(c) = &m.canary {
        let name = "evctl_sim_canary_decisions_total";
        family(
            &mut s,
            name,
            "counter",
            "The canary's decisions compared with production's, by result.",
        );
        for (result, n) in [("agreed", c.agreed), ("disagreed", c.disagreed)] {
            let svc = &c.service;
            let _ = writeln!(s, "{name}{{service=\"{svc}\",result=\"{result}\"}} {n}");
        }
    }
    let h = "evctl_sim_order_latency_ms";
    family(
        &mut s,
        h,
        "histogram",
        "End-to-end latency of finished orders (order.created to the final event).",
    );
    for (le, count) in &m.latency_buckets {
        let _ = writeln!(s, "{h}_bucket{{le=\"{le}\"}} {count}");
    }
    let _ = writeln!(s, "{h}_bucket{{le=\"+Inf\"}} {}", m.latency_count);
    let _ = writeln!(
        s,
        "{h}_sum {}\n{h}_count {}",
        m.latency_sum_ms, m.latency_count
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exposition_has_families_and_labels() {
        let mut m = LiveMetrics {
            orders_sent: 10,
            orders_finished: 9,
            latency_buckets: vec![(50, 3), (100, 9)],
            latency_count: 9,
            latency_sum_ms: 400,
            canary: Some(crate::simulate::model::report::LiveCanary {
                service: "payment-service".into(),
                agreed: 7,
                disagreed: 1,
            }),
            ..LiveMetrics::default()
        };
        m.statuses.insert("shipped".into(), 9);
        m.services.insert(
            "payment-service".into(),
            (
                ServiceStats {
                    processed: 10,
                    retries: 2,
                    ..ServiceStats::default()
                },
                1,
            ),
        );
        let text = prometheus(&m);
        for line in [
            "# TYPE evctl_sim_orders_sent_total counter",
            "evctl_sim_orders_sent_total 10",
            "evctl_sim_orders{status=\"shipped\"} 9",
            "evctl_sim_retries_total{service=\"payment-service\"} 2",
            "evctl_sim_lag_events{service=\"payment-service\"} 1",
            "evctl_sim_order_latency_ms_bucket{le=\"100\"} 9",
            "evctl_sim_order_latency_ms_bucket{le=\"+Inf\"} 9",
            "evctl_sim_order_latency_ms_count 9",
            "evctl_sim_canary_decisions_total{service=\"payment-service\",result=\"disagreed\"} 1",
        ] {
            assert!(text.lines().any(|l| l == line), "missing {line}:\n{text}");
        }
    }
}
