//! Dead letters: where a DLQ record came from (its provenance headers, in the three conventions
//! people meet), where a replay sends it, and the headers a replayed record carries.
//!
//! Why pure: the conventions disagree on encodings (Spring writes the partition as a 4-byte
//! big-endian int and offsets as 8-byte longs; evctl and Kafka Connect write text), and a replay
//! that misreads one sends records to the wrong place. Every case is unit-tested here.

use super::envelope::Header;
use super::topics::dlq_origin;

/// Which convention a record's provenance came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Convention {
    /// `dlq.original.*`, `dlq.error`, ... (evctl's simulation, DESIGN §4).
    Evctl,
    /// Spring Kafka's `kafka_dlt-*`.
    Spring,
    /// Kafka Connect's `__connect.errors.*`.
    Connect,
    /// No provenance headers.
    None,
}

/// The consumer group an unfiltered `dlq replay` keeps its progress in: what `dlq list` and the
/// lag exporter read to tell replayed records from pending ones.
pub fn replay_group(dlq: &str) -> String {
    format!("evctl-dlq-replay-{dlq}")
}

/// A DLQ's records: all of them, those the replay group has not passed yet, and the rest.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Backlog {
    pub depth: u64,
    pub pending: u64,
    pub replayed: u64,
}

/// Counts a DLQ's backlog from each partition's (low, high) watermarks and the replay group's
/// committed offset there (None: never replayed). `depth` is what the caller counted (records
/// read, or the watermarks' span); pending never exceeds it.
pub fn backlog(depth: u64, parts: &[((i64, i64), Option<i64>)]) -> Backlog {
    let pending: u64 = parts
        .iter()
        .map(|&((low, high), committed)| {
            u64::try_from(super::lag::lag_messages(committed, low, high)).unwrap_or(0)
        })
        .sum();
    let pending = pending.min(depth);
    Backlog {
        depth,
        pending,
        replayed: depth - pending,
    }
}

/// What a DLQ record says about its origin and its failure.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Provenance {
    pub convention: Convention,
    pub topic: Option<String>,
    pub partition: Option<i32>,
    pub offset: Option<i64>,
    /// The original record's timestamp (Spring), ms.
    pub timestamp: Option<i64>,
    pub error: Option<String>,
    pub attempts: Option<u32>,
    /// When it was dead-lettered, as the header says it.
    pub failed_at: Option<String>,
    pub group: Option<String>,
}

fn text(v: Option<&[u8]>) -> Option<String> {
    v.map(|b| String::from_utf8_lossy(b).trim().to_string())
        .filter(|s| !s.is_empty())
}

/// A number written as text, or (Spring) as big-endian bytes of the given width.
fn number(v: Option<&[u8]>, width: usize) -> Option<i64> {
    let b = v?;
    if width > 0 && b.len() == width {
        let mut buf = [0u8; 8];
        buf[8 - width..].copy_from_slice(b);
        let n = i64::from_be_bytes(buf);
        // sign-extend a 4-byte int
        return Some(if width == 4 {
            i64::from(n as u32 as i32)
        } else {
            n
        });
    }
    std::str::from_utf8(b).ok()?.trim().parse().ok()
}

fn get<'a>(headers: &'a [Header<'a>], name: &str) -> Option<&'a [u8]> {
    // the last one wins: a record dead-lettered twice keeps its earlier headers before them
    headers
        .iter()
        .rev()
        .find(|(n, _)| *n == name)
        .and_then(|(_, v)| *v)
}

/// A dead letter's headers: the record's own, all of them (an earlier dead-lettering's
/// `dlq.*` included: its history stays), then this one's provenance, which [`provenance`]
/// reads first (the last of a name wins).
pub fn dead_letter_headers<'a>(
    existing: &[Header<'a>],
    provenance: [(&'a str, &'a [u8]); 7],
) -> Vec<Header<'a>> {
    let mut out = Vec::with_capacity(existing.len() + provenance.len());
    out.extend_from_slice(existing);
    out.extend(provenance.iter().map(|(n, v)| (*n, Some(*v))));
    out
}

