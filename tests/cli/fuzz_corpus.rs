//! Replays the committed fuzz corpus (fuzz/corpus/<target>/) and every finding
//! (fuzz/regressions/<target>/) through the fuzz targets, so `cargo test` keeps what the
//! fuzzer learned without running it.

use std::path::Path;

#[test]
fn every_committed_fuzz_input_passes_its_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut ran = 0;
    for (name, target) in evctl::fuzzing::TARGETS {
        for dir in ["corpus", "regressions"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir).join(name)) else {
                continue;
            };
            for entry in entries {
                let path = entry.expect("corpus entry").path();
                let data = std::fs::read(&path).expect("corpus file");
                let run = std::panic::catch_unwind(|| target(&data));
                assert!(run.is_ok(), "{name}: {} fails", path.display());
                ran += 1;
            }
        }
    }
    assert!(
        ran >= evctl::fuzzing::TARGETS.len(),
        "only {ran} corpus inputs found"
    );
}
