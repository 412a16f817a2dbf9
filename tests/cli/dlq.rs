//! `evctl dlq` end to end on the embedded broker and the real one: every provenance
//! convention, dry run, filters, the loop guard, byte-identical values, and a replay killed
//! (SIGKILL) at several moments then resumed: each record arrives exactly once.

use crate::common;

use common::{unique, Target};

#[test]
fn conventions_on_the_embedded_broker() {
    let t = Target::embedded(&[("orig", 2), ("orig.dlq", 2), ("other", 2)]);
    common::dlq::conventions(&t, "orig", "orig.dlq", "other");
}

#[test]
#[ignore = "needs EVCTL_TEST_BROKERS (a real broker; .ci/run starts nisshi)"]
fn conventions_on_the_real_broker() {
    let orig = unique("replay-orig");
    let dlq = format!("{orig}.dlq");
    let other = unique("replay-other");
    let t = Target::real(&[(&orig, 2), (&dlq, 2), (&other, 1)]);
    common::dlq::conventions(&t, &orig, &dlq, &other);
}

#[test]
fn killed_and_resumed_on_the_embedded_broker() {
    let t = Target::embedded(&[("dest", 4), ("dest.dlq", 4)]);
    common::dlq::killed_and_resumed(&t, "dest", "dest.dlq", 100_000);
}

#[test]
#[ignore = "needs EVCTL_TEST_BROKERS (a real broker; .ci/run starts nisshi)"]
fn killed_and_resumed_on_the_real_broker() {
    let dest = unique("resume");
    let dlq = format!("{dest}.dlq");
    let t = Target::real(&[(&dest, 4), (&dlq, 4)]);
    common::dlq::killed_and_resumed(&t, &dest, &dlq, 100_000);
}

/// The read-back starts where the last run's commit noted the destination ended (the embedded
/// broker keeps offset metadata; nisshi does not, and reads from the start): a third replay
/// reads back only what the second sent, not everything ever replayed.
#[test]
fn read_back_starts_where_the_last_run_noted() {
    let t = Target::embedded(&[("rb", 2), ("rb.dlq", 2)]);
    let batch = |from: usize| -> String {
        (from..from + 20)
            .map(|i| {
                format!(
                    "{{\"key\":\"o-{i}\",\"headers\":{{\"dlq.original.topic\":\"rb\"}},\"value\":{{\"n\":{i}}}}}\n"
                )
            })
            .collect()
    };
    let mut read_back = Vec::new();
    for round in 0..3 {
        t.produce("rb.dlq", &batch(round * 20), &["--input", "envelope"]);
        let r = common::dlq::replay(&t, &["rb.dlq"]);
        assert_eq!(r["replayed"], 20, "{r}");
        read_back.push(r["read_back"].as_u64().unwrap());
    }
    // first: rb empty; second: the first run's 20 (its note: rb was empty then); third: only
    // the second run's 20, though rb holds 40
    assert_eq!(read_back, [0, 20, 20]);
    let idle = common::dlq::replay(&t, &["rb.dlq"]);
    assert_eq!(
        (idle["replayed"].as_u64(), idle["read_back"].as_u64()),
        (Some(0), Some(0))
    );
}
