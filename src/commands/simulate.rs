//! `evctl simulate marketplace`: runs the simulate room and prints its report. The exit
//! status is the invariants' (1 when one fails), 130 when Ctrl-C cut the run short.

use anyhow::Context as _;

use super::Outcome;
use crate::output::reporter::Reporter;
use crate::output::{self, Out};
use crate::simulate;
pub use crate::simulate::SimulateRequest;

pub fn run(rep: &Reporter, out: &mut Out, r: SimulateRequest) -> anyhow::Result<Outcome> {
    let format = r.format;
    let ended = simulate::run(rep, r, None, &mut |report| {
        output::simulation::write(out, report, format).context("writing the report")
    })?;
    Ok(ended.into())
}
