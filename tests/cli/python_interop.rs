//! Interop with Confluent's Python client (`confluent-kafka` from PyPI, which `.ci/run` and
//! scripts/install-deps.sh install): its registry client, AvroSerializer and AvroDeserializer
//! against `evctl dev up`. The checks themselves are in tests/interop/confluent_python.py.

use crate::common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn confluent_python_client_interoperates() {
    let has_client = Command::new("python3")
        .args(["-c", "import confluent_kafka.schema_registry.avro"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        has_client,
        "python3 with confluent-kafka[avro,schemaregistry] is required: run scripts/install-deps.sh"
    );
    let mut up = common::evctl_std()
        .args(["dev", "up", "-o", "json", "--quiet"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(up.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    let dir = env!("CARGO_MANIFEST_DIR");
    let out = Command::new("python3")
        .arg(format!("{dir}/tests/interop/confluent_python.py"))
        .arg(common::bin())
        .arg(v["bootstrap_servers"].as_str().unwrap())
        .arg(v["schema_registry"].as_str().unwrap())
        .arg(format!("{dir}/schemas/order.created.avsc"))
        .env_remove("EVCTL_BROKERS")
        .env_remove("EVCTL_SCHEMA_REGISTRY")
        .output()
        .unwrap();
    common::unsafe_kill(up.id(), 15);
    let _ = up.wait();
    assert!(
        out.status.success(),
        "python interop failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
