//! Consumer lag: in messages, in seconds, and a status over a window of samples in the spirit
//! of Burrow's evaluator. `lag` and `top` will both take their numbers from here, so they
//! cannot disagree.
//!
//! Why pure: the rules (a stalled consumer, one that stopped, one falling behind, one that was
//! rewound) are about numbers sampled over time; the clock is passed in, never read.

/// How far a group's committed offset is behind a partition's end, in messages. A partition
/// the group never committed counts from its first offset (all of it is unconsumed).
pub fn lag_messages(committed: Option<i64>, low: i64, high: i64) -> i64 {
    (high - committed.unwrap_or(low).max(low)).max(0)
}

/// How far behind in time: now minus the timestamp of the first unconsumed record (the one at
/// the committed offset). Zero when nothing is unconsumed; None when that record's time is not
/// known.
pub fn lag_seconds(now_ms: i64, lag: i64, first_unconsumed_ts: Option<i64>) -> Option<f64> {
    if lag == 0 {
        return Some(0.0);
    }
    first_unconsumed_ts.map(|ts| ((now_ms - ts).max(0)) as f64 / 1000.0)
}

/// One observation of a partition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sample {
    pub at_ms: i64,
    pub committed: Option<i64>,
    pub lag: i64,
}

/// A partition's health, as Burrow names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Status {
    /// Caught up at some point in the window, or catching up.
    Ok,
    /// Committing, but the lag grew between every pair of samples: falling behind.
    Warn,
    /// Lag, and the committed offset did not move in the window while samples kept coming.
    Stall,
    /// Lag, and no commit for longer than the window spans.
    Stop,
    /// The committed offset went backwards.
    Rewind,
    /// The numbers could not be read.
    Err,
}

/// The status of a window of samples (oldest first). `last_commit_ms`: when the committed
/// offset last changed, where known.
pub fn evaluate(window: &[Sample], now_ms: i64, last_commit_ms: Option<i64>) -> Status {
    let Some(last) = window.last() else {
        return Status::Err;
    };
    if window.iter().any(|s| s.lag == 0) {
        return Status::Ok;
    }
    let rewound = window
        .windows(2)
        .any(|w| matches!((w[0].committed, w[1].committed), (Some(a), Some(b)) if b < a));
    if rewound {
        return Status::Rewind;
    }
    let first = window[0];
    let span = last.at_ms - first.at_ms;
    if window.len() < 2 || span <= 0 {
        // one sample says how far behind, not how it is going
        return Status::Ok;
    }
    if last.committed == first.committed {
        let idle = last_commit_ms.map_or(span, |c| now_ms - c);
        return if idle > span {
            Status::Stop
        } else {
            Status::Stall
        };
    }
    let growing = window.windows(2).all(|w| w[1].lag >= w[0].lag);
    if growing && last.lag > first.lag {
        Status::Warn
    } else {
        Status::Ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(at: i64, committed: i64, lag: i64) -> Sample {
        Sample {
            at_ms: at,
            committed: Some(committed),
            lag,
        }
    }

    #[test]
    fn lag_counts_from_the_commit_or_the_start() {
        assert_eq!(lag_messages(Some(90), 0, 100), 10);
        assert_eq!(lag_messages(None, 40, 100), 60);
        // a commit below the log start (records deleted) counts from the start
        assert_eq!(lag_messages(Some(10), 40, 100), 60);
        assert_eq!(lag_messages(Some(120), 0, 100), 0);
        assert_eq!(lag_seconds(10_000, 5, Some(4_000)), Some(6.0));
        assert_eq!(lag_seconds(10_000, 0, None), Some(0.0));
        assert_eq!(lag_seconds(10_000, 5, None), None);
    }

    #[test]
    fn the_window_decides_the_status() {
        // caught up once: OK
        assert_eq!(
            evaluate(&[s(0, 10, 5), s(1000, 15, 0)], 1000, None),
            Status::Ok
        );
        // committing but falling behind: WARN
        assert_eq!(
            evaluate(&[s(0, 10, 5), s(1000, 12, 8), s(2000, 14, 11)], 2000, None),
            Status::Warn
        );
        // catching up: OK
        assert_eq!(
            evaluate(&[s(0, 10, 9), s(1000, 15, 4)], 1000, None),
            Status::Ok
        );
        // not moving, the last commit recent: STALL; long ago: STOP
        let flat = [s(0, 10, 5), s(1000, 10, 7)];
        assert_eq!(evaluate(&flat, 1000, Some(500)), Status::Stall);
        assert_eq!(evaluate(&flat, 60_000, Some(0)), Status::Stop);
        // went backwards: REWIND
        assert_eq!(
            evaluate(&[s(0, 10, 5), s(1000, 3, 12)], 1000, None),
            Status::Rewind
        );
        // nothing to judge
        assert_eq!(evaluate(&[], 0, None), Status::Err);
        assert_eq!(evaluate(&[s(0, 10, 5)], 0, None), Status::Ok);
    }
}
