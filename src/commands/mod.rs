//! Orchestration, one module per command: each takes a validated request, wires the rooms
//! together (broker, domain, output) and returns an [`Outcome`] or an error with context.
//! Nothing here parses flags or formats errors for the terminal; `main` does that.

pub mod consume;
pub mod context;
pub mod dev;
mod encode_pool;
pub mod produce;
pub mod schema;
pub mod signals;
pub mod simulate;
pub mod topics;

use crate::cli::Globals;

/// A validated request for one command.
#[derive(Debug)]
pub enum Request {
    Produce(produce::ProduceRequest),
    Consume(consume::ConsumeRequest),
    Topics(topics::TopicsRequest),
    Dev(dev::DevRequest),
    Schema(schema::SchemaCheckRequest),
    Simulate(simulate::SimulateRequest),
}

/// How a command that did not fail ended: exit 0 or exit 1 (a negative result, e.g. a filter
/// matched nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Negative,
}

pub fn run(globals: Globals, request: Request) -> anyhow::Result<Outcome> {
    match request {
        Request::Produce(r) => produce::run(globals, r),
        Request::Consume(r) => consume::run(globals, r),
        Request::Topics(r) => topics::run(globals, r),
        Request::Dev(r) => dev::run(globals, r),
        Request::Schema(r) => schema::run(globals, r),
        Request::Simulate(r) => simulate::run(globals, r),
    }
}
