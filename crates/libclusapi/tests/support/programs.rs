//! Building and running programs from the test suites (the C examples, the 32-bit
//! flavour's C program, the Python watcher): tools on PATH, the libraries a nested
//! `cargo build` leaves, running with a time limit. Shared by `crates/libclusapi` and
//! `crates/libclusapi-wchar32` (`#[path]`).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

/// No example takes more than a few seconds, even under valgrind.
pub const RUN_LIMIT: Duration = Duration::from_secs(120);

/// Whether `tool --version` runs.
pub fn have(tool: &str) -> bool {
    Command::new(tool).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok()
}

/// `crates/libclusapi`.
pub fn libclusapi_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../libclusapi")
}

/// The directory holding a fresh build of the package at `manifest` (its `staticlib` and
/// `cdylib`, named `lib_file` to check). `cargo test` does not build a package's
/// `staticlib`/`cdylib`, so a nested `cargo build` makes them, into one target directory
/// under `target/tmp` shared by both flavours (so it never waits for the outer cargo's
/// lock, and the flavours share their dependencies); later calls reuse the result.
pub fn built_library_dir(manifest: &Path, lib_file: &str) -> PathBuf {
    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("libclusapi-build");
    let cargo = option_env!("CARGO").unwrap_or("cargo");
    let out = Command::new(cargo)
        .args(["build", "--quiet", "--lib", "--manifest-path"])
        .arg(manifest)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("run cargo build for the C library");
    assert!(out.status.success(), "building {lib_file} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    let dir = target.join("debug");
    assert!(dir.join(lib_file).exists(), "{} has no {lib_file}", dir.display());
    dir
}

/// A directory for built programs.
pub fn out_dir() -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("c-examples");
    std::fs::create_dir_all(&d).expect("create the example output directory");
    d
}

/// Runs `cmd` to its end, collecting its output; a run longer than `RUN_LIMIT` is killed
/// and reported as a hang. A thread waits for the child and sends its output on a
/// channel, so the limit is a `recv_timeout`, not a polling sleep.
pub fn run_to_end(mut cmd: Command, what: &str) -> Output {
    let child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{what}: cannot start: {e}"));
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(RUN_LIMIT) {
        Ok(out) => out.expect("collect output"),
        Err(_) => {
            // The child is not reaped until the waiting thread returns, so `pid` is still it.
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            let out = rx.recv().expect("waiter thread").expect("collect output");
            panic!(
                "{what}: still running after {RUN_LIMIT:?} (hung); stdout:\n{}\nstderr:\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

/// The program's stdout, after asserting it succeeded.
pub fn check(out: &Output, what: &str) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{what} failed ({}):\nstdout:\n{stdout}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}
