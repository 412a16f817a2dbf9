//! The marketplace's events (DESIGN §4) as plain Rust values, and their JSON form, which is
//! field for field the Avro schemas in schemas/ (the codec turns that JSON into Avro).
//!
//! Why a typed model and not JSON all the way: services match on what happened, and the
//! compiler then checks that every event kind is handled by the projection.

// the events' JSON form is for tests (the wire form is Avro, in `simulate::wire`)
use serde_json::{json, Value};

/// Every topic of the pipeline, in flow order; the topic name is the event name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Topic {
    OrderCreated,
    PaymentRequested,
    PaymentCompleted,
    PaymentFailed,
    InventoryReserved,
    InventoryRejected,
    OrderShipped,
    OrderCancelled,
}

impl Topic {
    pub const ALL: [Topic; 8] = [
        Topic::OrderCreated,
        Topic::PaymentRequested,
        Topic::PaymentCompleted,
        Topic::PaymentFailed,
        Topic::InventoryReserved,
        Topic::InventoryRejected,
        Topic::OrderShipped,
        Topic::OrderCancelled,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Topic::OrderCreated => "order.created",
            Topic::PaymentRequested => "payment.requested",
            Topic::PaymentCompleted => "payment.completed",
            Topic::PaymentFailed => "payment.failed",
            Topic::InventoryReserved => "inventory.reserved",
            Topic::InventoryRejected => "inventory.rejected",
            Topic::OrderShipped => "order.shipped",
            Topic::OrderCancelled => "order.cancelled",
        }
    }

    pub fn from_name(name: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.name() == name)
    }

    /// Where records that cannot be processed from this topic end up.
    pub fn dlq(self) -> String {
        format!("{}.dlq", self.name())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub product_id: String,
    pub quantity: i32,
    pub price_cents: i32,
}

/// Metadata every event carries, in its payload and as headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub event_id: String,
    /// The business transaction: the order id for the whole flow.
    pub correlation_id: String,
    /// Epoch milliseconds when the event was produced.
    pub timestamp: i64,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    OrderCreated {
        customer_id: String,
        items: Vec<Item>,
        total_cents: i32,
    },
    PaymentRequested {
        customer_id: String,
        amount_cents: i32,
        items: Vec<Item>,
    },
    PaymentCompleted {
        payment_id: String,
        amount_cents: i32,
        items: Vec<Item>,
    },
    PaymentFailed {
        reason: String,
    },
    InventoryReserved {
        reservation_id: String,
        items: Vec<Item>,
    },
    InventoryRejected {
        product_id: String,
        reason: String,
    },
    OrderShipped {
        shipment_id: String,
        carrier: String,
    },
    OrderCancelled {
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub meta: Meta,
    pub order_id: String,
    pub body: Body,
}

impl Event {
    pub fn topic(&self) -> Topic {
        match self.body {
            Body::OrderCreated { .. } => Topic::OrderCreated,
            Body::PaymentRequested { .. } => Topic::PaymentRequested,
            Body::PaymentCompleted { .. } => Topic::PaymentCompleted,
            Body::PaymentFailed { .. } => Topic::PaymentFailed,
            Body::InventoryReserved { .. } => Topic::InventoryReserved,
            Body::InventoryRejected { .. } => Topic::InventoryRejected,
            Body::OrderShipped { .. } => Topic::OrderShipped,
            Body::OrderCancelled { .. } => Topic::OrderCancelled,
        }
    }

    /// The JSON form of the event's schema (field names and order as in schemas/; the
    /// Protobuf and JSON Schema contracts take and give the same form).
    pub fn to_json(&self) -> Value {
        let m = &self.meta;
        let mut v = json!({
            "eventId": m.event_id,
            "correlationId": m.correlation_id,
            "timestamp": m.timestamp,
            "source": m.source,
            "orderId": self.order_id,
        });
        let fields = match &self.body {
            Body::OrderCreated {
                customer_id,
                items,
                total_cents,
            } => json!({"customerId": customer_id, "items": items_json(items),
                        "totalCents": total_cents, "createdAt": m.timestamp}),
            Body::PaymentRequested {
                customer_id,
                amount_cents,
                items,
            } => json!({"customerId": customer_id, "amountCents": amount_cents,
                        "items": items_json(items)}),
            Body::PaymentCompleted {
                payment_id,
                amount_cents,
                items,
            } => json!({"paymentId": payment_id, "amountCents": amount_cents,
                        "items": items_json(items)}),
            Body::PaymentFailed { reason } | Body::OrderCancelled { reason } => {
                json!({ "reason": reason })
            }
            Body::InventoryReserved {
                reservation_id,
                items,
            } => json!({"reservationId": reservation_id, "items": items_json(items)}),
            Body::InventoryRejected { product_id, reason } => {
                json!({"productId": product_id, "reason": reason})
            }
            Body::OrderShipped {
                shipment_id,
                carrier,
            } => json!({"shipmentId": shipment_id, "carrier": carrier}),
        };
        if let (Some(o), Value::Object(f)) = (v.as_object_mut(), fields) {
            o.extend(f);
        }
        v
    }

