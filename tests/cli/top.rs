//! `evctl top` in a real terminal: tmux runs it in a pane, the test reads the screen, presses
//! keys and checks how it ends (exit code, the tty out of raw mode, the alternate screen left).
//! On the embedded broker through `--simulate` (the one-command demo), and on the real broker
//! with a group that lags. Also: without a terminal it refuses with a pointer to `lag`.

use crate::common;

use std::process::Command;
use std::time::Duration;

use common::pane::{tmux, Pane};
use common::{unique, Target};

/// The tty after evctl: canonical mode and echo back on (raw mode left).
fn restored(stty: &str) {
    let words: Vec<&str> = stty.split_whitespace().collect();
    assert!(
        words.contains(&"icanon") && words.contains(&"echo"),
        "{stty}"
    );
}

#[test]
fn top_simulate_shows_the_marketplace_and_quits_cleanly() {
    // an exported EVCTL_BROKERS (README's dev up) is no reason to refuse --simulate
    let p = Pane::start(
        "top --simulate --rate 200 --duration 60s",
        &[("EVCTL_BROKERS", "127.0.0.1:1")],
    );
    let s = p.wait_for(
        &[
            "order-service",
            "payment-service",
            "projection",
            "LAG",
            "created",
            "shipped",
        ],
        Duration::from_secs(60),
    );
    assert!(s.contains("Consumer groups (5)"), "{s}");
    // the funnel moves: orders were counted
    p.wait_for(&["Order funnel"], Duration::from_secs(5));
    // keys: into a group's partitions, help, then quit
    p.keys(&["Down", "Enter"]);
    p.wait_for(
        &["Partitions of evctl-sim-", "payment.requested"],
        Duration::from_secs(5),
    );
    p.keys(&["?"]);
    p.wait_for(&["Keys", "pause / resume"], Duration::from_secs(5));
    p.keys(&["Escape", "q"]);
    // quit 10 s into a 60 s run: the run was cut short, and says so (it printed FAIL
    // invariants and exited 0)
    let (code, stty) = p.ended(Duration::from_secs(60));
    assert_eq!(code, 130, "stderr: {}", p.stderr());
    restored(&stty);
    assert!(!p.alternate_screen());
    // the simulation's report follows the screen
    let after = p.history();
    assert!(after.contains("invariants:"), "{after}");
    assert!(after.contains("cut short: the run was stopped"), "{after}");
    assert!(!after.contains("FAIL"), "{after}");
}

/// The dashboard over a Protobuf marketplace: the funnel and the groups read its events, and
/// the report says the run was on Protobuf with every invariant held.
#[test]
fn top_simulate_runs_on_protobuf_events() {
    let p = Pane::start(
        "top --simulate --format protobuf --rate 200 --duration 60s --canary shipping",
        &[],
    );
    p.wait_for(
        &["Order funnel", "payment-service", "LAG"],
        Duration::from_secs(60),
    );
    // the funnel counts orders it read off the Protobuf topics
    p.wait_until("shipped orders", Duration::from_secs(60), |s| {
        funnel_count(s, "shipped") > 0
    });
    // the canary's shadow group is one of the run's groups, its lag shown with theirs
    let s = p.screen();
    assert!(s.contains("Consumer groups (6)"), "{s}");
    assert!(s.contains(".shipping-service-canary "), "{s}");
    p.keys(&["q"]);
    let (code, stty) = p.ended(Duration::from_secs(60));
    assert_eq!(code, 130, "stderr: {}", p.stderr());
    restored(&stty);
    let after = p.history();
    assert!(after.contains("format: PROTOBUF"), "{after}");
    // the canary ran beside shipping-service and agreed on what it could compare
    assert!(
        after.contains("canary shipping-service (shadow group"),
        "{after}"
    );
    assert!(
        after.contains("ok   the canary agrees with production"),
        "{after}"
    );
    assert!(after.contains("invariants:"), "{after}");
    assert!(!after.contains("FAIL"), "{after}");
}

#[test]
fn an_explicit_broker_with_simulate_is_refused() {
    common::evctl()
        .args(["top", "--simulate", "-b", "127.0.0.1:1"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--simulate runs the marketplace on its own embedded broker",
        ));
}

#[test]
fn sigterm_restores_the_terminal() {
    let p = Pane::start(
        "top --simulate --rate 100 --duration 60s",
        &[("NO_COLOR", "1")],
    );
    p.wait_for(&["order-service"], Duration::from_secs(60));
    // the pane runs sh, whose child is evctl (env execs it)
    let shell = tmux(&p.name, &["display", "-p", "-t", &p.name, "#{pane_pid}"]);
    let pid = Command::new("pgrep")
        .args(["-P", shell.trim()])
        .output()
        .unwrap();
    let pid = String::from_utf8_lossy(&pid.stdout);
    let pid = pid.split_whitespace().next().expect("evctl's pid");
    Command::new("kill").args(["-TERM", pid]).status().unwrap();
    let (code, stty) = p.ended(Duration::from_secs(60));
    // the simulation it ran was cut short
    assert_eq!(code, 130, "stderr: {}", p.stderr());
    restored(&stty);
    assert!(!p.alternate_screen());
}

#[test]
#[ignore = "needs EVCTL_TEST_BROKERS (a real broker; .ci/run starts nisshi)"]
fn top_on_the_real_broker_shows_a_lagging_group() {
    let topic = unique("top-lag");
    let group = unique("g-top");
    let t = Target::real(&[(&topic, 2)]);
    let input: String = (0..100).map(|i| format!("v-{i}\n")).collect();
    t.produce(&topic, &input, &[]);
    t.cmd()
        .args([
            "consume", &topic, "-g", &group, "-n", "30", "-o", "raw", "-q",
        ])
        .assert()
        .success();
    let p = Pane::start(&format!("top -b {} -g {group}", t.brokers), &[]);
    let s = p.wait_for(&[&group, "70"], Duration::from_secs(30));
    assert!(s.contains("Consumer groups (1)"), "{s}");
    p.keys(&["Enter"]);
    p.wait_for(&["Partitions of"], Duration::from_secs(5));
    p.keys(&["q"]);
    let (code, stty) = p.ended(Duration::from_secs(30));
    assert_eq!(code, 0, "stderr: {}", p.stderr());
    restored(&stty);
}

#[test]
fn without_a_terminal_it_points_to_lag() {
    common::evctl()
        .args(["top", "-b", "127.0.0.1:1"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("evctl lag -o json"));
    // simulation flags without --simulate are refused, not ignored
    common::evctl()
        .args(["top", "--chaos"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("apply with --simulate"));
}

/// The ORDERS count of a funnel step on the screen (0 when not shown).
fn funnel_count(screen: &str, step: &str) -> u64 {
    screen
        .lines()
        .filter_map(|l| l.split_once(&format!("\u{2502}{step} "))) // "│shipped 884 …"
        .filter_map(|(_, rest)| rest.split_whitespace().next()?.parse().ok())
        .next()
        .unwrap_or(0)
}
