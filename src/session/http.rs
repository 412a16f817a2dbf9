//! The small HTTP servers that expose what a run knows as Prometheus text: `simulate
//! --metrics-addr` and `lag --serve`. One listener, one loop, one way to stop.
//!
//! Why here: two rooms serve metrics (a command and the simulation) and neither may import
//! the other; a scrape only reads a snapshot the caller keeps, so serving never waits on Kafka.

use std::io::{self, Cursor, Read as _, Write};
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

/// What a scrape gets: Prometheus text, kept gzipped when it is large (Prometheus asks for
/// gzip; a plain client gets it inflated on its request), so a big exposition costs little
/// memory between collections and little time on the wire.
pub struct Payload {
    bytes: Vec<u8>,
    gzipped: bool,
}

impl Payload {
    pub fn plain(text: String) -> Self {
        Self {
            bytes: text.into_bytes(),
            gzipped: false,
        }
    }

    /// Gzipped (fast level) as `write` writes it: the plain text never exists whole, so a
    /// large exposition costs its compressed size (a twentieth) and not a big allocation the
    /// allocator keeps afterwards.
    pub fn gzipped(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<Self> {
        let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let mut w = io::BufWriter::with_capacity(64 << 10, gz);
        write(&mut w)?;
        let bytes = w.into_inner().map_err(|e| e.into_error())?.finish()?;
        Ok(Self {
            bytes,
            gzipped: true,
        })
    }

    /// The body for a client that does (or does not) accept gzip, and whether it is gzipped.
    fn body(self: &Arc<Self>, accepts_gzip: bool) -> (Body, bool) {
        if !self.gzipped || accepts_gzip {
            return (Body::Shared(Arc::clone(self)), self.gzipped);
        }
        let mut plain = Vec::with_capacity(self.bytes.len() * 8);
        let inflated = flate2::read::GzDecoder::new(&self.bytes[..]).read_to_end(&mut plain);
        match inflated {
            Ok(_) => (Body::Owned(plain), false),
            Err(_) => (Body::Shared(Arc::clone(self)), true),
        }
    }
}

impl Default for Payload {
    fn default() -> Self {
        Self::plain(String::new())
    }
}

/// A response body without a copy of the shared payload.
enum Body {
    Shared(Arc<Payload>),
    Owned(Vec<u8>),
}

impl AsRef<[u8]> for Body {
    fn as_ref(&self) -> &[u8] {
        match self {
            Body::Shared(p) => &p.bytes,
            Body::Owned(v) => v,
        }
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
    /// The snapshot is shared: a scrape copies nothing however large the text is.
    pub fn serve(&self, stop: &AtomicBool, snapshot: impl Fn() -> Arc<Payload>) {
        let header =
            |k: &str, v: &str| tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).ok();
        let content_type = header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        let gzip = header("Content-Encoding", "gzip");
        while !stop.load(Ordering::Relaxed) {
            let Ok(Some(req)) = self.server.recv_timeout(Duration::from_millis(100)) else {
                continue;
            };
            let path = req.url().split('?').next().unwrap_or_default();
            let (status, body, gzipped) = if path == "/metrics" {
                let accepts = req
                    .headers()
                    .iter()
                    .any(|h| h.field.equiv("Accept-Encoding") && h.value.as_str().contains("gzip"));
                let (body, gzipped) = snapshot().body(accepts);
                (200, body, gzipped)
            } else {
                (404, Body::Owned(b"see /metrics\n".to_vec()), false)
            };
            let mut headers: Vec<tiny_http::Header> = content_type.iter().cloned().collect();
            if gzipped {
                headers.extend(gzip.iter().cloned());
            }
            let len = body.as_ref().len();
            let resp = tiny_http::Response::new(
                status.into(),
                headers,
                Cursor::new(body),
                Some(len),
                None,
            );
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

    #[test]
    fn a_large_payload_is_kept_gzipped_and_inflated_for_a_plain_client() {
        let text = "kafka_consumergroup_group_lag{group=\"g\"} 70\n".repeat(5000);
        let p = Arc::new(Payload::gzipped(|w| w.write_all(text.as_bytes())).unwrap());
        assert!(p.gzipped && p.bytes.len() < text.len() / 10);
        let (body, gz) = p.body(true);
        assert!(gz && body.as_ref() == p.bytes.as_slice());
        let (body, gz) = p.body(false);
        assert!(!gz && body.as_ref() == text.as_bytes());
        let plain = Arc::new(Payload::plain("up 1\n".into()));
        let (body, gz) = plain.body(true);
        assert!(!gz && body.as_ref() == b"up 1\n");
    }
}
