//! `evctl produce`: input lines → records → the producer, with an exact account at the end.
//!
//! The promise (issue #2): nothing is silently dropped. Every record read is either delivered
//! or reported failed; a malformed line stops the run *after* every earlier line has been
//! delivered and counted, and the error names its line.

mod encode_pool;

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context as _};
use serde_json::Value;

use super::Outcome;
use crate::broker::producer::{OutRecord, Producer};
use crate::broker::BrokerError;
use crate::codec::avro_codec::{confluent_header, encode_json};
use crate::codec::avro_schema::{AvroSchema, Node};
use crate::codec::avro_stream::encode_json_text;
use crate::codec::registry::{Registry, RegistryError};
use crate::domain::connection::{Connection, ConnectionArgs, RegistryArgs};
use crate::domain::envelope::decode_envelope;
use crate::domain::filter::JsonPath;
use crate::domain::signature;
use crate::output;
use crate::output::reporter::Reporter;
use crate::session::signals::{self, StopRead};
use crate::session::signing;
use crate::session::{client_log, context};
use encode_pool::{EncodePool, Encoded};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputMode {
    Lines,
    Json,
    Envelope,
}

#[derive(Debug)]
pub struct ProduceRequest {
    pub conn: ConnectionArgs,
    pub topic: String,
    pub source: Source,
    pub mode: InputMode,
    pub key: Option<Vec<u8>>,
    pub key_field: Option<JsonPath>,
    pub headers: Vec<(String, Vec<u8>)>,
    pub partition: Option<i32>,
    pub keep_partition: bool,
    pub keep_timestamp: bool,
    pub json_summary: bool,
    /// `--value-format avro`: how to find the writer schema.
    pub avro: Option<AvroValueArgs>,
    pub key_format: KeyFormat,
    /// `--sign-key-file`: sign every record.
    pub sign_key_file: Option<PathBuf>,
}

/// `--key-format`: keys as given, as JSON, or as Avro (Confluent framing, subject `-key`).
#[derive(Debug, Clone)]
pub enum KeyFormat {
    String,
    Json,
    Avro(AvroValueArgs),
}

/// Turns key text into the key bytes `--key-format` asks for.
enum KeyEncoder {
    Json,
    Avro(AvroEncoder),
}

impl KeyEncoder {
    /// Text that is not JSON is taken as a JSON string (`-k o-1` → `"o-1"`).
    fn encode(&mut self, key: &[u8]) -> Result<Vec<u8>, String> {
        let as_json = if serde_json::from_slice::<serde::de::IgnoredAny>(key).is_ok() {
            key.to_vec()
        } else {
            serde_json::to_vec(&String::from_utf8_lossy(key)).map_err(|e| e.to_string())?
        };
        match self {
            Self::Json => Ok(as_json),
            Self::Avro(enc) => enc
                .encode(&as_json)
                .map(<[u8]>::to_vec)
                .map_err(|e| format!("key: {e}")),
        }
    }
}

/// Subject name strategies (Confluent's TopicNameStrategy, RecordNameStrategy,
/// TopicRecordNameStrategy).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectStrategy {
    Topic,
    Record,
    TopicRecord,
}

#[derive(Debug, Clone)]
pub struct AvroValueArgs {
    pub registry: RegistryArgs,
    pub schema_file: Option<PathBuf>,
    pub schema_id: Option<u32>,
    pub register: bool,
    pub strategy: SubjectStrategy,
}

/// The writer schema and its registry id, resolved once per run.
#[derive(Clone)]
pub struct AvroEncoder {
    schema: AvroSchema,
    id: u32,
    scratch: Vec<u8>,
}

impl AvroEncoder {
    /// Finds the writer schema: by id, from a file (looked up, or registered with
    /// `--register`), or the subject's latest version.
    pub fn resolve(a: &AvroValueArgs, topic: &str, conn: &Connection) -> anyhow::Result<Self> {
        Self::resolve_for(a, topic, conn, "value")
    }

