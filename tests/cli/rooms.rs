//! The architecture's rules (which room may import which, commands never importing each
//! other) as a test that reads every `crate::…` path in `src/`.
//!
//! Why a test: the rules lived in a design note, and the code drifted from them one
//! reasonable import at a time (commands importing each other, helpers living among the
//! commands). A crossing now fails here with the file and line.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Which rooms each room may import (a room always may import itself).
const ALLOWED: &[(&str, &[&str])] = &[
    // the thin entry point: parses, runs, prints the error, picks the exit code
    ("main", &["cli", "commands", "output", "session"]),
    // clap types and their validation into requests (request types come from below)
    (
        "cli",
        &[
            "commands",
            "session",
            "domain",
            "codec",
            "output",
            "simulate",
            "simulate::model",
        ],
    ),
    // one module per command: wires the rooms together
    (
        "commands",
        &[
            "scan",
            "session",
            "broker",
            "codec",
            "domain",
            "output",
            "simulate",
            "simulate::model",
            "tui",
        ],
    ),
    // the scan engine consume, tail, dlq and top drive
    ("scan", &["session", "broker", "domain", "output"]),
    // connection resolution, signals, signing, the clock
    ("session", &["broker", "domain", "output"]),
    // the marketplace: its model, its wire codec, the threads that run it
    (
        "simulate",
        &[
            "session",
            "broker",
            "codec",
            "domain",
            "output",
            "simulate::model",
        ],
    ),
    // the marketplace's pure model: no I/O room
    ("simulate::model", &["domain"]),
    ("broker", &["domain"]),
    ("codec", &["domain"]),
    // text: of domain's values and of the simulation's report (pure data)
    ("output", &["domain", "simulate::model"]),
    ("tui", &["domain", "output"]),
    ("domain", &[]),
    ("fuzzing", &["codec", "domain"]),
];

/// A `crate::…` use that crosses the rules: file, line number, what it names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Crossing {
    file: String,
    line: usize,
    what: String,
}

/// Every room a path can name; `simulate::model` is a room of its own inside `simulate`.
const ROOMS: &[&str] = &[
    "broker",
    "cli",
    "codec",
    "commands",
    "domain",
    "output",
    "scan",
    "session",
    "simulate",
    "simulate::model",
    "tui",
    "fuzzing",
];

/// The room of a file under `src/`: its first folder (`simulate::model` for the model's
/// folder), or `main` for lib.rs and main.rs.
fn room_of(rel: &str) -> String {
    if rel.starts_with("simulate/model/") {
        return "simulate::model".into();
    }
    let first = rel.split('/').next().unwrap_or(rel);
    match first.trim_end_matches(".rs") {
        "lib" | "main" => "main".into(),
        other => other.into(),
    }
}

/// The command a file under `src/commands/` belongs to (None: the room's own mod.rs).
fn command_of(rel: &str) -> Option<String> {
    let rest = rel.strip_prefix("commands/")?;
    if rest == "mod.rs" {
        return None;
    }
    Some(rest.split('/').next()?.trim_end_matches(".rs").to_string())
}

/// The code of a line, without a `//` comment.
fn code(line: &str) -> &str {
    match line.find("//") {
        Some(i) => &line[..i],
        None => line,
    }
}

/// Every room path (`crate::x`, `crate::simulate::model` and `crate::commands::y`) a line
/// names.
fn named(line: &str, path_re: &regex::Regex) -> Vec<String> {
    path_re
        .captures_iter(code(line))
        .map(|c| match (&c[1], c.get(2).map(|m| m.as_str())) {
            ("commands", Some(sub)) => format!("commands::{sub}"),
            ("simulate", Some("model")) => "simulate::model".into(),
            (room, _) => room.to_string(),
        })
        .collect()
}

/// The room a named path is in (`commands::x` is in `commands`).
fn target_room(what: &str) -> &str {
    if what == "simulate::model" {
        return what;
    }
    what.split("::").next().unwrap_or(what)
}

