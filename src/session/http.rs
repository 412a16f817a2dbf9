//! The small HTTP servers: what a run knows as Prometheus text (`simulate --metrics-addr`,
//! `lag --serve`), and the simulation's order API (`simulate --http`). One listener, one loop,
//! one way to stop.
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
pub struct HttpServer {
    server: tiny_http::Server,
    pub addr: SocketAddr,
}

impl HttpServer {
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

/// A request to [`HttpServer::serve_api`]: its method, its path without the query, its body
/// (or why it could not be read: the status to answer and the reason).
pub struct ApiRequest<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub body: Result<&'a [u8], (u16, String)>,
}

/// An answer of [`HttpServer::serve_api`]: a JSON body, and where a created thing lives.
pub struct ApiReply {
    pub status: u16,
    pub body: String,
    pub location: Option<String>,
}

impl ApiReply {
    /// An answer with no Location.
    pub fn new(status: u16, body: String) -> Self {
        Self {
            status,
            body,
            location: None,
        }
    }
}

/// The largest request body an API takes (an order of 50 lines is ~3 KB).
const MAX_BODY: u64 = 64 << 10;

impl HttpServer {
    /// Answers every request with `handle` until `stop` is set. A body over 64 KiB is not
    /// read: `handle` is told to answer 413.
    pub fn serve_api(&self, stop: &AtomicBool, mut handle: impl FnMut(ApiRequest<'_>) -> ApiReply) {
        let header =
            |k: &str, v: &str| tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).ok();
        while !stop.load(Ordering::Relaxed) {
            let Ok(Some(mut req)) = self.server.recv_timeout(Duration::from_millis(100)) else {
                continue;
            };
            let body = read_body(&mut req);
            let reply = handle(ApiRequest {
                method: req.method().as_str(),
                path: req.url().split('?').next().unwrap_or_default(),
                body: body.as_deref().map_err(Clone::clone),
            });
            let mut headers: Vec<tiny_http::Header> = header("Content-Type", "application/json")
                .into_iter()
                .collect();
            if let Some(l) = &reply.location {
                headers.extend(header("Location", l));
            }
            let len = reply.body.len();
            let resp = tiny_http::Response::new(
                reply.status.into(),
                headers,
                Cursor::new(reply.body.into_bytes()),
                Some(len),
                None,
            );
            // a client that went away is not our problem
            let _ = req.respond(resp);
        }
    }
}

/// The request's body, or the status to answer and why when it cannot be read.
fn read_body(req: &mut tiny_http::Request) -> Result<Vec<u8>, (u16, String)> {
    let too_large = || (413, format!("the body is over {MAX_BODY} bytes"));
    if req.body_length().is_some_and(|n| n as u64 > MAX_BODY) {
        return Err(too_large());
    }
    let mut body = Vec::new();
    let read = req
        .as_reader()
        .take(MAX_BODY + 1)
        .read_to_end(&mut body)
        .map_err(|e| (400, format!("the body could not be read: {e}")))?;
    if read as u64 > MAX_BODY {
        return Err(too_large());
    }
    Ok(body)
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
