#![no_main]
//! cargo fuzz target: evctl::fuzzing::avro_decode (see src/fuzzing.rs for what it checks).
libfuzzer_sys::fuzz_target!(|data: &[u8]| evctl::fuzzing::avro_decode(data));
