//! `lag --serve`: a collection as Prometheus text (exposition format 0.0.4), with
//! kafka-lag-exporter's metric names and labels (its Grafana dashboard reads them unchanged),
//! the article's `kafka_consumer_lag_seconds{group,topic}`, evctl's status and DLQ series, and
//! the collector's own health.
//!
//! Why rendered once per cycle, not per scrape: a scrape then costs a copy of bytes, whatever
//! the cluster's size, and never waits on Kafka.

use std::io::{self, Write};

use crate::domain::deadletter::Backlog;
use crate::domain::lag::{per_topic, totals, Collection, Granularity, Owner, PartitionLag};

/// The collector's own state, served even when a cycle failed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Health {
    /// Whether the latest cycle read everything.
    pub up: bool,
    pub last_success_ms: Option<i64>,
    /// How long the latest cycle took.
    pub duration_s: f64,
    pub cycles: u64,
    pub failures: u64,
}

/// What a scrape answers: the latest good collection (None after a failed cycle: no stale
/// lag for an autoscaler to act on) and the collector's health.
pub struct Exposition<'a> {
    pub cluster: &'a str,
    pub granularity: Granularity,
    pub collection: Option<&'a Collection>,
    pub health: &'a Health,
}

/// Where the text goes (a gzip stream in the exporter), and the first write error, which
/// ends the rendering (nothing after it would arrive).
struct Sink<'a> {
    w: &'a mut dyn Write,
    error: Option<io::Error>,
}

impl Sink<'_> {
    fn put(&mut self, args: std::fmt::Arguments) {
        if self.error.is_none() {
            if let Err(e) = self.w.write_fmt(args) {
                self.error = Some(e);
            }
        }
    }
}

/// A metric family being written: its header once, then samples.
struct Family<'a, 'w> {
    out: &'a mut Sink<'w>,
    name: &'static str,
}

impl<'a, 'w> Family<'a, 'w> {
    fn new(out: &'a mut Sink<'w>, name: &'static str, kind: &str, help: &str) -> Self {
        out.put(format_args!("# HELP {name} {help}\n# TYPE {name} {kind}\n"));
        Self { out, name }
    }

    fn sample(&mut self, labels: &[(&str, &str)], value: impl std::fmt::Display) {
        self.out.put(format_args!("{}", self.name));
        for (i, (k, v)) in labels.iter().enumerate() {
            let sep = if i == 0 { '{' } else { ',' };
            self.out.put(format_args!("{sep}{k}=\"{}\"", escape(v)));
        }
        let close = if labels.is_empty() { "" } else { "}" };
        self.out.put(format_args!("{close} {value}\n"));
    }
}

/// A label value as the text format wants it: `\`, `"` and newlines escaped.
fn escape(v: &str) -> std::borrow::Cow<'_, str> {
    if !v.contains(['\\', '"', '\n']) {
        return v.into();
    }
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
        .into()
}

/// Writes the exposition to `w` as it goes (the exporter's is a gzip stream: tens of
/// thousands of series never sit in memory as text).
pub fn write(w: &mut dyn Write, e: &Exposition) -> io::Result<()> {
    let mut s = Sink { w, error: None };
    if let Some(c) = e.collection {
        if e.granularity == Granularity::Partition {
            partition_series(&mut s, e.cluster, c);
        }
        group_series(&mut s, e.cluster, c);
        dlq_series(&mut s, e.cluster, &c.dlqs);
    }
    health_series(&mut s, e.cluster, e.health);
    s.error.map_or(Ok(()), Err)
}

/// A gauge family drawn from one field: (name, help, how to read the field).
type Field<T, V> = (&'static str, &'static str, fn(T) -> V);

