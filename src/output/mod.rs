//! Non-interactive presentation: record printers, tables, reports and the stderr
//! [`reporter::Reporter`], all written to a caller-supplied `impl Write` or buffer so tests can
//! capture them. This is the only room that writes text for people.

pub mod compat;
pub mod config;
pub mod deadletters;
pub mod dev;
pub mod exporter;
pub mod groups;
pub mod lag;
pub mod logs;
pub mod metrics;
pub mod records;
pub mod registry;
pub mod reporter;
pub mod simulation;
pub mod stderr;
pub mod timeline;
pub mod topics;
pub mod traces;

/// Where a command's results go: the process's stdout in the binary, a buffer in tests.
/// `terminal` says whether a person is looking at it (hints, `top`'s screen).
pub struct Out<'a> {
    w: &'a mut dyn Write,
    terminal: bool,
}

impl<'a> Out<'a> {
    pub fn new(w: &'a mut dyn Write, terminal: bool) -> Self {
        Self { w, terminal }
    }

    pub fn is_terminal(&self) -> bool {
        self.terminal
    }
}

impl Write for Out<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.w.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.w.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

/// How a command's one report is written (`-o text|json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReportFormat {
    #[default]
    Text,
    Json,
}

/// Writes text this room rendered, flushed (the caller may wait for the next input).
pub fn write_text(w: &mut dyn Write, text: &str) -> io::Result<()> {
    w.write_all(text.as_bytes())?;
    w.flush()
}

/// Writes a report: `text(value)`, or `value` as pretty JSON with a final newline; flushed.
pub fn write_report<T: serde::Serialize + ?Sized>(
    w: &mut dyn Write,
    format: ReportFormat,
    value: &T,
    text: impl FnOnce(&T) -> String,
) -> io::Result<()> {
    match format {
        ReportFormat::Text => w.write_all(text(value).as_bytes())?,
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut *w, value)?;
            w.write_all(b"\n")?;
        }
    }
    w.flush()
}

/// Seconds to the millisecond, as reports and JSON summaries give them.
pub fn millis(seconds: f64) -> f64 {
    (seconds * 1000.0).round() / 1000.0
}

/// `NO_COLOR` as no-color.org defines it: set and not empty (one meaning everywhere).
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

use std::io::{self, Write};

use comfy_table::presets::NOTHING;
use comfy_table::{Cell, CellAlignment, Table};

/// A plain, borderless table in the style of `kubectl get`: headers, then rows; numeric
/// columns (by the caller's say) right-aligned.
pub fn table(headers: &[&str], rows: &[Vec<String>], numeric: &[usize]) -> String {
    let mut t = Table::new();
    t.load_preset(NOTHING);
    t.set_header(headers.iter().map(Cell::new));
    for r in rows {
        t.add_row(r.iter().enumerate().map(|(i, c)| {
            let cell = Cell::new(c);
            if numeric.contains(&i) {
                cell.set_alignment(CellAlignment::Right)
            } else {
                cell
            }
        }));
    }
    // comfy-table pads the outer edges with a space; trim it so output diffs cleanly
    let mut out: String = t
        .to_string()
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l).trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n");
    out.push('\n');
    out
}

/// `s` cut to `width` characters (a multi-byte character is never split), `…` marking a cut.
pub fn cut(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Sorted line numbers as ranges, `3-7, 12, 20-21`; after `max` ranges the rest is counted
/// (`… and 40 more lines`), so a report of a million failures stays one readable line.
pub fn line_ranges(lines: &[usize], max: usize) -> String {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for &l in lines {
        match ranges.last_mut() {
            Some((_, end)) if l == *end || l == *end + 1 => *end = l,
            _ => ranges.push((l, l)),
        }
    }
    let mut parts: Vec<String> = ranges
        .iter()
        .take(max)
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            }
        })
        .collect();
    let shown: usize = ranges.iter().take(max).map(|&(a, b)| b - a + 1).sum();
    let more = lines.len().saturating_sub(shown);
    if ranges.len() > max && more > 0 {
        parts.push(format!(
            "… and {more} more line{}",
            if more == 1 { "" } else { "s" }
        ));
    }
    parts.join(", ")
}

/// `1234567.8` → `1.23M`, for summaries.
pub fn si(n: f64) -> String {
    if n >= 1e6 {
        format!("{:.2}M", n / 1e6)
    } else if n >= 1e3 {
        format!("{:.1}k", n / 1e3)
    } else {
        format!("{n:.0}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ranges_join_runs_and_count_the_rest() {
        assert_eq!(line_ranges(&[], 5), "");
        assert_eq!(line_ranges(&[4], 5), "4");
        assert_eq!(line_ranges(&[1, 2, 3, 7, 9, 10], 5), "1-3, 7, 9-10");
        assert_eq!(line_ranges(&[1, 3, 5, 6, 8], 2), "1, 3, … and 3 more lines");
    }

    #[test]
    fn tables_align_numbers_right() {
        let t = table(
            &["NAME", "PARTITIONS"],
            &[
                vec!["orders".into(), "12".into()],
                vec!["p".into(), "4".into()],
            ],
            &[1],
        );
        assert_eq!(
            t,
            "NAME    PARTITIONS\norders          12\np                4\n"
        );
    }

    #[test]
    fn cuts_keep_whole_characters() {
        assert_eq!(cut("héllo wörld", 6), "héllo…");
        assert_eq!(cut("short", 6), "short");
    }

    #[test]
    fn si_units() {
        assert_eq!(si(1_234_567.0), "1.23M");
        assert_eq!(si(12_345.0), "12.3k");
        assert_eq!(si(12.0), "12");
    }
}
