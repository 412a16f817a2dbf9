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

static CLOSED: AtomicBool = AtomicBool::new(false);
static HOOKS: Mutex<Vec<fn()>> = Mutex::new(Vec::new());

/// Stderr was found closed (a write failed with a broken pipe) at some point in this process.
pub fn closed() -> bool {
    CLOSED.load(Ordering::Relaxed)
}

/// Runs `hook` once stderr is found closed (at once if it already was). The rooms that own
/// the stop flags register here; this room never learns about them.
pub fn on_close(hook: fn()) {
    if closed() {
        hook();
        return;
    }
    if let Ok(mut hooks) = HOOKS.lock() {
        if !hooks.contains(&hook) {
            hooks.push(hook);
        }
    }
}

/// Marks stderr closed and runs the hooks (once).
fn mark_closed() {
    if CLOSED.swap(true, Ordering::Relaxed) {
        return;
    }
    let hooks = HOOKS.lock().map(|h| h.clone()).unwrap_or_default();
    for hook in hooks {
        hook();
    }
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
            mark_closed();
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
    fn a_hook_runs_once_when_stderr_closes() {
        on_close(count);
        on_close(count); // the same hook twice is kept once
        assert_eq!(CALLED.load(Ordering::Relaxed), 0);
        mark_closed();
        mark_closed();
        assert_eq!(CALLED.load(Ordering::Relaxed), 1);
        assert!(closed());
        // writes after the close are dropped quietly, and a late hook runs at once
        assert!(write_all(b"nobody reads this\n").is_ok());
        on_close(count);
        assert_eq!(CALLED.load(Ordering::Relaxed), 2);
    }
}
