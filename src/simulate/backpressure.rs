//! `--max-in-flight N`: the gateway's back-pressure (article §6.3). An order goes out only
//! while fewer than N orders are unfinished (sent, and not yet terminal in the read model);
//! otherwise the gateway, or the `POST /orders` that brought it, waits for room. Without it
//! a gateway faster than the pipeline queues orders in the topics and every order's latency
//! grows with the queue; with it the queue is at most N orders long and the wait moves to the
//! front door, where the report shows it.

use crate::simulate::model::report::BackPressure;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The longest a held order waits for news before it looks at the stop flag again.
const LOOK_EVERY: Duration = Duration::from_millis(50);

/// How many orders have finished (the read model's terminal count): `(known, wait)` waits up
/// to `wait` for the count to pass `known` (woken by the projection as orders finish), then
/// reads it; a zero wait only reads.
pub(super) type Finished = Box<dyn Fn(u64, Duration) -> u64 + Send + Sync>;

pub(super) struct Throttle {
    finished: Finished,
    state: Mutex<Gate>,
}

#[derive(Default)]
struct Gate {
    admitted: u64,
    /// The finished count when last read: reading it takes the read model's lock, so it is
    /// read again only when the stale figure says the pipeline is full.
    finished: u64,
    tally: BackPressure,
}

impl Gate {
    fn in_flight(&self) -> u64 {
        self.admitted.saturating_sub(self.finished)
    }
}

impl Throttle {
    pub(super) fn new(max_in_flight: u64, finished: Finished) -> Self {
        let tally = BackPressure {
            max_in_flight,
            ..BackPressure::default()
        };
        Self {
            finished,
            state: Mutex::new(Gate {
                tally,
                ..Gate::default()
            }),
        }
    }

    /// Lets one order go, once fewer than the maximum are unfinished; false when `stop` was
    /// set while it waited (the order does not go).
    pub(super) fn admit(&self, stop: &AtomicBool) -> bool {
        let Ok(mut g) = self.state.lock() else {
            return false;
        };
        let max = g.tally.max_in_flight;
        if g.in_flight() >= max {
            g.finished = (self.finished)(g.finished, Duration::ZERO);
        }
        if g.in_flight() >= max {
            let since = Instant::now();
            while g.in_flight() >= max {
                if stop.load(Ordering::Relaxed) {
                    return false;
                }
                g.finished = (self.finished)(g.finished, LOOK_EVERY);
            }
            g.tally.holds += 1;
            g.tally.held_ms += since.elapsed().as_millis() as u64;
        }
        g.admitted += 1;
        g.tally.peak_in_flight = g.tally.peak_in_flight.max(g.in_flight());
        true
    }

    /// An admitted order that did not go out after all (a POST that could not be queued).
    pub(super) fn void(&self) {
        if let Ok(mut g) = self.state.lock() {
            g.admitted = g.admitted.saturating_sub(1);
        }
    }

    pub(super) fn tally(&self) -> BackPressure {
        self.state.lock().map(|g| g.tally).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU64;
    use std::sync::Arc;

    #[test]
    fn holds_at_the_maximum_until_an_order_finishes() {
        let done = Arc::new(AtomicU64::new(0));
        let seen = Arc::clone(&done);
        let t = Arc::new(Throttle::new(
            2,
            Box::new(move |_, wait| {
                if !wait.is_zero() {
                    std::thread::yield_now();
                }
                seen.load(Ordering::Relaxed)
            }),
        ));
        let stop = AtomicBool::new(false);
        assert!(t.admit(&stop) && t.admit(&stop));
        assert_eq!(t.tally().holds, 0);
        let (t2, release) = (Arc::clone(&t), Arc::clone(&done));
        let third = std::thread::spawn(move || t2.admit(&AtomicBool::new(false)));
        // the third waits until the test finishes one
        while t.state.try_lock().is_ok() {
            std::thread::yield_now();
        }
        release.store(1, Ordering::Relaxed);
        assert!(third.join().unwrap());
        let tally = t.tally();
        assert_eq!((tally.holds, tally.peak_in_flight), (1, 2));
        // voided: room again without anything finishing
        t.void();
        assert!(t.admit(&stop));
    }

    #[test]
    fn a_stop_ends_the_wait_and_the_order_does_not_go() {
        let t = Throttle::new(1, Box::new(|_, _| 0));
        let stop = AtomicBool::new(false);
        assert!(t.admit(&stop));
        stop.store(true, Ordering::Relaxed);
        assert!(!t.admit(&stop));
        assert_eq!(t.tally().peak_in_flight, 1);
    }
}
