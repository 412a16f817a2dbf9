//! `evctl topics list|describe|create|delete`.

use clap::{Args, Subcommand};

use super::{parse_pair, ConnArgs, ReportFormat};
use crate::commands::topics::TopicsRequest;

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
