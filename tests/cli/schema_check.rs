//! `evctl schema check` end to end: the three forms, the modes, exit codes and report formats.

use crate::common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;

use common::evctl;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

const V1: &str = r#"{"type":"record","name":"Order","namespace":"com.example","fields":[
  {"name":"id","type":"string"},
  {"name":"total","type":"int"}
]}"#;
// adds a field with a default: backward and forward compatible with V1
const V2: &str = r#"{"type":"record","name":"Order","namespace":"com.example","fields":[
  {"name":"id","type":"string"},
  {"name":"total","type":"int"},
  {"name":"channel","type":"string","default":"web"}
]}"#;
// drops `total`, which V1 readers need (forward break), and widens nothing
const V3: &str = r#"{"type":"record","name":"Order","namespace":"com.example","fields":[
  {"name":"id","type":"string"},
  {"name":"channel","type":"string","default":"web"}
]}"#;
// a required new field: a backward break
const BAD: &str = r#"{"type":"record","name":"Order","namespace":"com.example","fields":[
  {"name":"id","type":"string"},
  {"name":"total","type":"int"},
  {"name":"customer","type":"string"}
]}"#;

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

#[test]
fn files_form_exit_codes_and_modes() {
    let d = tempfile::tempdir().unwrap();
    let (v1, v2, v3, bad) = (
        write(d.path(), "v1.avsc", V1),
        write(d.path(), "v2.avsc", V2),
        write(d.path(), "v3.avsc", V3),
        write(d.path(), "bad.avsc", BAD),
    );
    evctl()
        .args(["schema", "check", &v2, "--against", &v1])
        .assert()
        .code(0)
        .stdout(contains("ok"));
    // an exported registry (and its user) does not get in the way of comparing files
    evctl()
        .env("EVCTL_SCHEMA_REGISTRY", "http://127.0.0.1:1")
        .env("EVCTL_REGISTRY_USER", "ci")
        .args(["schema", "check", &v2, "--against", &v1])
        .assert()
        .code(0)
        .stdout(contains("ok"));
    evctl()
        .args(["schema", "check", &bad, "--against", &v1])
        .assert()
        .code(1)
        .stdout(contains("/fields/2").and(contains(
            "reader field 'customer' is not in the writer schema and has no default",
        )));
    // V3 drops a field V1 readers need: backward fine, forward broken
    evctl()
        .args([
            "schema",
            "check",
            &v3,
            "--against",
            &v2,
            "--compatibility",
            "BACKWARD",
        ])
        .assert()
        .code(0);
    evctl()
        .args([
            "schema",
            "check",
            &v3,
            "--against",
            &v2,
            "--compatibility",
            "forward",
        ])
        .assert()
        .code(1);
    evctl()
        .args([
            "schema",
            "check",
            &v3,
            "--against",
            &v2,
            "--compatibility",
            "none",
        ])
        .assert()
        .code(0);
    // transitive modes look at every version; plain modes only at the last
    evctl()
        .args([
            "schema",
            "check",
            &bad,
            "--against",
            &v1,
            "--against",
            &bad,
            "--compatibility",
            "backward",
        ])
        .assert()
        .code(0);
    evctl()
        .args([
            "schema",
            "check",
            &bad,
            "--against",
            &v1,
            "--against",
            &bad,
            "--compatibility",
            "backward_transitive",
        ])
        .assert()
        .code(1)
        .stdout(contains("v1.avsc"));
    evctl()
        .args([
            "schema",
            "check",
            &v2,
            "--against",
            &v1,
            "--compatibility",
            "sideways",
        ])
        .assert()
        .code(2)
        .stderr(contains("unknown compatibility 'sideways'"));
}

#[test]
fn invalid_schemas_are_errors_that_say_where() {
    let d = tempfile::tempdir().unwrap();
    let v1 = write(d.path(), "v1.avsc", V1);
    let broken = write(d.path(), "broken.avsc", "{\n  \"type\": \"record\",\n  \"name\": \"R\",\n  \"fields\": [\n    {\"name\": \"a\", \"type\": \"Nope\"}\n  ]\n}\n");
    evctl()
        .args(["schema", "check", &broken, "--against", &v1])
        .assert()
        .code(2)
        .stderr(contains(
            "broken.avsc:5: invalid schema: /fields/0/type: unknown type 'Nope'",
        ));
    let syntax = write(
        d.path(),
        "syntax.avsc",
        "{\"type\": \"record\",\n \"name\": }",
    );
    evctl()
        .args(["schema", "check", &syntax, "--against", &v1])
        .assert()
        .code(2)
        .stderr(contains("syntax.avsc:2: invalid schema: invalid JSON"));
}

