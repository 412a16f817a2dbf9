//! `--http`: the gateway also takes orders over HTTP, as the article's `OrderController`
//! (§10, step 1): a person can send one order and follow it (`POST /orders`, then
//! `evctl tail --correlation-id` or `GET /orders/{id}` from the CQRS read model).
//!
//! A posted order gets its number from the same counter as the generated ones, so its id
//! (`o-<run>-<n>`), its checks and its place in the report are those of any other order. It
//! is answered 202 once it is queued in the idempotent, acks=all producer; a delivery that
//! fails later fails the run, as it does for the generated orders.

use super::backpressure::Throttle;
use super::codec::send_event;
use super::readmodel::ReadModel;
use super::worker::Worker;
use super::Shared;
use crate::broker::producer::Producer;
use crate::output::simulation as text;
use crate::session::http::{ApiReply, ApiRequest, HttpServer};
use crate::session::now_ms;
use crate::simulate::model::events::Topic;
use crate::simulate::model::gateway::{Gateway, OrderRequest};
use anyhow::bail;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// What came in over HTTP, shared with the watch and the report.
#[derive(Default)]
pub(super) struct Intake {
    /// The orders taken; an order is taken under this lock, so once [`Intake::close`] has
    /// returned no order is taken any more.
    taken: Mutex<Taken>,
    /// Bodies refused (400, 413).
    refused: AtomicU64,
}

#[derive(Default)]
struct Taken {
    /// Numbers of the orders accepted (202).
    numbers: Vec<u64>,
    /// Numbers given out to orders that could not be queued (503): no order has them.
    void: Vec<u64>,
    /// Set once the run stops taking orders (they are answered 503 from then on).
    closed: bool,
}

impl Intake {
    pub(super) fn accepted(&self) -> u64 {
        self.taken.lock().map_or(0, |t| t.numbers.len() as u64)
    }

    pub(super) fn refused(&self) -> u64 {
        self.refused.load(Ordering::Relaxed)
    }

    /// The accepted orders' numbers, and the numbers no order has.
    pub(super) fn numbers(&self) -> (Vec<u64>, Vec<u64>) {
        self.taken
            .lock()
            .map(|t| (t.numbers.clone(), t.void.clone()))
            .unwrap_or_default()
    }

    /// Takes no more orders; returns how many were accepted (final from here on).
    pub(super) fn close(&self) -> u64 {
        match self.taken.lock() {
            Ok(mut t) => {
                t.closed = true;
                t.numbers.len() as u64
            }
            Err(_) => 0,
        }
    }
}

/// What the API needs from the run.
pub(super) struct Api {
    pub(super) sh: Shared,
    pub(super) gw: Gateway,
    /// The next order number (shared with the gateway's generator).
    pub(super) next: Arc<AtomicU64>,
    pub(super) intake: Arc<Intake>,
    /// The read model, where the projection runs in this process.
    pub(super) model: Option<Arc<Mutex<ReadModel>>>,
    /// `--max-in-flight`: a POST waits for room as the gateway's own orders do.
    pub(super) throttle: Option<Arc<Throttle>>,
}

/// Binds `addr` and serves the API until `stop` is set; returns the address it got.
pub(super) fn serve_orders(
    addr: &str,
    api: Api,
    stop: Arc<AtomicBool>,
) -> anyhow::Result<(Worker, SocketAddr)> {
    let server = HttpServer::bind("--http", addr)?;
    let bound = server.addr;
    let flag = Arc::clone(&stop);
    let worker = Worker::spawn("http", &flag, move || {
        // (made here: a producer stays on the thread that made it)
        let (mut producer, _) = Producer::connect(
            &api.sh.producer_conn(None),
            Topic::OrderCreated.name(),
            &api.sh.log,
        )?;
        server.serve_api(&stop, |req| answer(&api, &mut producer, &req));
        producer.flush(super::FLUSH_TIMEOUT)?;
        let failed = producer.stats().failed;
        if failed > 0 {
            bail!("http: {failed} posted order(s) not delivered");
        }
        Ok(())
    })?;
    Ok((worker, bound))
}

/// Routes one request.
fn answer(api: &Api, producer: &mut Producer, req: &ApiRequest<'_>) -> ApiReply {
    let reply = ApiReply::new;
    match (req.method, req.path) {
        ("POST", "/orders") => post_order(api, producer, req),
        ("GET", "/healthz") => reply(200, text::api_health(api.intake.accepted())),
        ("GET", path) if path.starts_with("/orders/") => get_order(api, &path["/orders/".len()..]),
        (_, "/orders" | "/healthz") => reply(405, text::api_error("method not allowed")),
        (_, path) if path.starts_with("/orders/") => {
            reply(405, text::api_error("method not allowed"))
        }
        _ => reply(
            404,
            text::api_error("no such path: POST /orders, GET /orders/{id}, GET /healthz"),
        ),
    }
}

/// `POST /orders`: 202 with the order's id once it is queued; 400 with the reason (nothing
/// published) when the body is not an order.
fn post_order(api: &Api, producer: &mut Producer, req: &ApiRequest<'_>) -> ApiReply {
    let refuse = |status: u16, why: &str| {
        api.intake.refused.fetch_add(1, Ordering::Relaxed);
        ApiReply::new(status, text::api_error(why))
    };
    let body = match req.body {
        Ok(b) => b,
        Err((status, ref why)) => return refuse(status, why),
    };
    let order = match OrderRequest::parse(body) {
        Ok(o) => o,
        Err(why) => return refuse(400, &why),
    };
    let unavailable = |why: &str| ApiReply::new(503, text::api_error(why));
    if let Some(t) = &api.throttle {
        if !t.admit(&api.sh.stop) {
            return unavailable("the run is over: it takes no more orders");
        }
    }
    let void = || {
        if let Some(t) = &api.throttle {
            t.void();
        }
    };
    let Ok(mut taken) = api.intake.taken.lock() else {
        void();
        return unavailable("the order intake failed (lock poisoned)");
    };
    if taken.closed || api.sh.stop.load(Ordering::Relaxed) {
        void();
        return unavailable("the run is over: it takes no more orders");
    }
    let n = api.next.fetch_add(1, Ordering::Relaxed);
    let e = api.gw.accept(n, &order, now_ms());
    if let Err(err) = send_event(producer, &api.sh.codec, &e) {
        taken.void.push(n);
        void();
        return unavailable(&format!("the order could not be queued: {err:#}"));
    }
    taken.numbers.push(n);
    drop(taken);
    ApiReply {
        status: 202,
        body: text::api_accepted(&e.order_id, &e.meta.correlation_id),
        location: Some(format!("/orders/{}", e.order_id)),
    }
}

/// `GET /orders/{id}`: the order as the read model has it.
fn get_order(api: &Api, id: &str) -> ApiReply {
    let reply = ApiReply::new;
    let Some(model) = &api.model else {
        return reply(
            404,
            text::api_error(
                "the read model runs in another process (--services without projection)",
            ),
        );
    };
    let view = model.lock().ok().and_then(|rm| rm.projection.view(id));
    match view {
        Some(v) => reply(200, text::api_order(id, &v)),
        None => reply(
            404,
            text::api_error(&format!("no order '{id}' in the read model (yet)")),
        ),
    }
}
