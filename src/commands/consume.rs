//! `evctl consume`: the scan engine ([`crate::scan`]) with a printing sink: decode framed keys
//! and values, filter, print, stop at `-n`.
//!
//! Everything about positions, ends, gaps and group commits is the engine's; this module only
//! decides what happens to each record and what the user is told at the end.

use std::io::Write;

use anyhow::{bail, Context as _};

use super::Outcome;
use crate::codec::values::{DecodeArgs, Decoded, ValueDecoder};
use crate::domain::connection::ConnectionArgs;
use crate::domain::envelope::RecordRef;
use crate::domain::filter::{Filters, Matcher};
use crate::domain::offsets::{EndSpec, StartSpec};
use crate::output::records::{RecordFormat, RecordPrinter};
use crate::output::reporter::Reporter;
use crate::output::Out;
use crate::scan::{Flow, ScanSpec, Scanner, Sink, TopicSelection};
use crate::session::signing::{SignatureCheck, VerifyArgs};
use crate::session::{context, signals};

#[derive(Debug)]
pub struct ConsumeRequest {
    pub conn: ConnectionArgs,
    pub topics: TopicSelection,
    pub from: StartSpec,
    /// None: follow.
    pub until: Option<EndSpec>,
    pub count: Option<u64>,
    pub group: Option<String>,
    pub filters: Filters,
    /// None: jsonl when stdout is not a terminal, text when it is.
    pub format: Option<RecordFormat>,
    pub decode: DecodeArgs,
    pub verify: VerifyArgs,
}

/// Filter, print, count: the half of the sink that never decodes.
struct Printed<W: Write> {
    printer: RecordPrinter<W>,
    /// None: no filters (every record is printed).
    matcher: Option<Matcher>,
    count: Option<u64>,
    matched: u64,
    /// The signature verdict of the record being emitted (with --verify-key-file).
    mark: Option<&'static str>,
}

impl<W: Write> Printed<W> {
    /// Filters, prints and counts one record whose key and value are ready to show.
    fn emit(&mut self, rec: &RecordRef<'_>) -> anyhow::Result<Flow> {
        if self.matcher.as_ref().is_some_and(|m| !m.accepts(rec)) {
            return Ok(Flow::Continue);
        }
        self.printer.print_marked(rec, self.mark)?;
        self.matched += 1;
        Ok(match self.count {
            Some(c) if self.matched >= c => Flow::Stop,
            _ => Flow::Continue,
        })
    }
}

/// Decode (when there is a decoder), then filter, print, count.
struct PrintSink<'a, W: Write> {
    out: Printed<W>,
    decoder: Option<ValueDecoder>,
    skip_undecodable: bool,
    undecodable: u64,
    signatures: Option<SignatureCheck>,
    rep: &'a Reporter,
}

impl<W: Write> PrintSink<'_, W> {
    /// Tells the user about a value that could not be decoded.
    fn undecodable(&mut self, rec: &RecordRef<'_>, reason: &str) {
        self.undecodable += 1;
        let what = if self.skip_undecodable {
            "skipped"
        } else {
            "shown as base64"
        };
        self.rep.info(format!(
            "{}/{}@{}: cannot decode the value: {reason} ({what})",
            rec.topic, rec.partition, rec.offset
        ));
    }
}

impl<W: Write> Sink for PrintSink<'_, W> {
    fn record(&mut self, rec: &RecordRef<'_>) -> anyhow::Result<Flow> {
        // on the bytes as they came: the signature covers those, not a decoding of them
        if let Some(sc) = self.signatures.as_mut() {
            self.out.mark = Some(sc.check(rec, self.rep)?);
        }
        let Some(decoder) = self.decoder.as_mut() else {
            return self.out.emit(rec);
        };
        let key = rec
            .key
            .and_then(|k| decoder.decode_key(rec.topic, rec.headers, k));
        let rec = RecordRef {
            key: key.as_deref().or(rec.key),
            ..*rec
        };
        let failure = match rec.value.map(|v| decoder.decode(rec.topic, rec.headers, v)) {
            Some(Decoded::Json(json)) => {
                return self.out.emit(&RecordRef {
                    value: Some(json),
                    ..rec
                })
            }
            Some(Decoded::Unmatched { json, reason }) => {
                let (json, reason) = (json.to_vec(), reason.to_string());
                for note in decoder.take_notes() {
                    self.rep.note(note);
                }
                return self.out.emit(&RecordRef {
                    value: Some(&json),
                    value_invalid: Some(&reason),
                    ..rec
                });
            }
            Some(Decoded::Failed(reason)) => reason.to_string(),
            Some(Decoded::NotFramed) | None => return self.out.emit(&rec),
        };
        for note in decoder.take_notes() {
            self.rep.note(note);
        }
        self.undecodable(&rec, &failure);
        if self.skip_undecodable {
            return Ok(Flow::Continue);
        }
        self.out.emit(&RecordRef {
            value_error: Some(&failure),
            ..rec
        })
    }

    fn flush(&mut self) -> anyhow::Result<()> {
        if let Some(d) = self.decoder.as_mut() {
            for note in d.take_notes() {
                self.rep.note(note);
            }
        }
        self.out.printer.flush().context("writing output")
    }
}

fn default_format(out: &Out) -> RecordFormat {
    if out.is_terminal() {
        RecordFormat::Text
    } else {
        RecordFormat::Jsonl
    }
}

