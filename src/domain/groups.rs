//! Consumer groups as `group describe` shows them, and the arithmetic of `group reset`: where
//! each partition's committed offset goes, clamped into what the partition holds.
//!
//! Why pure: a reset moves a production group's position; every edge (a partition with no
//! commit, an offset past the end, a time after the newest record, a shift below the start)
//! is decided here and unit-tested, and the broker only reads numbers in and commits the plan.

use std::collections::BTreeMap;

use crate::domain::offsets::StartSpec;

/// One member of a group, as DescribeGroups answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupMember {
    pub id: String,
    pub client_id: String,
    pub host: String,
    /// (topic, partition) assigned to it, from the consumer protocol's assignment.
    pub assignment: Vec<(String, i32)>,
}

/// A group as DescribeGroups answers: Stable, Empty, PreparingRebalance, Dead, ...
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupDescription {
    pub name: String,
    pub state: String,
    pub protocol_type: String,
    /// The assignor (range, roundrobin, cooperative-sticky, ...).
    pub protocol: String,
    pub members: Vec<GroupMember>,
}

impl GroupDescription {
    /// A group the broker does not know (DescribeGroups answers Dead for it).
    pub fn is_unknown(&self) -> bool {
        self.state.eq_ignore_ascii_case("dead") && self.members.is_empty()
    }
}

/// The partitions in a consumer-protocol assignment (Kafka's ConsumerProtocolAssignment:
/// version i16, [topic string, [partition i32]], user data). Malformed bytes give what was
/// read before them: a member's assignment is shown, never trusted for a decision.
pub fn member_assignment(bytes: &[u8]) -> Vec<(String, i32)> {
    let mut r = Reader { b: bytes, at: 0 };
    let mut out = Vec::new();
    if r.i16().is_none() {
        return out;
    }
    let Some(topics) = r.i32() else { return out };
    for _ in 0..topics.max(0) {
        let Some(topic) = r.string() else { break };
        let Some(n) = r.i32() else { break };
        for _ in 0..n.max(0) {
            let Some(p) = r.i32() else { return out };
            out.push((topic.clone(), p));
        }
    }
    out
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.b.get(self.at..end)?;
        self.at = end;
        Some(s)
    }
    fn i16(&mut self) -> Option<i16> {
        self.take(2).map(|s| i16::from_be_bytes([s[0], s[1]]))
    }
    fn i32(&mut self) -> Option<i32> {
        self.take(4)
            .map(|s| i32::from_be_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn string(&mut self) -> Option<String> {
        let n = usize::try_from(self.i16()?).ok()?;
        self.take(n)
            .map(|s| String::from_utf8_lossy(s).into_owned())
    }
}

/// Where `group reset` moves each partition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResetTarget {
    /// `--to`: earliest, latest, an offset, a time (resolved per partition).
    To(StartSpec),
    /// `--shift-by ±N` from the committed offset.
    ShiftBy(i64),
    /// `--from-file`: an offset per partition.
    Exact(BTreeMap<(String, i32), i64>),
}

/// What one partition holds and where the group is in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionState {
    pub topic: String,
    pub partition: i32,
    pub current: Option<i64>,
    pub low: i64,
    pub high: i64,
    /// For a time target: the broker's first offset at or after the time (None: no record
    /// that late, which means the end).
    pub time_offset: Option<i64>,
}

/// An offset the partition does not hold, and where it went instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clamped {
    BeforeStart { asked: i64, low: i64 },
    PastEnd { asked: i64, high: i64 },
}

/// One partition's line of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRow {
    pub topic: String,
    pub partition: i32,
    pub current: Option<i64>,
    pub new: i64,
    pub low: i64,
    pub high: i64,
    pub clamped: Option<Clamped>,
}

impl PlanRow {
    /// new − current (None where the group had no offset).
    pub fn delta(&self) -> Option<i64> {
        self.current.map(|c| self.new - c)
    }
    /// The lag the group will have once the plan is applied.
    pub fn lag_after(&self) -> i64 {
        (self.high - self.new).max(0)
    }
}

/// Why no plan could be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    /// `--shift-by` on partitions without a committed offset: nothing to shift from.
    NothingToShift(Vec<(String, i32)>),
    /// `--from-file` names a partition that is not in the cluster.
    UnknownPartition(String, i32),
}

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NothingToShift(parts) => write!(
                f,
                "--shift-by: the group has no committed offset on {} to shift from; give those partitions a position with --to (e.g. --to earliest --topic {})",
                parts
                    .iter()
                    .map(|(t, p)| format!("{t}:{p}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                parts[0].0
            ),
            Self::UnknownPartition(t, p) => write!(
                f,
                "{t}:{p} is not a partition of the cluster (does the topic exist, with that many partitions?)"
            ),
        }
    }
}

