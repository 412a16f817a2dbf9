//! The four services of the marketplace as pure state machines: `handle(event) -> Decision`.
//!
//! Why pure: the guarantees the simulation claims (no charge, reservation or shipment twice;
//! stock never negative; a redelivered event yields the very same output events) are
//! properties of this logic, so they are tested here without a broker. `commands::simulate`
//! only moves bytes between Kafka and these functions.
//!
//! Idempotency has two layers, as the article's consumers do: the input's eventId (a
//! redelivery is recognised and its side effect not repeated) and per-order state (a charge is
//! made once per order whichever event asks). Outputs are derived from the input's eventId,
//! so re-sending them after a redelivery is harmless: downstream drops them by eventId. That
//! re-send is what makes "commit offsets after the work" safe when a member dies between
//! producing and committing.

use std::collections::HashMap;

use super::events::{
    derived_id, make_room, stable_hash, Body, Event, IdMap, IdSet, Item, Meta, StableHasher, Topic,
};

/// Seeded knobs shared by the services.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Knobs {
    pub seed: u64,
    /// Share of orders whose payment is declined.
    pub decline_rate: f64,
    /// Share of processing attempts that fail transiently (a payment gateway timeout),
    /// exercising retries with back-off.
    pub failure_rate: f64,
}

/// A number in [0, 1) fixed by the seed and the parts: the same decision on every replica.
/// (The seed is hashed as its decimal text, as it always was: seeded runs keep their outcomes.)
pub fn chance(seed: u64, parts: &[&str]) -> f64 {
    let mut h = StableHasher::new();
    h.part(itoa::Buffer::new().format(seed).as_bytes());
    for p in parts {
        h.part(p.as_bytes());
    }
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// What a service made of one input event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Produce these (possibly none), then the input counts as done.
    Emit(Vec<Event>),
    /// Seen before (same eventId): nothing was repeated; the outputs are sent again, with
    /// the same ids, in case the first send never completed.
    Duplicate(Vec<Event>),
    /// A transient failure: try again after a back-off.
    Retry(String),
    /// The event can never be processed: dead-letter it.
    Reject(String),
}

/// Side effects on the outside world, counted per order so duplicates would show.
#[derive(Debug, Clone, Default)]
pub struct Effects {
    pub per_order: IdMap<u32>,
}

impl Effects {
    fn record(&mut self, order_id: &str) {
        *self.per_order.entry(stable_hash(&[order_id])).or_default() += 1;
    }

    pub fn total(&self) -> u64 {
        self.per_order.values().map(|&n| u64::from(n)).sum()
    }

    /// Orders whose effect happened more than once.
    pub fn duplicated(&self) -> usize {
        self.per_order.values().filter(|&&n| n > 1).count()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ServiceKind {
    Order,
    Payment,
    Inventory,
    Shipping,
}

impl ServiceKind {
    pub const ALL: [ServiceKind; 4] = [
        ServiceKind::Order,
        ServiceKind::Payment,
        ServiceKind::Inventory,
        ServiceKind::Shipping,
    ];

    /// By its name, with or without `-service` ("payment", "payment-service").
    pub fn from_name(name: &str) -> Option<Self> {
        let short = name.strip_suffix("-service").unwrap_or(name);
        Self::ALL
            .into_iter()
            .find(|k| k.name().strip_suffix("-service") == Some(short))
    }

    pub fn name(self) -> &'static str {
        match self {
            ServiceKind::Order => "order-service",
            ServiceKind::Payment => "payment-service",
            ServiceKind::Inventory => "inventory-service",
            ServiceKind::Shipping => "shipping-service",
        }
    }

    pub fn inputs(self) -> &'static [Topic] {
        match self {
            ServiceKind::Order => &[
                Topic::OrderCreated,
                Topic::PaymentFailed,
                Topic::InventoryRejected,
            ],
            ServiceKind::Payment => &[Topic::PaymentRequested],
            ServiceKind::Inventory => &[Topic::PaymentCompleted],
            ServiceKind::Shipping => &[Topic::InventoryReserved],
        }
    }

