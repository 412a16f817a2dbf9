//! `evctl config show`: flags. It takes the same connection flags as every command, so a user
//! can see what a command line would connect with before running it.

use clap::{Args, Subcommand};

use super::{ConnArgs, RegistryFlags, ReportFormat};
use crate::commands::config::ConfigRequest;

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Show the connection a command would use and where each setting comes from (flags,
    /// environment, config file); passwords and other secrets are shown as <redacted>.
    #[command(after_help = "Examples:\n  \
  evctl config show                      # the current context\n  \
  evctl config show --context prod -o json\n  \
  evctl config show -b kafka:9093 -X security.protocol=ssl")]
    Show(ShowArgs),
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    #[command(flatten)]
    pub conn: ConnArgs,
    #[command(flatten)]
    pub registry: RegistryFlags,
    /// Output format: a table, or one JSON object.
    #[arg(short = 'o', long, value_enum, default_value_t = ReportFormat::Text)]
    pub output: ReportFormat,
}

impl ConfigCommand {
    pub fn resolve(self) -> Result<ConfigRequest, String> {
        let ConfigCommand::Show(a) = self;
        Ok(ConfigRequest {
            conn: a.conn.resolve(),
            registry: a.registry.resolve(),
            format: a.output.into(),
        })
    }
}
