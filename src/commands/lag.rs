//! `evctl lag [GROUP...]`: per group and partition, the committed offset, the end, the lag in
//! messages and in seconds (now minus the timestamp of the first unconsumed record), and a
//! status over a window of samples (`--watch`). The numbers come from `domain::lag`.

use std::sync::atomic::Ordering;
use std::time::Duration;

use anyhow::Context as _;

use super::Outcome;
use crate::domain::connection::ConnectionArgs;
use crate::domain::lag::History;
use crate::output;
use crate::output::reporter::Reporter;
use crate::output::{Out, ReportFormat};
use crate::scan::lag::Sampler;
use crate::session::{context, signals};

#[derive(Debug)]
pub struct LagRequest {
    pub conn: ConnectionArgs,
    /// Empty: every consumer group the cluster lists.
    pub groups: Vec<String>,
    pub watch: bool,
    pub interval: Duration,
    /// Samples the status is judged over.
    pub window: usize,
    pub fail_above: Option<i64>,
    pub fail_above_seconds: Option<f64>,
    pub format: ReportFormat,
}

pub fn run(rep: &Reporter, out: &mut Out, r: LagRequest) -> anyhow::Result<Outcome> {
    let conn = context::connection(&r.conn)?;
    let stop = signals::stop_flag()?;
    let mut history = History::new(r.window);
    let mut sampler = Sampler::new(&conn, rep)?;
    let mut first = true;
    loop {
        let marks = sampler.watermarks()?;
        let mut groups = sampler.sample(&r.groups, &marks, None)?;
        let mut missing = 0;
        for g in &groups {
            if let Some(e) = &g.error {
                rep.warn(format!("group {}: cannot read its offsets: {e}", g.name));
            } else if g.partitions.is_empty() && !r.groups.is_empty() {
                // a named group with nothing committed (or no such group): a negative result
                missing += 1;
                if first {
                    rep.always(output::lag::no_offsets(&g.name));
                }
            }
        }
        first = false;
        history.judge(groups.iter_mut().flat_map(|g| g.partitions.iter_mut()));
        output::lag::write(out, &groups, r.format, r.watch).context("writing output")?;
        let mut rows = groups.iter().flat_map(|g| g.partitions.iter());
        let over = rows.any(|row| {
            r.fail_above.is_some_and(|n| row.lag > n)
                || r.fail_above_seconds
                    .is_some_and(|s| row.lag_seconds.is_some_and(|l| l > s))
        });
        if !r.watch {
            return Ok(if over || missing > 0 {
                Outcome::Negative
            } else {
                Outcome::Success
            });
        }
        let deadline = std::time::Instant::now() + r.interval;
        while std::time::Instant::now() < deadline {
            if stop.load(Ordering::Relaxed) {
                return Ok(Outcome::Success);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
