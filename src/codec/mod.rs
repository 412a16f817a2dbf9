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
pub mod json_pointer;
pub mod json_schema;
pub mod proto;
pub mod proto_compat;
pub mod registry;
pub mod registry_serve;
pub mod registry_server;
pub mod schema;
pub mod values;

use crate::domain::compat::{Direction, Finding, Mode};
use avro_schema::AvroSchema;

/// Checks `new` against `history` (oldest first) under `mode`: non-transitive modes compare
/// with the latest version only, transitive ones with every version.
pub fn check_history(
    new: &AvroSchema,
    history: &[(String, AvroSchema)],
    mode: Mode,
) -> Vec<Finding> {
    let targets: &[(String, AvroSchema)] = if mode.transitive() {
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
                Direction::Backward => compat::check(new, old),
                // old code reads new data
                Direction::Forward => compat::check(old, new),
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
