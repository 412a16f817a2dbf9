//! The guarantees a simulation run must show (issue #5), checked from what the run observed.

use crate::simulate::model::order::OrderStatus;
use crate::simulate::model::report::{
    BackPressure, BreakerReport, CanaryReport, Evolution, Invariant, VersionsRead,
};

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
    /// None: inventory-service ran in another process (`--services`).
    pub lowest_stock: Option<i64>,
    /// None: the gateway ran in another process.
    pub poison_sent: Option<u64>,
    /// Records the services wrote to DLQs (None: some ran elsewhere), and what the projection
    /// read back from them.
    pub dead_letters_written: Option<u64>,
    pub dead_letters_read: u64,
    pub poison_dead_lettered: u64,
    /// The run was stopped before it finished (Ctrl-C, or `top` quit): orders still in
    /// flight are neither lost nor stuck, so what needs a finished run is not judged.
    pub cut_short: bool,
    /// The payment provider's circuit breaker, where payment-service ran: with an outage
    /// planted (`--chaos`), no event may be dead-lettered for it.
    pub breaker: Option<BreakerReport>,
    /// `--max-in-flight`: how the gateway held orders back.
    pub back_pressure: Option<BackPressure>,
    /// `--evolve` / `--evolve-breaking`: judged where the gateway tried it.
    pub evolution: Option<Evolution>,
    /// `--canary`, where the service it shadows ran.
    pub canary: Option<CanaryReport>,
}

/// What came of OrderCreated's next version, where the gateway tried it: (registered, the
/// fewest events of v1 and of v2 any local consumer of order.created read).
fn evolution_seen(e: &Evolution) -> Option<(bool, u64, u64)> {
    e.after_orders?;
    let least = |f: fn(&VersionsRead) -> u64| e.read.values().map(f).min().unwrap_or(0);
    Some((e.registered_id.is_some(), least(|r| r.v1), least(|r| r.v2)))
}

/// The invariants only a finished run can judge (an order in flight is not a lost one).
const NEED_A_FINISHED_RUN: [&str; 4] = [
    "every order reached a terminal status",
    "no order lost",
    "every DLQ record accounted for",
    "every shipment is a shipped order",
];

/// The invariants this process cannot check, and why (`--services` ran their inputs
/// elsewhere, or the run was cut short).
pub fn unchecked(o: &Observed) -> Vec<String> {
    let mut v = Vec::new();
    if o.cut_short {
        // the DLQ invariant exists only where its inputs are here (see below)
        let dlq_here = o.dead_letters_written.is_some() || o.poison_sent.is_some();
        let here = |name: &str| dlq_here || name != "every DLQ record accounted for";
        for name in NEED_A_FINISHED_RUN.into_iter().filter(|n| here(n)) {
            v.push(format!(
                "{name}: the run was cut short with orders in flight"
            ));
        }
    }
    v.extend(o.canary.as_ref().and_then(canary_unchecked));
    if o.lowest_stock.is_none() {
        v.push("stock never negative: inventory-service runs in another process".to_string());
    }
    if o.dead_letters_written.is_none() && o.poison_sent.is_none() {
        v.push(
            "every DLQ record accounted for: the gateway and some services run in other processes"
                .to_string(),
        );
    }
    v
}

/// The invariants this run can judge (see [`unchecked`] for the others).
pub fn check(o: &Observed) -> Vec<Invariant> {
    let mut v = all(o);
    if o.cut_short {
        v.retain(|i| !NEED_A_FINISHED_RUN.contains(&i.name));
    }
    v
}

