//! Thin entry point: everything lives in the library so tests can reach it.

/// mimalloc instead of glibc's allocator: the simulation's many small, short-lived values
/// (decoded events, JSON maps) spent a quarter of its CPU in malloc/free.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(evctl::main_exit_code());
}