fn partition_series(s: &mut Sink, cluster: &str, c: &Collection) {
    let fields: [Field<&PartitionLag, Option<String>>; 3] = [
        (
            "kafka_consumergroup_group_offset",
            "The group's committed offset of a partition.",
            |r| r.committed.map(|o| o.to_string()),
        ),
        (
            "kafka_consumergroup_group_lag",
            "Records between the group's committed offset and the partition's end.",
            |r| Some(r.lag.to_string()),
        ),
        (
            "kafka_consumergroup_group_lag_seconds",
            "Now minus the timestamp of the group's first unconsumed record (0 when caught up).",
            |r| r.lag_seconds.map(|v| v.to_string()),
        ),
    ];
    let nobody = Owner::default();
    for (name, help, get) in fields {
        let mut f = Family::new(s, name, "gauge", help);
        for r in c.groups.iter().flat_map(|g| &g.partitions) {
            let Some(v) = get(r) else { continue };
            let key = (r.group.clone(), r.topic.clone(), r.partition);
            let o = c.owners.get(&key).unwrap_or(&nobody);
            let p = r.partition.to_string();
            let labels = [
                ("cluster_name", cluster),
                ("group", &r.group),
                ("topic", &r.topic),
                ("partition", &p),
                ("member_host", &o.host),
                ("consumer_id", &o.member_id),
                ("client_id", &o.client_id),
            ];
            // an unknown owner's labels are left out (Prometheus reads an empty label as absent)
            let known = if o.member_id.is_empty() { 4 } else { 7 };
            f.sample(&labels[..known], v);
        }
    }
    let ends: [Field<(i64, i64), i64>; 2] = [
        (
            "kafka_partition_latest_offset",
            "The partition's end (the offset the next record gets).",
            |(_, high)| high,
        ),
        (
            "kafka_partition_earliest_offset",
            "The partition's first offset still held.",
            |(low, _)| low,
        ),
    ];
    for (name, help, get) in ends {
        let mut f = Family::new(s, name, "gauge", help);
        for ((topic, partition), lh) in &c.ends {
            let p = partition.to_string();
            f.sample(
                &[
                    ("cluster_name", cluster),
                    ("topic", topic),
                    ("partition", &p),
                ],
                get(*lh),
            );
        }
    }
}

fn group_series(s: &mut Sink, cluster: &str, c: &Collection) {
    let with_rows = || c.groups.iter().filter(|g| !g.partitions.is_empty());
    let mut f = Family::new(
        s,
        "kafka_consumergroup_group_max_lag",
        "gauge",
        "The group's highest lag in records over its partitions.",
    );
    for g in with_rows() {
        let max = g.partitions.iter().map(|r| r.lag).max().unwrap_or(0);
        f.sample(&[("cluster_name", cluster), ("group", &g.name)], max);
    }
    let mut f = Family::new(
        s,
        "kafka_consumergroup_group_max_lag_seconds",
        "gauge",
        "The group's highest lag in seconds over its partitions.",
    );
    for g in with_rows() {
        if let Some(secs) = totals(&g.partitions).lag_seconds {
            f.sample(&[("cluster_name", cluster), ("group", &g.name)], secs);
        }
    }
    let mut f = Family::new(
        s,
        "kafka_consumergroup_group_sum_lag",
        "gauge",
        "The group's lag in records summed over its partitions.",
    );
    for g in with_rows() {
        let sum = totals(&g.partitions).lag;
        f.sample(&[("cluster_name", cluster), ("group", &g.name)], sum);
    }
    let mut f = Family::new(
        s,
        "kafka_consumergroup_group_topic_sum_lag",
        "gauge",
        "The group's lag in records summed over one topic's partitions.",
    );
    for g in with_rows() {
        for (topic, lag, _) in per_topic(&g.partitions) {
            let labels = [
                ("cluster_name", cluster),
                ("group", &g.name),
                ("topic", topic),
            ];
            f.sample(&labels, lag);
        }
    }
    let mut f = Family::new(
        s,
        "kafka_consumer_lag_seconds",
        "gauge",
        "The group's highest lag in seconds over one topic's partitions (scale consumers on it).",
    );
    for g in with_rows() {
        for (topic, _, secs) in per_topic(&g.partitions) {
            if let Some(secs) = secs {
                f.sample(&[("group", &g.name), ("topic", topic)], secs);
            }
        }
    }
    status_series(s, cluster, c);
}

