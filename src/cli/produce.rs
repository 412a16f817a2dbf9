//! `evctl produce TOPIC`: flags and their validation.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{parse_pair, ConnArgs, RegistryFlags, ReportFormat};
use crate::codec::schema::SchemaKind;
use crate::commands::produce::{
    InputMode, KeyFormat, ProduceRequest, SchemaArgs, Source, SubjectStrategy,
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
    /// ProtoJSON in, Protobuf out (Confluent wire format with the message-index array).
    Protobuf,
    /// JSON in, validated against the JSON Schema, framed as it is.
    JsonSchema,
}

impl ValueFormatArg {
    /// The schema type a framed format writes (None: raw).
    fn kind(self) -> Option<SchemaKind> {
        match self {
            Self::Raw => None,
            Self::Avro => Some(SchemaKind::Avro),
            Self::Protobuf => Some(SchemaKind::Protobuf),
            Self::JsonSchema => Some(SchemaKind::Json),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeyFormatArg {
    String,
    Json,
    Avro,
    Protobuf,
    JsonSchema,
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
    /// Value encoding: as read (the default), or JSON in and avro, protobuf or json-schema out
    /// in the Confluent wire format (magic 0, 4-byte schema id, datum) with the writer schema
    /// from the registry (the subject's latest, --value-schema FILE or --schema-id N).
    #[arg(long, value_enum, default_value_t = ValueFormatArg::Raw)]
    pub value_format: ValueFormatArg,
    /// Writer schema file (.avsc, .proto, .json); looked up in the registry, or registered
    /// with --register.
    #[arg(long, value_name = "FILE")]
    pub value_schema: Option<PathBuf>,
    /// Register --value-schema (and --key-schema) under the subject (same id if already
    /// registered); a .proto's local imports and a JSON Schema's local $refs are registered
    /// first, each under its import path, as references.
    #[arg(long)]
    pub register: bool,
    /// --value-format protobuf: the message to write, by full name (default: the file's
    /// first message; nested ones as pkg.Outer.Inner).
    #[arg(long, value_name = "TYPE")]
    pub proto_type: Option<String>,
    /// --key-format protobuf: the key's message by full name (default: the file's first).
    #[arg(long, value_name = "TYPE")]
    pub key_proto_type: Option<String>,
    /// A folder .proto imports and JSON Schema $refs are looked for in, after the schema
    /// file's own folder (repeatable; the well-known types are built in).
    #[arg(long, value_name = "DIR")]
    pub proto_path: Vec<PathBuf>,
    /// Use this registry schema id as the writer schema.
    #[arg(long, value_name = "N", conflicts_with = "value_schema")]
    pub schema_id: Option<u32>,
    /// Key encoding: string (as given), json, or avro, protobuf or json-schema (with
    /// --key-schema or the subject <topic>-key's latest).
    #[arg(long, value_enum, default_value_t = KeyFormatArg::String)]
    pub key_format: KeyFormatArg,
    /// Key writer schema file (.avsc, .proto, .json; registered with --register).
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
        let value_kind = self.value_format.kind();
        if value_kind.is_none() && (self.value_schema.is_some() || self.schema_id.is_some()) {
            return Err(
                "--value-schema and --schema-id need --value-format avro, protobuf or json-schema"
                    .into(),
            );
        }
        if self.proto_type.is_some() && value_kind != Some(SchemaKind::Protobuf) {
            return Err("--proto-type needs --value-format protobuf".into());
        }
        let strategy = match self.subject_strategy {
            StrategyArg::Topic => SubjectStrategy::Topic,
            StrategyArg::Record => SubjectStrategy::Record,
            StrategyArg::TopicRecord => SubjectStrategy::TopicRecord,
        };
        let registry = self.registry.clone().resolve();
        let key_kind = match self.key_format {
            KeyFormatArg::String | KeyFormatArg::Json => None,
            KeyFormatArg::Avro => Some(SchemaKind::Avro),
            KeyFormatArg::Protobuf => Some(SchemaKind::Protobuf),
            KeyFormatArg::JsonSchema => Some(SchemaKind::Json),
        };
        let key_format = match (self.key_format, key_kind) {
            (KeyFormatArg::Json, _) => KeyFormat::Json,
            (_, None) => KeyFormat::String,
            (_, Some(kind)) => {
                if self.key.is_none()
                    && self.key_field.is_none()
                    && self.input != InputArg::Envelope
                {
                    return Err(
                        "--key-format with a schema needs a key: -k, --key-field or --input envelope".into(),
                    );
                }
                KeyFormat::Schema(SchemaArgs {
                    kind,
                    registry: registry.clone(),
                    schema_file: self.key_schema.clone(),
                    schema_id: None,
                    register: self.register,
                    strategy,
                    message: self.key_proto_type.clone(),
                    include: self.proto_path.clone(),
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
            value_schema: value_kind.map(|kind| SchemaArgs {
                kind,
                registry,
                schema_file: self.value_schema,
                schema_id: self.schema_id,
                register: self.register,
                strategy,
                message: self.proto_type,
                include: self.proto_path,
            }),
            key_format,
            sign_key_file: self.sign_key_file,
        })
    }
}
