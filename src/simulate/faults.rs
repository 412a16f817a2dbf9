//! Drives the `--chaos` plan: fires each fault when its moment comes, records what happened.

use super::members::ServiceRun;
use crate::broker::embedded::{EmbeddedCluster, FailedRequest};
use crate::simulate::model::chaos;
use crate::simulate::model::report::ChaosEvent;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};
use tracing::info;

/// Applies the `--chaos` plan as the gateway progresses, and keeps the record of it.
pub(super) struct ChaosDriver {
    pub(super) plan: std::collections::VecDeque<chaos::Planned>,
    /// The payment provider outage: fired by payments handled, not records sent (a fast
    /// gateway has sent most orders before the first payment is asked for).
    provider: Option<chaos::Planned>,
    provider_armed: bool,
    pub(super) broker_back_at: Option<Instant>,
    pub(super) start: Instant,
    pub(super) events: Vec<ChaosEvent>,
}

impl ChaosDriver {
    pub(super) fn new(plan: Vec<chaos::Planned>) -> Self {
        let (provider, plan): (Vec<_>, Vec<_>) = plan
            .into_iter()
            .partition(|p| matches!(p.fault, chaos::Fault::ProviderOutage { .. }));
        Self {
            provider: provider.into_iter().next(),
            provider_armed: false,
            plan: plan.into(),
            broker_back_at: None,
            start: Instant::now(),
            events: Vec::new(),
        }
    }

    pub(super) fn note(&mut self, what: String) {
        let at_ms = self.start.elapsed().as_millis() as u64;
        info!(at_ms, "chaos: {what}");
        self.events.push(ChaosEvent { at_ms, what });
    }

    /// Fires every fault whose moment has come (`sent`: records the gateway has sent).
    pub(super) fn tick(
        &mut self,
        sent: u64,
        cluster: Option<&EmbeddedCluster>,
        services: &[ServiceRun],
    ) -> anyhow::Result<()> {
        if let (Some(at), Some(c)) = (self.broker_back_at, cluster) {
            if Instant::now() >= at {
                c.set_broker_up(true)?;
                self.broker_back_at = None;
                self.note("broker back up".into());
            }
        }
        self.provider_outage(services);
        while self.plan.front().is_some_and(|p| p.after <= sent) {
            let Some(p) = self.plan.pop_front() else {
                break;
            };
            match (p.fault, cluster) {
                (chaos::Fault::BrokerDown { millis }, Some(c)) => {
                    c.set_broker_up(false)?;
                    self.broker_back_at = Some(Instant::now() + Duration::from_millis(millis));
                }
                (chaos::Fault::ProduceErrors { count }, Some(c)) => {
                    c.push_request_errors(FailedRequest::Produce, count)
                }
                (chaos::Fault::FetchErrors { count }, Some(c)) => {
                    c.push_request_errors(FailedRequest::Fetch, count)
                }
                (chaos::Fault::MemberCrash { service }, _) => {
                    if let Some(s) = services.iter().find(|s| s.kind == service) {
                        s.crash.store(true, Ordering::Relaxed);
                    }
                }
                // (taken out of the queue by `new`)
                (chaos::Fault::ProviderOutage { .. }, _) => {}
                (chaos::Fault::AbortTransaction { service }, _) => {
                    if let Some(s) = services.iter().find(|s| s.kind == service) {
                        s.abort.store(true, Ordering::Relaxed);
                    }
                }
                // sent by the gateway itself, at its record number (`duplicated_records`)
                (chaos::Fault::Duplicates { .. }, _) => {}
                // broker faults are only planned with the embedded broker
                (_, None) => continue,
            }
            self.note(format!("after {} records: {}", p.after, p.fault.describe()));
        }
        Ok(())
    }

    /// Plants the provider outage once payment-service has handled its share of the payments.
    fn provider_outage(&mut self, services: &[ServiceRun]) {
        let Some(payment) = services.iter().find(|s| s.provider.is_some()) else {
            return;
        };
        let Some(provider) = &payment.provider else {
            return;
        };
        // armed at the first tick, by call count (a tick could come after the last payment)
        if let Some(chaos::Planned {
            after,
            fault: chaos::Fault::ProviderOutage { millis },
        }) = self.provider
        {
            if !self.provider_armed {
                provider.arm_outage(after, millis);
                self.provider_armed = true;
            }
        }
        if provider.outages.load(Ordering::Relaxed) == 0 {
            return;
        }
        let Some(p) = self.provider.take() else {
            return;
        };
        self.note(format!(
            "after {} payments: {}",
            p.after,
            p.fault.describe()
        ));
    }

    /// Brings the broker back if the run ended while it was down, and notes the duplicates.
    pub(super) fn finish(
        &mut self,
        cluster: Option<&EmbeddedCluster>,
        duplicated: u64,
    ) -> anyhow::Result<()> {
        if let (Some(_), Some(c)) = (self.broker_back_at.take(), cluster) {
            c.set_broker_up(true)?;
        }
        if duplicated > 0 {
            self.note(format!("{duplicated} orders were sent twice"));
        }
        for p in std::mem::take(&mut self.plan)
            .into_iter()
            .chain(self.provider.take())
        {
            self.note(format!("not reached: {}", p.fault.describe()));
        }
        Ok(())
    }
}
