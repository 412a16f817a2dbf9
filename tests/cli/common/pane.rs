//! A real terminal for end-to-end tests: tmux runs evctl in a pane of its own server; the
//! test reads the screen, presses keys and checks how it ended (exit code, tty modes).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use super::{bin, unique};

/// tmux on the pane's own server (`-L`): tests running side by side cannot disturb each other.
pub fn tmux(server: &str, args: &[&str]) -> String {
    let out = Command::new("tmux")
        .args(["-L", server])
        .args(args)
        .output()
        .expect("tmux is needed for this test (scripts/install-deps.sh installs it)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A tmux session running `command` in a 100×30 pane; killed on drop.
pub struct Pane {
    pub name: String,
    dir: tempfile::TempDir,
}

impl Pane {
    /// Runs `evctl ARGS` with `env`, then records its exit code and the tty's modes; its
    /// stderr goes to a file ([`Pane::stderr`]).
    pub fn start(args: &str, env: &[(&str, &str)]) -> Self {
        Self::run(args, env, true)
    }

    /// As [`Pane::start`], with stderr on the terminal too (what a person sees of progress).
    pub fn start_with_stderr_shown(args: &str) -> Self {
        Self::run(args, &[], false)
    }

    fn run(args: &str, env: &[(&str, &str)], stderr_to_file: bool) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().display();
        let env: String = env.iter().map(|(k, v)| format!("{k}={v} ")).collect();
        let redirect = if stderr_to_file {
            format!(" 2>{d}/stderr")
        } else {
            String::new()
        };
        let script = format!(
            "env -u EVCTL_BROKERS -u EVCTL_CONTEXT EVCTL_CONFIG=/nonexistent {env}{} {args}{redirect}; \
             echo $? > {d}/code.tmp; stty -a > {d}/stty; mv {d}/code.tmp {d}/code; sleep 600",
            bin()
        );
        let name = unique("evctl-top");
        tmux(
            &name,
            &[
                "new-session",
                "-d",
                "-s",
                &name,
                "-x",
                "100",
                "-y",
                "30",
                &script,
            ],
        );
        Self { name, dir }
    }

    pub fn screen(&self) -> String {
        tmux(&self.name, &["capture-pane", "-p", "-t", &self.name])
    }

    /// The screen with what scrolled off above it.
    pub fn history(&self) -> String {
        tmux(
            &self.name,
            &["capture-pane", "-p", "-S", "-", "-t", &self.name],
        )
    }

    /// Waits until the screen shows every one of `wanted`; returns it.
    pub fn wait_for(&self, wanted: &[&str], within: Duration) -> String {
        self.wait_until(&format!("{wanted:?}"), within, |s| {
            wanted.iter().all(|w| s.contains(w))
        })
    }

    /// Waits until the screen satisfies `shows` (`what` says what, when it never does).
    pub fn wait_until(&self, what: &str, within: Duration, shows: impl Fn(&str) -> bool) -> String {
        let t0 = Instant::now();
        loop {
            let s = self.screen();
            if shows(&s) {
                return s;
            }
            let stderr =
                std::fs::read_to_string(self.dir.path().join("stderr")).unwrap_or_default();
            assert!(
                t0.elapsed() < within,
                "the screen never showed {what}:\n{s}\nstderr: {stderr}"
            );
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            tmux(&self.name, &["send-keys", "-t", &self.name, k]);
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    /// Waits for evctl to end; (exit code, stty -a after it).
    pub fn ended(&self, within: Duration) -> (i32, String) {
        let code: &Path = &self.dir.path().join("code");
        let t0 = Instant::now();
        while !code.exists() {
            assert!(
                t0.elapsed() < within,
                "evctl did not end:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let c = std::fs::read_to_string(code)
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        let stty = std::fs::read_to_string(self.dir.path().join("stty")).unwrap();
        (c, stty)
    }

    pub fn alternate_screen(&self) -> bool {
        tmux(
            &self.name,
            &["display", "-p", "-t", &self.name, "#{alternate_on}"],
        )
        .trim()
            == "1"
    }

    pub fn stderr(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("stderr")).unwrap_or_default()
    }
}

impl Drop for Pane {
    fn drop(&mut self) {
        tmux(&self.name, &["kill-server"]);
    }
}