#[test]
fn report_formats() {
    let d = tempfile::tempdir().unwrap();
    let (v1, bad) = (
        write(d.path(), "v1.avsc", V1),
        write(d.path(), "bad.avsc", BAD),
    );
    let gh = evctl()
        .args([
            "schema",
            "check",
            &bad,
            "--against",
            &v1,
            "--error-format",
            "github",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let gh = String::from_utf8(gh).unwrap();
    assert!(
        gh.starts_with(&format!(
            "::error file={},line=4,",
            bad.replace(':', "%3A").replace(',', "%2C")
        )),
        "{gh}"
    );
    let js = evctl()
        .args([
            "schema",
            "check",
            &bad,
            "--against",
            &v1,
            "--error-format",
            "json",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&js).unwrap();
    assert_eq!(v["compatible"], false);
    assert_eq!(
        v["files"][0]["findings"][0]["kind"],
        "READER_FIELD_MISSING_DEFAULT_VALUE"
    );
    assert_eq!(v["files"][0]["findings"][0]["pointer"], "/fields/2");
    let ju = evctl()
        .args([
            "schema",
            "check",
            &bad,
            "--against",
            &v1,
            "--error-format",
            "junit",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let ju = String::from_utf8(ju).unwrap();
    assert!(
        ju.contains("tests=\"1\" failures=\"1\"")
            && ju.contains("<failure message=\"BACKWARD incompatible\">"),
        "{ju}"
    );
}

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .args(["-c", "user.email=t@example.com", "-c", "user.name=t"])
        .args(args)
        .current_dir(dir)
        .status()
        .unwrap()
        .success();
    assert!(ok, "git {args:?}");
}

#[test]
fn git_form_checks_changed_new_and_deleted_schemas() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path();
    git(root, &["init", "-q", "."]);
    write(root, "schemas/order.avsc", V1);
    write(root, "schemas/gone.avsc", V1);
    write(root, "schemas/same.avsc", V2);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "v1"]);
    git(root, &["tag", "v1"]);
    // compatible change, a new file: passes
    write(root, "schemas/order.avsc", V2);
    write(root, "schemas/new.avsc", V1);
    let run = |args: &[&str]| {
        evctl()
            .current_dir(root)
            .args(["schema", "check"])
            .args(args)
            .assert()
    };
    run(&[
        "schemas/order.avsc",
        "schemas/new.avsc",
        "--against-git",
        "v1",
    ])
    .code(0)
    .stdout(contains("new   schemas/new.avsc"));
    // a deleted schema under a checked directory is reported
    std::fs::remove_file(root.join("schemas/gone.avsc")).unwrap();
    run(&["--against-git", "v1"])
        .code(1)
        .stdout(contains("schemas/gone.avsc: deleted or renamed"));
    // an incompatible change
    write(root, "schemas/gone.avsc", V1);
    write(root, "schemas/order.avsc", BAD);
    run(&["schemas", "--against-git", "v1"])
        .code(1)
        .stdout(contains("against v1:schemas/order.avsc"));
    run(&["schemas", "--against-git", "no-such-ref"])
        .code(2)
        .stderr(contains("not a branch, tag or commit"));
}

/// A Schema Registry stand-in serving fixed answers (status, body) by path.
fn registry(routes: Vec<(&'static str, u16, String)>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap_or(0);
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                    break;
                }
            }
            let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
            let (status, body) = routes
                .iter()
                .find(|(p, _, _)| path == *p)
                .map(|(_, s, b)| (*s, b.clone()))
                .unwrap_or((
                    404,
                    r#"{"error_code":40401,"message":"Subject not found."}"#.to_string(),
                ));
            let mut s = stream;
            let _ = write!(s, "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
        }
    });
    url
}

