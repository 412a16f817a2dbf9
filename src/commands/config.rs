//! `evctl config show`: the merged connection with its sources. Nothing connects, no password
//! file is read and nobody is prompted: it only reports where things would come from.

use anyhow::Context as _;

use super::Outcome;
use crate::domain::connection::{ConnectionArgs, RegistryArgs, RegistryShown};
use crate::output;
use crate::output::reporter::Reporter;
use crate::output::{Out, ReportFormat};
use crate::session::context;

#[derive(Debug)]
pub struct ConfigRequest {
    pub conn: ConnectionArgs,
    pub registry: RegistryArgs,
    pub format: ReportFormat,
}

pub fn run(_rep: &Reporter, out: &mut Out, r: ConfigRequest) -> anyhow::Result<Outcome> {
    let report = context::show(&r.conn)?;
    let registry = RegistryShown::new(&r.registry, &report.explained);
    let text = output::config::render(&report, &registry, r.format);
    output::write_text(out, &text).context("writing the report")?;
    Ok(Outcome::Success)
}