pub fn run(rep: &Reporter, out: &mut Out, r: ConsumeRequest) -> anyhow::Result<Outcome> {
    let conn = context::connection(&r.conn)?;
    let signatures = SignatureCheck::new(&r.verify)?;
    let decoder = ValueDecoder::open(&r.decode, &conn)?;
    let spec = ScanSpec {
        route: None,
        topics: r.topics,
        from: r.from,
        until: r.until,
        group: r.group,
    };
    let scanner = Scanner::open(&conn, &spec, rep)?;
    let format = r.format.unwrap_or_else(|| default_format(out));
    let mut sink = PrintSink {
        out: Printed {
            printer: RecordPrinter::new(out, format),
            matcher: (!r.filters.is_empty()).then(|| r.filters.matcher()),
            count: r.count,
            matched: 0,
            mark: None,
        },
        decoder,
        skip_undecodable: r.decode.skip_undecodable,
        undecodable: 0,
        signatures,
        rep,
    };
    let stop = signals::stop_flag()?;
    let end = scanner.run(&mut sink, &stop, rep).inspect_err(|_| {
        // what was accepted before the failure is shown (a refused signature, a lost broker)
        let _ = sink.out.printer.flush();
    })?;
    sink.out.printer.finish().context("writing output")?;
    let matched = sink.out.matched;
    if let Some(sc) = &sink.signatures {
        rep.info(sc.summary());
    }
    rep.summary(format!(
        "{matched} record{} in {:.2}s",
        if matched == 1 { "" } else { "s" },
        end.elapsed.as_secs_f64()
    ));
    if sink.undecodable > 0 && !sink.skip_undecodable {
        bail!(
            "{} record{} could not be decoded (shown with their raw bytes in base64; --skip-undecodable skips them)",
            sink.undecodable,
            if sink.undecodable == 1 { "" } else { "s" }
        );
    }
    if matched == 0 && !r.filters.is_empty() {
        return Ok(Outcome::Negative);
    }
    Ok(Outcome::Success)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::avro_codec::{confluent_header, encode_json, DecodeOptions};
    use crate::codec::avro_schema::AvroSchema;
    use crate::codec::values::KnownSchemas;
    use crate::domain::filter::JsonPath;
    use crate::output::reporter::Verbosity;
    use std::sync::Arc;

    const S: &str = r#"{"type":"record","name":"A","fields":[{"name":"s","type":"string"}]}"#;

    fn sink<'a>(rep: &'a Reporter, decoder: Option<ValueDecoder>) -> PrintSink<'a, Vec<u8>> {
        PrintSink {
            out: Printed {
                printer: RecordPrinter::new(Vec::new(), RecordFormat::Raw),
                matcher: None,
                count: None,
                matched: 0,
                mark: None,
            },
            decoder,
            skip_undecodable: false,
            undecodable: 0,
            signatures: None,
            rep,
        }
    }

    fn rec(value: &[u8]) -> RecordRef<'_> {
        RecordRef {
            topic: "t",
            partition: 0,
            offset: 4,
            timestamp: None,
            key: None,
            value: Some(value),
            headers: &[],
            value_error: None,
            value_invalid: None,
        }
    }

    #[test]
    fn filters_and_count_decide_what_is_printed() {
        let (rep, _) = Reporter::capture(Verbosity::default());
        let mut s = sink(&rep, None);
        let f = Filters {
            matches: vec![(JsonPath::parse("n").unwrap(), "1".into())],
            ..Filters::default()
        };
        s.out.matcher = Some(f.matcher());
        s.out.count = Some(2);
        assert_eq!(s.record(&rec(br#"{"n":2}"#)).unwrap(), Flow::Continue);
        assert_eq!(s.record(&rec(br#"{"n":1}"#)).unwrap(), Flow::Continue);
        assert_eq!(s.record(&rec(br#"{"n":1}"#)).unwrap(), Flow::Stop);
        assert_eq!(s.out.matched, 2);
    }

    #[test]
    fn framed_values_are_decoded_and_failures_named() {
        let mut known = KnownSchemas::default();
        known.insert(1, "A", AvroSchema::parse_str(S).unwrap());
        let decoder = ValueDecoder::new(None, Default::default(), DecodeOptions::default())
            .with_known(Arc::new(known));
        let (rep, said) = Reporter::capture(Verbosity::default());
        let mut s = sink(&rep, Some(decoder));
        let mut framed = Vec::new();
        confluent_header(1, &mut framed);
        encode_json(
            &AvroSchema::parse_str(S).unwrap(),
            &serde_json::json!({"s": "hi"}),
            &mut framed,
        )
        .unwrap();
        s.record(&rec(&framed)).unwrap();
        s.record(&rec(&[0, 0, 0, 0, 9, 1])).unwrap();
        s.record(&rec(b"plain")).unwrap();
        s.flush().unwrap();
        assert_eq!(s.undecodable, 1);
        assert!(
            said.text().starts_with(
                "evctl: t/0@4: cannot decode the value: schema id 9: no schema for it"
            ),
            "{}",
            said.text()
        );
        let out = String::from_utf8_lossy(s.out.printer.get_ref()).into_owned();
        assert!(out.starts_with("{\"s\":\"hi\"}\n"), "{out}");
        assert!(out.ends_with("plain\n"), "{out}");
    }
}
