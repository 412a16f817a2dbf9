//! `evctl lag [GROUP...]`: per group and partition, the committed offset, the end, the lag in
//! messages and in seconds (now minus the timestamp of the first unconsumed record), and a
//! status over a window of samples (`--watch`). The numbers come from `domain::lag`.

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use anyhow::Context as _;

use super::Outcome;
use crate::domain::connection::ConnectionArgs;
use crate::domain::lag::{Granularity, History};
use crate::output;
use crate::output::exporter::{Exposition, Health};
use crate::output::reporter::Reporter;
use crate::output::{Out, ReportFormat};
use crate::scan::lag::{Collector, Sampler};
use crate::session::http::{HttpServer, Payload};
use crate::session::{context, now_ms, signals};

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
    /// `--serve HOST:PORT`: a Prometheus exporter instead of printing.
    pub serve: Option<ServeRequest>,
}

/// How `lag --serve` exports.
#[derive(Debug)]
pub struct ServeRequest {
    pub addr: String,
    /// The `cluster_name` label.
    pub cluster: String,
    pub granularity: Granularity,
}

pub fn run(rep: &Reporter, out: &mut Out, r: LagRequest) -> anyhow::Result<Outcome> {
    if let Some(serve) = &r.serve {
        return exporter(rep, out, &r, serve);
    }
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
        if !signals::wait_unless_stopped(&stop, r.interval) {
            return Ok(Outcome::Success);
        }
    }
}

/// The latest exposition, shared between the collector and the server's thread.
type Shared = RwLock<Arc<Payload>>;

/// `lag --serve`: a collection every `--interval` on this thread, rendered once; the server's
/// thread answers scrapes from the latest rendering (never calling Kafka), until a signal.
fn exporter(
    rep: &Reporter,
    out: &mut Out,
    r: &LagRequest,
    serve: &ServeRequest,
) -> anyhow::Result<Outcome> {
    let conn = context::connection(&r.conn)?;
    let stop = signals::stop_flag()?;
    let owners = serve.granularity == Granularity::Partition;
    let mut collector = Collector::new(&conn, rep, r.groups.clone(), r.window, owners)?;
    collector.check()?;
    let server = HttpServer::bind("--serve", &serve.addr)?;
    let shared: Shared = RwLock::default();
    let mut health = Health::default();
    let mut said: Option<String> = None;
    cycle(rep, &mut collector, serve, &mut health, &shared, &mut said);
    output::lag::serving(out, &server.url(), r.interval, r.format).context("writing output")?;
    rep.info(output::lag::serving_note(&server.url(), r.interval));
    std::thread::scope(|s| {
        s.spawn(|| {
            server.serve(&stop, || {
                shared.read().map(|b| Arc::clone(&b)).unwrap_or_default()
            })
        });
        let mut next = Instant::now() + r.interval;
        while signals::wait_unless_stopped(&stop, next.saturating_duration_since(Instant::now())) {
            next = (next + r.interval).max(Instant::now());
            cycle(rep, &mut collector, serve, &mut health, &shared, &mut said);
        }
    });
    Ok(Outcome::Success)
}

/// One collection, rendered and stored; a failed one serves the health series only. A failure
/// is said once (`said`: the last one said), and so is the recovery.
fn cycle(
    rep: &Reporter,
    collector: &mut Collector,
    serve: &ServeRequest,
    health: &mut Health,
    shared: &Shared,
    said: &mut Option<String>,
) {
    let started = Instant::now();
    let collected = collector.collect();
    health.cycles += 1;
    health.duration_s = started.elapsed().as_secs_f64();
    health.up = collected.is_ok();
    match &collected {
        Ok(_) => {
            health.last_success_ms = Some(now_ms());
            if said.take().is_some() {
                rep.info(output::lag::collection_recovered());
            }
        }
        Err(e) => {
            health.failures += 1;
            let why = format!("{e:#}");
            if said.as_deref() != Some(why.as_str()) {
                rep.warn(output::lag::collection_failed(&why));
                *said = Some(why);
            }
        }
    }
    let exposition = Exposition {
        cluster: &serve.cluster,
        granularity: serve.granularity,
        collection: collected.as_ref().ok(),
        health,
    };
    match Payload::gzipped(|w| output::exporter::write(w, &exposition)) {
        Ok(page) => {
            if let Ok(mut b) = shared.write() {
                *b = Arc::new(page);
            }
        }
        // compressing into memory does not fail; if it ever did, the last page stays
        Err(e) => rep.warn(output::lag::collection_failed(&format!("rendering: {e}"))),
    }
}
