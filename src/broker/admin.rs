//! Topic administration: list, describe, create, delete.
//!
//! Why the mock check: librdkafka's mock cluster (our embedded broker) has no CreateTopics,
//! DeleteTopics or DescribeConfigs; asking it anyway ends in a timeout that explains nothing.
//! We recognise it by its cluster id and say plainly what it lacks and what to do instead.

use std::time::Duration;

use futures_executor::block_on;
use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, ResourceSpecifier, TopicReplication};
use rdkafka::consumer::{BaseConsumer, Consumer as _};
use rdkafka::types::RDKafkaErrorCode;

use super::consumer::{close_and_drain, LogQueue};
use super::{
    client_config, creation_error, fetch_metadata, is_mock_cluster, new_context, show_properties,
    watermarks_of, BrokerError, ClientLog, EvContext,
};
use crate::domain::connection::Connection;
pub use crate::domain::topics::{PartitionDetail, TopicDetail, TopicSummary};

const ADMIN_TIMEOUT: Duration = Duration::from_secs(15);

/// A metadata-capable client plus the knowledge of whether it talks to the mock.
struct Session {
    consumer: BaseConsumer<EvContext>,
    /// librdkafka's log lines, served through `ctx` (see `consumer::LogQueue`).
    logs: Option<LogQueue>,
    ctx: EvContext,
    brokers: String,
    conn: Connection,
    log: ClientLog,
}

impl Drop for Session {
    fn drop(&mut self) {
        close_and_drain(&self.consumer, self.logs.take(), &self.ctx);
    }
}

impl Session {
    fn open(conn: &Connection, log: &ClientLog) -> Result<Self, BrokerError> {
        let mut cfg = client_config(conn, log);
        cfg.set("allow.auto.create.topics", "false");
        cfg.set("group.id", "evctl");
        show_properties("admin", &cfg, conn, log);
        let ctx = new_context(log);
        let consumer: BaseConsumer<EvContext> = cfg
            .create_with_context(ctx.clone())
            .map_err(creation_error)?;
        Ok(Self {
            logs: LogQueue::attach(&consumer),
            consumer,
            ctx,
            brokers: conn.brokers.clone(),
            conn: conn.clone(),
            log: log.clone(),
        })
    }

    fn serve(&self) {
        let _ = self.consumer.poll(Duration::ZERO);
        if let Some(q) = &self.logs {
            q.drain(&self.ctx);
        }
    }

    fn admin(&self) -> Result<AdminClient<EvContext>, BrokerError> {
        client_config(&self.conn, &self.log)
            .create_with_context(self.ctx.clone())
            .map_err(creation_error)
    }

    /// Opens a session for an admin call the embedded broker lacks: metadata first (so an
    /// unreachable cluster is named as such), then the mock check, then the admin client.
    fn admin_for(
        conn: &Connection,
        log: &ClientLog,
        what: &str,
        hint: &str,
    ) -> Result<(Self, AdminClient<EvContext>), BrokerError> {
        let s = Self::open(conn, log)?;
        s.metadata(None)?;
        s.unsupported_on_mock(what, hint)?;
        let admin = s.admin()?;
        Ok((s, admin))
    }

    /// The cluster's metadata (all topics, or one), failing fast when it cannot be reached.
    fn metadata(&self, topic: Option<&str>) -> Result<rdkafka::metadata::Metadata, BrokerError> {
        fetch_metadata(
            self.consumer.client(),
            &self.ctx.shared,
            &self.brokers,
            topic,
            &|| self.serve(),
        )
    }

    fn unsupported_on_mock(&self, what: &str, hint: &str) -> Result<(), BrokerError> {
        if is_mock_cluster(self.consumer.client()) {
            return Err(BrokerError::Unsupported {
                what: what.to_string(),
                brokers: format!(
                    "the embedded broker at {} (librdkafka's mock cluster)",
                    self.brokers
                ),
                hint: format!("; {hint}"),
            });
        }
        Ok(())
    }
}

