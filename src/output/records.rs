//! Printers for consumed records: JSONL envelopes, a JSON array, a one-line text form, raw
//! values, and kcat-style `--format` templates.
//!
//! Why one printer over `impl Write`: the consume loop stays free of formatting, tests pass a
//! `Vec<u8>`, and every format shares one reusable buffer so the hot path allocates nothing.

use std::io::{self, Write};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;

use crate::domain::envelope::{
    classify_value, encode_envelope, push_headers, push_json_str, push_value, RecordRef, ValueKind,
};
use crate::domain::offsets::{OffsetReset, StartMoved};

/// One piece of a `--format` template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Lit(Vec<u8>),
    Topic,
    Partition,
    Offset,
    Key,
    KeyLen,
    Value,
    ValueLen,
    Headers,
    Timestamp,
}

/// The grammar, shown when a template does not parse.
pub const TEMPLATE_HELP: &str = "%t topic, %p partition, %o offset, %k key, %K key length, %s value, %S value length, %h headers (k=v,...), %T timestamp (ms), %% a percent sign; escapes \\n \\t \\\\";

pub fn parse_template(t: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut lit = Vec::new();
    let mut chars = t.chars();
    while let Some(c) = chars.next() {
        match c {
            '%' => {
                let p = match chars.next() {
                    Some('t') => Piece::Topic,
                    Some('p') => Piece::Partition,
                    Some('o') => Piece::Offset,
                    Some('k') => Piece::Key,
                    Some('K') => Piece::KeyLen,
                    Some('s') => Piece::Value,
                    Some('S') => Piece::ValueLen,
                    Some('h') => Piece::Headers,
                    Some('T') => Piece::Timestamp,
                    Some('%') => {
                        lit.push(b'%');
                        continue;
                    }
                    Some(other) => {
                        return Err(format!(
                            "unknown format token '%{other}'; use {TEMPLATE_HELP}"
                        ))
                    }
                    None => {
                        return Err(format!("format ends with a lone '%'; use {TEMPLATE_HELP}"))
                    }
                };
                if !lit.is_empty() {
                    pieces.push(Piece::Lit(std::mem::take(&mut lit)));
                }
                pieces.push(p);
            }
            '\\' => match chars.next() {
                Some('n') => lit.push(b'\n'),
                Some('t') => lit.push(b'\t'),
                Some('r') => lit.push(b'\r'),
                Some('0') => lit.push(0),
                Some('\\') => lit.push(b'\\'),
                Some(other) => {
                    lit.push(b'\\');
                    let mut b = [0u8; 4];
                    lit.extend_from_slice(other.encode_utf8(&mut b).as_bytes());
                }
                None => lit.push(b'\\'),
            },
            _ => {
                let mut b = [0u8; 4];
                lit.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
            }
        }
    }
    if !lit.is_empty() {
        pieces.push(Piece::Lit(lit));
    }
    Ok(pieces)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordFormat {
    Jsonl,
    /// One JSON array, streamed element by element.
    Json,
    Text,
    Raw,
    Template(Vec<Piece>),
}

pub struct RecordPrinter<W: Write> {
    out: W,
    format: RecordFormat,
    buf: Vec<u8>,
    printed: u64,
}

fn push_num(buf: &mut Vec<u8>, n: i64) {
    buf.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

fn push_plain_headers(buf: &mut Vec<u8>, r: &RecordRef<'_>) {
    for (i, (k, v)) in r.headers.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        buf.extend_from_slice(k.as_bytes());
        buf.push(b'=');
        if let Some(v) = v {
            buf.extend_from_slice(v);
        }
    }
}

/// Adds `"signature":"<verdict>"` inside the envelope just written (before its `}`).
pub(crate) fn push_signature_field(buf: &mut Vec<u8>, signature: Option<&str>) {
    if let Some(s) = signature {
        if buf.last() == Some(&b'}') {
            buf.pop();
            buf.extend_from_slice(b",\"signature\":");
            push_json_str(buf, s);
            buf.push(b'}');
        }
    }
}

/// Text for humans: UTF-8 as is, anything else as `base64:...`.
fn push_human_bytes(buf: &mut Vec<u8>, b: &[u8]) {
    if std::str::from_utf8(b).is_ok() {
        buf.extend_from_slice(b);
    } else {
        buf.extend_from_slice(b"base64:");
        buf.extend_from_slice(B64.encode(b).as_bytes());
    }
}

/// Records the broker deleted before the read reached them are not the read's to deliver,
/// but they are never skipped without a word.
pub fn offset_reset(r: &OffsetReset) -> String {
    let from =
        r.at.map(|o| format!("offset {o}"))
            .unwrap_or_else(|| "the read's position".to_string());
    let on = if r.to_end {
        "reading on from the end (auto.offset.reset)"
    } else {
        "reading on from the earliest record kept"
    };
    format!(
        "{}/{}: the records from {from} were deleted by the broker (retention) before this \
         read reached them; {on}",
        r.topic, r.partition
    )
}

/// An absolute `--from` the partition does not hold: where the read starts instead and what
/// that skips.
pub fn start_moved(topic: &str, partition: i32, m: &StartMoved) -> String {
    match *m {
        StartMoved::BeforeStart { asked, low } => format!(
            "{topic}/{partition}: --from {asked} is before the earliest record kept ({low}): \
             reading from {low}; offsets {asked}..{} ({} records) are gone (retention or \
             compaction) or were never written",
            low - 1,
            low - asked
        ),
        StartMoved::PastEnd { asked, high } => format!(
            "{topic}/{partition}: --from {asked} is past the end ({high}): reading from the end"
        ),
    }
}

pub fn rfc3339_ms(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
        .unwrap_or_else(|| ms.to_string())
}

impl<W: Write> RecordPrinter<W> {
    pub fn new(out: W, format: RecordFormat) -> Self {
        Self {
            out,
            format,
            buf: Vec::with_capacity(64 * 1024),
            printed: 0,
        }
    }

    #[cfg(test)]
    /// The writer (tests read what was printed).
    pub fn get_ref(&self) -> &W {
        &self.out
    }

    #[cfg(test)]
    pub fn print(&mut self, r: &RecordRef<'_>) -> io::Result<()> {
        self.print_marked(r, None)
    }

    /// Prints a record with its signature verdict (`"signature"` in envelopes,
    /// `signature=` in text; raw and template output have no place for it).
    pub fn print_marked(&mut self, r: &RecordRef<'_>, signature: Option<&str>) -> io::Result<()> {
        let buf = &mut self.buf;
        match &self.format {
            RecordFormat::Jsonl => {
                encode_envelope(buf, r);
                push_signature_field(buf, signature);
                buf.push(b'\n');
            }
            RecordFormat::Json => {
                buf.extend_from_slice(if self.printed == 0 { b"[\n" } else { b",\n" });
                encode_envelope(buf, r);
                push_signature_field(buf, signature);
            }
            RecordFormat::Raw => {
                if let Some(v) = r.value {
                    buf.extend_from_slice(v);
                }
                buf.push(b'\n');
            }
            RecordFormat::Text => {
                buf.extend_from_slice(r.topic.as_bytes());
                buf.push(b'/');
                push_num(buf, i64::from(r.partition));
                buf.push(b'@');
                push_num(buf, r.offset);
                if let Some(t) = r.timestamp {
                    buf.push(b' ');
                    buf.extend_from_slice(rfc3339_ms(t).as_bytes());
                }
                buf.extend_from_slice(b" key=");
                match r.key {
                    Some(k) => push_human_bytes(buf, k),
                    None => buf.extend_from_slice(b"null"),
                }
                if !r.headers.is_empty() {
                    buf.extend_from_slice(b" headers=");
                    push_headers(buf, r.headers);
                }
                if let Some(s) = signature {
                    buf.extend_from_slice(b" signature=");
                    buf.extend_from_slice(s.as_bytes());
                }
                buf.push(b' ');
                match r.value {
                    Some(v) if r.value_error.is_some() => {
                        buf.extend_from_slice(b"base64:");
                        buf.extend_from_slice(B64.encode(v).as_bytes());
                        buf.extend_from_slice(b" (undecodable: ");
                        buf.extend_from_slice(r.value_error.unwrap_or_default().as_bytes());
                        buf.push(b')');
                    }
                    // text as it is; JSON compacted onto the line; binary as base64
                    Some(v) => match classify_value(v) {
                        ValueKind::Text | ValueKind::Binary => push_human_bytes(buf, v),
                        ValueKind::CompactJson | ValueKind::MultilineJson => {
                            push_value(buf, v);
                        }
                    },
                    None => buf.extend_from_slice(b"null"),
                }
                buf.push(b'\n');
            }
            RecordFormat::Template(pieces) => {
                for p in pieces {
                    match p {
                        Piece::Lit(l) => buf.extend_from_slice(l),
                        Piece::Topic => buf.extend_from_slice(r.topic.as_bytes()),
                        Piece::Partition => push_num(buf, i64::from(r.partition)),
                        Piece::Offset => push_num(buf, r.offset),
                        Piece::Key => buf.extend_from_slice(r.key.unwrap_or_default()),
                        Piece::KeyLen => push_num(buf, r.key.map_or(-1, |k| k.len() as i64)),
                        Piece::Value => buf.extend_from_slice(r.value.unwrap_or_default()),
                        Piece::ValueLen => push_num(buf, r.value.map_or(-1, |v| v.len() as i64)),
                        Piece::Headers => push_plain_headers(buf, r),
                        Piece::Timestamp => push_num(buf, r.timestamp.unwrap_or(-1)),
                    }
                }
            }
        }
        self.printed += 1;
        if buf.len() >= 60 * 1024 {
            self.out.write_all(buf)?;
            buf.clear();
        }
        Ok(())
    }

    /// Writes what is buffered and flushes the writer (so a commit can follow).
    pub fn flush(&mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        self.out.flush()
    }

    /// Closes the output (the JSON array's bracket) and flushes.
    pub fn finish(&mut self) -> io::Result<()> {
        if self.format == RecordFormat::Json {
            self.buf
                .extend_from_slice(if self.printed == 0 { b"[]\n" } else { b"\n]\n" });
        }
        self.flush()
    }
}

/// `-v` on a follow (`consume -f`, `tail -f`), once every partition's end is reached: from
/// here on, what is printed is new.
pub const FOLLOWING: &str = "evctl: caught up with every partition; following new records";

/// What `produce` did, for its summary.
pub struct Produced<'a> {
    pub topic: &'a str,
    pub records: u64,
    pub bytes: u64,
    pub failed: u64,
    /// Input lines whose records were not delivered.
    pub failed_lines: &'a [usize],
    pub seconds: f64,
}