fn all(o: &Observed) -> Vec<Invariant> {
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
    ];
    if let Some(lowest) = o.lowest_stock {
        v.push(Invariant {
            name: "stock never negative",
            holds: lowest >= 0,
            detail: format!("lowest level {lowest}"),
        });
    }
    let written = o.dead_letters_written.map(|w| {
        (
            w == o.dead_letters_read,
            format!("{w} written, {} read back", o.dead_letters_read),
        )
    });
    let poison = o.poison_sent.map(|p| {
        (
            p == o.poison_dead_lettered,
            format!(
                "{} of {p} malformed records dead-lettered",
                o.poison_dead_lettered
            ),
        )
    });
    let parts: Vec<(bool, String)> = written.into_iter().chain(poison).collect();
    if !parts.is_empty() {
        v.push(Invariant {
            name: "every DLQ record accounted for",
            holds: parts.iter().all(|(ok, _)| *ok),
            detail: parts
                .into_iter()
                .map(|(_, d)| d)
                .collect::<Vec<_>>()
                .join("; "),
        });
    }
    let outage = o.breaker.as_ref().filter(|b| b.outages > 0);
    if let Some(n) = outage.map(|b| b.dead_lettered_for_outage) {
        v.push(Invariant {
            name: "no event dead-lettered for a provider outage",
            holds: n == 0,
            detail: if n == 0 {
                "the events waited for the circuit breaker".to_string()
            } else {
                format!("{n} dead-lettered with \"payment provider unavailable\"")
            },
        });
    }
    if let Some((e, (registered, v1_read, v2_read))) = o
        .evolution
        .as_ref()
        .and_then(|e| Some((e, evolution_seen(e)?)))
    {
        v.push(if e.breaking {
            Invariant {
                name: "the breaking order.created v2 was refused",
                holds: !registered && v2_read == 0,
                detail: if registered {
                    "the registry took it: its compatibility level lets breaking changes in"
                        .to_string()
                } else {
                    format!(
                        "the registry refused it; every consumer read v1 only ({v1_read} events)"
                    )
                },
            }
        } else {
            Invariant {
                name: "order.created read in both versions",
                holds: registered && v1_read > 0 && v2_read > 0,
                detail: format!(
                    "every consumer here read v1 ({v1_read} or more) and v2 ({v2_read} or more) \
                     with v1's reader"
                ),
            }
        });
    }
    if let Some(b) = &o.back_pressure {
        let (peak, max) = (b.peak_in_flight, b.max_in_flight);
        v.push(Invariant {
            name: "orders in flight within --max-in-flight",
            holds: peak <= max,
            detail: format!("at most {peak} in flight (limit {max})"),
        });
    }
    if let Some(i) = o.canary.as_ref().and_then(canary) {
        v.push(i);
    }
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

/// The canary's comparison (`--canary`): the same code must agree on every decision it could
/// compare; a planted fault (`--canary-fault`) must be seen. Judged wherever the canary ran
/// (its inputs are its own), also in a cut-short run: a compared decision is final. None when
/// it compared nothing (see [`canary_unchecked`]).
pub fn canary(c: &CanaryReport) -> Option<Invariant> {
    if c.compared == 0 {
        return None;
    }
    let of = format!("{} of {} decisions", c.disagreed, c.compared);
    Some(match &c.fault {
        None => Invariant {
            name: "the canary agrees with production",
            holds: c.disagreed == 0,
            detail: if c.disagreed == 0 {
                format!("{} of {} decisions the same", c.agreed, c.compared)
            } else {
                format!("{of} differ")
            },
        },
        Some(fault) => Invariant {
            name: "the canary's planted fault was caught",
            holds: c.disagreed > 0,
            detail: if c.disagreed > 0 {
                format!("{of} differ (--canary-fault {fault})")
            } else {
                format!("{of} differ: the comparison missed --canary-fault {fault}")
            },
        },
    })
}

