//! JSON text → a Confluent-framed value (magic byte, schema id, then the datum) in any of the
//! three formats, with a buffer reused from record to record. Pure: the registry lookup that
//! finds the schema and its id is the caller's (produce); the encoder pool clones one per
//! worker thread.
//!
//! The datum: Avro binary; for Protobuf the message-index array (written as the Java and
//! Python clients write it: `00` for the first message) and the message's binary form from its
//! ProtoJSON; for JSON Schema the document itself, after it has been validated.

use prost::Message as _;
use prost_reflect::{DynamicMessage, MessageDescriptor};
use serde_json::Value;

use super::avro_codec::{confluent_header, encode_json};
use super::avro_schema::AvroSchema;
use super::avro_stream::encode_json_text;
use super::json_schema::JsonSchema;
use super::proto::{write_indexes, ProtoSchema};
use super::proto_json::Plan;
use super::schema::Schema;

/// An encoder for one writer schema and its id, whatever its format, with a buffer reused
/// from record to record.
#[derive(Clone)]
pub struct Framed {
    format: Format,
    scratch: Vec<u8>,
}

/// The format-specific part: each appends one framed value to a buffer it is given.
#[derive(Clone)]
enum Format {
    Avro(FramedAvro),
    Protobuf(FramedProto),
    Json(FramedJson),
}

impl Framed {
    /// The encoder for `schema` registered as `id`; for Protobuf, `message` picks the message
    /// by full name (default: the file's first).
    pub fn new(schema: Schema, id: u32, message: Option<&str>) -> Result<Self, String> {
        let format = match schema {
            Schema::Avro(s) => Format::Avro(FramedAvro::new(s, id)),
            Schema::Protobuf(s) => Format::Protobuf(FramedProto::new(&s, id, message)?),
            Schema::Json(s) => Format::Json(FramedJson::new(s, id)),
        };
        Ok(Self {
            format,
            scratch: Vec::new(),
        })
    }

    /// JSON text → the framed value; the error says where and why it does not fit.
    pub fn encode(&mut self, json: &[u8]) -> Result<&[u8], String> {
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        let done = self.encode_to(json, &mut scratch);
        self.scratch = scratch;
        done.map(|()| self.scratch.as_slice())
    }

    /// As [`Framed::encode`], appending to `out` (for encoders shared between threads).
    pub fn encode_to(&self, json: &[u8], out: &mut Vec<u8>) -> Result<(), String> {
        match &self.format {
            Format::Avro(e) => e.encode_to(json, out),
            Format::Protobuf(e) => e.encode_to(json, out),
            Format::Json(e) => e.encode_to(json, out),
        }
    }
}

/// ProtoJSON text → framed Protobuf.
#[derive(Clone)]
pub struct FramedProto {
    message: MessageDescriptor,
    /// The fast path's compiled form of `message`.
    plan: Plan,
    /// The magic byte, the id and the index array: the same for every record.
    head: Vec<u8>,
}

impl FramedProto {
    pub fn new(schema: &ProtoSchema, id: u32, message: Option<&str>) -> Result<Self, String> {
        let path = schema.path_of(message).map_err(|e| e.to_string())?;
        let desc = schema.message_at(&path).map_err(|e| e.to_string())?;
        let mut head = Vec::with_capacity(8);
        confluent_header(id, &mut head);
        write_indexes(&path, &mut head);
        Ok(Self {
            plan: Plan::new(&desc),
            message: desc,
            head,
        })
    }

    pub fn encode_to(&self, json: &[u8], out: &mut Vec<u8>) -> Result<(), String> {
        // the fast path first; what it does not cover (or cannot parse) takes the dynamic one
        let start = out.len();
        out.extend_from_slice(&self.head);
        if self.plan.encode(json, out).is_some() {
            return Ok(());
        }
        out.truncate(start);
        let mut de = serde_json::Deserializer::from_slice(json);
        let msg = DynamicMessage::deserialize(self.message.clone(), &mut de)
            .and_then(|m| de.end().map(|()| m))
            .map_err(|e| format!("not a {}: {e}", self.message.full_name()))?;
        out.extend_from_slice(&self.head);
        msg.encode(out).map_err(|e| e.to_string())
    }
}

/// JSON text, validated against its schema, → framed JSON.
#[derive(Clone)]
pub struct FramedJson {
    schema: JsonSchema,
    id: u32,
}

