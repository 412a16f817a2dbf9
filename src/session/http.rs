//! The small HTTP servers that expose what a run knows as Prometheus text: `simulate
//! --metrics-addr` and `lag --serve`. One listener, one loop, one way to stop.
//!
//! Why here: two rooms serve metrics (a command and the simulation) and neither may import
//! the other; a scrape only reads a snapshot the caller keeps, so serving never waits on Kafka.

use std::io::Cursor;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// `PORT` alone means `127.0.0.1:PORT` (servers bind the loopback unless told otherwise).
pub fn listen_address(given: &str) -> String {
    if given.parse::<u16>().is_ok() {
        format!("127.0.0.1:{given}")
    } else {
        given.to_string()
    }
}

/// A bound listener and the address it got (port 0 picks a free one).
pub struct MetricsServer {
    server: tiny_http::Server,
    pub addr: SocketAddr,
}

impl MetricsServer {
    /// Binds `addr` (`HOST:PORT`, or a bare port on 127.0.0.1). `flag` names the option in
    /// the error (`--serve 127.0.0.1:9308: cannot listen: address in use`).
    pub fn bind(flag: &str, addr: &str) -> anyhow::Result<Self> {
        let addr = listen_address(addr);
        let server = tiny_http::Server::http(&addr)
            .map_err(|e| anyhow::anyhow!("{flag} {addr}: cannot listen: {e}"))?;
        let addr = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| anyhow::anyhow!("{flag} {addr}: the listening address is not IP"))?;
        Ok(Self { server, addr })
    }

    /// The URL a scraper reads.
    pub fn url(&self) -> String {
        format!("http://{}/metrics", self.addr)
    }

    /// Answers `GET /metrics` with `snapshot()` (anything else: 404) until `stop` is set.
    /// The snapshot is shared bytes: a scrape copies nothing however large the text is.
    pub fn serve(&self, stop: &AtomicBool, snapshot: impl Fn() -> Arc<[u8]>) {
        let content_type = tiny_http::Header::from_bytes(
            &b"Content-Type"[..],
            &b"text/plain; version=0.0.4; charset=utf-8"[..],
        )
        .ok();
        while !stop.load(Ordering::Relaxed) {
            let Ok(Some(req)) = self.server.recv_timeout(Duration::from_millis(100)) else {
                continue;
            };
            let path = req.url().split('?').next().unwrap_or_default();
            let resp = if path == "/metrics" {
                let body = snapshot();
                let len = body.len();
                let headers = content_type.iter().cloned().collect();
                tiny_http::Response::new(200.into(), headers, Cursor::new(body), Some(len), None)
            } else {
                let body: Arc<[u8]> = Arc::from(&b"see /metrics\n"[..]);
                let len = body.len();
                tiny_http::Response::new(404.into(), Vec::new(), Cursor::new(body), Some(len), None)
            };
            // a scraper that went away is not our problem
            let _ = req.respond(resp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_port_binds_the_loopback() {
        assert_eq!(listen_address("9308"), "127.0.0.1:9308");
        assert_eq!(listen_address("0.0.0.0:9308"), "0.0.0.0:9308");
    }
}
