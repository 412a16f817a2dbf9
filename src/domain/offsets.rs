//! The offset grammar of `--from` / `--until` (DESIGN §5), parsed once and resolved per
//! partition against that partition's watermarks.
//!
//! Why a grammar of its own: kcat's `-o` and rpk's `-o` each cover part of what people ask
//! ("the last 10 records", "everything since 5 minutes ago", "up to this offset"); keeping the
//! parse and the arithmetic pure means every edge (empty partitions, offsets past the end,
//! timestamps after the last record) is unit-tested without a broker.

use std::fmt;
use std::time::Duration;

/// Shown in every error so a user can fix the value without opening the docs.
/// A read position the broker no longer had (retention deleted it): the client moved the
/// partition's read on, to the earliest record kept or to the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetReset {
    pub topic: String,
    pub partition: i32,
    /// The offset the read was at (None when the client did not say).
    pub at: Option<i64>,
    /// The read goes on from the end (auto.offset.reset=latest), not the earliest kept.
    pub to_end: bool,
}

pub const START_GRAMMAR: &str = "start | end | <offset> | +<n> (n after the start) | -<n> (n before the end) | @<RFC3339 time> | @-<duration> (e.g. @-5m)";
pub const END_GRAMMAR: &str = "end | <offset> (exclusive) | @<RFC3339 time> | @-<duration>";

/// Where a read starts, before it is applied to a partition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartSpec {
    Beginning,
    End,
    /// An absolute offset, clamped into `[low, high]`.
    Offset(i64),
    /// `+n`: n records after the partition's first offset.
    AfterStart(i64),
    /// `-n`: n records before the partition's end.
    BeforeEnd(i64),
    /// The first record whose timestamp is at or after this time (ms since the epoch).
    Time(i64),
}

/// Where a bounded read stops (exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndSpec {
    /// The high watermark captured when the read starts.
    End,
    Offset(i64),
    Time(i64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetSpecError {
    pub input: String,
    pub reason: String,
    pub grammar: &'static str,
}

impl fmt::Display for OffsetSpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid offset '{}': {}; expected {}",
            self.input, self.reason, self.grammar
        )
    }
}

impl std::error::Error for OffsetSpecError {}

/// `@<RFC3339>` or `@-<duration>`, made absolute against `now_ms`.
fn parse_time(rest: &str, now_ms: i64) -> Result<i64, String> {
    if let Some(ago) = rest.strip_prefix('-') {
        let d: Duration =
            humantime::parse_duration(ago).map_err(|e| format!("bad duration: {e}"))?;
        let ms = i64::try_from(d.as_millis()).map_err(|_| "duration too large".to_string())?;
        return Ok(now_ms.saturating_sub(ms));
    }
    chrono::DateTime::parse_from_rfc3339(rest)
        .map(|t| t.timestamp_millis())
        .map_err(|e| format!("bad RFC3339 time: {e}"))
}

fn parse_count(digits: &str) -> Result<i64, String> {
    digits
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 0)
        .ok_or_else(|| format!("'{digits}' is not a non-negative whole number"))
}

impl StartSpec {
    /// Parses a `--from` value; relative times are resolved against `now_ms` here so that
    /// every partition sees the same instant.
    pub fn parse(input: &str, now_ms: i64) -> Result<Self, OffsetSpecError> {
        let err = |reason: String| OffsetSpecError {
            input: input.to_string(),
            reason,
            grammar: START_GRAMMAR,
        };
        let s = input.trim();
        match s {
            "" => Err(err("empty".into())),
            "start" | "beginning" | "earliest" | "oldest" => Ok(Self::Beginning),
            "end" | "latest" | "newest" => Ok(Self::End),
            _ => {
                if let Some(rest) = s.strip_prefix('@') {
                    parse_time(rest, now_ms).map(Self::Time).map_err(err)
                } else if let Some(n) = s.strip_prefix('+') {
                    parse_count(n).map(Self::AfterStart).map_err(err)
                } else if let Some(n) = s.strip_prefix('-') {
                    parse_count(n).map(Self::BeforeEnd).map_err(err)
                } else {
                    parse_count(s).map(Self::Offset).map_err(err)
                }
            }
        }
    }

    /// The first offset to read in a partition holding `[low, high)`. `time_offset` is the
    /// broker's answer to "first offset at or after the time" (None or negative: no such record).
    pub fn resolve(self, low: i64, high: i64, time_offset: Option<i64>) -> i64 {
        let pos = match self {
            Self::Beginning => low,
            Self::End => high,
            Self::Offset(n) => n,
            Self::AfterStart(n) => low.saturating_add(n),
            Self::BeforeEnd(n) => high.saturating_sub(n),
            Self::Time(_) => match time_offset {
                Some(o) if o >= 0 => o,
                _ => high,
            },
        };
        pos.clamp(low, high.max(low))
    }
}

/// An absolute `--from` offset the partition does not hold, and where the read starts
/// instead: never moved without a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartMoved {
    /// Before the earliest record kept (deleted by retention or compaction, or never
    /// written): the read starts at `low`; `low - asked` offsets are not there to read.
    BeforeStart { asked: i64, low: i64 },
    /// Past the end: the read starts at the end, `high`.
    PastEnd { asked: i64, high: i64 },
}

