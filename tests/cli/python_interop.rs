//! Interop with Confluent's Python client (`confluent-kafka` from PyPI, which `.ci/run` and
//! scripts/install-test-deps.sh install) against evctl's registry: its registry client,
//! AvroSerializer and AvroDeserializer (tests/interop/confluent_python.py, on `evctl dev up`),
//! and its Protobuf and JSON Schema serializers and deserializers both ways
//! (tests/interop/confluent_python_formats.py, on the embedded broker and the real one).

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

fn python_client_with(modules: &str) {
    let has_client = Command::new("python3")
        .args(["-c", &format!("import {modules}")])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        has_client,
        "python3 with confluent-kafka[avro,protobuf,json,schemaregistry] is required: run scripts/install-test-deps.sh"
    );
}

/// Runs the Protobuf and JSON Schema script against `brokers` and the registry at `registry`.
fn formats_script(brokers: &str, registry: &str) {
    python_client_with(
        "confluent_kafka.schema_registry.protobuf, confluent_kafka.schema_registry.json_schema",
    );
    let scratch = tempfile::tempdir().unwrap();
    let dir = env!("CARGO_MANIFEST_DIR");
    let out = Command::new("python3")
        .arg(format!("{dir}/tests/interop/confluent_python_formats.py"))
        .arg(common::bin())
        .arg(brokers)
        .arg(registry)
        .arg(scratch.path())
        .arg(format!("{}.", common::unique("fmt")))
        .env_remove("EVCTL_BROKERS")
        .env_remove("EVCTL_SCHEMA_REGISTRY")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python interop (protobuf, json schema) failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn python_protobuf_and_json_schema_interoperate_on_the_embedded_broker() {
    let up = common::Daemon::start(&["dev", "up", "-o", "json", "--quiet"]);
    formats_script(
        up.info["bootstrap_servers"].as_str().unwrap(),
        up.info["schema_registry"].as_str().unwrap(),
    );
}

#[test]
#[ignore = "needs EVCTL_TEST_BROKERS (a real broker; .ci/run starts nisshi)"]
fn python_protobuf_and_json_schema_interoperate_on_the_real_broker() {
    let brokers = common::real_brokers();
    let registry = common::Daemon::start(&["dev", "registry", "-o", "json", "--quiet"]);
    formats_script(&brokers, registry.info["schema_registry"].as_str().unwrap());
}
