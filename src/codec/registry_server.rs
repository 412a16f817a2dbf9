//! An in-memory Confluent Schema Registry: the REST API that evctl and the common clients use,
//! as a pure request → response function (the HTTP loop lives in `commands::dev`).
//!
//! Why pure: status codes, Confluent error codes (40401 subject not found, 40402 version not
//! found, 40403 schema not found, 409 incompatible, 42201 invalid schema, 42202 invalid version,
//! 42203 invalid compatibility level) and JSON shapes are the contract; they are unit-tested
//! here without sockets. Compatibility is decided by evctl's own checker.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::avro_schema::AvroSchema;
use super::check_history;
use crate::domain::compat::Mode;

struct Version {
    version: i64,
    id: i64,
}

#[derive(Default)]
struct Subject {
    versions: Vec<Version>,
    compatibility: Option<Mode>,
}

/// The registry's state.
pub struct RegistryState {
    /// id → (schema text as registered, parsed JSON for identity)
    schemas: Vec<(String, Value)>,
    subjects: BTreeMap<String, Subject>,
    global: Mode,
}

impl Default for RegistryState {
    fn default() -> Self {
        Self {
            schemas: Vec::new(),
            subjects: BTreeMap::new(),
            global: Mode::Backward,
        }
    }
}

/// (HTTP status, JSON body)
pub type Response = (u16, Value);

fn error(status: u16, code: i64, message: impl Into<String>) -> Response {
    (
        status,
        json!({ "error_code": code, "message": message.into() }),
    )
}

fn subject_not_found(s: &str) -> Response {
    error(404, 40401, format!("Subject '{s}' not found."))
}

