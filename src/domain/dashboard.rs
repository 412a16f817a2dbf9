//! What `top`'s collector sends the screen once per refresh: every number of one moment.
//!
//! Why one plain value: the collector (broker I/O, in the background) and the screen (state
//! and drawing, in the foreground) then share nothing but this type, and the screen can be
//! tested by handing it snapshots (DESIGN §2, the gitui/bottom pattern).

use super::funnel::FunnelView;
use super::lag::GroupLag;

/// A topic's ends at one moment; the screen turns two of them into a rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicEnds {
    pub name: String,
    pub partitions: usize,
    /// Sum of the partitions' high watermarks (records ever written).
    pub end: i64,
    /// Records held now (high minus low).
    pub held: i64,
    /// Each partition's high watermark (the screen finds hot partitions from their rates).
    pub partition_ends: Vec<(i32, i64)>,
}

/// A dead-letter topic: how many records it holds and what its newest one says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DlqDepth {
    pub name: String,
    pub depth: i64,
    pub newest_error: Option<String>,
    pub newest_ms: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Snapshot {
    pub at_ms: i64,
    /// Where the numbers come from (the brokers).
    pub source: String,
    pub groups: Vec<GroupLag>,
    pub topics: Vec<TopicEnds>,
    pub dlqs: Vec<DlqDepth>,
    pub funnel: Option<FunnelView>,
    /// Counters no topic shows (the simulation's retries, duplicates, ...), by name.
    pub counters: Vec<(String, u64)>,
    /// Said once on the screen's status line (e.g. the embedded broker cannot list groups).
    pub notes: Vec<String>,
    /// The collector's last failure; the screen keeps the numbers it had and shows this.
    pub error: Option<String>,
}
