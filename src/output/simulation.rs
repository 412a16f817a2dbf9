//! The simulation report as text: a summary line, then one table per concern, then the
//! invariants with a mark each (so a failing run is obvious at a glance).

use std::fmt::Write as _;

use super::{table, write_report, ReportFormat};
use crate::simulate::model::projection::{OrderView, STAGES};
use crate::simulate::model::report::SimReport;

/// Writes the report as text or JSON.
pub fn write(
    w: &mut dyn std::io::Write,
    r: &SimReport,
    format: ReportFormat,
) -> std::io::Result<()> {
    write_report(w, format, r, render)
}

/// A broker without CreateTopics (`dev up`'s) made the run's topics on first use.
pub fn auto_created(brokers: &str, partitions: i32, topics: &[String]) -> String {
    format!(
        "{brokers} cannot create topics with -p {partitions}; auto-created with its default partitions: {}",
        topics.join(", ")
    )
}

/// The progress bar's message: with the projection here, (finished, malformed
/// dead-lettered, malformed sent); else the events this process handled.
pub fn progress(orders: u64, projected: Option<(u64, u64, u64)>, processed: u64) -> String {
    match projected {
        Some((terminal, dead_lettered, malformed)) => format!(
            "{orders} orders sent, {terminal} finished, {dead_lettered}/{malformed} malformed dead-lettered"
        ),
        None => format!("{orders} orders sent, {processed} events handled here"),
    }
}

/// `--keep-running`: where the embedded broker and registry stay up (scripts read it).
pub fn still_running(brokers: &str, registry: &str) -> String {
    format!(
        "still running: EVCTL_BROKERS={brokers} EVCTL_SCHEMA_REGISTRY={registry}; Ctrl-C to stop"
    )
}

/// `--http`: where the order API listens, and the run's broker and registry (to follow a
/// posted order with `tail`; scripts read both).
pub fn api_listening(addr: &std::net::SocketAddr, brokers: &str, registry: &str) -> String {
    format!(
        "orders over HTTP: POST http://{addr}/orders, GET http://{addr}/orders/{{id}}; \
         EVCTL_BROKERS={brokers} EVCTL_SCHEMA_REGISTRY={registry}"
    )
}

/// The API's answer to a refused request.
pub fn api_error(why: &str) -> String {
    serde_json::json!({ "error": why }).to_string()
}

/// The API's answer to an accepted order (202).
pub fn api_accepted(order_id: &str, correlation_id: &str) -> String {
    serde_json::json!({ "orderId": order_id, "correlationId": correlation_id }).to_string()
}

/// `GET /healthz`.
pub fn api_health(accepted: u64) -> String {
    serde_json::json!({ "status": "ok", "ordersAccepted": accepted }).to_string()
}

/// `GET /orders/{id}`: the order's status and its events and hops so far, with their times.
pub fn api_order(id: &str, v: &OrderView) -> String {
    let events: Vec<serde_json::Value> = v
        .events
        .iter()
        .map(|(t, at)| serde_json::json!({ "topic": t.name(), "at": at }))
        .collect();
    let hops: Vec<serde_json::Value> = v
        .hops
        .iter()
        .filter_map(|&(i, ms)| {
            let (service, from, to) = STAGES.get(i)?;
            Some(serde_json::json!({
                "service": service, "from": from.name(), "to": to.name(), "ms": ms
            }))
        })
        .collect();
    serde_json::json!({
        "orderId": id,
        "status": v.status.name(),
        "createdAt": v.created_at,
        "finishedAt": v.terminal_at,
        "events": events,
        "hops": hops,
    })
    .to_string()
}

/// What a watched run that was stopped before it sent anything leaves instead of a report.
pub const NOT_STARTED: &str =
    "the simulation was stopped before its consumer groups were ready; no order was sent\n";

pub fn render(r: &SimReport) -> String {
    let mut s = String::new();
    let projection_here = r.ran_here.iter().any(|p| p == "projection");
    if projection_here || r.ran_here.iter().any(|p| p == "gateway") {
        let _ = writeln!(
            s,
            "marketplace: {} orders (+{} malformed) in {:.2}s on {} (ready in {:.2}s) — {:.0} orders/s, {:.0} events/s\n",
            r.orders, r.poison_records, r.seconds, r.broker, r.ready_seconds, r.orders_per_sec, r.events_per_sec
        );
    } else {
        let _ = writeln!(
            s,
            "marketplace: {:.2}s on {} (ready in {:.2}s)\n",
            r.seconds, r.broker, r.ready_seconds
        );
    }
    if let Some(h) = &r.http {
        let _ = writeln!(
            s,
            "over HTTP: {} orders accepted, {} requests refused (nothing published for them)\n",
            h.accepted, h.refused
        );
    }
    if r.cut_short {
        s.push_str(
            "cut short: the run was stopped before every order finished; what needs a finished \
             run is not judged below\n\n",
        );
    }
    // `--services`: a part of a run spread over processes
    if r.ran_here.len() < 6 {
        let _ = writeln!(
            s,
            "ran here: {} (run {})\n",
            r.ran_here.join(", "),
            r.run_id
        );
    }
    // without the projection here there are no statuses, events or latencies to show
    if projection_here {
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
    }
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
    if !rows.is_empty() {
        s.push_str(&table(&head, &rows, &right));
        s.push('\n');
    }
    if projection_here {
        let l = &r.latency;
        let _ = writeln!(
            s,
            "end-to-end latency (order.created → final event, {} orders): p50 {} ms, p95 {} ms, p99 {} ms, max {} ms",
            l.samples, l.p50_ms, l.p95_ms, l.p99_ms, l.max_ms
        );
        s.push_str(&stages(r));
        s.push('\n');
    } else if !rows.is_empty() {
        s.push('\n');
    }
    s.push_str(&resilience(r));
    s.push_str(&evolution(r));
    s.push_str(&canary(r));
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
    for u in &r.unchecked {
        let _ = writeln!(s, "  --   not checked here: {u}");
    }
    let _ = writeln!(s, "\nguarantee: {}", r.guarantee);
    let _ = writeln!(s, "format: {} (the contracts in schemas/)", r.format);
    s
}

