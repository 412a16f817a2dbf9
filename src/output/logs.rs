//! Structured logs on stderr (`--log-format text|json`), through `tracing`.
//!
//! Why tracing: the services log with fields (correlationId, eventId, orderId, topic,
//! partition, offset), and one subscriber turns the same call into a readable line or a JSON
//! object a log pipeline can index, without the call sites knowing which.

use std::io::IsTerminal;

use tracing_subscriber::filter::LevelFilter;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// Turns logging on for the process (once; a second call is refused and changes nothing).
pub fn init(format: LogFormat, level: LevelFilter) -> Result<(), String> {
    if level == LevelFilter::OFF {
        return Ok(());
    }
    let builder = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(|| super::stderr::Stderr)
        // its own write failures would go to `eprintln!`, which panics on a closed stderr
        .log_internal_errors(false)
        .with_target(false);
    let done = match format {
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .try_init(),
        LogFormat::Text => builder
            .with_ansi(std::io::stderr().is_terminal() && !super::no_color())
            .try_init(),
    };
    done.map_err(|e| format!("starting the logs: {e}"))
}
