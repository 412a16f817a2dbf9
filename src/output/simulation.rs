//! The simulation report as text: a summary line, then one table per concern, then the
//! invariants with a mark each (so a failing run is obvious at a glance).

use std::fmt::Write as _;

use super::table;
use crate::domain::simulation::SimReport;

pub fn render(r: &SimReport) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "marketplace: {} orders (+{} malformed) in {:.2}s on {} — {:.0} orders/s, {:.0} events/s\n",
        r.orders, r.poison_records, r.seconds, r.broker, r.orders_per_sec, r.events_per_sec
    );
    let rows: Vec<Vec<String>> = r
        .statuses
        .iter()
        .map(|(k, v)| vec![k.clone(), v.to_string()])
        .collect();
    s.push_str(&table(&["STATUS", "ORDERS"], &rows, &[1]));
    s.push('\n');
    let rows: Vec<Vec<String>> = r
        .events
        .iter()
        .map(|(t, n)| {
            let dlq = r
                .dead_letters
                .get(&format!("{t}.dlq"))
                .copied()
                .unwrap_or(0);
            vec![t.clone(), n.to_string(), dlq.to_string()]
        })
        .collect();
    s.push_str(&table(&["TOPIC", "EVENTS", "DLQ"], &rows, &[1, 2]));
    s.push('\n');
    // the ABORTED column only when transactions were aborted
    let aborts = r.services.values().any(|st| st.aborted_transactions > 0);
    let rows: Vec<Vec<String>> = r
        .services
        .iter()
        .map(|(name, st)| {
            let mut row = vec![
                name.clone(),
                st.replicas.to_string(),
                st.processed.to_string(),
                st.duplicates.to_string(),
                st.retries.to_string(),
                st.dead_lettered.to_string(),
                st.side_effects.to_string(),
            ];
            if aborts {
                row.push(st.aborted_transactions.to_string());
            }
            row
        })
        .collect();
    let mut head = vec![
        "SERVICE",
        "REPLICAS",
        "PROCESSED",
        "DUPLICATES",
        "RETRIES",
        "DLQ",
        "EFFECTS",
    ];
    if aborts {
        head.push("ABORTED");
    }
    let right: Vec<usize> = (1..head.len()).collect();
    s.push_str(&table(&head, &rows, &right));
    let l = &r.latency;
    let _ = writeln!(
        s,
        "\nend-to-end latency (order.created → final event, {} orders): p50 {} ms, p95 {} ms, p99 {} ms, max {} ms\n",
        l.samples, l.p50_ms, l.p95_ms, l.p99_ms, l.max_ms
    );
    if let Some(chaos) = &r.chaos {
        s.push_str("chaos:\n");
        for e in chaos {
            let _ = writeln!(s, "  {:>6} ms  {}", e.at_ms, e.what);
        }
        s.push('\n');
    }
    s.push_str("invariants:\n");
    for i in &r.invariants {
        let _ = writeln!(
            s,
            "  {} {}: {}",
            if i.holds { "ok  " } else { "FAIL" },
            i.name,
            i.detail
        );
    }
    let _ = writeln!(s, "\nguarantee: {}", r.guarantee);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::simulation::Invariant;

    #[test]
    fn failing_invariants_stand_out() {
        let mut r = SimReport {
            orders: 3,
            broker: "embedded".into(),
            ..SimReport::default()
        };
        r.statuses.insert("shipped".into(), 3);
        r.invariants.push(Invariant {
            name: "no order lost",
            holds: false,
            detail: "1 of 3 orders never seen by the projection".into(),
        });
        let text = render(&r);
        assert!(text.starts_with("marketplace: 3 orders (+0 malformed)"));
        assert!(
            text.contains("shipped        3") || text.contains("shipped  "),
            "{text}"
        );
        assert!(text.contains("  FAIL no order lost: 1 of 3 orders never seen"));
    }
}