impl Produced<'_> {
    fn rate(&self) -> f64 {
        if self.seconds > 0.0 {
            self.records as f64 / self.seconds
        } else {
            0.0
        }
    }
}

/// `produce -o json`: the summary as one JSON line on stdout.
pub fn write_produced(w: &mut dyn Write, p: &Produced) -> io::Result<()> {
    let v = serde_json::json!({
        "topic": p.topic,
        "records": p.records,
        "bytes": p.bytes,
        "failed": p.failed,
        "failed_lines": super::line_ranges(p.failed_lines, usize::MAX),
        "seconds": super::millis(p.seconds),
        "msgs_per_sec": p.rate().round(),
    });
    writeln!(w, "{v}")?;
    w.flush()
}

/// The summary line on stderr.
pub fn produced_line(p: &Produced) -> String {
    format!(
        "produced {} record{} ({} bytes) to {} in {:.2}s ({} msgs/s){}",
        p.records,
        if p.records == 1 { "" } else { "s" },
        p.bytes,
        p.topic,
        p.seconds,
        super::si(p.rate()),
        if p.failed > 0 {
            format!(", {} failed", p.failed)
        } else {
            String::new()
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::envelope::Header;

    #[test]
    fn a_moved_start_says_what_it_skips() {
        let m = StartMoved::BeforeStart {
            asked: 100,
            low: 34658,
        };
        assert_eq!(
            start_moved("orders", 0, &m),
            "orders/0: --from 100 is before the earliest record kept (34658): reading from \
             34658; offsets 100..34657 (34558 records) are gone (retention or compaction) or \
             were never written"
        );
        let m = StartMoved::PastEnd { asked: 9, high: 2 };
        assert_eq!(
            start_moved("orders", 1, &m),
            "orders/1: --from 9 is past the end (2): reading from the end"
        );
    }

    #[test]
    fn an_offset_reset_names_the_partition_and_where_the_read_goes_on() {
        let mut r = OffsetReset {
            topic: "orders".into(),
            partition: 2,
            at: Some(30869),
            to_end: false,
        };
        assert_eq!(
            offset_reset(&r),
            "orders/2: the records from offset 30869 were deleted by the broker (retention) \
             before this read reached them; reading on from the earliest record kept"
        );
        (r.at, r.to_end) = (None, true);
        let s = offset_reset(&r);
        assert!(
            s.contains("from the read's position")
                && s.ends_with("from the end (auto.offset.reset)"),
            "{s}"
        );
    }

    fn print_all(format: RecordFormat) -> String {
        let h: [Header<'_>; 2] = [("eventId", Some(b"e-1")), ("source", Some(b"gw"))];
        let r = RecordRef {
            topic: "orders",
            partition: 1,
            offset: 7,
            timestamp: Some(1_700_000_000_123),
            key: Some(b"o-1"),
            value: Some(br#"{"orderId":"o-1"}"#),
            headers: &h,
            value_error: None,
            value_invalid: None,
        };
        let mut p = RecordPrinter::new(Vec::new(), format);
        p.print(&r).unwrap();
        p.print(&RecordRef {
            offset: 8,
            key: None,
            value: None,
            headers: &[],
            ..r
        })
        .unwrap();
        p.finish().unwrap();
        String::from_utf8(p.out).unwrap()
    }

    #[test]
    fn templates_follow_kcat() {
        let t = parse_template(r"%t %p %o %k %K %S %h %T\n%s|%%\n").unwrap();
        let out = print_all(RecordFormat::Template(t));
        assert_eq!(
            out,
            "orders 1 7 o-1 3 17 eventId=e-1,source=gw 1700000000123\n{\"orderId\":\"o-1\"}|%\norders 1 8  -1 -1  1700000000123\n|%\n"
        );
        assert!(parse_template("%x").unwrap_err().contains("'%x'"));
        assert!(parse_template("100%").is_err());
    }

    #[test]
    fn every_format_prints_both_records() {
        let jsonl = print_all(RecordFormat::Jsonl);
        assert_eq!(jsonl.lines().count(), 2);
        for l in jsonl.lines() {
            serde_json::from_str::<serde_json::Value>(l).unwrap();
        }
        let json: serde_json::Value = serde_json::from_str(&print_all(RecordFormat::Json)).unwrap();
        assert_eq!(json.as_array().unwrap().len(), 2);
        assert_eq!(json[0]["value"]["orderId"], "o-1");
        assert_eq!(print_all(RecordFormat::Raw), "{\"orderId\":\"o-1\"}\n\n");
        let text = print_all(RecordFormat::Text);
        assert!(text.starts_with("orders/1@7 2023-11-14T22:13:20.123Z key=o-1 headers={\"eventId\":\"e-1\",\"source\":\"gw\"} {\"orderId\":\"o-1\"}\n"), "{text}");
        assert!(
            text.ends_with("orders/1@8 2023-11-14T22:13:20.123Z key=null null\n"),
            "{text}"
        );
    }

    #[test]
    fn an_empty_json_array_is_still_json() {
        let mut p = RecordPrinter::new(Vec::new(), RecordFormat::Json);
        p.finish().unwrap();
        assert_eq!(String::from_utf8(p.out).unwrap(), "[]\n");
    }
}
