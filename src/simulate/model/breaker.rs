//! The payment service's circuit breaker (the article's checklist: "circuit breakers for
//! external calls"), as pure state: the members ask it before calling the payment provider
//! and tell it how the call went; the clock is passed in.
//!
//! Closed: calls go through; `failures` consecutive failures open it. Open: calls are refused
//! (the event waits, it is not retried against a provider that is down) until `cooldown` has
//! passed; then half-open: one trial call goes through, the others wait for its result. A
//! success closes the breaker, a failure opens it again.
//!
//! What it judges the provider by: calls that find it unavailable. One payment's timeout
//! (`--failure-rate`) is that request's error, retried with back-off as before, and neither
//! opens nor closes the breaker (as resilience4j's ignored exceptions): at a 30% timeout rate a
//! breaker counting them would be open most of the time for a provider that answers.
//!
//! Why it also decides whose fault a failure is: a failure that opens (or re-opens) the
//! breaker, or that comes back while it is open, is the provider's, not the event's, so it
//! does not count against the event's `--max-retries` and the event is not dead-lettered for
//! an outage. With `failures` at most `--max-retries`, an event fails at most `failures - 1`
//! counted calls in a row before the breaker opens.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakerState {
    Closed,
    Open,
    HalfOpen,
}

impl BreakerState {
    pub fn name(self) -> &'static str {
        match self {
            BreakerState::Closed => "closed",
            BreakerState::Open => "open",
            BreakerState::HalfOpen => "half-open",
        }
    }
}

/// A change of state, at epoch ms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub at_ms: i64,
    pub to: BreakerState,
}

/// What the breaker says to a call about to be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permit {
    Call,
    /// Refused: ask again after this many ms.
    Wait(u64),
}

/// Whose fault a failed call was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blame {
    /// The event's: it counts against its retries.
    Event,
    /// The provider's (the breaker opened on it, or was open): the event waits, uncounted.
    Provider,
}

/// A half-open breaker's other callers ask again this often while the trial call runs.
const TRIAL_POLL_MS: u64 = 5;

#[derive(Debug, Clone)]
pub struct Breaker {
    failures: u32,
    cooldown_ms: i64,
    state: BreakerState,
    consecutive: u32,
    opened_at: i64,
    /// Half-open: the trial call has been let through and has not answered yet.
    trial_out: bool,
    pub transitions: Vec<Transition>,
    /// Calls refused while open or half-open: calls the failing provider was spared.
    pub refused: u64,
}

impl Breaker {
    /// Opens after `failures` consecutive failures (at least 1), half-opens `cooldown_ms` later.
    pub fn new(failures: u32, cooldown_ms: u64) -> Self {
        Self {
            failures: failures.max(1),
            cooldown_ms: i64::try_from(cooldown_ms).unwrap_or(i64::MAX),
            state: BreakerState::Closed,
            consecutive: 0,
            opened_at: 0,
            trial_out: false,
            transitions: Vec::new(),
            refused: 0,
        }
    }

    #[cfg(test)]
    pub fn state(&self) -> BreakerState {
        self.state
    }

    fn go(&mut self, to: BreakerState, now: i64) {
        self.state = to;
        self.transitions.push(Transition { at_ms: now, to });
    }

    /// May a call be made now?
    pub fn permit(&mut self, now: i64) -> Permit {
        match self.state {
            BreakerState::Closed => Permit::Call,
            BreakerState::Open if now >= self.opened_at.saturating_add(self.cooldown_ms) => {
                self.go(BreakerState::HalfOpen, now);
                self.trial_out = true;
                Permit::Call
            }
            BreakerState::Open => {
                self.refused += 1;
                let left = self.opened_at.saturating_add(self.cooldown_ms) - now;
                Permit::Wait(u64::try_from(left).unwrap_or(1).max(1))
            }
            BreakerState::HalfOpen if !self.trial_out => {
                self.trial_out = true;
                Permit::Call
            }
            BreakerState::HalfOpen => {
                self.refused += 1;
                Permit::Wait(TRIAL_POLL_MS)
            }
        }
    }

