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

use rdkafka::consumer::Consumer as _;
use rdkafka::topic_partition_list::{Offset, TopicPartitionList};
use rdkafka_sys as rdsys;

use super::consumer::{Consumer, PartitionValue};
use super::BrokerError;

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
