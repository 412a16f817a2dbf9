//! Command-line types (clap) and their resolution into validated requests.
//!
//! Why two stages (as ripgrep's lowargs/hiargs and fd's cli/config): clap only knows strings and
//! flags; `resolve` turns them into the typed requests `commands` runs (an offset grammar, a
//! template, a filter), so every "bad input" error is raised here, before any connection, and
//! names the flag at fault. This room does no I/O.

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

use clap::parser::ValueSource;
use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::commands::{Globals, Request};
use crate::domain::connection::RegistryArgs;
use crate::domain::connection::{parse_property, ConnectionArgs};

#[derive(Debug, Parser)]
#[command(
    name = "evctl",
    version,
    about = "A fast CLI and terminal dashboard for event-driven systems on Apache Kafka",
    long_about = "evctl follows one business transaction across topics (tail), replays dead-letter queues exactly \
once (dlq), shows consumer lag in messages and seconds with the order funnel beside it, live (top, lag), produces and consumes Kafka records (JSON envelopes, keys, headers, every start position), \
manages topics, checks schema compatibility, runs a simulated marketplace, and runs an embedded \
Kafka-compatible broker for local work.\n\n\
Exit codes: 0 ok, 1 negative result (nothing found), 2 error, 130 interrupted (produce).",
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Log client properties (secrets redacted) and librdkafka's debug output to stderr.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Silence progress and summaries on stderr (errors are still printed).
    #[arg(short, long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Produce records from stdin or a file (lines, JSON, or JSONL envelopes).
    Produce(produce::ProduceArgs),
    /// Consume records from one or more topics, bounded or following.
    Consume(consume::ConsumeArgs),
    /// Follow one business transaction (a correlation id) across every topic, as a timeline.
    Tail(tail::TailArgs),
    /// Dead-letter queues: list them, show their records, replay them exactly once.
    #[command(subcommand)]
    Dlq(dlq::DlqCommand),
    /// Consumer lag per group and partition, in messages and in seconds, with a status.
    Lag(lag::LagArgs),
    /// Consumer groups: list, describe (members, lag), reset offsets (a plan first), delete.
    #[command(subcommand)]
    Group(group::GroupCommand),
    /// A live dashboard: group lag and its trend, topics, DLQs and the order funnel.
    Top(top::TopArgs),
    /// List, describe, create and delete topics.
    #[command(subcommand)]
    Topics(topics::TopicsCommand),
    /// Schema tools for CI (Avro, Protobuf, JSON Schema): `schema check`, `schema push`.
    #[command(subcommand)]
    Schema(schema::SchemaCommand),
    /// The Schema Registry: subjects, schemas, compatibility and mode (deletes are a dry run
    /// unless --execute).
    #[command(subcommand)]
    Registry(registry::RegistryCommand),
    /// Run the simulated marketplace end to end (the embedded broker by default).
    #[command(subcommand)]
    Simulate(simulate::SimulateCommand),
    /// Local development services (the embedded broker).
    #[command(subcommand)]
    Dev(dev::DevCommand),
    /// Show the connection settings a command would use, and where each comes from.
    #[command(subcommand)]
    Config(config::ConfigCommand),
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
}

/// How to reach a Schema Registry; flattened into the commands that use one (schema check
/// declares its own: there the URL selects the comparison and the others require it).
#[derive(Debug, Clone, Args)]
pub struct RegistryFlags {
    /// Schema Registry URL (default: the context's schema_registry).
    #[arg(long, env = "EVCTL_SCHEMA_REGISTRY", value_name = "URL")]
    pub schema_registry: Option<String>,
    /// Registry basic-auth user.
    #[arg(long, env = "EVCTL_REGISTRY_USER", value_name = "USER")]
    pub registry_user: Option<String>,
    /// Registry basic-auth password.
    #[arg(
        long,
        env = "EVCTL_REGISTRY_PASSWORD",
        value_name = "PASSWORD",
        hide_env_values = true
    )]
    pub registry_password: Option<String>,
    /// Trust the CA certificates in this PEM file for an https registry (besides the public
    /// roots), e.g. a company CA.
    #[arg(long, env = "EVCTL_REGISTRY_CA_FILE", value_name = "FILE")]
    pub registry_ca_file: Option<std::path::PathBuf>,
}

