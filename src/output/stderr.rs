//! The process's stderr as a writer that never panics and tells when it closed.
//!
//! Why: `eprintln!` panics when stderr is a closed pipe (`evctl … 2>&1 >/dev/null | grep -m1
//! x`), and so does tracing's fmt layer, which reports its own write failures with
//! `eprintln!`. Every write to stderr goes through [`write_all`] instead: a closed stderr is
//! remembered ([`closed`]) and sets the stop flags commands registered ([`stop_on_close`]),
//! so the run ends as a closed stdout ends it — cleanly, with exit 0, never with a panic.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, Weak};

/// Whether a stream was found closed, and the stop flags to set then: one for the process's
/// stderr ([`STDERR`]); tests make their own.
struct Closing {
    closed: AtomicBool,
    flags: Mutex<Vec<Weak<AtomicBool>>>,
}

impl Closing {
    const fn new() -> Self {
        Self {
            closed: AtomicBool::new(false),
            flags: Mutex::new(Vec::new()),
        }
    }

    fn closed(&self) -> bool {
        self.closed.load(Ordering::Relaxed)
    }

    /// Sets `flag` when the stream closes (at once if it already has); flags that were
    /// dropped are forgotten.
    fn stop_on_close(&self, flag: &Arc<AtomicBool>) {
        if self.closed() {
            flag.store(true, Ordering::Relaxed);
            return;
        }
        if let Ok(mut flags) = self.flags.lock() {
            flags.retain(|w| w.strong_count() > 0);
            flags.push(Arc::downgrade(flag));
        }
    }

    /// Marks it closed and sets every live flag (once).
    fn mark_closed(&self) {
        if self.closed.swap(true, Ordering::Relaxed) {
            return;
        }
        let flags = self.flags.lock().map(|f| f.clone()).unwrap_or_default();
        for flag in flags.iter().filter_map(Weak::upgrade) {
            flag.store(true, Ordering::Relaxed);
        }
    }
}

static STDERR: Closing = Closing::new();

/// Stderr was found closed (a write failed with a broken pipe) at some point in this process.
pub fn closed() -> bool {
    STDERR.closed()
}

/// Sets `flag` once stderr is found closed (at once if it already was): the stop flags of
/// `session::signals` register here, so a closed stderr ends a run as Ctrl-C does.
pub fn stop_on_close(flag: &Arc<AtomicBool>) {
    STDERR.stop_on_close(flag);
}

/// Writes `bytes` to stderr. A closed pipe marks stderr closed and is not an error the
/// caller must handle; other errors are returned (the callers have nowhere to report them).
pub fn write_all(bytes: &[u8]) -> io::Result<()> {
    if closed() {
        return Ok(());
    }
    let mut e = io::stderr().lock();
    match e.write_all(bytes).and_then(|()| e.flush()) {
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => {
            STDERR.mark_closed();
            Ok(())
        }
        other => other,
    }
}

/// [`write_all`] as an `io::Write`, for writers that take one (tracing's fmt layer).
#[derive(Debug, Clone, Copy, Default)]
pub struct Stderr;

impl Write for Stderr {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        write_all(buf).map(|()| buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flag_is_set_once_the_stream_closes() {
        // a Closing of its own: the process's stderr state is not touched by tests
        let c = Closing::new();
        let (flag, gone) = (
            Arc::new(AtomicBool::new(false)),
            Arc::new(AtomicBool::new(false)),
        );
        c.stop_on_close(&flag);
        c.stop_on_close(&gone);
        drop(gone);
        assert!(!flag.load(Ordering::Relaxed));
        assert!(!c.closed());
        c.mark_closed();
        c.mark_closed();
        assert!(flag.load(Ordering::Relaxed));
        assert!(c.closed());
        // a late flag is set at once
        let late = Arc::new(AtomicBool::new(false));
        c.stop_on_close(&late);
        assert!(late.load(Ordering::Relaxed));
    }
}