/// The plan: one row per partition in scope, in topic and partition order.
pub fn plan(parts: &[PartitionState], target: &ResetTarget) -> Result<Vec<PlanRow>, PlanError> {
    if let ResetTarget::ShiftBy(_) = target {
        let without: Vec<(String, i32)> = parts
            .iter()
            .filter(|s| s.current.is_none())
            .map(|s| (s.topic.clone(), s.partition))
            .collect();
        if !without.is_empty() {
            return Err(PlanError::NothingToShift(without));
        }
    }
    if let ResetTarget::Exact(map) = target {
        if let Some((t, p)) = map
            .keys()
            .find(|k| !parts.iter().any(|s| s.topic == k.0 && s.partition == k.1))
        {
            return Err(PlanError::UnknownPartition(t.clone(), *p));
        }
    }
    let mut rows: Vec<PlanRow> = parts
        .iter()
        .filter_map(|s| {
            let asked = asked(s, target)?;
            let (new, clamped) = clamp(asked, s.low, s.high);
            Some(PlanRow {
                topic: s.topic.clone(),
                partition: s.partition,
                current: s.current,
                new,
                low: s.low,
                high: s.high,
                clamped,
            })
        })
        .collect();
    rows.sort_by(|a, b| (&a.topic, a.partition).cmp(&(&b.topic, b.partition)));
    Ok(rows)
}

/// The offset asked for one partition, before clamping (None: the file leaves it alone).
fn asked(s: &PartitionState, target: &ResetTarget) -> Option<i64> {
    match target {
        ResetTarget::To(spec) => Some(match spec {
            StartSpec::Beginning => s.low,
            StartSpec::End => s.high,
            StartSpec::Offset(n) => *n,
            StartSpec::AfterStart(n) => s.low.saturating_add(*n),
            StartSpec::BeforeEnd(n) => s.high.saturating_sub(*n),
            // a time after the newest record means the end
            StartSpec::Time(_) => s.time_offset.filter(|o| *o >= 0).unwrap_or(s.high),
        }),
        ResetTarget::ShiftBy(n) => s.current.map(|c| c.saturating_add(*n)),
        ResetTarget::Exact(map) => map.get(&(s.topic.clone(), s.partition)).copied(),
    }
}

fn clamp(asked: i64, low: i64, high: i64) -> (i64, Option<Clamped>) {
    let high = high.max(low);
    if asked < low {
        (low, Some(Clamped::BeforeStart { asked, low }))
    } else if asked > high {
        (high, Some(Clamped::PastEnd { asked, high }))
    } else {
        (asked, None)
    }
}

/// Reads an offsets file: Kafka's `topic,partition,offset` CSV (as `kafka-consumer-groups
/// --export` writes it), or evctl's JSON (a plan printed by `group reset -o json`, or the
/// backup `--execute` writes: `{"partitions":[{"topic","partition","offset"|"new"}]}`).
/// Errors name the line or entry.
pub fn parse_offsets_file(text: &str) -> Result<BTreeMap<(String, i32), i64>, String> {
    if text.trim_start().starts_with('{') {
        return parse_offsets_json(text);
    }
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        let bad = || {
            format!(
                "line {}: '{line}' is not topic,partition,offset (Kafka's reset CSV)",
                i + 1
            )
        };
        let [topic, partition, offset] = cells[..] else {
            return Err(bad());
        };
        if i == 0 && partition.parse::<i32>().is_err() {
            continue; // a header line
        }
        let p = partition.parse::<i32>().map_err(|_| bad())?;
        let o = offset.parse::<i64>().map_err(|_| bad())?;
        if topic.is_empty() || p < 0 || o < 0 {
            return Err(bad());
        }
        out.insert((topic.to_string(), p), o);
    }
    if out.is_empty() {
        return Err(
            "no offsets in it (expected topic,partition,offset lines or evctl's JSON plan)".into(),
        );
    }
    Ok(out)
}

