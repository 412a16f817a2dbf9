//! The status projection (the CQRS read model): every event of every topic, and every
//! dead-lettered record, folded into one status per order, plus what the report needs.
//!
//! It de-duplicates by eventId like every consumer, and takes events in any order across
//! topics (see `domain::order`). The end-to-end latency of an order is measured from its
//! order.created timestamp to the timestamp of the event that made it terminal, both stamped
//! by the producing services, so the projection's own lag does not count.

use std::collections::BTreeMap;

use super::events::{make_room, stable_hash, Event, IdMap, IdSet, Topic};
use crate::simulate::model::order::OrderStatus;

#[derive(Debug, Clone, Copy, Default)]
struct View {
    status: Option<OrderStatus>,
    created_at: Option<i64>,
    terminal_at: Option<i64>,
    /// Distinct charge, reservation and shipment events for the order.
    effects: [u8; 3],
    /// Each topic's event timestamp for the order (0: not seen yet), in `Topic::ALL` order.
    stamps: [i64; 8],
}

/// The hops of an order, each made by one service: (stage, from, to). The time an order
/// spends in a stage is its `to` event's timestamp minus its `from` event's.
pub const STAGES: [(&str, Topic, Topic); 7] = [
    (
        "order-service",
        Topic::OrderCreated,
        Topic::PaymentRequested,
    ),
    (
        "payment-service",
        Topic::PaymentRequested,
        Topic::PaymentCompleted,
    ),
    (
        "payment-service",
        Topic::PaymentRequested,
        Topic::PaymentFailed,
    ),
    (
        "inventory-service",
        Topic::PaymentCompleted,
        Topic::InventoryReserved,
    ),
    (
        "inventory-service",
        Topic::PaymentCompleted,
        Topic::InventoryRejected,
    ),
    (
        "shipping-service",
        Topic::InventoryReserved,
        Topic::OrderShipped,
    ),
    ("order-service", Topic::PaymentFailed, Topic::OrderCancelled),
];

/// Where a topic is in `Topic::ALL`.
fn index(t: Topic) -> usize {
    Topic::ALL.iter().position(|x| *x == t).unwrap_or(0)
}

/// The side effects the projection can count from events (a charge is a payment.completed).
pub const EFFECTS: [(&str, Topic); 3] = [
    ("charge", Topic::PaymentCompleted),
    ("reservation", Topic::InventoryReserved),
    ("shipment", Topic::OrderShipped),
];

#[derive(Debug, Default)]
pub struct Projection {
    orders: IdMap<View>,
    seen: IdSet,
    dead_letter_ids: IdSet,
    /// Distinct events per topic.
    pub events: BTreeMap<Topic, u64>,
    /// Events seen again (same eventId) and ignored.
    pub duplicates: u64,
    /// Distinct dead-lettered records per DLQ topic.
    pub dead_letters: BTreeMap<String, u64>,
    /// Dead-lettered records whose key is not an order (malformed input).
    pub dead_letters_without_order: u64,
    terminal: u64,
    /// The highest order number seen (order ids end in `-<number>`, see `gateway`).
    pub highest_order: Option<u64>,
    /// The gateway numbers of the malformed records dead-lettered (they are not orders).
    pub poison_numbers: std::collections::BTreeSet<u64>,
    /// Stage times found by the last `apply`: (index in [`STAGES`], ms).
    pub hops: Vec<(usize, i64)>,
}

/// One order as the read model has it (`GET /orders/{id}` with `--http`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderView {
    pub status: OrderStatus,
    pub created_at: Option<i64>,
    pub terminal_at: Option<i64>,
    /// The order's events seen so far: (topic, the event's timestamp), in flow order.
    pub events: Vec<(Topic, i64)>,
    /// The hops made so far: (index in [`STAGES`], ms spent in it).
    pub hops: Vec<(usize, i64)>,
}

