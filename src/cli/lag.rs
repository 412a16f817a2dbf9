//! `evctl lag [GROUP...]`: flags and their validation.

use clap::Args;

use super::{ConnArgs, ReportFormat};
use crate::commands::lag::LagRequest;

#[derive(Debug, Args)]
#[command(
    after_help = "Lag in seconds is now minus the timestamp of the first unconsumed record \
(the one at the group's committed offset). Status, over the last --window samples (as Burrow): \
OK (caught up in the window, or catching up), WARN (committing but the lag grew at every sample), \
STALL (lag, and the commit did not move), STOP (lag, and no commit for longer than the window), \
REWIND (the commit went backwards), ERR. One sample (without --watch) can only say OK.\n\n\
The embedded broker has no ListGroups/DescribeGroups: name the groups there.\n\n\
Examples:\n  \
  evctl lag                       # every group (real brokers)\n  \
  evctl lag payments --watch --interval 2s --window 10\n  \
  evctl lag payments --fail-above 1000 --fail-above-seconds 30   # exit 1 when over (alerts)"
)]
pub struct LagArgs {
    /// Groups to show (default: every consumer group the cluster lists).
    pub groups: Vec<String>,
    #[command(flatten)]
    pub conn: ConnArgs,
    /// Sample again every --interval until Ctrl-C, judging the status over --window samples.
    #[arg(long)]
    pub watch: bool,
    /// Time between samples with --watch.
    #[arg(long, default_value = "1s", value_name = "DURATION")]
    pub interval: humantime::Duration,
    /// How many samples the status is judged over.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub window: usize,
    /// Exit 1 when any partition lags by more than N messages.
    #[arg(long, value_name = "N")]
    pub fail_above: Option<i64>,
    /// Exit 1 when any partition lags by more than S seconds.
    #[arg(long, value_name = "S")]
    pub fail_above_seconds: Option<f64>,
    /// Output format: a table, or JSON (one array of rows per sample).
    #[arg(short = 'o', long, value_enum, default_value_t = ReportFormat::Text)]
    pub output: ReportFormat,
}

impl LagArgs {
    pub fn resolve(self) -> Result<LagRequest, String> {
        if self.window == 0 {
            return Err("--window 0: at least 1 sample".into());
        }
        Ok(LagRequest {
            conn: self.conn.resolve(),
            groups: self.groups,
            watch: self.watch,
            interval: self.interval.into(),
            window: self.window,
            fail_above: self.fail_above,
            fail_above_seconds: self.fail_above_seconds,
            format: self.output.into(),
        })
    }
}
