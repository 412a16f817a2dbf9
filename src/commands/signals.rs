//! Ctrl-C and SIGTERM as a flag the long-running loops check, so they can flush output,
//! commit offsets and shut the embedded broker down cleanly instead of dying mid-write.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use anyhow::Context as _;

pub fn stop_flag() -> anyhow::Result<Arc<AtomicBool>> {
    let flag = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(sig, Arc::clone(&flag))
            .context("installing the signal handler")?;
    }
    Ok(flag)
}