#[test]
fn registry_form_uses_the_subjects_versions_and_compatibility() {
    let schema_json = |s: &str| {
        serde_json::json!({ "schema": s, "version": 1, "id": 1, "subject": "order-value" })
            .to_string()
    };
    let url = registry(vec![
        ("/subjects/order-value/versions", 200, "[1,2]".into()),
        ("/subjects/order-value/versions/1", 200, schema_json(V1)),
        ("/subjects/order-value/versions/2", 200, schema_json(BAD)),
        (
            "/config/order-value?defaultToGlobal=true",
            200,
            r#"{"compatibilityLevel":"BACKWARD_TRANSITIVE"}"#.into(),
        ),
        (
            "/subjects/broken-value/versions",
            500,
            r#"{"error_code":50001,"message":"Error in the backend data store"}"#.into(),
        ),
    ]);
    let d = tempfile::tempdir().unwrap();
    let order = write(d.path(), "order.avsc", BAD);
    // the subject's BACKWARD_TRANSITIVE reaches v1, where `customer` has no default
    evctl()
        .args(["schema", "check", &order, "--schema-registry", &url])
        .assert()
        .code(1)
        .stdout(contains("BACKWARD_TRANSITIVE").and(contains("order-value v1")));
    // --compatibility overrides the subject: plain BACKWARD only looks at v2 (identical)
    evctl()
        .args([
            "schema",
            "check",
            &order,
            "--schema-registry",
            &url,
            "--compatibility",
            "backward",
        ])
        .assert()
        .code(0);
    // an unknown subject is new
    let fresh = write(d.path(), "fresh.avsc", V1);
    evctl()
        .args(["schema", "check", &fresh, "--schema-registry", &url])
        .assert()
        .code(0)
        .stdout(contains("new"));
    // registry errors carry Confluent's code
    let broken = write(d.path(), "broken.avsc", V1);
    evctl()
        .args(["schema", "check", &broken, "--schema-registry", &url])
        .assert()
        .code(2)
        .stderr(contains("Error in the backend data store (50001)"));
}

/// `evctl dev registry` serves the Confluent API; `schema check` and plain HTTP clients use it.
#[test]
fn dev_registry_end_to_end() {
    use std::process::Stdio;
    let mut child = common::evctl_std()
        .args(["dev", "registry", "-o", "json", "--quiet"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = serde_json::from_str::<serde_json::Value>(&line).unwrap()["schema_registry"]
        .as_str()
        .unwrap()
        .to_string();
    let post =
        |path: &str, schema: &str| post_json(&url, path, serde_json::json!({ "schema": schema }));
    let (status, got) = post("/subjects/order-value/versions", V1);
    assert_eq!((status, &got["id"]), (200, &serde_json::json!(1)));
    assert_eq!(post("/subjects/order-value/versions", V2).1["id"], 2);
    let (status, err) = post("/subjects/order-value/versions", BAD);
    assert_eq!((status, err["error_code"].as_i64()), (409, Some(409)));
    let d = tempfile::tempdir().unwrap();
    let order = write(d.path(), "order.avsc", BAD);
    evctl()
        .args(["schema", "check", &order, "--schema-registry", &url])
        .assert()
        .code(1)
        .stdout(contains("order-value v2"));
    let ok = write(d.path(), "order2.avsc", V2);
    evctl()
        .args([
            "schema",
            "check",
            &ok,
            "--schema-registry",
            &url,
            "--subject",
            "order-value",
        ])
        .assert()
        .code(0);
    common::unsafe_kill(child.id(), 15);
    let status = common::wait_with_timeout(&mut child, std::time::Duration::from_secs(10))
        .expect("registry stops on SIGTERM");
    assert!(status.success());
}

const ORDER_PROTO: &str = "syntax = \"proto3\";\npackage shop;\nimport \"common/money.proto\";\nimport \"google/protobuf/timestamp.proto\";\n\nmessage Order {\n  string id = 1;\n  int32 qty = 2;\n  common.Money total = 3;\n  google.protobuf.Timestamp at = 4;\n}\n";
const MONEY_PROTO: &str =
    "syntax = \"proto3\";\npackage common;\nmessage Money {\n  int64 cents = 1;\n}\n";

#[test]
fn protobuf_and_json_schema_files_with_imports_in_every_form() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path();
    git(root, &["init", "-q", "."]);
    write(root, "schemas/order.proto", ORDER_PROTO);
    write(root, "schemas/common/money.proto", MONEY_PROTO);
    write(
        root,
        "schemas/line.json",
        r#"{"type":"object","properties":{"qty":{"type":"integer"}}}"#,
    );
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "v1"]);
    let run = |args: &[&str]| {
        evctl()
            .current_dir(root)
            .args(["schema", "check"])
            .args(args)
            .assert()
    };
    // a breaking .proto change: the change type, Confluent's pointer, the line
    write(
        root,
        "schemas/order.proto",
        &ORDER_PROTO.replace("int32 qty", "string qty"),
    );
    run(&[
        "schemas",
        "--against-git",
        "HEAD",
        "--error-format",
        "github",
    ])
    .code(1)
    .stdout(contains("::error file=schemas/order.proto,line=8,"))
    .stdout(contains("#/Order/2"));
    run(&[
        "schemas/order.proto",
        "--against-git",
        "HEAD",
        "--error-format",
        "json",
    ])
    .code(1)
    .stdout(contains("\"kind\": \"FIELD_SCALAR_KIND_CHANGED\""));
    // an imported message changing under the field that uses it
    write(root, "schemas/order.proto", ORDER_PROTO);
    write(
        root,
        "schemas/common/money.proto",
        &MONEY_PROTO.replace("int64 cents", "string cents"),
    );
    write(root, "old/order.proto", ORDER_PROTO);
    write(root, "old/common/money.proto", MONEY_PROTO);
    run(&["schemas/order.proto", "--against", "old/order.proto"])
        .code(1)
        .stdout(contains("#/Order/3"));
    // a widening JSON Schema change passes; a narrowing one fails; lenient lets a property in
    write(
        root,
        "schemas/line.json",
        r#"{"type":"object","properties":{"qty":{"type":"number"}}}"#,
    );
    run(&["schemas/line.json", "--against-git", "HEAD"]).code(0);
    write(
        root,
        "schemas/line.json",
        r#"{"type":"object","properties":{"qty":{"type":"integer"},"sku":{"type":"string"}}}"#,
    );
    run(&["schemas/line.json", "--against-git", "HEAD"])
        .code(1)
        .stdout(contains("property 'sku' was added"));
    run(&[
        "schemas/line.json",
        "--against-git",
        "HEAD",
        "--compatibility-policy",
        "lenient",
    ])
    .code(0);
    // an import nowhere to be found names the file and the fix
    write(root, "lone/order.proto", ORDER_PROTO);
    run(&["lone/order.proto", "--against", "old/order.proto"])
        .code(2)
        .stderr(contains("imports common/money.proto").and(contains("--proto-path")));
    run(&[
        "lone/order.proto",
        "--against",
        "old/order.proto",
        "--proto-path",
        "old",
    ])
    .code(0);
    // --schema-type overrides the extension
    write(root, "odd/order.txt", ORDER_PROTO);
    write(root, "odd/common/money.proto", MONEY_PROTO);
    run(&[
        "odd/order.txt",
        "--against",
        "old/order.proto",
        "--schema-type",
        "protobuf",
    ])
    .code(0);
    run(&["odd/order.txt", "--against", "old/order.proto"])
        .code(2)
        .stderr(contains("--schema-type"));
}

