//! `evctl tail`: every record that carries an id, across topics, as one timeline per id.
//!
//! The scan engine reads the window (`--since`, `--until` or `-f`) on every partition at once;
//! this module's sink decides, per record, which ids it could belong to *from the raw bytes*
//! (headers, key, a byte search of the value: Avro strings are raw UTF-8), decodes only those
//! candidates, and files each match into its id's [`Trace`]. Bounded: the timelines print when
//! the scan ends. Following: what was there prints once the scan has caught up, then each new
//! hop the moment it arrives.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;

use super::Outcome;
use crate::codec::values::{DecodeArgs, ValueDecoder};
use crate::codec::wire::is_framed;
use crate::domain::connection::ConnectionArgs;
use crate::domain::envelope::RecordRef;
use crate::domain::filter::{JsonPath, Matcher, Prefilter, Test};
use crate::domain::offsets::{EndSpec, StartSpec};
use crate::domain::partitioner::KeyRoute;
use crate::domain::spans::{spans, Span};
use crate::domain::trace::{IdKind, Target, Trace, TraceEvent};
use crate::output::reporter::Reporter;
use crate::output::timeline::{self, Widths};
use crate::output::traces;
use crate::output::Out;
use crate::scan::{Flow, ScanSpec, Scanner, Sink, TopicSelection};
use crate::session::signing::{SignatureCheck, VerifyArgs};
use crate::session::{context, signals};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdSource {
    Stdin,
    File(PathBuf),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TailFormat {
    Text,
    Jsonl,
    Json,
}

/// The trace formats `--export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TraceExport {
    Otlp,
    Jaeger,
}

#[derive(Debug)]
pub struct TailRequest {
    pub conn: ConnectionArgs,
    /// Also write the timelines as traces to this file.
    pub export: Option<(TraceExport, PathBuf)>,
    pub ids: Vec<(IdKind, String)>,
    /// The correlation ids are the records' keys too: route by them.
    pub id_is_key: bool,
    /// Read every partition even where the keys say which.
    pub all_partitions: bool,
    /// More correlation ids, one per line.
    pub ids_from: Option<IdSource>,
    pub topics: TopicSelection,
    /// Headers that carry a correlation id (compared ignoring case).
    pub headers: Vec<String>,
    /// The value field that carries a correlation id.
    pub field: JsonPath,
    pub from: StartSpec,
    /// None: follow.
    pub until: Option<EndSpec>,
    /// Following: stop after this long.
    pub timeout: Option<Duration>,
    pub terminal: Vec<String>,
    pub format: TailFormat,
    pub decode: DecodeArgs,
    pub verify: VerifyArgs,
}

/// The tests that say a record carries `target`.
fn matcher(target: &Target, headers: &[String], field: &JsonPath) -> Matcher {
    let id = target.id.clone();
    match target.kind {
        IdKind::Correlation => Matcher::correlation(&id, headers, field),
        IdKind::Key => Matcher::Any(vec![Test::Key(id.into_bytes())]),
        IdKind::Trace => Matcher::Any(vec![Test::TraceId(id)]),
    }
}

/// Reads ids one per line (blank lines and `#` comments skipped).
fn read_ids(src: &IdSource) -> anyhow::Result<Vec<String>> {
    let reader: Box<dyn BufRead> = match src {
        IdSource::Stdin => Box::new(std::io::stdin().lock()),
        IdSource::File(p) => Box::new(std::io::BufReader::new(
            std::fs::File::open(p)
                .with_context(|| format!("--ids-from: cannot open {}", p.display()))?,
        )),
    };
    let name = match src {
        IdSource::Stdin => "stdin".to_string(),
        IdSource::File(p) => p.display().to_string(),
    };
    let mut out = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("--ids-from {name}: line {}", i + 1))?;
        let id = line.trim();
        if !id.is_empty() && !id.starts_with('#') {
            out.push(id.to_string());
        }
    }
    if out.is_empty() {
        anyhow::bail!("--ids-from {name}: no ids in it (one per line)");
    }
    Ok(out)
}

