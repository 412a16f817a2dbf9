//! `--evolve` / `--evolve-breaking` (article §5.3, §9.2): halfway through the run the
//! gateway's process registers OrderCreated's next version through the registry's
//! compatibility check. Accepted, the gateway writes v2 from its next order on while every
//! consumer keeps v1's reader (the codec reads v2 as v1's reader does); refused (409), v1
//! stays. What each local consumer read of each version goes into the report.

use super::codec::{Codec, Evolved};
use super::members::ServiceRun;
use super::readmodel::ReadModel;
use crate::simulate::model::report::{Evolution, VersionsRead};
use crate::simulate::model::services::ServiceKind;
use crate::simulate::Evolve;
use std::collections::BTreeMap;
use std::sync::atomic::Ordering;
use tracing::{info, warn};

/// The next version to try, when, and (once tried) what the registry said.
pub(super) struct Evolving {
    breaking: bool,
    /// Tried once the gateway has given out this many record numbers.
    at: u64,
    tried: Option<(u64, Evolved)>,
}

impl Evolving {
    /// Halfway through `orders`; `gateway`: it runs here (elsewhere, this process only
    /// counts what its consumers read).
    pub(super) fn new(evolve: Evolve, orders: u64, gateway: bool) -> Self {
        Self {
            breaking: evolve == Evolve::Breaking,
            at: if gateway { orders / 2 } else { u64::MAX },
            tried: None,
        }
    }

    /// The record number at which the gateway tries it.
    pub(super) fn at(&self) -> u64 {
        self.at
    }

    /// Tries the next version once the gateway has reached the halfway mark (`numbers` given
    /// out, `orders` of them orders).
    pub(super) fn tick(&mut self, codec: &Codec, numbers: u64, orders: u64) -> anyhow::Result<()> {
        if self.tried.is_some() || numbers < self.at {
            return Ok(());
        }
        let answer = codec.evolve(self.breaking)?;
        match &answer {
            Evolved::Registered(id) => info!(
                id,
                orders,
                breaking = self.breaking,
                "order.created v2 registered"
            ),
            Evolved::Refused(why) => {
                warn!(orders, reason = %why, "the registry refused order.created v2")
            }
        }
        self.tried = Some((orders, answer));
        Ok(())
    }

    /// The report's part: what was tried, and what every local consumer read.
    pub(super) fn report(&self, services: &[ServiceRun], model: Option<&ReadModel>) -> Evolution {
        let mut read = BTreeMap::new();
        for svc in services.iter().filter(|s| s.kind == ServiceKind::Order) {
            let [v1, v2] = &svc.counters.created_versions;
            let (v1, v2) = (v1.load(Ordering::Relaxed), v2.load(Ordering::Relaxed));
            read.insert(svc.kind.name().to_string(), VersionsRead { v1, v2 });
        }
        if let Some(m) = model {
            let [v1, v2] = m.created_versions;
            read.insert("projection".to_string(), VersionsRead { v1, v2 });
        }
        let (after_orders, registered_id, refused) = match &self.tried {
            None => (None, None, None),
            Some((n, Evolved::Registered(id))) => (Some(*n), Some(*id), None),
            Some((n, Evolved::Refused(why))) => (Some(*n), None, Some(why.clone())),
        };
        Evolution {
            breaking: self.breaking,
            after_orders,
            registered_id,
            refused,
            read,
        }
    }
}
