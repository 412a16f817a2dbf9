//! JSON Schema values: a schema document compiled once (the jsonschema crate, drafts 4 to
//! 2020-12, draft-07 when `$schema` is absent as Confluent's clients assume), with the
//! documents its `$ref`s name held in memory: a registry's references or the files beside it.
//!
//! Why in memory and never fetched: SCHEMA-FORMATS §2 says clients never fetch a remote `$ref`
//! unless asked, and a tool that reads production topics must not reach out to URLs named in
//! a schema. A `$ref` to a document that is not given is a compile error naming it.

use std::sync::Arc;

use jsonschema::{Draft, Retrieve, Uri, Validator};
use serde_json::Value;

/// Why a JSON Schema document could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JsonSchemaError {
    #[error("{name}: not JSON: {reason}")]
    NotJson { name: String, reason: String },
    #[error("{name}: invalid JSON Schema: {reason}")]
    Invalid { name: String, reason: String },
}

/// Why a value does not match its schema: the first failing keyword and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{keyword} at {}: {message}", if instance_path.is_empty() { "/" } else { instance_path })]
pub struct Invalid {
    /// The failing keyword (`required`, `type`, `minimum`).
    pub keyword: String,
    /// A JSON pointer into the value (`/items/0/qty`); empty for the root.
    pub instance_path: String,
    pub message: String,
}

/// A compiled JSON Schema and the documents it was compiled from.
#[derive(Clone)]
pub struct JsonSchema {
    name: String,
    doc: Arc<Value>,
    /// The referenced documents by the name their `$ref` uses.
    refs: Arc<Vec<(String, Value)>>,
    validator: Arc<Validator>,
}

impl std::fmt::Debug for JsonSchema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsonSchema")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// Hands the validator the referenced documents, by the URI a `$ref` resolves to.
struct InMemory(Arc<Vec<(String, Value)>>);

impl Retrieve for InMemory {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let wanted = uri.as_str();
        let path = uri.path().as_str().trim_start_matches('/');
        self.0
            .iter()
            .find(|(name, _)| {
                name == wanted
                    || name.trim_start_matches("./") == path
                    || path.ends_with(&format!("/{}", name.trim_start_matches("./")))
            })
            .map(|(_, doc)| doc.clone())
            .ok_or_else(|| format!("{wanted} is not a reference given to this schema").into())
    }
}

fn parse(name: &str, text: &str) -> Result<Value, JsonSchemaError> {
    serde_json::from_str(text).map_err(|e| JsonSchemaError::NotJson {
        name: name.to_string(),
        reason: e.to_string(),
    })
}

impl JsonSchema {
    /// Compiles the document `text` (named `name` in messages); `refs` holds the documents its
    /// `$ref`s name, by that name.
    pub fn compile(
        name: &str,
        text: &str,
        refs: Vec<(String, String)>,
    ) -> Result<Self, JsonSchemaError> {
        let doc = parse(name, text)?;
        let refs: Vec<(String, Value)> = refs
            .into_iter()
            .map(|(n, t)| parse(&n, &t).map(|v| (n, v)))
            .collect::<Result<_, _>>()?;
        Self::from_value(name, doc, refs)
    }

    /// As [`JsonSchema::compile`], from parsed documents.
    pub fn from_value(
        name: &str,
        doc: Value,
        refs: Vec<(String, Value)>,
    ) -> Result<Self, JsonSchemaError> {
        let refs = Arc::new(refs);
        let mut options = jsonschema::options().with_retriever(InMemory(refs.clone()));
        if doc.get("$schema").is_none() {
            options = options.with_draft(Draft::Draft7);
        }
        let validator = options.build(&doc).map_err(|e| JsonSchemaError::Invalid {
            name: name.to_string(),
            reason: e.to_string(),
        })?;
        Ok(Self {
            name: name.to_string(),
            doc: Arc::new(doc),
            refs,
            validator: Arc::new(validator),
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The schema document.
    pub fn doc(&self) -> &Value {
        &self.doc
    }

    /// The referenced documents, by the name their `$ref` uses.
    pub fn refs(&self) -> &[(String, Value)] {
        &self.refs
    }

    /// The first way `value` fails the schema, if it does.
    pub fn validate(&self, value: &Value) -> Result<(), Invalid> {
        // the boolean check is the validator's fast path; the error is built only on a miss
        if self.validator.is_valid(value) {
            return Ok(());
        }
        match self.validator.validate(value) {
            Ok(()) => Ok(()),
            Err(e) => Err(Invalid {
                keyword: e.kind().keyword().to_string(),
                instance_path: e.instance_path().as_str().to_string(),
                message: e.to_string(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ORDER: &str = r#"{"type":"object","properties":{"id":{"type":"string"},
        "items":{"type":"array","items":{"$ref":"line.json"}}},"required":["id"]}"#;
    const LINE: &str = r#"{"type":"object","properties":{"qty":{"type":"integer","minimum":1}}}"#;

    #[test]
    fn a_value_is_checked_through_a_local_ref() {
        let s = JsonSchema::compile("order.json", ORDER, vec![("line.json".into(), LINE.into())])
            .unwrap();
        assert_eq!(
            s.validate(&json!({"id": "o-1", "items": [{"qty": 2}]})),
            Ok(())
        );
        let e = s
            .validate(&json!({"id": "o-1", "items": [{"qty": 0}]}))
            .unwrap_err();
        assert_eq!(
            (e.keyword.as_str(), e.instance_path.as_str()),
            ("minimum", "/items/0/qty")
        );
        let e = s.validate(&json!({"items": []})).unwrap_err();
        assert_eq!(
            (e.keyword.as_str(), e.instance_path.as_str()),
            ("required", "")
        );
        assert!(e.to_string().starts_with("required at /: "), "{e}");
    }

    #[test]
    fn a_ref_that_is_not_given_is_an_error_naming_it_and_nothing_is_fetched() {
        let e = JsonSchema::compile("order.json", ORDER, vec![]).unwrap_err();
        assert!(e.to_string().contains("line.json"), "{e}");
        let remote = r#"{"$ref":"https://example.com/x.json"}"#;
        assert!(JsonSchema::compile("r.json", remote, vec![]).is_err());
    }

    #[test]
    fn bad_documents_name_the_file() {
        let e = JsonSchema::compile("bad.json", "{", vec![]).unwrap_err();
        assert!(e.to_string().starts_with("bad.json: not JSON"), "{e}");
        let e = JsonSchema::compile("bad.json", r#"{"type": 12}"#, vec![]).unwrap_err();
        assert!(
            e.to_string().starts_with("bad.json: invalid JSON Schema"),
            "{e}"
        );
    }
}
