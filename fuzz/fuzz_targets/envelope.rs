#![no_main]
//! cargo fuzz target: evctl::fuzzing::envelope (see src/fuzzing.rs for what it checks).
libfuzzer_sys::fuzz_target!(|data: &[u8]| evctl::fuzzing::envelope(data));