/// How the gateway held orders back (`--max-in-flight`) and what the payment provider's
/// circuit breaker did: a paragraph each, when there is something to say.
fn resilience(r: &SimReport) -> String {
    let mut s = String::new();
    if let Some(b) = &r.back_pressure {
        let _ = writeln!(
            s,
            "back-pressure: at most {} orders in flight (peak {}); the gateway held {} time(s), \
             {:.2}s in all\n",
            b.max_in_flight,
            b.peak_in_flight,
            b.holds,
            b.held_ms as f64 / 1000.0
        );
    }
    if let Some(b) = &r.breaker {
        let breaker = if b.failures_to_open == 0 {
            "payment provider, no circuit breaker (--breaker-failures 0)".to_string()
        } else {
            format!(
                "payment provider circuit breaker (opens after {} failed calls, half-opens after \
                 {} ms)",
                b.failures_to_open, b.cooldown_ms
            )
        };
        let _ = writeln!(
            s,
            "{breaker}: {} provider outage(s), {} call(s) spared, {} event(s) dead-lettered for an \
             outage",
            b.outages, b.calls_spared, b.dead_lettered_for_outage
        );
        for t in &b.transitions {
            let _ = writeln!(s, "  {:>6} ms  {}", t.at_ms, t.to);
        }
        s.push('\n');
    }
    s
}

/// `--evolve` / `--evolve-breaking`: what the registry said, and what each consumer read.
fn evolution(r: &SimReport) -> String {
    let Some(e) = &r.evolution else {
        return String::new();
    };
    let what = if e.breaking {
        "a breaking order.created v2"
    } else {
        "order.created v2"
    };
    let mut s = match (e.after_orders, e.registered_id, &e.refused) {
        (None, _, _) => format!("schema evolution: {what} was not tried here\n"),
        (Some(n), Some(id), _) if e.breaking => format!(
            "schema evolution: the registry took {what} (id {id}) after {n} orders: its \
             compatibility level lets breaking changes in; the gateway kept v1\n"
        ),
        (Some(n), Some(id), _) => format!(
            "schema evolution: {what} registered (id {id}) after {n} orders, through the \
             registry's compatibility check; the gateway wrote v2 from then on\n"
        ),
        (Some(n), None, Some(why)) => format!(
            "schema evolution: the registry refused {what} after {n} orders ({why}); the \
             gateway kept v1\n"
        ),
        (Some(n), None, None) => format!("schema evolution: {what} tried after {n} orders\n"),
    };
    let rows: Vec<Vec<String>> = e
        .read
        .iter()
        .map(|(who, v)| vec![who.clone(), v.v1.to_string(), v.v2.to_string()])
        .collect();
    if !rows.is_empty() {
        s.push_str(&table(
            &["ORDER.CREATED READ BY", "V1", "V2"],
            &rows,
            &[1, 2],
        ));
    }
    s.push('\n');
    s
}

/// `--canary`: how its decisions compared with production's, and the first that differed.
fn canary(r: &SimReport) -> String {
    let Some(c) = &r.canary else {
        return String::new();
    };
    let fault = c
        .fault
        .as_ref()
        .map(|f| format!("--canary-fault {f}; "))
        .unwrap_or_default();
    let mut s = format!(
        "canary {} ({fault}shadow group {}; no outputs, {} side effect(s) withheld): {} of {} \
         decisions the same as production's ({:.1}%), from {} inputs read",
        c.service,
        c.group,
        c.effects_withheld,
        c.agreed,
        c.compared,
        c.agreement_percent(),
        c.inputs_read
    );
    if c.canary_only + c.production_only > 0 {
        let _ = write!(
            s,
            "; not compared: {} decided by the canary only, {} by production only (the other \
             side had not decided when the canary stopped)",
            c.canary_only, c.production_only
        );
    }
    if c.first_disagreements.is_empty() {
        s.push_str("\n\n");
        return s;
    }
    let _ = writeln!(
        s,
        "; {} differ, the first {}:",
        c.disagreed,
        c.first_disagreements.len()
    );
    let rows: Vec<Vec<String>> = c
        .first_disagreements
        .iter()
        .map(|d| {
            vec![
                d.order_id.clone(),
                d.input.clone(),
                d.production.clone(),
                d.canary.clone(),
            ]
        })
        .collect();
    s.push_str(&table(
        &["ORDER", "INPUT", "PRODUCTION", "CANARY"],
        &rows,
        &[],
    ));
    s.push('\n');
    s
}

