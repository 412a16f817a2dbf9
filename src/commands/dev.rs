//! `evctl dev broker|registry|up`: local services in the foreground until Ctrl-C/SIGTERM.
//!
//! Each prints its addresses on stdout first (scripts capture them), then one line on stderr,
//! then waits; the same announce-and-wait serves all three.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;

use super::Outcome;
use crate::broker::embedded::EmbeddedCluster;
use crate::codec::registry_serve;
use crate::output::dev::Running;
use crate::output::reporter::Reporter;
use crate::output::{Out, ReportFormat};
use crate::session::signals;

#[derive(Debug)]
pub enum DevRequest {
    Broker {
        brokers: i32,
        partitions: i32,
        topics: Vec<String>,
        /// `--retention-bytes`: each partition's log size (the broker's default when None).
        retention_bytes: Option<u64>,
        format: ReportFormat,
    },
    Registry {
        port: u16,
        format: ReportFormat,
    },
    Up {
        partitions: i32,
        topics: Vec<String>,
        format: ReportFormat,
        port: u16,
    },
}

pub fn run(rep: &Reporter, out: &mut Out, r: DevRequest) -> anyhow::Result<Outcome> {
    match r {
        DevRequest::Broker {
            brokers,
            partitions,
            topics,
            retention_bytes,
            format,
        } => {
            let shape = Shape {
                brokers,
                partitions,
                retention_bytes,
            };
            run_broker(rep, out, shape, &topics, format)
        }
        DevRequest::Registry { port, format } => run_registry(rep, out, port, format),
        DevRequest::Up {
            partitions,
            topics,
            format,
            port,
        } => run_up(rep, out, partitions, &topics, format, port),
    }
}

/// Writes the addresses (flushed: a script is waiting for them), then says on stderr what
/// is running.
fn announce(
    rep: &Reporter,
    out: &mut Out,
    running: &Running,
    format: ReportFormat,
) -> anyhow::Result<()> {
    crate::output::dev::announce(out, running, format).context("writing the addresses")?;
    rep.info(crate::output::dev::ready(running));
    Ok(())
}

fn wait_for(stop: &AtomicBool) {
    while signals::wait_unless_stopped(stop, Duration::from_secs(3600)) {}
}

/// The embedded cluster's size, its topics' partitions and their retention.
struct Shape {
    brokers: i32,
    partitions: i32,
    retention_bytes: Option<u64>,
}

fn start_cluster(shape: &Shape, topics: &[String]) -> anyhow::Result<EmbeddedCluster> {
    let cluster = EmbeddedCluster::start(shape.brokers)?;
    if let Some(bytes) = shape.retention_bytes {
        cluster.set_retention_bytes(bytes);
    }
    for t in topics {
        cluster.create_topic(t, shape.partitions, shape.brokers.min(3))?;
    }
    Ok(cluster)
}

fn run_broker(
    rep: &Reporter,
    out: &mut Out,
    shape: Shape,
    topics: &[String],
    format: ReportFormat,
) -> anyhow::Result<Outcome> {
    let stop = signals::stop_flag()?;
    let cluster = start_cluster(&shape, topics)?;
    let brokers = shape.brokers;
    let bootstrap = cluster.bootstrap_servers();
    let running = Running::Broker {
        bootstrap: &bootstrap,
        brokers,
        topics,
    };
    announce(rep, out, &running, format)?;
    wait_for(&stop);
    drop(cluster);
    rep.info("embedded broker stopped");
    Ok(Outcome::Success)
}

/// Serves the in-memory Schema Registry over HTTP on 127.0.0.1 until Ctrl-C/SIGTERM.
fn run_registry(
    rep: &Reporter,
    out: &mut Out,
    port: u16,
    format: ReportFormat,
) -> anyhow::Result<Outcome> {
    let stop = signals::stop_flag()?;
    let (url, http) = registry_serve::spawn(port, Arc::clone(&stop), rep.debug_sink())?;
    announce(rep, out, &Running::Registry { url: &url }, format)?;
    http.wait()?;
    rep.info("schema registry stopped");
    Ok(Outcome::Success)
}

/// `evctl dev up`: the embedded broker and the registry in one process.
fn run_up(
    rep: &Reporter,
    out: &mut Out,
    partitions: i32,
    topics: &[String],
    format: ReportFormat,
    port: u16,
) -> anyhow::Result<Outcome> {
    let stop = signals::stop_flag()?;
    let shape = Shape {
        brokers: 1,
        partitions,
        retention_bytes: None,
    };
    let cluster = start_cluster(&shape, topics)?;
    let (url, http) = registry_serve::spawn(port, Arc::clone(&stop), rep.debug_sink())?;
    let bootstrap = cluster.bootstrap_servers();
    let running = Running::Up {
        bootstrap: &bootstrap,
        registry: &url,
        topics,
    };
    announce(rep, out, &running, format)?;
    wait_for(&stop);
    let served = http.finish();
    drop(cluster);
    served?;
    rep.info("stopped");
    Ok(Outcome::Success)
}
