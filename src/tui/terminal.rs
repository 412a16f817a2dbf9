//! The tty: raw mode and the alternate screen while `top` runs, keys in, frames out.
//!
//! Why a guard and a panic hook both: a normal return, an error (`?`) and a panic all leave
//! through `Restore::drop`, and a panic also restores before its message is printed (ratatui's
//! hook), so the message is readable and the shell is usable. SIGTERM and SIGINT set the stop
//! flag the loop checks; in raw mode Ctrl-C arrives as a key and quits the same way.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
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
pub fn run(
    rx: &Receiver<Snapshot>,
    stop: &AtomicBool,
    theme: Theme,
    mut view: View,
) -> io::Result<()> {
    // before ratatui's hook, so it runs after the terminal is back: the cursor too
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), cursor::Show);
        previous(info);
    }));
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
