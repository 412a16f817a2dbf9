//! What `topics list|describe` report about a cluster's topics: plain data, filled in by the
//! broker room and printed by the output room (neither needs to know the other).

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TopicSummary {
    pub name: String,
    pub partitions: usize,
    pub replication: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PartitionDetail {
    pub partition: i32,
    pub leader: i32,
    pub replicas: Vec<i32>,
    pub isr: Vec<i32>,
    pub low: i64,
    pub high: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TopicDetail {
    pub name: String,
    pub partitions: Vec<PartitionDetail>,
    /// Non-default configs, or why they could not be read.
    pub configs: Result<Vec<(String, String)>, String>,
}

/// Dead-letter topic suffixes evctl recognises: its own and Spring Kafka's conventions.
pub const DLQ_SUFFIXES: [&str; 4] = [".dlq", ".DLT", "-dlt", ".deadletter"];

/// The topic a dead-letter topic is named after (`order.created.dlq` → `order.created`);
/// None when the name carries no DLQ suffix.
pub fn dlq_origin(name: &str) -> Option<&str> {
    DLQ_SUFFIXES
        .iter()
        .find_map(|s| name.strip_suffix(s))
        .filter(|origin| !origin.is_empty())
}

/// Which topics a scan reads (chosen by `cli`, resolved by the scan engine).
#[derive(Debug, Clone)]
pub enum TopicSelection {
    Names(Vec<String>),
    /// Names matching a regex (anchored by the caller); internal `__` topics excluded.
    Regex(regex::Regex),
    /// Every topic whose name does not start with `_`.
    AllUser,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dlq_names_lead_back_to_their_topic() {
        assert_eq!(dlq_origin("order.created.dlq"), Some("order.created"));
        assert_eq!(dlq_origin("payments.DLT"), Some("payments"));
        assert_eq!(dlq_origin("payments-dlt"), Some("payments"));
        assert_eq!(dlq_origin("x.deadletter"), Some("x"));
        assert_eq!(dlq_origin("order.created"), None);
        assert_eq!(dlq_origin(".dlq"), None);
    }
}