/// Collects matching records into traces (see the module header).
struct TraceSink<'a, W: Write> {
    follows: Vec<(Matcher, Trace)>,
    /// Per follow, its matcher's raw-bytes pre-filter.
    prefilters: Vec<Prefilter>,
    decoder: Option<ValueDecoder>,
    /// Caught up in a follow scan: print hops as they come.
    live: bool,
    follow: bool,
    format: TailFormat,
    terminal: &'a [String],
    out: W,
    rep: &'a Reporter,
    candidates: Vec<usize>,
    signatures: Option<SignatureCheck>,
}

impl<W: Write> TraceSink<'_, W> {
    /// Prints a hop that arrived while following.
    fn print_live(&mut self, which: usize, at: usize) -> anyhow::Result<()> {
        let trace = &self.follows[which].1;
        let e = &trace.events[at];
        match self.format {
            TailFormat::Jsonl => self.out.write_all(&timeline::envelope(e))?,
            TailFormat::Text | TailFormat::Json => {
                let gap = trace.gaps()[at];
                writeln!(
                    self.out,
                    "{}{}",
                    trace.target.id,
                    timeline::hop_line(e, gap, Widths::default(), self.rep.color())
                )?;
            }
        }
        self.out.flush().context("writing output")
    }

    /// Everything gathered so far, in the chosen format.
    fn print_all(&mut self) -> anyhow::Result<()> {
        let traces: Vec<&Trace> = self.follows.iter().map(|(_, t)| t).collect();
        match self.format {
            TailFormat::Text => {
                for t in traces.iter().filter(|t| !t.events.is_empty()) {
                    let text = if self.follow {
                        // the closing line comes when the watch ends
                        let mut s = timeline::header(t, self.rep.color()) + "\n";
                        for (e, gap) in t.events.iter().zip(t.gaps()) {
                            let w = Widths::default();
                            s.push_str(&timeline::hop_line(e, gap, w, self.rep.color()));
                            s.push('\n');
                        }
                        s
                    } else {
                        timeline::text(t, self.terminal, self.rep.color())
                    };
                    self.out.write_all(text.as_bytes())?;
                }
            }
            TailFormat::Jsonl => {
                let mut all: Vec<&TraceEvent> =
                    traces.iter().flat_map(|t| t.events.iter()).collect();
                // time order, and a record two ids share printed once
                all.sort_by(|a, b| place(a).cmp(&place(b)));
                all.dedup_by(|a, b| place(a) == place(b));
                for e in all {
                    self.out.write_all(&timeline::envelope(e))?;
                }
            }
            // one document, written when the scan is over
            TailFormat::Json => {}
        }
        self.out.flush().context("writing output")
    }

    /// The value to show and to match on: decoded where it is framed Avro.
    fn decode(&mut self, rec: &RecordRef<'_>) -> (Option<Vec<u8>>, Option<String>) {
        let (Some(d), Some(v)) = (self.decoder.as_mut(), rec.value) else {
            return (None, None);
        };
        let shown = match d.decode_owned(rec.topic, rec.headers, v) {
            Ok(json) => (json, None),
            Err(reason) => (None, Some(reason.to_string())),
        };
        for note in d.take_notes() {
            self.rep.note(note);
        }
        shown
    }
}

