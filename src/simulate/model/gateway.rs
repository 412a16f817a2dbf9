//! The gateway: a seeded generator of realistic orders (customers, a product catalogue with
//! prices, one to three lines of one to three units), and the starting stock for them.
//!
//! Every choice is a hash of (seed, order number), not a draw from a shared random stream:
//! order 7 is the same order whichever thread or process makes it, and runs repeat.

use std::collections::HashMap;

use super::events::{Body, Event, Item, Meta};
use super::services::chance;

/// Products in the catalogue.
pub const PRODUCTS: usize = 40;
const CUSTOMERS: u64 = 5_000;

#[derive(Debug, Clone)]
pub struct Gateway {
    pub seed: u64,
    /// Part of every order id, so orders of different runs on one cluster never collide.
    pub run: String,
    /// Share of generated records that are malformed on purpose (they must end in a DLQ).
    pub poison_rate: f64,
}

/// What the gateway sends for one order number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Generated {
    Order(Event),
    /// A record that no consumer can read, keyed by this id.
    Poison(String),
}

pub fn product_id(n: usize) -> String {
    format!("p-{:02}", n + 1)
}

/// Unit price of a product in cents (1.99 to 99.99).
pub fn price_cents(seed: u64, n: usize) -> i32 {
    199 + (chance(seed, &["price", &n.to_string()]) * 9_800.0) as i32
}

/// The gateway's number in an order id (`o-<run>-<n>`), so a projection in another process
/// can tell which orders it has not seen. None for anything else (malformed records' keys).
pub fn order_number(order_id: &str) -> Option<u64> {
    number_after(order_id, "o-")
}

/// The gateway's number in a malformed record's key (`poison-<run>-<n>`).
pub fn poison_number(key: &str) -> Option<u64> {
    number_after(key, "poison-")
}

/// The order number's text in an order id (`o-<run>-<n>`), as the gateway wrote it.
pub fn order_number_text(order_id: &str) -> Option<&str> {
    number_text(order_id, "o-")
}

fn number_text<'a>(id: &'a str, prefix: &str) -> Option<&'a str> {
    let n = id.strip_prefix(prefix)?.rsplit_once('-')?.1;
    (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).then_some(n)
}

fn number_after(id: &str, prefix: &str) -> Option<u64> {
    number_text(id, prefix)?.parse().ok()
}

impl Gateway {
    pub fn order_id(&self, n: u64) -> String {
        format!("o-{}-{n}", self.run)
    }

    pub fn generate(&self, n: u64, now: i64) -> Generated {
        let ns = n.to_string();
        let pick = |what: &str| chance(self.seed, &[what, &ns]);
        if pick("poison") < self.poison_rate {
            return Generated::Poison(format!("poison-{}-{n}", self.run));
        }
        let lines = 1 + (pick("lines") * 3.0) as usize;
        let mut items: Vec<Item> = Vec::with_capacity(lines);
        for l in 0..lines {
            let p =
                (chance(self.seed, &["product", &ns, &l.to_string()]) * PRODUCTS as f64) as usize;
            if items.iter().any(|i| i.product_id == product_id(p)) {
                continue;
            }
            items.push(Item {
                product_id: product_id(p),
                quantity: 1 + (chance(self.seed, &["qty", &ns, &l.to_string()]) * 3.0) as i32,
                price_cents: price_cents(self.seed, p),
            });
        }
        let total_cents = items.iter().map(|i| i.quantity * i.price_cents).sum();
        let order_id = self.order_id(n);
        Generated::Order(Event {
            meta: Meta {
                event_id: format!("{order_id}/created"),
                correlation_id: order_id.clone(),
                timestamp: now,
                source: "gateway".into(),
            },
            body: Body::OrderCreated {
                customer_id: format!("c-{}", (pick("customer") * CUSTOMERS as f64) as u64),
                items,
                total_cents,
            },
            order_id,
        })
    }
}

/// Starting stock for `orders` orders: about what they will ask for, a little less for some
/// products (so the out-of-stock path runs), more for others.
pub fn initial_stock(seed: u64, orders: u64) -> HashMap<String, i64> {
    // 2 lines of 2 units on average, spread over the catalogue
    let expected = (orders as f64 * 4.0 / PRODUCTS as f64).max(1.0);
    (0..PRODUCTS)
        .map(|p| {
            let factor = 0.9 + chance(seed, &["stock", &p.to_string()]) * 0.5;
            (product_id(p), (expected * factor).ceil() as i64)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gw(poison: f64) -> Gateway {
        Gateway {
            seed: 42,
            run: "r1".into(),
            poison_rate: poison,
        }
    }

    #[test]
    fn orders_are_seeded_valid_and_varied() {
        let g = gw(0.0);
        assert_eq!(g.generate(7, 1), g.generate(7, 1));
        let mut lines = std::collections::BTreeSet::new();
        for n in 0..500 {
            let Generated::Order(e) = g.generate(n, 1) else {
                panic!("poison at rate 0")
            };
            let Body::OrderCreated {
                items, total_cents, ..
            } = &e.body
            else {
                panic!("not an order")
            };
            assert!(!items.is_empty() && items.len() <= 3);
            let sum: i32 = items.iter().map(|i| i.quantity * i.price_cents).sum();
            assert_eq!(sum, *total_cents);
            assert_eq!(e.meta.correlation_id, e.order_id);
            lines.insert(items.len());
        }
        assert_eq!(lines.len(), 3);
    }

    #[test]
    fn poison_follows_its_rate_and_stock_covers_most_orders() {
        let g = gw(0.1);
        let poison = (0..2000)
            .filter(|&n| matches!(g.generate(n, 1), Generated::Poison(_)))
            .count();
        assert!((150..250).contains(&poison), "{poison}");
        let stock = initial_stock(42, 1000);
        assert_eq!(stock.len(), PRODUCTS);
        assert!(stock.values().all(|&s| (90..=140).contains(&s)));
    }
}
