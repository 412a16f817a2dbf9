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