pub fn list_topics(
    conn: &Connection,
    include_internal: bool,
    log: &ClientLog,
) -> Result<Vec<TopicSummary>, BrokerError> {
    let s = Session::open(conn, log)?;
    let md = s.metadata(None)?;
    let mut out: Vec<TopicSummary> = md
        .topics()
        .iter()
        .filter(|t| include_internal || !t.name().starts_with("__"))
        .map(|t| TopicSummary {
            name: t.name().to_string(),
            partitions: t.partitions().len(),
            replication: t.partitions().first().map_or(0, |p| p.replicas().len()),
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

pub fn describe_topic(
    conn: &Connection,
    topic: &str,
    log: &ClientLog,
) -> Result<TopicDetail, BrokerError> {
    let s = Session::open(conn, log)?;
    let md = s.metadata(Some(topic))?;
    let t = md
        .topics()
        .iter()
        .find(|t| t.name() == topic && t.error().is_none() && !t.partitions().is_empty())
        .ok_or_else(|| BrokerError::TopicNotFound {
            topic: topic.to_string(),
            brokers: s.brokers.clone(),
        })?;
    let mut partitions = Vec::with_capacity(t.partitions().len());
    for p in t.partitions() {
        let (low, high) = watermarks_of(&s.consumer, topic, p.id(), ADMIN_TIMEOUT)?;
        partitions.push(PartitionDetail {
            partition: p.id(),
            leader: p.leader(),
            replicas: p.replicas().to_vec(),
            isr: p.isr().to_vec(),
            low,
            high,
        });
    }
    partitions.sort_by_key(|p| p.partition);
    let configs = if is_mock_cluster(s.consumer.client()) {
        Err(
            "not available: the embedded broker (librdkafka's mock cluster) has no DescribeConfigs"
                .to_string(),
        )
    } else {
        describe_configs(&s, topic)
    };
    Ok(TopicDetail {
        name: topic.to_string(),
        partitions,
        configs,
    })
}

fn describe_configs(s: &Session, topic: &str) -> Result<Vec<(String, String)>, String> {
    let admin = s.admin().map_err(|e| e.to_string())?;
    let opts = AdminOptions::new().request_timeout(Some(ADMIN_TIMEOUT));
    let res = block_on(admin.describe_configs([&ResourceSpecifier::Topic(topic)], &opts))
        .map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for r in res {
        let r = r.map_err(|code| code.to_string())?;
        for e in r.entries {
            if !e.is_default && !e.is_sensitive {
                out.push((e.name, e.value.unwrap_or_default()));
            }
        }
    }
    out.sort();
    Ok(out)
}

pub fn create_topic(
    conn: &Connection,
    name: &str,
    partitions: i32,
    replication: i32,
    configs: &[(String, String)],
    log: &ClientLog,
) -> Result<(), BrokerError> {
    let (s, admin) = Session::admin_for(
        conn,
        log,
        "creating topics (CreateTopics)",
        &format!("start it with `evctl dev broker --topic {name} --partitions {partitions}`, or produce to the topic to auto-create it with 4 partitions"),
    )?;
    let mut topic = NewTopic::new(name, partitions, TopicReplication::Fixed(replication));
    for (k, v) in configs {
        topic = topic.set(k, v);
    }
    let opts = AdminOptions::new()
        .request_timeout(Some(ADMIN_TIMEOUT))
        .operation_timeout(Some(ADMIN_TIMEOUT));
    let res = block_on(admin.create_topics([&topic], &opts))
        .map_err(|e| BrokerError::kafka(format!("creating topic '{name}' on {}", s.brokers), e))?;
    for r in res {
        match r {
            Ok(_) => {}
            Err((t, RDKafkaErrorCode::TopicAlreadyExists)) => {
                return Err(BrokerError::TopicExists {
                    topic: t,
                    brokers: s.brokers.clone(),
                })
            }
            Err((t, code)) => {
                return Err(BrokerError::kafka(
                    format!("creating topic '{t}' on {}", s.brokers),
                    rdkafka::error::KafkaError::AdminOp(code),
                ))
            }
        }
    }
    Ok(())
}

pub fn delete_topics(
    conn: &Connection,
    names: &[String],
    log: &ClientLog,
) -> Result<(), BrokerError> {
    let (s, admin) = Session::admin_for(
        conn,
        log,
        "deleting topics (DeleteTopics)",
        "restart `evctl dev broker` for a clean slate",
    )?;
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let opts = AdminOptions::new()
        .request_timeout(Some(ADMIN_TIMEOUT))
        .operation_timeout(Some(ADMIN_TIMEOUT));
    let res = block_on(admin.delete_topics(&refs, &opts))
        .map_err(|e| BrokerError::kafka(format!("deleting topics on {}", s.brokers), e))?;
    for r in res {
        if let Err((t, code)) = r {
            if code == RDKafkaErrorCode::UnknownTopicOrPartition {
                return Err(BrokerError::TopicNotFound {
                    topic: t,
                    brokers: s.brokers.clone(),
                });
            }
            return Err(BrokerError::kafka(
                format!("deleting topic '{t}' on {}", s.brokers),
                rdkafka::error::KafkaError::AdminOp(code),
            ));
        }
    }
    Ok(())
}

/// Deletes a consumer group (DeleteGroups): its committed offsets go with it. The broker
/// refuses a group with members (NON_EMPTY_GROUP), and so does this, naming the group.
pub fn delete_group(conn: &Connection, group: &str, log: &ClientLog) -> Result<(), BrokerError> {
    let (s, admin) = Session::admin_for(
        conn,
        log,
        "deleting consumer groups (DeleteGroups)",
        "its offsets go when `evctl dev broker` stops",
    )?;
    let opts = AdminOptions::new().request_timeout(Some(ADMIN_TIMEOUT));
    let res = block_on(admin.delete_groups(&[group], &opts))
        .map_err(|e| BrokerError::kafka(format!("deleting group '{group}' on {}", s.brokers), e))?;
    for r in res {
        if let Err((g, code)) = r {
            return Err(BrokerError::kafka(
                format!("deleting group '{g}' on {}", s.brokers),
                rdkafka::error::KafkaError::AdminOp(code),
            ));
        }
    }
    Ok(())
}
