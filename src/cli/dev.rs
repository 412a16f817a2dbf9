//! `evctl dev broker`: the embedded broker in the foreground.

use clap::Subcommand;

use super::ReportFormat;
use crate::commands::dev::DevRequest;

#[derive(Debug, Subcommand)]
pub enum DevCommand {
    /// Run the embedded broker (librdkafka's mock cluster) until Ctrl-C or SIGTERM.
    ///
    /// Prints the bootstrap address on stdout as soon as it is ready. It speaks the Kafka
    /// protocol on 127.0.0.1, so kcat or any client can use it. Auto-created topics get 4
    /// partitions; use --topic/--partitions for more. Each partition keeps up to 1 GiB in
    /// memory (--retention-bytes).
    Broker {
        /// Number of brokers in the cluster.
        #[arg(long, default_value_t = 1)]
        brokers: i32,
        /// Partitions of each --topic.
        #[arg(short = 'p', long, default_value_t = 4)]
        partitions: i32,
        /// Create this topic at start (repeatable).
        #[arg(short = 't', long = "topic", value_name = "NAME")]
        topics: Vec<String>,
        /// Size-based retention: each partition keeps its newest BYTES of log, older batches
        /// are deleted whether read or not (as retention.bytes on a Kafka topic). Default: 1 GiB.
        #[arg(long, value_name = "BYTES")]
        retention_bytes: Option<u64>,
        /// Output format: the address as text, or JSON.
        #[arg(short = 'o', long, value_enum, default_value_t = ReportFormat::Text)]
        output: ReportFormat,
    },
    /// Run an in-memory Confluent Schema Registry until Ctrl-C or SIGTERM.
    ///
    /// Serves the REST API evctl and the common clients use (subjects, versions, schemas by id,
    /// compatibility checks, config, deletes) with Confluent's status and error codes;
    /// compatibility is decided by evctl's checker. Prints its URL on stdout when ready.
    Registry {
        /// Port on 127.0.0.1 (0: any free port).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Output format: the address as text, or JSON.
        #[arg(short = 'o', long, value_enum, default_value_t = ReportFormat::Text)]
        output: ReportFormat,
    },
    /// Run the embedded broker and the schema registry together until Ctrl-C or SIGTERM.
    ///
    /// Prints `EVCTL_BROKERS=...` and `EVCTL_SCHEMA_REGISTRY=...` lines (ready to `export`),
    /// or with `-o json` one object with both addresses.
    Up {
        /// Partitions of each --topic.
        #[arg(short = 'p', long, default_value_t = 4)]
        partitions: i32,
        /// Create this topic at start (repeatable).
        #[arg(short = 't', long = "topic", value_name = "NAME")]
        topics: Vec<String>,
        /// Registry port on 127.0.0.1 (0: any free port).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Output format: the address as text, or JSON.
        #[arg(short = 'o', long, value_enum, default_value_t = ReportFormat::Text)]
        output: ReportFormat,
    },
}

impl DevCommand {
    pub fn resolve(self) -> Result<DevRequest, String> {
        match self {
            Self::Broker {
                brokers,
                partitions,
                topics,
                retention_bytes,
                output,
            } => {
                if retention_bytes.is_some_and(|b| b < 1024) {
                    return Err("--retention-bytes: at least 1024".into());
                }
                if !(1..=32).contains(&brokers) {
                    return Err(format!("--brokers {brokers}: choose between 1 and 32"));
                }
                if partitions < 1 {
                    return Err(format!("--partitions {partitions}: at least 1"));
                }
                Ok(DevRequest::Broker {
                    brokers,
                    partitions,
                    topics,
                    retention_bytes,
                    format: output.into(),
                })
            }
            Self::Up {
                partitions,
                topics,
                port,
                output,
            } => {
                if partitions < 1 {
                    return Err(format!("--partitions {partitions}: at least 1"));
                }
                Ok(DevRequest::Up {
                    partitions,
                    topics,
                    format: output.into(),
                    port,
                })
            }
            Self::Registry { port, output } => Ok(DevRequest::Registry {
                port,
                format: output.into(),
            }),
        }
    }
}