/// What one event did to the read model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    Ignored,
    Updated,
    /// The order just became terminal: end-to-end latency in ms and the order's creation
    /// time, when known.
    Finished {
        latency_ms: Option<i64>,
        created_at: Option<i64>,
    },
}

impl Projection {
    /// Makes room for `orders` orders and their events up front (see `Service::make_room`).
    pub fn make_room(&mut self, orders: usize) {
        make_room(&mut self.orders, orders, View::default());
        self.seen.reserve(orders.saturating_mul(5));
    }

    pub fn apply(&mut self, e: &Event) -> Applied {
        if !self.seen.insert(stable_hash(&[&e.meta.event_id])) {
            self.duplicates += 1;
            return Applied::Ignored;
        }
        let topic = e.topic();
        *self.events.entry(topic).or_default() += 1;
        let status = match topic {
            Topic::OrderCreated => OrderStatus::Created,
            Topic::PaymentRequested => OrderStatus::PaymentRequested,
            Topic::PaymentCompleted => OrderStatus::Paid,
            Topic::PaymentFailed => OrderStatus::PaymentFailed,
            Topic::InventoryReserved => OrderStatus::Reserved,
            Topic::InventoryRejected => OrderStatus::OutOfStock,
            Topic::OrderShipped => OrderStatus::Shipped,
            Topic::OrderCancelled => OrderStatus::Cancelled,
        };
        let created = (topic == Topic::OrderCreated).then_some(e.meta.timestamp);
        let effect = EFFECTS.iter().position(|(_, t)| *t == topic);
        let applied = self.update(&e.order_id, status, e.meta.timestamp, created, effect);
        self.stamp(&e.order_id, topic, e.meta.timestamp);
        applied
    }

    /// Notes when the order's `topic` event was made, and the stage times it completes (its
    /// cause may arrive before or after it: topics are read in any order).
    fn stamp(&mut self, order: &str, topic: Topic, at: i64) {
        self.hops.clear();
        let Some(i) = Topic::ALL.iter().position(|t| *t == topic) else {
            return;
        };
        let Some(v) = self.orders.get_mut(&stable_hash(&[order])) else {
            return;
        };
        v.stamps[i] = at;
        for (s, (_, from, to)) in STAGES.iter().enumerate() {
            let (f, t) = (index(*from), index(*to));
            if (f == i || t == i) && v.stamps[f] != 0 && v.stamps[t] != 0 {
                self.hops.push((s, (v.stamps[t] - v.stamps[f]).max(0)));
            }
        }
    }

    /// A record landed in `dlq`; `key` is its (original) key, an order id for real orders;
    /// `original` identifies the record it was (topic/partition/offset): dead-lettering is
    /// at-least-once too, so the same record may arrive twice and is counted once.
    pub fn apply_dead_letter(
        &mut self,
        dlq: &str,
        key: &str,
        original: &str,
        at: i64,
        is_order: bool,
    ) -> Applied {
        if !self.dead_letter_ids.insert(stable_hash(&[original])) {
            self.duplicates += 1;
            return Applied::Ignored;
        }
        *self.dead_letters.entry(dlq.to_string()).or_default() += 1;
        if !is_order {
            self.dead_letters_without_order += 1;
            if let Some(n) = super::gateway::poison_number(key) {
                self.poison_numbers.insert(n);
            }
            return Applied::Ignored;
        }
        self.update(key, OrderStatus::DeadLettered, at, None, None)
    }

