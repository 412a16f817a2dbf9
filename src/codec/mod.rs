//! Bytes and schemas: Avro schema parsing, the JSON ⇄ Avro codec and Confluent framing, the
//! value decoder every reading command shares (`values`), the compatibility checker, and the
//! Schema Registry's client and dev server. Nothing here touches Kafka; the registry client
//! (and only it) talks HTTP, and `values` reads `--schemas` directories.

pub mod avro_codec;
pub mod avro_schema;
pub mod avro_stream;
pub mod compat;
pub mod decimal;
pub mod framed;
pub mod json_compat;
pub mod json_pointer;
pub mod json_schema;
pub mod proto;
pub mod proto_compat;
pub mod proto_json;
pub mod proto_json_out;
pub mod registry;
pub mod registry_serve;
pub mod registry_server;
pub mod schema;
pub mod values;
pub mod wellknown;
pub mod wire;

use crate::domain::compat::{Direction, Finding, Incompatibility, JsonPolicy, Mode};
use schema::Schema;

/// Checks `new` against `history` (oldest first) under `mode`: non-transitive modes compare
/// with the latest version only, transitive ones with every version. `policy` applies to
/// JSON Schema only.
pub fn check_history(
    new: &Schema,
    history: &[(String, Schema)],
    mode: Mode,
    policy: JsonPolicy,
) -> Vec<Finding> {
    let targets: &[(String, Schema)] = if mode.transitive() {
        history
    } else {
        match history.last() {
            Some(_) => &history[history.len() - 1..],
            None => &[],
        }
    };
    let mut out = Vec::new();
    for (label, old) in targets {
        for dir in mode.directions() {
            let problems = match dir {
                // new code reads old data
                Direction::Backward => check_pair(new, old, policy),
                // old code reads new data
                Direction::Forward => check_pair(old, new, policy),
            };
            out.extend(problems.into_iter().map(|p| Finding {
                against: label.clone(),
                direction: *dir,
                problem: p,
            }));
        }
    }
    out
}

/// Why `reader` cannot read what `writer` wrote, in the format's own rules (a change of
/// format is itself incompatible).
fn check_pair(reader: &Schema, writer: &Schema, policy: JsonPolicy) -> Vec<Incompatibility> {
    match (reader, writer) {
        (Schema::Avro(r), Schema::Avro(w)) => compat::check(r, w),
        (Schema::Protobuf(r), Schema::Protobuf(w)) => proto_compat::check(r, w),
        (Schema::Json(r), Schema::Json(w)) => json_compat::check(r, w, policy),
        _ => vec![Incompatibility {
            kind: "SCHEMA_TYPE_CHANGED",
            pointer: "#/".into(),
            message: format!(
                "the schema type changed from {} to {}",
                writer.kind().registry_name(),
                reader.kind().registry_name()
            ),
        }],
    }
}
