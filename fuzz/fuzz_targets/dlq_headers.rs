#![no_main]
//! cargo fuzz target: evctl::fuzzing::dlq_headers (see src/fuzzing.rs for what it checks).
libfuzzer_sys::fuzz_target!(|data: &[u8]| evctl::fuzzing::dlq_headers(data));
