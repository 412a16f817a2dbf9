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
    let (url, http) = spawn_registry(port, Arc::clone(&stop), rep)?;
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

/// Answers registry requests until `stop` is set; `-v` logs each request.
fn serve_registry(
    server: &tiny_http::Server,
    stop: &AtomicBool,
    rep: &Reporter,
) -> anyhow::Result<()> {
    use std::io::Read as _;
    let mut state = crate::codec::registry_server::RegistryState::default();
    let json_header = tiny_http::Header::from_bytes(
        &b"Content-Type"[..],
        &b"application/vnd.schemaregistry.v1+json"[..],
    )
    .map_err(|()| anyhow::anyhow!("building a header"))?;
    while !stop.load(Ordering::Relaxed) {
        let Ok(Some(mut req)) = server.recv_timeout(Duration::from_millis(100)) else {
            continue;
        };
        let mut body = Vec::new();
        // a body that cannot be read is answered as an empty (invalid) one
        let _ = req.as_reader().take(16 << 20).read_to_end(&mut body);
        let (path, query) = match req.url().split_once('?') {
            Some((p, q)) => (p.to_string(), q.to_string()),
            None => (req.url().to_string(), String::new()),
        };
        let (status, value) = state.handle(req.method().as_str(), &path, &query, &body);
        rep.debug(format!(
            "evctl: registry {} {} -> {status}",
            req.method(),
            req.url()
        ));
        let resp = tiny_http::Response::from_string(value.to_string())
            .with_status_code(status)
            .with_header(json_header.clone());
        // a client that went away is not our problem
        let _ = req.respond(resp);
    }
    Ok(())
}

/// Starts the in-memory registry on 127.0.0.1:`port` (0: any free port) on its own thread,
/// serving until `stop` is set; returns its URL.
pub(crate) fn spawn_registry(
    port: u16,
    stop: Arc<AtomicBool>,
    rep: &Reporter,
) -> anyhow::Result<(String, RegistryThread)> {
    let server = tiny_http::Server::http(("127.0.0.1", port))
        .map_err(|e| anyhow::anyhow!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let addr = server
        .server_addr()
        .to_ip()
        .context("the registry's listening address")?;
    let server = Arc::new(server);
    let rep = rep.clone();
    let serving = Arc::clone(&server);
    let thread = std::thread::Builder::new()
        .name("registry".into())
        .spawn(move || serve_registry(&serving, &stop, &rep))
        .context("starting the registry thread")?;
    Ok((format!("http://{addr}"), RegistryThread { server, thread }))
}

/// The thread serving an in-process registry, and a way to wake it when it should stop.
pub(crate) struct RegistryThread {
    server: Arc<tiny_http::Server>,
    thread: std::thread::JoinHandle<anyhow::Result<()>>,
}

impl RegistryThread {
    /// Waits until the thread ends (its stop flag set by a signal).
    pub(crate) fn wait(self) -> anyhow::Result<()> {
        self.thread
            .join()
            .map_err(|_| anyhow::anyhow!("the registry thread panicked"))?
    }

    /// Ends the thread once its stop flag is set: wakes it from its wait for a request
    /// (which would otherwise run out its 100 ms), then waits for it.
    pub(crate) fn finish(self) -> anyhow::Result<()> {
        self.server.unblock();
        self.wait()
    }
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
    let (url, http) = spawn_registry(port, Arc::clone(&stop), rep)?;
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
