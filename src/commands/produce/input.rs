//! The input reader: lines from stdin or a file, one at a time into a reused buffer, with
//! what else can happen between two lines: stdin paused (send what is held), Ctrl-C (stop
//! after the last whole line), the end.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use anyhow::Context as _;

use super::{InputMode, Source};
use crate::session::signals::{self, StopRead};

/// What came after the previous line.
pub(super) enum Next {
    /// A line (without its line ending) is in [`Input::line`]; [`Input::line_no`] counts it.
    Line,
    /// Stdin has nothing right now: records held for a full chunk should go out.
    Idle,
    /// Ctrl-C or SIGTERM: every line before it was handed out.
    Interrupted(Interrupt),
    End,
}

pub(super) struct Input {
    reader: Box<dyn BufRead>,
    buf: Vec<u8>,
    line_no: usize,
    /// A line read in part before a pause: continue it.
    resume: bool,
    /// JSON inputs tolerate blank lines between documents.
    skip_blank: bool,
    /// `stdin` or the file's path, for messages.
    pub(super) name: String,
}

impl Input {
    /// `held` is set while records wait for a full chunk: a pause of stdin then says so.
    pub(super) fn open(
        source: &Source,
        mode: InputMode,
        stop: &Arc<AtomicBool>,
        held: &Arc<AtomicBool>,
    ) -> anyhow::Result<Self> {
        let (reader, name): (Box<dyn BufRead>, String) = match source {
            Source::Stdin => (
                Box::new(BufReader::with_capacity(
                    1 << 20,
                    StopRead::stdin(Arc::clone(stop)).with_idle(Arc::clone(held)),
                )),
                "stdin".into(),
            ),
            Source::File(p) => (
                Box::new(BufReader::with_capacity(
                    1 << 20,
                    StopRead::new(
                        File::open(p).with_context(|| format!("cannot open {}", p.display()))?,
                        None,
                        Arc::clone(stop),
                    ),
                )),
                p.display().to_string(),
            ),
        };
        Ok(Self {
            reader,
            buf: Vec::with_capacity(4096),
            line_no: 0,
            resume: false,
            skip_blank: mode != InputMode::Lines,
            name,
        })
    }

    /// The line [`Next::Line`] announced.
    pub(super) fn line(&self) -> &[u8] {
        &self.buf
    }

    pub(super) fn line_no(&self) -> usize {
        self.line_no
    }

    pub(super) fn next(&mut self) -> anyhow::Result<Next> {
        loop {
            if !std::mem::take(&mut self.resume) {
                self.buf.clear();
            }
            let n = match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(n) => n,
                Err(e) if signals::is_idle(&e) => {
                    // a line read in part stays in `buf` and is continued
                    self.resume = true;
                    return Ok(Next::Idle);
                }
                Err(e) => {
                    let e = anyhow::Error::new(e).context(format!("reading {}", self.name));
                    if !signals::is_stop(&e) {
                        return Err(e);
                    }
                    // what was read of a line the signal cut short is not a record
                    return Ok(Next::Interrupted(Interrupt {
                        after_line: self.line_no,
                        cut: !self.buf.is_empty(),
                    }));
                }
            };
            if n == 0 {
                return Ok(Next::End);
            }
            self.line_no += 1;
            if self.buf.last() == Some(&b'\n') {
                self.buf.pop();
                if self.buf.last() == Some(&b'\r') {
                    self.buf.pop();
                }
            }
            if !(self.skip_blank && self.buf.iter().all(u8::is_ascii_whitespace)) {
                return Ok(Next::Line);
            }
        }
    }
}

/// Where Ctrl-C (or SIGTERM) stopped the input: every line up to `after_line` was sent and
/// flushed; `cut` says a later line had been partly read and was not sent.
pub(super) struct Interrupt {
    after_line: usize,
    cut: bool,
}

impl Interrupt {
    pub(super) fn describe(&self, input: &str, delivered: u64, topic: &str) -> String {
        let mut s = format!(
            "interrupted: {delivered} record{} delivered to {topic}; {input} was read up to line {}",
            if delivered == 1 { "" } else { "s" },
            self.after_line
        );
        if self.cut {
            s.push_str(&format!(
                " (line {} was incomplete and not sent)",
                self.after_line + 1
            ));
        }
        s
    }
}
