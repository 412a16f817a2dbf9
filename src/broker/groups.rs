//! The numbers `lag` and `top` sample every second, asked in batches from one client: the
//! committed offsets of many groups (librdkafka's admin ListConsumerGroupOffsets, all groups'
//! requests in flight at once on one queue) and the ends of many partitions (one ListOffsets
//! per broker).
//!
//! Why not a consumer per group, as `committed()` needs: a client per group is threads,
//! connections and memory per group, and `top` over a hundred groups would spend more on its
//! clients than on its screen.

use std::ffi::{CStr, CString};
use std::time::{Duration, Instant};

use rdkafka::consumer::{CommitMode, Consumer as _};
use rdkafka::error::KafkaError;
use rdkafka::topic_partition_list::{Offset, TopicPartitionList};
use rdkafka::types::RDKafkaErrorCode;
use rdkafka_sys as rdsys;

use super::consumer::{offset_list, Consumer, PartitionValue};
use super::{BrokerError, ClientLog};
use crate::domain::connection::Connection;
pub use crate::domain::groups::{member_assignment, GroupDescription, GroupMember};

/// One group's committed offsets (partitions without one are left out), or why they could
/// not be read.
pub type GroupOffsets = (String, OffsetsOrWhy);

/// A group's committed offsets, or why they could not be read.
pub type OffsetsOrWhy = Result<Vec<PartitionValue>, String>;

/// ((topic, partition), (low, high)).
pub type Watermarks = ((String, i32), (i64, i64));

impl Consumer {
    /// The committed offsets of each group, all requests in flight together: on these
    /// partitions, or (None) wherever it has them. A group's own failure is its entry's
    /// error; only a timeout of the whole lookup is an error here.
    ///
    /// None asks the broker for the group's own partitions (OffsetFetch with null topics):
    /// far less work for both sides than every partition of the cluster, but the embedded
    /// broker answers it with nothing, so there the partitions are named.
    pub fn group_offsets(
        &self,
        groups: &[String],
        parts: Option<&[(String, i32)]>,
        timeout: Duration,
    ) -> Result<Vec<GroupOffsets>, BrokerError> {
        if groups.is_empty() {
            return Ok(Vec::new());
        }
        let tpl = parts.map(|parts| {
            let mut tpl = TopicPartitionList::new();
            for (t, p) in parts {
                tpl.add_partition(t, *p);
            }
            tpl
        });
        let tpl_ptr = tpl.as_ref().map_or(std::ptr::null_mut(), |t| t.ptr());
        let names: Vec<CString> = groups
            .iter()
            .map(|g| CString::new(g.as_str()).unwrap_or_default())
            .collect();
        let rk = self.native();
        // SAFETY: every pointer made here is destroyed before returning; librdkafka copies
        // the request (names and partition list) when it is enqueued.
        unsafe {
            let queue = rdsys::rd_kafka_queue_new(rk);
            let mut options = Vec::with_capacity(groups.len());
            for (i, name) in names.iter().enumerate() {
                let opts = rdsys::rd_kafka_AdminOptions_new(
                    rk,
                    rdsys::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS,
                );
                let mut errstr = [0 as std::os::raw::c_char; 256];
                rdsys::rd_kafka_AdminOptions_set_request_timeout(
                    opts,
                    timeout.as_millis() as i32,
                    errstr.as_mut_ptr(),
                    errstr.len(),
                );
                // the index comes back with the answer, so a whole-request failure names its group
                rdsys::rd_kafka_AdminOptions_set_opaque(opts, (i + 1) as *mut std::ffi::c_void);
                let mut req = [rdsys::rd_kafka_ListConsumerGroupOffsets_new(
                    name.as_ptr(),
                    tpl_ptr,
                )];
                rdsys::rd_kafka_ListConsumerGroupOffsets(rk, req.as_mut_ptr(), 1, opts, queue);
                rdsys::rd_kafka_ListConsumerGroupOffsets_destroy(req[0]);
                options.push(opts);
            }
            let answers = collect_offsets(queue, groups, timeout);
            for o in options {
                rdsys::rd_kafka_AdminOptions_destroy(o);
            }
            rdsys::rd_kafka_queue_destroy(queue);
            let mut answers = answers?;
            answers.sort_by_key(|(i, _)| *i);
            Ok(answers
                .into_iter()
                .map(|(i, r)| (groups[i].clone(), r))
                .collect())
        }
    }