    /// Reads an event of `topic` from its JSON form; the error names the missing field.
    pub fn from_json(topic: Topic, v: &Value) -> Result<Event, String> {
        let s = |f: &str| -> Result<String, String> {
            v.get(f)
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| format!("{}: field '{f}' missing or not a string", topic.name()))
        };
        let n = |f: &str| -> Result<i64, String> {
            v.get(f)
                .and_then(Value::as_i64)
                .ok_or_else(|| format!("{}: field '{f}' missing or not a number", topic.name()))
        };
        let i = |f: &str| n(f).and_then(|x| i32::try_from(x).map_err(|e| format!("{f}: {e}")));
        let items = || items_from(topic, v);
        let meta = Meta {
            event_id: s("eventId")?,
            // null in the schema means "not part of a transaction": the order id stands in
            correlation_id: s("correlationId").or_else(|_| s("orderId"))?,
            timestamp: n("timestamp")?,
            source: s("source")?,
        };
        let body = match topic {
            Topic::OrderCreated => Body::OrderCreated {
                customer_id: s("customerId")?,
                items: items()?,
                total_cents: i("totalCents")?,
            },
            Topic::PaymentRequested => Body::PaymentRequested {
                customer_id: s("customerId")?,
                amount_cents: i("amountCents")?,
                items: items()?,
            },
            Topic::PaymentCompleted => Body::PaymentCompleted {
                payment_id: s("paymentId")?,
                amount_cents: i("amountCents")?,
                items: items()?,
            },
            Topic::PaymentFailed => Body::PaymentFailed {
                reason: s("reason")?,
            },
            Topic::InventoryReserved => Body::InventoryReserved {
                reservation_id: s("reservationId")?,
                items: items()?,
            },
            Topic::InventoryRejected => Body::InventoryRejected {
                product_id: s("productId")?,
                reason: s("reason")?,
            },
            Topic::OrderShipped => Body::OrderShipped {
                shipment_id: s("shipmentId")?,
                carrier: s("carrier")?,
            },
            Topic::OrderCancelled => Body::OrderCancelled {
                reason: s("reason")?,
            },
        };
        Ok(Event {
            meta,
            order_id: s("orderId")?,
            body,
        })
    }
}

fn items_json(items: &[Item]) -> Value {
    Value::Array(
        items
            .iter()
            .map(|i| json!({"productId": i.product_id, "quantity": i.quantity, "priceCents": i.price_cents}))
            .collect(),
    )
}

fn items_from(topic: Topic, v: &Value) -> Result<Vec<Item>, String> {
    let bad = || {
        format!(
            "{}: field 'items' is not a list of order lines",
            topic.name()
        )
    };
    v.get("items")
        .and_then(Value::as_array)
        .ok_or_else(bad)?
        .iter()
        .map(|x| {
            let item = || {
                Some(Item {
                    product_id: x.get("productId")?.as_str()?.to_string(),
                    quantity: i32::try_from(x.get("quantity")?.as_i64()?).ok()?,
                    price_cents: i32::try_from(x.get("priceCents")?.as_i64()?).ok()?,
                })
            };
            item().ok_or_else(bad)
        })
        .collect()
}

/// A stable 64-bit hash (FNV-1a, then a splitmix64 finish): derived ids and seeded decisions must be the same on every
/// run, machine and replica (std's hasher is randomly keyed).
pub fn stable_hash(parts: &[&str]) -> u64 {
    let mut h = StableHasher::new();
    for p in parts {
        h.part(p.as_bytes());
    }
    h.finish()
}

/// [`stable_hash`] fed one part at a time, for callers that would otherwise build a list
/// (or a string) per call on a hot path; the same parts give the same hash.
#[derive(Debug, Clone, Copy)]
pub struct StableHasher(u64);

