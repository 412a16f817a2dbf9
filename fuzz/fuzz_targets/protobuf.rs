#![no_main]
//! cargo fuzz target: evctl::fuzzing::protobuf (see src/fuzzing.rs for what it checks).
libfuzzer_sys::fuzz_target!(|data: &[u8]| evctl::fuzzing::protobuf(data));