impl FramedJson {
    pub fn new(schema: JsonSchema, id: u32) -> Self {
        Self { schema, id }
    }

    /// The error names the failing keyword and the instance path (`required at /: …`).
    pub fn encode_to(&self, json: &[u8], out: &mut Vec<u8>) -> Result<(), String> {
        let v: Value = serde_json::from_slice(json).map_err(|e| format!("invalid JSON: {e}"))?;
        self.schema
            .validate(&v)
            .map_err(|e| format!("does not match {}: {e}", self.schema.name()))?;
        confluent_header(self.id, out);
        out.extend_from_slice(json.trim_ascii());
        Ok(())
    }
}

/// JSON text → framed Avro.
#[derive(Clone)]
pub struct FramedAvro {
    schema: AvroSchema,
    id: u32,
}

impl FramedAvro {
    pub fn new(schema: AvroSchema, id: u32) -> Self {
        Self { schema, id }
    }

    /// The error is the field path and reason.
    pub fn encode_to(&self, json: &[u8], out: &mut Vec<u8>) -> Result<(), String> {
        let start = out.len();
        confluent_header(self.id, out);
        if encode_json_text(&self.schema, json, out) {
            return Ok(());
        }
        // off the fast path (or not fitting): the Value path encodes it or names the field
        out.truncate(start);
        let v: Value = serde_json::from_slice(json).map_err(|e| format!("invalid JSON: {e}"))?;
        confluent_header(self.id, out);
        encode_json(&self.schema, &v, out).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protobuf_is_framed_as_the_python_client_frames_it() {
        let text = "syntax = \"proto3\"; package shop; message Order { string id = 1; message Line { int32 qty = 1; } } message Refund { string id = 1; }";
        let s = ProtoSchema::compile("s.proto", vec![("s.proto".into(), text.into())]).unwrap();
        let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        let mut order = Framed::new(Schema::Protobuf(s.clone()), 1, None).unwrap();
        assert_eq!(
            hex(order.encode(br#"{"id":"o-1"}"#).unwrap()),
            "0000000001000a036f2d31"
        );
        let mut refund = Framed::new(Schema::Protobuf(s.clone()), 1, Some("shop.Refund")).unwrap();
        assert_eq!(
            hex(refund.encode(br#"{"id":"o-1"}"#).unwrap()),
            "000000000102020a036f2d31"
        );
        let mut line =
            Framed::new(Schema::Protobuf(s.clone()), 1, Some("shop.Order.Line")).unwrap();
        assert_eq!(
            hex(line.encode(br#"{"qty":3}"#).unwrap()),
            "00000000010400000803"
        );
        let e = order.encode(br#"{"id": 5}"#).unwrap_err();
        assert!(e.starts_with("not a shop.Order: "), "{e}");
        assert!(FramedProto::new(&s, 1, Some("shop.Nope")).is_err());
    }

    #[test]
    fn json_schema_values_are_validated_then_framed_as_they_are() {
        let s = JsonSchema::compile(
            "o.json",
            r#"{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}"#,
            vec![],
        )
        .unwrap();
        let mut enc = Framed::new(Schema::Json(s), 2, None).unwrap();
        assert_eq!(
            enc.encode(br#"{"id":"o-1"}"#).unwrap(),
            b"\x00\x00\x00\x00\x02{\"id\":\"o-1\"}"
        );
        let e = enc.encode(br#"{"id": 1}"#).unwrap_err();
        assert!(e.contains("type at /id"), "{e}");
        let e = enc.encode(br#"{}"#).unwrap_err();
        assert!(e.contains("required at /"), "{e}");
    }

    #[test]
    fn frames_the_datum_and_names_a_field_that_does_not_fit() {
        let schema = AvroSchema::parse_str(
            r#"{"type":"record","name":"R","fields":[{"name":"n","type":"int"}]}"#,
        )
        .unwrap();
        let mut enc = Framed::new(Schema::Avro(schema), 7, None).unwrap();
        assert_eq!(enc.encode(br#"{"n": 1}"#).unwrap(), [0, 0, 0, 0, 7, 2]);
        let e = enc.encode(br#"{"n": "x"}"#).unwrap_err();
        assert!(e.starts_with("n: "), "{e}");
        assert!(enc.encode(b"{").unwrap_err().starts_with("invalid JSON"));
    }
}
