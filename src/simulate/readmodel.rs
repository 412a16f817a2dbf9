//! The status projection's member: every topic and every DLQ folded into the read model.

use super::members::publish_assignment;
use super::{Shared, Slot, POLL};
use crate::broker::consumer::{with_record, Consumer, Polled};
use crate::domain::envelope::RecordRef;
use crate::session::now_ms;
use crate::simulate::model::events::Topic;
use crate::simulate::model::projection::{Applied, Projection, STAGES};
use anyhow::anyhow;
use hdrhistogram::Histogram;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Condvar, Mutex};
use tracing::debug;

/// The read model and the latency histogram, shared with the main thread for progress.
pub(super) struct ReadModel {
    pub(super) projection: Projection,
    pub(super) latency: Histogram<u64>,
    /// Time in each stage (per [`STAGES`]).
    pub(super) stages: Vec<Histogram<u64>>,
    /// End-to-end latency per window of order creation time, from the first order seen.
    pub(super) windows: Vec<Histogram<u64>>,
    /// When the first order seen was created: window 0 starts there.
    pub(super) origin: Option<i64>,
    pub(super) unreadable: u64,
    /// Records read, of any kind: the run is quiet once it stops moving.
    pub(super) read: u64,
    /// order.created events read in schema v1 and v2 (`--evolve`).
    pub(super) created_versions: [u64; 2],
}

/// How long a window of [`ReadModel::windows`] is.
pub(super) const WINDOW_MS: i64 = 5_000;

impl ReadModel {
    /// An empty read model.
    pub(super) fn new() -> anyhow::Result<Self> {
        Ok(Self {
            projection: Projection::default(),
            latency: histogram()?,
            stages: STAGES
                .iter()
                .map(|_| histogram())
                .collect::<Result<_, _>>()?,
            windows: Vec::new(),
            origin: None,
            unreadable: 0,
            read: 0,
            created_versions: [0; 2],
        })
    }

    /// An order created at `created_at` finished after `ms`.
    fn finished(&mut self, ms: i64, created_at: i64) -> anyhow::Result<()> {
        record(&mut self.latency, ms);
        let origin = *self.origin.get_or_insert(created_at);
        let w = usize::try_from((created_at - origin) / WINDOW_MS).unwrap_or(0);
        while self.windows.len() <= w {
            self.windows.push(histogram()?);
        }
        record(&mut self.windows[w], ms);
        Ok(())
    }
}

/// A latency histogram: 1 ms to an hour, 3 significant digits.
fn histogram() -> anyhow::Result<Histogram<u64>> {
    Histogram::new_with_bounds(1, 3_600_000, 3).map_err(|e| anyhow!("latency histogram: {e}"))
}

/// Records `ms` (beyond the histogram's range only when clocks jump: clamped, not dropped).
fn record(h: &mut Histogram<u64>, ms: i64) {
    let ms = u64::try_from(ms).unwrap_or(0).min(h.high());
    let _ = h.record(ms.max(1));
}

/// The status projection: one member reading every topic and every DLQ.
pub(super) fn run_projection(
    sh: Shared,
    model: Arc<Mutex<ReadModel>>,
    finishing: &Condvar,
    slot: Slot,
) -> anyhow::Result<()> {
    let consumer = Consumer::connect(
        &sh.consumer_conn(),
        Some(&sh.group("projection")),
        Some("earliest"),
        &sh.log,
    )?;
    let topics: Vec<String> = Topic::ALL
        .iter()
        .flat_map(|t| [t.name().to_string(), t.dlq()])
        .collect();
    consumer.subscribe(&topics)?;
    let order_prefix = format!("o-{}-", sh.run_id);
    let stop = Arc::clone(&sh.stop);
    read_committing(
        &sh,
        &consumer,
        &slot,
        "projection",
        |r| project(&sh, &model, finishing, &order_prefix, r),
        |_, idle| Ok(idle && stop.load(Ordering::Relaxed)),
    )
}