    /// The topics its decisions are published to (a canary reads them back to compare).
    pub fn outputs(self) -> &'static [Topic] {
        match self {
            ServiceKind::Order => &[Topic::PaymentRequested, Topic::OrderCancelled],
            ServiceKind::Payment => &[Topic::PaymentCompleted, Topic::PaymentFailed],
            ServiceKind::Inventory => &[Topic::InventoryReserved, Topic::InventoryRejected],
            ServiceKind::Shipping => &[Topic::OrderShipped],
        }
    }
}

/// Per-order outcome a service remembers (the "by per-order state" layer).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Done {
    Charged(String),
    Declined,
    Reserved(String),
    Rejected(String),
    Shipped(String),
}

pub struct Service {
    pub kind: ServiceKind,
    knobs: Knobs,
    seen: IdSet,
    orders: IdMap<Done>,
    /// Charges, reservations or shipments made (none for the order service).
    pub effects: Effects,
    /// Inventory only: each stock pool's units per product. A pool is the input partition
    /// the reservation arrives on (as a partitioned store in Kafka Streams): the records of
    /// one partition come in one order on every run, those of two partitions interleave by
    /// thread timing, so a pool shared between partitions would make "who gets the last
    /// unit" a race and a seeded run unrepeatable.
    pools: HashMap<i32, HashMap<String, i64>>,
    /// Inventory only: what each pool starts with.
    starting_stock: HashMap<String, i64>,
    /// Inventory only: the lowest stock level ever reached (the invariant says ≥ 0).
    pub min_stock: i64,
}

const CARRIERS: [&str; 3] = ["DHL", "UPS", "PostNL"];

impl Service {
    /// Makes room for `orders` orders up front: a store that grows doubles and rehashes
    /// everything at once, a stall of every order behind it (seen as a p99 spike at 110k and
    /// 235k orders in a steady run).
    pub fn make_room(&mut self, orders: usize) {
        self.seen.reserve(orders);
        make_room(&mut self.orders, orders, Done::Declined);
        make_room(&mut self.effects.per_order, orders, 0);
    }

    pub fn new(kind: ServiceKind, knobs: Knobs, stock: HashMap<String, i64>) -> Self {
        let min_stock = stock.values().copied().min().unwrap_or(0);
        Self {
            kind,
            knobs,
            seen: IdSet::default(),
            orders: IdMap::default(),
            effects: Effects::default(),
            pools: HashMap::new(),
            starting_stock: if kind == ServiceKind::Inventory {
                stock
            } else {
                HashMap::new()
            },
            min_stock,
        }
    }

    #[cfg(test)]
    /// Units of `product` in stock in `pool` (its starting level until it is first used).
    pub fn stock(&self, pool: i32, product: &str) -> i64 {
        self.pools
            .get(&pool)
            .unwrap_or(&self.starting_stock)
            .get(product)
            .copied()
            .unwrap_or(0)
    }

    #[cfg(test)]
    /// Handles one input from stock pool 0 (see [`Service::handle_in`]).
    pub fn handle(&mut self, e: &Event, attempt: u32, now: i64) -> Decision {
        self.handle_in(e, 0, attempt, now)
    }

    /// Whether this input was handled before (by its eventId): a redelivery calls nobody.
    pub fn has_seen(&self, e: &Event) -> bool {
        self.seen.contains(&stable_hash(&[&e.meta.event_id]))
    }

