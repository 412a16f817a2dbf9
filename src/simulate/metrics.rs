//! `--metrics-addr`: a live snapshot of the run, served as Prometheus text.

use super::gateway::Sent;
use super::members::ServiceRun;
use super::readmodel::ReadModel;
use super::worker::Worker;
use crate::output;
use crate::session::http::{HttpServer, Payload};
use crate::simulate::model::report::LiveMetrics;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

/// A snapshot of the run for `--metrics-addr`.
pub(super) fn live_metrics(
    services: &[ServiceRun],
    model: &Mutex<ReadModel>,
    sent: &Mutex<Sent>,
    replicas: usize,
) -> LiveMetrics {
    let mut m = LiveMetrics {
        orders_sent: sent.lock().map(|s| s.orders).unwrap_or(0),
        ..LiveMetrics::default()
    };
    let Ok(rm) = model.lock() else { return m };
    let p = &rm.projection;
    m.orders_finished = p.terminal();
    m.statuses = p
        .by_status()
        .iter()
        .map(|(s, n)| (s.name().to_string(), *n))
        .collect();
    for svc in services {
        let stats = svc.stats(replicas);
        // what reached its inputs (as the projection counts it) minus what it handled
        let arrived: u64 = svc
            .kind
            .inputs()
            .iter()
            .map(|t| p.events.get(t).copied().unwrap_or(0))
            .sum();
        let lag = arrived.saturating_sub(stats.processed.saturating_sub(stats.duplicates));
        m.services.insert(svc.kind.name().to_string(), (stats, lag));
    }
    let h = &rm.latency;
    m.latency_buckets = [10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000]
        .iter()
        .map(|&le| (le, h.count_between(0, le)))
        .collect();
    m.latency_count = h.len();
    m.latency_sum_ms = (h.mean() * h.len() as f64) as u64;
    m
}

/// Serves `/metrics` (Prometheus text) on `addr` until `stop` is set.
pub(super) fn serve_metrics(
    addr: &str,
    stop: Arc<AtomicBool>,
    snapshot: impl Fn() -> LiveMetrics + Send + 'static,
) -> anyhow::Result<Worker> {
    let server = HttpServer::bind("--metrics-addr", addr)?;
    let flag = Arc::clone(&stop);
    Worker::spawn("metrics", &flag, move || {
        server.serve(&stop, || {
            Arc::new(Payload::plain(output::metrics::prometheus(&snapshot())))
        });
        Ok(())
    })
}
