//! `evctl dlq list|show|replay`: flags and their validation.

use clap::{Args, Subcommand, ValueEnum};

use super::{ConnArgs, RegistryFlags, ReportFormat};
use crate::codec::values::DecodeArgs;
use crate::commands::dlq::{
    DlqFilters, DlqRequest, ListRequest, ReplayRequest, ShowFormat, TimeBound,
};
use crate::domain::offsets::StartSpec;
use crate::session::now_ms;

#[derive(Debug, Subcommand)]
pub enum DlqCommand {
    /// Every dead-letter topic with its depth, oldest and newest record and top errors.
    List {
        #[command(flatten)]
        conn: ConnArgs,
        /// Which topics are DLQs (default: names ending .dlq, .DLT, -dlt, .deadletter).
        #[arg(long, value_name = "REGEX")]
        pattern: Option<String>,
        /// Leave out empty DLQs.
        #[arg(long)]
        non_empty: bool,
        /// Exit 1 when any DLQ holds more than N records not replayed yet (an alert).
        #[arg(long, value_name = "N")]
        fail_above: Option<u64>,
        /// Output format: a table, or JSON.
        #[arg(short = 'o', long, value_enum, default_value_t = ReportFormat::Text)]
        output: ReportFormat,
    },
    /// A DLQ's records, decoded, with where they came from and why they failed.
    Show(ShowArgs),
    /// Send a DLQ's records back where they came from, once each (resumable).
    #[command(
        after_help = "Where each record goes: its provenance headers (evctl's dlq.original.topic, \
Spring's kafka_dlt-original-topic, Kafka Connect's __connect.errors.topic), else --to, else the DLQ's \
name without its suffix. Key and value bytes are sent unchanged (an Avro value keeps its schema id); \
headers are kept without the provenance ones, plus replay.count and replay.of.\n\n\
Exactly once: progress is the consumer group --group (default evctl-dlq-replay-<DLQ>, one per filter \
set), committed after delivery; a replay that was interrupted (even killed) first reads its destinations \
back and skips what it had already sent. The DLQ itself is never changed.\n\n\
Examples:\n  \
  evctl dlq replay payment.requested.dlq --dry-run\n  \
  evctl dlq replay payment.requested.dlq --error 'timed out' --rate 500\n  \
  evctl dlq replay orders.DLT --to orders-retry --max 100"
    )]
    Replay(ReplayArgs),
}

/// The record filters `show` and `replay` share.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only records dead-lettered at or after: @<RFC3339> or @-<duration>.
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub since: Option<String>,
    /// Only records dead-lettered before: @<RFC3339> or @-<duration>.
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub until: Option<String>,
    /// Only records whose recorded error matches this regex.
    #[arg(long, value_name = "REGEX")]
    pub error: Option<String>,
    /// Only records of this correlation id (headers or the value's correlationId).
    #[arg(long, value_name = "ID")]
    pub correlation_id: Option<String>,
    /// Only records with this key.
    #[arg(long, value_name = "KEY")]
    pub key: Option<String>,
    /// At most this many records.
    #[arg(long, value_name = "N")]
    pub max: Option<u64>,
    // Confluent-framed Avro values are decoded with the schemas of this registry.
    #[command(flatten)]
    pub registry: RegistryFlags,
    /// Decode framed values with the .avsc and .proto files in this directory (as `consume
    /// --schemas`).
    #[arg(long, value_name = "DIR")]
    pub schemas: Option<std::path::PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowOutput {
    /// Two lines per record: where, age, origin, error; the value.
    Text,
    /// consume's envelope plus a "provenance" object, one per line.
    Jsonl,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The dead-letter topic.
    pub topic: String,
    #[command(flatten)]
    pub conn: ConnArgs,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Output format.
    #[arg(short = 'o', long, value_enum, default_value_t = ShowOutput::Text)]
    pub output: ShowOutput,
}