impl RegistryFlags {
    pub fn resolve(self) -> RegistryArgs {
        RegistryArgs {
            url: self.schema_registry,
            user: self.registry_user,
            password: self.registry_password,
            ca_file: self.registry_ca_file,
        }
    }
}

/// Signature checks on read; flattened into consume and tail.
#[derive(Debug, Clone, Args)]
pub struct VerifyFlags {
    /// Check each record's evctl-signature (HMAC-SHA256) with the key in FILE (repeatable:
    /// several keys, e.g. during a rotation); each record is marked verified, unsigned or bad.
    #[arg(long, value_name = "FILE")]
    pub verify_key_file: Vec<std::path::PathBuf>,
    /// With --verify-key-file: an unsigned or badly signed record ends the read with exit 2,
    /// naming the record.
    #[arg(long, requires = "verify_key_file")]
    pub require_signature: bool,
}

impl VerifyFlags {
    pub fn resolve(self) -> crate::session::signing::VerifyArgs {
        crate::session::signing::VerifyArgs {
            key_files: self.verify_key_file,
            require: self.require_signature,
        }
    }
}

/// How to reach a cluster; flattened into every command that talks to one.
#[derive(Debug, Clone, Args)]
pub struct ConnArgs {
    /// Bootstrap brokers, host:port[,host:port...].
    #[arg(short = 'b', long, env = "EVCTL_BROKERS", value_name = "HOST:PORT")]
    pub brokers: Option<String>,
    /// Any librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable).
    #[arg(short = 'X', value_name = "KEY=VALUE", value_parser = parse_property)]
    pub property: Vec<(String, String)>,
    /// A named context from ~/.config/evctl/config.toml (or $EVCTL_CONFIG).
    #[arg(long, env = "EVCTL_CONTEXT", value_name = "NAME")]
    pub context: Option<String>,
    /// Read the SASL password from FILE (else $EVCTL_SASL_PASSWORD, else a prompt when
    /// sasl.username is set), so it need not sit on the command line.
    #[arg(long, value_name = "FILE")]
    pub sasl_password_file: Option<std::path::PathBuf>,
}

impl ConnArgs {
    pub fn resolve(&self) -> ConnectionArgs {
        ConnectionArgs {
            brokers: self.brokers.clone(),
            properties: self.property.clone(),
            context: self.context.clone(),
            sasl_password_file: self.sasl_password_file.clone(),
        }
    }
}

/// `-o text|json` for commands that print one report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ReportFormat {
    #[default]
    Text,
    Json,
}

impl From<ReportFormat> for crate::output::ReportFormat {
    fn from(f: ReportFormat) -> Self {
        match f {
            ReportFormat::Text => Self::Text,
            ReportFormat::Json => Self::Json,
        }
    }
}

/// Parses the process arguments (exits with clap's message on bad ones). Environment
/// defaults (`EVCTL_BROKERS`, `EVCTL_CONTEXT`) that do not apply to a command line are dropped
/// here, where their source is still known: `top --simulate` runs on its own embedded broker,
/// so an exported `EVCTL_BROKERS` is no reason to refuse it (an explicit `-b` still is).
pub fn parse() -> Cli {
    let matches = Cli::command().get_matches();
    let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    if let (Command::Top(top), Some(("top", m))) = (&mut cli.command, matches.subcommand()) {
        if top.simulate {
            drop_env_defaults(&mut top.conn, m);
        }
    }
    cli
}

fn drop_env_defaults(conn: &mut ConnArgs, m: &ArgMatches) {
    let from_env = |id: &str| m.value_source(id) == Some(ValueSource::EnvVariable);
    if from_env("brokers") {
        conn.brokers = None;
    }
    if from_env("context") {
        conn.context = None;
    }
}

