//! evctl's integration tests, one binary with a module per area (as ripgrep and bottom do):
//! one link of the release build instead of one per file, and one place for the helpers
//! (`common`). Each module runs the real `evctl` binary against the embedded broker; the
//! real-broker tests are `#[ignore = "needs …"]` and run with `--include-ignored` in `.ci/run`.

mod common;

mod avro;
mod avro_reference;
mod compat;
mod completions;
mod config;
mod dlq;
mod embedded;
mod errors;
mod exporter;
mod faults;
mod follow;
mod fuzz_corpus;
mod group;
mod kcat_interop;
mod lag;
mod protobuf;
mod python_interop;
mod readme;
mod real_broker;
mod registry;
mod registry_tls;
mod retention;
mod rooms;
mod schema_check;
mod schemas_dir;
mod secure;
mod simulate;
mod skew;
mod tail;
mod top;
mod trace_export;