fn status_series(s: &mut Sink, cluster: &str, c: &Collection) {
    let mut f = Family::new(
        s,
        "evctl_consumergroup_status",
        "gauge",
        "The group's worst partition status over the window: 0 OK, 1 WARN, 2 REWIND, 3 STALL, \
         4 STOP, 5 ERR (its name in the status label).",
    );
    for g in &c.groups {
        let status = if g.error.is_some() {
            Some(crate::domain::lag::Status::Err)
        } else {
            totals(&g.partitions).status
        };
        if let Some(st) = status {
            let labels = [
                ("cluster_name", cluster),
                ("group", g.name.as_str()),
                ("status", st.name()),
            ];
            f.sample(&labels, st.severity());
        }
    }
    let mut f = Family::new(
        s,
        "evctl_consumergroup_members",
        "gauge",
        "The group's members and state (a group without members is still watched).",
    );
    for g in &c.groups {
        if let (Some(n), Some(state)) = (g.members, &g.state) {
            let labels = [
                ("cluster_name", cluster),
                ("group", g.name.as_str()),
                ("state", state.as_str()),
            ];
            f.sample(&labels, n);
        }
    }
}

fn dlq_series(s: &mut Sink, cluster: &str, dlqs: &[(String, Backlog)]) {
    let fields: [Field<&Backlog, u64>; 2] = [
        (
            "evctl_dlq_depth",
            "Records held in a dead-letter topic.",
            |b| b.depth,
        ),
        (
            "evctl_dlq_pending",
            "Records of a dead-letter topic its replay group (evctl-dlq-replay-<DLQ>) has not \
             replayed yet.",
            |b| b.pending,
        ),
    ];
    for (name, help, get) in fields {
        let mut f = Family::new(s, name, "gauge", help);
        for (topic, b) in dlqs {
            f.sample(&[("cluster_name", cluster), ("topic", topic)], get(b));
        }
    }
}

