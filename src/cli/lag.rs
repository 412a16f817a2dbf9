//! `evctl lag [GROUP...]`: flags and their validation.

use std::time::Duration;

use clap::{Args, ValueEnum};

use super::{ConnArgs, ReportFormat};
use crate::commands::lag::{LagRequest, ServeRequest};
use crate::domain::lag::Granularity;

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
  evctl lag payments --fail-above 1000 --fail-above-seconds 30   # exit 1 when over (alerts)\n  \
  evctl lag --serve 127.0.0.1:9308   # a Prometheus exporter (kafka-lag-exporter's metric names)\n\n\
--serve: a collector reads every --interval (default 15s) with the same batched requests; a scrape \
only reads the latest collection. Series: kafka_consumergroup_group_{lag,lag_seconds,offset} per \
partition (with --granularity partition), kafka_consumergroup_group_{max_lag,max_lag_seconds,sum_lag,\
topic_sum_lag}, kafka_partition_{latest,earliest}_offset, kafka_consumer_lag_seconds{group,topic}, \
evctl_consumergroup_status (0 OK .. 5 ERR), evctl_dlq_depth and evctl_dlq_pending per DLQ, evctl_lag_up, \
evctl_lag_last_success_timestamp_seconds, evctl_lag_collect_duration_seconds. After a failed \
collection only the evctl_lag_* series are served (no stale lag). Ends with 0 on Ctrl-C or SIGTERM."
)]
pub struct LagArgs {
    /// Groups to show (default: every consumer group the cluster lists).
    pub groups: Vec<String>,
    #[command(flatten)]
    pub conn: ConnArgs,
    /// Sample again every --interval until Ctrl-C, judging the status over --window samples.
    #[arg(long)]
    pub watch: bool,
    /// Time between samples: with --watch (default 1s), with --serve (default 15s).
    #[arg(long, value_name = "DURATION")]
    pub interval: Option<humantime::Duration>,
    /// How many samples the status is judged over.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub window: usize,
    /// Exit 1 when any partition lags by more than N messages.
    #[arg(long, value_name = "N")]
    pub fail_above: Option<i64>,
    /// Exit 1 when any partition lags by more than S seconds.
    #[arg(long, value_name = "S")]
    pub fail_above_seconds: Option<f64>,
    /// Serve the lag as Prometheus metrics at http://HOST:PORT/metrics (a bare PORT binds
    /// 127.0.0.1) until Ctrl-C, collecting every --interval.
    #[arg(long, value_name = "HOST:PORT", conflicts_with_all = ["watch", "fail_above", "fail_above_seconds"])]
    pub serve: Option<String>,
    /// With --serve: the cluster_name label (kafka-lag-exporter's).
    #[arg(
        long,
        value_name = "NAME",
        default_value = "default",
        requires = "serve"
    )]
    pub cluster_name: String,
    /// With --serve: a series per partition (kafka-lag-exporter's), or only per group and topic.
    #[arg(long, value_enum, default_value_t = GranularityArg::Partition, requires = "serve")]
    pub granularity: GranularityArg,
    /// Output format: a table, or JSON (one array of group objects per sample); with --serve,
    /// the URL, or one JSON line with it.
    #[arg(short = 'o', long, value_enum, default_value_t = ReportFormat::Text)]
    pub output: ReportFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GranularityArg {
    /// Per group and topic only (bounded series count).
    Topic,
    /// Also every partition's lag, seconds and offset.
    Partition,
}

impl LagArgs {
    pub fn resolve(self) -> Result<LagRequest, String> {
        if self.window == 0 {
            return Err("--window 0: at least 1 sample".into());
        }
        let default_interval = if self.serve.is_some() { 15 } else { 1 };
        let interval = self
            .interval
            .map_or(Duration::from_secs(default_interval), Into::into);
        if interval.is_zero() {
            return Err("--interval 0s: give a positive duration".into());
        }
        let serve = self.serve.map(|addr| ServeRequest {
            addr,
            cluster: self.cluster_name,
            granularity: match self.granularity {
                GranularityArg::Topic => Granularity::Topic,
                GranularityArg::Partition => Granularity::Partition,
            },
        });
        Ok(LagRequest {
            conn: self.conn.resolve(),
            groups: self.groups,
            watch: self.watch,
            interval,
            window: self.window,
            fail_above: self.fail_above,
            fail_above_seconds: self.fail_above_seconds,
            format: self.output.into(),
            serve,
        })
    }
}