    /// (low, high) of each partition: two ListOffsets requests per broker, not two per partition.
    pub fn watermarks_of(&self, parts: &[(String, i32)]) -> Result<Vec<Watermarks>, BrokerError> {
        if parts.is_empty() {
            return Ok(Vec::new());
        }
        let ends = |which: Offset| -> Result<Vec<PartitionValue>, BrokerError> {
            let mut tpl = TopicPartitionList::new();
            for (t, p) in parts {
                tpl.add_partition_offset(t, *p, which)
                    .map_err(|e| BrokerError::kafka("building the offset query", e))?;
            }
            let got = self
                .raw()
                .offsets_for_times(tpl, Duration::from_secs(10))
                .map_err(|e| BrokerError::kafka("reading the partitions' offsets", e))?;
            Ok(got
                .elements()
                .iter()
                .map(|e| {
                    let o = match e.offset() {
                        Offset::Offset(o) => o,
                        _ => 0,
                    };
                    ((e.topic().to_string(), e.partition()), o)
                })
                .collect())
        };
        // as ListOffsets' special timestamps: -2 the log start, -1 its end
        let lows = ends(Offset::Beginning)?;
        let highs = ends(Offset::End)?;
        Ok(highs
            .into_iter()
            .map(|(tp, high)| {
                let low = lows.iter().find(|(k, _)| *k == tp).map_or(0, |(_, l)| *l);
                (tp, (low, high))
            })
            .collect())
    }
}

/// How a commit of a group's offsets from outside the group ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Committed {
    Done,
    /// The group has members: the broker (or the members' assignment) says so.
    Refused(String),
}

impl Consumer {
    /// DescribeGroups for the named groups (every group when `names` is empty): one
    /// ListGroups and one DescribeGroups round. A group the cluster does not know comes back
    /// Dead with no members, as Kafka answers. The embedded broker has neither request.
    pub fn describe_groups(
        &mut self,
        names: &[String],
    ) -> Result<Vec<GroupDescription>, BrokerError> {
        self.groups_supported("describing consumer groups (DescribeGroups)")?;
        let one = match names {
            [only] => Some(only.as_str()),
            _ => None,
        };
        let list = self
            .raw()
            .fetch_group_list(one, Duration::from_secs(10))
            .map_err(|e| {
                BrokerError::kafka(format!("describing the groups of {}", self.brokers()), e)
            })?;
        let described: Vec<GroupDescription> = list
            .groups()
            .iter()
            .filter(|g| g.protocol_type().is_empty() || g.protocol_type() == "consumer")
            .map(|g| GroupDescription {
                name: g.name().to_string(),
                state: g.state().to_string(),
                protocol_type: g.protocol_type().to_string(),
                protocol: g.protocol().to_string(),
                members: g
                    .members()
                    .iter()
                    .map(|m| GroupMember {
                        id: m.id().to_string(),
                        client_id: m.client_id().to_string(),
                        host: m.client_host().to_string(),
                        assignment: m.assignment().map(member_assignment).unwrap_or_default(),
                    })
                    .collect(),
            })
            .collect();
        if names.is_empty() {
            let mut all = described;
            all.sort_by(|a, b| a.name.cmp(&b.name));
            return Ok(all);
        }
        Ok(names
            .iter()
            .map(|n| {
                described
                    .iter()
                    .find(|d| &d.name == n)
                    .cloned()
                    .unwrap_or_else(|| GroupDescription {
                        name: n.clone(),
                        state: "Dead".into(),
                        protocol_type: String::new(),
                        protocol: String::new(),
                        members: Vec::new(),
                    })
            })
            .collect())
    }

    /// An error naming the embedded broker, which has no ListGroups/DescribeGroups.
    pub fn groups_supported(&mut self, what: &str) -> Result<(), BrokerError> {
        if self.is_mock() {
            return Err(BrokerError::Unsupported {
                what: what.into(),
                brokers: format!(
                    "the embedded broker at {} (librdkafka's mock cluster)",
                    self.brokers()
                ),
                hint: "; name the groups: evctl lag GROUP... (or evctl group describe GROUP)"
                    .into(),
            });
        }
        Ok(())
    }
}