fn decode_segment(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            // the two bytes after '%', as bytes: slicing the str could cut a character
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
            if let Some(x) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(x);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl RegistryState {
    fn schema_text(&self, id: i64) -> Option<&str> {
        usize::try_from(id - 1)
            .ok()
            .and_then(|i| self.schemas.get(i))
            .map(|(t, _)| t.as_str())
    }

    fn mode_of(&self, subject: &str) -> Mode {
        self.subjects
            .get(subject)
            .and_then(|s| s.compatibility)
            .unwrap_or(self.global)
    }

    /// Parses the `{"schema": "..."}` body; Err is the 422 response.
    fn body_schema(body: &[u8]) -> Result<(String, Value, AvroSchema), Response> {
        let v: Value = serde_json::from_slice(body)
            .map_err(|e| error(422, 42201, format!("Invalid request body: {e}")))?;
        if let Some(t) = v.get("schemaType").and_then(Value::as_str) {
            if t != "AVRO" {
                return Err(error(
                    422,
                    42201,
                    format!("Schema type {t} is not supported (AVRO only)"),
                ));
            }
        }
        let text = v
            .get("schema")
            .and_then(Value::as_str)
            .ok_or_else(|| error(422, 42201, "Request body needs a \"schema\" string"))?
            .to_string();
        let parsed: Value = serde_json::from_str(&text)
            .map_err(|e| error(422, 42201, format!("Invalid schema: {e}")))?;
        let schema = AvroSchema::parse_value(&parsed)
            .map_err(|e| error(422, 42201, format!("Invalid schema: {e}")))?;
        Ok((text, parsed, schema))
    }

    fn version_index(&self, subject: &str, v: &str) -> Result<usize, Response> {
        let s = self
            .subjects
            .get(subject)
            .filter(|s| !s.versions.is_empty())
            .ok_or_else(|| subject_not_found(subject))?;
        if v == "latest" || v == "-1" {
            return Ok(s.versions.len() - 1);
        }
        let n: i64 = v
            .parse()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| error(422, 42202, format!("The specified version '{v}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"")))?;
        s.versions
            .iter()
            .position(|x| x.version == n)
            .ok_or_else(|| error(404, 40402, format!("Version {n} not found.")))
    }

    fn version_json(&self, subject: &str, idx: usize) -> Value {
        let v = &self.subjects[subject].versions[idx];
        json!({
            "subject": subject,
            "version": v.version,
            "id": v.id,
            "schema": self.schema_text(v.id).unwrap_or_default(),
        })
    }

    fn history(&self, subject: &str) -> Vec<(String, AvroSchema)> {
        let Some(s) = self.subjects.get(subject) else {
            return Vec::new();
        };
        s.versions
            .iter()
            .filter_map(|v| {
                let text = self.schema_text(v.id)?;
                AvroSchema::parse_str(text)
                    .ok()
                    .map(|p| (format!("{subject} v{}", v.version), p))
            })
            .collect()
    }

    /// Handles one request. `path` excludes the query string; `query` is the raw query.
    pub fn handle(&mut self, method: &str, path: &str, query: &str, body: &[u8]) -> Response {
        let parts: Vec<String> = path
            .trim_matches('/')
            .split('/')
            .filter(|p| !p.is_empty())
            .map(decode_segment)
            .collect();
        let p: Vec<&str> = parts.iter().map(String::as_str).collect();
        match (method, p.as_slice()) {
            ("GET", []) => (200, json!({})),
            ("GET", ["subjects"]) => (
                200,
                json!(self
                    .subjects
                    .iter()
                    .filter(|(_, s)| !s.versions.is_empty())
                    .map(|(k, _)| k)
                    .collect::<Vec<_>>()),
            ),
            ("GET", ["subjects", s, "versions"]) => {
                match self.subjects.get(*s).filter(|x| !x.versions.is_empty()) {
                    Some(x) => (
                        200,
                        json!(x.versions.iter().map(|v| v.version).collect::<Vec<_>>()),
                    ),
                    None => subject_not_found(s),
                }
            }
            ("GET", ["subjects", s, "versions", v]) => match self.version_index(s, v) {
                Ok(i) => (200, self.version_json(s, i)),
                Err(e) => e,
            },
            ("GET", ["subjects", s, "versions", v, "schema"]) => match self.version_index(s, v) {
                Ok(i) => {
                    let id = self.subjects[*s].versions[i].id;
                    (
                        200,
                        serde_json::from_str(self.schema_text(id).unwrap_or("null"))
                            .unwrap_or(Value::Null),
                    )
                }
                Err(e) => e,
            },
            ("POST", ["subjects", s, "versions"]) => self.register(s, body),
            ("POST", ["subjects", s]) => {
                let (_, parsed, _) = match Self::body_schema(body) {
                    Ok(x) => x,
                    Err(e) => return e,
                };
                let Some(subject) = self.subjects.get(*s).filter(|x| !x.versions.is_empty()) else {
                    return subject_not_found(s);
                };
                match subject
                    .versions
                    .iter()
                    .position(|v| self.schemas[(v.id - 1) as usize].1 == parsed)
                {
                    Some(i) => (200, self.version_json(s, i)),
                    None => error(404, 40403, "Schema not found"),
                }
            }
            ("GET", ["schemas", "ids", id]) => match id
                .parse::<i64>()
                .ok()
                .and_then(|i| self.schema_text(i).map(str::to_string))
            {
                Some(t) => (200, json!({ "schema": t })),
                None => error(404, 40403, "Schema not found"),
            },
            ("GET", ["schemas", "ids", id, "versions"]) => {
                let Some(id) = id
                    .parse::<i64>()
                    .ok()
                    .filter(|i| self.schema_text(*i).is_some())
                else {
                    return error(404, 40403, "Schema not found");
                };
                let uses: Vec<Value> = self
                    .subjects
                    .iter()
                    .flat_map(|(name, s)| {
                        s.versions
                            .iter()
                            .filter(|v| v.id == id)
                            .map(move |v| json!({"subject": name, "version": v.version}))
                    })
                    .collect();
                (200, json!(uses))
            }
            ("POST", ["compatibility", "subjects", s, "versions", v]) => {
                let (_, _, schema) = match Self::body_schema(body) {
                    Ok(x) => x,
                    Err(e) => return e,
                };
                let hist = self.history(s);
                let idx = match self.version_index(s, v) {
                    Ok(i) => i,
                    Err(e) => return e,
                };
                let mode = self.mode_of(s);
                let against = if mode.transitive() {
                    hist[..=idx].to_vec()
                } else {
                    vec![hist[idx].clone()]
                };
                let findings = check_history(&schema, &against, mode);
                let mut out = json!({ "is_compatible": findings.is_empty() });
                if query.contains("verbose=true") {
                    out["messages"] = json!(findings
                        .iter()
                        .map(|f| format!(
                            "{:?} {}: {} ({})",
                            f.problem.kind, f.problem.pointer, f.problem.message, f.against
                        ))
                        .collect::<Vec<_>>());
                }
                (200, out)
            }
            ("GET", ["config"]) => (
                200,
                json!({ "compatibilityLevel": self.global.to_string() }),
            ),
            ("PUT", ["config"]) => match Self::level(body) {
                Ok(m) => {
                    self.global = m;
                    (200, json!({ "compatibility": m.to_string() }))
                }
                Err(e) => e,
            },
            ("GET", ["config", s]) => match self.subjects.get(*s).and_then(|x| x.compatibility) {
                Some(m) => (200, json!({ "compatibilityLevel": m.to_string() })),
                None if query.contains("defaultToGlobal=true") => (
                    200,
                    json!({ "compatibilityLevel": self.global.to_string() }),
                ),
                None => error(
                    404,
                    40408,
                    format!("Subject '{s}' does not have subject-level compatibility configured"),
                ),
            },
            ("PUT", ["config", s]) => match Self::level(body) {
                Ok(m) => {
                    self.subjects
                        .entry((*s).to_string())
                        .or_default()
                        .compatibility = Some(m);
                    (200, json!({ "compatibility": m.to_string() }))
                }
                Err(e) => e,
            },
            ("DELETE", ["subjects", s]) => {
                match self.subjects.remove(*s).filter(|x| !x.versions.is_empty()) {
                    Some(x) => (
                        200,
                        json!(x.versions.iter().map(|v| v.version).collect::<Vec<_>>()),
                    ),
                    None => subject_not_found(s),
                }
            }
            ("DELETE", ["subjects", s, "versions", v]) => match self.version_index(s, v) {
                Ok(i) => {
                    let removed = self
                        .subjects
                        .get_mut(*s)
                        .map(|x| x.versions.remove(i).version)
                        .unwrap_or_default();
                    (200, json!(removed))
                }
                Err(e) => e,
            },
            _ => error(404, 404, format!("HTTP 404 Not Found: {method} {path}")),
        }
    }

    fn level(body: &[u8]) -> Result<Mode, Response> {
        let v: Value = serde_json::from_slice(body)
            .map_err(|e| error(422, 42203, format!("Invalid compatibility level: {e}")))?;
        let s = v
            .get("compatibility")
            .or_else(|| v.get("compatibilityLevel"))
            .and_then(Value::as_str)
            .unwrap_or_default();
        s.parse::<Mode>().map_err(|_| error(422, 42203, format!("Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive (got '{s}')")))
    }

    fn register(&mut self, subject: &str, body: &[u8]) -> Response {
        let (text, parsed, schema) = match Self::body_schema(body) {
            Ok(x) => x,
            Err(e) => return e,
        };
        // already registered under this subject: same id, same version
        if let Some(s) = self.subjects.get(subject) {
            if let Some(v) = s
                .versions
                .iter()
                .find(|v| self.schemas[(v.id - 1) as usize].1 == parsed)
            {
                return (200, json!({ "id": v.id }));
            }
        }
        let mode = self.mode_of(subject);
        let findings = check_history(&schema, &self.history(subject), mode);
        if !findings.is_empty() {
            let first = &findings[0];
            return error(
                409,
                409,
                format!(
                    "Schema being registered is incompatible with an earlier schema for subject \"{subject}\" ({mode}): {} {}",
                    first.problem.pointer, first.problem.message
                ),
            );
        }
        let id = match self.schemas.iter().position(|(_, p)| *p == parsed) {
            Some(i) => i as i64 + 1,
            None => {
                self.schemas.push((text, parsed));
                self.schemas.len() as i64
            }
        };
        let s = self.subjects.entry(subject.to_string()).or_default();
        let version = s.versions.last().map_or(1, |v| v.version + 1);
        s.versions.push(Version { version, id });
        (200, json!({ "id": id }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(schema: &str) -> Vec<u8> {
        json!({ "schema": schema }).to_string().into_bytes()
    }

    const V1: &str = r#"{"type":"record","name":"O","fields":[{"name":"id","type":"string"}]}"#;
    const V2: &str = r#"{"type":"record","name":"O","fields":[{"name":"id","type":"string"},{"name":"n","type":"int","default":0}]}"#;
    const BAD: &str = r#"{"type":"record","name":"O","fields":[{"name":"id","type":"string"},{"name":"m","type":"int"}]}"#;

    #[test]
    fn register_look_up_and_version() {
        let mut r = RegistryState::default();
        assert_eq!(
            r.handle("POST", "/subjects/o-value/versions", "", &body(V1)),
            (200, json!({"id": 1}))
        );
        // same schema again: same id, no new version
        assert_eq!(
            r.handle("POST", "/subjects/o-value/versions", "", &body(V1))
                .1,
            json!({"id": 1})
        );
        assert_eq!(
            r.handle("POST", "/subjects/o-value/versions", "", &body(V2))
                .1,
            json!({"id": 2})
        );
        assert_eq!(
            r.handle("GET", "/subjects/o-value/versions", "", b"").1,
            json!([1, 2])
        );
        assert_eq!(
            r.handle("GET", "/subjects/o-value/versions/latest", "", b"")
                .1["id"],
            2
        );
        assert_eq!(
            r.handle("POST", "/subjects/o-value", "", &body(V1)).1["version"],
            1
        );
        assert_eq!(r.handle("GET", "/schemas/ids/2", "", b"").1["schema"], V2);
        assert_eq!(
            r.handle("GET", "/schemas/ids/2/versions", "", b"").1,
            json!([{"subject": "o-value", "version": 2}])
        );
        assert_eq!(r.handle("GET", "/subjects", "", b"").1, json!(["o-value"]));
        // the same schema under another subject reuses its id
        assert_eq!(
            r.handle("POST", "/subjects/p-value/versions", "", &body(V1))
                .1,
            json!({"id": 1})
        );
    }

    #[test]
    fn incompatible_and_error_codes() {
        let mut r = RegistryState::default();
        r.handle("POST", "/subjects/o-value/versions", "", &body(V1));
        let (status, b) = r.handle("POST", "/subjects/o-value/versions", "", &body(BAD));
        assert_eq!((status, b["error_code"].as_i64()), (409, Some(409)));
        let c = r
            .handle(
                "POST",
                "/compatibility/subjects/o-value/versions/latest",
                "verbose=true",
                &body(BAD),
            )
            .1;
        assert_eq!(c["is_compatible"], false);
        assert!(c["messages"][0].as_str().unwrap().contains("/fields/1"));
        assert_eq!(
            r.handle("GET", "/subjects/nope/versions", "", b"").1["error_code"],
            40401
        );
        assert_eq!(
            r.handle("GET", "/subjects/o-value/versions/9", "", b"").1["error_code"],
            40402
        );
        assert_eq!(
            r.handle("GET", "/subjects/o-value/versions/x", "", b"").1["error_code"],
            42202
        );
        assert_eq!(
            r.handle("GET", "/schemas/ids/99", "", b"").1["error_code"],
            40403
        );
        assert_eq!(
            r.handle(
                "POST",
                "/subjects/o-value/versions",
                "",
                &body("{\"type\":\"nope\"}")
            )
            .1["error_code"],
            42201
        );
        assert_eq!(
            r.handle("PUT", "/config", "", br#"{"compatibility":"SIDEWAYS"}"#)
                .1["error_code"],
            42203
        );
        // NONE lets anything through
        assert_eq!(
            r.handle("PUT", "/config/o-value", "", br#"{"compatibility":"NONE"}"#)
                .1,
            json!({"compatibility": "NONE"})
        );
        assert_eq!(
            r.handle("POST", "/subjects/o-value/versions", "", &body(BAD))
                .0,
            200
        );
        assert_eq!(
            r.handle("GET", "/config/o-value", "", b"").1,
            json!({"compatibilityLevel": "NONE"})
        );
        assert_eq!(
            r.handle("GET", "/config/other", "", b"").1["error_code"],
            40408
        );
        assert_eq!(
            r.handle("GET", "/config/other", "defaultToGlobal=true", b"")
                .1,
            json!({"compatibilityLevel": "BACKWARD"})
        );
        assert_eq!(
            r.handle("DELETE", "/subjects/o-value/versions/1", "", b"")
                .1,
            json!(1)
        );
        assert_eq!(
            r.handle("DELETE", "/subjects/o-value", "", b"").1,
            json!([2])
        );
        assert_eq!(
            r.handle("GET", "/subjects/o-value/versions", "", b"").1["error_code"],
            40401
        );
    }

    #[test]
    fn a_percent_before_a_multibyte_character_does_not_panic() {
        assert_eq!(decode_segment("a%é"), "a%é");
        assert_eq!(decode_segment("%"), "%");
        assert_eq!(decode_segment("x%4"), "x%4");
        assert_eq!(decode_segment("order%2Dcreated"), "order-created");
    }
}
