//! README's examples, run as written, their output compared by shape with what README shows.
//!
//! Why: README is the front door, and it drifted (issue #22): figures, keys and messages that
//! were true once. Every example block README marks with `<!-- readme-test: ENV -->` is run
//! here in a bash of its own, command by command, in a scratch directory holding `schemas/`
//! and README's fixtures (`tests/readme/`). ENV says what it runs against:
//! - nothing: the command brings what it needs (simulate's embedded broker, a file);
//! - `config`: README's `config.toml` sample is the user's config file;
//! - `dev up ARGS`: an `evctl dev up ARGS` (broker and registry) with its two addresses
//!   exported, shared by every block that names the same ARGS, in README order;
//! - `simulate ARGS`: a `simulate marketplace ARGS --keep-running` left running, exported
//!   the same way (the tail and dlq tours).
//!
//! "Shape": each output line is compared after numbers, times, addresses, run ids, hex ids
//! and base64 are replaced by placeholders and runs of spaces collapsed; `...` on a line of
//! its own skips any lines, `…` inside a line skips the rest of it, and `# …` after an
//! expected line is a remark for the reader. Without `...`, the lines must match one for one.

use crate::common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use regex::Regex;

/// One `$ command` of an example and the lines README shows after it.
#[derive(Debug)]
struct Step {
    command: String,
    expected: Vec<String>,
    /// README's line index of the command's first line.
    at: usize,
}

#[derive(Debug)]
struct Example {
    /// README's line number of the fence, for messages.
    line: usize,
    env: String,
    steps: Vec<Step>,
}

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md")
}

/// The marked example blocks, in README order.
fn examples(text: &str) -> Vec<Example> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let marker = lines[i]
            .trim()
            .strip_prefix("<!-- readme-test")
            .and_then(|m| m.strip_suffix("-->"));
        let Some(marker) = marker else {
            i += 1;
            continue;
        };
        let env = marker.trim().trim_start_matches(':').trim().to_string();
        let fence = i + 1;
        assert!(
            lines.get(fence).is_some_and(|l| l.starts_with("```")),
            "README.md:{}: a readme-test marker must sit right above a code fence",
            i + 1
        );
        let end = (fence + 1..lines.len())
            .find(|&j| lines[j].starts_with("```"))
            .unwrap_or_else(|| panic!("README.md:{}: unclosed fence", fence + 1));
        out.push(Example {
            line: fence + 1,
            env,
            steps: steps(&lines[fence + 1..end], fence + 1),
        });
        i = end + 1;
    }
    out
}

/// Splits a block into commands (`$ ` lines, continued while a line ends in `\` or `|`)
/// and the output lines after each.
fn steps(block: &[&str], first: usize) -> Vec<Step> {
    let mut out: Vec<Step> = Vec::new();
    let mut continuing = false;
    for (i, line) in block.iter().enumerate() {
        if let Some(cmd) = line.strip_prefix("$ ") {
            out.push(Step {
                command: cmd.to_string(),
                expected: Vec::new(),
                at: first + i,
            });
            continuing = continues(cmd);
        } else if continuing {
            let step = out.last_mut().expect("a command before its continuation");
            step.command.push('\n');
            step.command.push_str(line);
            continuing = continues(line);
        } else if let Some(step) = out.last_mut() {
            step.expected.push(line.to_string());
        }
    }
    out
}

fn continues(line: &str) -> bool {
    let t = remark_free(line).trim_end();
    t.ends_with('\\') || t.ends_with('|')
}

/// A command line without its trailing `# remark` (bash drops it too).
fn remark_free(line: &str) -> &str {
    match line.find(" #") {
        Some(i) if !line[..i].contains('\'') => &line[..i],
        _ => line,
    }
}