/// Folds one record, of any topic or DLQ, into the read model.
fn project(
    sh: &Shared,
    model: &Mutex<ReadModel>,
    finishing: &Condvar,
    order_prefix: &str,
    r: &RecordRef<'_>,
) -> anyhow::Result<()> {
    let mut rm = model
        .lock()
        .map_err(|_| anyhow!("projection: state lock poisoned"))?;
    rm.read += 1;
    let applied = if r.topic.ends_with(".dlq") {
        let key = r.key.map(String::from_utf8_lossy).unwrap_or_default();
        let at = r
            .header_text("dlq.failed.at")
            .and_then(|v| v.parse().ok())
            .or(r.timestamp)
            .unwrap_or_else(now_ms);
        let original = format!(
            "{}/{}/{}",
            r.header_text("dlq.original.topic").unwrap_or_default(),
            r.header_text("dlq.original.partition").unwrap_or_default(),
            r.header_text("dlq.original.offset").unwrap_or_default()
        );
        rm.projection
            .apply_dead_letter(r.topic, &key, &original, at, key.starts_with(order_prefix))
    } else {
        match Topic::from_name(r.topic).map(|t| sh.codec.decode(t, r.value)) {
            Some(Ok(e)) => {
                if let Some(v) = sh.codec.created_version(e.topic(), r.value) {
                    rm.created_versions[v] += 1;
                }
                rm.projection.apply(&e)
            }
            // malformed records are the services' to dead-letter; counted here
            _ => {
                rm.unreadable += 1;
                Applied::Ignored
            }
        }
    };
    // a held gateway (`--max-in-flight`) waits for this
    if matches!(applied, Applied::Finished { .. }) || r.topic.ends_with(".dlq") {
        finishing.notify_all();
    }
    if let Applied::Finished {
        latency_ms,
        created_at,
    } = applied
    {
        debug!(
            orderId = %r.key.map(String::from_utf8_lossy).unwrap_or_default(),
            correlationId = %r.header_text("correlationId").unwrap_or_default(),
            latency_ms = latency_ms,
            "order finished"
        );
        if let (Some(ms), Some(at)) = (latency_ms, created_at) {
            rm.finished(ms, at)?;
        }
    }
    let hops = std::mem::take(&mut rm.projection.hops);
    for &(stage, ms) in &hops {
        if let Some(h) = rm.stages.get_mut(stage) {
            record(h, ms);
        }
    }
    rm.projection.hops = hops;
    Ok(())
}

/// The loop of a member that only reads (the projection, the canary): each record to
/// `on_record`, what it read committed when the input is idle, until `done` (told whether the
/// input was idle) says so. The start barrier learns its assignment as the services' do.
pub(super) fn read_committing(
    sh: &Shared,
    consumer: &Consumer,
    slot: &Slot,
    member: &str,
    mut on_record: impl FnMut(&RecordRef<'_>) -> anyhow::Result<()>,
    mut done: impl FnMut(&Consumer, bool) -> anyhow::Result<bool>,
) -> anyhow::Result<()> {
    // next offset per partition (a commit of every record read would ask librdkafka to
    // place each in a list it searches linearly: 9% of a burst's CPU went there)
    let mut offsets: Vec<((String, i32), i64)> = Vec::new();
    let mut announced = false;
    loop {
        let polled = consumer.poll(POLL);
        publish_assignment(consumer, slot, &sh.started, member, &mut announced);
        let idle = matches!(polled, Polled::Nothing | Polled::Eof(_));
        if let Polled::Record(m) = polled {
            with_record(&m, |r| -> anyhow::Result<()> {
                on_record(r)?;
                note_offset(&mut offsets, r.topic, r.partition, r.offset + 1);
                Ok(())
            })?;
        }
        if idle && !offsets.is_empty() {
            consumer.commit(&offsets, false)?;
            offsets.clear();
        }
        if done(consumer, idle)? {
            return Ok(());
        }
    }
}

/// Keeps `next` as the offset to commit for (topic, partition); the list holds one entry per
/// partition read (a few dozen), found without building a key.
pub(super) fn note_offset(
    offsets: &mut Vec<((String, i32), i64)>,
    topic: &str,
    partition: i32,
    next: i64,
) {
    match offsets
        .iter_mut()
        .find(|((t, p), _)| *p == partition && t == topic)
    {
        Some((_, o)) => *o = next,
        None => offsets.push(((topic.to_string(), partition), next)),
    }
}

#[cfg(test)]
mod tests {
    use super::note_offset;

    #[test]
    fn one_offset_per_partition_the_latest() {
        let mut o = Vec::new();
        for (t, p, n) in [
            ("a", 0, 1),
            ("a", 1, 5),
            ("a", 0, 2),
            ("b", 0, 9),
            ("a", 0, 3),
        ] {
            note_offset(&mut o, t, p, n);
        }
        assert_eq!(
            o,
            [
                (("a".to_string(), 0), 3),
                (("a".to_string(), 1), 5),
                (("b".to_string(), 0), 9)
            ]
        );
    }
}