    /// A permitted call succeeded.
    pub fn succeeded(&mut self, now: i64) {
        self.consecutive = 0;
        self.trial_out = false;
        if self.state != BreakerState::Closed {
            self.go(BreakerState::Closed, now);
        }
    }

    /// A permitted call ended in an error the breaker does not judge the provider by (one
    /// payment's timeout): neither a success nor a failure, but a half-open breaker may try
    /// again.
    pub fn ignored(&mut self) {
        self.trial_out = false;
    }

    /// A permitted call failed: whose fault it is.
    pub fn failed(&mut self, now: i64) -> Blame {
        self.consecutive = self.consecutive.saturating_add(1);
        match self.state {
            BreakerState::Closed if self.consecutive < self.failures => Blame::Event,
            // a call let through before the breaker opened, answering late
            BreakerState::Open => Blame::Provider,
            BreakerState::Closed | BreakerState::HalfOpen => {
                self.trial_out = false;
                self.opened_at = now;
                self.go(BreakerState::Open, now);
                Blame::Provider
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_after_the_failures_half_opens_after_the_cooldown_and_closes_on_success() {
        let mut b = Breaker::new(3, 100);
        assert_eq!(b.permit(0), Permit::Call);
        assert_eq!(b.failed(1), Blame::Event);
        assert_eq!(b.failed(2), Blame::Event);
        assert_eq!(b.failed(3), Blame::Provider);
        assert_eq!(b.state(), BreakerState::Open);
        assert_eq!(b.permit(50), Permit::Wait(53));
        assert_eq!(b.permit(103), Permit::Call);
        assert_eq!(b.state(), BreakerState::HalfOpen);
        // one trial at a time
        assert_eq!(b.permit(104), Permit::Wait(TRIAL_POLL_MS));
        b.succeeded(110);
        assert_eq!(b.state(), BreakerState::Closed);
        assert_eq!(b.permit(111), Permit::Call);
        assert_eq!(b.refused, 2);
        let states: Vec<(i64, BreakerState)> =
            b.transitions.iter().map(|t| (t.at_ms, t.to)).collect();
        assert_eq!(
            states,
            [
                (3, BreakerState::Open),
                (103, BreakerState::HalfOpen),
                (110, BreakerState::Closed)
            ]
        );
    }

    #[test]
    fn a_failed_trial_opens_it_again_and_is_the_providers_fault() {
        let mut b = Breaker::new(1, 10);
        assert_eq!(b.failed(0), Blame::Provider);
        assert_eq!(b.permit(10), Permit::Call);
        assert_eq!(b.failed(12), Blame::Provider);
        assert_eq!(b.state(), BreakerState::Open);
        assert_eq!(b.permit(15), Permit::Wait(7));
        // a call let through before it opened, failing late: the provider's too
        assert_eq!(b.failed(16), Blame::Provider);
        assert_eq!(b.permit(22), Permit::Call);
        b.succeeded(23);
        assert_eq!(b.transitions.len(), 5);
    }

    #[test]
    fn an_ignored_error_lets_a_half_open_breaker_try_again() {
        let mut b = Breaker::new(1, 10);
        b.failed(0);
        assert_eq!(b.permit(10), Permit::Call);
        assert_eq!(b.permit(11), Permit::Wait(TRIAL_POLL_MS));
        b.ignored();
        assert_eq!(b.permit(12), Permit::Call);
        assert_eq!(b.state(), BreakerState::HalfOpen);
    }

    #[test]
    fn a_success_resets_the_count() {
        let mut b = Breaker::new(2, 10);
        assert_eq!(b.failed(0), Blame::Event);
        b.succeeded(1);
        assert_eq!(b.failed(2), Blame::Event);
        assert_eq!(b.state(), BreakerState::Closed);
        assert!(b.transitions.is_empty());
    }
}