#[test]
fn the_dev_registry_holds_protobuf_with_references_and_checks_against_it() {
    let registry = common::Daemon::start(&["dev", "registry", "-o", "json", "--quiet"]);
    let url = registry.get("schema_registry");
    let post = |path: &str, body: serde_json::Value| post_json(&url, path, body);
    let money = serde_json::json!({"schemaType": "PROTOBUF", "schema": MONEY_PROTO});
    assert_eq!(
        post("/subjects/common%2Fmoney.proto/versions", money).0,
        200
    );
    let refs = serde_json::json!([{"name": "common/money.proto", "subject": "common/money.proto", "version": 1}]);
    let order =
        serde_json::json!({"schemaType": "PROTOBUF", "schema": ORDER_PROTO, "references": refs});
    assert_eq!(post("/subjects/order-value/versions", order).1["id"], 2);
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "common/money.proto", MONEY_PROTO);
    let bad = write(
        d.path(),
        "order.proto",
        &ORDER_PROTO.replace("int32 qty", "double qty"),
    );
    evctl()
        .args(["schema", "check", &bad, "--schema-registry", &url])
        .assert()
        .code(1)
        .stdout(contains("order-value v1").and(contains("#/Order/2")));
    let ok = write(
        d.path(),
        "ok/order.proto",
        &ORDER_PROTO.replace("int32 qty", "int64 qty"),
    );
    write(d.path(), "ok/common/money.proto", MONEY_PROTO);
    evctl()
        .args([
            "schema",
            "check",
            &ok,
            "--schema-registry",
            &url,
            "--subject",
            "order-value",
        ])
        .assert()
        .code(0);
}

/// POSTs `body` to the registry at `url`: (status, the JSON answer), errors included.
fn post_json(url: &str, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
    match ureq::post(&format!("{url}{path}")).send_json(body) {
        Ok(r) => (r.status(), r.into_json().unwrap()),
        Err(ureq::Error::Status(s, r)) => (s, r.into_json().unwrap()),
        Err(e) => panic!("{e}"),
    }
}