fn health_series(s: &mut Sink, cluster: &str, h: &Health) {
    let labels = [("cluster_name", cluster)];
    Family::new(
        s,
        "evctl_lag_up",
        "gauge",
        "1 when the latest collection read everything, else 0 (no lag series then).",
    )
    .sample(&labels, u8::from(h.up));
    if let Some(ms) = h.last_success_ms {
        Family::new(
            s,
            "evctl_lag_last_success_timestamp_seconds",
            "gauge",
            "When the latest successful collection ended (Unix seconds).",
        )
        .sample(&labels, ms as f64 / 1000.0);
    }
    Family::new(
        s,
        "evctl_lag_collect_duration_seconds",
        "gauge",
        "How long the latest collection took.",
    )
    .sample(&labels, h.duration_s);
    Family::new(
        s,
        "evctl_lag_collections_total",
        "counter",
        "Collections run.",
    )
    .sample(&labels, h.cycles);
    Family::new(
        s,
        "evctl_lag_collection_failures_total",
        "counter",
        "Collections that failed.",
    )
    .sample(&labels, h.failures);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::lag::{GroupLag, Status};

    fn row(
        topic: &str,
        partition: i32,
        committed: i64,
        end: i64,
        secs: Option<f64>,
    ) -> PartitionLag {
        PartitionLag {
            group: "pay".into(),
            topic: topic.into(),
            partition,
            committed: Some(committed),
            end,
            lag: end - committed,
            lag_seconds: secs,
            members: Some(0),
            status: Some(Status::Ok),
            at_ms: 0,
        }
    }

    fn collection() -> Collection {
        let mut c = Collection {
            groups: vec![GroupLag {
                name: "pay".into(),
                state: Some("Empty".into()),
                members: Some(0),
                partitions: vec![
                    row("orders", 0, 30, 100, Some(4.5)),
                    row("orders", 1, 50, 50, Some(0.0)),
                    // behind, its first unconsumed record's time unknown: no seconds series
                    row("refunds", 0, 1, 3, None),
                ],
                error: None,
            }],
            ends: vec![
                (("orders".into(), 0), (0, 100)),
                (("orders".into(), 1), (10, 50)),
            ],
            dlqs: vec![(
                "orders.dlq".into(),
                Backlog {
                    depth: 7,
                    pending: 2,
                    replayed: 5,
                },
            )],
            ..Collection::default()
        };
        c.owners.insert(
            ("pay".into(), "orders".into(), 0),
            Owner {
                host: "/10.0.0.1".into(),
                member_id: "m-1".into(),
                client_id: "pay\"1".into(),
            },
        );
        c
    }

    fn lines(granularity: Granularity, c: Option<&Collection>) -> String {
        let health = Health {
            up: c.is_some(),
            last_success_ms: Some(1_500),
            duration_s: 0.25,
            cycles: 3,
            failures: 1,
        };
        let mut out = Vec::new();
        write(
            &mut out,
            &Exposition {
                cluster: "local",
                granularity,
                collection: c,
                health: &health,
            },
        )
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn partition_series_carry_kafka_lag_exporters_labels() {
        let c = collection();
        let text = lines(Granularity::Partition, Some(&c));
        for want in [
            "kafka_consumergroup_group_lag{cluster_name=\"local\",group=\"pay\",topic=\"orders\",partition=\"0\",member_host=\"/10.0.0.1\",consumer_id=\"m-1\",client_id=\"pay\\\"1\"} 70",
            "kafka_consumergroup_group_lag_seconds{cluster_name=\"local\",group=\"pay\",topic=\"orders\",partition=\"1\"} 0",
            "kafka_consumergroup_group_offset{cluster_name=\"local\",group=\"pay\",topic=\"orders\",partition=\"0\",member_host=\"/10.0.0.1\",consumer_id=\"m-1\",client_id=\"pay\\\"1\"} 30",
            "kafka_partition_latest_offset{cluster_name=\"local\",topic=\"orders\",partition=\"1\"} 50",
            "kafka_partition_earliest_offset{cluster_name=\"local\",topic=\"orders\",partition=\"1\"} 10",
            "kafka_consumergroup_group_max_lag{cluster_name=\"local\",group=\"pay\"} 70",
            "kafka_consumergroup_group_max_lag_seconds{cluster_name=\"local\",group=\"pay\"} 4.5",
            "kafka_consumergroup_group_sum_lag{cluster_name=\"local\",group=\"pay\"} 72",
            "kafka_consumergroup_group_topic_sum_lag{cluster_name=\"local\",group=\"pay\",topic=\"refunds\"} 2",
            "kafka_consumer_lag_seconds{group=\"pay\",topic=\"orders\"} 4.5",
            "evctl_consumergroup_status{cluster_name=\"local\",group=\"pay\",status=\"OK\"} 0",
            "evctl_consumergroup_members{cluster_name=\"local\",group=\"pay\",state=\"Empty\"} 0",
            "evctl_dlq_depth{cluster_name=\"local\",topic=\"orders.dlq\"} 7",
            "evctl_dlq_pending{cluster_name=\"local\",topic=\"orders.dlq\"} 2",
            "evctl_lag_up{cluster_name=\"local\"} 1",
            "evctl_lag_last_success_timestamp_seconds{cluster_name=\"local\"} 1.5",
            "# TYPE evctl_lag_collections_total counter",
        ] {
            assert!(text.lines().any(|l| l == want), "missing {want}:\n{text}");
        }
        // unknown seconds are left out, never NaN
        assert!(!text.contains("NaN"), "{text}");
        assert!(!text.contains("kafka_consumer_lag_seconds{group=\"pay\",topic=\"refunds\"}"));
    }

    #[test]
    fn topic_granularity_leaves_partitions_out_and_a_failed_cycle_serves_health_only() {
        let c = collection();
        let text = lines(Granularity::Topic, Some(&c));
        assert!(!text.contains("partition=\""), "{text}");
        assert!(text.contains("kafka_consumer_lag_seconds{group=\"pay\",topic=\"orders\"} 4.5"));
        let down = lines(Granularity::Partition, None);
        assert!(
            down.contains("evctl_lag_up{cluster_name=\"local\"} 0"),
            "{down}"
        );
        assert!(!down.contains("kafka_"), "{down}");
    }
}