impl StableHasher {
    pub fn new() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }

    /// Adds one part (its bytes, then a separator no UTF-8 text contains).
    pub fn part(&mut self, bytes: &[u8]) -> &mut Self {
        for b in bytes.iter().copied().chain(std::iter::once(0xff)) {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self
    }

    pub fn finish(&self) -> u64 {
        // FNV leaves the high bits poorly mixed for short, similar inputs: finish with splitmix64
        let mut h = self.0;
        h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        h ^ (h >> 31)
    }
}

impl Default for StableHasher {
    fn default() -> Self {
        Self::new()
    }
}

/// A hasher for keys that are already [`stable_hash`]es: passes them through (SipHash over a
/// well-mixed u64 only costs time; the projection spent a tenth of its CPU in it).
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Maps and sets keyed by [`stable_hash`] values.
pub type IdMap<V> = std::collections::HashMap<u64, V, std::hash::BuildHasherDefault<IdHasher>>;
pub type IdSet = std::collections::HashSet<u64, std::hash::BuildHasherDefault<IdHasher>>;

/// Gives `map` room for `n` entries now, its memory touched: a store that grows doubles and
/// rehashes everything at once (a stall of every order behind it), and fresh room is paged
/// in by the first writes (a stall at the start). Both are paid here, before the run.
pub fn make_room<V: Clone>(map: &mut IdMap<V>, n: usize, filler: V) {
    map.reserve(n);
    if map.is_empty() {
        for k in 0..n as u64 {
            map.insert(k.wrapping_mul(0x9e37_79b9_7f4a_7c15), filler.clone());
        }
        map.clear();
    }
}

/// The id of an event derived from the event that caused it: a redelivered input yields the
/// same output id, so downstream consumers can drop the duplicate.
pub fn derived_id(parent: &str, what: &str) -> String {
    format!("{:016x}", stable_hash(&[parent, what]))
}

/// W3C trace context for an event: the trace is the order, the span the event.
pub fn traceparent(correlation_id: &str, event_id: &str) -> String {
    format!(
        "00-{:016x}{:016x}-{:016x}-01",
        stable_hash(&[correlation_id]),
        stable_hash(&[correlation_id, "trace"]),
        stable_hash(&[event_id]).max(1)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Event> {
        let meta = Meta {
            event_id: "e".into(),
            correlation_id: "o-1".into(),
            timestamp: 5,
            source: "test".into(),
        };
        let items = vec![Item {
            product_id: "p-1".into(),
            quantity: 2,
            price_cents: 150,
        }];
        let bodies = vec![
            Body::OrderCreated {
                customer_id: "c".into(),
                items: items.clone(),
                total_cents: 300,
            },
            Body::PaymentRequested {
                customer_id: "c".into(),
                amount_cents: 300,
                items: items.clone(),
            },
            Body::PaymentCompleted {
                payment_id: "pay".into(),
                amount_cents: 300,
                items: items.clone(),
            },
            Body::PaymentFailed { reason: "r".into() },
            Body::InventoryReserved {
                reservation_id: "r".into(),
                items,
            },
            Body::InventoryRejected {
                product_id: "p".into(),
                reason: "r".into(),
            },
            Body::OrderShipped {
                shipment_id: "s".into(),
                carrier: "c".into(),
            },
            Body::OrderCancelled { reason: "r".into() },
        ];
        bodies
            .into_iter()
            .map(|body| Event {
                meta: meta.clone(),
                order_id: "o-1".into(),
                body,
            })
            .collect()
    }

    #[test]
    fn json_round_trip_for_every_topic() {
        let events = sample();
        assert_eq!(events.len(), Topic::ALL.len());
        for e in events {
            let back = Event::from_json(e.topic(), &e.to_json()).unwrap();
            assert_eq!(back, e);
            assert_eq!(Topic::from_name(e.topic().name()), Some(e.topic()));
        }
        let err = Event::from_json(Topic::OrderShipped, &json!({"eventId": "x"})).unwrap_err();
        assert_eq!(
            err,
            "order.shipped: field 'orderId' missing or not a string"
        );
    }

    #[test]
    fn derived_ids_and_traces_are_stable() {
        assert_eq!(derived_id("e-1", "payment"), derived_id("e-1", "payment"));
        assert_ne!(derived_id("e-1", "payment"), derived_id("e-2", "payment"));
        let t = traceparent("o-1", "e-1");
        assert_eq!(t.len(), 55);
        assert!(t.starts_with("00-") && t.ends_with("-01"));
        assert_eq!(stable_hash(&["a"]), 1_819_190_507_042_467_253);
    }
}
