//! `evctl dev broker`: runs the embedded broker in the foreground until Ctrl-C/SIGTERM.

use std::io::Write;
use std::sync::atomic::Ordering;
use std::time::Duration;

use anyhow::Context as _;

use super::{signals, Outcome};
use crate::broker::embedded::EmbeddedCluster;
use crate::cli::Globals;

#[derive(Debug)]
pub enum DevRequest {
    Broker {
        brokers: i32,
        partitions: i32,
        topics: Vec<String>,
        json: bool,
    },
}

pub fn run(g: Globals, r: DevRequest) -> anyhow::Result<Outcome> {
    let DevRequest::Broker {
        brokers,
        partitions,
        topics,
        json,
    } = r;
    let stop = signals::stop_flag()?;
    let cluster = EmbeddedCluster::start(brokers)?;
    for t in &topics {
        cluster.create_topic(t, partitions, brokers.min(3))?;
    }
    let bootstrap = cluster.bootstrap_servers();
    let mut out = std::io::stdout().lock();
    if json {
        let v = serde_json::json!({ "bootstrap_servers": bootstrap, "brokers": brokers, "topics": topics });
        writeln!(out, "{v}")
    } else {
        writeln!(out, "{bootstrap}")
    }
    .and_then(|()| out.flush())
    .context("writing the bootstrap address")?;
    drop(out);
    if !g.quiet {
        eprintln!(
            "evctl: embedded broker ready at {bootstrap} ({brokers} broker{}); Ctrl-C to stop",
            if brokers == 1 { "" } else { "s" }
        );
    }
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(cluster);
    if !g.quiet {
        eprintln!("evctl: embedded broker stopped");
    }
    Ok(Outcome::Success)
}