#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// The dead-letter topic.
    pub topic: String,
    #[command(flatten)]
    pub conn: ConnArgs,
    /// Where records without provenance headers go (default: the DLQ's name without its suffix).
    #[arg(long, value_name = "TOPIC")]
    pub to: Option<String>,
    /// Send each record to its original partition (default: by key, as the producer would).
    #[arg(long)]
    pub keep_partition: bool,
    /// Refuse records already replayed this many times (their replay.count): the loop guard.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub max_replays: u32,
    /// Print the plan (per destination, error and age, with samples) and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// At most this many records per second (default: unlimited).
    #[arg(long, value_name = "N")]
    pub rate: Option<f64>,
    /// The consumer group that keeps the replay's progress.
    #[arg(long, value_name = "GROUP")]
    pub group: Option<String>,
    /// Read the destinations back only this far (e.g. 24h; default: from their start).
    #[arg(long, value_name = "DURATION")]
    pub lookback: Option<humantime::Duration>,
    /// Output format: the summary as text, or JSON.
    #[arg(short = 'o', long, value_enum, default_value_t = ReportFormat::Text)]
    pub output: ReportFormat,
}

fn time(flag: &str, s: &str, now: i64) -> Result<TimeBound, String> {
    match StartSpec::parse(s, now).map_err(|e| format!("{flag}: {e}"))? {
        StartSpec::Time(t) => Ok(TimeBound {
            at_ms: t,
            given: s.to_string(),
        }),
        _ => Err(format!(
            "{flag} {s}: a time is needed: @2026-11-22T10:00:00Z or @-1h"
        )),
    }
}

impl FilterArgs {
    fn resolve(self) -> Result<(DlqFilters, DecodeArgs), String> {
        let now = now_ms();
        let filters = DlqFilters {
            since: self.since.map(|s| time("--since", &s, now)).transpose()?,
            until: self.until.map(|s| time("--until", &s, now)).transpose()?,
            error: self
                .error
                .map(|e| regex::Regex::new(&e).map_err(|err| format!("--error: {err}")))
                .transpose()?,
            correlation_id: self.correlation_id,
            key: self.key.map(String::into_bytes),
            max: self.max,
        };
        let decode = DecodeArgs {
            registry: Some(self.registry.resolve()),
            schemas_dir: self.schemas,
            rfc3339: false,
            skip_undecodable: false,
        };
        Ok((filters, decode))
    }
}

impl DlqCommand {
    pub fn resolve(self) -> Result<DlqRequest, String> {
        Ok(match self {
            Self::List {
                conn,
                pattern,
                non_empty,
                fail_above,
                output,
            } => DlqRequest::List(ListRequest {
                conn: conn.resolve(),
                pattern: pattern
                    .map(|p| {
                        regex::Regex::new(&format!("^(?:{p})$"))
                            .map_err(|e| format!("--pattern: {e}"))
                    })
                    .transpose()?,
                non_empty,
                fail_above,
                format: output.into(),
            }),
            Self::Show(a) => {
                let (filters, decode) = a.filters.resolve()?;
                DlqRequest::Show {
                    conn: a.conn.resolve(),
                    topic: a.topic,
                    filters,
                    format: match a.output {
                        ShowOutput::Text => ShowFormat::Text,
                        ShowOutput::Jsonl => ShowFormat::Jsonl,
                    },
                    decode,
                }
            }
            Self::Replay(a) => {
                if a.rate.is_some_and(|r| !(r > 0.0 && r.is_finite())) {
                    return Err(format!(
                        "--rate {}: a positive number of records per second",
                        a.rate.unwrap_or(0.0)
                    ));
                }
                if a.max_replays == 0 {
                    return Err("--max-replays 0 would refuse every record; give 1 or more".into());
                }
                let (filters, decode) = a.filters.resolve()?;
                DlqRequest::Replay(ReplayRequest {
                    conn: a.conn.resolve(),
                    topic: a.topic,
                    to: a.to,
                    keep_partition: a.keep_partition,
                    max_replays: a.max_replays,
                    dry_run: a.dry_run,
                    filters,
                    rate: a.rate,
                    group: a.group,
                    lookback: a.lookback.map(Into::into),
                    format: a.output.into(),
                    decode,
                })
            }
        })
    }
}
