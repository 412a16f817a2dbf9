//! `evctl consume TOPIC...`: flags and their validation.

use clap::{Args, ValueEnum};

use super::{parse_pair, ConnArgs, RegistryFlags, VerifyFlags};
use crate::codec::values::DecodeArgs;
use crate::commands::consume::ConsumeRequest;
use crate::domain::filter::{Filters, JsonPath};
use crate::domain::offsets::{EndSpec, StartSpec};
use crate::domain::topics::TopicSelection;
use crate::output::records::{parse_template, RecordFormat};
use crate::session::now_ms;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputArg {
    /// One JSON envelope per line (the default when stdout is not a terminal).
    Jsonl,
    /// One JSON array of envelopes.
    Json,
    /// One readable line per record (the default on a terminal).
    Text,
    /// The value bytes and a newline, nothing else (as kcat -C).
    Raw,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TimestampsArg {
    Millis,
    Rfc3339,
}

#[derive(Debug, Args)]
#[command(after_help = "Offsets, per partition (as kcat -o / rpk -o):\n  \
  --from start | end | <offset> | +<n> (n after the start) | -<n> (n before the end)\n         \
  | @2026-11-22T10:00:00Z | @-5m (records since 5 minutes ago)\n  \
  --until end (the end captured at start; the default) | <offset> (exclusive) | @<time>\n\n\
Examples:\n  \
  evctl consume orders --from -10\n  \
  evctl consume orders payments --from @-1h --match status=FAILED -o text\n  \
  evctl consume orders -f -g audit --format '%k %s\\n'")]
pub struct ConsumeArgs {
    /// Topics to read.
    #[arg(required_unless_present = "topic_regex")]
    pub topics: Vec<String>,
    #[command(flatten)]
    pub conn: ConnArgs,
    /// Read every topic whose name matches this regex (anchored at both ends).
    #[arg(long, value_name = "REGEX", conflicts_with = "topics")]
    pub topic_regex: Option<String>,
    /// Where to start in each partition.
    #[arg(
        long,
        default_value = "start",
        allow_hyphen_values = true,
        value_name = "OFFSET"
    )]
    pub from: String,
    /// Where to stop in each partition (exclusive); bounded reads stop at the end seen at start.
    #[arg(
        long,
        conflicts_with = "follow",
        allow_hyphen_values = true,
        value_name = "OFFSET"
    )]
    pub until: Option<String>,
    /// Stop after this many records (after filters).
    #[arg(short = 'n', long)]
    pub count: Option<u64>,
    /// Keep reading new records until interrupted.
    #[arg(short = 'f', long)]
    pub follow: bool,
    /// Read as this consumer group; offsets are committed only after records are written.
    #[arg(short = 'g', long)]
    pub group: Option<String>,
    /// Only records with exactly this key.
    #[arg(long)]
    pub key: Option<String>,
    /// Only records with this header (repeatable; all must match).
    #[arg(long = "header", value_name = "NAME=VALUE", value_parser = parse_pair)]
    pub headers: Vec<(String, String)>,
    /// Only records whose JSON value has PATH equal to VALUE (repeatable), e.g. items[0].productId=p-1.
    #[arg(long = "match", value_name = "PATH=VALUE", value_parser = parse_pair)]
    pub matches: Vec<(String, String)>,
    /// Output format.
    #[arg(short = 'o', long, value_enum, conflicts_with = "format")]
    pub output: Option<OutputArg>,
    // Confluent-framed Avro values are decoded with the schemas of this registry.
    #[command(flatten)]
    pub registry: RegistryFlags,
    /// Decode framed values with the .avsc and .proto files in this directory: the file named
    /// after the topic (order.created.avsc, orders.proto), else the Avro one that decodes it.
    #[arg(long, value_name = "DIR")]
    pub schemas: Option<std::path::PathBuf>,
    /// Show Avro timestamp-millis/micros as RFC 3339 text instead of numbers.
    #[arg(long, value_enum, default_value_t = TimestampsArg::Millis)]
    pub timestamps: TimestampsArg,
    /// Skip values that cannot be decoded instead of showing them in base64 and exiting 2.
    #[arg(long)]
    pub skip_undecodable: bool,
    /// kcat-style template: %t topic, %p partition, %o offset, %k key, %s value, %h headers, %T timestamp.
    #[arg(long, value_name = "TEMPLATE")]
    pub format: Option<String>,
    #[command(flatten)]
    pub verify: VerifyFlags,
}

impl ConsumeArgs {
    pub fn resolve(self) -> Result<ConsumeRequest, String> {
        let now = now_ms();
        let from = StartSpec::parse(&self.from, now).map_err(|e| format!("--from: {e}"))?;
        let until = match (&self.until, self.follow) {
            (_, true) => None,
            (Some(u), false) => Some(EndSpec::parse(u, now).map_err(|e| format!("--until: {e}"))?),
            (None, false) => Some(EndSpec::End),
        };
        if self.group.is_some() && !matches!(from, StartSpec::Beginning | StartSpec::End) {
            return Err(format!(
                "--from {} with -g/--group: a group resumes from its committed offsets; \
                 --from start|end only says where to begin when it has none",
                self.from
            ));
        }
        let topics = match self.topic_regex {
            Some(re) => TopicSelection::Regex(
                regex::Regex::new(&format!("^(?:{re})$"))
                    .map_err(|e| format!("--topic-regex: {e}"))?,
            ),
            None => TopicSelection::Names(self.topics),
        };
        let mut matches = Vec::new();
        for (path, want) in self.matches {
            matches.push((
                JsonPath::parse(&path).map_err(|e| format!("--match: {e}"))?,
                want,
            ));
        }
        let format = match (self.format, self.output) {
            (Some(t), _) => Some(RecordFormat::Template(
                parse_template(&t).map_err(|e| format!("--format: {e}"))?,
            )),
            (None, Some(o)) => Some(match o {
                OutputArg::Jsonl => RecordFormat::Jsonl,
                OutputArg::Json => RecordFormat::Json,
                OutputArg::Text => RecordFormat::Text,
                OutputArg::Raw => RecordFormat::Raw,
            }),
            (None, None) => None,
        };
        Ok(ConsumeRequest {
            conn: self.conn.resolve(),
            topics,
            from,
            until,
            count: self.count,
            group: self.group,
            filters: Filters {
                key: self.key.map(String::into_bytes),
                headers: self.headers,
                matches,
            },
            format,
            decode: DecodeArgs {
                registry: Some(self.registry.resolve()),
                schemas_dir: self.schemas,
                rfc3339: self.timestamps == TimestampsArg::Rfc3339,
                skip_undecodable: self.skip_undecodable,
            },
            verify: self.verify.resolve(),
        })
    }
}
