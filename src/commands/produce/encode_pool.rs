//! Encoding (Avro, Protobuf, JSON Schema) of keyless batches on worker threads, results handed back in input order.
//!
//! Why: parsing JSON and encoding Avro costs more CPU than handing the records to
//! librdkafka (issue #3 asks for ≥ 0.7× the speed of producing the JSON as is). The main
//! thread keeps reading and producing; the workers encode. Order is kept because batch `n`
//! always goes to worker `n % W` and results are collected in submission order. A batch that
//! fails comes back with the lines encoded before the failure, so the caller can deliver
//! exactly those and stop: nothing after a bad line is produced, nothing before it is lost.

use std::sync::mpsc::{channel, sync_channel, Receiver, Sender};
use std::thread::JoinHandle;

use super::batch::Batch;
use crate::codec::framed::Framed;

/// An encoded batch, and the first line that could not be encoded (line number, reason).
pub(super) struct Encoded {
    pub batch: Batch,
    pub failed: Option<(usize, String)>,
}

struct Worker {
    to: Sender<Batch>,
    from: Receiver<Encoded>,
    handle: JoinHandle<()>,
}

pub(super) struct EncodePool {
    workers: Vec<Worker>,
    submitted: usize,
    collected: usize,
}

/// Batches in flight per worker: enough to keep it busy while the main thread produces.
const DEPTH: usize = 2;

impl EncodePool {
    /// `threads` workers, each with its own copy of the encoder.
    pub(super) fn new(encoder: &Framed, threads: usize) -> std::io::Result<Self> {
        let workers = (0..threads.max(1))
            .map(|_| {
                let (to, rx) = channel::<Batch>();
                let (tx, from) = sync_channel::<Encoded>(DEPTH);
                let mut enc = encoder.clone();
                let work = move || {
                    for raw in rx {
                        let mut batch = Batch::with_capacity(raw.len());
                        let mut failed = None;
                        for (json, line) in raw.iter() {
                            match enc.encode(json) {
                                Ok(framed) => batch.push(framed, line),
                                Err(reason) => {
                                    failed = Some((line, reason));
                                    break;
                                }
                            }
                        }
                        if tx.send(Encoded { batch, failed }).is_err() {
                            break; // the pool was dropped
                        }
                    }
                };
                let handle = std::thread::Builder::new()
                    .name("evctl-encode".into())
                    .spawn(work)?;
                Ok(Worker { to, from, handle })
            })
            .collect::<std::io::Result<_>>()?;
        Ok(Self {
            workers,
            submitted: 0,
            collected: 0,
        })
    }

    /// Hands a batch of JSON values over; when the pool is full, first returns the oldest
    /// result, which the caller must produce before submitting more.
    pub(super) fn submit(&mut self, raw: Batch) -> Option<Encoded> {
        let full = self.submitted - self.collected >= DEPTH * self.workers.len();
        let done = if full { self.next() } else { None };
        let w = &self.workers[self.submitted % self.workers.len()];
        // a worker that died (it cannot: encode returns errors) surfaces in `next`
        let _ = w.to.send(raw);
        self.submitted += 1;
        done
    }

    /// The oldest result not yet collected (blocks until it is ready); None when every
    /// submitted batch was collected.
    pub(super) fn next(&mut self) -> Option<Encoded> {
        if self.collected == self.submitted {
            return None;
        }
        let w = &self.workers[self.collected % self.workers.len()];
        self.collected += 1;
        Some(w.from.recv().unwrap_or_else(|_| Encoded {
            batch: Batch::default(),
            failed: Some((0, "an encoder thread stopped".into())),
        }))
    }
}

impl Drop for EncodePool {
    fn drop(&mut self) {
        for Worker { to, from, handle } in self.workers.drain(..) {
            // closing both ends stops the worker whether it waits for work or to hand back
            drop(to);
            drop(from);
            let _ = handle.join();
        }
    }
}