/// Commits `offsets` (next offset to read, per partition) for `group` from outside it, in one
/// OffsetCommit request, as `kafka-consumer-groups --reset-offsets` does (generation -1).
///
/// A broker refuses that while the group has members (UNKNOWN_MEMBER_ID): the group is live.
/// The embedded broker refuses it too once anyone ever joined the group, even after they all
/// left; there the commit is made as a member: join (the topics of the plan), and commit only
/// when the join gave every partition of the plan to us, which means no one else is in it.
/// (The mock holds that join until the former members' sessions would have ended, their
/// session timeout − 1 s, and times out a joining member whose own session is shorter:
/// evctl's group reads use 1.5 s there, and so does this join.)
pub fn commit_group(
    conn: &Connection,
    group: &str,
    offsets: &[PartitionValue],
    log: &ClientLog,
) -> Result<Committed, BrokerError> {
    let mut c = Consumer::connect(conn, Some(group), None, log)?;
    let tpl = offset_list(offsets)?;
    let what = || format!("committing the offsets of group '{group}'");
    match c.raw().commit(&tpl, CommitMode::Sync) {
        Ok(()) => return Ok(Committed::Done),
        Err(e) if !is_unknown_member(&e) => return Err(BrokerError::kafka(what(), e)),
        Err(_) if !c.is_mock() => {
            return Ok(Committed::Refused(
                "the broker refused the commit: the group has active members (UNKNOWN_MEMBER_ID)"
                    .into(),
            ))
        }
        Err(_) => {}
    }
    let mut topics: Vec<String> = offsets.iter().map(|((t, _), _)| t.clone()).collect();
    topics.sort();
    topics.dedup();
    c.subscribe(&topics)?;
    let deadline = Instant::now() + Duration::from_secs(60);
    while c.assignment().is_empty() {
        if Instant::now() > deadline {
            return Err(BrokerError::Unreachable {
                brokers: c.brokers().to_string(),
                reason: format!("joining group '{group}' to commit its offsets took over 60 s (the embedded broker waits out the sessions of members that left; try again once they have ended)"),
            });
        }
        // records it is handed are not read: nothing is committed but the plan
        let _ = c.poll(Duration::from_millis(100));
    }
    let ours = c.assignment();
    let theirs: Vec<String> = offsets
        .iter()
        .filter(|(tp, _)| !ours.contains(tp))
        .map(|((t, p), _)| format!("{t}:{p}"))
        .collect();
    if !theirs.is_empty() {
        return Ok(Committed::Refused(format!(
            "another member of the group holds {} (the embedded broker cannot name members)",
            theirs.join(", ")
        )));
    }
    c.raw()
        .commit(&tpl, CommitMode::Sync)
        .map_err(|e| BrokerError::kafka(what(), e))?;
    Ok(Committed::Done)
}

fn is_unknown_member(e: &KafkaError) -> bool {
    matches!(
        e.rdkafka_error_code(),
        Some(RDKafkaErrorCode::UnknownMemberId | RDKafkaErrorCode::IllegalGeneration)
    )
}

/// Waits for one answer per group; returns (group index, its offsets or error).
///
/// # Safety
/// `queue` must be a live queue the requests were sent to.
unsafe fn collect_offsets(
    queue: *mut rdsys::rd_kafka_queue_t,
    groups: &[String],
    timeout: Duration,
) -> Result<Vec<(usize, OffsetsOrWhy)>, BrokerError> {
    let deadline = Instant::now() + timeout + Duration::from_secs(1);
    let mut out = Vec::with_capacity(groups.len());
    while out.len() < groups.len() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(BrokerError::Unreachable {
                brokers: "the group coordinator".into(),
                reason: format!(
                    "no answer for the offsets of {} of {} groups within {timeout:?}",
                    groups.len() - out.len(),
                    groups.len()
                ),
            });
        }
        let ev = rdsys::rd_kafka_queue_poll(queue, left.as_millis() as i32);
        if ev.is_null() {
            continue;
        }
        let index = (rdsys::rd_kafka_event_opaque(ev) as usize).wrapping_sub(1);
        if index < groups.len() {
            out.push((index, read_answer(ev)));
        }
        rdsys::rd_kafka_event_destroy(ev);
    }
    Ok(out)
}

/// One ListConsumerGroupOffsets answer.
///
/// # Safety
/// `ev` must be a live event.
unsafe fn read_answer(ev: *mut rdsys::rd_kafka_event_t) -> OffsetsOrWhy {
    if rdsys::rd_kafka_event_error(ev) != rdsys::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
        return Err(c_text(rdsys::rd_kafka_event_error_string(ev)));
    }
    let res = rdsys::rd_kafka_event_ListConsumerGroupOffsets_result(ev);
    if res.is_null() {
        return Err("an answer of the wrong kind".into());
    }
    let mut n = 0usize;
    let groups = rdsys::rd_kafka_ListConsumerGroupOffsets_result_groups(res, &mut n);
    let mut offsets = Vec::new();
    for g in std::slice::from_raw_parts(groups, n) {
        let err = rdsys::rd_kafka_group_result_error(*g);
        if !err.is_null() {
            return Err(c_text(rdsys::rd_kafka_error_string(err)));
        }
        let list = rdsys::rd_kafka_group_result_partitions(*g);
        if list.is_null() {
            continue;
        }
        let list = &*list;
        let elems = std::slice::from_raw_parts(list.elems, list.cnt.max(0) as usize);
        for e in elems {
            // -1001 (INVALID): the group has no offset there
            if e.offset >= 0 && e.err == rdsys::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
                offsets.push(((c_text(e.topic), e.partition), e.offset));
            }
        }
    }
    Ok(offsets)
}

/// # Safety
/// `p` is null or a NUL-terminated string.
unsafe fn c_text(p: *const std::os::raw::c_char) -> String {
    if p.is_null() {
        return String::new();
    }
    CStr::from_ptr(p).to_string_lossy().into_owned()
}