impl StartSpec {
    /// Where an absolute offset was moved into `[low, high]`, if it was.
    pub fn moved(self, low: i64, high: i64) -> Option<StartMoved> {
        match self {
            Self::Offset(asked) if asked < low => Some(StartMoved::BeforeStart { asked, low }),
            Self::Offset(asked) if asked > high.max(low) => Some(StartMoved::PastEnd {
                asked,
                high: high.max(low),
            }),
            _ => None,
        }
    }
}

impl EndSpec {
    pub fn parse(input: &str, now_ms: i64) -> Result<Self, OffsetSpecError> {
        let err = |reason: String| OffsetSpecError {
            input: input.to_string(),
            reason,
            grammar: END_GRAMMAR,
        };
        let s = input.trim();
        match s {
            "end" | "latest" => Ok(Self::End),
            "" => Err(err("empty".into())),
            _ => {
                if let Some(rest) = s.strip_prefix('@') {
                    parse_time(rest, now_ms).map(Self::Time).map_err(err)
                } else {
                    parse_count(s).map(Self::Offset).map_err(err)
                }
            }
        }
    }

    /// The exclusive end offset in a partition whose high watermark was `high` at start.
    pub fn resolve(self, high: i64, time_offset: Option<i64>) -> i64 {
        match self {
            Self::End => high,
            Self::Offset(n) => n.min(high),
            Self::Time(_) => match time_offset {
                Some(o) if o >= 0 => o.min(high),
                _ => high,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_700_000_000_000;

    #[test]
    fn parses_every_start_form() {
        assert_eq!(StartSpec::parse("start", NOW), Ok(StartSpec::Beginning));
        assert_eq!(StartSpec::parse("end", NOW), Ok(StartSpec::End));
        assert_eq!(StartSpec::parse("42", NOW), Ok(StartSpec::Offset(42)));
        assert_eq!(StartSpec::parse("+3", NOW), Ok(StartSpec::AfterStart(3)));
        assert_eq!(StartSpec::parse("-10", NOW), Ok(StartSpec::BeforeEnd(10)));
        assert_eq!(
            StartSpec::parse("@2023-11-14T22:13:20Z", NOW),
            Ok(StartSpec::Time(1_700_000_000_000))
        );
        assert_eq!(
            StartSpec::parse("@-5m", NOW),
            Ok(StartSpec::Time(NOW - 300_000))
        );
    }

    #[test]
    fn rejects_garbage_and_shows_the_grammar() {
        for bad in [
            "",
            "soon",
            "+x",
            "-",
            "@yesterday",
            "@-5 parsecs",
            "1.5",
            "+-3",
        ] {
            let e = StartSpec::parse(bad, NOW).unwrap_err();
            assert!(e.to_string().contains("expected start | end"), "{e}");
        }
        let e = EndSpec::parse("-3", NOW).unwrap_err();
        assert!(e.to_string().contains("expected end |"), "{e}");
    }

    #[test]
    fn start_resolution_clamps_into_the_partition() {
        // partition holds offsets 100..200
        assert_eq!(StartSpec::Beginning.resolve(100, 200, None), 100);
        assert_eq!(StartSpec::End.resolve(100, 200, None), 200);
        assert_eq!(StartSpec::Offset(5).resolve(100, 200, None), 100);
        assert_eq!(StartSpec::Offset(150).resolve(100, 200, None), 150);
        assert_eq!(StartSpec::Offset(500).resolve(100, 200, None), 200);
        // and a moved offset is said, never silent
        assert_eq!(
            StartSpec::Offset(5).moved(100, 200),
            Some(StartMoved::BeforeStart { asked: 5, low: 100 })
        );
        assert_eq!(StartSpec::Offset(150).moved(100, 200), None);
        assert_eq!(StartSpec::Offset(200).moved(100, 200), None);
        assert_eq!(
            StartSpec::Offset(500).moved(100, 200),
            Some(StartMoved::PastEnd {
                asked: 500,
                high: 200
            })
        );
        assert_eq!(StartSpec::Beginning.moved(100, 200), None);
        assert_eq!(StartSpec::AfterStart(10).resolve(100, 200, None), 110);
        assert_eq!(StartSpec::AfterStart(1000).resolve(100, 200, None), 200);
        assert_eq!(StartSpec::BeforeEnd(10).resolve(100, 200, None), 190);
        assert_eq!(StartSpec::BeforeEnd(1000).resolve(100, 200, None), 100);
        assert_eq!(StartSpec::Time(0).resolve(100, 200, Some(120)), 120);
        assert_eq!(StartSpec::Time(0).resolve(100, 200, Some(-1)), 200);
        assert_eq!(StartSpec::Time(0).resolve(100, 200, None), 200);
        // empty partition
        assert_eq!(StartSpec::BeforeEnd(5).resolve(0, 0, None), 0);
    }

    #[test]
    fn end_resolution_never_passes_the_captured_watermark() {
        assert_eq!(EndSpec::End.resolve(200, None), 200);
        assert_eq!(EndSpec::Offset(150).resolve(200, None), 150);
        assert_eq!(EndSpec::Offset(900).resolve(200, None), 200);
        assert_eq!(EndSpec::Time(0).resolve(200, Some(170)), 170);
        assert_eq!(EndSpec::Time(0).resolve(200, Some(-1)), 200);
    }
}
