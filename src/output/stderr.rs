//! The process's stderr as a writer that never panics and tells when it closed.
//!
//! Why: `eprintln!` panics when stderr is a closed pipe (`evctl … 2>&1 >/dev/null | grep -m1
//! x`), and so does tracing's fmt layer, which reports its own write failures with
//! `eprintln!`. Every write to stderr goes through [`write_all`] instead: a closed stderr is
//! remembered ([`closed`]) and the hook a command registered ([`on_close`]) asks the run to
//! end, as a closed stdout ends it — cleanly, with exit 0, never with a panic.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// Whether a stream was found closed, and who wants to know: one for the process's stderr
/// ([`STDERR`]); tests make their own.
struct Closing {
    closed: AtomicBool,
    hooks: Mutex<Vec<fn()>>,
}

impl Closing {
    const fn new() -> Self {
        Self {
            closed: AtomicBool::new(false),
            hooks: Mutex::new(Vec::new()),
        }
    }

    fn closed(&self) -> bool {
        self.closed.load(Ordering::Relaxed)
    }

    fn on_close(&self, hook: fn()) {
        if self.closed() {
            hook();
            return;
        }
        if let Ok(mut hooks) = self.hooks.lock() {
            if !hooks.contains(&hook) {
                hooks.push(hook);
            }
        }
    }

    /// Marks it closed and runs the hooks (once).
    fn mark_closed(&self) {
        if self.closed.swap(true, Ordering::Relaxed) {
            return;
        }
        let hooks = self.hooks.lock().map(|h| h.clone()).unwrap_or_default();
        for hook in hooks {
            hook();
        }
    }
}

static STDERR: Closing = Closing::new();

/// Stderr was found closed (a write failed with a broken pipe) at some point in this process.
pub fn closed() -> bool {
    STDERR.closed()
}

/// Runs `hook` once stderr is found closed (at once if it already was). The rooms that own
/// the stop flags register here; this room never learns about them.
pub fn on_close(hook: fn()) {
    STDERR.on_close(hook);
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
    use std::sync::atomic::AtomicUsize;

    static CALLED: AtomicUsize = AtomicUsize::new(0);

    fn count() {
        CALLED.fetch_add(1, Ordering::Relaxed);
    }

    #[test]
    fn a_hook_runs_once_when_the_stream_closes() {
        // a Closing of its own: the process's stderr state is not touched by tests
        let c = Closing::new();
        c.on_close(count);
        c.on_close(count); // the same hook twice is kept once
        assert_eq!(CALLED.load(Ordering::Relaxed), 0);
        assert!(!c.closed());
        c.mark_closed();
        c.mark_closed();
        assert_eq!(CALLED.load(Ordering::Relaxed), 1);
        assert!(c.closed());
        // a late hook runs at once
        c.on_close(count);
        assert_eq!(CALLED.load(Ordering::Relaxed), 2);
    }
}
