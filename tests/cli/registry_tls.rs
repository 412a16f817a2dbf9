//! The Schema Registry over HTTPS: produce and consume Avro through a registry whose
//! certificate a private CA signed (`--registry-ca-file`), and fail in one line, exit 2, when
//! the CA is not trusted. The registry is tests/interop/tls_registry.py (Python's ssl module);
//! the certificates come from scripts/make-test-certs.sh.

use crate::common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::Target;

struct TlsRegistry {
    _child: common::KillOnDrop,
    url: String,
    certs: tempfile::TempDir,
}

impl TlsRegistry {
    fn start() -> Self {
        let dir = env!("CARGO_MANIFEST_DIR");
        let certs = tempfile::tempdir().unwrap();
        let made = Command::new("bash")
            .arg(format!("{dir}/scripts/make-test-certs.sh"))
            .arg(certs.path())
            .status()
            .unwrap();
        assert!(made.success(), "make-test-certs.sh (needs openssl)");
        let mut child = Command::new("python3")
            .arg(format!("{dir}/tests/interop/tls_registry.py"))
            .arg(certs.path().join("server.pem"))
            .arg(certs.path().join("server.key"))
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3");
        let mut port = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut port)
            .unwrap();
        let url = format!("https://127.0.0.1:{}", port.trim());
        Self {
            _child: common::KillOnDrop::new(child),
            url,
            certs,
        }
    }

    fn ca(&self, name: &str) -> String {
        self.certs.path().join(name).display().to_string()
    }
}

#[test]
fn avro_through_an_https_registry_with_a_private_ca() {
    let reg = TlsRegistry::start();
    let t = Target::embedded(&[("tls-avro", 1)]);
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("r.avsc");
    std::fs::write(
        &schema,
        r#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}"#,
    )
    .unwrap();
    let schema = schema.display().to_string();
    let ca = reg.ca("ca.pem");
    // the produce flags for Avro through the registry, with a CA file when given
    let avro = |ca: Option<&str>| {
        let mut v: Vec<String> = ["--input", "json", "--value-format", "avro", "--register"]
            .map(String::from)
            .to_vec();
        v.extend(["--value-schema".into(), schema.clone()]);
        v.extend(["--schema-registry".into(), reg.url.clone()]);
        if let Some(ca) = ca {
            v.extend(["--registry-ca-file".into(), ca.to_string()]);
        }
        v
    };
    let args = avro(Some(&ca));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    t.produce("tls-avro", "{\"a\":1}\n{\"a\":2}\n", &refs);
    let got = t.consume_jsonl(&[
        "tls-avro",
        "--schema-registry",
        &reg.url,
        "--registry-ca-file",
        &ca,
    ]);
    let values: Vec<String> = got.iter().map(|e| e["value"].to_string()).collect();
    assert_eq!(values, [r#"{"a":1}"#, r#"{"a":2}"#]);
    // the same registry and CA from a context in the config file
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[contexts.tls]\nschema_registry = \"{}\"\nschema_registry_ca_file = \"{ca}\"\n",
            reg.url
        ),
    )
    .unwrap();
    let out = t
        .cmd()
        .env("EVCTL_CONFIG", &config)
        .args(["consume", "tls-avro", "--context", "tls", "-o", "jsonl"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains(r#""value":{"a":1}"#) && text.contains(r#""value":{"a":2}"#),
        "{text}"
    );
    // a CA that did not sign the registry's certificate, and no CA at all (public roots only)
    let other = reg.ca("other-ca.pem");
    for ca in [Some(other.as_str()), None] {
        let args = avro(ca);
        let out = t
            .cmd()
            .args(["produce", "tls-avro"])
            .args(&args)
            .write_stdin("{\"a\":3}\n")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(
            err.contains(&reg.url)
                && err.contains("certificate")
                && err.contains("--registry-ca-file"),
            "{err}"
        );
    }
}
