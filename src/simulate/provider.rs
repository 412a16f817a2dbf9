//! The payment provider payment-service calls (simulated), behind the circuit breaker of
//! [`Breaker`]. Its outages are planted by `--chaos` (while one lasts every call fails, and
//! the breaker counts them); the seeded timeouts of `--failure-rate` are single requests'
//! errors, which the breaker ignores. The members of the service share
//! one provider and one breaker, as the worker threads of one service process would.

use crate::simulate::model::breaker::{Blame, Breaker, Permit};
use crate::simulate::model::report::{BreakerChange, BreakerReport};
use crate::simulate::model::services::Decision;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Why a call failed while the provider was down: the reason a dead letter would carry.
pub(super) const PROVIDER_DOWN: &str = "payment provider unavailable";

/// The longest one wait for the breaker lasts before the stop flag is looked at again.
const WAIT_AT_MOST: Duration = Duration::from_millis(50);

pub(super) struct Provider {
    /// Epoch ms until which every call fails (0: up).
    down_until: AtomicI64,
    pub(super) outages: AtomicU64,
    /// `--chaos`: the call at which an outage of `armed_ms` begins (u64::MAX: none), and the
    /// calls made so far: planted by call count, it always meets payments.
    armed_at: AtomicU64,
    armed_ms: AtomicU64,
    calls: AtomicU64,
    /// None: `--breaker-failures 0`, every call goes through.
    breaker: Option<Mutex<Breaker>>,
    failures_to_open: u32,
    cooldown_ms: u64,
}

impl Provider {
    pub(super) fn new(failures_to_open: u32, cooldown: Duration) -> Self {
        let cooldown_ms = u64::try_from(cooldown.as_millis()).unwrap_or(u64::MAX);
        Self {
            down_until: AtomicI64::new(0),
            outages: AtomicU64::new(0),
            armed_at: AtomicU64::new(u64::MAX),
            armed_ms: AtomicU64::new(0),
            calls: AtomicU64::new(0),
            breaker: (failures_to_open > 0)
                .then(|| Mutex::new(Breaker::new(failures_to_open, cooldown_ms))),
            failures_to_open,
            cooldown_ms,
        }
    }

    /// `--chaos`: every call fails for the next `millis`.
    pub(super) fn outage(&self, now: i64, millis: u64) {
        self.outages.fetch_add(1, Ordering::Relaxed);
        let until = now.saturating_add(i64::try_from(millis).unwrap_or(i64::MAX));
        self.down_until.store(until, Ordering::Relaxed);
    }

    /// `--chaos`: an outage of `millis` begins at call number `at`.
    pub(super) fn arm_outage(&self, at: u64, millis: u64) {
        self.armed_ms.store(millis, Ordering::Relaxed);
        self.armed_at.store(at, Ordering::Relaxed);
    }

    /// Waits until the breaker lets a call through (at once when closed); false when `stop`
    /// was set meanwhile.
    pub(super) fn wait_for_permit(&self, now: impl Fn() -> i64, stop: &AtomicBool) -> bool {
        let Some(b) = &self.breaker else {
            return true;
        };
        loop {
            let permit = match b.lock() {
                Ok(mut b) => b.permit(now()),
                Err(_) => return true,
            };
            match permit {
                Permit::Call => return true,
                Permit::Wait(_) if stop.load(Ordering::Relaxed) => return false,
                Permit::Wait(ms) => std::thread::sleep(Duration::from_millis(ms).min(WAIT_AT_MOST)),
            }
        }
    }

