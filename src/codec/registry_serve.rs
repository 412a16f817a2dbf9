//! The dev registry served over HTTP on a thread of its own: tiny_http in front of
//! [`RegistryState`], for `dev registry`, `dev up` and the simulation's in-process registry.
//!
//! Why here and not in a command: two commands (`dev`, `simulate`) run it, and a command may
//! not import another; the registry's protocol already lives in this room.

use std::io::{self, Read as _};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use super::registry_server::RegistryState;

/// Where each request's line goes (`-v`), as a plain function: this room does not print.
pub type RequestLog = Option<Arc<dyn Fn(&str) + Send + Sync>>;

/// The thread serving a registry, and a way to wake it when it should stop. Dropped
/// without [`wait`](Self::wait) or [`finish`](Self::finish) (a run that ended on an error),
/// it stops the thread and joins it.
pub struct RegistryThread {
    server: Arc<tiny_http::Server>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl RegistryThread {
    /// Waits until the thread ends (its stop flag set by a signal).
    pub fn wait(mut self) -> io::Result<()> {
        match self.thread.take() {
            Some(t) => t
                .join()
                .map_err(|_| io::Error::other("the registry thread panicked")),
            None => Ok(()),
        }
    }

    /// Ends the thread once its stop flag is set: wakes it from its wait for a request
    /// (which would otherwise run out its 100 ms), then waits for it.
    pub fn finish(self) -> io::Result<()> {
        self.server.unblock();
        self.wait()
    }
}

impl Drop for RegistryThread {
    fn drop(&mut self) {
        if let Some(t) = self.thread.take() {
            self.stop.store(true, Ordering::Relaxed);
            self.server.unblock();
            let _ = t.join();
        }
    }
}

/// Starts the in-memory registry on 127.0.0.1:`port` (0: any free port) on its own thread,
/// serving until `stop` is set; returns its URL.
pub fn spawn(
    port: u16,
    stop: Arc<AtomicBool>,
    log: RequestLog,
) -> io::Result<(String, RegistryThread)> {
    let server = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| {
        io::Error::new(
            io::ErrorKind::AddrInUse,
            format!("cannot listen on 127.0.0.1:{port}: {e}"),
        )
    })?;
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| io::Error::other("the registry's listening address is not IP"))?;
    let json_header = tiny_http::Header::from_bytes(
        &b"Content-Type"[..],
        &b"application/vnd.schemaregistry.v1+json"[..],
    )
    .map_err(|()| io::Error::other("building the Content-Type header"))?;
    let server = Arc::new(server);
    let (serving, flag) = (Arc::clone(&server), Arc::clone(&stop));
    let thread = std::thread::Builder::new()
        .name("registry".into())
        .spawn(move || serve(&serving, &flag, &log, &json_header))?;
    let thread = Some(thread);
    Ok((
        format!("http://{addr}"),
        RegistryThread {
            server,
            stop,
            thread,
        },
    ))
}

/// Answers registry requests until `stop` is set; `log` hears each request.
fn serve(
    server: &tiny_http::Server,
    stop: &AtomicBool,
    log: &RequestLog,
    json_header: &tiny_http::Header,
) {
    let mut state = RegistryState::default();
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
        if let Some(log) = log {
            log(&format!(
                "evctl: registry {} {} -> {status}",
                req.method(),
                req.url()
            ));
        }
        let resp = tiny_http::Response::from_string(value.to_string())
            .with_status_code(status)
            .with_header(json_header.clone());
        // a client that went away is not our problem
        let _ = req.respond(resp);
    }
}