/// The crossings in `files` (path relative to `src/`, text), given the command names.
fn crossings(files: &[(String, String)], commands: &BTreeSet<String>) -> Vec<Crossing> {
    let path_re = regex::Regex::new(r"\bcrate::(\w+)(?:::(\w+))?").expect("regex");
    let super_re = regex::Regex::new(r"\bsuper::(\w+)").expect("regex");
    let mut out = Vec::new();
    for (rel, text) in files {
        let room = room_of(rel);
        let allowed: Vec<&str> = ALLOWED
            .iter()
            .find(|(r, _)| *r == room)
            .map(|(_, a)| a.to_vec())
            .unwrap_or_default();
        let mine = command_of(rel);
        // in a command's own file (or its folder's mod.rs), `super::` is the commands room
        let super_is_commands =
            mine.is_some() && (rel.matches('/').count() == 1 || rel.ends_with("/mod.rs"));
        for (n, line) in text.lines().enumerate() {
            let mut found = named(line, &path_re);
            if super_is_commands {
                found.extend(
                    super_re
                        .captures_iter(code(line))
                        .map(|c| format!("commands::{}", &c[1])),
                );
            }
            for what in found {
                let target = target_room(&what).to_string();
                let sub = what.split("::").nth(1);
                let bad = if target == room {
                    // within commands: another command is off limits
                    room == "commands"
                        && sub.is_some_and(|s| commands.contains(s) && Some(s) != mine.as_deref())
                } else {
                    ROOMS.contains(&target.as_str()) && !allowed.contains(&target.as_str())
                };
                if bad {
                    out.push(Crossing {
                        file: format!("src/{rel}"),
                        line: n + 1,
                        what,
                    });
                }
            }
        }
    }
    out.sort();
    out.dedup_by(|a, b| a.file == b.file && a.what == b.what);
    out
}

fn sources() -> (Vec<(String, String)>, BTreeSet<String>) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut stack: Vec<PathBuf> = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("read src") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let rel = p.strip_prefix(&src).expect("under src");
                let text = std::fs::read_to_string(&p).expect("read");
                files.push((rel.to_string_lossy().replace('\\', "/"), text));
            }
        }
    }
    let commands: BTreeSet<String> = std::fs::read_dir(src.join("commands"))
        .expect("src/commands")
        .filter_map(|e| {
            let name = e.ok()?.file_name().to_string_lossy().to_string();
            let name = name.trim_end_matches(".rs").to_string();
            (name != "mod").then_some(name)
        })
        .collect();
    (files, commands)
}

#[test]
fn every_import_keeps_to_the_rooms() {
    let (files, commands) = sources();
    assert!(files.len() > 50, "read {} files", files.len());
    let found = crossings(&files, &commands);
    let new: Vec<String> = found
        .iter()
        .map(|c| format!("{}:{}: imports {}", c.file, c.line, c.what))
        .collect();
    assert!(
        new.is_empty(),
        "imports that cross the rooms' rules (see ALLOWED in tests/cli/rooms.rs):\n{}",
        new.join("\n")
    );
}

#[test]
fn a_planted_crossing_is_caught() {
    let commands: BTreeSet<String> = ["consume", "lag", "top"].map(String::from).into();
    let files = vec![
        // domain reading the broker: an I/O room from the pure one
        (
            "domain/x.rs".to_string(),
            "use crate::broker::consumer::Consumer;\n".to_string(),
        ),
        // a command importing another, both ways of spelling it
        (
            "commands/consume.rs".to_string(),
            "use super::lag::Sampler;\nuse crate::commands::top::run;\n".to_string(),
        ),
        // allowed: a command's own room types, session, a comment
        (
            "commands/lag.rs".to_string(),
            "use super::Outcome;\nuse crate::session::now_ms;\n// crate::cli::x\n".to_string(),
        ),
        // the scan engine may not print through a command
        (
            "scan/mod.rs".to_string(),
            "fn f() { crate::commands::consume::run(); }\n".to_string(),
        ),
        // the simulation's pure model may not reach the broker or the running part
        (
            "simulate/model/services.rs".to_string(),
            "use crate::broker::producer::Producer;\nuse crate::simulate::Worker;\nuse crate::domain::x;\n"
                .to_string(),
        ),
        // output may print the model's report, not reach into the running simulation
        (
            "output/simulation.rs".to_string(),
            "use crate::simulate::model::report::SimReport;\nuse crate::simulate::run;\n"
                .to_string(),
        ),
        // the running part may use its model
        (
            "simulate/crew.rs".to_string(),
            "use crate::simulate::model::events::Topic;\n".to_string(),
        ),
    ];
    let found: Vec<(String, String)> = crossings(&files, &commands)
        .into_iter()
        .map(|c| (c.file, c.what))
        .collect();
    assert_eq!(
        found,
        [
            ("src/commands/consume.rs", "commands::lag"),
            ("src/commands/consume.rs", "commands::top"),
            ("src/domain/x.rs", "broker"),
            ("src/output/simulation.rs", "simulate"),
            ("src/scan/mod.rs", "commands::consume"),
            ("src/simulate/model/services.rs", "broker"),
            ("src/simulate/model/services.rs", "simulate"),
        ]
        .map(|(f, w)| (f.to_string(), w.to_string()))
    );
}
