//! An in-memory Confluent Schema Registry: the REST API that evctl and the common clients use,
//! as a pure request → response function (the HTTP loop lives in `commands::dev`).
//!
//! Why pure: status codes, Confluent error codes (40401 subject not found, 40402 version not
//! found, 40403 schema not found, 409 incompatible, 42201 invalid schema, 42202 invalid version,
//! 42203 invalid compatibility level) and JSON shapes are the contract; they are unit-tested
//! here without sockets. All three schema types are stored (AVRO, PROTOBUF as `.proto` text or
//! a base64 descriptor, JSON) with their references, and compatibility is decided by evctl's
//! own checkers, the same ones `schema check` runs. `/associations/…` answers 404, so the
//! Python client (2.16) falls back to the topic naming strategy.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::check_history;
use super::registry::{Reference, SchemaKind};
use super::schema::Schema;
use super::wire::SchemaRef;
use crate::domain::compat::{JsonPolicy, Mode};

struct Version {
    version: i64,
    id: i64,
}

#[derive(Default)]
struct Subject {
    versions: Vec<Version>,
    /// Soft-deleted versions: hidden unless `?deleted=true`, gone with `?permanent=true`.
    deleted: Vec<Version>,
    compatibility: Option<Mode>,
    policy: Option<JsonPolicy>,
    mode: Option<String>,
}

impl Subject {
    /// The next version number: after every version it ever had that is still kept.
    fn next_version(&self) -> i64 {
        self.versions
            .iter()
            .chain(&self.deleted)
            .map(|v| v.version)
            .max()
            .unwrap_or(0)
            + 1
    }
}

/// The registry modes Confluent's has.
const MODES: [&str; 4] = ["READWRITE", "READONLY", "READONLY_OVERRIDE", "IMPORT"];

/// One registered schema, as registered.
#[derive(Clone, PartialEq)]
struct Stored {
    kind: SchemaKind,
    text: String,
    references: Vec<Reference>,
    /// What two registrations of the same schema share: the parsed JSON (Avro, JSON Schema)
    /// or the trimmed text (Protobuf).
    identity: Value,
}

/// The registry's state.
pub struct RegistryState {
    /// id − 1 → the schema
    schemas: Vec<Stored>,
    subjects: BTreeMap<String, Subject>,
    global: Mode,
    global_mode: String,
}

