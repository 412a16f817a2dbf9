//! Signed events at the command edge: key files read (the `domain::signature` room is pure),
//! and one checker that `consume` and `tail` run on every record's raw bytes (before any
//! decoding: the signature covers the bytes on the wire), counting verdicts and refusing
//! unsigned or bad records under `--require-signature`.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context as _};

use crate::domain::envelope::RecordRef;
use crate::domain::signature::{verify, SigningKey, Verdict};
use crate::output::reporter::Reporter;

/// `--verify-key-file F` (repeatable) and `--require-signature`.
#[derive(Debug, Clone, Default)]
pub struct VerifyArgs {
    pub key_files: Vec<PathBuf>,
    pub require: bool,
}

/// Reads a key file (`--sign-key-file`, `--verify-key-file`); the error names the file.
pub fn load_key(flag: &str, path: &Path) -> anyhow::Result<SigningKey> {
    let bytes = std::fs::read(path).with_context(|| format!("{flag} {}", path.display()))?;
    SigningKey::new(bytes).map_err(|e| anyhow!("{flag} {}: {e}", path.display()))
}

/// Verdicts so far, and the keys to check with.
pub struct SignatureCheck {
    keys: Vec<SigningKey>,
    require: bool,
    pub verified: u64,
    pub unsigned: u64,
    pub bad: u64,
}

impl SignatureCheck {
    /// None when no key file was given (nothing is checked).
    pub fn new(args: &VerifyArgs) -> anyhow::Result<Option<Self>> {
        if args.key_files.is_empty() {
            if args.require {
                anyhow::bail!("--require-signature needs --verify-key-file FILE");
            }
            return Ok(None);
        }
        let keys = args
            .key_files
            .iter()
            .map(|p| load_key("--verify-key-file", p))
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok(Some(Self {
            keys,
            require: args.require,
            verified: 0,
            unsigned: 0,
            bad: 0,
        }))
    }

    /// The verdict's name for one record; an error (naming the record) when a signature is
    /// required and this one is missing or bad. Bad signatures are also said on stderr.
    pub fn check(&mut self, rec: &RecordRef<'_>, rep: &Reporter) -> anyhow::Result<&'static str> {
        let v = verify(&self.keys, rec.key, rec.value, rec.headers);
        match &v {
            Verdict::Verified => self.verified += 1,
            Verdict::Unsigned => self.unsigned += 1,
            Verdict::Bad(_) => self.bad += 1,
        }
        let at = format!("{}/{}@{}", rec.topic, rec.partition, rec.offset);
        match (&v, self.require) {
            (Verdict::Verified, _) => {}
            (Verdict::Unsigned, true) => {
                return Err(anyhow!(
                    "{at}: the record is not signed (--require-signature)"
                ))
            }
            (Verdict::Bad(why), true) => {
                return Err(anyhow!("{at}: bad signature: {why} (--require-signature)"))
            }
            (Verdict::Bad(why), false) => rep.warn(format!("{at}: bad signature: {why}")),
            (Verdict::Unsigned, false) => {}
        }
        Ok(v.name())
    }

    /// The end-of-run line: how many of each.
    pub fn summary(&self) -> String {
        format!(
            "signatures: {} verified, {} unsigned, {} bad",
            self.verified, self.unsigned, self.bad
        )
    }
}
