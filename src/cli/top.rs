//! `evctl top`: flags and their validation.

use std::time::Duration;

use clap::{Args, Parser};

use super::simulate::ScenarioFlags;
use super::ConnArgs;
use crate::commands::top::TopRequest;
use crate::domain::offsets::StartSpec;
use crate::simulate::{Load, LogFormat, Parts, SimulateRequest};
use tracing::level_filters::LevelFilter;

#[derive(Debug, Args)]
#[command(
    after_help = "Panes: consumer groups (state, members, lag in messages and seconds, \
trend, status as `evctl lag --help` explains), the selected group's partitions, the order funnel \
(orders per step and per second, stuck ones, cancelled, dead-lettered), topics (records, \
msg/s and trend) and dead-letter topics (depth, newest error). The lag numbers are evctl lag's.\n\n\
Keys: q/Esc quit, Tab/Shift-Tab panes, ↑/↓ select, Enter drill down, / filter, p pause, ? help. \
NO_COLOR is respected.\n\n\
The funnel follows the marketplace's topics when they exist (created → paid → reserved → \
shipped), or the flow given with --funnel; orders are told apart by their correlationId header, \
else by key. The embedded broker cannot list groups: name them with --group.\n\n\
Examples:\n  \
  evctl top --simulate                       # the marketplace, live, on the embedded broker\n  \
  evctl top --simulate --chaos --rate 500 --duration 2m\n  \
  evctl top -b localhost:9092 --interval 2s\n  \
  evctl top -b localhost:9092 --funnel checkout.started,checkout.paid,checkout.done"
)]
pub struct TopArgs {
    #[command(flatten)]
    pub conn: ConnArgs,
    /// Show this consumer group (repeatable); needed where the broker cannot list them.
    #[arg(short = 'g', long = "group", value_name = "GROUP")]
    pub groups: Vec<String>,
    /// Time between samples.
    #[arg(long, default_value = "1s", value_name = "DURATION")]
    pub interval: humantime::Duration,
    /// Samples a status is judged over (as evctl lag --window).
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub window: usize,
    /// An order in one funnel step longer than this counts as stuck.
    #[arg(long, default_value = "30s", value_name = "DURATION")]
    pub stuck_after: humantime::Duration,
    /// The flow's topics in order (2 to 32); default: the marketplace's, when they exist.
    #[arg(long, value_delimiter = ',', value_name = "TOPIC,...")]
    pub funnel: Option<Vec<String>>,
    /// Where the funnel starts reading its topics: a time (@-1h, @2026-12-01T10:00:00Z) or
    /// start [default: @-1h; with --simulate: start, the run's topics are new].
    #[arg(long, value_name = "POSITION")]
    pub since: Option<String>,
    /// Run the marketplace in this process on the embedded broker and watch it (the
    /// simulation's report is printed when you quit; quitting before it finished exits 130).
    /// Not with -b/--context; EVCTL_BROKERS and EVCTL_CONTEXT are ignored.
    #[arg(long)]
    pub simulate: bool,
    #[command(flatten, next_help_heading = "Simulation (with --simulate)")]
    pub scenario: ScenarioFlags,
}

/// The scenario flags as clap fills them when none is given.
fn scenario_defaults() -> ScenarioFlags {
    #[derive(Parser)]
    struct Only {
        #[command(flatten)]
        s: ScenarioFlags,
    }
    Only::parse_from(["top"]).s
}

impl TopArgs {
    pub fn resolve(self) -> Result<TopRequest, String> {
        if self.window == 0 {
            return Err("--window 0: at least 1 sample".into());
        }
        let interval: Duration = self.interval.into();
        if interval < Duration::from_millis(100) {
            return Err(format!("--interval {}: at least 100ms", self.interval));
        }
        if let Some(f) = &self.funnel {
            if !(2..=32).contains(&f.len()) || f.iter().any(|t| t.is_empty()) {
                return Err(
                    "--funnel: give 2 to 32 topic names, in flow order, comma-separated".into(),
                );
            }
        }
        let since_text = match (&self.since, self.simulate) {
            (Some(s), _) => s.clone(),
            (None, true) => "start".into(),
            (None, false) => "@-1h".into(),
        };
        let since = match StartSpec::parse(&since_text, crate::session::now_ms())
            .map_err(|e| format!("--since: {e}"))?
        {
            s @ (StartSpec::Time(_) | StartSpec::Beginning | StartSpec::End) => s,
            _ => {
                return Err(format!(
                    "--since {since_text}: a time (@-1h, @2026-12-01T10:00:00Z), start or end"
                ))
            }
        };
        let simulate = if self.simulate {
            if self.conn.brokers.is_some() || self.conn.context.is_some() {
                return Err("--simulate runs the marketplace on its own embedded broker: drop -b/--context (to watch a simulation on a cluster, run `evctl simulate marketplace -b …` and `evctl top -b …` beside it)".into());
            }
            Some(simulation(&self.scenario)?)
        } else {
            if self.scenario != scenario_defaults() {
                return Err(
                    "the simulation flags (--orders, --rate, --chaos, ...) apply with --simulate"
                        .into(),
                );
            }
            None
        };
        Ok(TopRequest {
            conn: self.conn.resolve(),
            groups: self.groups,
            interval,
            window: self.window,
            stuck_after: self.stuck_after.into(),
            funnel: self.funnel,
            since,
            simulate,
        })
    }
}

/// The marketplace on the embedded broker, kept up until the dashboard quits.
fn simulation(s: &ScenarioFlags) -> Result<SimulateRequest, String> {
    let sc = s.resolve(Load::Rate {
        rate: 300.0,
        duration: Duration::from_secs(120),
    })?;
    Ok(SimulateRequest {
        conn: Default::default(),
        embedded: true,
        registry: Default::default(),
        scenario: sc,
        timeout: Duration::from_secs(60),
        keep_running: true,
        parts: Parts::all(),
        run_id: None,
        metrics_addr: None,
        format: crate::output::ReportFormat::Text,
        log_format: LogFormat::Text,
        log_level: LevelFilter::OFF,
    })
}
