//! `evctl group list|describe|reset|delete`: flags and their validation (the offset grammar,
//! the `--topic T:0,3` scopes, exactly one target).

use clap::{ArgGroup, Args, Subcommand};

use super::{ConnArgs, ReportFormat};
use crate::commands::group::{GroupRequest, ResetRequest, ResetTo, Scope};
use crate::domain::offsets::StartSpec;
use crate::session::now_ms;

#[derive(Debug, Subcommand)]
pub enum GroupCommand {
    /// List the cluster's consumer groups: state, assignor, members.
    List {
        #[command(flatten)]
        conn: ConnArgs,
        /// Output format: a table, or JSON.
        #[arg(short = 'o', long, value_enum, default_value_t = ReportFormat::Text)]
        output: ReportFormat,
    },
    /// A group's state, members (client, host, partitions) and lag per partition and topic,
    /// with its total. Exit 1 when a group is unknown.
    #[command(
        after_help = "The embedded broker has no DescribeGroups: there only the lag is \
shown.\n\nExamples:\n  evctl group describe payments\n  evctl group describe payments shipping -o json"
    )]
    Describe {
        #[arg(required = true)]
        groups: Vec<String>,
        #[command(flatten)]
        conn: ConnArgs,
        /// Output format: tables, or JSON (one object per group).
        #[arg(short = 'o', long, value_enum, default_value_t = ReportFormat::Text)]
        output: ReportFormat,
    },
    /// Move a group's committed offsets: a dry run (the plan) unless --execute.
    Reset(ResetArgs),
    /// Delete a group (its committed offsets), after writing them to a backup file; refused
    /// while the group has members.
    Delete {
        group: String,
        #[command(flatten)]
        conn: ConnArgs,
        /// Where to write the group's offsets first (default: GROUP.offsets-<UTC time>.json).
        #[arg(long, value_name = "FILE")]
        backup: Option<std::path::PathBuf>,
        /// `json`: print what was deleted on stdout.
        #[arg(short = 'o', long, value_enum, default_value_t = ReportFormat::Text)]
        output: ReportFormat,
    },
}

#[derive(Debug, Args)]
#[command(
    group(ArgGroup::new("target").required(true).args(["to", "shift_by", "from_file"])),
    after_help = "Prints the plan per partition (current, new, the move, the lag it leaves) and \
changes nothing unless --execute. With --execute, the group's current offsets are first written \
to a backup file (restore: --from-file BACKUP --execute), and a group with live members is \
refused (exit 1): its consumers would overwrite the new offsets. An offset outside what the \
partition holds is moved to its start or end, with a warning; a time after the newest record \
means the end.\n\n\
Exit codes: 0 planned or applied, 1 refused (live members), 2 error.\n\n\
Examples:\n  \
  evctl group reset payments --topic orders --to @-1h              # the plan\n  \
  evctl group reset payments --topic orders --to @-1h --execute\n  \
  evctl group reset payments --all-topics --shift-by -10 -o json\n  \
  evctl group reset payments --topic orders:0,3 --to earliest --execute\n  \
  evctl group reset payments --from-file payments.offsets-20261206T101500Z.json --execute"
)]
pub struct ResetArgs {
    pub group: String,
    #[command(flatten)]
    pub conn: ConnArgs,
    /// Where to: earliest | latest | <offset> | +<n> (n after the start) | -<n> (n before the
    /// end) | @<RFC3339 time> | @-<duration> (e.g. @-1h).
    #[arg(long, value_name = "POSITION", allow_hyphen_values = true)]
    pub to: Option<String>,
    /// Move each partition's committed offset by N (negative: back, to read again).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub shift_by: Option<i64>,
    /// The offsets to set, from Kafka's `topic,partition,offset` CSV or evctl's JSON (a plan
    /// printed with -o json, or a backup); it names its own partitions.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["topic", "all_topics"])]
    pub from_file: Option<std::path::PathBuf>,
    /// A topic to reset, all its partitions or some: T or T:0,3 (repeatable).
    #[arg(long, value_name = "TOPIC[:P,P...]")]
    pub topic: Vec<String>,
    /// Every topic the group has committed offsets on.
    #[arg(long, conflicts_with = "topic")]
    pub all_topics: bool,
    /// Apply the plan (after writing the backup); without it nothing changes.
    #[arg(long)]
    pub execute: bool,
    /// Where --execute writes the group's current offsets (default: GROUP.offsets-<UTC time>.json).
    #[arg(long, value_name = "FILE")]
    pub backup: Option<std::path::PathBuf>,
    /// With --execute: wait up to this long for the group's members to leave, instead of
    /// refusing at once.
    #[arg(long, value_name = "DURATION")]
    pub wait_empty: Option<humantime::Duration>,
    /// Output format: a table, or JSON (which --from-file reads back).
    #[arg(short = 'o', long, value_enum, default_value_t = ReportFormat::Text)]
    pub output: ReportFormat,
}

