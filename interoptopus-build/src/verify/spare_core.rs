//! Whether the layout check may run a second compiler process beside the first.
//!
//! Splitting the assertions into two translation units halves the check's wall time when a
//! core is idle and costs ≈ 1 s of extra CPU (the header is parsed twice), which in a cold
//! `cargo build` is taken from the rustc processes cargo runs beside the build script. Cargo
//! knows which is the case: it hands build scripts its jobserver (`CARGO_MAKEFLAGS`), whose
//! pipe holds one byte per idle job slot. Under cargo the split happens only when a slot is
//! idle; outside cargo (the CLI, tests) the machine's parallelism decides.

/// Permission to run one more process than the build script's own slot; dropping it gives a
/// taken jobserver slot back.
pub enum SpareCore {
    /// Under a jobserver that can be asked without waiting (a fifo), the slot taken from it.
    Slot(jobserver::Acquired),
    /// Under cargo's pipe jobserver, a slot that was idle when asked. It is not taken: a pipe
    /// shared with cargo can only be read blocking, and waiting for a slot (up to a whole
    /// rustc run) would cost more than not splitting. Another job may start meanwhile; the
    /// overlap is the check's ≈ 2 s at most.
    IdleSlot,
    /// No jobserver in the environment and more than one CPU.
    Machine,
}

/// A spare core for the layout check, if there is one.
pub fn spare_core() -> Option<SpareCore> {
    if std::env::var_os("CARGO_MAKEFLAGS").is_some() {
        return jobserver_slot();
    }
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    (cpus > 1).then_some(SpareCore::Machine)
}

/// A slot of cargo's jobserver when one is idle right now. A jobserver that cannot be opened
/// or counted (an unusual platform) means no split, never an error: the check is only slower.
fn jobserver_slot() -> Option<SpareCore> {
    // SAFETY: `from_env_ext` takes ownership of the file descriptors named in
    // `CARGO_MAKEFLAGS`. Cargo opened them for this process; with `check_pipe` they are used
    // only if they are still a pipe or fifo, so a descriptor number reused for another file
    // is rejected rather than read from.
    let client = unsafe { jobserver::Client::from_env_ext(true) }
        .client
        .ok()?;
    match client.try_acquire() {
        Ok(slot) => slot.map(SpareCore::Slot),
        Err(e) if e.kind() == std::io::ErrorKind::Unsupported => {
            (client.available().ok()? > 0).then_some(SpareCore::IdleSlot)
        }
        Err(_) => None,
    }
}
