//! The guarantees a simulation run must show (issue #5), checked from what the run observed.

use crate::domain::order::OrderStatus;
use crate::domain::simulation::Invariant;

/// What the run observed, gathered by `commands::simulate`.
#[derive(Debug, Clone, Default)]
pub struct Observed {
    /// Final status of every order the gateway sent (None: the projection never saw it).
    pub statuses: Vec<Option<OrderStatus>>,
    /// (what, orders where it happened more than once), e.g. ("charge", 0).
    pub duplicated_effects: Vec<(&'static str, usize)>,
    pub charges: u64,
    pub reservations: u64,
    pub shipments: u64,
    pub shipped_orders: u64,
    pub lowest_stock: i64,
    pub poison_sent: u64,
    /// Records the services wrote to DLQs, and what the projection read back from them.
    pub dead_letters_written: u64,
    pub dead_letters_read: u64,
    pub poison_dead_lettered: u64,
}

pub fn check(o: &Observed) -> Vec<Invariant> {
    let total = o.statuses.len();
    let unseen = o.statuses.iter().filter(|s| s.is_none()).count();
    let open = o
        .statuses
        .iter()
        .filter(|s| s.is_some_and(|s| !s.is_terminal()))
        .count();
    let dup: Vec<String> = o
        .duplicated_effects
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(what, n)| format!("{what} twice for {n} order(s)"))
        .collect();
    let mut v = vec![
        Invariant {
            name: "every order reached a terminal status",
            holds: unseen == 0 && open == 0,
            detail: format!("{} of {total} terminal", total - unseen - open),
        },
        Invariant {
            name: "no order lost",
            holds: unseen == 0,
            detail: if unseen == 0 {
                format!("all {total} orders known to the projection")
            } else {
                format!("{unseen} of {total} orders never seen by the projection")
            },
        },
        Invariant {
            name: "no side effect duplicated",
            holds: dup.is_empty() && o.shipments <= o.reservations && o.reservations <= o.charges,
            detail: if dup.is_empty() {
                format!(
                    "{} charges, {} reservations, {} shipments, each at most once per order",
                    o.charges, o.reservations, o.shipments
                )
            } else {
                dup.join("; ")
            },
        },
        Invariant {
            name: "stock never negative",
            holds: o.lowest_stock >= 0,
            detail: format!("lowest level {}", o.lowest_stock),
        },
        Invariant {
            name: "every DLQ record accounted for",
            holds: o.dead_letters_written == o.dead_letters_read
                && o.poison_dead_lettered == o.poison_sent,
            detail: format!(
                "{} written, {} read back; {} of {} malformed records dead-lettered",
                o.dead_letters_written, o.dead_letters_read, o.poison_dead_lettered, o.poison_sent
            ),
        },
    ];
    v.push(Invariant {
        name: "every shipment is a shipped order",
        holds: o.shipments == o.shipped_orders,
        detail: format!(
            "{} shipments, {} orders shipped",
            o.shipments, o.shipped_orders
        ),
    });
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clean_run_holds_and_each_breach_is_named() {
        let mut o = Observed {
            statuses: vec![Some(OrderStatus::Shipped), Some(OrderStatus::Cancelled)],
            duplicated_effects: vec![("charge", 0)],
            charges: 1,
            reservations: 1,
            shipments: 1,
            shipped_orders: 1,
            poison_sent: 1,
            dead_letters_written: 1,
            dead_letters_read: 1,
            poison_dead_lettered: 1,
            ..Observed::default()
        };
        assert!(check(&o).iter().all(|i| i.holds));
        o.statuses.push(None);
        o.statuses.push(Some(OrderStatus::Paid));
        o.duplicated_effects = vec![("charge", 2)];
        o.lowest_stock = -1;
        o.dead_letters_read = 0;
        let broken: Vec<&str> = check(&o)
            .iter()
            .filter(|i| !i.holds)
            .map(|i| i.name)
            .collect();
        assert_eq!(broken.len(), 5, "{broken:?}");
        assert_eq!(check(&o)[0].detail, "2 of 4 terminal");
    }
}
