//! `evctl config show`: the merged connection with its sources. Nothing connects, no password
//! file is read and nobody is prompted: it only reports where things would come from.

use std::io::Write;

use anyhow::Context as _;

use super::Outcome;
use crate::domain::connection::{ConnectionArgs, RegistryArgs, RegistryShown};
use crate::output;
use crate::output::reporter::Reporter;
use crate::session::context;

#[derive(Debug)]
pub struct ConfigRequest {
    pub conn: ConnectionArgs,
    pub registry: RegistryArgs,
    pub json: bool,
}

pub fn run(_rep: &Reporter, r: ConfigRequest) -> anyhow::Result<Outcome> {
    let report = context::show(&r.conn)?;
    let registry = RegistryShown::new(&r.registry, &report.explained);
    let text = output::config::render(&report, &registry, r.json);
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .context("writing the report")?;
    Ok(Outcome::Success)
}
