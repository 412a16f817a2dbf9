//! The status projection (the CQRS read model): every event of every topic, and every
//! dead-lettered record, folded into one status per order, plus what the report needs.
//!
//! It de-duplicates by eventId like every consumer, and takes events in any order across
//! topics (see `domain::order`). The end-to-end latency of an order is measured from its
//! order.created timestamp to the timestamp of the event that made it terminal, both stamped
//! by the producing services, so the projection's own lag does not count.

use std::collections::BTreeMap;

use super::events::{stable_hash, Event, IdMap, IdSet, Topic};
use crate::domain::order::OrderStatus;

#[derive(Debug, Clone, Copy, Default)]
struct View {
    status: Option<OrderStatus>,
    created_at: Option<i64>,
    terminal_at: Option<i64>,
}

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
}

/// What one event did to the read model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    Ignored,
    Updated,
    /// The order just became terminal; end-to-end latency in ms when known.
    Finished(Option<i64>),
}

impl Projection {
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
        self.update(&e.order_id, status, e.meta.timestamp, created)
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
            return Applied::Ignored;
        }
        self.update(key, OrderStatus::DeadLettered, at, None)
    }

    fn update(
        &mut self,
        order: &str,
        status: OrderStatus,
        at: i64,
        created: Option<i64>,
    ) -> Applied {
        let v = self.orders.entry(stable_hash(&[order])).or_default();
        let was_terminal = v.status.is_some_and(OrderStatus::is_terminal);
        v.status = Some(v.status.map_or(status, |s| s.advance(status)));
        if created.is_some() {
            v.created_at = created;
        }
        let now_terminal = v.status.is_some_and(OrderStatus::is_terminal);
        if now_terminal && !was_terminal {
            v.terminal_at = Some(at);
            self.terminal += 1;
            return Applied::Finished(v.created_at.map(|c| (at - c).max(0)));
        }
        // the created event arrived after the terminal one: the latency is known now
        if created.is_some() && was_terminal {
            return Applied::Finished(v.terminal_at.zip(created).map(|(t, c)| (t - c).max(0)));
        }
        Applied::Updated
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
    use crate::pipeline::events::{Body, Meta};

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
        assert_eq!(p.apply(&shipped), Applied::Finished(None));
        assert_eq!(p.apply(&shipped), Applied::Ignored);
        let created = ev(
            "o-1",
            "c",
            100,
            Body::OrderCreated {
                customer_id: "c".into(),
                items: vec![],
                total_cents: 0,
            },
        );
        assert_eq!(p.apply(&created), Applied::Finished(Some(50)));
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
            Applied::Finished(None)
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
    }
}
