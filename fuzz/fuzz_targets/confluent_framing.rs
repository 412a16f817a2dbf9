#![no_main]
//! cargo fuzz target: evctl::fuzzing::confluent_framing (see src/fuzzing.rs for what it checks).
libfuzzer_sys::fuzz_target!(|data: &[u8]| evctl::fuzzing::confluent_framing(data));
