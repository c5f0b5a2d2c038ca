//! How the process-global simulator is built (`clusim.h`, spec/c-abi.md CABI-SIM-*):
//! the settings a program chose with `ClusimSetTopologyFile` / `ClusimUseManualClock`
//! before its first ClusAPI call, else the environment (`CLUSIM_TOPOLOGY`,
//! `CLUSIM_CLOCK`), read once, when the simulator is built.
//!
//! A bad setting never panics and never silently falls back: its message goes to stderr
//! once, the simulator is built with the defaults (so the exports stay safe to call),
//! and `OpenCluster`, `OpenClusterEx` and the `Clusim…` controls that act on the running
//! simulator fail with the setting's code ([`startup_error`]) — a program that checks its
//! first call sees it.

use clusim_api::Win32Error;
use clusim_sim::Sim;
use parking_lot::Mutex;
use std::path::PathBuf;
use std::sync::OnceLock;

/// `ERROR_BAD_ENVIRONMENT` (10): a `CLUSIM_*` variable holds a value the library refuses.
pub(crate) const ERROR_BAD_ENVIRONMENT: Win32Error = Win32Error(10);
/// `ERROR_ALREADY_INITIALIZED` (1247): a setting made after the simulator was built.
pub(crate) const ERROR_ALREADY_INITIALIZED: Win32Error = Win32Error(1247);

/// The environment variable naming a topology file (spec/topology.md format).
pub(crate) const ENV_TOPOLOGY: &str = "CLUSIM_TOPOLOGY";
/// The environment variable choosing the clock: `manual`, or `auto` / `real` (wall time).
pub(crate) const ENV_CLOCK: &str = "CLUSIM_CLOCK";

/// What the program chose before the simulator was built.
struct Pending {
    /// The simulator is being or has been built: settings are final.
    started: bool,
    topology: Option<PathBuf>,
    manual_clock: bool,
}

static PENDING: Mutex<Pending> = Mutex::new(Pending { started: false, topology: None, manual_clock: false });
static STARTUP_ERROR: OnceLock<Option<Win32Error>> = OnceLock::new();

/// Records a setting while the simulator is not built yet; `ERROR_ALREADY_INITIALIZED`
/// (1247) once it is (any ClusAPI call builds it).
fn before_start(set: impl FnOnce(&mut Pending)) -> Result<(), Win32Error> {
    let mut p = PENDING.lock();
    if p.started {
        return Err(ERROR_ALREADY_INITIALIZED);
    }
    set(&mut p);
    Ok(())
}

/// `ClusimSetTopologyFile`: checks the file now (unreadable: `ERROR_FILE_NOT_FOUND`;
/// refused by the parser or the model: `ERROR_INVALID_DATA`, with the reason on stderr)
/// and uses it for every cluster the simulator creates.
pub(crate) fn set_topology_file(path: &str) -> Result<(), Win32Error> {
    check_topology(path)?;
    before_start(|p| p.topology = Some(PathBuf::from(path)))
}

/// `ClusimUseManualClock`: the simulator will run on a manual clock.
pub(crate) fn use_manual_clock() -> Result<(), Win32Error> {
    before_start(|p| p.manual_clock = true)
}

/// Reads and validates a topology file, reporting a failure on stderr.
fn check_topology(path: &str) -> Result<clusim_sim::SimBuilder, Win32Error> {
    if let Err(e) = std::fs::metadata(path) {
        eprintln!("libclusapi: topology file {path}: {e}");
        return Err(Win32Error::ERROR_FILE_NOT_FOUND);
    }
    Sim::builder().topology_file(path).map_err(|e| {
        eprintln!("libclusapi: topology file {e}");
        Win32Error::ERROR_INVALID_DATA
    })
}

/// The clock an environment value asks for: `Ok(true)` manual, `Ok(false)` wall time.
fn parse_clock(value: &str) -> Result<bool, Win32Error> {
    match value.trim().to_ascii_lowercase().as_str() {
        "manual" => Ok(true),
        "auto" | "real" | "" => Ok(false),
        _ => {
            eprintln!("libclusapi: {ENV_CLOCK}={value:?}: expected \"manual\" or \"auto\"");
            Err(ERROR_BAD_ENVIRONMENT)
        }
    }
}

/// Builds the simulator from the program's settings and the environment (called once,
/// by `global::sim`).
pub(crate) fn build() -> Sim {
    let (topology, manual) = {
        let mut p = PENDING.lock();
        p.started = true;
        (p.topology.clone(), p.manual_clock)
    };
    let mut error = None;
    let env_clock = match std::env::var(ENV_CLOCK) {
        Ok(v) => parse_clock(&v).unwrap_or_else(|e| {
            error = Some(e);
            false
        }),
        Err(std::env::VarError::NotPresent) => false,
        Err(std::env::VarError::NotUnicode(v)) => {
            eprintln!("libclusapi: {ENV_CLOCK}={v:?}: not valid Unicode");
            error = Some(ERROR_BAD_ENVIRONMENT);
            false
        }
    };
    let topology = topology.or_else(|| std::env::var_os(ENV_TOPOLOGY).map(PathBuf::from));
    let mut builder = Sim::builder();
    if let Some(path) = topology {
        match path.to_str().map(check_topology) {
            Some(Ok(b)) => builder = b,
            Some(Err(_)) | None => {
                if path.to_str().is_none() {
                    eprintln!("libclusapi: {ENV_TOPOLOGY}={path:?}: not valid Unicode");
                }
                error = error.or(Some(ERROR_BAD_ENVIRONMENT));
            }
        }
    }
    if manual || env_clock {
        builder = builder.manual_clock();
    }
    let _ = STARTUP_ERROR.set(error);
    crate::exports::sim_script::with_transitions_env(builder).build()
}

/// The code a bad setting left (`ERROR_BAD_ENVIRONMENT`, 10), after building the
/// simulator if it was not built yet.
pub(crate) fn startup_error() -> Option<Win32Error> {
    let _ = crate::global::sim();
    STARTUP_ERROR.get().copied().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    // CABI-SIM-ENV: the clock values and the code of a bad one.
    #[test]
    fn clock_values_are_manual_or_auto_and_anything_else_is_bad_environment() {
        assert_eq!(parse_clock("manual"), Ok(true));
        assert_eq!(parse_clock(" Manual "), Ok(true));
        assert_eq!(parse_clock("auto"), Ok(false));
        assert_eq!(parse_clock("real"), Ok(false));
        assert_eq!(parse_clock("sometimes"), Err(ERROR_BAD_ENVIRONMENT));
    }

    // CABI-SIM-TOPOLOGY: a missing file and a malformed one have distinct codes.
    #[test]
    fn topology_files_are_checked_before_they_are_accepted() {
        assert_eq!(check_topology("/nonexistent/clusim.toml").err(), Some(Win32Error::ERROR_FILE_NOT_FOUND));
        let dir = std::env::temp_dir().join(format!("clusim-startup-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let bad = dir.join("bad.toml");
        std::fs::write(&bad, "[[node]]\nnom = \"A\"\n").unwrap();
        assert_eq!(check_topology(bad.to_str().unwrap()).err(), Some(Win32Error::ERROR_INVALID_DATA));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
