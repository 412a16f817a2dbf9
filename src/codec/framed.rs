//! JSON text → Confluent-framed Avro (magic byte, schema id, datum), with a buffer reused
//! from record to record. Pure: the registry lookup that finds the schema and its id is the
//! caller's (produce); the encoder pool clones one per worker thread.

use serde_json::Value;

use super::avro_codec::{confluent_header, encode_json};
use super::avro_schema::AvroSchema;
use super::avro_stream::encode_json_text;

#[derive(Clone)]
pub struct FramedAvro {
    schema: AvroSchema,
    id: u32,
    scratch: Vec<u8>,
}

impl FramedAvro {
    pub fn new(schema: AvroSchema, id: u32) -> Self {
        Self {
            schema,
            id,
            scratch: Vec::new(),
        }
    }

    /// JSON text → framed Avro; the error is the field path and reason.
    pub fn encode(&mut self, json: &[u8]) -> Result<&[u8], String> {
        self.scratch.clear();
        confluent_header(self.id, &mut self.scratch);
        if encode_json_text(&self.schema, json, &mut self.scratch) {
            return Ok(&self.scratch);
        }
        // off the fast path (or not fitting): the Value path encodes it or names the field
        let v: Value = serde_json::from_slice(json).map_err(|e| format!("invalid JSON: {e}"))?;
        self.scratch.clear();
        confluent_header(self.id, &mut self.scratch);
        encode_json(&self.schema, &v, &mut self.scratch).map_err(|e| e.to_string())?;
        Ok(&self.scratch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_the_datum_and_names_a_field_that_does_not_fit() {
        let schema = AvroSchema::parse_str(
            r#"{"type":"record","name":"R","fields":[{"name":"n","type":"int"}]}"#,
        )
        .unwrap();
        let mut enc = FramedAvro::new(schema, 7);
        assert_eq!(enc.encode(br#"{"n": 1}"#).unwrap(), [0, 0, 0, 0, 7, 2]);
        let e = enc.encode(br#"{"n": "x"}"#).unwrap_err();
        assert!(e.starts_with("n: "), "{e}");
        assert!(enc.encode(b"{").unwrap_err().starts_with("invalid JSON"));
    }
}