/// `T` or `T:0,3`.
fn parse_scope(s: &str) -> Result<(String, Option<Vec<i32>>), String> {
    let (topic, parts) = match s.rsplit_once(':') {
        Some((t, p)) => (t, Some(p)),
        None => (s, None),
    };
    if topic.is_empty() {
        return Err(format!("--topic '{s}': no topic name"));
    }
    let parts = parts
        .map(|p| {
            p.split(',')
                .map(|n| {
                    n.trim()
                        .parse::<i32>()
                        .ok()
                        .filter(|n| *n >= 0)
                        .ok_or_else(|| {
                            format!("--topic '{s}': '{n}' is not a partition number (T:0,3)")
                        })
                })
                .collect::<Result<Vec<i32>, String>>()
        })
        .transpose()?;
    Ok((topic.to_string(), parts))
}

impl ResetArgs {
    fn resolve(self) -> Result<ResetRequest, String> {
        let to = match (self.to, self.shift_by, self.from_file) {
            (Some(s), _, _) => {
                ResetTo::Spec(StartSpec::parse(&s, now_ms()).map_err(|e| format!("--to: {e}"))?)
            }
            (_, Some(n), _) => ResetTo::ShiftBy(n),
            (_, _, Some(f)) => ResetTo::File(f),
            _ => return Err("give one of --to, --shift-by, --from-file".into()),
        };
        let scope = if matches!(to, ResetTo::File(_)) {
            Scope::File
        } else if self.all_topics {
            Scope::AllTopics
        } else if !self.topic.is_empty() {
            Scope::Topics(
                self.topic
                    .iter()
                    .map(|t| parse_scope(t))
                    .collect::<Result<_, _>>()?,
            )
        } else {
            return Err("which partitions? --topic T (or T:0,3), or --all-topics".into());
        };
        if self.wait_empty.is_some() && !self.execute {
            return Err("--wait-empty: only with --execute (a dry run changes nothing)".into());
        }
        Ok(ResetRequest {
            conn: self.conn.resolve(),
            group: self.group,
            to,
            scope,
            execute: self.execute,
            backup: self.backup,
            wait_empty: self.wait_empty.map(Into::into),
            format: self.output.into(),
        })
    }
}

impl GroupCommand {
    pub fn resolve(self) -> Result<GroupRequest, String> {
        Ok(match self {
            Self::List { conn, output } => GroupRequest::List {
                conn: conn.resolve(),
                format: output.into(),
            },
            Self::Describe {
                groups,
                conn,
                output,
            } => GroupRequest::Describe {
                conn: conn.resolve(),
                groups,
                format: output.into(),
            },
            Self::Reset(a) => GroupRequest::Reset(a.resolve()?),
            Self::Delete {
                group,
                conn,
                backup,
                output,
            } => GroupRequest::Delete {
                conn: conn.resolve(),
                group,
                backup,
                format: output.into(),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_parse_and_name_the_flag() {
        assert_eq!(parse_scope("orders").unwrap(), ("orders".into(), None));
        assert_eq!(
            parse_scope("orders:0,3").unwrap(),
            ("orders".into(), Some(vec![0, 3]))
        );
        assert!(parse_scope("orders:x")
            .unwrap_err()
            .contains("--topic 'orders:x'"));
        assert!(parse_scope(":1").is_err());
    }
}
