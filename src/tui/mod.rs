//! `evctl top`'s screen: state, keys and drawing (ratatui + crossterm).
//!
//! Why a room of its own (DESIGN §2): the numbers are gathered by a background collector in
//! `commands` and arrive here as [`Snapshot`](crate::domain::dashboard::Snapshot)s over a
//! channel; this room only keeps what the screen needs across refreshes (trends, rates,
//! selection, filter, pause) and draws it. `state` and `render` are pure, so every screen is
//! tested with ratatui's `TestBackend`; `terminal` is the only part that touches the tty, and
//! it restores it on every way out (quit, error, panic, SIGTERM).

pub mod render;
pub mod state;
pub mod terminal;
