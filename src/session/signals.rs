//! Ctrl-C and SIGTERM as a flag the long-running loops check, so they can flush output,
//! commit offsets and shut the embedded broker down cleanly instead of dying mid-write.
//! A blocking read of stdin would never look at that flag (the handler restarts the read),
//! so input is read through [`StopRead`], which waits for data in short polls.

use std::io::{self, Read};
use std::os::fd::{AsRawFd, RawFd};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;

/// Exit status after SIGINT (128 + 2), as shells report it.
pub const INTERRUPTED_EXIT: i32 = 130;

/// Keeps `flag` where a closed stderr finds it: the run then ends as after a closed stdout
/// (see [`crate::output::stderr`]).
fn track(flag: &Arc<AtomicBool>) {
    crate::output::stderr::stop_on_close(flag);
}

/// Set by the first SIGINT/SIGTERM after any stop flag was made; never by anything else
/// (a timeout or a closed stderr also raise stop flags, but they are not an interruption).
static SIGNALLED: std::sync::OnceLock<Arc<AtomicBool>> = std::sync::OnceLock::new();

fn watch_for_signals() -> anyhow::Result<()> {
    if SIGNALLED.get().is_some() {
        return Ok(());
    }
    let flag = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(sig, Arc::clone(&flag))
            .context("installing the signal handler")?;
    }
    let _ = SIGNALLED.set(flag);
    Ok(())
}

/// True once Ctrl-C (or SIGTERM) arrived during a run that listens for it: the run then
/// ends with [`INTERRUPTED_EXIT`] after reporting what it did.
pub fn interrupted() -> bool {
    SIGNALLED
        .get()
        .is_some_and(|f| f.load(std::sync::atomic::Ordering::Relaxed))
}

/// Waits `for_how_long` (a retry's pause, a sampling interval) unless `stop` is set first,
/// looking at it every 50 ms; true when the whole wait passed, false when a signal cut it.
/// The one way a command waits: a fixed `sleep` would hold Ctrl-C back.
pub fn wait_unless_stopped(stop: &AtomicBool, for_how_long: Duration) -> bool {
    let deadline = std::time::Instant::now() + for_how_long;
    loop {
        if stop.load(Ordering::Relaxed) {
            return false;
        }
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return true;
        }
        std::thread::sleep(left.min(Duration::from_millis(50)));
    }
}

pub fn stop_flag() -> anyhow::Result<Arc<AtomicBool>> {
    watch_for_signals()?;
    let flag = Arc::new(AtomicBool::new(false));
    track(&flag);
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(sig, Arc::clone(&flag))
            .context("installing the signal handler")?;
    }
    Ok(flag)
}

/// As [`stop_flag`], but a second signal ends the process at once with status 130: the first
/// asks for a clean stop (flush, report), the second is for a user who cannot wait for it
/// (a flush towards a broker that went away waits for the delivery timeout).
pub fn stop_flag_then_exit() -> anyhow::Result<Arc<AtomicBool>> {
    watch_for_signals()?;
    let flag = Arc::new(AtomicBool::new(false));
    track(&flag);
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        // registered first, so it sees the flag as it was before this signal set it
        signal_hook::flag::register_conditional_shutdown(sig, INTERRUPTED_EXIT, Arc::clone(&flag))
            .context("installing the signal handler")?;
        signal_hook::flag::register(sig, Arc::clone(&flag))
            .context("installing the signal handler")?;
    }
    Ok(flag)
}

/// The error a [`StopRead`] returns once the stop flag is set; [`is_stop`] recognises it.
#[derive(Debug)]
struct Stopped;

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("interrupted")
    }
}

impl std::error::Error for Stopped {}

/// The error a [`StopRead`] returns, once, when it is armed and its input has nothing to
/// read right now: the caller should send what it holds before waiting ([`is_idle`]). The
/// bytes of a line read so far stay in the caller's buffer; reading again continues it.
#[derive(Debug)]
struct Idle;

impl std::fmt::Display for Idle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("input is idle")
    }
}

impl std::error::Error for Idle {}

/// True when a read paused because the input went quiet (see [`StopRead::with_idle`]).
pub fn is_idle(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<Idle>())
}

/// True when a read ended because the stop flag was set (anywhere in an error's chain).
pub fn is_stop(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .and_then(|io| io.get_ref())
            .is_some_and(|inner| inner.is::<Stopped>())
    })
}

/// A reader that gives up with [`Stopped`] once `stop` is set, also while waiting for input:
/// on a pipe or terminal it polls the descriptor in short waits and reads only when data is
/// there, so a quiet upstream cannot keep Ctrl-C from being seen.
pub struct StopRead<R> {
    inner: R,
    fd: Option<RawFd>,
    stop: Arc<AtomicBool>,
    idle: Option<Arc<AtomicBool>>,
}

const POLL_WAIT: Duration = Duration::from_millis(100);