    fn update(
        &mut self,
        order: &str,
        status: OrderStatus,
        at: i64,
        created: Option<i64>,
        effect: Option<usize>,
    ) -> Applied {
        if let Some(n) = super::gateway::order_number(order) {
            self.highest_order = Some(self.highest_order.map_or(n, |h| h.max(n)));
        }
        let v = self.orders.entry(stable_hash(&[order])).or_default();
        if let Some(i) = effect {
            v.effects[i] = v.effects[i].saturating_add(1);
        }
        let was_terminal = v.status.is_some_and(OrderStatus::is_terminal);
        v.status = Some(v.status.map_or(status, |s| s.advance(status)));
        if created.is_some() {
            v.created_at = created;
        }
        let now_terminal = v.status.is_some_and(OrderStatus::is_terminal);
        if now_terminal && !was_terminal {
            v.terminal_at = Some(at);
            self.terminal += 1;
            return Applied::Finished {
                latency_ms: v.created_at.map(|c| (at - c).max(0)),
                created_at: v.created_at,
            };
        }
        // the created event arrived after the terminal one: the latency is known now
        if created.is_some() && was_terminal {
            return Applied::Finished {
                latency_ms: v.terminal_at.zip(created).map(|(t, c)| (t - c).max(0)),
                created_at: created,
            };
        }
        Applied::Updated
    }

    /// What the read model knows of `order` (None: no event of it seen yet).
    pub fn view(&self, order: &str) -> Option<OrderView> {
        let v = self.orders.get(&stable_hash(&[order]))?;
        let events = Topic::ALL
            .iter()
            .zip(v.stamps)
            .filter(|(_, at)| *at != 0)
            .map(|(t, at)| (*t, at))
            .collect();
        let hops = STAGES
            .iter()
            .enumerate()
            .filter_map(|(s, (_, from, to))| {
                let (f, t) = (v.stamps[index(*from)], v.stamps[index(*to)]);
                (f != 0 && t != 0).then_some((s, (t - f).max(0)))
            })
            .collect();
        Some(OrderView {
            status: v.status?,
            created_at: v.created_at,
            terminal_at: v.terminal_at,
            events,
            hops,
        })
    }

    pub fn status(&self, order: &str) -> Option<OrderStatus> {
        self.orders
            .get(&stable_hash(&[order]))
            .and_then(|v| v.status)
    }

    /// Orders known (from any event).
    pub fn orders(&self) -> usize {
        self.orders.len()
    }

    pub fn terminal(&self) -> u64 {
        self.terminal
    }

