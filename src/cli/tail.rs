//! `evctl tail`: follow one business transaction (a correlation id, a key, a trace id) across
//! topics; flags and their validation.

use clap::{Args, ValueEnum};

use super::{ConnArgs, RegistryFlags, VerifyFlags};
use crate::codec::values::DecodeArgs;
use crate::commands::tail::{IdSource, TailFormat, TailRequest, TraceExport};
use crate::domain::filter::{JsonPath, CORRELATION_FIELD, CORRELATION_HEADERS};
use crate::domain::offsets::{EndSpec, StartSpec};
use crate::domain::topics::TopicSelection;
use crate::domain::trace::{IdKind, DEFAULT_TERMINAL_TOPICS};
use crate::session::now_ms;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TailOutput {
    /// A timeline per id: time, +gap, topic[partition]@offset, type, source, summary.
    Text,
    /// The matching records as JSONL envelopes (as `consume` writes them), in time order.
    Jsonl,
    /// One trace object per id: events, hops with latencies, total, where it ended.
    Json,
}

#[derive(Debug, Args)]
#[command(after_help = "Where an id is looked for:\n  \
  --correlation-id: the headers correlationId, correlation-id, x-correlation-id (any case; or --header),\n  \
                    the value's correlationId field (or --field), for JSON and Avro values\n  \
  --key: the record key   --trace-id: the trace id of W3C traceparent headers\n\n\
Which partitions are read: with --key (or --id-is-key) only the ones each key hashes to, by the \
Java client's partitioner (murmur2) and librdkafka's (crc32): at most 2 per key and topic. \
--all-partitions, --trace-id and plain correlation ids read every partition.\n\n\
Examples:\n  \
  evctl tail --correlation-id o-4f2a1c-17\n  \
  evctl tail --correlation-id o-1 --correlation-id o-2 --since @-10m -o json\n  \
  evctl tail --key o-17 --topics order.created,order.shipped -f --timeout 30s\n  \
  evctl tail --correlation-id o-4f2a1c-17 --id-is-key   # reads 2 of P partitions\n  \
  cut -f1 stuck.txt | evctl tail --ids-from - -o jsonl\n  \
  evctl tail --correlation-id o-1 --export jaeger o-1.json   # open in Jaeger UI\n\n\
--export: one span per record (`send <topic>`, producer kind) from its timestamp to the next \
hop's, each the child of the one before; the trace id is the records' traceparent trace id, else \
derived from the id (the same export twice gives the same ids); OpenTelemetry messaging attributes; \
a dead-letter hop is an error span with its dlq.error.")]
pub struct TailArgs {
    /// A correlation id to follow (repeatable: one timeline each).
    #[arg(long = "correlation-id", value_name = "ID")]
    pub correlation_ids: Vec<String>,
    /// Follow records with this key instead (repeatable).
    #[arg(long = "key", value_name = "KEY")]
    pub keys: Vec<String>,
    /// Follow the trace id inside W3C traceparent headers (repeatable).
    #[arg(long = "trace-id", value_name = "TRACE_ID")]
    pub trace_ids: Vec<String>,
    /// Read correlation ids from a file, one per line ("-": stdin).
    #[arg(long, value_name = "FILE")]
    pub ids_from: Option<String>,
    /// The correlation ids are also the records' keys (the marketplace keys by orderId): read
    /// only the partitions they hash to, as with --key.
    #[arg(long)]
    pub id_is_key: bool,
    /// Read every partition, not only the ones the keys hash to (after a topic's partition
    /// count changed, or for records a custom partitioner placed).
    #[arg(long)]
    pub all_partitions: bool,
    #[command(flatten)]
    pub conn: ConnArgs,
    /// Only these topics (comma-separated; default: every topic not starting with _).
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "TOPIC,...",
        conflicts_with = "topic_regex"
    )]
    pub topics: Vec<String>,
    /// Only topics whose name matches this regex (anchored at both ends).
    #[arg(long, value_name = "REGEX")]
    pub topic_regex: Option<String>,
    /// The header that carries the correlation id (repeatable; replaces the defaults).
    #[arg(long = "header", value_name = "NAME")]
    pub headers: Vec<String>,
    /// The value field that carries the correlation id, e.g. meta.correlationId.
    #[arg(long, value_name = "PATH", default_value = CORRELATION_FIELD)]
    pub field: String,
    /// Where to start: start | @<RFC3339> | @-<duration>.
    #[arg(
        long,
        default_value = "@-1h",
        allow_hyphen_values = true,
        value_name = "WHEN"
    )]
    pub since: String,
    /// Where to stop: end (captured at start) | @<time>.
    #[arg(
        long,
        allow_hyphen_values = true,
        value_name = "WHEN",
        conflicts_with = "follow"
    )]
    pub until: Option<String>,
    /// Keep watching: print each new hop as it arrives, until Ctrl-C or --timeout.
    #[arg(short = 'f', long)]
    pub follow: bool,
    /// With -f: stop after this long (e.g. 30s, 5m).
    #[arg(long, value_name = "DURATION", requires = "follow")]
    pub timeout: Option<humantime::Duration>,
    /// A topic where a flow is over (repeatable; default: order.shipped, order.cancelled).
    #[arg(long = "terminal", value_name = "TOPIC")]
    pub terminal: Vec<String>,
    /// Output format.
    #[arg(short = 'o', long, value_enum, default_value_t = TailOutput::Text)]
    pub output: TailOutput,
    /// Also write each timeline as a trace to FILE: otlp (OTLP/JSON, for an OpenTelemetry
    /// collector or POST /v1/traces) or jaeger (Jaeger UI's "upload JSON"). One span per record.
    #[arg(long, num_args = 2, value_names = ["FORMAT", "FILE"])]
    pub export: Vec<String>,
    // Confluent-framed Avro values are decoded with the schemas of this registry.
    #[command(flatten)]
    pub registry: RegistryFlags,
    /// Decode framed values with the .avsc and .proto files in this directory (as `consume
    /// --schemas`).
    #[arg(long, value_name = "DIR")]
    pub schemas: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub verify: VerifyFlags,
}

