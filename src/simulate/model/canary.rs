//! A canary consumer (article §9.3): a second version of one service reads the same inputs in
//! a shadow consumer group, with its outputs and side effects disabled, and each of its
//! decisions is compared with the one production made for the same input.
//!
//! Why compare against production's *outputs* (read back from the topics and the DLQ) rather
//! than against production's memory: that is what a canary can do in a real deployment, where
//! production is another process, and it is what lets the canary run beside a service spread
//! over several processes (`--services`). A decision is matched by the id of the event it
//! answers with: every output's eventId is derived from its input's (see `Service::emit`), and
//! a dead letter carries its input's eventId, so both sides name a decision the same way
//! without any shared state.
//!
//! What is compared is the decision, not the bytes: the output's topic and the fields that
//! carry the decision (an amount, a reason, a carrier), never its timestamp.

use super::events::{derived_id, stable_hash, Body, Event, IdMap, IdSet};
use super::report::{CanaryReport, Disagreement, LiveCanary};
use super::services::{Decision, Knobs, Service, ServiceKind};

/// How many disagreements the report shows by name.
pub const FIRST_SHOWN: usize = 5;

/// A difference planted in the canary (`--canary-fault`), so the comparison is seen to fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The canary's payment-service declines every payment.
    DeclineAll,
}

impl Fault {
    pub fn name(self) -> &'static str {
        match self {
            Fault::DeclineAll => "decline-all",
        }
    }

    /// The only service whose logic the fault changes.
    pub fn service(self) -> ServiceKind {
        match self {
            Fault::DeclineAll => ServiceKind::Payment,
        }
    }
}

/// The canary's knobs: production's, with its planted fault.
pub fn canary_knobs(knobs: Knobs, fault: Option<Fault>) -> Knobs {
    match fault {
        Some(Fault::DeclineAll) => Knobs {
            decline_rate: 1.0,
            ..knobs
        },
        None => knobs,
    }
}

/// The decision an output event carries, as one line: its topic and what it decided.
pub fn verdict(e: &Event) -> String {
    let topic = e.topic().name();
    match &e.body {
        Body::OrderCreated { total_cents, .. } => format!("{topic} ({total_cents} cents)"),
        Body::PaymentRequested { amount_cents, .. }
        | Body::PaymentCompleted { amount_cents, .. } => {
            format!("{topic} ({amount_cents} cents)")
        }
        Body::PaymentFailed { reason } | Body::OrderCancelled { reason } => {
            format!("{topic} ({reason})")
        }
        Body::InventoryReserved { items, .. } => format!("{topic} ({} line(s))", items.len()),
        Body::InventoryRejected { product_id, reason } => {
            format!("{topic} ({reason}: {product_id})")
        }
        Body::OrderShipped { carrier, .. } => format!("{topic} ({carrier})"),
    }
}

/// The decision a dead letter carries.
pub fn dead_lettered(reason: &str) -> String {
    format!("dead-lettered ({reason})")
}

/// The id both sides give the decision about the input with this eventId: the id of the
/// event `kind` answers it with.
pub fn decision_id(kind: ServiceKind, input_event_id: &str) -> u64 {
    stable_hash(&[&derived_id(input_event_id, kind.name())])
}

/// The id of a decision production published as this output event.
pub fn output_id(output_event_id: &str) -> u64 {
    stable_hash(&[output_event_id])
}

/// The canary's decision on one input: the service's own logic, its retries taken at once
/// (a shadow has nobody to wait for), dead-lettered as production would after `max_retries`.
pub fn shadow_decide(
    service: &mut Service,
    e: &Event,
    pool: i32,
    max_retries: u32,
    now: i64,
) -> String {
    let mut attempt = 0;
    loop {
        match service.handle_in(e, pool, attempt, now) {
            Decision::Emit(out) | Decision::Duplicate(out) => {
                return out.first().map_or_else(|| "nothing".to_string(), verdict)
            }
            Decision::Retry(reason) if attempt >= max_retries => return dead_lettered(&reason),
            Decision::Retry(_) => attempt += 1,
            Decision::Reject(reason) => return dead_lettered(&reason),
        }
    }
}