    /// Handles one input that arrived on input partition `pool`. `attempt` counts from 0
    /// (retries of the same delivery); `now` is the wall clock in epoch ms, stamped on
    /// outputs. Every seeded decision depends on the seed and the order's number, never on
    /// the run id or on which thread got there first: the same seed gives the same run.
    pub fn handle_in(&mut self, e: &Event, pool: i32, attempt: u32, now: i64) -> Decision {
        let id = stable_hash(&[&e.meta.event_id]);
        let duplicate = self.seen.contains(&id);
        if !duplicate
            && self.kind == ServiceKind::Payment
            && chance(
                self.knobs.seed,
                &[
                    decision_key(&e.order_id),
                    e.topic().name(),
                    "gateway",
                    &attempt.to_string(),
                ],
            ) < self.knobs.failure_rate
        {
            return Decision::Retry("payment gateway timed out".into());
        }
        let out = match self.decide(e, pool, now) {
            Ok(out) => out,
            Err(reason) => return Decision::Reject(reason),
        };
        self.seen.insert(id);
        if duplicate {
            Decision::Duplicate(out)
        } else {
            Decision::Emit(out)
        }
    }

    fn emit(&self, cause: &Event, body: Body, now: i64) -> Event {
        Event {
            meta: Meta {
                event_id: derived_id(&cause.meta.event_id, self.kind.name()),
                correlation_id: cause.meta.correlation_id.clone(),
                timestamp: now,
                source: self.kind.name().to_string(),
            },
            order_id: cause.order_id.clone(),
            body,
        }
    }

    fn decide(&mut self, e: &Event, pool: i32, now: i64) -> Result<Vec<Event>, String> {
        let order = stable_hash(&[&e.order_id]);
        let body = match (self.kind, &e.body) {
            (
                ServiceKind::Order,
                Body::OrderCreated {
                    customer_id,
                    items,
                    total_cents,
                },
            ) => {
                let sum: i64 = items
                    .iter()
                    .map(|i| i64::from(i.quantity) * i64::from(i.price_cents))
                    .sum();
                if items.is_empty() || sum != i64::from(*total_cents) {
                    return Err(format!(
                        "order {}: totalCents {total_cents} does not match its {} line(s) ({sum})",
                        e.order_id,
                        items.len()
                    ));
                }
                Body::PaymentRequested {
                    customer_id: customer_id.clone(),
                    amount_cents: *total_cents,
                    items: items.clone(),
                }
            }
            (ServiceKind::Order, Body::PaymentFailed { reason }) => Body::OrderCancelled {
                reason: format!("payment failed: {reason}"),
            },
            (ServiceKind::Order, Body::InventoryRejected { product_id, reason }) => {
                Body::OrderCancelled {
                    reason: format!("{reason}: {product_id}"),
                }
            }
            (
                ServiceKind::Payment,
                Body::PaymentRequested {
                    amount_cents,
                    items,
                    ..
                },
            ) => {
                let done = match self.orders.get(&order) {
                    Some(d) => d.clone(),
                    None => {
                        let d = if chance(self.knobs.seed, &[decision_key(&e.order_id), "decline"])
                            < self.knobs.decline_rate
                        {
                            Done::Declined
                        } else {
                            self.effects.record(&e.order_id);
                            Done::Charged(derived_id(&e.order_id, "payment"))
                        };
                        self.orders.insert(order, d.clone());
                        d
                    }
                };
                match done {
                    Done::Charged(payment_id) => Body::PaymentCompleted {
                        payment_id,
                        amount_cents: *amount_cents,
                        items: items.clone(),
                    },
                    _ => Body::PaymentFailed {
                        reason: "card declined".into(),
                    },
                }
            }
            (ServiceKind::Inventory, Body::PaymentCompleted { items, .. }) => {
                let done = match self.orders.get(&order) {
                    Some(d) => d.clone(),
                    None => {
                        let d = self.reserve(pool, &e.order_id, items);
                        self.orders.insert(order, d.clone());
                        d
                    }
                };
                match done {
                    Done::Reserved(reservation_id) => Body::InventoryReserved {
                        reservation_id,
                        items: items.clone(),
                    },
                    Done::Rejected(product_id) => Body::InventoryRejected {
                        product_id,
                        reason: "out of stock".into(),
                    },
                    _ => return Err("inconsistent inventory state".into()),
                }
            }
            (ServiceKind::Shipping, Body::InventoryReserved { .. }) => {
                let done = self.orders.entry(order).or_insert_with(|| {
                    self.effects.record(&e.order_id);
                    Done::Shipped(derived_id(&e.order_id, "shipment"))
                });
                let Done::Shipped(shipment_id) = done.clone() else {
                    return Err("inconsistent shipping state".into());
                };
                let carrier = CARRIERS[(stable_hash(&[&e.order_id]) % 3) as usize];
                Body::OrderShipped {
                    shipment_id,
                    carrier: carrier.into(),
                }
            }
            (kind, _) => {
                return Err(format!(
                    "{} does not handle {} events",
                    kind.name(),
                    e.topic().name()
                ))
            }
        };
        Ok(vec![self.emit(e, body, now)])
    }