impl<R: Read> StopRead<R> {
    /// `fd` is the descriptor to wait on (None for regular files, whose reads never block).
    pub fn new(inner: R, fd: Option<RawFd>, stop: Arc<AtomicBool>) -> Self {
        Self {
            inner,
            fd,
            stop,
            idle: None,
        }
    }

    /// While `armed` is set, a read that would have to wait clears it and returns [`Idle`]:
    /// records held for a full batch go out when a slow upstream pauses, not at its end.
    pub fn with_idle(mut self, armed: Arc<AtomicBool>) -> Self {
        self.idle = Some(armed);
        self
    }

    fn idle_now(&self, fd: RawFd) -> io::Result<bool> {
        match &self.idle {
            Some(armed) if armed.load(Ordering::Relaxed) => {
                if readable(fd, Duration::ZERO)? {
                    return Ok(false);
                }
                armed.store(false, Ordering::Relaxed);
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}

impl StopRead<io::Stdin> {
    pub fn stdin(stop: Arc<AtomicBool>) -> Self {
        let stdin = io::stdin();
        let fd = stdin.as_raw_fd();
        Self::new(stdin, Some(fd), stop)
    }
}

impl<R: Read> Read for StopRead<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.stopped() {
                return Err(io::Error::other(Stopped));
            }
            match self.fd {
                Some(fd) if self.idle_now(fd)? => return Err(io::Error::other(Idle)),
                Some(fd) if !readable(fd, POLL_WAIT)? => continue,
                _ => return self.inner.read(buf),
            }
        }
    }
}

/// Waits up to `wait` for `fd` to have data (or end of input, or an error to report).
fn readable(fd: RawFd, wait: Duration) -> io::Result<bool> {
    let mut p = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    let ms = libc::c_int::try_from(wait.as_millis()).unwrap_or(libc::c_int::MAX);
    // SAFETY: one valid pollfd, its count is 1, and it lives across the call.
    let n = unsafe { libc::poll(&mut p, 1, ms) };
    if n < 0 {
        let e = io::Error::last_os_error();
        return if e.kind() == io::ErrorKind::Interrupted {
            Ok(false)
        } else {
            Err(e)
        };
    }
    Ok(n > 0)
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_wait_ends_at_its_time_or_at_once_on_stop() {
        let stop = AtomicBool::new(false);
        assert!(wait_unless_stopped(&stop, Duration::from_millis(5)));
        stop.store(true, Ordering::Relaxed);
        let t = std::time::Instant::now();
        assert!(!wait_unless_stopped(&stop, Duration::from_secs(60)));
        assert!(t.elapsed() < Duration::from_secs(1));
    }
    use super::*;
    use std::io::BufRead;

    #[test]
    fn reads_until_the_flag_is_set_then_says_stopped() {
        let stop = Arc::new(AtomicBool::new(false));
        let mut r = io::BufReader::new(StopRead::new(&b"a\nb\n"[..], None, Arc::clone(&stop)));
        let mut line = Vec::new();
        r.read_until(b'\n', &mut line).unwrap();
        assert_eq!(line, b"a\n");
        stop.store(true, Ordering::Relaxed);
        let mut fresh = io::BufReader::new(StopRead::new(&b"c\n"[..], None, stop));
        let e = fresh.read_until(b'\n', &mut line).unwrap_err();
        assert!(is_stop(&anyhow::Error::new(e).context("reading stdin")));
    }

    #[test]
    fn a_quiet_pipe_does_not_hide_the_flag() {
        let (reader, writer) = std::io::pipe().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let fd = reader.as_raw_fd();
        let mut r = StopRead::new(reader, Some(fd), Arc::clone(&stop));
        let setter = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(150));
            stop.store(true, Ordering::Relaxed);
        });
        let mut buf = [0u8; 8];
        let e = r.read(&mut buf).unwrap_err();
        assert!(e.get_ref().is_some_and(|i| i.is::<Stopped>()));
        setter.join().unwrap();
        drop(writer);
    }

    #[test]
    fn an_armed_reader_says_idle_once_when_the_pipe_is_quiet() {
        let (reader, mut writer) = std::io::pipe().unwrap();
        let fd = reader.as_raw_fd();
        let armed = Arc::new(AtomicBool::new(true));
        let stop = Arc::new(AtomicBool::new(false));
        let mut r =
            io::BufReader::new(StopRead::new(reader, Some(fd), stop).with_idle(Arc::clone(&armed)));
        std::io::Write::write_all(&mut writer, b"par").unwrap();
        let mut line = Vec::new();
        // data is there: no idle, the partial line is read, then the pipe is quiet
        let e = r.read_until(b'\n', &mut line).unwrap_err();
        assert!(is_idle(&e));
        assert_eq!(line, b"par");
        assert!(!armed.load(Ordering::Relaxed));
        std::io::Write::write_all(&mut writer, b"t\n").unwrap();
        r.read_until(b'\n', &mut line).unwrap();
        assert_eq!(line, b"part\n");
    }

    #[test]
    fn other_errors_are_not_a_stop() {
        let e = anyhow::Error::new(io::Error::other("disk on fire"));
        assert!(!is_stop(&e));
    }
}
