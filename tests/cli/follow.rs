//! A follow read looks at the broker's topics every few seconds for partitions added since it
//! began. That look once polled the consumer queue to serve log and error events, and the
//! queue carries records too: a record fetched but not yet read was taken and dropped (1–2 in
//! every 10 million followed while the topic was written). These tests read through the
//! library with records queued, look at the topics in the middle, and count every record,
//! with an explicit assignment and as a group, on the embedded broker and the real one.

use crate::common;

use std::time::{Duration, Instant};

use common::{unique, Target};
use evctl::broker::consumer::{with_record, BatchItem, Consumer, Polled};
use evctl::domain::connection::Connection;

const RECORDS: i64 = 5_000;

fn connection(brokers: &str) -> Connection {
    Connection {
        brokers: brokers.to_string(),
        properties: Vec::new(),
        schema_registry: None,
        registry_ca_file: None,
        context: None,
        password_file: None,
        defaults: Vec::new(),
    }
}

fn fill(t: &Target, topic: &str) {
    let input: String = (0..RECORDS).map(|i| format!("{i}\n")).collect();
    t.produce(topic, &input, &[]);
}

/// Offsets seen must run 0, 1, 2, … without a hole.
fn check_contiguous(seen: &[i64]) {
    let want: Vec<i64> = (0..RECORDS).collect();
    assert_eq!(seen.len(), want.len(), "records read");
    assert_eq!(seen, want.as_slice(), "offsets read in order, none missing");
}

fn assigned(t: &Target, topic: &str) {
    fill(t, topic);
    let c = Consumer::connect(&connection(&t.brokers), None, None, &None).unwrap();
    c.assign(&[(topic.to_string(), 0, 0)]).unwrap();
    let mut reader = c.batch_reader(1);
    let mut seen = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut looked = false;
    while (seen.len() as i64) < RECORDS && Instant::now() < deadline {
        reader
            .read(Duration::from_millis(100), |item| {
                if let BatchItem::Record(r) = item {
                    seen.push(r.offset);
                }
                Ok::<_, ()>(true)
            })
            .unwrap();
        if !looked && !seen.is_empty() {
            // what a follow read does every few seconds, here with the rest still queued
            let topics = c.topics(&[topic.to_string()]).unwrap();
            assert_eq!(topics[0].partitions, vec![0]);
            looked = true;
        }
    }
    assert!(looked, "no record arrived");
    check_contiguous(&seen);
}

fn grouped(t: &Target, topic: &str) {
    fill(t, topic);
    let group = unique("follow-group");
    let c = Consumer::connect(
        &connection(&t.brokers),
        Some(&group),
        Some("earliest"),
        &None,
    )
    .unwrap();
    c.subscribe(&[topic.to_string()]).unwrap();
    let mut seen = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut looked = false;
    while (seen.len() as i64) < RECORDS && Instant::now() < deadline {
        if let Polled::Record(m) = c.poll(Duration::from_millis(100)) {
            seen.push(with_record(&m, |r| r.offset));
            if !looked {
                c.topics(&[topic.to_string()]).unwrap();
                looked = true;
            }
        }
    }
    assert!(looked, "no record arrived");
    check_contiguous(&seen);
}

#[test]
fn looking_for_new_partitions_takes_no_record_embedded() {
    let (a, g) = (unique("follow-a"), unique("follow-g"));
    let t = Target::embedded(&[(&a, 1), (&g, 1)]);
    assigned(&t, &a);
    grouped(&t, &g);
}

#[test]
#[ignore = "needs EVCTL_TEST_BROKERS (a real broker; .ci/run starts nisshi)"]
fn looking_for_new_partitions_takes_no_record_real() {
    let (a, g) = (unique("follow-a"), unique("follow-g"));
    let t = Target::real(&[(&a, 1), (&g, 1)]);
    assigned(&t, &a);
    grouped(&t, &g);
}
