//! Finds and reads the config file, then lets `domain::connection` merge it with the flags.
//! Location: `$EVCTL_CONFIG`, else `$XDG_CONFIG_HOME/evctl/config.toml`, else
//! `~/.config/evctl/config.toml`. A missing file is fine unless a context is asked for.

use std::path::PathBuf;

use anyhow::anyhow;

use crate::domain::connection::{resolve, ConfigFile, Connection, ConnectionArgs};

pub fn config_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("EVCTL_CONFIG") {
        return Some(PathBuf::from(p));
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("evctl").join("config.toml"))
}

pub fn connection(args: &ConnectionArgs) -> anyhow::Result<Connection> {
    let file = match config_path() {
        Some(p) if p.exists() => {
            let text = std::fs::read_to_string(&p)
                .map_err(|e| anyhow!("cannot read {}: {e}", p.display()))?;
            Some(ConfigFile::parse(&text, &p.display().to_string()).map_err(|e| anyhow!(e))?)
        }
        _ => None,
    };
    resolve(args, file.as_ref()).map_err(|e| anyhow!(e))
}