/// Time in each stage (p50/p99 per hop) and the p99 of each 5 s window, under the
/// end-to-end line: where the time went, and whether it held through the run.
fn stages(r: &SimReport) -> String {
    let mut s = String::new();
    if !r.stages.is_empty() {
        s.push_str("time in each hop (p50 / p99):\n");
        for st in &r.stages {
            let hop = format!("{} → {}", st.from, st.to);
            let _ = writeln!(
                s,
                "  {:<18} {:<42} {:>5} / {:>5} ms",
                st.stage, hop, st.p50_ms, st.p99_ms
            );
        }
    }
    if r.latency_windows.len() > 1 {
        let p99s: Vec<String> = r
            .latency_windows
            .iter()
            .map(|w| w.p99_ms.to_string())
            .collect();
        let _ = writeln!(s, "p99 per 5 s of orders (ms): {}", p99s.join(" "));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::model::report::Invariant;

    #[test]
    fn failing_invariants_stand_out() {
        let mut r = SimReport {
            orders: 3,
            broker: "embedded".into(),
            ran_here: ALL.map(String::from).to_vec(),
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
        assert!(!text.contains("ran here"));
    }

    #[test]
    fn a_cut_short_run_says_so_before_anything_else() {
        let r = SimReport {
            orders: 10,
            ran_here: ALL.map(String::from).to_vec(),
            cut_short: true,
            unchecked: vec!["no order lost: the run was cut short with orders in flight".into()],
            ..SimReport::default()
        };
        let text = render(&r);
        let second = text.lines().nth(2).unwrap_or_default();
        assert!(
            second.starts_with("cut short: the run was stopped"),
            "{text}"
        );
        assert!(text.contains(
            "  --   not checked here: no order lost: the run was cut short with orders in flight"
        ));
    }

    #[test]
    fn the_canary_says_how_far_it_agreed_and_names_the_first_differences() {
        use crate::simulate::model::report::{CanaryReport, Disagreement};
        let mut c = CanaryReport {
            service: "payment-service".into(),
            group: "evctl-sim-r1.payment-service-canary".into(),
            inputs_read: 4,
            compared: 4,
            agreed: 4,
            effects_withheld: 3,
            ..CanaryReport::default()
        };
        let r = |c: &CanaryReport| {
            render(&SimReport {
                canary: Some(c.clone()),
                ..SimReport::default()
            })
        };
        assert!(r(&c).contains(
            "canary payment-service (shadow group evctl-sim-r1.payment-service-canary; no \
             outputs, 3 side effect(s) withheld): 4 of 4 decisions the same as production's \
             (100.0%), from 4 inputs read\n\n"
        ));
        (c.agreed, c.disagreed, c.canary_only) = (3, 1, 2);
        c.fault = Some("decline-all".into());
        c.first_disagreements.push(Disagreement {
            order_id: "o-r1-7".into(),
            input: "payment.requested".into(),
            production: "payment.completed (1200 cents)".into(),
            canary: "payment.failed (card declined)".into(),
        });
        let text = r(&c);
        assert!(
            text.contains("(--canary-fault decline-all; shadow group"),
            "{text}"
        );
        assert!(text.contains("3 of 4 decisions the same as production's (75.0%)"));
        assert!(text.contains("not compared: 2 decided by the canary only, 0 by production only"));
        assert!(text.contains("; 1 differ, the first 1:\nORDER "), "{text}");
        assert!(text.contains("o-r1-7  payment.requested  payment.completed (1200 cents)  payment.failed (card declined)"), "{text}");
    }

    const ALL: [&str; 6] = [
        "gateway",
        "order-service",
        "payment-service",
        "inventory-service",
        "shipping-service",
        "projection",
    ];

    #[test]
    fn a_part_of_a_run_says_what_ran_here_and_what_it_could_not_check() {
        let r = SimReport {
            run_id: "r1".into(),
            ran_here: vec!["payment-service".into()],
            unchecked: vec!["all: they are checked where the projection runs".into()],
            services: [("payment-service".to_string(), Default::default())].into(),
            ..SimReport::default()
        };
        let text = render(&r);
        assert!(
            text.contains("ran here: payment-service (run r1)"),
            "{text}"
        );
        assert!(
            !text.contains("STATUS") && !text.contains("latency"),
            "{text}"
        );
        assert!(text.contains("SERVICE"));
        assert!(text
            .contains("  --   not checked here: all: they are checked where the projection runs"));
    }
}
