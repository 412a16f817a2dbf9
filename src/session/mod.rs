//! What every command needs and no command owns: the connection a command line resolves to
//! (flags, environment, the config file's contexts, password sources), Ctrl-C and SIGTERM as
//! a stop flag, event signing, and the one clock.
//!
//! Why a room of its own: these were modules of `commands` beside the commands themselves, so
//! a newcomer could not tell a command from a helper, and every command imported its
//! neighbours' module path. Commands (and the scan engine) import this room; it imports no
//! command.

pub mod context;
pub mod http;
pub mod signals;
pub mod signing;

use crate::broker::ClientLog;
use crate::output::reporter::Reporter;

/// Wall-clock milliseconds since the epoch: the one clock the commands (and `cli`, to make
/// `@-5m` absolute) read; `domain` is handed times, it never reads the clock.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// The broker clients' debug log: the reporter's `-v` lines.
pub(crate) fn client_log(rep: &Reporter) -> ClientLog {
    rep.debug_sink()
}
