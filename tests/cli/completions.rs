//! completions/ holds the output of `evctl completions <shell>` and `evctl man`; this fails
//! when they drift. Regenerate with `scripts/gen-completions.sh`.

use crate::common;

fn check(args: &[&str], file: &str) {
    let out = common::evctl()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let path = format!("{}/completions/{file}", env!("CARGO_MANIFEST_DIR"));
    let on_disk = std::fs::read(&path).unwrap_or_default();
    assert!(
        on_disk == out,
        "{path} is out of date: run scripts/gen-completions.sh and commit the result"
    );
}

#[test]
fn completions_are_in_sync() {
    check(&["completions", "bash"], "evctl.bash");
    check(&["completions", "zsh"], "_evctl");
    check(&["completions", "fish"], "evctl.fish");
    check(&["completions", "powershell"], "_evctl.ps1");
    check(&["completions", "elvish"], "evctl.elv");
}

#[test]
fn man_page_is_in_sync() {
    check(&["man"], "evctl.1");
}
