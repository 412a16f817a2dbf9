//! The tty: raw mode and the alternate screen while `top` runs, keys in, frames out.
//!
//! Why a guard and a panic hook both: a normal return, an error (`?`) and a panic all leave
//! through `Restore::drop`, and a panic also restores before its message is printed (ratatui's
//! hook), so the message is readable and the shell is usable. SIGTERM and SIGINT set the stop
//! flag the loop checks; in raw mode Ctrl-C arrives as a key and quits the same way. A terminal
//! stderr is set aside to a file meanwhile, so nothing a library prints tears the frame.

use std::io::{self, IsTerminal};
use std::os::fd::AsRawFd;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::crossterm::{cursor, execute};

use super::render::{draw, Theme};
use super::state::{Flow, Key, View};
use crate::domain::dashboard::Snapshot;

/// How often keys and snapshots are looked for.
const TICK: Duration = Duration::from_millis(100);

struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        ratatui::restore();
        let _ = execute!(io::stdout(), cursor::Show);
        stderr_back();
    }
}

/// The real stderr while it is set aside (-1: not set aside).
static SAVED_STDERR: AtomicI32 = AtomicI32::new(-1);

/// While the screen is up, whatever writes to a terminal stderr (librdkafka's own logger as a
/// client shuts down, a C library's warning) goes to a file instead of over the frame.
/// A stderr the user redirected is left alone. Returns the file.
fn stderr_aside() -> Option<PathBuf> {
    if !io::stderr().is_terminal() {
        return None;
    }
    // a new file of our own (created exclusively, random name, mode 0600): never one a
    // predictable name in /tmp could have pointed elsewhere
    let (file, path) = tempfile::Builder::new()
        .prefix("evctl-top-")
        .suffix(".log")
        .tempfile()
        .ok()?
        .keep()
        .ok()?;
    // SAFETY: plain descriptor calls; the duplicate is closed in stderr_back
    unsafe {
        let saved = libc::dup(2);
        if saved < 0 {
            return None;
        }
        if libc::dup2(file.as_raw_fd(), 2) < 0 {
            libc::close(saved);
            return None;
        }
        SAVED_STDERR.store(saved, Ordering::SeqCst);
    }
    Some(path)
}

/// Puts the real stderr back (idempotent; also called from the panic hook, so the panic's
/// message reaches the user).
fn stderr_back() {
    let saved = SAVED_STDERR.swap(-1, Ordering::SeqCst);
    if saved >= 0 {
        // SAFETY: `saved` is the descriptor stderr_aside duplicated
        unsafe {
            libc::dup2(saved, 2);
            libc::close(saved);
        }
    }
}

/// crossterm's key → the screen's.
fn key(k: KeyEvent) -> Option<Key> {
    if k.kind != KeyEventKind::Press {
        return None;
    }
    Some(match k.code {
        KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => Key::Interrupt,
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Esc => Key::Esc,
        KeyCode::Enter => Key::Enter,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Backspace => Key::Backspace,
        _ => return None,
    })
}

/// Shows snapshots from `rx` until a quit key or `stop`; the terminal is restored on return.
/// Returns the file that caught what was written to stderr meanwhile, if anything was.
pub fn run(
    rx: &Receiver<Snapshot>,
    stop: &AtomicBool,
    theme: Theme,
    view: View,
) -> io::Result<Option<PathBuf>> {
    // before ratatui's hook, so it runs after the terminal is back: the cursor and stderr too
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), cursor::Show);
        stderr_back();
        previous(info);
    }));
    let aside = stderr_aside();
    let shown = show(rx, stop, theme, view);
    stderr_back();
    let aside = aside.filter(|p| {
        let used = std::fs::metadata(p).is_ok_and(|m| m.len() > 0);
        if !used {
            let _ = std::fs::remove_file(p);
        }
        used
    });
    shown.map(|()| aside)
}

fn show(
    rx: &Receiver<Snapshot>,
    stop: &AtomicBool,
    theme: Theme,
    mut view: View,
) -> io::Result<()> {
    let mut terminal = ratatui::try_init()?;
    let _restore = Restore;
    let mut dirty = true;
    let mut gone = false;
    loop {
        loop {
            match rx.try_recv() {
                Ok(s) => {
                    view.apply(s);
                    dirty = true;
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    if !gone {
                        gone = true;
                        view.status =
                            Some("the collector stopped; the numbers are frozen (q quits)".into());
                        dirty = true;
                    }
                    break;
                }
            }
        }
        if dirty {
            terminal.draw(|f| draw(f, &view, theme))?;
            dirty = false;
        }
        if stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        if !event::poll(TICK)? {
            continue;
        }
        match event::read()? {
            Event::Key(k) => {
                if let Some(k) = key(k) {
                    dirty = true;
                    if view.key(k) == Flow::Quit {
                        return Ok(());
                    }
                }
            }
            Event::Resize(..) => dirty = true,
            _ => {}
        }
    }
}
