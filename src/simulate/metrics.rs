//! `--metrics-addr`: a live snapshot of the run, served as Prometheus text.

use super::gateway::Sent;
use super::members::ServiceRun;
use super::readmodel::ReadModel;
use super::worker::Worker;
use crate::output;
use crate::simulate::model::report::LiveMetrics;
use anyhow::anyhow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

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
    let server = tiny_http::Server::http(addr)
        .map_err(|e| anyhow!("--metrics-addr {addr}: cannot listen: {e}"))?;
    let header =
        tiny_http::Header::from_bytes(&b"Content-Type"[..], &b"text/plain; version=0.0.4"[..])
            .map_err(|()| anyhow!("building a header"))?;
    let flag = Arc::clone(&stop);
    Worker::spawn("metrics", &flag, move || {
        while !stop.load(Ordering::Relaxed) {
            let Ok(Some(req)) = server.recv_timeout(Duration::from_millis(100)) else {
                continue;
            };
            let resp = if req.url() == "/metrics" {
                tiny_http::Response::from_string(output::metrics::prometheus(&snapshot()))
                    .with_header(header.clone())
            } else {
                tiny_http::Response::from_string("see /metrics\n").with_status_code(404)
            };
            // a scraper that went away is not our problem
            let _ = req.respond(resp);
        }
        Ok(())
    })
}