    /// Per side effect (as in [`EFFECTS`]): distinct events, and orders that had more than one.
    /// A service that charged twice would have sent two payment.completed with distinct ids.
    pub fn effects(&self) -> [(&'static str, u64, usize); 3] {
        let mut out = EFFECTS.map(|(what, _)| (what, 0u64, 0usize));
        for v in self.orders.values() {
            for (i, n) in v.effects.iter().enumerate() {
                out[i].1 += u64::from(*n);
                if *n > 1 {
                    out[i].2 += 1;
                }
            }
        }
        out
    }

    /// Orders per status.
    pub fn by_status(&self) -> BTreeMap<OrderStatus, u64> {
        let mut m = BTreeMap::new();
        for s in self.orders.values().filter_map(|v| v.status) {
            *m.entry(s).or_default() += 1;
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::model::events::{Body, Meta};

    fn ev(order: &str, id: &str, ts: i64, body: Body) -> Event {
        Event {
            meta: Meta {
                event_id: id.into(),
                correlation_id: order.into(),
                timestamp: ts,
                source: "t".into(),
            },
            order_id: order.into(),
            body,
        }
    }

    /// The order's order.created event at `ts`.
    fn order_created(order: &str, ts: i64) -> Event {
        ev(
            order,
            "c",
            ts,
            Body::OrderCreated {
                customer_id: "c".into(),
                items: vec![],
                total_cents: 0,
            },
        )
    }

    #[test]
    fn stage_times_are_found_whichever_event_comes_first() {
        let mut p = Projection::default();
        let requested = ev(
            "o-1",
            "r",
            130,
            Body::PaymentRequested {
                customer_id: "c".into(),
                amount_cents: 1,
                items: vec![],
            },
        );
        p.apply(&requested);
        assert!(p.hops.is_empty());
        let created = order_created("o-1", 100);
        p.apply(&created);
        assert_eq!(p.hops, [(0, 30)]);
        assert_eq!(STAGES[0].0, "order-service");
        let v = p.view("o-1").unwrap();
        assert_eq!(v.status, OrderStatus::PaymentRequested);
        assert_eq!(v.created_at, Some(100));
        assert_eq!(v.terminal_at, None);
        assert_eq!(
            v.events,
            [(Topic::OrderCreated, 100), (Topic::PaymentRequested, 130)]
        );
        assert_eq!(v.hops, [(0, 30)]);
        assert_eq!(p.view("o-2"), None);
    }

    #[test]
    fn out_of_order_duplicates_and_dead_letters() {
        let mut p = Projection::default();
        let shipped = ev(
            "o-1",
            "s",
            150,
            Body::OrderShipped {
                shipment_id: "x".into(),
                carrier: "c".into(),
            },
        );
        let unknown = Applied::Finished {
            latency_ms: None,
            created_at: None,
        };
        assert_eq!(p.apply(&shipped), unknown);
        assert_eq!(p.apply(&shipped), Applied::Ignored);
        let created = order_created("o-1", 100);
        assert_eq!(
            p.apply(&created),
            Applied::Finished {
                latency_ms: Some(50),
                created_at: Some(100),
            }
        );
        assert_eq!(p.status("o-1"), Some(OrderStatus::Shipped));
        assert_eq!(p.duplicates, 1);
        assert_eq!(
            p.apply_dead_letter(
                "payment.requested.dlq",
                "o-2",
                "payment.requested/0/4",
                9,
                true
            ),
            unknown
        );
        p.apply_dead_letter(
            "order.created.dlq",
            "poison-1",
            "order.created/1/7",
            9,
            false,
        );
        // the same dead letter again (redelivered before its commit): counted once
        p.apply_dead_letter(
            "order.created.dlq",
            "poison-1",
            "order.created/1/7",
            9,
            false,
        );
        assert_eq!(p.dead_letters_without_order, 1);
        assert_eq!(p.dead_letters["order.created.dlq"], 1);
        assert_eq!(p.terminal(), 2);
        assert_eq!(p.orders(), 2);
        assert_eq!(p.by_status()[&OrderStatus::DeadLettered], 1);
        assert_eq!(p.highest_order, None, "o-1 is not a gateway order id");
        // the same malformed record written twice by its producer (two offsets): two dead
        // letters, one malformed record
        p.apply_dead_letter(
            "order.created.dlq",
            "poison-r1-4",
            "order.created/1/8",
            9,
            false,
        );
        p.apply_dead_letter(
            "order.created.dlq",
            "poison-r1-4",
            "order.created/1/9",
            9,
            false,
        );
        assert_eq!(p.dead_letters_without_order, 3);
        assert_eq!(p.poison_numbers.len(), 1);
    }

    #[test]
    fn effects_are_counted_per_order_and_a_second_charge_shows() {
        let mut p = Projection::default();
        let paid = |id: &str| {
            ev(
                "o-r1-7",
                id,
                10,
                Body::PaymentCompleted {
                    payment_id: id.into(),
                    amount_cents: 5,
                    items: vec![],
                },
            )
        };
        p.apply(&paid("a"));
        p.apply(&paid("a")); // redelivered: same id, not a second charge
        assert_eq!(p.effects()[0], ("charge", 1, 0));
        p.apply(&paid("b")); // a second, distinct charge for the same order
        assert_eq!(p.effects()[0], ("charge", 2, 1));
        assert_eq!(p.effects()[2], ("shipment", 0, 0));
        assert_eq!(p.highest_order, Some(7));
        assert_eq!(super::super::gateway::order_number("o-ab12-130"), Some(130));
        assert_eq!(super::super::gateway::order_number("poison-ab12-3"), None);
        assert_eq!(
            super::super::gateway::poison_number("poison-ab12-3"),
            Some(3)
        );
    }
}
