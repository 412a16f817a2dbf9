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

/// An order as a client posts it (`POST /orders` with `--http`, the article's
/// `OrderController`): `{"customerId": "c-1", "items": [{"productId": "p-03", "quantity": 2}]}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRequest {
    pub customer_id: String,
    /// (catalogue index, quantity), in the order posted.
    pub items: Vec<(usize, i32)>,
}

/// Most lines and units one posted order may have.
const MAX_LINES: usize = 50;
const MAX_QUANTITY: i64 = 1_000;

impl OrderRequest {
    /// Reads a posted body. The error says what is wrong with it, for the 400 answer.
    pub fn parse(body: &[u8]) -> Result<Self, String> {
        let v: serde_json::Value =
            serde_json::from_slice(body).map_err(|e| format!("the body is not JSON: {e}"))?;
        let customer_id = match v.get("customerId") {
            Some(serde_json::Value::String(c)) if !c.trim().is_empty() && c.len() <= 100 => {
                c.clone()
            }
            Some(_) => {
                return Err(
                    "customerId must be a non-empty string of at most 100 characters".into(),
                )
            }
            None => return Err("customerId is missing".into()),
        };
        let items = match v.get("items") {
            Some(serde_json::Value::Array(a)) if !a.is_empty() && a.len() <= MAX_LINES => a,
            Some(_) => return Err(format!("items must be an array of 1 to {MAX_LINES} lines")),
            None => return Err("items is missing".into()),
        };
        let mut lines: Vec<(usize, i32)> = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let line = parse_line(item).map_err(|e| format!("items[{i}]: {e}"))?;
            if lines.iter().any(|(p, _)| *p == line.0) {
                return Err(format!(
                    "items[{i}]: productId {} is already on the order (one line per product)",
                    product_id(line.0)
                ));
            }
            lines.push(line);
        }
        Ok(Self {
            customer_id,
            items: lines,
        })
    }
}

/// One `{productId, quantity}` line: a product of the catalogue, 1 to 1,000 units.
fn parse_line(item: &serde_json::Value) -> Result<(usize, i32), String> {
    let pid = item
        .get("productId")
        .and_then(serde_json::Value::as_str)
        .ok_or("productId (a string) is missing")?;
    let index = (0..PRODUCTS)
        .find(|&p| product_id(p) == pid)
        .ok_or_else(|| {
            format!(
                "unknown productId '{pid}' (the catalogue has {} to {})",
                product_id(0),
                product_id(PRODUCTS - 1)
            )
        })?;
    let quantity = item
        .get("quantity")
        .and_then(serde_json::Value::as_i64)
        .filter(|q| (1..=MAX_QUANTITY).contains(q))
        .ok_or(format!(
            "quantity must be a whole number from 1 to {MAX_QUANTITY}"
        ))?;
    Ok((index, quantity as i32))
}

impl Gateway {
    /// The order.created event of a posted order, numbered like the generated ones (its id
    /// is `o-<run>-<n>`), priced from the catalogue.
    pub fn accept(&self, n: u64, req: &OrderRequest, now: i64) -> Event {
        let items: Vec<Item> = req
            .items
            .iter()
            .map(|&(p, quantity)| Item {
                product_id: product_id(p),
                quantity,
                price_cents: price_cents(self.seed, p),
            })
            .collect();
        let order_id = self.order_id(n);
        order_created(order_id, req.customer_id.clone(), items, now)
    }

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
        let customer = format!("c-{}", (pick("customer") * CUSTOMERS as f64) as u64);
        Generated::Order(order_created(self.order_id(n), customer, items, now))
    }
}

/// The order.created event of an order: its id is its correlation id.
fn order_created(order_id: String, customer_id: String, items: Vec<Item>, now: i64) -> Event {
    // within i32: the largest posted order (50 lines x 1,000 units x 99.99) is 499,950,000
    let total_cents = items.iter().map(|i| i.quantity * i.price_cents).sum();
    Event {
        meta: Meta {
            event_id: format!("{order_id}/created"),
            correlation_id: order_id.clone(),
            timestamp: now,
            source: "gateway".into(),
        },
        body: Body::OrderCreated {
            customer_id,
            items,
            total_cents,
        },
        order_id,
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
    fn a_posted_order_is_read_priced_from_the_catalogue_and_numbered_like_the_rest() {
        let body = br#"{"customerId":"c-7","items":[{"productId":"p-03","quantity":2},{"productId":"p-40","quantity":1}]}"#;
        let req = OrderRequest::parse(body).unwrap();
        assert_eq!(req.items, [(2, 2), (39, 1)]);
        let e = gw(0.0).accept(12, &req, 99);
        assert_eq!(e.order_id, "o-r1-12");
        assert_eq!(e.meta.correlation_id, "o-r1-12");
        assert_eq!(e.meta.timestamp, 99);
        let Body::OrderCreated {
            customer_id,
            items,
            total_cents,
        } = &e.body
        else {
            panic!("not an order")
        };
        assert_eq!(customer_id, "c-7");
        assert_eq!(items[0].price_cents, price_cents(42, 2));
        assert_eq!(*total_cents, 2 * price_cents(42, 2) + price_cents(42, 39));
        assert_eq!(order_number(&e.order_id), Some(12));
    }

    #[test]
    fn a_bad_posted_order_says_what_is_wrong() {
        let bad = |body: &str| OrderRequest::parse(body.as_bytes()).unwrap_err();
        assert!(bad("{").starts_with("the body is not JSON"));
        assert_eq!(bad(r#"{"items":[]}"#), "customerId is missing");
        assert!(bad(r#"{"customerId":" ","items":[]}"#).starts_with("customerId must be"));
        assert!(bad(r#"{"customerId":"c","items":[]}"#).starts_with("items must be an array"));
        assert_eq!(
            bad(r#"{"customerId":"c","items":[{"productId":"x","quantity":1}]}"#),
            "items[0]: unknown productId 'x' (the catalogue has p-01 to p-40)"
        );
        assert!(
            bad(r#"{"customerId":"c","items":[{"productId":"p-01","quantity":0}]}"#)
                .starts_with("items[0]: quantity must be")
        );
        assert!(
            bad(r#"{"customerId":"c","items":[{"productId":"p-01","quantity":1.5}]}"#)
                .starts_with("items[0]: quantity must be")
        );
        assert!(bad(r#"{"customerId":"c","items":[{"productId":"p-01","quantity":1},{"productId":"p-01","quantity":2}]}"#)
            .starts_with("items[1]: productId p-01 is already"));
        assert_eq!(
            bad(r#"{"customerId":"c","items":[{"quantity":1}]}"#),
            "items[0]: productId (a string) is missing"
        );
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
