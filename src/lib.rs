//! evctl: a fast CLI for event-driven systems on Apache Kafka.
//!
//! Rooms, one folder each, importing only downwards (tests/cli/rooms.rs holds the rules):
//! - `cli`: clap types and their validation into requests;
//! - `commands`: one file or folder per command, wiring the rooms; never another command;
//! - `scan`: the scan engine consume, tail, dlq and top drive (plan, drive loop, sources);
//! - `simulate`: the marketplace, its pure `model` (generator, services, projection,
//!   invariants, report data), its wire codec, and the threads that run it on Kafka;
//! - `session`: what every command uses: connection and context resolution, signals, signing,
//!   the clock;
//! - `broker`: everything rdkafka, the embedded broker;
//! - `codec`: bytes ⇄ values, schemas, compatibility, the registry;
//! - `output`: all text for people and scripts, the stderr reporter;
//! - `tui`: `top`'s screen;
//! - `domain`: pure types and rules.
//!
//! Only `main` prints errors and chooses exit codes; see [`exit_code`].

// what the integration tests and the fuzz targets reach: the pure rooms and the broker
pub mod broker;
pub mod codec;
pub mod domain;
#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub mod fuzzing;
// the rest is the binary's own (crate-visible, so the dead-code lint sees unused items)
pub(crate) mod cli;
pub(crate) mod commands;
pub(crate) mod output;
pub(crate) mod scan;
pub(crate) mod session;
pub(crate) mod simulate;
pub(crate) mod tui;

use std::io::Write;

use clap::CommandFactory;

/// Exit codes, in one place: 0 ok, 1 negative result, 2 error.
pub mod exit_code {
    pub const OK: i32 = 0;
    pub const NEGATIVE: i32 = 1;
    pub const ERROR: i32 = 2;
    pub const INTERRUPTED: i32 = crate::session::signals::INTERRUPTED_EXIT;
}

/// The shell completion script for `shell`, as `evctl completions` prints it.
fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cli::Cli::command(), "evctl", &mut out);
    out
}

/// The man page (roff), as `evctl man` prints it.
fn man_page() -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    clap_mangen::Man::new(cli::Cli::command()).render(&mut out)?;
    Ok(out)
}

/// True when an error chain ends in a closed pipe (`evctl consume | head`): not a failure.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Runs evctl with the process arguments and returns the exit code.
pub fn main_exit_code() -> i32 {
    let args = cli::parse();
    // one stdout for every command, locked once
    let stdout = std::io::stdout();
    let terminal = std::io::IsTerminal::is_terminal(&stdout);
    let mut lock = stdout.lock();
    let mut out = output::Out::new(&mut lock, terminal);
    let mut print = |bytes: std::io::Result<Vec<u8>>| -> anyhow::Result<commands::Outcome> {
        out.write_all(&bytes?)?;
        out.flush()?;
        Ok(commands::Outcome::Success)
    };
    let result = match &args.command {
        cli::Command::Completions { shell } => print(Ok(completions(*shell))),
        cli::Command::Man => print(man_page()),
        _ => match cli::resolve(args) {
            Ok((globals, request)) => commands::run(globals, &mut out, request),
            Err(e) => Err(anyhow::anyhow!(e)),
        },
    };
    match result {
        Ok(commands::Outcome::Success) => exit_code::OK,
        Ok(commands::Outcome::Negative) => exit_code::NEGATIVE,
        // a closed stderr ends a run as a closed stdout does: not a failure
        Ok(commands::Outcome::Interrupted) if output::stderr::closed() => exit_code::OK,
        Ok(commands::Outcome::Interrupted) => exit_code::INTERRUPTED,
        Err(e) if is_broken_pipe(&e) => exit_code::OK,
        Err(e) => {
            let _ = output::stderr::write_all(format!("evctl: {e:#}\n").as_bytes());
            exit_code::ERROR
        }
    }
}