/// A canary that compared no decision (no input reached both sides before it stopped) has
/// nothing to judge: said, not failed.
pub fn canary_unchecked(c: &CanaryReport) -> Option<String> {
    (c.compared == 0).then(|| {
        format!(
            "the canary's comparison: no decision of {} was made by both sides before it stopped",
            c.service
        )
    })
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
            lowest_stock: Some(0),
            poison_sent: Some(1),
            dead_letters_written: Some(1),
            dead_letters_read: 1,
            poison_dead_lettered: 1,
            cut_short: false,
            breaker: None,
            back_pressure: None,
            evolution: None,
            canary: None,
        };
        assert!(check(&o).iter().all(|i| i.holds));
        assert_eq!(check(&o).len(), 6);
        // a breaker that saw no outage judges nothing
        let mut breaker = BreakerReport::default();
        o.breaker = Some(breaker.clone());
        assert_eq!(check(&o).len(), 6);
        breaker.outages = 1;
        o.breaker = Some(breaker.clone());
        let mut held = BackPressure {
            max_in_flight: 10,
            peak_in_flight: 10,
            ..BackPressure::default()
        };
        o.back_pressure = Some(held);
        assert!(check(&o).iter().all(|i| i.holds));
        assert_eq!(check(&o).len(), 8);
        breaker.dead_lettered_for_outage = 2;
        o.breaker = Some(breaker);
        held.peak_in_flight = 11;
        o.back_pressure = Some(held);
        assert_eq!(check(&o).iter().filter(|i| !i.holds).count(), 2);
        (o.breaker, o.back_pressure) = (None, None);
        let read = |v1, v2| VersionsRead { v1, v2 };
        let mut e = Evolution {
            after_orders: Some(5),
            registered_id: Some(9),
            read: [
                ("order-service".to_string(), read(5, 6)),
                ("projection".to_string(), read(7, 5)),
            ]
            .into(),
            ..Evolution::default()
        };
        o.evolution = Some(e.clone());
        assert!(check(&o).iter().all(|i| i.holds));
        let both = check(&o)
            .into_iter()
            .find(|i| i.name.contains("both"))
            .unwrap();
        assert_eq!(
            both.detail,
            "every consumer here read v1 (5 or more) and v2 (5 or more) with v1's reader"
        );
        e.breaking = true;
        o.evolution = Some(e.clone());
        assert_eq!(check(&o).iter().filter(|i| !i.holds).count(), 1);
        e.registered_id = None;
        e.read = [("order-service".to_string(), read(10, 0))].into();
        o.evolution = Some(e.clone());
        assert!(check(&o).iter().all(|i| i.holds));
        // tried in another process: nothing judged here
        e.after_orders = None;
        o.evolution = Some(e);
        assert_eq!(check(&o).len(), 6);
        o.evolution = None;
        assert!(unchecked(&o).is_empty());
        o.statuses.push(None);
        o.statuses.push(Some(OrderStatus::Paid));
        o.duplicated_effects = vec![("charge", 2)];
        o.lowest_stock = Some(-1);
        o.dead_letters_read = 0;
        let broken: Vec<&str> = check(&o)
            .iter()
            .filter(|i| !i.holds)
            .map(|i| i.name)
            .collect();
        assert_eq!(broken.len(), 5, "{broken:?}");
        assert_eq!(check(&o)[0].detail, "2 of 4 terminal");
    }

    #[test]
    fn the_canary_agrees_or_its_planted_fault_is_caught() {
        let mut c = CanaryReport {
            service: "payment-service".into(),
            compared: 10,
            agreed: 10,
            ..CanaryReport::default()
        };
        let o = |c: &CanaryReport| Observed {
            canary: Some(c.clone()),
            ..Observed::default()
        };
        let judged = |c: &CanaryReport| {
            check(&o(c))
                .into_iter()
                .find(|i| i.name.contains("canary"))
                .unwrap()
        };
        assert!(judged(&c).holds);
        assert_eq!(judged(&c).detail, "10 of 10 decisions the same");
        (c.agreed, c.disagreed) = (7, 3);
        assert!(!judged(&c).holds);
        assert_eq!(judged(&c).detail, "3 of 10 decisions differ");
        c.fault = Some("decline-all".into());
        assert!(judged(&c).holds);
        (c.agreed, c.disagreed) = (10, 0);
        assert!(!judged(&c).holds);
        // judged in a cut-short run too
        let cut = Observed {
            cut_short: true,
            ..o(&c)
        };
        assert!(check(&cut).iter().any(|i| i.name.contains("canary")));
        // nothing compared: not agreement, not a failure either; said
        c.fault = None;
        (c.compared, c.agreed) = (0, 0);
        assert!(!check(&o(&c)).iter().any(|i| i.name.contains("canary")));
        assert_eq!(
            unchecked(&o(&c))[..1],
            [
                "the canary's comparison: no decision of payment-service was made by both sides \
              before it stopped"
            ]
        );
    }

    #[test]
    fn a_cut_short_run_judges_only_what_holds_at_any_moment() {
        let o = Observed {
            // one order still in flight, one never seen yet: not lost, just not finished
            statuses: vec![Some(OrderStatus::Shipped), Some(OrderStatus::Paid), None],
            duplicated_effects: vec![("charge", 0)],
            charges: 2,
            reservations: 1,
            shipments: 1,
            shipped_orders: 0,
            lowest_stock: Some(3),
            poison_sent: Some(1),
            dead_letters_written: Some(0),
            cut_short: true,
            ..Observed::default()
        };
        let judged: Vec<&str> = check(&o).iter().map(|i| i.name).collect();
        assert_eq!(
            judged,
            ["no side effect duplicated", "stock never negative"]
        );
        assert!(check(&o).iter().all(|i| i.holds));
        assert_eq!(
            unchecked(&o),
            NEED_A_FINISHED_RUN
                .iter()
                .map(|n| format!("{n}: the run was cut short with orders in flight"))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn what_ran_elsewhere_is_listed_not_guessed() {
        let o = Observed {
            dead_letters_read: 3,
            poison_dead_lettered: 1,
            ..Observed::default()
        };
        let names: Vec<&str> = check(&o).iter().map(|i| i.name).collect();
        assert!(!names.contains(&"stock never negative"));
        assert!(!names.contains(&"every DLQ record accounted for"));
        assert_eq!(unchecked(&o).len(), 2);
        // the gateway here, the services elsewhere: the malformed records are still checked
        let o = Observed {
            poison_sent: Some(2),
            poison_dead_lettered: 1,
            ..o
        };
        let dlq = check(&o)
            .into_iter()
            .find(|i| i.name == "every DLQ record accounted for")
            .unwrap();
        assert!(!dlq.holds);
        assert_eq!(dlq.detail, "1 of 2 malformed records dead-lettered");
    }
}