fn placeholders() -> &'static [(Regex, &'static str)] {
    static P: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    P.get_or_init(|| {
        [
            (r"\x1b\[[0-9;?]*[A-Za-z]", ""),
            (r"127\.0\.0\.1:\d+", "ADDR"),
            (r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z", "TIME"),
            (r"\d{4}-\d{2}-\d{2}", "DATE"),
            (r"\b\d{2}:\d{2}:\d{2}(\.\d+)?", "TIME"),
            (r"\b(o|poison)-[0-9a-f]{6}-\d+", "ORDER"),
            (r"evctl-sim-[0-9a-f]{6}", "evctl-sim-RUN"),
            (r"\(run [0-9a-z]+\)", "(run RUN)"),
            // hex ids (key ids, event ids) whatever letters they happen to hold (long numbers,
            // such as timestamps, are ids too)
            (r"\b[0-9a-f]{8,}\b", "ID"),
            // a duration, in ms or s (`+653ms` here, `+1.2s` on a busier machine)
            (r"\+?\b\d+(?:\.\d+)?(?:ms|s|m|h)\b", "DUR"),
            // a figure with its thousands suffix (`1.0k msgs/s`) is a figure
            (r"\b\d+(?:\.\d+)?[kMG]\b", "N"),
            (
                r"[A-Za-z0-9+/_-]*\d[A-Za-z0-9+/_-]*[A-Za-z][A-Za-z0-9+/_-]*={0,2}",
                "ID",
            ),
            (r"\d+(?:[.,]\d+)*", "N"),
            (r"\s+", " "),
        ]
        .into_iter()
        .map(|(re, to)| (Regex::new(re).expect("placeholder regex"), to))
        .collect()
    })
}

/// A line with the parts that differ from run to run replaced (see the module header).
fn shape(line: &str, home: &str) -> String {
    // what a terminal shows: the text after the last carriage return (a spinner redrawn)
    let line = line
        .rsplit('\r')
        .find(|p| !p.trim().is_empty())
        .unwrap_or("");
    let mut s = if home.is_empty() {
        line.to_string()
    } else {
        line.replace(home, "/home/you")
    };
    for (re, to) in placeholders() {
        s = re.replace_all(&s, *to).into_owned();
    }
    // tokens of letters and digits (hex ids, base64, `12m`) are one placeholder: `ID`, `N`
    // and `IDN...` collapse alike
    let ids = Regex::new(r"\b(?:ID|N)(?:ID|N)+\b").expect("regex");
    ids.replace_all(s.trim(), "ID").into_owned()
}

/// An expected line as a pattern over shaped actual lines.
fn pattern(expected: &str) -> Regex {
    let text = match expected.find("  # ") {
        Some(i) => &expected[..i],
        None => expected,
    };
    let shaped = shape(text, "");
    let mut re = String::from("^");
    let parts: Vec<&str> = shaped.split('…').collect();
    for (k, part) in parts.iter().enumerate() {
        if k > 0 {
            re.push_str(".*");
        }
        // the word a `…` cuts may be cut anywhere (the line's width decides where)
        let part = if k + 1 < parts.len() {
            part.trim_end_matches(|c: char| c.is_alphanumeric() || c == '_')
        } else {
            part
        };
        re.push_str(&regex::escape(part));
    }
    if !shaped.ends_with('…') {
        re.push('$');
    }
    Regex::new(&re).expect("expected line as a pattern")
}

/// Checks `actual` against `expected` (both raw lines); the error says where they part.
fn compare(expected: &[String], actual: &str, home: &str) -> Result<(), String> {
    let got: Vec<String> = actual
        .lines()
        .map(|l| shape(l, home))
        .filter(|l| !l.is_empty())
        .collect();
    let mut segments: Vec<Vec<Regex>> = vec![Vec::new()];
    let mut texts: Vec<Vec<&str>> = vec![Vec::new()];
    for e in expected {
        if e.trim() == "..." {
            segments.push(Vec::new());
            texts.push(Vec::new());
        } else if !e.trim().is_empty() {
            segments.last_mut().expect("a segment").push(pattern(e));
            texts.last_mut().expect("a segment").push(e);
        }
    }
    let last = segments.len() - 1;
    let mut at = 0;
    for (k, seg) in segments.iter().enumerate() {
        let fits = |from: usize| {
            from + seg.len() <= got.len()
                && seg.iter().zip(&got[from..]).all(|(p, g)| p.is_match(g))
        };
        let found = if k == 0 {
            fits(0).then_some(0)
        } else if k == last && last > 0 && !seg.is_empty() && got.len() >= seg.len() {
            // the block ends with this segment: it must end the output
            let from = got.len() - seg.len();
            (from >= at && fits(from)).then_some(from)
        } else {
            (at..=got.len()).find(|&f| fits(f))
        };
        let Some(from) = found else {
            return Err(format!(
                "expected (segment {k}):\n  {}\nshaped output from line {at}:\n  {}",
                texts[k].join("\n  "),
                got[at.min(got.len())..].join("\n  ")
            ));
        };
        at = from + seg.len();
    }
    if last == 0 && at != got.len() {
        return Err(format!(
            "more output than README shows:\n  {}",
            got[at..].join("\n  ")
        ));
    }
    Ok(())
}

/// What an example block runs against, started once per distinct ENV.
struct Env {
    vars: Vec<(String, String)>,
    child: Option<Child>,
    _dev: Option<common::Daemon>,
}

impl Drop for Env {
    fn drop(&mut self) {
        if let Some(c) = &mut self.child {
            common::unsafe_kill(c.id(), 15);
            let _ = common::wait_with_timeout(c, Duration::from_secs(10));
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Starts `evctl ARGS` and waits for the stderr line that carries both addresses.
fn start_env(args: &[&str], marker: &str) -> Env {
    let mut child = common::evctl_std()
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn evctl");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let re = Regex::new(r"EVCTL_BROKERS=(\S+) EVCTL_SCHEMA_REGISTRY=(\S+?);?\s").expect("regex");
    let started = Instant::now();
    let mut vars = None;
    while started.elapsed() < Duration::from_secs(60) {
        let Some(Ok(line)) = lines.next() else { break };
        if let Some(c) = re.captures(&format!("{line} ")) {
            vars = Some(vec![
                ("EVCTL_BROKERS".to_string(), c[1].to_string()),
                ("EVCTL_SCHEMA_REGISTRY".to_string(), c[2].to_string()),
            ]);
            break;
        }
    }
    let Some(vars) = vars else {
        let _ = child.kill();
        let _ = child.wait();
        panic!("{marker}: evctl {args:?} did not say its addresses within 60 s");
    };
    // the rest of its stderr is drained so it never blocks on a full pipe
    std::thread::spawn(move || lines.for_each(drop));
    Env {
        vars,
        child: Some(child),
        _dev: None,
    }
}

fn env_for(marker: &str) -> Env {
    let words: Vec<&str> = marker.split_whitespace().collect();
    match words.as_slice() {
        ["dev", "up", rest @ ..] => {
            let mut args = vec!["dev", "up", "-o", "json"];
            args.extend_from_slice(rest);
            let dev = common::Daemon::start(&args);
            Env {
                vars: vec![
                    ("EVCTL_BROKERS".into(), dev.get("bootstrap_servers")),
                    ("EVCTL_SCHEMA_REGISTRY".into(), dev.get("schema_registry")),
                ],
                child: None,
                _dev: Some(dev),
            }
        }
        ["simulate", rest @ ..] => {
            let mut args = vec!["simulate", "marketplace"];
            args.extend_from_slice(rest);
            args.push("--keep-running");
            start_env(&args, marker)
        }
        [] | ["config"] => Env {
            vars: Vec::new(),
            child: None,
            _dev: None,
        },
        _ => panic!("unknown readme-test environment '{marker}'"),
    }
}

/// A scratch directory with `schemas/`, README's fixtures and a home of its own.
fn workdir(readme: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (from, to) in [("schemas", "schemas"), ("tests/readme", ".")] {
        let target = dir.path().join(to);
        std::fs::create_dir_all(&target).expect("mkdir");
        for f in std::fs::read_dir(root.join(from)).expect("fixtures") {
            let f = f.expect("entry").path();
            if f.is_file() {
                std::fs::copy(&f, target.join(f.file_name().expect("name"))).expect("copy");
            }
        }
    }
    // README's context sample, as the user's config file (for `config` blocks)
    let toml = readme
        .split("```toml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("README has a ```toml sample");
    let conf = dir.path().join("home/.config/evctl");
    std::fs::create_dir_all(&conf).expect("mkdir");
    std::fs::write(conf.join("config.toml"), toml).expect("write config");
    dir
}

const STEP_MARK: &str = "@@readme-step@@";

/// Runs every step of one block in one bash on a terminal (`script`'s pty), as a person
/// at a terminal runs them: stdout and stderr both go to the screen, and what evctl says
/// only to people (summaries) is there. Returns each step's output.
fn run_block(ex: &Example, env: &Env, dir: &Path) -> Vec<String> {
    let mut script = String::from("cd \"$WORK\"\n");
    for step in &ex.steps {
        script.push_str(&format!(
            "{}\n__s=$?\nprintf '\\n{STEP_MARK}\\n'\n(exit $__s)\n",
            step.command
        ));
    }
    let file = dir.join(format!(".block{}.sh", ex.line));
    std::fs::write(&file, script).expect("write the block's script");
    let bin_dir = Path::new(common::bin())
        .parent()
        .expect("bin dir")
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cmd = Command::new("script");
    cmd.args(["-qefc", &format!("bash {}", file.display()), "/dev/null"])
        .env("WORK", dir)
        .env("PATH", path)
        .env("HOME", dir.join("home"))
        .env("NO_COLOR", "1")
        .env("COLUMNS", "200")
        .env_remove("EVCTL_BROKERS")
        .env_remove("EVCTL_SCHEMA_REGISTRY")
        .env_remove("EVCTL_CONTEXT")
        .env_remove("EVCTL_SASL_PASSWORD");
    if ex.env != "config" {
        cmd.env("EVCTL_CONFIG", dir.join("no-config.toml"));
    }
    for (k, v) in &env.vars {
        cmd.env(k, v);
    }
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("script (util-linux) runs the block on a terminal");
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut out);
        out
    });
    if common::wait_with_timeout(&mut child, Duration::from_secs(180)).is_none() {
        let _ = child.kill();
        let _ = child.wait();
        panic!("README.md:{}: the example did not end in 180 s", ex.line);
    }
    let out = reader.join().expect("reader");
    let mut parts: Vec<String> = out.split(STEP_MARK).map(String::from).collect();
    parts.resize(ex.steps.len(), String::new());
    parts
}

#[test]
fn readme_examples_hold() {
    let text = readme();
    let all = examples(&text);
    assert!(
        all.len() >= 15,
        "README marks only {} examples for this test",
        all.len()
    );
    let dir = workdir(&text);
    let home = dir.path().join("home").display().to_string();
    let mut envs: HashMap<String, Env> = HashMap::new();
    let mut failures = Vec::new();
    // EVCTL_README_BLESS=1: README's outputs of the steps that differ are replaced by what
    // ran (as insta's review does for snapshots); read the diff before committing it
    let bless = std::env::var_os("EVCTL_README_BLESS").is_some();
    let mut blessed: Vec<(usize, usize, String)> = Vec::new();
    for ex in &all {
        let env = envs
            .entry(ex.env.clone())
            .or_insert_with(|| env_for(&ex.env));
        let outputs = run_block(ex, env, dir.path());
        for (step, got) in ex.steps.iter().zip(outputs) {
            if let Err(e) = compare(&step.expected, &got, &home) {
                let lines = step.command.lines().count();
                let real: String = got
                    .lines()
                    .map(|l| l.rsplit('\r').find(|p| !p.trim().is_empty()).unwrap_or(""))
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| l.replace(&home, "/home/you") + "\n")
                    .collect();
                blessed.push((step.at + lines, step.expected.len(), real));
                failures.push(format!(
                    "README.md:{}: $ {}\n{e}\nraw output:\n{got}",
                    ex.line, step.command
                ));
            }
        }
    }
    if bless && !blessed.is_empty() {
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        blessed.sort_by_key(|(at, _, _)| std::cmp::Reverse(*at));
        for (at, len, real) in blessed {
            lines.splice(at..at + len, real.lines().map(String::from));
        }
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
        std::fs::write(path, lines.join("\n") + "\n").expect("write README.md");
    }
    assert!(
        failures.is_empty(),
        "{} of README's examples differ:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn shapes_ignore_what_changes_between_runs() {
    let home = "";
    for (a, b) in [
        (
            "marketplace: 9992 orders (+8 malformed) in 0.65s on embedded (ready in 0.17s)",
            "marketplace: 12 orders (+0 malformed) in 10.25s on embedded (ready in 1.7s)",
        ),
        ("cancelled     511", "cancelled 7"),
        (
            "o-c96a88-1 (correlation id): 5 events, 2026-12-01 (UTC)",
            "o-622919-1 (correlation id): 4 events, 2026-12-06 (UTC)",
        ),
        ("127.0.0.1:36643", "127.0.0.1:9"),
        (
            "kid=75d65dc7;sig=ykTEKCkHjWcfsvhnY17dJmF5S3VTumhiBXWstyCEUqg=",
            "kid=0a1b2c3d;sig=Zm9vYmFyYmF6cXV4cXV1eDEyMw==",
        ),
        ("12m ago", "3s ago"),
        ("(1.0k msgs/s)", "(598 msgs/s)"),
    ] {
        assert_eq!(shape(a, home), shape(b, home), "{a} / {b}");
    }
    assert_ne!(
        shape("ok   no order lost", home),
        shape("FAIL no order lost", home)
    );
    assert!(
        pattern("  22:46:09.503  order.created[0]@0  gateway  totalCents=2…").is_match(&shape(
            "  04:01:02.003  order.created[3]@17  gateway  totalCents=41…",
            home
        ))
    );
    assert!(
        pattern(r#"{"eventId":"0c58a6c20680c6b8","source":"orde…"#).is_match(&shape(
            r#"{"eventId":"e1e6dcc11edde1fa","source":"ord…"#,
            home
        ))
    );
    assert_eq!(shape("kid=c7369208;", home), shape("kid=829b1805;", home));
    // a README remark is not output
    assert!(pattern("evctl: x  # exit 2").is_match("evctl: x"));
}

#[test]
fn segments_and_elisions() {
    let exp = |lines: &[&str]| lines.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let out = "a 1\nb 2\nc 3\nd 4\n";
    assert!(compare(&exp(&["a 9", "...", "d 1"]), out, "").is_ok());
    assert!(compare(&exp(&["a 9", "b 9", "c 9", "d 9"]), out, "").is_ok());
    assert!(
        compare(&exp(&["a 9", "b 9"]), out, "").is_err(),
        "unshown lines"
    );
    assert!(compare(&exp(&["a 9", "..."]), out, "").is_ok());
    assert!(compare(&exp(&["...", "c 9", "..."]), out, "").is_ok());
    assert!(
        compare(&exp(&["b 9", "..."]), out, "").is_err(),
        "first segment is anchored"
    );
    let steps = steps(
        &[
            "$ printf 'x' |",
            "  evctl produce t   # remark",
            "out",
            "$ echo $?",
            "0",
        ],
        0,
    );
    assert_eq!(steps.len(), 2);
    assert_eq!(
        steps[0].command,
        "printf 'x' |\n  evctl produce t   # remark"
    );
    assert_eq!(steps[0].expected, ["out"]);
}

/// README says what the binary links; `ldd` must agree (it once said "one static binary").
#[test]
fn the_binary_links_what_readme_says() {
    let said = "it links the system's libssl, libcrypto, libsasl2 and libz (plus libc)";
    assert!(
        readme().replace('\n', " ").contains(said),
        "README no longer says: {said}"
    );
    let out = Command::new("ldd")
        .arg(common::bin())
        .output()
        .expect("ldd (libc-bin) is on every Debian machine");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut libs: Vec<String> = text
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter_map(|name| {
            name.rsplit('/')
                .next()?
                .split(".so")
                .next()
                .map(String::from)
        })
        .filter(|name| {
            // the C runtime that every Rust binary on Linux links
            !matches!(
                name.as_str(),
                "linux-vdso"
                    | "libc"
                    | "libm"
                    | "libgcc_s"
                    | "ld-linux-x86-64"
                    | "libpthread"
                    | "libdl"
                    | "librt"
                    | "ld-linux-aarch64"
            )
        })
        .collect();
    libs.sort();
    assert_eq!(libs, ["libcrypto", "libsasl2", "libssl", "libz"], "{text}");
}