/// A canary decision still waiting for production's.
#[derive(Debug, Clone)]
struct Waiting {
    order_id: String,
    input: String,
    verdict: String,
}

/// The two sides' decisions, matched as they come (either may come first).
#[derive(Debug, Default)]
pub struct Comparison {
    canary: IdMap<Waiting>,
    production: IdMap<String>,
    /// Decisions compared already: a redelivery (either side's) is not compared again.
    settled: IdSet,
    agreed: u64,
    disagreed: u64,
    first: Vec<Disagreement>,
    /// Inputs the canary read and decided on (redeliveries included).
    pub inputs_read: u64,
}

impl Comparison {
    /// The canary decided `verdict` on an input of `order_id` from topic `input`.
    pub fn canary(&mut self, id: u64, order_id: &str, input: &str, verdict: String) {
        self.inputs_read += 1;
        if self.settled.contains(&id) || self.canary.contains_key(&id) {
            return;
        }
        match self.production.remove(&id) {
            Some(theirs) => self.judge(id, order_id, input, theirs, verdict),
            None => {
                self.canary.insert(
                    id,
                    Waiting {
                        order_id: order_id.to_string(),
                        input: input.to_string(),
                        verdict,
                    },
                );
            }
        }
    }

    /// Production published `verdict` for the decision `id`.
    pub fn production(&mut self, id: u64, verdict: String) {
        if self.settled.contains(&id) {
            return;
        }
        match self.canary.remove(&id) {
            Some(w) => self.judge(id, &w.order_id, &w.input, verdict, w.verdict),
            None => {
                self.production.entry(id).or_insert(verdict);
            }
        }
    }

    fn judge(&mut self, id: u64, order_id: &str, input: &str, theirs: String, ours: String) {
        self.settled.insert(id);
        if theirs == ours {
            self.agreed += 1;
            return;
        }
        self.disagreed += 1;
        if self.first.len() < FIRST_SHOWN {
            self.first.push(Disagreement {
                order_id: order_id.to_string(),
                input: input.to_string(),
                production: theirs,
                canary: ours,
            });
        }
    }

    /// Decisions compared so far.
    pub fn compared(&self) -> u64 {
        self.agreed + self.disagreed
    }

    /// The comparison so far, for the live metrics.
    pub fn live(&self, kind: ServiceKind) -> LiveCanary {
        LiveCanary {
            service: kind.name().to_string(),
            agreed: self.agreed,
            disagreed: self.disagreed,
        }
    }

