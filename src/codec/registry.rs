//! A minimal Confluent Schema Registry client: the reads `schema check` needs (subject
//! versions, a version's schema, the subject's compatibility). Errors carry Confluent's
//! error code and message, e.g. `subject 'orders-value' not found (40401)`.

use std::time::Duration;

use serde_json::Value;

use super::wire::SchemaRef;
use crate::domain::compat::Mode;
pub use crate::domain::compat::Setting;

#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    #[error("schema registry {url}: {message} ({code})")]
    Api {
        url: String,
        code: i64,
        message: String,
    },
    #[error("schema registry {url}: {reason}")]
    Transport { url: String, reason: String },
}

/// An answer in an error message: at most 200 characters.
fn cut(s: &str) -> String {
    if s.chars().count() > 200 {
        format!("{}…", s.chars().take(200).collect::<String>())
    } else {
        s.to_string()
    }
}

/// The HTTP agent: a 15 s timeout, and ureq's TLS defaults unless `tls` is given.
fn agent(tls: Option<std::sync::Arc<rustls::ClientConfig>>) -> ureq::Agent {
    let b = ureq::AgentBuilder::new().timeout(Duration::from_secs(15));
    match tls {
        Some(t) => b.tls_config(t),
        None => b,
    }
    .build()
}

/// The format of a registered schema (`schemaType`; absent means Avro).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaKind {
    Avro,
    Protobuf,
    Json,
}

/// Another schema a schema uses: for Protobuf the import path, for JSON Schema the `$ref` URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub name: String,
    pub subject: String,
    pub version: i64,
}

/// A registration or lookup body: `schemaType` and `references` only when not the defaults
/// (older registries refuse fields they do not know).
fn body(kind: SchemaKind, schema: &str, references: &[Reference]) -> Value {
    let mut v = serde_json::json!({ "schema": schema });
    if kind != SchemaKind::Avro {
        v["schemaType"] = serde_json::json!(kind.registry_name());
    }
    if !references.is_empty() {
        v["references"] = serde_json::json!(references
            .iter()
            .map(
                |r| serde_json::json!({"name": r.name, "subject": r.subject, "version": r.version})
            )
            .collect::<Vec<_>>());
    }
    v
}

/// A schema as the registry holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registered {
    /// Its id, when the answer carries one (a subject's version does).
    pub id: Option<u32>,
    pub kind: SchemaKind,
    pub text: String,
    pub references: Vec<Reference>,
}

/// The most schemas one schema may pull in through its references (a guard against a cycle
/// or a registry that answers without end).
const MAX_REFERENCES: usize = 256;

pub struct Registry {
    base: String,
    agent: ureq::Agent,
    auth: Option<String>,
}