    /// `part` is "value" or "key": it names the subject (`<topic>-key`).
    fn resolve_for(
        a: &AvroValueArgs,
        topic: &str,
        conn: &Connection,
        part: &str,
    ) -> anyhow::Result<Self> {
        let registry = a.registry.or(conn);
        let url = registry
            .url
            .as_deref()
            .ok_or_else(|| anyhow!("--{part}-format avro needs a schema registry: --schema-registry URL (or EVCTL_SCHEMA_REGISTRY, or the context's schema_registry; `evctl dev registry` runs one)"))?;
        let reg = Registry::from_args(url, &registry)?;
        let parse = |text: &str, what: &str| {
            AvroSchema::parse_str(text).map_err(|e| anyhow!("{what}: invalid schema: {e}"))
        };
        if let Some(id) = a.schema_id {
            let text = reg.schema_by_id(id)?;
            return Ok(Self {
                schema: parse(&text, &format!("schema id {id}"))?,
                id,
                scratch: Vec::new(),
            });
        }
        match &a.schema_file {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                let schema = parse(&text, &path.display().to_string())?;
                let record = match schema.node(schema.root) {
                    Node::Record { name, .. }
                    | Node::Enum { name, .. }
                    | Node::Fixed { name, .. } => Some(name.fullname.clone()),
                    _ => None,
                };
                let subject = match (a.strategy, &record) {
                    (SubjectStrategy::Topic, _) => format!("{topic}-{part}"),
                    (SubjectStrategy::Record, Some(r)) => r.clone(),
                    (SubjectStrategy::TopicRecord, Some(r)) => format!("{topic}-{r}"),
                    (_, None) => bail!(
                        "--subject-strategy record needs a named schema (record, enum or fixed)"
                    ),
                };
                let id = if a.register {
                    reg.register(&subject, &text)?
                } else {
                    reg.lookup(&subject, &text).map_err(|e| match e {
                        RegistryError::Api { code: 40401 | 40403, .. } => anyhow!("{}: not registered under subject '{subject}' ({e}); add --register to register it", path.display()),
                        other => anyhow!(other),
                    })?
                };
                Ok(Self {
                    schema,
                    id,
                    scratch: Vec::new(),
                })
            }
            None => {
                if a.strategy != SubjectStrategy::Topic {
                    bail!("with --subject-strategy record or topic-record, give --value-schema FILE or --schema-id N");
                }
                let subject = format!("{topic}-{part}");
                let (id, text) = reg.latest(&subject)?;
                Ok(Self {
                    schema: parse(&text, &format!("{subject} latest"))?,
                    id,
                    scratch: Vec::new(),
                })
            }
        }
    }

    /// JSON text → Confluent-framed Avro; the error is the field path and reason.
    pub fn encode(&mut self, json: &[u8]) -> Result<&[u8], String> {
        self.scratch.clear();
        confluent_header(self.id, &mut self.scratch);
        if encode_json_text(&self.schema, json, &mut self.scratch) {
            return Ok(&self.scratch);
        }
        // off the fast path (or not fitting): the Value path encodes it or names the field
        let v: Value = serde_json::from_slice(json).map_err(|e| format!("invalid JSON: {e}"))?;
        self.scratch.clear();
        confluent_header(self.id, &mut self.scratch);
        encode_json(&self.schema, &v, &mut self.scratch).map_err(|e| e.to_string())?;
        Ok(&self.scratch)
    }
}

/// How long we wait at the end for outstanding deliveries (librdkafka's own message timeout,
/// 5 minutes by default, fails them before this).
const FLUSH_TIMEOUT: Duration = Duration::from_secs(600);

/// The key named by `--key-field` in a JSON value.
fn key_from_json(v: &Value, path: &JsonPath, spec: &str) -> Result<Vec<u8>, String> {
    match path.lookup(v) {
        Some(Value::String(s)) => Ok(s.as_bytes().to_vec()),
        Some(Value::Null) | None => Err(format!("key field '{spec}' is missing")),
        Some(other) => Ok(other.to_string().into_bytes()),
    }
}

