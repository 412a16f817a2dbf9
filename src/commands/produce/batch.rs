//! The keyless path: values stored end to end in chunks, each chunk sent to the next
//! partition in turn (even spread, full batches, one librdkafka call per chunk).

use anyhow::anyhow;

use super::encode_pool::{EncodePool, Encoded};
use crate::broker::producer::Producer;

/// Records per chunk on the keyless path.
pub(super) const CHUNK: usize = 1000;

/// Values stored end to end, each with its input line (for error reports).
#[derive(Default)]
pub(super) struct Batch {
    data: Vec<u8>,
    ends: Vec<usize>,
    lines: Vec<usize>,
}

impl Batch {
    pub(super) fn with_capacity(n: usize) -> Self {
        Self {
            data: Vec::with_capacity(n * 128),
            ends: Vec::with_capacity(n),
            lines: Vec::with_capacity(n),
        }
    }

    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(super) fn push(&mut self, value: &[u8], line: usize) {
        self.data.extend_from_slice(value);
        self.ends.push(self.data.len());
        self.lines.push(line);
    }

    /// (value, line) in order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&[u8], usize)> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .zip(&self.lines)
            .map(|((s, &e), &l)| (&self.data[s..e], l))
    }

    pub(super) fn clear(&mut self) {
        self.data.clear();
        self.ends.clear();
        self.lines.clear();
    }
}

/// Sends keyless batches to each partition in turn: even spread, full batches, one
/// librdkafka call per batch, order kept within each partition.
pub(super) struct Spreader {
    next_partition: usize,
    partitions: usize,
}

impl Spreader {
    pub(super) fn new(partitions: usize) -> Self {
        Self {
            // start somewhere different each run so short runs do not all land on partition 0
            next_partition: std::process::id() as usize % partitions.max(1),
            partitions: partitions.max(1),
        }
    }

    pub(super) fn send(
        &mut self,
        producer: &mut Producer,
        topic: &str,
        b: &Batch,
    ) -> anyhow::Result<()> {
        if b.len() == 0 {
            return Ok(());
        }
        let values: Vec<&[u8]> = b.iter().map(|(v, _)| v).collect();
        let partition = i32::try_from(self.next_partition).unwrap_or(0);
        producer.send_chunk(topic, partition, &values, &b.lines)?;
        self.next_partition = (self.next_partition + 1) % self.partitions;
        Ok(())
    }
}

/// Produces an encoded batch (the lines before a failure, if one failed); returns the
/// failure that must stop the run (a bad line, or a record librdkafka would not queue).
pub(super) fn deliver(
    done: Encoded,
    sp: &mut Spreader,
    producer: &mut Producer,
    topic: &str,
    input_name: &str,
) -> Option<anyhow::Error> {
    if let Err(e) = sp.send(producer, topic, &done.batch) {
        return Some(e);
    }
    done.failed
        .map(|(line, reason)| anyhow!("{input_name}: line {line}: {reason}"))
}

/// Sends a part-filled chunk now (through the encoder pool, waiting for every batch in it);
/// returns the failure that must stop the run.
pub(super) fn send_held(
    held: Batch,
    pool: Option<&mut EncodePool>,
    sp: &mut Spreader,
    producer: &mut Producer,
    topic: &str,
    input_name: &str,
) -> Option<anyhow::Error> {
    let Some(p) = pool else {
        return sp.send(producer, topic, &held).err();
    };
    let mut pending = p.submit(held);
    while let Some(done) = pending.take().or_else(|| p.next()) {
        if let Some(e) = deliver(done, sp, producer, topic, input_name) {
            return Some(e);
        }
    }
    None
}