impl Registry {
    pub fn new(url: &str, user: Option<&str>, password: Option<&str>) -> Self {
        use base64::Engine;
        let auth = user.map(|u| {
            let raw = format!("{u}:{}", password.unwrap_or(""));
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(raw)
            )
        });
        Self {
            base: url.trim_end_matches('/').to_string(),
            agent: agent(None),
            auth,
        }
    }

    /// A client for `url` with the user's credentials and CA file.
    pub fn from_args(
        url: &str,
        a: &crate::domain::connection::RegistryArgs,
    ) -> Result<Self, RegistryError> {
        Self::new(url, a.user.as_deref(), a.password.as_deref()).with_ca_file(a.ca_file.as_deref())
    }

    /// Trusts the CA certificates in `pem` (a PEM file) besides the public web roots: a
    /// registry behind a company CA. None keeps the public roots only.
    pub fn with_ca_file(mut self, pem: Option<&std::path::Path>) -> Result<Self, RegistryError> {
        use rustls_pki_types::pem::PemObject;
        use rustls_pki_types::CertificateDer;
        let Some(path) = pem else {
            return Ok(self);
        };
        let fail = |reason: String| RegistryError::Transport {
            url: self.base.clone(),
            reason: format!("registry CA file {}: {reason}", path.display()),
        };
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
            .and_then(|it| it.collect::<Result<_, _>>())
            .map_err(|e| fail(e.to_string()))?;
        if certs.is_empty() {
            return Err(fail("no PEM certificate in it".into()));
        }
        let mut roots = rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        for c in certs {
            roots.add(c).map_err(|e| fail(e.to_string()))?;
        }
        let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| fail(e.to_string()))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        self.agent = agent(Some(std::sync::Arc::new(tls)));
        Ok(self)
    }

    fn get(&self, path: &str) -> Result<Value, RegistryError> {
        let req = self
            .agent
            .get(&format!("{}{path}", self.base))
            .set("Accept", "application/vnd.schemaregistry.v1+json");
        self.answer(path, self.authorized(req).call())
    }

    fn post(&self, path: &str, body: &Value) -> Result<Value, RegistryError> {
        let req = self
            .agent
            .post(&format!("{}{path}", self.base))
            .set("Content-Type", "application/vnd.schemaregistry.v1+json");
        self.answer(path, self.authorized(req).send_json(body.clone()))
    }

    fn put(&self, path: &str, body: &Value) -> Result<Value, RegistryError> {
        let req = self
            .agent
            .put(&format!("{}{path}", self.base))
            .set("Content-Type", "application/vnd.schemaregistry.v1+json");
        self.answer(path, self.authorized(req).send_json(body.clone()))
    }

    fn delete(&self, path: &str) -> Result<Value, RegistryError> {
        let req = self
            .agent
            .delete(&format!("{}{path}", self.base))
            .set("Accept", "application/vnd.schemaregistry.v1+json");
        self.answer(path, self.authorized(req).call())
    }

    fn authorized(&self, req: ureq::Request) -> ureq::Request {
        match &self.auth {
            Some(a) => req.set("Authorization", a),
            None => req,
        }
    }

    /// Turns a response into JSON, or into Confluent's error code and message.
    fn answer(
        &self,
        path: &str,
        result: Result<ureq::Response, ureq::Error>,
    ) -> Result<Value, RegistryError> {
        match result {
            Ok(resp) => resp.into_json().map_err(|e| RegistryError::Transport {
                url: self.base.clone(),
                reason: format!("invalid JSON from {path}: {e}"),
            }),
            Err(ureq::Error::Status(status, resp)) => {
                let body: Value = resp.into_json().unwrap_or(Value::Null);
                Err(RegistryError::Api {
                    url: self.base.clone(),
                    code: body["error_code"].as_i64().unwrap_or(i64::from(status)),
                    message: body["message"]
                        .as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| format!("HTTP {status} for {path}")),
                })
            }
            Err(e) => {
                let mut reason = e.to_string();
                if reason.contains("invalid peer certificate") {
                    reason.push_str(
                        " (trust the registry's CA with --registry-ca-file FILE, or a context's schema_registry_ca_file)",
                    );
                }
                Err(RegistryError::Transport {
                    url: self.base.clone(),
                    reason,
                })
            }
        }
    }

    /// Registers an Avro schema under a subject (idempotent); returns its id.
    pub fn register(&self, subject: &str, schema: &str) -> Result<u32, RegistryError> {
        self.register_typed(subject, SchemaKind::Avro, schema, &[])
    }

    /// Registers a schema of any type, with its references, under a subject (idempotent);
    /// returns its id.
    pub fn register_typed(
        &self,
        subject: &str,
        kind: SchemaKind,
        schema: &str,
        references: &[Reference],
    ) -> Result<u32, RegistryError> {
        let v = self.post(
            &format!("/subjects/{}/versions", enc(subject)),
            &body(kind, schema, references),
        )?;
        self.id_in(&v, "registering the schema")
    }

    /// (id, version) of a schema of any type already registered under a subject.
    pub fn lookup_typed(
        &self,
        subject: &str,
        kind: SchemaKind,
        schema: &str,
        references: &[Reference],
    ) -> Result<(u32, i64), RegistryError> {
        let v = self.post(
            &format!("/subjects/{}", enc(subject)),
            &body(kind, schema, references),
        )?;
        let id = self.id_in(&v, "looking the schema up")?;
        Ok((id, v["version"].as_i64().unwrap_or(-1)))
    }

    /// The schema id an answer carries: a registry that answers without one (or with one that
    /// is not a u32) is an error, never id 0.
    fn id_in(&self, v: &serde_json::Value, what: &str) -> Result<u32, RegistryError> {
        v["id"]
            .as_u64()
            .and_then(|id| u32::try_from(id).ok())
            .ok_or_else(|| RegistryError::Transport {
                url: self.base.clone(),
                reason: format!(
                    "{what}: the answer carries no schema id: {}",
                    cut(&v.to_string())
                ),
            })
    }

    /// The id of an Avro schema already registered under a subject.
    pub fn lookup(&self, subject: &str, schema: &str) -> Result<u32, RegistryError> {
        self.lookup_typed(subject, SchemaKind::Avro, schema, &[])
            .map(|(id, _)| id)
    }

    /// The schema text registered under an id.
    pub fn schema_by_id(&self, id: u32) -> Result<String, RegistryError> {
        let v = self.get(&format!("/schemas/ids/{id}"))?;
        Ok(v["schema"].as_str().unwrap_or_default().to_string())
    }

    /// The schema registered under an id, with its type and references.
    pub fn registered_by_id(&self, id: u32) -> Result<Registered, RegistryError> {
        let v = self.get(&format!("/schemas/ids/{id}"))?;
        self.registered_in(&v, &format!("schema id {id}"))
    }

    /// The schema a record names (by id, or by GUID in the header framing).
    pub fn registered_by_ref(&self, r: SchemaRef) -> Result<Registered, RegistryError> {
        match r {
            SchemaRef::Id(id) => self.registered_by_id(id),
            SchemaRef::Guid(g) => {
                let v = self.get(&format!("/schemas/guids/{}", SchemaRef::guid_text(&g)))?;
                self.registered_in(&v, &r.to_string())
            }
        }
    }

    /// One version of a subject (`-1`: the latest), with its type and references.
    pub fn registered_version(
        &self,
        subject: &str,
        version: i64,
    ) -> Result<Registered, RegistryError> {
        let which = if version < 0 {
            "latest".to_string()
        } else {
            version.to_string()
        };
        let v = self.get(&format!("/subjects/{}/versions/{which}", enc(subject)))?;
        self.registered_in(&v, &format!("{subject} v{which}"))
    }

    fn registered_in(&self, v: &Value, what: &str) -> Result<Registered, RegistryError> {
        let kind = match v["schemaType"].as_str().unwrap_or("AVRO") {
            "AVRO" => SchemaKind::Avro,
            "PROTOBUF" => SchemaKind::Protobuf,
            "JSON" => SchemaKind::Json,
            other => {
                return Err(RegistryError::Transport {
                    url: self.base.clone(),
                    reason: format!("{what}: unknown schemaType {other}"),
                })
            }
        };
        let references = v["references"]
            .as_array()
            .map(|refs| {
                refs.iter()
                    .map(|r| Reference {
                        name: r["name"].as_str().unwrap_or_default().to_string(),
                        subject: r["subject"].as_str().unwrap_or_default().to_string(),
                        version: r["version"].as_i64().unwrap_or(-1),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(Registered {
            id: v["id"].as_u64().and_then(|i| u32::try_from(i).ok()),
            kind,
            text: v["schema"].as_str().unwrap_or_default().to_string(),
            references,
        })
    }

    /// Every schema `refs` reach, dependencies first, by reference name (what an import or a
    /// `$ref` names); each fetched once.
    pub fn referenced(&self, refs: &[Reference]) -> Result<Vec<(String, String)>, RegistryError> {
        let mut out: Vec<(String, String)> = Vec::new();
        let mut stack: Vec<(Reference, bool)> =
            refs.iter().rev().map(|r| (r.clone(), false)).collect();
        let mut fetched: std::collections::HashMap<String, Registered> = Default::default();
        while let Some((r, expanded)) = stack.pop() {
            if out.iter().any(|(n, _)| *n == r.name) {
                continue;
            }
            if expanded {
                let text = fetched
                    .get(&r.name)
                    .map(|g| g.text.clone())
                    .unwrap_or_default();
                out.push((r.name, text));
                continue;
            }
            if fetched.len() >= MAX_REFERENCES {
                return Err(RegistryError::Transport {
                    url: self.base.clone(),
                    reason: format!("more than {MAX_REFERENCES} referenced schemas"),
                });
            }
            let got = self.registered_version(&r.subject, r.version)?;
            stack.push((r.clone(), true));
            for dep in got.references.iter().rev() {
                if !fetched.contains_key(&dep.name) && dep.name != r.name {
                    stack.push((dep.clone(), false));
                }
            }
            fetched.insert(r.name.clone(), got);
        }
        Ok(out)
    }

    /// (id, schema text) of a subject's latest version.
    pub fn latest(&self, subject: &str) -> Result<(u32, String), RegistryError> {
        let v = self.get(&format!("/subjects/{}/versions/latest", enc(subject)))?;
        Ok((
            self.id_in(&v, "reading the latest version")?,
            v["schema"].as_str().unwrap_or_default().to_string(),
        ))
    }

    /// Registered versions of a subject, oldest first; None when the subject does not exist.
    pub fn versions(&self, subject: &str) -> Result<Option<Vec<i64>>, RegistryError> {
        match self.get(&format!("/subjects/{}/versions", enc(subject))) {
            Ok(v) => Ok(Some(
                v.as_array()
                    .map(|a| a.iter().filter_map(Value::as_i64).collect())
                    .unwrap_or_default(),
            )),
            Err(RegistryError::Api { code: 40401, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The schema text of one version.
    pub fn schema(&self, subject: &str, version: i64) -> Result<String, RegistryError> {
        let v = self.get(&format!("/subjects/{}/versions/{version}", enc(subject)))?;
        Ok(v["schema"].as_str().unwrap_or_default().to_string())
    }

    /// The subject's compatibility, falling back to the global one.
    pub fn compatibility(&self, subject: &str) -> Result<Option<Mode>, RegistryError> {
        let level = match self.get(&format!("/config/{}?defaultToGlobal=true", enc(subject))) {
            Ok(v) => v,
            Err(RegistryError::Api {
                code: 40401 | 40408 | 404,
                ..
            }) => self.get("/config")?,
            Err(e) => return Err(e),
        };
        Ok(level["compatibilityLevel"]
            .as_str()
            .or_else(|| level["compatibility"].as_str())
            .and_then(|s| s.parse().ok()))
    }
}

/// The administration `evctl registry` does: each call is one request, its answer as the
/// registry gives it (scripts get the registry's own JSON with `-o json`).
impl Registry {
    /// Subjects, sorted; with `deleted`, soft-deleted ones too.
    pub fn subjects(&self, deleted: bool) -> Result<Vec<String>, RegistryError> {
        let q = if deleted { "?deleted=true" } else { "" };
        let v = self.get(&format!("/subjects{q}"))?;
        let mut out: Vec<String> = v
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        out.sort();
        Ok(out)
    }

    /// A subject's version numbers; with `deleted`, soft-deleted ones too.
    pub fn version_list(&self, subject: &str, deleted: bool) -> Result<Vec<i64>, RegistryError> {
        let q = if deleted { "?deleted=true" } else { "" };
        let v = self.get(&format!("/subjects/{}/versions{q}", enc(subject)))?;
        Ok(v.as_array()
            .map(|a| a.iter().filter_map(Value::as_i64).collect())
            .unwrap_or_default())
    }

    /// `GET /schemas/ids/{id}` or `GET /subjects/{s}/versions/{v}` as answered.
    pub fn schema_json(
        &self,
        id: Option<u32>,
        version: Option<(&str, &str)>,
    ) -> Result<Value, RegistryError> {
        match (id, version) {
            (Some(id), _) => self.get(&format!("/schemas/ids/{id}")),
            (None, Some((s, v))) => self.get(&format!("/subjects/{}/versions/{v}", enc(s))),
            (None, None) => self.get("/schemas/ids/0"),
        }
    }

    /// Deletes a subject (soft, or `permanent` after a soft delete); the versions it removed.
    pub fn delete_subject(
        &self,
        subject: &str,
        permanent: bool,
    ) -> Result<Vec<i64>, RegistryError> {
        let q = if permanent { "?permanent=true" } else { "" };
        let v = self.delete(&format!("/subjects/{}{q}", enc(subject)))?;
        Ok(v.as_array()
            .map(|a| a.iter().filter_map(Value::as_i64).collect())
            .unwrap_or_default())
    }

    /// Deletes one version (soft, or `permanent` after a soft delete).
    pub fn delete_version(
        &self,
        subject: &str,
        version: &str,
        permanent: bool,
    ) -> Result<Value, RegistryError> {
        let q = if permanent { "?permanent=true" } else { "" };
        self.delete(&format!("/subjects/{}/versions/{version}{q}", enc(subject)))
    }

    /// The ids of the schemas that reference this version.
    pub fn referenced_by(&self, subject: &str, version: &str) -> Result<Vec<i64>, RegistryError> {
        let v = self.get(&format!(
            "/subjects/{}/versions/{version}/referencedby",
            enc(subject)
        ))?;
        Ok(v.as_array()
            .map(|a| a.iter().filter_map(Value::as_i64).collect())
            .unwrap_or_default())
    }

    /// (subject, version) pairs an id is registered under.
    pub fn uses_of(&self, id: i64) -> Result<Vec<(String, i64)>, RegistryError> {
        let v = self.get(&format!("/schemas/ids/{id}/versions"))?;
        Ok(v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|u| {
                        Some((u["subject"].as_str()?.to_string(), u["version"].as_i64()?))
                    })
                    .collect()
            })
            .unwrap_or_default())
    }

    /// A setting (`config` or `mode`) of a subject or (None) the registry: the subject's own
    /// (None when it has none) or the global one.
    pub fn setting(
        &self,
        what: Setting,
        subject: Option<&str>,
    ) -> Result<Option<String>, RegistryError> {
        let path = match subject {
            Some(s) => format!("/{}/{}", setting_path(what), enc(s)),
            None => format!("/{}", setting_path(what)),
        };
        match self.get(&path) {
            Ok(v) => Ok(setting_value(what, &v)),
            Err(RegistryError::Api {
                code: 40401 | 40408 | 40409,
                ..
            }) if subject.is_some() => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Sets a subject's or (None) the registry's compatibility level or mode.
    pub fn set_setting(
        &self,
        what: Setting,
        subject: Option<&str>,
        value: &str,
    ) -> Result<String, RegistryError> {
        let path = match subject {
            Some(s) => format!("/{}/{}", setting_path(what), enc(s)),
            None => format!("/{}", setting_path(what)),
        };
        let body = match what {
            Setting::Compatibility => serde_json::json!({ "compatibility": value }),
            Setting::Mode => serde_json::json!({ "mode": value }),
        };
        let v = self.put(&path, &body)?;
        Ok(setting_value(what, &v).unwrap_or_else(|| value.to_string()))
    }
}

impl Registry {
    /// Each local import (dependencies first, as `load_file` lists them) under its import
    /// path, registered first with `register`, else looked up: the references they become.
    /// Err names the import that failed.
    pub fn import_references(
        &self,
        kind: SchemaKind,
        imports: &[(String, String)],
        register: bool,
    ) -> Result<Vec<Reference>, (String, RegistryError)> {
        let mut done: Vec<Reference> = Vec::new();
        for (name, text) in imports {
            let refs = references_of(kind, text, &done);
            if register {
                self.register_typed(name, kind, text, &refs)
                    .map_err(|e| (name.clone(), e))?;
            }
            let (_, version) = self
                .lookup_typed(name, kind, text, &refs)
                .map_err(|e| (name.clone(), e))?;
            done.push(Reference {
                name: name.clone(),
                subject: name.clone(),
                version,
            });
        }
        Ok(done)
    }
}

/// The references `text` is registered with: one per direct import, at the version found.
pub fn references_of(kind: SchemaKind, text: &str, known: &[Reference]) -> Vec<Reference> {
    super::schema::direct_imports(kind, text)
        .into_iter()
        .filter_map(|name| known.iter().find(|r| r.name == name).cloned())
        .collect()
}

/// Where a setting lives in the registry's API, and its value in an answer.
fn setting_path(what: Setting) -> &'static str {
    match what {
        Setting::Compatibility => "config",
        Setting::Mode => "mode",
    }
}

fn setting_value(what: Setting, v: &Value) -> Option<String> {
    let keys: &[&str] = match what {
        Setting::Compatibility => &["compatibilityLevel", "compatibility"],
        Setting::Mode => &["mode"],
    };
    keys.iter().find_map(|k| v[*k].as_str()).map(str::to_string)
}

/// Percent-encodes a path segment.
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A registry that answers every request with `body`.
    fn answering(body: &'static str) -> String {
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let url = format!("http://{}", server.server_addr().to_ip().unwrap());
        std::thread::spawn(move || {
            for req in server.incoming_requests().take(3) {
                let _ = req.respond(tiny_http::Response::from_string(body));
            }
        });
        url
    }

    #[test]
    fn an_answer_without_an_id_is_an_error_not_id_0() {
        let r = Registry::new(&answering(r#"{"version":1}"#), None, None);
        let e = r.register("s-value", r#""string""#).unwrap_err();
        assert!(e.to_string().contains("no schema id"), "{e}");
        let r = Registry::new(&answering(r#"{"id":99999999999}"#), None, None);
        assert!(r.lookup("s-value", r#""string""#).is_err());
        let r = Registry::new(&answering(r#"{"id":7}"#), None, None);
        assert_eq!(r.register("s-value", r#""string""#).unwrap(), 7);
    }
}