fn parse_export(format: &str) -> Result<TraceExport, String> {
    match format {
        "otlp" => Ok(TraceExport::Otlp),
        "jaeger" => Ok(TraceExport::Jaeger),
        other => Err(format!("--export {other}: otlp or jaeger")),
    }
}

fn parse_since(s: &str, now: i64) -> Result<StartSpec, String> {
    match StartSpec::parse(s, now).map_err(|e| format!("--since: {e}"))? {
        spec @ (StartSpec::Beginning | StartSpec::Time(_)) => Ok(spec),
        _ => Err(format!(
            "--since {s}: a time is needed: start, @2026-11-22T10:00:00Z or @-1h"
        )),
    }
}

fn parse_until(s: &str, now: i64) -> Result<EndSpec, String> {
    match EndSpec::parse(s, now).map_err(|e| format!("--until: {e}"))? {
        spec @ (EndSpec::End | EndSpec::Time(_)) => Ok(spec),
        _ => Err(format!(
            "--until {s}: end or a time (@<RFC3339>, @-<duration>)"
        )),
    }
}

impl TailArgs {
    pub fn resolve(self) -> Result<TailRequest, String> {
        let now = now_ms();
        let mut ids: Vec<(IdKind, String)> = Vec::new();
        ids.extend(
            self.correlation_ids
                .into_iter()
                .map(|i| (IdKind::Correlation, i)),
        );
        ids.extend(self.keys.into_iter().map(|i| (IdKind::Key, i)));
        ids.extend(self.trace_ids.into_iter().map(|i| (IdKind::Trace, i)));
        if ids.iter().any(|(_, i)| i.is_empty()) {
            return Err("an empty id matches nothing; give the id's text".into());
        }
        if ids.is_empty() && self.ids_from.is_none() {
            return Err(
                "nothing to follow: give --correlation-id ID, --key K, --trace-id T or --ids-from FILE"
                    .into(),
            );
        }
        let topics = match (self.topic_regex, self.topics.is_empty()) {
            (Some(re), _) => TopicSelection::Regex(
                regex::Regex::new(&format!("^(?:{re})$"))
                    .map_err(|e| format!("--topic-regex: {e}"))?,
            ),
            (None, false) => TopicSelection::Names(self.topics),
            (None, true) => TopicSelection::AllUser,
        };
        let field = JsonPath::parse(&self.field).map_err(|e| format!("--field: {e}"))?;
        let until = match (self.follow, &self.until) {
            (true, _) => None,
            (false, Some(u)) => Some(parse_until(u, now)?),
            (false, None) => Some(EndSpec::End),
        };
        let headers = if self.headers.is_empty() {
            CORRELATION_HEADERS.map(String::from).to_vec()
        } else {
            self.headers
        };
        let terminal = if self.terminal.is_empty() {
            DEFAULT_TERMINAL_TOPICS.map(String::from).to_vec()
        } else {
            self.terminal
        };
        let export = match self.export.as_slice() {
            [] => None,
            [format, file] => Some((parse_export(format)?, std::path::PathBuf::from(file))),
            _ => return Err("--export FORMAT FILE: two values".into()),
        };
        let no_correlation_id =
            self.ids_from.is_none() && !ids.iter().any(|(k, _)| *k == IdKind::Correlation);
        if self.id_is_key && no_correlation_id {
            return Err("--id-is-key: give --correlation-id ID or --ids-from FILE".into());
        }
        Ok(TailRequest {
            conn: self.conn.resolve(),
            export,
            id_is_key: self.id_is_key,
            all_partitions: self.all_partitions,
            ids,
            ids_from: self.ids_from.map(|f| {
                if f == "-" {
                    IdSource::Stdin
                } else {
                    IdSource::File(f.into())
                }
            }),
            topics,
            headers,
            field,
            from: parse_since(&self.since, now)?,
            until,
            timeout: self.timeout.map(Into::into),
            terminal,
            format: match self.output {
                TailOutput::Text => TailFormat::Text,
                TailOutput::Jsonl => TailFormat::Jsonl,
                TailOutput::Json => TailFormat::Json,
            },
            decode: DecodeArgs {
                registry: Some(self.registry.resolve()),
                schemas_dir: self.schemas,
                rfc3339: false,
                skip_undecodable: false,
            },
            verify: self.verify.resolve(),
        })
    }
}
