//! `evctl config show`: every setting with its source, and no secret in any output.

use crate::common;

use common::evctl;

const CONFIG: &str = r#"
current_context = "prod"
[contexts.dev]
brokers = "localhost:9092"
[contexts.prod]
brokers = "kafka-1:9093"
schema_registry = "https://bob:url-secret-1@sr.example.com"
sasl_password_file = "/run/secrets/kafka"
[contexts.prod.properties]
"security.protocol" = "SASL_SSL"
"sasl.username" = "alice"
"sasl.password" = "ctx-secret-2"
"ssl.key.password" = "key-secret-3"
"#;

const SECRETS: [&str; 5] = [
    "url-secret-1",
    "ctx-secret-2",
    "key-secret-3",
    "flag-secret-4",
    "env-secret-5",
];

fn show(file: &std::path::Path, args: &[&str]) -> (String, String, i32) {
    let out = evctl()
        .env("EVCTL_CONFIG", file)
        .env("EVCTL_REGISTRY_PASSWORD", "env-secret-5")
        .args(["config", "show"])
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

#[test]
fn config_show_names_sources_and_never_a_secret() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, CONFIG).unwrap();
    let (text, err, code) = show(&file, &["-v", "-X", "acks=1"]);
    assert_eq!(code, 0, "{err}");
    for want in [
        "config file",
        "2 contexts: dev, prod",
        "current_context in the config file",
        "kafka-1:9093",
        "https://bob:<redacted>@sr.example.com",
        "ssl.key.password   <redacted>",
        "--registry-password / EVCTL_REGISTRY_PASSWORD",
        "acks               1",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
    let (json, err, code) = show(
        &file,
        &[
            "--context",
            "prod",
            "-o",
            "json",
            "-X",
            "sasl.password=flag-secret-4",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let settings = v["settings"].as_array().unwrap();
    let pw = settings
        .iter()
        .find(|s| s["name"] == "sasl.password")
        .unwrap();
    assert_eq!(pw["value"], "<redacted>");
    assert_eq!(pw["from"], "-X");
    // one row for it, however it was given (it was listed twice with -X)
    let rows = settings
        .iter()
        .filter(|s| s["name"] == "sasl.password")
        .count();
    assert_eq!(rows, 1, "{json}");
    let (text_x, _, _) = show(
        &file,
        &["--context", "prod", "-X", "sasl.password=flag-secret-4"],
    );
    assert_eq!(
        text_x
            .lines()
            .filter(|l| l.starts_with("sasl.password"))
            .count(),
        1,
        "{text_x}"
    );
    for s in SECRETS {
        for out in [&text, &json, &err] {
            assert!(!out.contains(s), "{s} printed:\n{out}");
        }
    }
}

#[test]
fn config_show_with_an_unknown_context_is_one_line_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, CONFIG).unwrap();
    let (_, err, code) = show(&file, &["--context", "staging"]);
    assert_eq!(code, 2);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("context 'staging' not found") && err.contains("dev, prod"),
        "{err}"
    );
}