impl<W: Write> Sink for TraceSink<'_, W> {
    fn record(&mut self, rec: &RecordRef<'_>) -> anyhow::Result<Flow> {
        let framed = self.decoder.is_some() && rec.value.is_some_and(|v| is_framed(rec.headers, v));
        self.candidates.clear();
        for (i, p) in self.prefilters.iter().enumerate() {
            if p.could_match(rec, !framed) {
                self.candidates.push(i);
            }
        }
        if self.candidates.is_empty() {
            return Ok(Flow::Continue);
        }
        let (decoded, failure) = if framed {
            self.decode(rec)
        } else {
            (None, None)
        };
        let shown = RecordRef {
            value: decoded.as_deref().or(rec.value),
            value_error: failure.as_deref(),
            ..*rec
        };
        let json: Option<serde_json::Value> = shown
            .value
            .filter(|_| failure.is_none())
            .and_then(|v| serde_json::from_slice(v).ok());
        let candidates = std::mem::take(&mut self.candidates);
        let mut mark = None;
        for &c in &candidates {
            if !self.follows[c].0.accepts(&shown) {
                continue;
            }
            // checked once, on the bytes as they came, for records that are in a timeline
            if let (None, Some(sc)) = (mark, self.signatures.as_mut()) {
                mark = Some(sc.check(rec, self.rep)?);
            }
            let mut event = TraceEvent::from_record(&shown, shown.value, json.as_ref());
            event.signature = mark;
            let at = self.follows[c].1.insert(event);
            if self.live {
                self.print_live(c, at)?;
            }
        }
        self.candidates = candidates;
        Ok(Flow::Continue)
    }

    fn flush(&mut self) -> anyhow::Result<()> {
        self.out.flush().context("writing output")
    }

    fn caught_up(&mut self) -> anyhow::Result<()> {
        if self.follow {
            self.print_all()?;
            self.live = true;
        }
        Ok(())
    }
}

/// Where and when an event is: its order in merged output.
fn place(e: &TraceEvent) -> (Option<i64>, &str, i32, i64) {
    (e.timestamp, &e.topic, e.partition, e.offset)
}

/// The ids of the request (flags, then `--ids-from`), each once.
fn targets(r: &TailRequest) -> anyhow::Result<Vec<Target>> {
    let mut ids = r.ids.clone();
    if let Some(src) = &r.ids_from {
        ids.extend(read_ids(src)?.into_iter().map(|i| (IdKind::Correlation, i)));
    }
    let mut out: Vec<Target> = Vec::with_capacity(ids.len());
    for (kind, id) in ids {
        let t = Target { kind, id };
        if !out.contains(&t) {
            out.push(t);
        }
    }
    Ok(out)
}

