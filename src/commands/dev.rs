//! `evctl dev broker|registry|up`: local services in the foreground until Ctrl-C/SIGTERM.
//!
//! Each prints its addresses on stdout first (scripts capture them), then one line on stderr,
//! then waits; the same announce-and-wait serves all three.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;

use super::Outcome;
use crate::broker::embedded::EmbeddedCluster;
use crate::codec::registry_serve;
use crate::output::reporter::Reporter;
use crate::session::signals;

#[derive(Debug)]
pub enum DevRequest {
    Broker {
        brokers: i32,
        partitions: i32,
        topics: Vec<String>,
        json: bool,
    },
    Registry {
        port: u16,
        json: bool,
    },
    Up {
        partitions: i32,
        topics: Vec<String>,
        json: bool,
        port: u16,
    },
}

pub fn run(rep: &Reporter, r: DevRequest) -> anyhow::Result<Outcome> {
    match r {
        DevRequest::Broker {
            brokers,
            partitions,
            topics,
            json,
        } => run_broker(rep, brokers, partitions, &topics, json),
        DevRequest::Registry { port, json } => run_registry(rep, port, json),
        DevRequest::Up {
            partitions,
            topics,
            json,
            port,
        } => run_up(rep, partitions, &topics, json, port),
    }
}

/// Writes the addresses to stdout (flushed: a script is waiting for them), then says on stderr
/// what is running.
fn announce(rep: &Reporter, stdout_text: &str, ready: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{stdout_text}")
        .and_then(|()| out.flush())
        .context("writing the addresses")?;
    rep.info(ready);
    Ok(())
}

fn wait_for(stop: &AtomicBool) {
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn start_cluster(
    brokers: i32,
    partitions: i32,
    topics: &[String],
) -> anyhow::Result<EmbeddedCluster> {
    let cluster = EmbeddedCluster::start(brokers)?;
    for t in topics {
        cluster.create_topic(t, partitions, brokers.min(3))?;
    }
    Ok(cluster)
}

fn run_broker(
    rep: &Reporter,
    brokers: i32,
    partitions: i32,
    topics: &[String],
    json: bool,
) -> anyhow::Result<Outcome> {
    let stop = signals::stop_flag()?;
    let cluster = start_cluster(brokers, partitions, topics)?;
    let bootstrap = cluster.bootstrap_servers();
    let text = if json {
        serde_json::json!({ "bootstrap_servers": bootstrap, "brokers": brokers, "topics": topics })
            .to_string()
    } else {
        bootstrap.clone()
    };
    announce(
        rep,
        &text,
        &format!(
            "embedded broker ready at {bootstrap} ({brokers} broker{}); Ctrl-C to stop",
            if brokers == 1 { "" } else { "s" }
        ),
    )?;
    wait_for(&stop);
    drop(cluster);
    rep.info("embedded broker stopped");
    Ok(Outcome::Success)
}

/// Serves the in-memory Schema Registry over HTTP on 127.0.0.1 until Ctrl-C/SIGTERM.
fn run_registry(rep: &Reporter, port: u16, json: bool) -> anyhow::Result<Outcome> {
    let stop = signals::stop_flag()?;
    let (url, http) = registry_serve::spawn(port, Arc::clone(&stop), rep.debug_sink())?;
    let text = if json {
        serde_json::json!({ "schema_registry": url }).to_string()
    } else {
        url.clone()
    };
    announce(
        rep,
        &text,
        &format!("schema registry ready at {url}; Ctrl-C to stop"),
    )?;
    http.wait()?;
    rep.info("schema registry stopped");
    Ok(Outcome::Success)
}

/// `evctl dev up`: the embedded broker and the registry in one process.
fn run_up(
    rep: &Reporter,
    partitions: i32,
    topics: &[String],
    json: bool,
    port: u16,
) -> anyhow::Result<Outcome> {
    let stop = signals::stop_flag()?;
    let cluster = start_cluster(1, partitions, topics)?;
    let (url, http) = registry_serve::spawn(port, Arc::clone(&stop), rep.debug_sink())?;
    let bootstrap = cluster.bootstrap_servers();
    let text = if json {
        serde_json::json!({ "bootstrap_servers": bootstrap, "schema_registry": url, "topics": topics })
            .to_string()
    } else {
        format!("EVCTL_BROKERS={bootstrap}\nEVCTL_SCHEMA_REGISTRY={url}")
    };
    announce(
        rep,
        &text,
        &format!("embedded broker at {bootstrap}, schema registry at {url}; Ctrl-C to stop"),
    )?;
    wait_for(&stop);
    let served = http.finish();
    drop(cluster);
    served?;
    rep.info("stopped");
    Ok(Outcome::Success)
}
