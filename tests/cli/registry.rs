//! `evctl registry …` and `evctl schema push` against `evctl dev registry`: a Protobuf file
//! registered with its import as a reference, read back by id and by version, who references
//! the import, compatibility and mode set and read (READONLY refuses a registration), deletes
//! that are a dry run until --execute, soft then permanent; what Python's client registered is
//! read the same way; `schema push` of a compatible change (new), the same again (unchanged,
//! same id) and a breaking one (exit 1, nothing registered).

use crate::common;

use std::process::Command;

use serde_json::Value;

const MONEY: &str = "syntax = \"proto3\";\npackage common;\nmessage Money { int64 cents = 1; }\n";
const ORDER: &str = "syntax = \"proto3\";\npackage shop;\nimport \"common/money.proto\";\n\
message Order { string id = 1; common.Money total = 2; }\n";

const V1: &str = r#"{"type":"record","name":"Paid","fields":[{"name":"id","type":"string"}]}"#;
const V2: &str = r#"{"type":"record","name":"Paid","fields":[{"name":"id","type":"string"},{"name":"note","type":["null","string"],"default":null}]}"#;
const BREAKING: &str = r#"{"type":"record","name":"Paid","fields":[{"name":"id","type":"string"},{"name":"amount","type":"long"}]}"#;

