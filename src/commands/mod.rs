//! Orchestration, one module per command: each takes a validated request, wires the rooms
//! together (broker, domain, output) and returns an [`Outcome`] or an error with context.
//! Nothing here parses flags or formats errors for the terminal; `main` does that. What a
//! command tells the user on stderr goes through the [`Reporter`] it is handed.

pub mod config;
pub mod consume;
pub mod dev;
pub mod dlq;
pub mod group;
pub mod lag;
pub mod produce;
pub mod registry;
pub mod schema;
pub mod simulate;
pub mod tail;
pub mod top;
pub mod topics;

use crate::output::reporter::{Reporter, Verbosity};
use crate::output::Out;

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
    Group(group::GroupRequest),
    Registry(registry::RegistryRequest),
    Top(top::TopRequest),
    Topics(topics::TopicsRequest),
    Dev(dev::DevRequest),
    Config(config::ConfigRequest),
    Schema(schema::SchemaRequest),
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

impl From<crate::simulate::Ended> for Outcome {
    /// A simulation's exit status: a broken invariant outweighs an interruption.
    fn from(ended: crate::simulate::Ended) -> Self {
        use crate::simulate::Ended;
        match ended {
            Ended::Finished { all_hold: true } => Outcome::Success,
            Ended::Finished { all_hold: false } | Ended::CutShort { all_hold: false } => {
                Outcome::Negative
            }
            Ended::CutShort { all_hold: true } | Ended::BeforeStart => Outcome::Interrupted,
        }
    }
}

/// Runs a request: results to `out` (main gives it stdout), what it tells the user to stderr.
pub fn run(globals: Globals, out: &mut Out, request: Request) -> anyhow::Result<Outcome> {
    run_with(&Reporter::stderr(globals.verbosity()), out, request)
}

impl Request {
    /// Servers whose normal end is Ctrl-C/SIGTERM (`dev`, a simulation kept running, running
    /// services without a gateway, or taking only posted orders): a signal ends them with 0,
    /// as a daemon.
    fn ends_on_signal(&self) -> bool {
        match self {
            Request::Dev(_) => true,
            Request::Lag(r) => r.serve.is_some(),
            Request::Simulate(r) => r.keep_running || !r.parts.gateway || r.scenario.http_only(),
            _ => false,
        }
    }
}

/// Runs a request with this reporter and output (tests pass capturing ones). One way to
/// end on Ctrl-C for every command: the command finishes what it began and reports it, and
/// a run that a signal cut short ends as [`Outcome::Interrupted`] (a negative result stays
/// one: it is what the user needs to know).
pub fn run_with(rep: &Reporter, out: &mut Out, request: Request) -> anyhow::Result<Outcome> {
    let ends_on_signal = request.ends_on_signal();
    let outcome = dispatch(rep, out, request)?;
    let cut_short = !ends_on_signal && crate::session::signals::interrupted();
    Ok(match outcome {
        Outcome::Success if cut_short => Outcome::Interrupted,
        other => other,
    })
}

fn dispatch(rep: &Reporter, out: &mut Out, request: Request) -> anyhow::Result<Outcome> {
    match request {
        Request::Produce(r) => produce::run(rep, out, r),
        Request::Consume(r) => consume::run(rep, out, r),
        Request::Tail(r) => tail::run(rep, out, r),
        Request::Dlq(r) => dlq::run(rep, out, r),
        Request::Lag(r) => lag::run(rep, out, r),
        Request::Group(r) => group::run(rep, out, r),
        Request::Registry(r) => registry::run(rep, out, r),
        Request::Top(r) => top::run(rep, out, r),
        Request::Topics(r) => topics::run(rep, out, r),
        Request::Dev(r) => dev::run(rep, out, r),
        Request::Config(r) => config::run(rep, out, r),
        Request::Schema(r) => schema::run(rep, out, r),
        Request::Simulate(r) => simulate::run(rep, out, r),
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
        let mut printed = Vec::new();
        let mut out = Out::new(&mut printed, false);
        assert_eq!(run_with(&rep, &mut out, request).unwrap(), Outcome::Success);
        assert_eq!(
            said.text(),
            "evctl: note: the embedded broker cannot look offsets up by time; filtering by record timestamps instead\n"
        );
    }
}