    /// Makes a permitted call: `call` is the service's handling of the event, which fails
    /// by itself on a seeded timeout; while the provider is down the call fails without
    /// reaching it. Tells the breaker, and says whose fault a failure was.
    pub(super) fn call(&self, now: i64, call: impl FnOnce() -> Decision) -> (Decision, Blame) {
        if self.calls.fetch_add(1, Ordering::Relaxed) == self.armed_at.load(Ordering::Relaxed) {
            self.outage(now, self.armed_ms.load(Ordering::Relaxed));
        }
        let down = now < self.down_until.load(Ordering::Relaxed);
        let decision = if down {
            Decision::Retry(PROVIDER_DOWN.into())
        } else {
            call()
        };
        let Some(Ok(mut b)) = self.breaker.as_ref().map(Mutex::lock) else {
            return (decision, Blame::Event);
        };
        let blame = match &decision {
            _ if down => b.failed(now),
            // one payment's timeout: that request's error, not the provider's state
            Decision::Retry(_) => {
                b.ignored();
                Blame::Event
            }
            _ => {
                b.succeeded(now);
                Blame::Event
            }
        };
        (decision, blame)
    }

    /// What the breaker did, with times from `origin_ms`: None while it never left closed
    /// and no outage was planted.
    pub(super) fn report(
        &self,
        origin_ms: i64,
        dead_lettered_for_outage: u64,
    ) -> Option<BreakerReport> {
        let outages = self.outages.load(Ordering::Relaxed);
        let (transitions, calls_spared) = match &self.breaker {
            Some(b) => b.lock().map_or((Vec::new(), 0), |b| {
                let changes = b
                    .transitions
                    .iter()
                    .map(|t| BreakerChange {
                        at_ms: u64::try_from(t.at_ms - origin_ms).unwrap_or(0),
                        to: t.to.name().to_string(),
                    })
                    .collect();
                (changes, b.refused)
            }),
            None => (Vec::new(), 0),
        };
        if outages == 0 && transitions.is_empty() {
            return None;
        }
        Some(BreakerReport {
            failures_to_open: self.failures_to_open,
            cooldown_ms: self.cooldown_ms,
            transitions,
            calls_spared,
            outages,
            dead_lettered_for_outage,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outage_fails_calls_without_reaching_the_service_and_opens_the_breaker() {
        let p = Provider::new(2, Duration::from_millis(100));
        p.outage(1_000, 500);
        let mut reached = 0;
        let mut call = |now| {
            p.call(now, || {
                reached += 1;
                Decision::Emit(Vec::new())
            })
        };
        assert_eq!(
            call(1_001),
            (Decision::Retry(PROVIDER_DOWN.into()), Blame::Event)
        );
        assert_eq!(call(1_002).1, Blame::Provider);
        assert_eq!(call(1_600), (Decision::Emit(Vec::new()), Blame::Event));
        assert_eq!(reached, 1);
        let r = p.report(1_000, 0).unwrap();
        let states: Vec<&str> = r.transitions.iter().map(|t| t.to.as_str()).collect();
        assert_eq!(states, ["open", "closed"]);
        assert_eq!((r.transitions[0].at_ms, r.outages), (2, 1));
    }

    #[test]
    fn without_a_breaker_every_failure_is_the_events_and_calls_never_wait() {
        let p = Provider::new(0, Duration::from_millis(100));
        let stop = AtomicBool::new(true);
        assert!(p.wait_for_permit(|| 0, &stop));
        p.outage(0, 10);
        for now in 0..5 {
            assert_eq!(p.call(now, || Decision::Emit(Vec::new())).1, Blame::Event);
        }
        assert_eq!(p.report(0, 3).unwrap().dead_lettered_for_outage, 3);
        assert!(Provider::new(3, Duration::from_millis(10))
            .report(0, 0)
            .is_none());
    }

    #[test]
    fn one_payments_timeout_leaves_the_breaker_alone() {
        let p = Provider::new(1, Duration::from_millis(100));
        for now in 0..5 {
            let (d, blame) = p.call(now, || Decision::Retry("timed out".into()));
            assert_eq!(
                (d, blame),
                (Decision::Retry("timed out".into()), Blame::Event)
            );
        }
        assert!(p.report(0, 0).is_none(), "the breaker never left closed");
    }

    #[test]
    fn an_open_breaker_holds_the_call_until_stop() {
        let p = Provider::new(1, Duration::from_millis(60_000));
        p.outage(0, 10);
        let _ = p.call(0, || Decision::Emit(Vec::new()));
        let stop = AtomicBool::new(true);
        assert!(!p.wait_for_permit(|| 1, &stop));
    }
}