/// Runs evctl against the registry; (exit code, stdout, stderr).
fn run(url: &str, args: &[&str]) -> (i32, String, String) {
    let out = common::evctl_std()
        .args(args)
        .env("EVCTL_SCHEMA_REGISTRY", url)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ok(url: &str, args: &[&str]) -> String {
    let (code, out, err) = run(url, args);
    assert_eq!(code, 0, "evctl {args:?}: {err}");
    out
}

fn json(url: &str, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["-o", "json"]);
    let out = ok(url, &all);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

#[test]
fn registry_commands_on_the_dev_registry() {
    let reg = common::Daemon::start(&["dev", "registry", "-o", "json", "--quiet"]);
    let url = reg.get("schema_registry");
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("common")).unwrap();
    std::fs::write(dir.path().join("common/money.proto"), MONEY).unwrap();
    let order = dir.path().join("order.proto");
    std::fs::write(&order, ORDER).unwrap();
    let order = order.display().to_string();
    // registered with its import first, as a reference
    let got = json(
        &url,
        &[
            "registry",
            "schema",
            "register",
            &order,
            "--subject",
            "shop-value",
        ],
    );
    assert_eq!(got["version"], 1);
    assert_eq!(got["references"][0]["subject"], "common/money.proto");
    let id = got["id"].as_i64().unwrap().to_string();
    assert_eq!(
        json(&url, &["registry", "subjects"]),
        serde_json::json!(["common/money.proto", "shop-value"])
    );
    let by_id = json(&url, &["registry", "schema", "get", &id]);
    assert_eq!(by_id["schemaType"], "PROTOBUF");
    let text = ok(
        &url,
        &["registry", "schema", "get", "--subject", "shop-value"],
    );
    assert!(text.contains("# reference common/money.proto"), "{text}");
    let users = json(
        &url,
        &["registry", "schema", "references", "common/money.proto"],
    );
    assert_eq!(users[0]["subject"], "shop-value");
    // settings: a subject's own, else the global one
    let c = json(
        &url,
        &[
            "registry",
            "compatibility",
            "get",
            "--subject",
            "shop-value",
        ],
    );
    assert_eq!(
        (&c["value"], &c["own"]),
        (&"BACKWARD".into(), &false.into())
    );
    ok(
        &url,
        &[
            "registry",
            "compatibility",
            "set",
            "full",
            "--subject",
            "shop-value",
        ],
    );
    let c = json(
        &url,
        &[
            "registry",
            "compatibility",
            "get",
            "--subject",
            "shop-value",
        ],
    );
    assert_eq!((&c["value"], &c["own"]), (&"FULL".into(), &true.into()));
    ok(
        &url,
        &[
            "registry",
            "mode",
            "set",
            "readonly",
            "--subject",
            "shop-value",
        ],
    );
    let (code, _, err) = run(
        &url,
        &[
            "registry",
            "schema",
            "register",
            &order,
            "--subject",
            "shop-value",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("read-only"), "{err}");
    ok(
        &url,
        &[
            "registry",
            "mode",
            "set",
            "readwrite",
            "--subject",
            "shop-value",
        ],
    );
    // a referenced import cannot go; a dry run changes nothing; soft, then permanent
    let (code, _, err) = run(
        &url,
        &[
            "registry",
            "subject",
            "delete",
            "common/money.proto",
            "--execute",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("references exist"), "{err}");
    let (_, _, said) = run(&url, &["registry", "subject", "delete", "shop-value"]);
    assert!(said.contains("dry run"), "{said}");
    assert_eq!(
        json(&url, &["registry", "schema", "versions", "shop-value"]),
        serde_json::json!([1])
    );
    ok(
        &url,
        &["registry", "subject", "delete", "shop-value", "--execute"],
    );
    assert_eq!(
        json(&url, &["registry", "subjects"]),
        serde_json::json!(["common/money.proto"])
    );
    assert_eq!(
        json(&url, &["registry", "subjects", "--deleted"]),
        serde_json::json!(["common/money.proto", "shop-value"])
    );
    ok(
        &url,
        &[
            "registry",
            "subject",
            "delete",
            "shop-value",
            "--permanent",
            "--execute",
        ],
    );
    assert_eq!(
        json(&url, &["registry", "subjects", "--deleted"]),
        serde_json::json!(["common/money.proto"])
    );
    python_registered_is_read(&url);
    push(&url);
}

/// What Python's SchemaRegistryClient registers, evctl reads.
fn python_registered_is_read(url: &str) {
    let script = r#"
import sys
from confluent_kafka.schema_registry import SchemaRegistryClient, Schema
c = SchemaRegistryClient({"url": sys.argv[1]})
print(c.register_schema("py-value", Schema(sys.argv[2], "AVRO")))
"#;
    let out = Command::new("python3")
        .args(["-c", script, url, V1])
        .output()
        .expect("python3 with confluent-kafka (scripts/install-test-deps.sh)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let v = json(
        url,
        &[
            "registry",
            "schema",
            "get",
            "--subject",
            "py-value",
            "--version",
            "1",
        ],
    );
    assert_eq!(v["id"].to_string(), id);
    let schema: Value = serde_json::from_str(v["schema"].as_str().unwrap()).unwrap();
    assert_eq!(schema["name"], "Paid");
}

/// `schema push`: new, unchanged with the same id, and a breaking change refused.
fn push(url: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("paid.avsc");
    let map = dir.path().join("subjects.txt");
    std::fs::write(&map, format!("{} py-value\n", file.display())).unwrap();
    let map = map.display().to_string();
    let f = file.display().to_string();
    let args = |extra: &[&'static str]| {
        let mut a = vec![
            "schema".to_string(),
            "push".into(),
            f.clone(),
            "--subject-map".into(),
            map.clone(),
        ];
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    std::fs::write(&file, V2).unwrap();
    let dry = json(
        url,
        &args(&["--dry-run"])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(dry[0]["status"], "new");
    assert_eq!(
        json(url, &["registry", "schema", "versions", "py-value"]),
        serde_json::json!([1])
    );
    let first = json(
        url,
        &args(&[]).iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert_eq!(
        (&first[0]["status"], &first[0]["version"]),
        (&"new".into(), &2.into())
    );
    let again = json(
        url,
        &args(&[]).iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert_eq!(again[0]["status"], "unchanged");
    assert_eq!(again[0]["id"], first[0]["id"]);
    std::fs::write(&file, BREAKING).unwrap();
    let (code, out, err) = run(
        url,
        &args(&["--error-format", "github"])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("::error file="), "{out}");
    assert!(out.contains("INCOMPATIBLE"), "{out}");
    assert_eq!(
        json(url, &["registry", "schema", "versions", "py-value"]),
        serde_json::json!([1, 2])
    );
}
