//! `evctl topics list|describe|create|delete`.

use clap::{Args, Subcommand};

use super::{parse_pair, ConnArgs, ReportFormat};
use crate::commands::topics::{SkewRequest, TopicsRequest};

#[derive(Debug, Subcommand)]
pub enum TopicsCommand {
    /// List topics with their partition and replica counts.
    List {
        #[command(flatten)]
        conn: ConnArgs,
        /// Include internal topics (names starting with __).
        #[arg(long)]
        all: bool,
        /// Output format: a table, or JSON.
        #[arg(short = 'o', long, value_enum, default_value_t = ReportFormat::Text)]
        output: ReportFormat,
    },
    /// Show a topic's partitions (leader, replicas, ISR, offsets) and configs.
    Describe {
        topic: String,
        #[command(flatten)]
        conn: ConnArgs,
        /// Output format: a table, or JSON.
        #[arg(short = 'o', long, value_enum, default_value_t = ReportFormat::Text)]
        output: ReportFormat,
    },
    /// Create a topic.
    Create(CreateArgs),
    /// How a topic's recent writes spread over its partitions: each one's records, rate and
    /// share, the hot ones (at least 2x the others' mean), and the keys that dominate.
    #[command(
        after_help = "Reads the records written in the last --window (by their timestamps). \
A partition is hot when it holds at least twice the mean of the topic's other partitions (and 10 \
records or more). \
Exit 1 when nothing was written in the window, or with --fail-on-hot when a partition is hot.\n\n\
Examples:\n  \
  evctl topics skew orders\n  \
  evctl topics skew orders --window 1h --keys 10 -o json"
    )]
    Skew(SkewArgs),
    /// Delete topics.
    Delete {
        #[arg(required = true)]
        topics: Vec<String>,
        #[command(flatten)]
        conn: ConnArgs,
        /// `json`: print what was deleted on stdout.
        #[arg(short = 'o', long, value_enum, default_value_t = ReportFormat::Text)]
        output: ReportFormat,
    },
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    pub topic: String,
    #[command(flatten)]
    pub conn: ConnArgs,
    /// Number of partitions.
    #[arg(short = 'p', long, default_value_t = 1)]
    pub partitions: i32,
    /// Replication factor.
    #[arg(short = 'r', long, default_value_t = 1)]
    pub replication: i32,
    /// Topic config (repeatable), e.g. -c cleanup.policy=compact.
    #[arg(short = 'c', long = "config", value_name = "KEY=VALUE", value_parser = parse_pair)]
    pub configs: Vec<(String, String)>,
    /// `json`: print what was created on stdout.
    #[arg(short = 'o', long, value_enum, default_value_t = ReportFormat::Text)]
    pub output: ReportFormat,
}

#[derive(Debug, Args)]
pub struct SkewArgs {
    pub topic: String,
    #[command(flatten)]
    pub conn: ConnArgs,
    /// How far back to look (records written since now minus this).
    #[arg(
        long,
        visible_alias = "sample",
        default_value = "10s",
        value_name = "DURATION"
    )]
    pub window: humantime::Duration,
    /// How many of the most frequent keys to show.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub keys: usize,
    /// Exit 1 when a partition is hot (for CI or an alert).
    #[arg(long)]
    pub fail_on_hot: bool,
    /// Output format: tables, or JSON.
    #[arg(short = 'o', long, value_enum, default_value_t = ReportFormat::Text)]
    pub output: ReportFormat,
}

impl TopicsCommand {
    pub fn resolve(self) -> Result<TopicsRequest, String> {
        Ok(match self {
            Self::List { conn, all, output } => TopicsRequest::List {
                conn: conn.resolve(),
                all,
                format: output.into(),
            },
            Self::Describe {
                topic,
                conn,
                output,
            } => TopicsRequest::Describe {
                conn: conn.resolve(),
                topic,
                format: output.into(),
            },
            Self::Skew(a) => {
                if a.window.is_zero() {
                    return Err("--window 0s: give a positive duration".into());
                }
                TopicsRequest::Skew(SkewRequest {
                    conn: a.conn.resolve(),
                    topic: a.topic,
                    window: a.window.into(),
                    keys: a.keys,
                    fail_on_hot: a.fail_on_hot,
                    format: a.output.into(),
                })
            }
            Self::Create(a) => {
                if a.partitions < 1 {
                    return Err(format!("--partitions {}: at least 1", a.partitions));
                }
                if a.replication < 1 {
                    return Err(format!("--replication {}: at least 1", a.replication));
                }
                TopicsRequest::Create {
                    conn: a.conn.resolve(),
                    topic: a.topic,
                    partitions: a.partitions,
                    replication: a.replication,
                    configs: a.configs,
                    format: a.output.into(),
                }
            }
            Self::Delete {
                topics,
                conn,
                output,
            } => TopicsRequest::Delete {
                conn: conn.resolve(),
                topics,
                format: output.into(),
            },
        })
    }
}
