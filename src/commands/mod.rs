//! Orchestration, one module per command: each takes a validated request, wires the rooms
//! together (broker, domain, output) and returns an [`Outcome`] or an error with context.
//! Nothing here parses flags or formats errors for the terminal; `main` does that. What a
//! command tells the user on stderr goes through the [`Reporter`] it is handed.

pub mod config;
pub mod consume;
pub mod dev;
pub mod dlq;
pub mod lag;
pub mod produce;
pub mod schema;
pub mod simulate;
pub mod tail;
pub mod top;
pub mod topics;

use crate::output::reporter::{Reporter, Verbosity};

/// The global switches (`-q`, `-v`): owned here, filled in by `cli`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Globals {
    pub verbose: bool,
    pub quiet: bool,
}

impl Globals {
    pub fn verbosity(self) -> Verbosity {
        Verbosity {
            quiet: self.quiet,
            verbose: self.verbose,
        }
    }
}

/// A validated request for one command.
#[derive(Debug)]
pub enum Request {
    Produce(produce::ProduceRequest),
    Consume(consume::ConsumeRequest),
    Tail(tail::TailRequest),
    Dlq(dlq::DlqRequest),
    Lag(lag::LagRequest),
    Top(top::TopRequest),
    Topics(topics::TopicsRequest),
    Dev(dev::DevRequest),
    Config(config::ConfigRequest),
    Schema(schema::SchemaCheckRequest),
    Simulate(simulate::SimulateRequest),
}

/// How a command that did not fail ended: exit 0, exit 1 (a negative result, e.g. a filter
/// matched nothing), or exit 130 (stopped by Ctrl-C after finishing cleanly what it had begun).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Negative,
    Interrupted,
}

/// Runs a request, telling the user on stderr.
pub fn run(globals: Globals, request: Request) -> anyhow::Result<Outcome> {
    run_with(&Reporter::stderr(globals.verbosity()), request)
}

/// Runs a request with this reporter (tests pass a capturing one).
pub fn run_with(rep: &Reporter, request: Request) -> anyhow::Result<Outcome> {
    match request {
        Request::Produce(r) => produce::run(rep, r),
        Request::Consume(r) => consume::run(rep, r),
        Request::Tail(r) => tail::run(rep, r),
        Request::Dlq(r) => dlq::run(rep, r),
        Request::Lag(r) => lag::run(rep, r),
        Request::Top(r) => top::run(rep, r),
        Request::Topics(r) => topics::run(rep, r),
        Request::Dev(r) => dev::run(rep, r),
        Request::Config(r) => config::run(rep, r),
        Request::Schema(r) => schema::run(rep, r),
        Request::Simulate(r) => simulate::run(rep, r),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::broker::embedded::EmbeddedCluster;
    use crate::domain::connection::ConnectionArgs;
    use crate::domain::offsets::{EndSpec, StartSpec};
    use crate::output::records::RecordFormat;

    /// A command's chatter reaches the reporter it was given, so tests can read it.
    #[test]
    fn what_a_command_tells_the_user_can_be_captured() {
        let cluster = EmbeddedCluster::start(1).unwrap();
        cluster.create_topic("quiet-topic", 2, 1).unwrap();
        let (rep, said) = Reporter::capture(Verbosity::default());
        let request = Request::Consume(consume::ConsumeRequest {
            conn: ConnectionArgs {
                brokers: Some(cluster.bootstrap_servers()),
                ..ConnectionArgs::default()
            },
            topics: crate::scan::TopicSelection::Names(vec!["quiet-topic".into()]),
            from: StartSpec::Time(crate::session::now_ms() - 60_000),
            until: Some(EndSpec::End),
            count: None,
            group: None,
            filters: Default::default(),
            format: Some(RecordFormat::Jsonl),
            decode: Default::default(),
            verify: Default::default(),
        });
        assert_eq!(run_with(&rep, request).unwrap(), Outcome::Success);
        assert_eq!(
            said.text(),
            "evctl: note: the embedded broker cannot look offsets up by time; filtering by record timestamps instead\n"
        );
    }
}
