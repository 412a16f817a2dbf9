//! `evctl produce TOPIC`: flags and their validation.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{parse_pair, ConnArgs, RegistryFlags, ReportFormat};
use crate::commands::produce::{
    AvroValueArgs, InputMode, KeyFormat, ProduceRequest, Source, SubjectStrategy,
};
use crate::domain::filter::JsonPath;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputArg {
    /// Each line is one value (as kcat -P).
    Lines,
    /// Each line is one JSON document, sent as it is (validated).
    Json,
    /// Each line is a JSONL envelope {"key","headers","value",...}: what consume -o jsonl
    /// writes, or kcat -J ("payload", headers as a list; also --input kcat-json).
    #[value(alias = "kcat-json")]
    Envelope,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ValueFormatArg {
    /// The input value's bytes as they are.
    Raw,
    /// JSON in, Avro (Confluent wire format) out.
    Avro,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeyFormatArg {
    String,
    Json,
    Avro,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StrategyArg {
    Topic,
    Record,
    TopicRecord,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
  printf 'a\\nb\\n' | evctl produce -b localhost:9092 orders\n  \
  evctl produce orders --input json --key-field orderId --file orders.jsonl\n  \
  evctl consume orders -o jsonl | evctl produce orders-copy --input envelope\n  \
  kcat -C -J -e -t orders | evctl produce orders-copy --input envelope")]
pub struct ProduceArgs {
    /// Topic to produce to.
    pub topic: String,
    #[command(flatten)]
    pub conn: ConnArgs,
    /// Read records from this file instead of stdin.
    #[arg(short = 'f', long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// How input lines are read.
    #[arg(long, value_enum, default_value_t = InputArg::Lines)]
    pub input: InputArg,
    /// Key for every record.
    #[arg(short = 'k', long, conflicts_with = "key_field")]
    pub key: Option<String>,
    /// Take each record's key from this field of its JSON value (e.g. orderId, customer.id).
    #[arg(long, value_name = "PATH")]
    pub key_field: Option<String>,
    /// Header added to every record (repeatable).
    #[arg(short = 'H', long = "header", value_name = "NAME=VALUE", value_parser = parse_pair)]
    pub headers: Vec<(String, String)>,
    /// Send every record to this partition.
    #[arg(short = 'p', long)]
    pub partition: Option<i32>,
    /// With --input envelope: send each record to the envelope's partition.
    #[arg(long)]
    pub keep_partition: bool,
    /// With --input envelope: keep the envelope's timestamp.
    #[arg(long)]
    pub keep_timestamp: bool,
    /// Value encoding: as read (the default), or avro: JSON in, Avro out in the Confluent wire
    /// format (magic 0, 4-byte schema id, datum) with the writer schema from the registry.
    #[arg(long, value_enum, default_value_t = ValueFormatArg::Raw)]
    pub value_format: ValueFormatArg,
    /// Writer schema file (.avsc); looked up in the registry, or registered with --register.
    #[arg(long, value_name = "FILE")]
    pub value_schema: Option<PathBuf>,
    /// Register --value-schema under the subject (same id if already registered).
    #[arg(long)]
    pub register: bool,
    /// Use this registry schema id as the writer schema.
    #[arg(long, value_name = "N", conflicts_with = "value_schema")]
    pub schema_id: Option<u32>,
    /// Key encoding: string (as given), json, or avro (with --key-schema; subject <topic>-key).
    #[arg(long, value_enum, default_value_t = KeyFormatArg::String)]
    pub key_format: KeyFormatArg,
    /// Key writer schema file for --key-format avro (registered with --register).
    #[arg(long, value_name = "FILE")]
    pub key_schema: Option<PathBuf>,
    /// Subject naming: topic (<topic>-value), record (<record full name>), topic-record.
    #[arg(long, value_enum, default_value_t = StrategyArg::Topic)]
    pub subject_strategy: StrategyArg,
    #[command(flatten)]
    pub registry: RegistryFlags,
    /// Sign every record with the key in FILE: an evctl-signature header, HMAC-SHA256 over
    /// key, value and the other headers, with the key's id (consume --verify-key-file checks it).
    #[arg(long, value_name = "FILE")]
    pub sign_key_file: Option<PathBuf>,
    /// Summary format (the summary goes to stderr as text, to stdout as JSON).
    #[arg(short = 'o', long, value_enum, default_value_t = ReportFormat::Text)]
    pub output: ReportFormat,
}

impl ProduceArgs {
    pub fn resolve(self) -> Result<ProduceRequest, String> {
        let mode = match self.input {
            InputArg::Lines => InputMode::Lines,
            InputArg::Json => InputMode::Json,
            InputArg::Envelope => InputMode::Envelope,
        };
        if (self.keep_partition || self.keep_timestamp) && mode != InputMode::Envelope {
            return Err("--keep-partition and --keep-timestamp need --input envelope".into());
        }
        if self.keep_partition && self.partition.is_some() {
            return Err(
                "--keep-partition and -p/--partition contradict each other; pick one".into(),
            );
        }
        if let Some(p) = self.partition {
            if p < 0 {
                return Err(format!("-p/--partition {p}: a partition is 0 or more"));
            }
        }
        if self.value_format != ValueFormatArg::Avro
            && (self.value_schema.is_some() || self.schema_id.is_some())
        {
            return Err("--value-schema and --schema-id need --value-format avro".into());
        }
        let strategy = match self.subject_strategy {
            StrategyArg::Topic => SubjectStrategy::Topic,
            StrategyArg::Record => SubjectStrategy::Record,
            StrategyArg::TopicRecord => SubjectStrategy::TopicRecord,
        };
        let registry = self.registry.clone().resolve();
        let key_format = match self.key_format {
            KeyFormatArg::String => KeyFormat::String,
            KeyFormatArg::Json => KeyFormat::Json,
            KeyFormatArg::Avro => {
                if self.key.is_none()
                    && self.key_field.is_none()
                    && self.input != InputArg::Envelope
                {
                    return Err(
                        "--key-format avro needs a key: -k, --key-field or --input envelope".into(),
                    );
                }
                KeyFormat::Avro(AvroValueArgs {
                    registry: registry.clone(),
                    schema_file: self.key_schema.clone(),
                    schema_id: None,
                    register: self.register,
                    strategy,
                })
            }
        };
        let key_field = self
            .key_field
            .as_deref()
            .map(JsonPath::parse)
            .transpose()
            .map_err(|e| format!("--key-field: {e}"))?;
        Ok(ProduceRequest {
            conn: self.conn.resolve(),
            topic: self.topic,
            source: match self.file {
                Some(p) if p.as_os_str() != "-" => Source::File(p),
                _ => Source::Stdin,
            },
            mode,
            key: self.key.map(String::into_bytes),
            key_field,
            headers: self
                .headers
                .into_iter()
                .map(|(k, v)| (k, v.into_bytes()))
                .collect(),
            partition: self.partition,
            keep_partition: self.keep_partition,
            keep_timestamp: self.keep_timestamp,
            summary: self.output.into(),
            avro: (self.value_format == ValueFormatArg::Avro).then_some(AvroValueArgs {
                registry,
                schema_file: self.value_schema,
                schema_id: self.schema_id,
                register: self.register,
                strategy,
            }),
            key_format,
            sign_key_file: self.sign_key_file,
        })
    }
}