/// The keys that say which partitions to read: `--key` ids, and correlation ids with
/// `--id-is-key`. None (read everything) with `--all-partitions` or when an id can be
/// anywhere (a trace id, a correlation id that is not the key).
fn route(r: &TailRequest, targets: &[Target]) -> Option<KeyRoute> {
    if r.all_partitions {
        return None;
    }
    let keys = targets
        .iter()
        .map(|t| match t.kind {
            IdKind::Key => Some(t.id.as_bytes().to_vec()),
            IdKind::Correlation if r.id_is_key => Some(t.id.as_bytes().to_vec()),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    KeyRoute::new(keys)
}

/// Ends a follow scan after `timeout` by raising the same flag Ctrl-C raises.
fn arm_timeout(stop: &Arc<std::sync::atomic::AtomicBool>, timeout: Option<Duration>) {
    if let Some(d) = timeout {
        let stop = Arc::clone(stop);
        std::thread::spawn(move || {
            std::thread::sleep(d);
            stop.store(true, Ordering::Relaxed);
        });
    }
}

pub fn run(rep: &Reporter, out: &mut Out, r: TailRequest) -> anyhow::Result<Outcome> {
    let conn = context::connection(&r.conn)?;
    let targets = targets(&r)?;
    let signatures = SignatureCheck::new(&r.verify)?;
    let decoder = ValueDecoder::open(&r.decode, &conn)?;
    let route = route(&r, &targets);
    let spec = ScanSpec {
        route: route.clone(),
        topics: r.topics.clone(),
        from: r.from,
        until: r.until,
        group: None,
    };
    let scanner = Scanner::open(&conn, &spec, rep)?;
    let topics = scanner.topics().len();
    if route.is_some() {
        let read: Vec<(String, Vec<i32>)> = scanner
            .topics()
            .iter()
            .map(|t| (t.name.clone(), t.partitions.clone()))
            .collect();
        rep.info(timeline::partitions_read(&read, scanner.partition_counts()));
    }
    let follow = r.until.is_none();
    let follows: Vec<(Matcher, Trace)> = targets
        .into_iter()
        .map(|t| (matcher(&t, &r.headers, &r.field), Trace::new(t)))
        .collect();
    let mut sink = TraceSink {
        prefilters: follows.iter().map(|(m, _)| Prefilter::new(m)).collect(),
        follows,
        decoder,
        live: false,
        follow,
        format: r.format,
        terminal: &r.terminal,
        out,
        rep,
        candidates: Vec::new(),
        signatures,
    };
    let stop = signals::stop_flag()?;
    arm_timeout(&stop, r.timeout);
    let end = scanner.run(&mut sink, &stop, rep)?;
    if !sink.live {
        sink.print_all()?;
    }
    finish(&mut sink, topics, route.is_some())?;
    if let Some((format, file)) = &r.export {
        export(rep, &sink.follows, *format, file)?;
    }
    rep.summary(format!(
        "scanned {} record{} in {topics} topic{} in {:.2}s",
        end.delivered,
        if end.delivered == 1 { "" } else { "s" },
        if topics == 1 { "" } else { "s" },
        end.elapsed.as_secs_f64()
    ));
    let missing = sink
        .follows
        .iter()
        .filter(|(_, t)| t.events.is_empty())
        .count();
    Ok(if missing > 0 {
        Outcome::Negative
    } else {
        Outcome::Success
    })
}

/// Writes the found timelines as traces to `file`.
fn export(
    rep: &Reporter,
    follows: &[(Matcher, Trace)],
    format: TraceExport,
    file: &std::path::Path,
) -> anyhow::Result<()> {
    let traces: Vec<Vec<Span>> = follows
        .iter()
        .filter(|(_, t)| !t.events.is_empty())
        .map(|(_, t)| spans(t))
        .collect();
    let text = match format {
        TraceExport::Otlp => traces::otlp(&traces.concat()),
        TraceExport::Jaeger => traces::jaeger(&traces),
    };
    std::fs::write(file, text).with_context(|| format!("--export: writing {}", file.display()))?;
    rep.info(traces::written(&traces, file));
    Ok(())
}

/// The end of the output: closing lines (following), the JSON document, the ids not found.
fn finish<W: Write>(
    sink: &mut TraceSink<'_, W>,
    topics: usize,
    routed: bool,
) -> anyhow::Result<()> {
    let traces: Vec<Trace> = sink.follows.iter().map(|(_, t)| t.clone()).collect();
    match sink.format {
        TailFormat::Json => sink
            .out
            .write_all(timeline::json(&traces, sink.terminal).as_bytes())?,
        TailFormat::Text if sink.follow => {
            for t in traces.iter().filter(|t| !t.events.is_empty()) {
                writeln!(
                    sink.out,
                    "{}{}",
                    t.target.id,
                    timeline::closing(t, sink.terminal)
                )?;
            }
        }
        _ => {}
    }
    for t in traces.iter().filter(|t| t.events.is_empty()) {
        let line = timeline::not_found(t, topics, routed);
        if sink.format == TailFormat::Text {
            writeln!(sink.out, "{line}")?;
        } else {
            // scripts read stdout: the not-found ids go to stderr (and exit 1)
            sink.rep.always(line);
        }
    }
    sink.out.flush().context("writing output")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::reporter::Verbosity;

    fn sink<'a>(rep: &'a Reporter, terminal: &'a [String], ids: &[&str]) -> TraceSink<'a, Vec<u8>> {
        let headers = vec!["correlationId".to_string()];
        let field = JsonPath::parse("correlationId").unwrap();
        let follows: Vec<(Matcher, Trace)> = ids
            .iter()
            .map(|i| {
                let t = Target {
                    kind: IdKind::Correlation,
                    id: i.to_string(),
                };
                (matcher(&t, &headers, &field), Trace::new(t))
            })
            .collect();
        TraceSink {
            prefilters: follows.iter().map(|(m, _)| Prefilter::new(m)).collect(),
            follows,
            decoder: None,
            live: false,
            follow: false,
            format: TailFormat::Text,
            terminal,
            out: Vec::new(),
            rep,
            candidates: Vec::new(),
            signatures: None,
        }
    }

    fn rec<'a>(
        topic: &'a str,
        ts: i64,
        value: &'a [u8],
        headers: &'a [(&'a str, Option<&'a [u8]>)],
    ) -> RecordRef<'a> {
        RecordRef {
            topic,
            partition: 0,
            offset: ts,
            timestamp: Some(ts),
            key: None,
            value: Some(value),
            headers,
            value_error: None,
            value_invalid: None,
        }
    }

    #[test]
    fn records_are_filed_by_id_from_headers_or_values() {
        let (rep, _) = Reporter::capture(Verbosity::default());
        let terminal = vec!["order.shipped".to_string()];
        let mut s = sink(&rep, &terminal, &["c-1", "c-2"]);
        let h: [(&str, Option<&[u8]>); 1] = [("correlationId", Some(b"c-1"))];
        s.record(&rec("order.shipped", 30, b"{}", &h)).unwrap();
        s.record(&rec(
            "order.created",
            10,
            br#"{"correlationId":"c-1"}"#,
            &[],
        ))
        .unwrap();
        s.record(&rec(
            "order.created",
            11,
            br#"{"correlationId":"c-2"}"#,
            &[],
        ))
        .unwrap();
        // mentions c-1 but not where an id lives: rejected after the pre-filter let it in
        s.record(&rec("order.created", 12, br#"{"note":"c-1"}"#, &[]))
            .unwrap();
        s.record(&rec("other", 13, br#"{"correlationId":"c-3"}"#, &[]))
            .unwrap();
        let c1: Vec<i64> = s.follows[0].1.events.iter().map(|e| e.offset).collect();
        assert_eq!(c1, [10, 30]);
        assert_eq!(s.follows[1].1.events.len(), 1);
        s.print_all().unwrap();
        let out = String::from_utf8(s.out.clone()).unwrap();
        assert!(out.contains("c-1 (correlation id): 2 events"), "{out}");
        assert!(
            out.contains("= 20ms over 1 hop; ended in order.shipped"),
            "{out}"
        );
    }

    #[test]
    fn following_prints_history_at_catch_up_then_each_new_hop() {
        let (rep, _) = Reporter::capture(Verbosity::default());
        let mut s = sink(&rep, &[], &["c-1"]);
        s.follow = true;
        s.format = TailFormat::Jsonl;
        s.record(&rec("a", 10, br#"{"correlationId":"c-1"}"#, &[]))
            .unwrap();
        assert!(s.out.is_empty());
        s.caught_up().unwrap();
        assert_eq!(String::from_utf8_lossy(&s.out).lines().count(), 1);
        s.record(&rec("b", 20, br#"{"correlationId":"c-1"}"#, &[]))
            .unwrap();
        let out = String::from_utf8(s.out.clone()).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[1].starts_with(r#"{"topic":"b""#), "{out}");
    }

    #[test]
    fn ids_from_a_file_skip_blanks_and_comments() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("ids.txt");
        std::fs::write(&p, "o-1\n\n# stuck ones\n o-2 \n").unwrap();
        assert_eq!(
            read_ids(&IdSource::File(p.clone())).unwrap(),
            ["o-1", "o-2"]
        );
        std::fs::write(&p, "\n").unwrap();
        assert!(read_ids(&IdSource::File(p)).is_err());
    }
}