    /// All lines or none: stock is taken only when every line can be served.
    fn reserve(&mut self, pool: i32, order_id: &str, items: &[Item]) -> Done {
        let mut need: HashMap<&str, i64> = HashMap::new();
        for i in items {
            *need.entry(i.product_id.as_str()).or_default() += i64::from(i.quantity);
        }
        let mut products: Vec<_> = need.iter().collect();
        products.sort();
        let stock = self
            .pools
            .entry(pool)
            .or_insert_with(|| self.starting_stock.clone());
        for (p, q) in &products {
            if stock.get(**p).copied().unwrap_or(0) < **q {
                return Done::Rejected(p.to_string());
            }
        }
        for (p, q) in products {
            if let Some(s) = stock.get_mut(*p) {
                *s -= q;
                self.min_stock = self.min_stock.min(*s);
            }
        }
        self.effects.record(order_id);
        Done::Reserved(derived_id(order_id, "reservation"))
    }
}

/// What a seeded decision about an order is keyed by: the gateway's order number (the same
/// in every run of a seed, whatever the run id), or the whole id for orders from elsewhere.
pub fn decision_key(order_id: &str) -> &str {
    super::gateway::order_number_text(order_id).unwrap_or(order_id)
}

/// Exponential back-off with full jitter: attempt 0 waits up to `base_ms`, each further
/// attempt doubles the ceiling (capped at 64×); the wait is seeded by the order (its
/// [`decision_key`]), so runs repeat.
pub fn backoff_ms(base_ms: u64, attempt: u32, seed: u64, order_key: &str) -> u64 {
    let ceiling = base_ms.saturating_mul(1 << attempt.min(6));
    let jitter = chance(seed, &[order_key, "backoff", &attempt.to_string()]);
    (ceiling as f64 * (0.5 + jitter / 2.0)) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chance_keeps_its_seeded_values() {
        // computed with the earlier form (the seed's text and the parts in one list): seeded
        // runs must decide as they did
        assert_eq!(chance(7, &["o-1", "decline"]), 0.5567189802836598);
        assert_eq!(chance(42, &["price", "3"]), 0.4004029184242518);
        assert_eq!(chance(u64::MAX, &[""]), 0.9707082360903185);
        assert_eq!(chance(0, &[]), 0.5957281434326026);
        assert_eq!(
            StableHasher::new().part(b"a").part(b"").finish(),
            stable_hash(&["a", ""])
        );
    }

    fn knobs(decline: f64, failure: f64) -> Knobs {
        Knobs {
            seed: 7,
            decline_rate: decline,
            failure_rate: failure,
        }
    }

    fn created(order: &str, qty: i32) -> Event {
        Event {
            meta: Meta {
                event_id: format!("e-{order}"),
                correlation_id: order.into(),
                timestamp: 1,
                source: "gateway".into(),
            },
            order_id: order.into(),
            body: Body::OrderCreated {
                customer_id: "c".into(),
                items: vec![Item {
                    product_id: "p".into(),
                    quantity: qty,
                    price_cents: 100,
                }],
                total_cents: 100 * qty,
            },
        }
    }

    fn only(d: Decision) -> Event {
        match d {
            Decision::Emit(mut v) | Decision::Duplicate(mut v) => v.remove(0),
            other => panic!("expected outputs, got {other:?}"),
        }
    }

    #[test]
    fn an_order_flows_through_every_service_once() {
        let stock: HashMap<String, i64> = [("p".to_string(), 5)].into();
        let mut order = Service::new(ServiceKind::Order, knobs(0.0, 0.0), HashMap::new());
        let mut pay = Service::new(ServiceKind::Payment, knobs(0.0, 0.0), HashMap::new());
        let mut inv = Service::new(ServiceKind::Inventory, knobs(0.0, 0.0), stock);
        let mut ship = Service::new(ServiceKind::Shipping, knobs(0.0, 0.0), HashMap::new());
        let req = only(order.handle(&created("o-1", 2), 0, 10));
        assert_eq!(req.topic(), Topic::PaymentRequested);
        let paid = only(pay.handle(&req, 0, 11));
        assert_eq!(paid.topic(), Topic::PaymentCompleted);
        let reserved = only(inv.handle(&paid, 0, 12));
        assert_eq!(reserved.topic(), Topic::InventoryReserved);
        assert_eq!(inv.stock(0, "p"), 3);
        let shipped = only(ship.handle(&reserved, 0, 13));
        assert_eq!(shipped.topic(), Topic::OrderShipped);
        assert_eq!(shipped.meta.correlation_id, "o-1");
        // redelivery of every input: same output ids, no second charge/reservation/shipment
        assert_eq!(
            only(pay.handle(&req, 0, 20)).meta.event_id,
            paid.meta.event_id
        );
        assert!(matches!(inv.handle(&paid, 0, 21), Decision::Duplicate(_)));
        assert_eq!(
            only(ship.handle(&reserved, 0, 22)).meta.event_id,
            shipped.meta.event_id
        );
        assert_eq!(inv.stock(0, "p"), 3);
        for s in [&pay, &inv, &ship] {
            assert_eq!(s.effects.total(), 1);
            assert_eq!(s.effects.duplicated(), 0);
        }
    }

    #[test]
    fn decisions_follow_the_order_number_not_the_run_id() {
        assert_eq!(decision_key("o-a1b2c3-17"), "17");
        assert_eq!(decision_key("o-ffffff-17"), "17");
        assert_eq!(decision_key("external-9"), "external-9");
        let mut a = Service::new(ServiceKind::Payment, knobs(0.5, 0.3), HashMap::new());
        let mut b = Service::new(ServiceKind::Payment, knobs(0.5, 0.3), HashMap::new());
        let mut order = Service::new(ServiceKind::Order, knobs(0.0, 0.0), HashMap::new());
        for n in 0..200 {
            // the same order number in two runs: the same decline, the same timeouts
            let req_a = only(order.handle(&created(&format!("o-run1-{n}"), 1), 0, 1));
            let req_b = only(order.handle(&created(&format!("o-run2-{n}"), 1), 0, 1));
            for attempt in 0..3 {
                let da = a.handle(&req_a, attempt, 1);
                let db = b.handle(&req_b, attempt, 1);
                assert_eq!(
                    std::mem::discriminant(&da),
                    std::mem::discriminant(&db),
                    "order {n}, attempt {attempt}"
                );
                if !matches!(da, Decision::Retry(_)) {
                    break;
                }
            }
        }
        assert_eq!(
            backoff_ms(10, 2, 7, decision_key("o-r1-5")),
            backoff_ms(10, 2, 7, decision_key("o-r2-5"))
        );
    }

    #[test]
    fn each_partition_reserves_from_its_own_pool() {
        let stock: HashMap<String, i64> = [("p".to_string(), 3)].into();
        let mut inv = Service::new(ServiceKind::Inventory, knobs(0.0, 0.0), stock);
        let mut pay = Service::new(ServiceKind::Payment, knobs(0.0, 0.0), HashMap::new());
        let mut order = Service::new(ServiceKind::Order, knobs(0.0, 0.0), HashMap::new());
        let mut paid = |i: usize| {
            only(pay.handle(
                &only(order.handle(&created(&format!("o-{i}"), 2), 0, 1)),
                0,
                1,
            ))
        };
        let (first, second) = (paid(0), paid(1));
        // two partitions: both get their 2 units, whichever comes first
        assert_eq!(
            only(inv.handle_in(&second, 1, 0, 1)).topic(),
            Topic::InventoryReserved
        );
        assert_eq!(
            only(inv.handle_in(&first, 0, 0, 1)).topic(),
            Topic::InventoryReserved
        );
        assert_eq!(
            (inv.stock(0, "p"), inv.stock(1, "p"), inv.stock(2, "p")),
            (1, 1, 3)
        );
        // a third order on partition 0 finds 1 unit there: rejected, stock untouched
        let third = paid(2);
        assert_eq!(
            only(inv.handle_in(&third, 0, 0, 1)).topic(),
            Topic::InventoryRejected
        );
        assert_eq!(inv.min_stock, 1);
    }

    #[test]
    fn stock_never_goes_negative_and_rejections_cancel() {
        let stock: HashMap<String, i64> = [("p".to_string(), 3)].into();
        let mut inv = Service::new(ServiceKind::Inventory, knobs(0.0, 0.0), stock);
        let mut pay = Service::new(ServiceKind::Payment, knobs(0.0, 0.0), HashMap::new());
        let mut order = Service::new(ServiceKind::Order, knobs(0.0, 0.0), HashMap::new());
        let mut outcomes = Vec::new();
        for i in 0..3 {
            let req = only(order.handle(&created(&format!("o-{i}"), 2), 0, 1));
            outcomes.push(only(inv.handle(&only(pay.handle(&req, 0, 1)), 0, 1)));
        }
        let kinds: Vec<Topic> = outcomes.iter().map(Event::topic).collect();
        assert_eq!(
            kinds,
            [
                Topic::InventoryReserved,
                Topic::InventoryRejected,
                Topic::InventoryRejected
            ]
        );
        assert_eq!(inv.min_stock, 1);
        let cancel = only(order.handle(&outcomes[1], 0, 2));
        assert_eq!(
            cancel.body,
            Body::OrderCancelled {
                reason: "out of stock: p".into()
            }
        );
    }

    #[test]
    fn declines_retries_and_rejects() {
        let mut order = Service::new(ServiceKind::Order, knobs(1.0, 0.0), HashMap::new());
        let mut pay = Service::new(ServiceKind::Payment, knobs(1.0, 0.0), HashMap::new());
        let req = only(order.handle(&created("o-1", 1), 0, 1));
        let failed = only(pay.handle(&req, 0, 1));
        assert_eq!(failed.topic(), Topic::PaymentFailed);
        assert_eq!(pay.effects.total(), 0);
        let mut flaky = Service::new(ServiceKind::Payment, knobs(0.0, 1.0), HashMap::new());
        assert!(matches!(flaky.handle(&req, 3, 1), Decision::Retry(_)));
        assert_eq!(flaky.effects.total(), 0);
        let mut bad = created("o-2", 1);
        if let Body::OrderCreated { total_cents, .. } = &mut bad.body {
            *total_cents = 1;
        }
        assert!(matches!(order.handle(&bad, 0, 1), Decision::Reject(_)));
        assert!(matches!(
            order.handle(&req, 0, 1),
            Decision::Reject(r) if r.contains("does not handle payment.requested")
        ));
    }

    #[test]
    fn backoff_grows_with_jitter_and_is_seeded() {
        let a: Vec<u64> = (0..4).map(|n| backoff_ms(10, n, 1, "e")).collect();
        assert_eq!(
            a,
            (0..4)
                .map(|n| backoff_ms(10, n, 1, "e"))
                .collect::<Vec<_>>()
        );
        for (n, ms) in a.iter().enumerate() {
            let ceiling = 10u64 << n;
            assert!(*ms >= ceiling / 2 && *ms <= ceiling, "{n}: {ms}");
        }
        assert!(chance(1, &["x"]) < 1.0 && chance(1, &["x"]) >= 0.0);
    }
}
