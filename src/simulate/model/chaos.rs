//! The seeded fault plan of `simulate --chaos`: what goes wrong, and when (by how many
//! orders the gateway has sent, so a plan means the same at any speed).
//!
//! Broker faults need the embedded broker (the mock can be told to fail); on a real cluster
//! the plan keeps the faults evctl can cause itself: a member crash, duplicate deliveries and
//! a payment provider outage.

use super::services::{chance, ServiceKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The broker refuses connections for this long, then comes back.
    BrokerDown { millis: u64 },
    /// The next produce requests fail with a retriable error.
    ProduceErrors { count: usize },
    /// The next fetch requests fail with a retriable error.
    FetchErrors { count: usize },
    /// One member of the service dies without committing what it handled, and is restarted.
    MemberCrash { service: ServiceKind },
    /// The gateway sends the next orders twice (same eventId).
    Duplicates { count: u64 },
    /// The payment provider fails every call for this long (payment-service's circuit
    /// breaker opens; its events wait).
    ProviderOutage { millis: u64 },
    /// With transactions: a member of the service aborts its next transaction (its outputs
    /// are discarded and its inputs read again).
    AbortTransaction { service: ServiceKind },
}

impl Fault {
    pub fn describe(&self) -> String {
        match self {
            Fault::BrokerDown { millis } => format!("broker down for {millis} ms"),
            Fault::ProduceErrors { count } => format!("{count} produce requests fail"),
            Fault::FetchErrors { count } => format!("{count} fetch requests fail"),
            Fault::MemberCrash { service } => format!("a {} member crashes", service.name()),
            Fault::Duplicates { count } => {
                format!("the orders among the next {count} records are sent twice")
            }
            Fault::ProviderOutage { millis } => {
                format!("the payment provider is down for {millis} ms")
            }
            Fault::AbortTransaction { service } => {
                format!("a {} member aborts a transaction", service.name())
            }
        }
    }
}

/// How long the planted payment provider outage lasts.
pub const PROVIDER_OUTAGE_MS: u64 = 1_500;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Planned {
    /// When the gateway has sent this many records (the provider outage: when payment-service
    /// has handled this many payment requests).
    pub after: u64,
    pub fault: Fault,
}

/// The plan for a run of `orders` orders; `broker_faults` when the broker can be made to fail,
/// `transactions` when the members use them.
pub fn plan(seed: u64, orders: u64, broker_faults: bool, transactions: bool) -> Vec<Planned> {
    let at = |what: &str, from: f64, to: f64| {
        let f = from + chance(seed, &["chaos", what]) * (to - from);
        (orders as f64 * f) as u64
    };
    let crash = ServiceKind::ALL[(chance(seed, &["chaos", "victim"]) * 4.0) as usize % 4];
    let mut p = vec![
        Planned {
            after: at("crash", 0.3, 0.5),
            fault: Fault::MemberCrash { service: crash },
        },
        Planned {
            after: at("dup", 0.5, 0.7),
            fault: Fault::Duplicates {
                count: (orders / 50).clamp(1, 2_000),
            },
        },
        Planned {
            after: at("provider", 0.35, 0.55),
            fault: Fault::ProviderOutage {
                millis: PROVIDER_OUTAGE_MS,
            },
        },
    ];
    if broker_faults {
        p.push(Planned {
            after: at("down", 0.1, 0.3),
            fault: Fault::BrokerDown { millis: 1_000 },
        });
        p.push(Planned {
            after: at("produce", 0.6, 0.8),
            fault: Fault::ProduceErrors { count: 5 },
        });
        p.push(Planned {
            after: at("fetch", 0.6, 0.8),
            fault: Fault::FetchErrors { count: 5 },
        });
    }
    if transactions {
        let victim = ServiceKind::ALL[(chance(seed, &["chaos", "abort"]) * 4.0) as usize % 4];
        p.push(Planned {
            after: at("abort", 0.2, 0.6),
            fault: Fault::AbortTransaction { service: victim },
        });
    }
    p.sort_by_key(|f| f.after);
    p
}

/// The records the gateway sends twice under a plan: its duplicates fault is carried out by the
/// gateway itself, by record number, so it happens however fast the orders go out (a
/// watcher that fired it after the fact found a burst already sent, and nothing was doubled).
pub fn duplicated_records(plan: &[Planned]) -> std::ops::Range<u64> {
    plan.iter()
        .find_map(|p| match p.fault {
            Fault::Duplicates { count } => Some(p.after..p.after + count),
            _ => None,
        })
        .unwrap_or(0..0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_are_seeded_ordered_and_inside_the_run() {
        let a = plan(3, 10_000, true, false);
        assert_eq!(a, plan(3, 10_000, true, false));
        assert_eq!(a.len(), 6);
        assert!(a.windows(2).all(|w| w[0].after <= w[1].after));
        assert!(a.iter().all(|f| f.after > 0 && f.after < 10_000));
        let real = plan(3, 10_000, false, false);
        assert_eq!(real.len(), 3);
        assert!(real.iter().all(|f| matches!(
            f.fault,
            Fault::MemberCrash { .. } | Fault::Duplicates { .. } | Fault::ProviderOutage { .. }
        )));
        let txn = plan(3, 10_000, false, true);
        assert_eq!(txn.len(), 4);
        assert!(txn
            .iter()
            .any(|f| matches!(f.fault, Fault::AbortTransaction { .. })));
    }

    #[test]
    fn the_duplicated_records_are_the_plans_window() {
        let p = plan(3, 10_000, true, false);
        let dup = p
            .iter()
            .find(|f| matches!(f.fault, Fault::Duplicates { .. }))
            .unwrap();
        let twice = duplicated_records(&p);
        assert_eq!(twice.start, dup.after);
        assert_eq!(twice.end - twice.start, 200); // 10,000 / 50
        assert!(duplicated_records(&[]).is_empty());
    }
}