/// Reads a DLQ record's provenance: evctl's headers first, then Spring's, then Connect's.
pub fn provenance(headers: &[Header<'_>]) -> Provenance {
    let h = |n: &str| get(headers, n);
    if let Some(topic) = text(h("dlq.original.topic")) {
        return Provenance {
            convention: Convention::Evctl,
            topic: Some(topic),
            partition: number(h("dlq.original.partition"), 0).and_then(|p| i32::try_from(p).ok()),
            offset: number(h("dlq.original.offset"), 0),
            timestamp: None,
            error: text(h("dlq.error")),
            attempts: number(h("dlq.attempts"), 0).and_then(|a| u32::try_from(a).ok()),
            failed_at: text(h("dlq.failed.at")),
            group: text(h("dlq.consumer.group")),
        };
    }
    if let Some(topic) = text(h("kafka_dlt-original-topic")) {
        return Provenance {
            convention: Convention::Spring,
            topic: Some(topic),
            partition: number(h("kafka_dlt-original-partition"), 4)
                .and_then(|p| i32::try_from(p).ok()),
            offset: number(h("kafka_dlt-original-offset"), 8),
            timestamp: number(h("kafka_dlt-original-timestamp"), 8),
            error: text(h("kafka_dlt-exception-message")),
            attempts: None,
            failed_at: None,
            group: text(h("kafka_dlt-original-consumer-group")),
        };
    }
    if let Some(topic) = text(h("__connect.errors.topic")) {
        return Provenance {
            convention: Convention::Connect,
            topic: Some(topic),
            partition: number(h("__connect.errors.partition"), 0)
                .and_then(|p| i32::try_from(p).ok()),
            offset: number(h("__connect.errors.offset"), 0),
            timestamp: None,
            error: text(h("__connect.errors.exception.message")),
            attempts: None,
            failed_at: None,
            group: text(h("__connect.errors.connector.name")),
        };
    }
    Provenance {
        convention: Convention::None,
        topic: None,
        partition: None,
        offset: None,
        timestamp: None,
        error: text(h("dlq.error")),
        attempts: None,
        failed_at: None,
        group: None,
    }
}

/// Headers that describe a dead-lettering (dropped on replay: the replayed record is new).
pub fn is_provenance_header(name: &str) -> bool {
    name.starts_with("dlq.")
        || name.starts_with("kafka_dlt-")
        || name.starts_with("__connect.errors.")
}

/// Where a replay sends a DLQ record: its recorded origin, else `--to`, else the DLQ's name
/// without its suffix; None when none of these exists.
pub fn destination(p: &Provenance, to: Option<&str>, dlq: &str) -> Option<String> {
    p.topic
        .clone()
        .or_else(|| to.map(str::to_string))
        .or_else(|| dlq_origin(dlq).map(str::to_string))
}

pub const REPLAY_COUNT: &str = "replay.count";
pub const REPLAY_OF: &str = "replay.of";

/// How many times a record has been replayed already (its `replay.count`, 0 when absent).
pub fn replay_count(headers: &[Header<'_>]) -> u32 {
    number(get(headers, REPLAY_COUNT), 0)
        .and_then(|n| u32::try_from(n).ok())
        .unwrap_or(0)
}

/// `DLQ/partition@offset`: what a replayed record says it was.
pub fn replay_of(dlq: &str, partition: i32, offset: i64) -> String {
    format!("{dlq}/{partition}@{offset}")
}

/// The (partition, offset) of a `replay.of` value written for `dlq`; None for another DLQ's.
pub fn parse_replay_of(value: &[u8], dlq: &str) -> Option<(i32, i64)> {
    let s = std::str::from_utf8(value).ok()?;
    let rest = s.strip_prefix(dlq)?.strip_prefix('/')?;
    let (p, o) = rest.split_once('@')?;
    Some((p.parse().ok()?, o.parse().ok()?))
}

/// The headers of a replayed record: the DLQ record's own minus provenance and earlier
/// replay marks, plus `replay.count` (incremented) and `replay.of`.
pub fn replay_headers(
    headers: &[Header<'_>],
    dlq: &str,
    partition: i32,
    offset: i64,
) -> Vec<(String, Option<Vec<u8>>)> {
    let count = replay_count(headers) + 1;
    let mut out: Vec<(String, Option<Vec<u8>>)> = headers
        .iter()
        .filter(|(n, _)| !is_provenance_header(n) && *n != REPLAY_COUNT && *n != REPLAY_OF)
        .map(|(n, v)| (n.to_string(), v.map(<[u8]>::to_vec)))
        .collect();
    out.push((REPLAY_COUNT.into(), Some(count.to_string().into_bytes())));
    out.push((
        REPLAY_OF.into(),
        Some(replay_of(dlq, partition, offset).into_bytes()),
    ));
    out
}

/// An age bucket for a dry run's plan.
pub fn age_bucket(age_ms: i64) -> &'static str {
    const MIN: i64 = 60_000;
    match age_ms {
        a if a < 5 * MIN => "< 5m",
        a if a < 60 * MIN => "5m-1h",
        a if a < 24 * 60 * MIN => "1h-1d",
        a if a < 7 * 24 * 60 * MIN => "1d-7d",
        _ => ">= 7d",
    }
}

/// Where each destination partition's log ended when a replay began sending to it: noted
/// beside the replay group's commits, so that the next run reads destinations back only from
/// there (every record sent since, by a run killed before it could commit, is past it).
pub type DestinationEnds = std::collections::BTreeMap<String, std::collections::BTreeMap<i32, i64>>;

/// The note's tag and version.
const ENDS_TAG: &str = "evctl-replay-ends/1 ";

/// Kafka keeps at most `offset.metadata.max.bytes` (4096 by default) beside an offset.
const ENDS_MAX: usize = 4000;

/// `evctl-replay-ends/1 orders=0:12,1:40;payments=0:7`; None when too long to keep (the
/// next run then reads the destinations from the start, as without a note).
pub fn encode_ends(ends: &DestinationEnds) -> Option<String> {
    let topics: Vec<String> = ends
        .iter()
        .map(|(t, parts)| {
            let ps: Vec<String> = parts.iter().map(|(p, o)| format!("{p}:{o}")).collect();
            format!("{t}={}", ps.join(","))
        })
        .collect();
    let text = format!("{ENDS_TAG}{}", topics.join(";"));
    (text.len() <= ENDS_MAX).then_some(text)
}

/// Reads a note written by [`encode_ends`]; None for anything else.
pub fn decode_ends(note: &[u8]) -> Option<DestinationEnds> {
    let text = std::str::from_utf8(note).ok()?.strip_prefix(ENDS_TAG)?;
    let mut out = DestinationEnds::new();
    for topic in text.split(';').filter(|t| !t.is_empty()) {
        let (name, parts) = topic.split_once('=')?;
        let entry = out.entry(name.to_string()).or_default();
        for part in parts.split(',').filter(|p| !p.is_empty()) {
            let (p, o) = part.split_once(':')?;
            entry.insert(p.parse().ok()?, o.parse().ok()?);
        }
    }
    Some(out)
}

/// Where to read the destinations back from, given each committed DLQ partition's note: per
/// destination partition the lowest of the notes. None (read from the start) when a committed
/// partition carries no note of ours (a run of an older evctl, or another tool, committed it).
/// Partitions never committed add nothing: whatever sent their records began after the run
/// that wrote the notes.
pub fn readback_starts<'a>(notes: impl IntoIterator<Item = &'a [u8]>) -> Option<DestinationEnds> {
    let mut out = DestinationEnds::new();
    for note in notes {
        for (topic, parts) in decode_ends(note)? {
            let entry = out.entry(topic).or_default();
            for (p, o) in parts {
                let low = entry.entry(p).or_insert(o);
                *low = (*low).min(o);
            }
        }
    }
    Some(out)
}

/// What a run may note with its commits: for each destination it read back, its ends then,
/// unless the read-back found records an earlier (killed) run sent — then the start it read
/// from stays (none: from the beginning), so the next run finds them too; destinations it
/// has not met keep the earlier note's start.
pub fn ends_to_note(
    earlier: &DestinationEnds,
    read_back: &std::collections::BTreeMap<String, (std::collections::BTreeMap<i32, i64>, bool)>,
) -> DestinationEnds {
    let mut out = earlier.clone();
    for (topic, (ends, earlier_sends_pending)) in read_back {
        if *earlier_sends_pending {
            continue;
        }
        out.insert(topic.clone(), ends.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destination_ends_round_trip_and_merge_to_the_lowest() {
        let mut a = DestinationEnds::new();
        a.entry("orders".into())
            .or_default()
            .extend([(0, 12), (1, 40)]);
        a.entry("pay".into()).or_default().insert(0, 7);
        let text = encode_ends(&a).unwrap();
        assert_eq!(text, "evctl-replay-ends/1 orders=0:12,1:40;pay=0:7");
        assert_eq!(decode_ends(text.as_bytes()), Some(a.clone()));
        let other = b"evctl-replay-ends/1 orders=0:5,1:50".to_vec();
        let low = readback_starts([text.as_bytes(), other.as_slice()]).unwrap();
        assert_eq!(low["orders"][&0], 5);
        assert_eq!(low["orders"][&1], 40);
        assert_eq!(low["pay"][&0], 7);
        // a commit another tool made, or bytes that are not ours: read from the start
        assert!(readback_starts([text.as_bytes(), b"\xff\x00".as_slice()]).is_none());
        assert!(readback_starts([b"".as_slice()]).is_none());
        assert_eq!(
            readback_starts(std::iter::empty()),
            Some(DestinationEnds::new())
        );
    }

    #[test]
    fn a_note_too_long_for_kafka_is_not_written() {
        let mut big = DestinationEnds::new();
        big.entry("t".into())
            .or_default()
            .extend((0..1000).map(|p| (p, 1_000_000)));
        assert!(encode_ends(&big).is_none());
    }

    #[test]
    fn the_note_keeps_earlier_starts_while_earlier_sends_are_pending() {
        let mut earlier = DestinationEnds::new();
        earlier.entry("a".into()).or_default().insert(0, 3);
        earlier.entry("b".into()).or_default().insert(0, 9);
        let mut seen = std::collections::BTreeMap::new();
        seen.insert("a".to_string(), ([(0, 20)].into_iter().collect(), true));
        seen.insert("c".to_string(), ([(0, 5)].into_iter().collect(), false));
        let note = ends_to_note(&earlier, &seen);
        assert_eq!(
            note["a"][&0], 3,
            "a mark past the commit: keep where it was read from"
        );
        assert_eq!(note["b"][&0], 9, "not met: kept");
        assert_eq!(note["c"][&0], 5);
    }

    #[test]
    fn evctl_headers_are_text() {
        let h: Vec<Header<'_>> = vec![
            ("eventId", Some(b"e-1")),
            ("dlq.original.topic", Some(b"payment.requested")),
            ("dlq.original.partition", Some(b"3")),
            ("dlq.original.offset", Some(b"1207")),
            ("dlq.error", Some(b"payment gateway timed out")),
            ("dlq.attempts", Some(b"4")),
            ("dlq.failed.at", Some(b"1795312637898")),
            ("dlq.consumer.group", Some(b"evctl-sim-x.payment-service")),
        ];
        let p = provenance(&h);
        assert_eq!(p.convention, Convention::Evctl);
        assert_eq!(p.topic.as_deref(), Some("payment.requested"));
        assert_eq!(
            (p.partition, p.offset, p.attempts),
            (Some(3), Some(1207), Some(4))
        );
        assert_eq!(p.error.as_deref(), Some("payment gateway timed out"));
        assert_eq!(p.group.as_deref(), Some("evctl-sim-x.payment-service"));
        let out = replay_headers(&h, "payment.requested.dlq", 0, 9);
        let names: Vec<&str> = out.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["eventId", "replay.count", "replay.of"]);
        assert_eq!(out[1].1.as_deref(), Some(&b"1"[..]));
        assert_eq!(out[2].1.as_deref(), Some(&b"payment.requested.dlq/0@9"[..]));
    }

    #[test]
    fn spring_writes_binary_numbers() {
        let part = 7i32.to_be_bytes();
        let off = 123_456_789_012i64.to_be_bytes();
        let ts = 1_795_312_637_898i64.to_be_bytes();
        let h: Vec<Header<'_>> = vec![
            ("kafka_dlt-original-topic", Some(b"orders")),
            ("kafka_dlt-original-partition", Some(&part)),
            ("kafka_dlt-original-offset", Some(&off)),
            ("kafka_dlt-original-timestamp", Some(&ts)),
            (
                "kafka_dlt-exception-message",
                Some(b"Listener failed; nested: NPE"),
            ),
        ];
        let p = provenance(&h);
        assert_eq!(p.convention, Convention::Spring);
        assert_eq!(p.partition, Some(7));
        assert_eq!(p.offset, Some(123_456_789_012));
        assert_eq!(p.timestamp, Some(1_795_312_637_898));
        assert_eq!(p.error.as_deref(), Some("Listener failed; nested: NPE"));
        assert!(replay_headers(&h, "orders.DLT", 0, 1)
            .iter()
            .all(|(n, _)| !n.starts_with("kafka_dlt-")));
        // a negative int stays negative
        let neg = (-1i32).to_be_bytes();
        assert_eq!(number(Some(&neg), 4), Some(-1));
    }

    #[test]
    fn connect_headers_are_text_and_no_headers_fall_back_to_the_name() {
        let h: Vec<Header<'_>> = vec![
            ("__connect.errors.topic", Some(b"clicks")),
            ("__connect.errors.partition", Some(b"2")),
            ("__connect.errors.offset", Some(b"44")),
            (
                "__connect.errors.exception.message",
                Some(b"Converter failed"),
            ),
        ];
        let p = provenance(&h);
        assert_eq!(p.convention, Convention::Connect);
        assert_eq!(
            (p.topic.as_deref(), p.partition, p.offset),
            (Some("clicks"), Some(2), Some(44))
        );
        assert_eq!(
            destination(&p, Some("elsewhere"), "x.dlq").as_deref(),
            Some("clicks")
        );
        let none = provenance(&[]);
        assert_eq!(none.convention, Convention::None);
        assert_eq!(
            destination(&none, Some("fixed"), "x.dlq").as_deref(),
            Some("fixed")
        );
        assert_eq!(destination(&none, None, "x.dlq").as_deref(), Some("x"));
        assert_eq!(destination(&none, None, "plain"), None);
    }

    #[test]
    fn replays_count_up_and_name_what_they_were() {
        let h: Vec<Header<'_>> = vec![
            ("replay.count", Some(b"2")),
            ("replay.of", Some(b"old/0@1")),
        ];
        assert_eq!(replay_count(&h), 2);
        let out = replay_headers(&h, "d.dlq", 1, 5);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].1.as_deref(), Some(&b"3"[..]));
        assert_eq!(parse_replay_of(b"d.dlq/1@5", "d.dlq"), Some((1, 5)));
        assert_eq!(parse_replay_of(b"other.dlq/1@5", "d.dlq"), None);
        assert_eq!(parse_replay_of(b"d.dlq/x@5", "d.dlq"), None);
        assert_eq!(age_bucket(1000), "< 5m");
        assert_eq!(age_bucket(2 * 86_400_000), "1d-7d");
    }

    #[test]
    fn dead_lettering_twice_keeps_the_first_provenance_and_reads_the_second() {
        let first = dead_letter_headers(
            &[("eventId", Some(&b"e-1"[..]))],
            [
                ("dlq.original.topic", b"payment.requested"),
                ("dlq.original.partition", b"1"),
                ("dlq.original.offset", b"10"),
                ("dlq.error", b"timeout"),
                ("dlq.attempts", b"4"),
                ("dlq.failed.at", b"1"),
                ("dlq.consumer.group", b"g"),
            ],
        );
        let second = dead_letter_headers(
            &first,
            [
                ("dlq.original.topic", b"payment.requested.retry"),
                ("dlq.original.partition", b"0"),
                ("dlq.original.offset", b"3"),
                ("dlq.error", b"declined"),
                ("dlq.attempts", b"1"),
                ("dlq.failed.at", b"2"),
                ("dlq.consumer.group", b"g"),
            ],
        );
        assert_eq!(second.len(), 15);
        assert!(
            second.contains(&("dlq.error", Some(&b"timeout"[..]))),
            "history kept"
        );
        let p = provenance(&second);
        assert_eq!(p.topic.as_deref(), Some("payment.requested.retry"));
        assert_eq!(p.error.as_deref(), Some("declined"));
    }

    #[test]
    fn a_backlog_counts_what_the_replay_group_has_not_passed() {
        // never replayed: all pending
        assert_eq!(
            backlog(10, &[((0, 6), None), ((0, 4), None)]),
            Backlog {
                depth: 10,
                pending: 10,
                replayed: 0
            }
        );
        // replayed up to 5 of partition 0 and all of partition 1
        assert_eq!(
            backlog(10, &[((0, 6), Some(5)), ((0, 4), Some(4))]),
            Backlog {
                depth: 10,
                pending: 1,
                replayed: 9
            }
        );
        // records deleted below the commit count from the log start; pending never exceeds depth
        assert_eq!(backlog(3, &[((40, 50), Some(10))]).pending, 3);
        assert_eq!(replay_group("pay.dlq"), "evctl-dlq-replay-pay.dlq");
    }
}