    /// What the comparison found, for the report; `effects_withheld`: what the canary's own
    /// state counts as made (it made none).
    pub fn report(
        &self,
        kind: ServiceKind,
        group: &str,
        fault: Option<Fault>,
        effects_withheld: u64,
    ) -> CanaryReport {
        CanaryReport {
            service: kind.name().to_string(),
            group: group.to_string(),
            fault: fault.map(|f| f.name().to_string()),
            inputs_read: self.inputs_read,
            compared: self.compared(),
            agreed: self.agreed,
            disagreed: self.disagreed,
            first_disagreements: self.first.clone(),
            canary_only: self.canary.len() as u64,
            production_only: self.production.len() as u64,
            effects_withheld,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::model::events::{Item, Meta};
    use std::collections::HashMap;

    fn knobs(decline_rate: f64, failure_rate: f64) -> Knobs {
        Knobs {
            seed: 7,
            decline_rate,
            failure_rate,
        }
    }

    fn payment_requested(n: u32) -> Event {
        Event {
            meta: Meta {
                event_id: format!("e-{n}"),
                correlation_id: format!("o-r-{n}"),
                timestamp: 1,
                source: "order-service".into(),
            },
            order_id: format!("o-r-{n}"),
            body: Body::PaymentRequested {
                customer_id: "c-1".into(),
                amount_cents: 1200,
                items: vec![Item {
                    product_id: "p-01".into(),
                    quantity: 1,
                    price_cents: 1200,
                }],
            },
        }
    }

    /// Production's decision as the canary reads it back: the output it published.
    fn published(service: &mut Service, e: &Event) -> (u64, String) {
        match service.handle_in(e, 0, 0, 5) {
            Decision::Emit(out) => (output_id(&out[0].meta.event_id), verdict(&out[0])),
            d => panic!("{d:?}"),
        }
    }

    #[test]
    fn the_same_code_agrees_on_every_decision_whichever_side_comes_first() {
        let mut prod = Service::new(ServiceKind::Payment, knobs(0.3, 0.0), HashMap::new());
        let mut canary = Service::new(ServiceKind::Payment, knobs(0.3, 0.0), HashMap::new());
        let mut c = Comparison::default();
        for n in 0..40 {
            let e = payment_requested(n);
            let (id, theirs) = published(&mut prod, &e);
            assert_eq!(id, decision_id(ServiceKind::Payment, &e.meta.event_id));
            let ours = shadow_decide(&mut canary, &e, 0, 3, 9);
            if n % 2 == 0 {
                c.production(id, theirs.clone());
                c.canary(id, &e.order_id, "payment.requested", ours);
            } else {
                c.canary(id, &e.order_id, "payment.requested", ours);
                c.production(id, theirs.clone());
            }
            // a redelivery on either side is not compared again
            c.production(id, theirs);
            c.canary(id, &e.order_id, "payment.requested", "other".into());
        }
        let r = c.report(ServiceKind::Payment, "g", None, 0);
        assert_eq!((r.compared, r.agreed, r.disagreed), (40, 40, 0));
        assert_eq!(
            (r.canary_only, r.production_only, r.inputs_read),
            (0, 0, 80)
        );
    }

    #[test]
    fn a_planted_fault_disagrees_and_the_first_ones_are_named() {
        let mut prod = Service::new(ServiceKind::Payment, knobs(0.0, 0.0), HashMap::new());
        let planted = canary_knobs(knobs(0.0, 0.0), Some(Fault::DeclineAll));
        let mut canary = Service::new(ServiceKind::Payment, planted, HashMap::new());
        let mut c = Comparison::default();
        for n in 0..10 {
            let e = payment_requested(n);
            let (id, theirs) = published(&mut prod, &e);
            c.production(id, theirs);
            c.canary(
                id,
                &e.order_id,
                "payment.requested",
                shadow_decide(&mut canary, &e, 0, 3, 9),
            );
        }
        let r = c.report(ServiceKind::Payment, "g", Some(Fault::DeclineAll), 0);
        assert_eq!((r.agreed, r.disagreed), (0, 10));
        assert_eq!(r.first_disagreements.len(), FIRST_SHOWN);
        let d = &r.first_disagreements[0];
        assert_eq!(d.order_id, "o-r-0");
        assert_eq!(d.production, "payment.completed (1200 cents)");
        assert_eq!(d.canary, "payment.failed (card declined)");
        assert_eq!(r.fault.as_deref(), Some("decline-all"));
    }

    #[test]
    fn retries_are_taken_at_once_and_exhausted_ones_dead_letter_as_production_does() {
        let mut s = Service::new(ServiceKind::Payment, knobs(0.0, 1.0), HashMap::new());
        let e = payment_requested(1);
        assert_eq!(
            shadow_decide(&mut s, &e, 0, 2, 9),
            "dead-lettered (payment gateway timed out)"
        );
        let mut order = Service::new(ServiceKind::Order, knobs(0.0, 0.0), HashMap::new());
        assert!(shadow_decide(&mut order, &e, 0, 2, 9)
            .starts_with("dead-lettered (order-service does not handle"));
    }

    #[test]
    fn undecided_sides_are_counted_not_compared() {
        let mut c = Comparison::default();
        c.canary(1, "o-1", "payment.requested", "a".into());
        c.production(2, "b".into());
        let r = c.report(ServiceKind::Payment, "g", None, 0);
        assert_eq!((r.compared, r.canary_only, r.production_only), (0, 1, 1));
    }
}