fn parse_offsets_json(text: &str) -> Result<BTreeMap<(String, i32), i64>, String> {
    let v: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    let entries = v["partitions"]
        .as_array()
        .ok_or("no \"partitions\" array (expected evctl's plan or backup JSON)")?;
    let mut out = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        let topic = e["topic"].as_str();
        let partition = e["partition"].as_i64().and_then(|p| i32::try_from(p).ok());
        // a backup says "offset"; a saved plan says "new"
        let offset = e["offset"].as_i64().or_else(|| e["new"].as_i64());
        match (topic, partition, offset) {
            (Some(t), Some(p), Some(o)) if p >= 0 && o >= 0 => {
                out.insert((t.to_string(), p), o);
            }
            _ => {
                return Err(format!(
                    "partitions[{i}]: needs \"topic\", \"partition\" and \"offset\" (or \"new\"), got {e}"
                ))
            }
        }
    }
    if out.is_empty() {
        return Err("\"partitions\" is empty: no offsets to set (a backup of a group that had no committed offsets there)".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(p: i32, current: Option<i64>, low: i64, high: i64) -> PartitionState {
        PartitionState {
            topic: "t".into(),
            partition: p,
            current,
            low,
            high,
            time_offset: None,
        }
    }

    #[test]
    fn targets_resolve_per_partition_and_clamp_with_a_note() {
        let parts = [st(0, Some(50), 10, 100), st(1, None, 0, 5)];
        let to = |s| plan(&parts, &ResetTarget::To(s)).unwrap();
        let news = |rows: Vec<PlanRow>| rows.iter().map(|r| r.new).collect::<Vec<_>>();
        assert_eq!(news(to(StartSpec::Beginning)), [10, 0]);
        assert_eq!(news(to(StartSpec::End)), [100, 5]);
        let rows = to(StartSpec::Offset(7));
        assert_eq!(news(rows.clone()), [10, 5]);
        assert_eq!(
            rows[0].clamped,
            Some(Clamped::BeforeStart { asked: 7, low: 10 })
        );
        assert_eq!(
            rows[1].clamped,
            Some(Clamped::PastEnd { asked: 7, high: 5 })
        );
        assert_eq!(rows[0].delta(), Some(-40));
        assert_eq!(rows[1].delta(), None);
        assert_eq!(rows[0].lag_after(), 90);
    }

    #[test]
    fn a_time_after_the_newest_record_is_the_end() {
        let mut s = st(0, Some(3), 0, 9);
        s.time_offset = None;
        let rows = plan(&[s.clone()], &ResetTarget::To(StartSpec::Time(1))).unwrap();
        assert_eq!((rows[0].new, rows[0].clamped), (9, None));
        s.time_offset = Some(4);
        let rows = plan(&[s], &ResetTarget::To(StartSpec::Time(1))).unwrap();
        assert_eq!(rows[0].new, 4);
    }

    #[test]
    fn shift_needs_a_commit_and_clamps() {
        let rows = plan(&[st(0, Some(5), 2, 9)], &ResetTarget::ShiftBy(-10)).unwrap();
        assert_eq!(rows[0].new, 2);
        assert!(rows[0].clamped.is_some());
        let e = plan(&[st(3, None, 0, 9)], &ResetTarget::ShiftBy(1)).unwrap_err();
        assert!(e.to_string().contains("t:3"), "{e}");
    }

    #[test]
    fn a_file_sets_only_its_partitions_and_names_unknown_ones() {
        let map: BTreeMap<_, _> = [(("t".to_string(), 1), 3)].into();
        let rows = plan(
            &[st(0, Some(1), 0, 9), st(1, Some(1), 0, 9)],
            &ResetTarget::Exact(map),
        )
        .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].partition, rows[0].new), (1, 3));
        let map: BTreeMap<_, _> = [(("t".to_string(), 7), 3)].into();
        let e = plan(&[st(0, None, 0, 9)], &ResetTarget::Exact(map)).unwrap_err();
        assert_eq!(e, PlanError::UnknownPartition("t".into(), 7));
    }

    #[test]
    fn offsets_files_in_both_forms() {
        let csv = parse_offsets_file("topic,partition,offset\norders,0,5\n\norders,1,7\n").unwrap();
        assert_eq!(csv[&("orders".to_string(), 1)], 7);
        let e = parse_offsets_file("orders,0\n").unwrap_err();
        assert!(e.starts_with("line 1:"), "{e}");
        let json = parse_offsets_file(
            r#"{"group":"g","partitions":[{"topic":"o","partition":2,"offset":4},{"topic":"o","partition":3,"current":1,"new":9}]}"#,
        )
        .unwrap();
        assert_eq!(json.len(), 2);
        assert_eq!(json[&("o".to_string(), 3)], 9);
        let e = parse_offsets_file(r#"{"partitions":[{"topic":"o"}]}"#).unwrap_err();
        assert!(e.starts_with("partitions[0]"), "{e}");
    }

    #[test]
    fn assignments_parse_and_survive_bad_bytes() {
        let mut b = vec![
            0, 0, 0, 0, 0, 1, 0, 1, b't', 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 3,
        ];
        b.extend([0, 0, 0, 0]);
        assert_eq!(
            member_assignment(&b),
            [("t".to_string(), 0), ("t".to_string(), 3)]
        );
        for n in 0..b.len() {
            let _ = member_assignment(&b[..n]);
        }
        assert!(member_assignment(&[0, 0, 0x7f, 0xff, 0xff, 0xff]).is_empty());
    }
}
