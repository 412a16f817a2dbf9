//! The main thread while the marketplace runs: fires the chaos plan, replaces crashed
//! members, shows progress, and decides when the run is over, which depends on what runs
//! here (`--services`):
//! - gateway and projection: once every order sent (or posted, `--http`) is terminal and
//!   every malformed record dead-lettered (or `--timeout` after the last order); with `--http`
//!   and no generated orders, Ctrl-C is the normal end: posted orders are then refused, and
//!   the ones taken drain before the report;
//! - gateway without projection: once the gateway is done and the local services have been
//!   quiet for [`QUIET`] (what happens downstream is other processes' to report);
//! - no gateway: until Ctrl-C, which is this process's normal end.

use super::api::Intake;
use super::crew::Crew;
use super::faults::ChaosDriver;
use super::gateway::Sent;
use super::worker::Worker;
use super::{Shared, SimulateRequest};
use crate::broker::embedded::EmbeddedCluster;
use anyhow::anyhow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long the local services must be idle before a process without the projection ends.
const QUIET: Duration = Duration::from_secs(2);

pub(super) struct Watch<'a> {
    pub(super) r: &'a SimulateRequest,
    pub(super) sh: &'a Shared,
    pub(super) crew: Crew,
    pub(super) cluster: Option<&'a EmbeddedCluster>,
    pub(super) gateway: Option<Worker>,
    pub(super) sent: Arc<Mutex<Sent>>,
    /// Tells the gateway to stop early (Ctrl-C).
    pub(super) halt: Arc<AtomicBool>,
    pub(super) chaos: Option<ChaosDriver>,
    /// Orders posted over HTTP (`--http`).
    pub(super) intake: Arc<Intake>,
    pub(super) interrupted: Arc<AtomicBool>,
    /// The first thing that went wrong; the run still reports what it saw.
    pub(super) failure: Option<anyhow::Error>,
    /// Ctrl-C (or the watching command quitting) stopped the gateway before it was done: the
    /// report covers what ran, and says so.
    pub(super) cut_short: bool,
}

impl Watch<'_> {
    /// Where the unfinished orders stand in the read model, for the error when the run does
    /// not drain: e.g. "open: 12 paid, 3 reserved".
    fn open_orders(&self) -> String {
        let Ok(m) = self.crew.model.lock() else {
            return "the read model is unavailable".into();
        };
        let open: Vec<String> = m
            .projection
            .by_status()
            .iter()
            .filter(|(status, _)| !status.is_terminal())
            .map(|(status, n)| format!("{n} {}", status.name()))
            .collect();
        if open.is_empty() {
            "none open in the read model".into()
        } else {
            format!("open: {}", open.join(", "))
        }
    }

    /// Watches until the run is over; returns when it ended.
    pub(super) fn run(&mut self, pb: Option<&indicatif::ProgressBar>) -> anyhow::Result<Instant> {
        let parts = &self.r.parts;
        let http_only = self.r.scenario.http_only() && parts.gateway;
        let mut drained_at: Option<Instant> = None;
        let (mut last_processed, mut quiet_since) = (0u64, Instant::now());
        loop {
            std::thread::sleep(Duration::from_millis(50));
            if self.interrupted.load(Ordering::Relaxed) {
                if !parts.gateway {
                    return Ok(Instant::now());
                }
                self.halt.store(true, Ordering::Relaxed);
                if !http_only {
                    self.cut_short = true;
                } else if drained_at.is_none() {
                    // the normal end of an HTTP-only run: no more orders, the taken ones drain
                    let _ = self.intake.close();
                    drained_at = Some(Instant::now());
                }
            }
            if self.gateway.as_ref().is_some_and(|h| h.is_finished()) {
                if let Some(h) = self.gateway.take() {
                    if let Err(e) = h.join() {
                        self.failure.get_or_insert(e);
                    }
                }
                if !http_only {
                    drained_at = Some(Instant::now());
                }
            }
            if let Err(e) = self.crew.replace_stopped(self.sh, &mut self.chaos) {
                self.failure.get_or_insert(e);
            }
            let s = self.sent.lock().map(|s| *s).unwrap_or_default();
            let orders = s.orders + self.intake.accepted();
            if let Some(driver) = &mut self.chaos {
                driver.tick(s.numbers, self.cluster, &self.crew.services)?;
            }
            let (terminal, poison_dl) = self.crew.finished();
            let processed = self.crew.processed();
            if processed != last_processed {
                (last_processed, quiet_since) = (processed, Instant::now());
            }
            if let Some(pb) = pb {
                // events handled here so far: the count (and its rate) moves from the first tick
                pb.set_position(processed);
                pb.set_message(crate::output::simulation::progress(
                    orders,
                    parts.projection.then_some((terminal, poison_dl, s.poison)),
                    processed,
                ));
            }
            // an HTTP-only run's gateway is its API: done once Ctrl-C closed it
            let gateway_done =
                parts.gateway && self.gateway.is_none() && (!http_only || drained_at.is_some());
            if gateway_done && (self.failure.is_some() || self.cut_short) {
                return Ok(Instant::now());
            }
            if gateway_done && parts.projection && terminal >= orders && poison_dl >= s.poison {
                // over once no order can be posted any more: one posted meanwhile is waited
                // for like the rest
                if self.intake.close() + s.orders <= terminal {
                    return Ok(Instant::now());
                }
            }
            if gateway_done && !parts.projection && quiet_since.elapsed() >= QUIET {
                return Ok(Instant::now());
            }
            if (!parts.gateway || http_only) && self.failure.is_some() {
                return Ok(Instant::now());
            }
            if parts.projection && drained_at.is_some_and(|t| t.elapsed() > self.r.timeout) {
                let open = self.open_orders();
                self.failure.get_or_insert_with(|| {
                    anyhow!(
                        "the pipeline did not drain within --timeout {}: {terminal} of {orders} \
                         orders finished ({open}), {poison_dl} of {} malformed records \
                         dead-lettered",
                        humantime::format_duration(self.r.timeout),
                        s.poison
                    )
                });
                return Ok(Instant::now());
            }
        }
    }
}
