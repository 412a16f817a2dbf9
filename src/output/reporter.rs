//! The one way a command talks to the user on stderr: notes, warnings, summaries, debug lines
//! and progress bars.
//!
//! Why one handle: `--quiet`, `--verbose`, "is stderr a terminal" and `NO_COLOR` are decided
//! once, not at every `eprintln!`; background threads (librdkafka's log callback, a registry
//! thread) share it because it is cheap to clone and `Send`; and tests swap stderr for a buffer
//! ([`Reporter::capture`]) to assert what a command told the user.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};

/// A function that takes one line (for rooms that may not see [`Reporter`]).
pub type LineFn = Arc<dyn Fn(&str) + Send + Sync>;

/// What the user asked to hear.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Verbosity {
    pub quiet: bool,
    pub verbose: bool,
}

/// Where the lines go: stderr, or a buffer a test reads back.
#[derive(Clone)]
enum Sink {
    Stderr,
    Buffer(Arc<Mutex<Vec<u8>>>),
}

/// The stderr reporter commands receive (see the module header). Every line starts `evctl: `.
#[derive(Clone)]
pub struct Reporter {
    verbosity: Verbosity,
    sink: Sink,
    /// A person reads stderr (progress bars and end-of-run summaries are for people only).
    terminal: bool,
    color: bool,
}

/// What a captured reporter was told, for tests.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    pub fn text(&self) -> String {
        let bytes = self.0.lock().map(|b| b.clone()).unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

impl Reporter {
    /// The process's stderr, with its terminal and `NO_COLOR` facts.
    pub fn stderr(verbosity: Verbosity) -> Self {
        let terminal = std::io::stderr().is_terminal();
        Self {
            verbosity,
            sink: Sink::Stderr,
            terminal,
            color: terminal && !super::no_color(),
        }
    }

    /// A reporter that writes into a buffer (not a terminal, no colour).
    pub fn capture(verbosity: Verbosity) -> (Self, Captured) {
        let buf = Captured::default();
        let me = Self {
            verbosity,
            sink: Sink::Buffer(Arc::clone(&buf.0)),
            terminal: false,
            color: false,
        };
        (me, buf)
    }

    pub fn verbosity(&self) -> Verbosity {
        self.verbosity
    }

    /// Colour is allowed (a terminal, and `NO_COLOR` unset).
    pub fn color(&self) -> bool {
        self.color
    }

    /// Writes one line as it is; errors writing to stderr have nowhere to go and are ignored
    /// (a closed stderr ends the run through [`super::stderr`], never a panic).
    fn line(&self, text: &str) {
        match &self.sink {
            Sink::Stderr => {
                let mut line = String::with_capacity(text.len() + 1);
                line.push_str(text);
                line.push('\n');
                let _ = super::stderr::write_all(line.as_bytes());
            }
            Sink::Buffer(b) => {
                if let Ok(mut b) = b.lock() {
                    b.extend_from_slice(text.as_bytes());
                    b.push(b'\n');
                }
            }
        }
    }

    /// Something the user should know about what the command did (silenced by `-q`).
    pub fn info(&self, msg: impl AsRef<str>) {
        if !self.verbosity.quiet {
            self.line(&format!("evctl: {}", msg.as_ref()));
        }
    }

    /// A fact about how the work is done (`evctl: note: ...`; silenced by `-q`).
    pub fn note(&self, msg: impl AsRef<str>) {
        self.info(format!("note: {}", msg.as_ref()))
    }

    /// A problem that does not stop the command (`evctl: warning: ...`; silenced by `-q`).
    pub fn warn(&self, msg: impl AsRef<str>) {
        self.info(format!("warning: {}", msg.as_ref()))
    }

    /// An end-of-run summary for a person watching: only on a terminal, silenced by `-q`.
    pub fn summary(&self, msg: impl AsRef<str>) {
        if self.terminal {
            self.info(msg)
        }
    }

    /// A line shown with `-v` only, as it is (librdkafka's debug log, client properties).
    pub fn debug(&self, msg: impl AsRef<str>) {
        if self.verbosity.verbose {
            self.line(msg.as_ref());
        }
    }

    /// What is always said, even with `-q`: an address a script is waiting for on stderr
    /// beside its stdout, e.g. `--keep-running`'s. Use sparingly.
    pub fn always(&self, msg: impl AsRef<str>) {
        self.line(&format!("evctl: {}", msg.as_ref()));
    }

    /// A throughput spinner, only for a person (a terminal, not `-q`): the position counts
    /// records, and a message set on it follows them.
    pub fn progress(&self, what: &str) -> Option<indicatif::ProgressBar> {
        if self.verbosity.quiet || !self.terminal || !matches!(self.sink, Sink::Stderr) {
            return None;
        }
        let pb = indicatif::ProgressBar::new_spinner();
        let style = indicatif::ProgressStyle::with_template(&format!(
            "{{spinner}} {what} {{human_pos}} records ({{per_sec}}) {{elapsed}} {{msg}}"
        ))
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner());
        pb.set_style(style);
        pb.set_draw_target(indicatif::ProgressDrawTarget::stderr_with_hz(8));
        Some(pb)
    }

    /// The debug lines as a shareable function, for rooms that may not see this type (the
    /// broker's log callback); None unless `-v`.
    pub fn debug_sink(&self) -> Option<LineFn> {
        if !self.verbosity.verbose {
            return None;
        }
        let me = self.clone();
        Some(Arc::new(move |line: &str| me.debug(line)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_keeps_only_what_must_be_said() {
        let (r, out) = Reporter::capture(Verbosity {
            quiet: true,
            verbose: false,
        });
        r.info("made a topic");
        r.warn("retrying");
        r.note("by timestamps");
        r.debug("librdkafka says");
        r.always("still running at X");
        assert_eq!(out.text(), "evctl: still running at X\n");
    }

    #[test]
    fn lines_are_prefixed_and_debug_needs_verbose() {
        let (r, out) = Reporter::capture(Verbosity {
            quiet: false,
            verbose: true,
        });
        r.warn("broker went away (still trying)");
        r.note("client-side time filter");
        r.debug("librdkafka Debug FETCH: x");
        r.summary("12 records in 0.10s"); // not a terminal: no summary
        if let Some(f) = r.debug_sink() {
            f("from a callback");
        }
        assert_eq!(
            out.text(),
            "evctl: warning: broker went away (still trying)\n\
             evctl: note: client-side time filter\n\
             librdkafka Debug FETCH: x\n\
             from a callback\n"
        );
        assert!(r.progress("x").is_none());
        assert!(!r.color());
    }
}