fn path_text(p: &JsonPath) -> String {
    p.0.iter()
        .map(|s| match s {
            crate::domain::filter::PathStep::Field(f) => f.clone(),
            crate::domain::filter::PathStep::Index(i) => i.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// Records per chunk on the keyless path.
const CHUNK: usize = 1000;

/// Values stored end to end, each with its input line (for error reports).
#[derive(Default)]
pub(crate) struct Batch {
    data: Vec<u8>,
    ends: Vec<usize>,
    lines: Vec<usize>,
}

impl Batch {
    pub(crate) fn with_capacity(n: usize) -> Self {
        Self {
            data: Vec::with_capacity(n * 128),
            ends: Vec::with_capacity(n),
            lines: Vec::with_capacity(n),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(crate) fn push(&mut self, value: &[u8], line: usize) {
        self.data.extend_from_slice(value);
        self.ends.push(self.data.len());
        self.lines.push(line);
    }

    /// (value, line) in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&[u8], usize)> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .zip(&self.lines)
            .map(|((s, &e), &l)| (&self.data[s..e], l))
    }

    fn clear(&mut self) {
        self.data.clear();
        self.ends.clear();
        self.lines.clear();
    }
}

/// Sends keyless batches to each partition in turn: even spread, full batches, one
/// librdkafka call per batch, order kept within each partition.
struct Spreader {
    next_partition: usize,
    partitions: usize,
}

impl Spreader {
    fn new(partitions: usize) -> Self {
        Self {
            // start somewhere different each run so short runs do not all land on partition 0
            next_partition: std::process::id() as usize % partitions.max(1),
            partitions: partitions.max(1),
        }
    }

    fn send(&mut self, producer: &mut Producer, topic: &str, b: &Batch) -> anyhow::Result<()> {
        if b.len() == 0 {
            return Ok(());
        }
        let values: Vec<&[u8]> = b.iter().map(|(v, _)| v).collect();
        let partition = i32::try_from(self.next_partition).unwrap_or(0);
        producer.send_chunk(topic, partition, &values, &b.lines)?;
        self.next_partition = (self.next_partition + 1) % self.partitions;
        Ok(())
    }
}

/// Produces an encoded batch (the lines before a failure, if one failed); returns the
/// failure that must stop the run (a bad line, or a record librdkafka would not queue).
fn deliver(
    done: Encoded,
    sp: &mut Spreader,
    producer: &mut Producer,
    topic: &str,
    input_name: &str,
) -> Option<anyhow::Error> {
    if let Err(e) = sp.send(producer, topic, &done.batch) {
        return Some(e);
    }
    done.failed
        .map(|(line, reason)| anyhow!("{input_name}: line {line}: {reason}"))
}

/// Sends a part-filled chunk now (through the encoder pool, waiting for every batch in it);
/// returns the failure that must stop the run.
fn send_held(
    held: Batch,
    pool: Option<&mut EncodePool>,
    sp: &mut Spreader,
    producer: &mut Producer,
    topic: &str,
    input_name: &str,
) -> Option<anyhow::Error> {
    let Some(p) = pool else {
        return sp.send(producer, topic, &held).err();
    };
    let mut pending = p.submit(held);
    while let Some(done) = pending.take().or_else(|| p.next()) {
        if let Some(e) = deliver(done, sp, producer, topic, input_name) {
            return Some(e);
        }
    }
    None
}

/// One input line turned into what the producer needs (owned, as envelopes decode).
struct Prepared {
    key: Option<Vec<u8>>,
    value: Option<Vec<u8>>,
    headers: Vec<(String, Option<Vec<u8>>)>,
    partition: Option<i32>,
    timestamp: Option<i64>,
}

pub fn run(rep: &Reporter, r: ProduceRequest) -> anyhow::Result<Outcome> {
    let conn = context::connection(&r.conn)?;
    let stop = signals::stop_flag_then_exit()?;
    // set while records wait for a full chunk: a pause of stdin sends them (see StopRead)
    let held = Arc::new(AtomicBool::new(false));
    let reader: Box<dyn BufRead> = match &r.source {
        Source::Stdin => Box::new(BufReader::with_capacity(
            1 << 20,
            StopRead::stdin(Arc::clone(&stop)).with_idle(Arc::clone(&held)),
        )),
        Source::File(p) => Box::new(BufReader::with_capacity(
            1 << 20,
            StopRead::new(
                File::open(p).with_context(|| format!("cannot open {}", p.display()))?,
                None,
                Arc::clone(&stop),
            ),
        )),
    };
    let mut avro = match &r.avro {
        Some(a) => Some(AvroEncoder::resolve(a, &r.topic, &conn)?),
        None => None,
    };
    let mut key_enc = match &r.key_format {
        KeyFormat::String => None,
        KeyFormat::Json => Some(KeyEncoder::Json),
        KeyFormat::Avro(a) => Some(KeyEncoder::Avro(AvroEncoder::resolve_for(
            a, &r.topic, &conn, "key",
        )?)),
    };
    // a fixed -k key is encoded once
    let fixed_key: Option<Vec<u8>> = match (&r.key, key_enc.as_mut()) {
        (Some(k), Some(enc)) => Some(enc.encode(k).map_err(|e| anyhow!("-k/--key: {e}"))?),
        (k, _) => k.clone(),
    };
    let signer = r
        .sign_key_file
        .as_deref()
        .map(|p| signing::load_key("--sign-key-file", p))
        .transpose()?;
    let (mut producer, partitions) = Producer::connect(&conn, &r.topic, &client_log(rep))?;
    if let Some(p) = r.partition {
        if p as usize >= partitions {
            bail!(
                "-p {p}: topic '{}' has {partitions} partition{} (0..{})",
                r.topic,
                if partitions == 1 { "" } else { "s" },
                partitions.saturating_sub(1)
            );
        }
    }
    let key_spec = r.key_field.as_ref().map(path_text).unwrap_or_default();
    let input_name = match &r.source {
        Source::Stdin => "stdin".to_string(),
        Source::File(p) => p.display().to_string(),
    };
    let pb = rep.progress(&format!("producing to {}", r.topic));
    let start = Instant::now();
    let mut reader = reader;
    let mut buf = Vec::with_capacity(4096);
    let mut line_no = 0usize;
    let mut read = 0u64;
    let mut stopped: Option<anyhow::Error> = None;
    let mut interrupted: Option<Interrupt> = None;
    let extra: Vec<(&str, Option<&[u8]>)> = r
        .headers
        .iter()
        .map(|(k, v)| (k.as_str(), Some(v.as_slice())))
        .collect();
    // Keyless records without headers or a partition go out in chunks, each to the next
    // partition in turn: even spread, full batches, one librdkafka call per chunk.
    let chunked = r.mode != InputMode::Envelope
        && r.key.is_none()
        && r.key_field.is_none()
        && r.partition.is_none()
        && r.headers.is_empty()
        && signer.is_none();
    let mut spread = chunked.then(|| Spreader::new(partitions));
    let mut batch = Batch::with_capacity(CHUNK);
    // Avro values on that path are encoded on worker threads, one batch each
    let mut pool = match (&avro, chunked) {
        (Some(enc), true) => {
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
            Some(EncodePool::new(enc, cores.min(4)).context("starting encoder threads")?)
        }
        _ => None,
    };
    let mut resume = false;
    loop {
        if !std::mem::take(&mut resume) {
            buf.clear();
        }
        let n = match reader.read_until(b'\n', &mut buf) {
            Ok(n) => n,
            Err(e) if signals::is_idle(&e) => {
                // stdin paused: the records held for a chunk go out now (a line read in
                // part stays in `buf` and is continued)
                if let Some(sp) = spread.as_mut() {
                    let part = std::mem::replace(&mut batch, Batch::with_capacity(CHUNK));
                    stopped = send_held(
                        part,
                        pool.as_mut(),
                        sp,
                        &mut producer,
                        &r.topic,
                        &input_name,
                    );
                    if stopped.is_some() {
                        break;
                    }
                }
                resume = true;
                continue;
            }
            Err(e) => {
                let e = anyhow::Error::new(e).context(format!("reading {input_name}"));
                if !signals::is_stop(&e) {
                    return Err(e);
                }
                // what was read of a line the signal cut short is not a record
                interrupted = Some(Interrupt {
                    after_line: line_no,
                    cut: !buf.is_empty(),
                });
                break;
            }
        };
        if n == 0 {
            break;
        }
        line_no += 1;
        if buf.last() == Some(&b'\n') {
            buf.pop();
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
        }
        let blank = buf.iter().all(u8::is_ascii_whitespace);
        if blank && r.mode != InputMode::Lines {
            continue; // JSON inputs tolerate blank lines between documents
        }
        if let Some(sp) = spread.as_mut() {
            // keyless records: validate, buffer, and hand over a batch at a time
            // (Avro encoding parses the line anyway, and names bad JSON the same way)
            if r.mode == InputMode::Json && pool.is_none() {
                if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(&buf) {
                    stopped = Some(anyhow!("{input_name}: line {line_no}: invalid JSON: {e}"));
                    break;
                }
            }
            let value = if r.mode == InputMode::Json {
                buf.trim_ascii()
            } else {
                &buf[..]
            };
            batch.push(value, line_no);
            held.store(true, Ordering::Relaxed);
            if batch.len() == CHUNK {
                match pool.as_mut() {
                    Some(p) => {
                        let full = std::mem::replace(&mut batch, Batch::with_capacity(CHUNK));
                        if let Some(done) = p.submit(full) {
                            stopped = deliver(done, sp, &mut producer, &r.topic, &input_name);
                            if stopped.is_some() {
                                break;
                            }
                        }
                    }
                    None => {
                        let sent = sp.send(&mut producer, &r.topic, &batch);
                        // what of it could be queued was (a refusal ends it): never again
                        batch.clear();
                        if let Err(e) = sent {
                            stopped = Some(e);
                            break;
                        }
                    }
                }
            }
        } else if r.mode == InputMode::Lines
            && r.key_field.is_none()
            && avro.is_none()
            && signer.is_none()
        {
            // plain lines with a fixed key or partition: sent straight from `buf`
            let rec = OutRecord {
                key: fixed_key.as_deref(),
                value: Some(&buf),
                headers: &extra,
                partition: r.partition,
                timestamp: None,
                line: line_no,
            };
            if let Err(e) = producer.send(&r.topic, &rec) {
                stopped = Some(e.into());
                break;
            }
        } else {
            let prepared = match prepare(&r, &buf, &key_spec).and_then(|mut p| {
                if let (Some(enc), Some(v)) = (avro.as_mut(), p.value.as_deref()) {
                    p.value = Some(enc.encode(v)?.to_vec());
                }
                if let Some(k) = &fixed_key {
                    p.key = Some(k.clone());
                } else if let (Some(enc), Some(k)) = (key_enc.as_mut(), p.key.as_deref()) {
                    p.key = Some(enc.encode(k)?);
                }
                Ok(p)
            }) {
                Ok(p) => p,
                Err(reason) => {
                    stopped = Some(anyhow!("{input_name}: line {line_no}: {reason}"));
                    break;
                }
            };
            let mut headers: Vec<(&str, Option<&[u8]>)> = prepared
                .headers
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_deref()))
                .collect();
            headers.extend_from_slice(&extra);
            let signature;
            if let Some(k) = &signer {
                // a record copied from a signed one is signed afresh, by this key
                headers.retain(|(n, _)| *n != signature::HEADER);
                signature = k.sign(prepared.key.as_deref(), prepared.value.as_deref(), &headers);
                headers.push((signature::HEADER, Some(signature.as_bytes())));
            }
            let rec = OutRecord {
                key: prepared.key.as_deref(),
                value: prepared.value.as_deref(),
                headers: &headers,
                partition: prepared.partition,
                timestamp: prepared.timestamp,
                line: line_no,
            };
            if let Err(e) = producer.send(&r.topic, &rec) {
                stopped = Some(e.into());
                break;
            }
        }
        read += 1;
        if let Some(pb) = &pb {
            if read.is_multiple_of(1024) {
                pb.set_position(read);
            }
        }
    }
    if let Some(sp) = spread.as_mut() {
        match pool.as_mut() {
            // after a bad line, the batches behind it are dropped unsent
            Some(p) if stopped.is_none() => {
                stopped = send_held(batch, Some(p), sp, &mut producer, &r.topic, &input_name);
            }
            Some(_) => {}
            // the lines read before a bad one (or a refused one's chunk, already cleared)
            None => {
                if let Err(e) = sp.send(&mut producer, &r.topic, &batch) {
                    stopped.get_or_insert(e);
                }
            }
        }
    }
    drop(pool);
    producer.flush(FLUSH_TIMEOUT)?;
    let secs = start.elapsed().as_secs_f64();
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let stats = producer.stats();
    let rate = if secs > 0.0 {
        stats.delivered as f64 / secs
    } else {
        0.0
    };
    if r.json_summary {
        let v = serde_json::json!({
            "topic": r.topic,
            "records": stats.delivered,
            "bytes": stats.bytes,
            "failed": stats.failed,
            "failed_lines": output::line_ranges(&stats.failed_lines, usize::MAX),
            "seconds": crate::session::millis_precision(secs),
            "msgs_per_sec": rate.round(),
        });
        let mut out = std::io::stdout().lock();
        writeln!(out, "{v}").context("writing the summary")?;
    } else {
        rep.info(format!(
            "produced {} record{} ({} bytes) to {} in {:.2}s ({} msgs/s){}",
            stats.delivered,
            if stats.delivered == 1 { "" } else { "s" },
            stats.bytes,
            r.topic,
            secs,
            output::si(rate),
            if stats.failed > 0 {
                format!(", {} failed", stats.failed)
            } else {
                String::new()
            }
        ));
    }
    if stats.failed > 0 {
        let (_, why) = stats.first_failure.unwrap_or((0, "unknown".into()));
        bail!(
            "{} of {} records were not delivered to {}: {input_name} line{} {} (first failure: {why})",
            stats.failed,
            read,
            r.topic,
            if stats.failed == 1 { "" } else { "s" },
            output::line_ranges(&stats.failed_lines, 20)
        );
    }
    if let Some(e) = stopped {
        // a record librdkafka refused is named by its line; say which input that is
        return Err(match e.downcast_ref::<BrokerError>() {
            Some(BrokerError::Record { .. }) => e.context(input_name),
            _ => e,
        });
    }
    if let Some(i) = interrupted {
        rep.always(i.describe(&input_name, stats.delivered, &r.topic));
        return Ok(Outcome::Interrupted);
    }
    Ok(Outcome::Success)
}

/// Where Ctrl-C (or SIGTERM) stopped the input: every line up to `after_line` was sent and
/// flushed; `cut` says a later line had been partly read and was not sent.
struct Interrupt {
    after_line: usize,
    cut: bool,
}

impl Interrupt {
    fn describe(&self, input: &str, delivered: u64, topic: &str) -> String {
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

/// Decodes one non-trivial input line; the error is the reason only (the caller adds the line).
fn prepare(r: &ProduceRequest, line: &[u8], key_spec: &str) -> Result<Prepared, String> {
    match r.mode {
        InputMode::Lines | InputMode::Json => {
            let mut key = r.key.clone();
            if let Some(path) = &r.key_field {
                let v: Value = serde_json::from_slice(line)
                    .map_err(|e| format!("invalid JSON (needed for --key-field): {e}"))?;
                key = Some(key_from_json(&v, path, key_spec)?);
            } else if r.mode == InputMode::Json {
                serde_json::from_slice::<serde::de::IgnoredAny>(line)
                    .map_err(|e| format!("invalid JSON: {e}"))?;
            }
            let value = if r.mode == InputMode::Json {
                line.trim_ascii().to_vec()
            } else {
                line.to_vec()
            };
            Ok(Prepared {
                key,
                value: Some(value),
                headers: Vec::new(),
                partition: r.partition,
                timestamp: None,
            })
        }
        InputMode::Envelope => {
            let e = decode_envelope(line)?;
            let key = match (&r.key, &r.key_field) {
                (Some(k), _) => Some(k.clone()),
                (None, Some(path)) => {
                    let v: Value = e
                        .value
                        .as_deref()
                        .and_then(|b| serde_json::from_slice(b).ok())
                        .ok_or_else(|| "--key-field needs a JSON value".to_string())?;
                    Some(key_from_json(&v, path, key_spec)?)
                }
                (None, None) => e.key,
            };
            Ok(Prepared {
                key,
                value: e.value,
                headers: e.headers,
                partition: if r.keep_partition {
                    e.partition
                } else {
                    r.partition
                },
                timestamp: if r.keep_timestamp { e.timestamp } else { None },
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_come_from_json_fields() {
        let v: Value = serde_json::from_str(r#"{"orderId":"o-1","n":7,"c":{"id":"x"}}"#).unwrap();
        let p = |s| JsonPath::parse(s).unwrap();
        assert_eq!(key_from_json(&v, &p("orderId"), "orderId").unwrap(), b"o-1");
        assert_eq!(key_from_json(&v, &p("n"), "n").unwrap(), b"7");
        assert_eq!(key_from_json(&v, &p("c.id"), "c.id").unwrap(), b"x");
        assert!(key_from_json(&v, &p("nope"), "nope")
            .unwrap_err()
            .contains("'nope' is missing"));
    }
}