impl Default for RegistryState {
    fn default() -> Self {
        Self {
            schemas: Vec::new(),
            subjects: BTreeMap::new(),
            global: Mode::Backward,
            global_mode: "READWRITE".into(),
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

fn invalid(message: impl Into<String>) -> Response {
    error(422, 42201, message)
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

/// A registration or lookup body: the schema, its type and references, parsed.
struct Body {
    stored: Stored,
    schema: Schema,
}

fn kind_of(v: &Value) -> Result<SchemaKind, Response> {
    match v
        .get("schemaType")
        .and_then(Value::as_str)
        .unwrap_or("AVRO")
    {
        "AVRO" => Ok(SchemaKind::Avro),
        "PROTOBUF" => Ok(SchemaKind::Protobuf),
        "JSON" => Ok(SchemaKind::Json),
        other => Err(invalid(format!(
            "Invalid schema type {other}; use AVRO, PROTOBUF or JSON"
        ))),
    }
}

fn references_of(v: &Value) -> Result<Vec<Reference>, Response> {
    let Some(refs) = v.get("references") else {
        return Ok(Vec::new());
    };
    let refs = refs
        .as_array()
        .ok_or_else(|| invalid("\"references\" must be an array"))?;
    refs.iter()
        .map(|r| {
            let name = r["name"].as_str();
            let subject = r["subject"].as_str();
            match (name, subject) {
                (Some(n), Some(s)) => Ok(Reference {
                    name: n.to_string(),
                    subject: s.to_string(),
                    version: r["version"].as_i64().unwrap_or(-1),
                }),
                _ => Err(invalid(format!(
                    "a reference needs a name and a subject: {r}"
                ))),
            }
        })
        .collect()
}

fn identity(kind: SchemaKind, text: &str) -> Result<Value, String> {
    match kind {
        SchemaKind::Protobuf => Ok(Value::String(text.trim().to_string())),
        SchemaKind::Avro | SchemaKind::Json => {
            serde_json::from_str(text).map_err(|e| e.to_string())
        }
    }
}

impl Stored {
    /// The schema's GUID, the header framing's name for it: derived from what makes two
    /// registrations the same schema, so it is the same in every subject and every run.
    fn guid(&self) -> String {
        use sha2::Digest;
        let mut h = sha2::Sha256::new();
        h.update(self.kind.registry_name());
        h.update([0]);
        h.update(self.identity.to_string());
        for r in &self.references {
            h.update([0]);
            h.update(format!("{}\0{}\0{}", r.name, r.subject, r.version));
        }
        let mut g: [u8; 16] = h.finalize()[..16].try_into().unwrap_or_default();
        // an RFC 9562 version 8 (custom) UUID
        g[6] = (g[6] & 0x0f) | 0x80;
        g[8] = (g[8] & 0x3f) | 0x80;
        SchemaRef::guid_text(&g)
    }
}

fn reference_json(refs: &[Reference]) -> Value {
    json!(refs
        .iter()
        .map(|r| json!({"name": r.name, "subject": r.subject, "version": r.version}))
        .collect::<Vec<_>>())
}

impl RegistryState {
    fn stored(&self, id: i64) -> Option<&Stored> {
        usize::try_from(id - 1)
            .ok()
            .and_then(|i| self.schemas.get(i))
    }

    fn mode_of(&self, subject: &str) -> Mode {
        self.subjects
            .get(subject)
            .and_then(|s| s.compatibility)
            .unwrap_or(self.global)
    }

    fn policy_of(&self, subject: &str) -> JsonPolicy {
        self.subjects
            .get(subject)
            .and_then(|s| s.policy)
            .unwrap_or_default()
    }

    /// Every schema `refs` reach, dependencies first, by reference name.
    fn referenced(&self, refs: &[Reference]) -> Result<Vec<(String, String)>, String> {
        let mut out: Vec<(String, String)> = Vec::new();
        self.collect_refs(refs, &mut out, 0)?;
        Ok(out)
    }

    fn collect_refs(
        &self,
        refs: &[Reference],
        out: &mut Vec<(String, String)>,
        depth: usize,
    ) -> Result<(), String> {
        if depth > 64 {
            return Err("references nest more than 64 deep".into());
        }
        for r in refs {
            if out.iter().any(|(n, _)| *n == r.name) {
                continue;
            }
            let stored = self
                .subjects
                .get(&r.subject)
                .and_then(|s| {
                    if r.version < 0 {
                        s.versions.last()
                    } else {
                        s.versions
                            .iter()
                            .chain(&s.deleted)
                            .find(|v| v.version == r.version)
                    }
                })
                .and_then(|v| self.stored(v.id))
                .ok_or_else(|| {
                    format!(
                        "reference {} names {} version {}, which is not registered",
                        r.name, r.subject, r.version
                    )
                })?;
            self.collect_refs(&stored.references, out, depth + 1)?;
            out.push((r.name.clone(), stored.text.clone()));
        }
        Ok(())
    }

    fn compile(&self, stored: &Stored, name: &str) -> Result<Schema, String> {
        let referenced = self.referenced(&stored.references)?;
        Schema::parse(stored.kind, name, &stored.text, referenced)
    }

    /// Parses a `{"schema", "schemaType", "references"}` body; Err is the 422 response.
    fn body(&self, body: &[u8]) -> Result<Body, Response> {
        let v: Value = serde_json::from_slice(body)
            .map_err(|e| invalid(format!("Invalid request body: {e}")))?;
        let kind = kind_of(&v)?;
        let text = v
            .get("schema")
            .and_then(Value::as_str)
            .ok_or_else(|| invalid("Request body needs a \"schema\" string"))?
            .to_string();
        let references = references_of(&v)?;
        let identity =
            identity(kind, &text).map_err(|e| invalid(format!("Invalid schema: {e}")))?;
        let stored = Stored {
            kind,
            text,
            references,
            identity,
        };
        let schema = self
            .compile(&stored, "new-schema")
            .map_err(|e| invalid(format!("Invalid schema: {e}")))?;
        Ok(Body { stored, schema })
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

    /// A schema as `GET /schemas/ids/{id}` and the version endpoints show it: `schemaType`
    /// and `references` only when not the defaults; Protobuf as base64 with
    /// `format=serialized`.
    fn schema_fields(&self, id: i64, query: &str, out: &mut Value) {
        let Some(stored) = self.stored(id) else {
            return;
        };
        out["schema"] = json!(stored.text);
        out["guid"] = json!(stored.guid());
        if stored.kind != SchemaKind::Avro {
            out["schemaType"] = json!(stored.kind.registry_name());
        }
        if !stored.references.is_empty() {
            out["references"] = reference_json(&stored.references);
        }
        if stored.kind == SchemaKind::Protobuf && query_has(query, "format", "serialized") {
            if let Ok(Schema::Protobuf(p)) = self.compile(stored, "served.proto") {
                out["schema"] = json!(p.serialized());
            }
        }
    }

    fn version_json(&self, subject: &str, idx: usize, query: &str) -> Value {
        let v = &self.subjects[subject].versions[idx];
        let mut out = json!({
            "subject": subject,
            "version": v.version,
            "id": v.id,
        });
        self.schema_fields(v.id, query, &mut out);
        out
    }

    /// The subject's versions, compiled, oldest first, for the checkers.
    fn history(&self, subject: &str) -> Vec<(String, Schema)> {
        let Some(s) = self.subjects.get(subject) else {
            return Vec::new();
        };
        s.versions
            .iter()
            .filter_map(|v| {
                let stored = self.stored(v.id)?;
                let label = format!("{subject} v{}", v.version);
                self.compile(stored, &label).ok().map(|p| (label, p))
            })
            .collect()
    }

    fn find_in(&self, subject: &str, identity: &Stored) -> Option<usize> {
        self.subjects.get(subject)?.versions.iter().position(|v| {
            self.stored(v.id).is_some_and(|s| {
                s.kind == identity.kind
                    && s.identity == identity.identity
                    && s.references == identity.references
            })
        })
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
            ("GET", ["schemas", "types"]) => (200, json!(["JSON", "PROTOBUF", "AVRO"])),
            ("GET", ["subjects"]) => {
                let deleted = query_has(query, "deleted", "true");
                (
                    200,
                    json!(self
                        .subjects
                        .iter()
                        .filter(|(_, s)| {
                            !s.versions.is_empty() || (deleted && !s.deleted.is_empty())
                        })
                        .map(|(k, _)| k)
                        .collect::<Vec<_>>()),
                )
            }
            ("GET", ["subjects", s, "versions"]) => {
                let deleted = query_has(query, "deleted", "true");
                match self
                    .subjects
                    .get(*s)
                    .filter(|x| !x.versions.is_empty() || (deleted && !x.deleted.is_empty()))
                {
                    Some(x) => {
                        let mut all: Vec<i64> = x.versions.iter().map(|v| v.version).collect();
                        if deleted {
                            all.extend(x.deleted.iter().map(|v| v.version));
                            all.sort_unstable();
                        }
                        (200, json!(all))
                    }
                    None => subject_not_found(s),
                }
            }
            ("GET", ["subjects", s, "versions", v]) => match self.version_index(s, v) {
                Ok(i) => (200, self.version_json(s, i, query)),
                Err(e) => e,
            },
            ("GET", ["subjects", s, "versions", v, "schema"]) => match self.version_index(s, v) {
                Ok(i) => {
                    let id = self.subjects[*s].versions[i].id;
                    (200, self.raw_schema(id))
                }
                Err(e) => e,
            },
            ("GET", ["subjects", s, "versions", v, "referencedby"]) => {
                match self.version_index(s, v) {
                    Ok(i) => {
                        let version = self.subjects[*s].versions[i].version;
                        (200, json!(self.referenced_by(s, version)))
                    }
                    Err(e) => e,
                }
            }
            ("POST", ["subjects", s, "versions"]) => self.register(s, body),
            ("POST", ["subjects", s]) => {
                let b = match self.body(body) {
                    Ok(x) => x,
                    Err(e) => return e,
                };
                if self.subjects.get(*s).is_none_or(|x| x.versions.is_empty()) {
                    return subject_not_found(s);
                }
                match self.find_in(s, &b.stored) {
                    Some(i) => (200, self.version_json(s, i, query)),
                    None => error(404, 40403, "Schema not found"),
                }
            }
            ("GET", ["schemas", "ids", id]) => {
                match id.parse::<i64>().ok().filter(|i| self.stored(*i).is_some()) {
                    Some(i) => {
                        let mut out = json!({});
                        self.schema_fields(i, query, &mut out);
                        (200, out)
                    }
                    None => error(404, 40403, "Schema not found"),
                }
            }
            ("GET", ["schemas", "guids", guid]) => match self.by_guid(guid) {
                Some(i) => {
                    let mut out = json!({ "id": i });
                    self.schema_fields(i, query, &mut out);
                    (200, out)
                }
                None => error(404, 40403, "Schema not found"),
            },
            ("GET", ["schemas", "ids", id, "schema"]) => {
                match id.parse::<i64>().ok().filter(|i| self.stored(*i).is_some()) {
                    Some(i) => (200, self.raw_schema(i)),
                    None => error(404, 40403, "Schema not found"),
                }
            }
            ("GET", ["schemas", "ids", id, "versions"]) => {
                let Some(id) = id.parse::<i64>().ok().filter(|i| self.stored(*i).is_some()) else {
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
                self.compatibility(s, v, query, body)
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
            ("PUT", ["config", s]) => self.set_subject_config(s, body),
            ("DELETE", ["subjects", s]) => self.delete_subject(s, query),
            ("DELETE", ["subjects", s, "versions", v]) => self.delete_version(s, v, query),
            ("GET", ["mode"]) => (200, json!({ "mode": self.global_mode })),
            ("PUT", ["mode"]) => match mode_in(body) {
                Ok(m) => {
                    self.global_mode = m.clone();
                    (200, json!({ "mode": m }))
                }
                Err(e) => e,
            },
            ("GET", ["mode", s]) => match self.subjects.get(*s).and_then(|x| x.mode.clone()) {
                Some(m) => (200, json!({ "mode": m })),
                None if query_has(query, "defaultToGlobal", "true") => {
                    (200, json!({ "mode": self.global_mode }))
                }
                None => error(
                    404,
                    40409,
                    format!("Subject '{s}' does not have subject-level mode configured"),
                ),
            },
            ("PUT", ["mode", s]) => match mode_in(body) {
                Ok(m) => {
                    self.subjects.entry(s.to_string()).or_default().mode = Some(m.clone());
                    (200, json!({ "mode": m }))
                }
                Err(e) => e,
            },
            ("DELETE", ["config", s]) => match self
                .subjects
                .get_mut(*s)
                .and_then(|x| x.compatibility.take())
            {
                Some(m) => (200, json!({ "compatibilityLevel": m.to_string() })),
                None => subject_not_found(s),
            },
            _ => error(404, 404, format!("HTTP 404 Not Found: {method} {path}")),
        }
    }

    /// `DELETE /subjects/{s}`: soft (the versions are hidden, their numbers kept), or with
    /// `permanent=true` after a soft delete, for good. A version another schema references
    /// cannot go.
    fn delete_subject(&mut self, s: &str, query: &str) -> Response {
        let permanent = query_has(query, "permanent", "true");
        let Some(x) = self.subjects.get(s) else {
            return subject_not_found(s);
        };
        if permanent && !x.versions.is_empty() {
            return error(
                404,
                40405,
                format!("Subject '{s}' was not deleted first before being permanently deleted"),
            );
        }
        let going: Vec<i64> = if permanent { &x.deleted } else { &x.versions }
            .iter()
            .map(|v| v.version)
            .collect();
        if going.is_empty() {
            return subject_not_found(s);
        }
        if let Some(v) = going
            .iter()
            .find(|v| !self.referenced_by(s, **v).is_empty())
        {
            return error(
                422,
                42206,
                format!("One or more references exist to the schema {{subject={s},version={v}}}"),
            );
        }
        let x = self.subjects.get_mut(s).expect("looked up above");
        if permanent {
            x.deleted.clear();
            if x.versions.is_empty() {
                self.subjects.remove(s);
            }
        } else {
            let gone = std::mem::take(&mut x.versions);
            x.deleted.extend(gone);
        }
        (200, json!(going))
    }

    /// `DELETE /subjects/{s}/versions/{v}`: soft, or permanent after a soft delete.
    fn delete_version(&mut self, s: &str, v: &str, query: &str) -> Response {
        let permanent = query_has(query, "permanent", "true");
        if !permanent {
            let i = match self.version_index(s, v) {
                Ok(i) => i,
                Err(e) => return e,
            };
            let version = self.subjects[s].versions[i].version;
            if !self.referenced_by(s, version).is_empty() {
                return error(422, 42206, format!("One or more references exist to the schema {{subject={s},version={version}}}"));
            }
            let x = self.subjects.get_mut(s).expect("looked up above");
            let gone = x.versions.remove(i);
            x.deleted.push(gone);
            return (200, json!(version));
        }
        let Some(x) = self.subjects.get_mut(s) else {
            return subject_not_found(s);
        };
        let n: i64 = v.parse().unwrap_or(-1);
        match x.deleted.iter().position(|d| d.version == n) {
            Some(i) => {
                x.deleted.remove(i);
                (200, json!(n))
            }
            None if x.versions.iter().any(|d| d.version == n) => error(
                404,
                40407,
                format!("Subject '{s}' Version {n} was not deleted first before being permanently deleted"),
            ),
            None => error(404, 40402, format!("Version {v} not found.")),
        }
    }

    /// The id of the schema with this GUID.
    fn by_guid(&self, guid: &str) -> Option<i64> {
        let guid = guid.to_ascii_lowercase();
        let i = self.schemas.iter().position(|s| s.guid() == guid)?;
        Some(i as i64 + 1)
    }

    /// A schema by itself: Avro and JSON Schema as JSON, Protobuf as its text.
    fn raw_schema(&self, id: i64) -> Value {
        match self.stored(id) {
            Some(s) if s.kind == SchemaKind::Protobuf => Value::String(s.text.clone()),
            Some(s) => serde_json::from_str(&s.text).unwrap_or(Value::Null),
            None => Value::Null,
        }
    }

    /// The ids of schemas whose references name `subject` at `version`.
    fn referenced_by(&self, subject: &str, version: i64) -> Vec<i64> {
        (1..=self.schemas.len() as i64)
            .filter(|id| {
                self.stored(*id).is_some_and(|s| {
                    s.references
                        .iter()
                        .any(|r| r.subject == subject && r.version == version)
                })
            })
            .collect()
    }

    fn compatibility(&self, s: &str, v: &str, query: &str, body: &[u8]) -> Response {
        let b = match self.body(body) {
            Ok(x) => x,
            Err(e) => return e,
        };
        let idx = match self.version_index(s, v) {
            Ok(i) => i,
            Err(e) => return e,
        };
        let hist = self.history(s);
        let mode = self.mode_of(s);
        let against = if mode.transitive() {
            hist[..=idx.min(hist.len().saturating_sub(1))].to_vec()
        } else {
            hist.get(idx).cloned().into_iter().collect()
        };
        let findings = check_history(&b.schema, &against, mode, self.policy_of(s));
        let mut out = json!({ "is_compatible": findings.is_empty() });
        if query.contains("verbose=true") {
            out["messages"] = json!(findings
                .iter()
                .map(|f| format!(
                    "{} {}: {} ({})",
                    f.problem.kind, f.problem.pointer, f.problem.message, f.against
                ))
                .collect::<Vec<_>>());
        }
        (200, out)
    }

    fn set_subject_config(&mut self, s: &str, body: &[u8]) -> Response {
        let policy = serde_json::from_slice::<Value>(body).ok().and_then(|v| {
            v.get("compatibilityPolicy")
                .and_then(Value::as_str)
                .map(str::to_string)
        });
        let policy = match policy.map(|p| p.parse::<JsonPolicy>()) {
            Some(Err(e)) => return error(422, 42203, e),
            Some(Ok(p)) => Some(p),
            None => None,
        };
        match Self::level(body) {
            Ok(m) => {
                let entry = self.subjects.entry(s.to_string()).or_default();
                entry.compatibility = Some(m);
                if policy.is_some() {
                    entry.policy = policy;
                }
                (200, json!({ "compatibility": m.to_string() }))
            }
            Err(e) => e,
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
        let b = match self.body(body) {
            Ok(x) => x,
            Err(e) => return e,
        };
        let mode = self
            .subjects
            .get(subject)
            .and_then(|x| x.mode.clone())
            .unwrap_or_else(|| self.global_mode.clone());
        if mode.starts_with("READONLY") {
            return error(
                422,
                42205,
                format!("Subject {subject} is in read-only mode"),
            );
        }
        // already registered under this subject: same id, same version
        if let Some(i) = self.find_in(subject, &b.stored) {
            let id = self.subjects[subject].versions[i].id;
            return (200, json!({ "id": id, "guid": b.stored.guid() }));
        }
        let mode = self.mode_of(subject);
        let findings = check_history(
            &b.schema,
            &self.history(subject),
            mode,
            self.policy_of(subject),
        );
        if let Some(first) = findings.first() {
            return error(
                409,
                409,
                format!(
                    "Schema being registered is incompatible with an earlier schema for subject \"{subject}\" ({mode}): {} {} {}",
                    first.problem.kind, first.problem.pointer, first.problem.message
                ),
            );
        }
        let guid = b.stored.guid();
        let id = match self.schemas.iter().position(|s| {
            s.kind == b.stored.kind
                && s.identity == b.stored.identity
                && s.references == b.stored.references
        }) {
            Some(i) => i as i64 + 1,
            None => {
                self.schemas.push(b.stored);
                self.schemas.len() as i64
            }
        };
        let s = self.subjects.entry(subject.to_string()).or_default();
        let version = s.next_version();
        s.versions.push(Version { version, id });
        (200, json!({ "id": id, "guid": guid }))
    }
}

/// The mode a `PUT /mode` body sets; Err is the 422 answer.
fn mode_in(body: &[u8]) -> Result<String, Response> {
    let v: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let m = v["mode"].as_str().unwrap_or_default().to_ascii_uppercase();
    if MODES.contains(&m.as_str()) {
        Ok(m)
    } else {
        Err(error(
            422,
            42204,
            format!("Invalid mode '{m}'; valid modes are READWRITE, READONLY, READONLY_OVERRIDE and IMPORT"),
        ))
    }
}

/// Whether the query string holds `key=value`.
fn query_has(query: &str, key: &str, value: &str) -> bool {
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .any(|(k, v)| k == key && v == value)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A registration's answer without its GUID (checked on its own).
    fn id_only(r: Response) -> (u16, Value) {
        (r.0, r.1["id"].clone())
    }

    fn body(schema: &str) -> Vec<u8> {
        json!({ "schema": schema }).to_string().into_bytes()
    }

    const V1: &str = r#"{"type":"record","name":"O","fields":[{"name":"id","type":"string"}]}"#;
    const V2: &str = r#"{"type":"record","name":"O","fields":[{"name":"id","type":"string"},{"name":"n","type":"int","default":0}]}"#;
    const BAD: &str = r#"{"type":"record","name":"O","fields":[{"name":"id","type":"string"},{"name":"m","type":"int"}]}"#;

    #[test]
    fn a_schema_has_one_guid_in_every_subject_and_is_served_by_it() {
        let mut r = RegistryState::default();
        let first = r
            .handle("POST", "/subjects/o-value/versions", "", &body(V1))
            .1;
        let guid = first["guid"].as_str().unwrap().to_string();
        assert!(crate::codec::wire::parse_guid(&guid).is_some(), "{guid}");
        let again = r
            .handle("POST", "/subjects/p-value/versions", "", &body(V1))
            .1;
        assert_eq!(again["guid"], guid.as_str());
        let other = r
            .handle("POST", "/subjects/o-value/versions", "", &body(V2))
            .1;
        assert_ne!(other["guid"], guid.as_str());
        let got = r.handle("GET", &format!("/schemas/guids/{guid}"), "", b"");
        assert_eq!(got.0, 200);
        assert_eq!(got.1["id"], 1);
        assert_eq!(got.1["schema"], V1);
        let version = r.handle("GET", "/subjects/o-value/versions/1", "", b"").1;
        assert_eq!(version["guid"], guid.as_str());
        let missing = "00000000-0000-8000-8000-000000000000";
        let none = r.handle("GET", &format!("/schemas/guids/{missing}"), "", b"");
        assert_eq!(none.0, 404);
    }

    #[test]
    fn register_look_up_and_version() {
        let mut r = RegistryState::default();
        assert_eq!(
            id_only(r.handle("POST", "/subjects/o-value/versions", "", &body(V1))),
            (200, json!(1))
        );
        // same schema again: same id, no new version
        assert_eq!(
            r.handle("POST", "/subjects/o-value/versions", "", &body(V1))
                .1["id"],
            1
        );
        assert_eq!(
            r.handle("POST", "/subjects/o-value/versions", "", &body(V2))
                .1["id"],
            2
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
                .1["id"],
            1
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

    fn typed(kind: &str, schema: &str, refs: Value) -> Vec<u8> {
        json!({ "schemaType": kind, "schema": schema, "references": refs })
            .to_string()
            .into_bytes()
    }

    const MONEY: &str = "syntax = \"proto3\"; package common; message Money { int64 cents = 1; }";
    const ORDER: &str = "syntax = \"proto3\"; package shop; import \"common/money.proto\"; import \"google/protobuf/timestamp.proto\"; message Order { string id = 1; common.Money total = 2; google.protobuf.Timestamp at = 3; }";

    #[test]
    fn protobuf_with_a_reference_is_stored_served_and_checked() {
        let mut r = RegistryState::default();
        assert_eq!(
            id_only(r.handle(
                "POST",
                "/subjects/common%2Fmoney.proto/versions",
                "",
                &typed("PROTOBUF", MONEY, json!([]))
            )),
            (200, json!(1))
        );
        let refs =
            json!([{"name": "common/money.proto", "subject": "common/money.proto", "version": 1}]);
        assert_eq!(
            id_only(r.handle(
                "POST",
                "/subjects/orders-value/versions",
                "",
                &typed("PROTOBUF", ORDER, refs.clone())
            )),
            (200, json!(2))
        );
        let got = r.handle("GET", "/schemas/ids/2", "", b"").1;
        assert_eq!(got["schemaType"], "PROTOBUF");
        assert_eq!(got["references"], refs);
        assert_eq!(got["schema"], ORDER);
        // the serialized form is a descriptor that compiles to the same schema
        let b64 = r
            .handle("GET", "/schemas/ids/2", "format=serialized", b"")
            .1["schema"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(!b64.contains(' '), "{b64}");
        assert_eq!(
            r.handle(
                "POST",
                "/subjects/orders-value",
                "",
                &typed("PROTOBUF", ORDER, refs.clone())
            )
            .1["version"],
            1
        );
        // a field's type changed: refused with the change type
        let bad = ORDER.replace("string id = 1", "int64 id = 1");
        let (status, body) = r.handle(
            "POST",
            "/subjects/orders-value/versions",
            "",
            &typed("PROTOBUF", &bad, refs.clone()),
        );
        assert_eq!(status, 409, "{body}");
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .contains("FIELD_SCALAR_KIND_CHANGED #/Order/1"),
            "{body}"
        );
        // an unknown reference is a 422 naming it
        let missing = json!([{"name": "x.proto", "subject": "nope", "version": 1}]);
        let (status, body) = r.handle(
            "POST",
            "/subjects/o2-value/versions",
            "",
            &typed("PROTOBUF", ORDER, missing),
        );
        assert_eq!(status, 422);
        assert!(body["message"].as_str().unwrap().contains("nope"), "{body}");
        assert_eq!(
            r.handle(
                "GET",
                "/subjects/common%2Fmoney.proto/versions/1/referencedby",
                "",
                b""
            )
            .1,
            json!([2])
        );
        assert_eq!(
            r.handle("GET", "/associations/resources/orders", "", b"").0,
            404
        );
        assert_eq!(
            r.handle("GET", "/schemas/types", "", b"").1,
            json!(["JSON", "PROTOBUF", "AVRO"])
        );
    }

    #[test]
    fn a_base64_descriptor_registers_like_its_text() {
        let mut r = RegistryState::default();
        let text = "syntax = \"proto3\"; package shop; message Order { string id = 1; }";
        r.handle(
            "POST",
            "/subjects/o-value/versions",
            "",
            &typed("PROTOBUF", text, json!([])),
        );
        let b64 = r
            .handle("GET", "/schemas/ids/1", "format=serialized", b"")
            .1["schema"]
            .as_str()
            .unwrap()
            .to_string();
        // the Python client registers the descriptor: a new id for new text, but compatible
        let (status, _) = r.handle(
            "POST",
            "/subjects/o-value/versions",
            "",
            &typed("PROTOBUF", &b64, json!([])),
        );
        assert_eq!(status, 200);
    }

    #[test]
    fn json_schema_is_checked_under_the_subjects_policy() {
        let mut r = RegistryState::default();
        let v1 = r#"{"type":"object","properties":{"id":{"type":"string"}}}"#;
        let v2 =
            r#"{"type":"object","properties":{"id":{"type":"string"},"note":{"type":"string"}}}"#;
        assert_eq!(
            r.handle(
                "POST",
                "/subjects/j-value/versions",
                "",
                &typed("JSON", v1, json!([]))
            )
            .0,
            200
        );
        let (status, first) = r.handle(
            "POST",
            "/subjects/j-value/versions",
            "",
            &typed("JSON", v2, json!([])),
        );
        assert_eq!(status, 409, "{first}");
        assert!(
            first["message"]
                .as_str()
                .unwrap()
                .contains("OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"),
            "{first}"
        );
        r.handle(
            "PUT",
            "/config/j-value",
            "",
            br#"{"compatibility":"BACKWARD","compatibilityPolicy":"lenient"}"#,
        );
        assert_eq!(
            r.handle(
                "POST",
                "/subjects/j-value/versions",
                "",
                &typed("JSON", v2, json!([]))
            )
            .0,
            200
        );
        let got = r
            .handle("GET", "/subjects/j-value/versions/latest", "", b"")
            .1;
        assert_eq!(
            (got["schemaType"].as_str(), got["version"].as_i64()),
            (Some("JSON"), Some(2))
        );
        // another format under the same subject is incompatible
        let avro = r#"{"type":"record","name":"O","fields":[]}"#;
        let (status, answer) = r.handle("POST", "/subjects/j-value/versions", "", &body(avro));
        assert_eq!(status, 409, "{answer}");
        assert!(
            answer["message"]
                .as_str()
                .unwrap()
                .contains("SCHEMA_TYPE_CHANGED"),
            "{answer}"
        );
    }
}
