//! Interop with kcat (Debian's package, librdkafka 2.0) on the embedded broker: keys and
//! headers written by one client are read back exactly by the other.

use crate::common;

use std::process::Command;

use common::Target;

fn kcat() -> Command {
    let found = Command::new("kcat")
        .arg("-V")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        found,
        "kcat is required for interop tests: run scripts/install-test-deps.sh (apt package kcat)"
    );
    Command::new("kcat")
}

#[test]
fn evctl_reads_what_kcat_writes() {
    let t = Target::embedded(&[("from-kcat", 2)]);
    let mut child = kcat()
        .args([
            "-b",
            &t.brokers,
            "-P",
            "-t",
            "from-kcat",
            "-K",
            ":",
            "-H",
            "source=kcat",
            "-H",
            "eventId=e-9",
        ])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(b"o-1:{\"n\":1}\no-2:{\"n\":2}\no-1:plain text\n")
            .unwrap();
    }
    assert!(child.wait().unwrap().success());
    let got = t.consume_jsonl(&["from-kcat"]);
    assert_eq!(got.len(), 3);
    let mut seen: Vec<String> = got
        .iter()
        .map(|e| format!("{}={}", e["key"].as_str().unwrap(), e["value"]))
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        vec!["o-1=\"plain text\"", "o-1={\"n\":1}", "o-2={\"n\":2}"]
    );
    for e in &got {
        assert_eq!(e["headers"]["source"], "kcat");
        assert_eq!(e["headers"]["eventId"], "e-9");
    }
}

#[test]
fn kcat_reads_what_evctl_writes() {
    let t = Target::embedded(&[("from-evctl", 1)]);
    t.produce(
        "from-evctl",
        "{\"orderId\":\"o-5\"}\n{\"orderId\":\"o-6\"}\n",
        &[
            "--input",
            "json",
            "--key-field",
            "orderId",
            "-H",
            "correlationId=c-1",
        ],
    );
    let out = kcat()
        .args(["-b", &t.brokers, "-C", "-t", "from-evctl", "-e", "-J", "-q"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["key"], "o-5");
    assert_eq!(lines[0]["payload"], "{\"orderId\":\"o-5\"}");
    assert_eq!(lines[1]["key"], "o-6");
    // kcat -J prints headers as a flat [name, value, ...] array
    assert_eq!(
        lines[0]["headers"],
        serde_json::json!(["correlationId", "c-1"])
    );
}

/// `kcat -C -J` archives are produce input: `kcat -J | evctl produce --input envelope`
/// copies keys, headers (kcat's list) and values (kcat's `payload`) exactly.
#[test]
fn kcat_json_archives_are_produce_input() {
    let t = Target::embedded(&[("kcat-src", 1), ("kcat-copy", 1)]);
    let mut child = kcat()
        .args(["-b", &t.brokers, "-P", "-t", "kcat-src", "-K", ":"])
        .args(["-H", "source=kcat", "-H", "trace=t-1"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(b"o-1:{\"n\":1}\no-2:plain \"quoted\" text\n")
            .unwrap();
    }
    assert!(child.wait().unwrap().success());
    let archive = kcat()
        .args(["-b", &t.brokers, "-C", "-t", "kcat-src", "-J", "-e", "-q"])
        .output()
        .unwrap();
    assert!(archive.status.success(), "{archive:?}");
    let lines = String::from_utf8(archive.stdout).unwrap();
    assert_eq!(lines.lines().count(), 2, "{lines}");
    assert!(lines.contains("\"payload\""), "kcat's own shape: {lines}");
    t.cmd()
        .args(["produce", "kcat-copy", "--input", "kcat-json", "-q"])
        .write_stdin(lines)
        .assert()
        .success();
    let got = t.consume_jsonl(&["kcat-copy"]);
    let seen: Vec<String> = got
        .iter()
        .map(|e| {
            format!(
                "{} {} {} {}",
                e["key"].as_str().unwrap(),
                e["value"],
                e["headers"]["source"],
                e["headers"]["trace"]
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            r#"o-1 {"n":1} "kcat" "t-1""#,
            r#"o-2 "plain \"quoted\" text" "kcat" "t-1""#
        ]
    );
}
