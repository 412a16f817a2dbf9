//! A thread the run started, with the flag that stops it.
//!
//! Why a guard: a run starts many threads (the members, the projection, the gateway, the
//! metrics server) and can end early on any `?`. Dropped on any way out, a `Worker` sets its
//! flag and joins its thread, so no member outlives the run, or the embedded broker it talks
//! to (which is declared before the workers and so dropped after them).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;

use anyhow::{anyhow, Context as _};

pub(super) struct Worker {
    name: String,
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<anyhow::Result<()>>>,
}

impl Worker {
    /// Starts `f` on a thread named `name`; `stop` is the flag `f` watches.
    pub(super) fn spawn(
        name: &str,
        stop: &Arc<AtomicBool>,
        f: impl FnOnce() -> anyhow::Result<()> + Send + 'static,
    ) -> anyhow::Result<Self> {
        let handle = std::thread::Builder::new()
            .name(name.to_string())
            .spawn(f)
            .with_context(|| format!("starting {name}"))?;
        Ok(Self {
            name: name.to_string(),
            stop: Arc::clone(stop),
            handle: Some(handle),
        })
    }

    pub(super) fn name(&self) -> &str {
        &self.name
    }

    pub(super) fn is_finished(&self) -> bool {
        self.handle.as_ref().is_none_or(JoinHandle::is_finished)
    }

    /// Waits for the thread to end by itself (or by its flag, set elsewhere): its result.
    pub(super) fn join(mut self) -> anyhow::Result<()> {
        match self.handle.take() {
            Some(h) => h.join().map_err(|_| anyhow!("{} panicked", self.name))?,
            None => Ok(()),
        }
    }
}

impl Drop for Worker {
    /// A worker nobody joined (the run ended early): stop it and wait for it.
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            self.stop.store(true, Ordering::Relaxed);
            let _ = h.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// Dropping a worker that was never joined stops it through its flag and waits for it.
    #[test]
    fn a_dropped_worker_is_stopped_and_joined() {
        let stop = Arc::new(AtomicBool::new(false));
        let ended = Arc::new(AtomicBool::new(false));
        let (flag, done) = (Arc::clone(&stop), Arc::clone(&ended));
        let w = Worker::spawn("spinner", &stop, move || {
            while !flag.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(1));
            }
            done.store(true, Ordering::Relaxed);
            Ok(())
        })
        .unwrap();
        drop(w);
        assert!(stop.load(Ordering::Relaxed));
        assert!(
            ended.load(Ordering::Relaxed),
            "drop returned before the thread ended"
        );
    }

    /// Joining reports the thread's own error, and a panic by the thread's name.
    #[test]
    fn join_reports_the_threads_error_and_panic() {
        let stop = Arc::new(AtomicBool::new(false));
        let failed = Worker::spawn("failing", &stop, || anyhow::bail!("boom")).unwrap();
        assert_eq!(failed.join().unwrap_err().to_string(), "boom");
        let panicked = Worker::spawn("panicking", &stop, || panic!("at the disco")).unwrap();
        assert_eq!(
            panicked.join().unwrap_err().to_string(),
            "panicking panicked"
        );
        assert!(!stop.load(Ordering::Relaxed), "join must not set the flag");
    }
}