/// Turns parsed arguments into a request; errors name the flag and value at fault.
pub fn resolve(cli: Cli) -> Result<(Globals, Request), String> {
    let globals = Globals {
        verbose: cli.verbose,
        quiet: cli.quiet,
    };
    let req = match cli.command {
        Command::Produce(a) => Request::Produce(a.resolve()?),
        Command::Consume(a) => Request::Consume(a.resolve()?),
        Command::Tail(a) => Request::Tail(a.resolve()?),
        Command::Dlq(d) => Request::Dlq(d.resolve()?),
        Command::Lag(a) => Request::Lag(a.resolve()?),
        Command::Top(a) => Request::Top(a.resolve()?),
        Command::Group(g) => Request::Group(g.resolve()?),
        Command::Registry(r) => Request::Registry(r.resolve()?),
        Command::Topics(t) => Request::Topics(t.resolve()?),
        Command::Dev(d) => Request::Dev(d.resolve()?),
        Command::Config(c) => Request::Config(c.resolve()?),
        Command::Schema(s) => Request::Schema(s.resolve()?),
        Command::Simulate(s) => Request::Simulate(s.resolve()?),
        Command::Completions { .. } | Command::Man => {
            return Err("completions and man are printed by main".into())
        }
    };
    Ok((globals, req))
}

/// Parses `key=value` pairs given to flags such as `-H` and `--header`.
pub fn parse_pair(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!("'{s}' is not name=value")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every subcommand, depth first.
    fn walk(cmd: &clap::Command, path: String, out: &mut Vec<(String, clap::Command)>) {
        for sub in cmd.get_subcommands() {
            let p = format!("{path} {}", sub.get_name());
            out.push((p.clone(), sub.clone()));
            walk(sub, p, out);
        }
    }

    /// clap's own `debug_assert` only runs in debug builds, and the test command builds in
    /// release; these are the checks that matter to users, made in any build: no flag is
    /// declared twice in one command (with the globals it inherits), and every flag says what
    /// it does in --help.
    #[test]
    fn every_command_has_distinct_documented_flags() {
        let mut root = Cli::command();
        root.build();
        let mut all = Vec::new();
        walk(&root, "evctl".into(), &mut all);
        assert!(all.len() > 10, "subcommands: {}", all.len());
        for (path, cmd) in &all {
            let mut shorts = std::collections::HashSet::new();
            let mut longs = std::collections::HashSet::new();
            // after build(), each command's arguments include the globals it inherits
            for a in cmd.get_arguments() {
                let id = a.get_id().as_str();
                if id == "help" || id == "version" {
                    continue;
                }
                if let Some(s) = a.get_short() {
                    assert!(shorts.insert(s), "{path}: -{s} declared twice");
                }
                if let Some(l) = a.get_long() {
                    assert!(longs.insert(l.to_string()), "{path}: --{l} declared twice");
                }
                if !a.is_positional() {
                    assert!(
                        a.get_help().is_some() || a.get_long_help().is_some(),
                        "{path}: --{} has no help text",
                        a.get_long().unwrap_or(id)
                    );
                }
            }
            let help = cmd.clone().render_long_help().to_string();
            assert!(help.contains("Usage:"), "{path}: help renders");
        }
    }

    #[test]
    fn a_typical_line_of_each_command_parses() {
        for line in [
            "evctl consume t --from -10 -o jsonl",
            "evctl tail --correlation-id c-1 --since @-5m -o json",
            "evctl tail --key k -f --timeout 10s",
            "evctl dlq list --non-empty -o json",
            "evctl lag g1 g2 --watch --interval 2s --window 5 --fail-above 10",
            "evctl group reset g --topic t:0,1 --to @-1h --execute --wait-empty 30s",
            "evctl group reset g --all-topics --shift-by -10 -o json",
            "evctl group describe g1 g2 -o json",
            "evctl registry subjects --deleted -o json",
            "evctl registry schema get --subject s --version 2",
            "evctl registry compatibility set full --subject s",
            "evctl registry mode get --global",
            "evctl dlq show a.dlq --error timed -o jsonl",
            "evctl dlq replay a.dlq --dry-run --rate 500 --since @-1h --max 10",
            "evctl produce t --input envelope",
            "evctl topics create t -p 3 -o json",
            "evctl topics delete t -o json",
            "evctl schema check new.avsc --against v1.avsc --compatibility full_transitive",
            "evctl simulate marketplace --orders 10",
            "evctl dev broker --topic a",
        ] {
            let args = line.split_whitespace();
            if let Err(e) = Cli::try_parse_from(args) {
                panic!("{line}: {e}");
            }
        }
    }
}
