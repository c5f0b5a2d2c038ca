//! Programs against `libclusapi_wchar32`, the 32-bit `WCHAR` flavour (spec/c-abi.md
//! CABI-WCHAR32, CABI-SIM-*):
//!
//! - the headers compile with `-DCLUSIM_WCHAR32` as C11 and C++17, without
//!   `-fshort-wchar`, and link against the static library;
//! - `examples/wchar32.c`, built the ordinary Linux way (`L""`, `wcslen`, `wprintf`),
//!   runs against the shared library — and, when valgrind is installed, under it;
//! - the Python ctypes watcher (`examples/python/watcher.py`) runs with `python3`;
//! - `CLUSIM_TOPOLOGY` / `CLUSIM_CLOCK` select the topology and clock of a program that
//!   cannot call clusim.h, and a bad value fails `OpenCluster` with
//!   `ERROR_BAD_ENVIRONMENT` and a message on stderr.
//!
//! When no C compiler (or no `python3`) exists, the tests that need it print why and pass
//! without running.

#[path = "../../libclusapi/tests/support/programs.rs"]
mod programs;

use programs::{check, have, libclusapi_dir, out_dir, run_to_end};
use std::path::{Path, PathBuf};
use std::process::Command;

const C_FLAGS: &[&str] = &["-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic", "-g", "-DCLUSIM_WCHAR32"];
const CXX_FLAGS: &[&str] =
    &["-std=c++17", "-Wall", "-Wextra", "-Werror", "-pedantic", "-g", "-DCLUSIM_WCHAR32", "-x", "c++"];
const LINK_LIBS: &[&str] = &["-lpthread", "-ldl", "-lm"];

/// `libclusapi_wchar32.{a,so}`, built once.
fn lib_dir() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
        programs::built_library_dir(&manifest, "libclusapi_wchar32.so")
    })
    .clone()
}

fn example(name: &str) -> PathBuf {
    libclusapi_dir().join("examples").join(name)
}

/// Compiles and links one source against the 32-bit flavour (`shared`: `-l` and an
/// rpath; else the static library).
fn build(compiler: &str, flags: &[&str], source: &Path, exe_name: &str, shared: bool) -> PathBuf {
    let exe = out_dir().join(exe_name);
    let lib = lib_dir();
    let mut cmd = Command::new(compiler);
    cmd.args(flags).arg("-I").arg(libclusapi_dir().join("include")).arg(source).arg("-o").arg(&exe);
    if shared {
        cmd.arg("-L").arg(&lib).arg("-lclusapi_wchar32").arg(format!("-Wl,-rpath,{}", lib.display()));
    } else {
        cmd.arg("-x").arg("none").arg(lib.join("libclusapi_wchar32.a"));
    }
    cmd.args(LINK_LIBS);
    let what = format!("compiling {exe_name}");
    check(&run_to_end(cmd, &what), &what);
    exe
}

macro_rules! need {
    ($tool:expr) => {
        match [$tool].into_iter().find(|t| have(t)) {
            Some(t) => t,
            None => {
                eprintln!("skipping: {} is not on PATH", $tool);
                return;
            }
        }
    };
}

// CABI-WCHAR32: with -DCLUSIM_WCHAR32 and no -fshort-wchar, WCHAR is wchar_t (4 bytes)
// and the layouts made of it follow (header_check.c's static assertions).
#[test]
fn headers_compile_for_the_32_bit_flavour_as_c11_and_cpp17() {
    let cc = need!("gcc");
    let cxx = need!("g++");
    for (compiler, flags, name) in [(cc, C_FLAGS, "w32_header_c11"), (cxx, CXX_FLAGS, "w32_header_cxx17")] {
        let exe = build(compiler, flags, &example("header_check.c"), name, false);
        check(&run_to_end(Command::new(&exe), name), name);
    }
}

// CABI-WCHAR32 and clusim.h: L"" names in and out (non-BMP included) with wcslen /
// wcscmp / wprintf, REG_SZ data sized by sizeof a wide literal, ClusimUseManualClock
// before the first call and ERROR_ALREADY_INITIALIZED after, ClusimNodeDown seen as
// NODE_STATE (FAULT-NODE-DOWN), ClusimCutConnection / ClusimRestoreConnection as
// CLUSTER_STATE / CLUSTER_RECONNECT with the cluster name (FAULT-CLUSTER-STATE,
// FAULT-RECONNECT), the port's counters (CABI-SIM-STATS).
#[test]
fn c_program_without_short_wchar_passes_wchar_t_strings_to_the_32_bit_flavour() {
    let cc = need!("gcc");
    let exe = build(cc, C_FLAGS, &example("wchar32.c"), "wchar32", true);
    let out = check(&run_to_end(Command::new(&exe), "wchar32"), "wchar32");
    let expected = [
        // "Données 😀 1": 11 characters, 12 UTF-16 units (the size a failed get reports,
        // CABI-WCHAR32).
        "group added: 11 wchar_t (size query said 12)",
        "owner: NODE1",
        // "wéird 🌍" and its NUL: 8 units of 4 bytes.
        "REG_SZ: 7 wchar_t in 32 bytes",
        "node state: NODE2",
        "connection cut and restored: CLUSTER",
        "port stats: pushed 5, queued 0",
        "wchar32: all checks passed",
    ];
    assert_eq!(out.lines().collect::<Vec<_>>(), expected, "{out}");
}

// spec/c-abi.md, "Memory checking", for the second flavour: one program, the usual flags.
#[test]
fn valgrind_passes_the_32_bit_flavour_program() {
    let cc = need!("gcc");
    let _ = need!("valgrind");
    let exe = build(cc, C_FLAGS, &example("wchar32.c"), "vg_wchar32", true);
    let mut cmd = Command::new("valgrind");
    cmd.args(["--leak-check=full", "--error-exitcode=9"]).arg(&exe);
    check(&run_to_end(cmd, "valgrind wchar32"), "valgrind wchar32");
}

/// Runs `python3` on `args` with the library path as its first argument.
fn python(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = Command::new("python3");
    cmd.args(args).arg(lib_dir().join("libclusapi_wchar32.so"));
    cmd.env_remove("CLUSIM_TOPOLOGY").env_remove("CLUSIM_CLOCK");
    // The watcher's expected sequences are those of instant transitions (MODEL-ASYNC's
    // switch): OfflineClusterResource answers 0 rather than ERROR_IO_PENDING.
    cmd.env("CLUSIM_TRANSITIONS", "instant");
    for (k, v) in env {
        cmd.env(k, v);
    }
    run_to_end(cmd, &format!("python3 {args:?}"))
}

// Issue 12 item 7: the ctypes watcher, written as for Windows (windll names through the
// shim, c_wchar buffers, GetClusterNotify with ERROR_MORE_DATA retry), sees a node
// failure take its resource offline and fail it over (FAULT-NODE-DOWN, MODEL-AGGREGATE)
// and an OfflineClusterResource (spec/model.md) exactly as documented.
#[test]
fn python_ctypes_watcher_sees_the_documented_failover_and_offline_sequences() {
    let _ = need!("python3");
    let script = example("python/watcher.py");
    let out = python(&[script.to_str().unwrap()], &[]);
    let stdout = check(&out, "watcher.py");
    assert!(stdout.contains("watcher: 12 events as documented, buffer grown 2 times"), "{stdout}");
}

/// A program that cannot call clusim.h: opens the local cluster and reports the handle's
/// presence, the last error, whether a group of the watcher's topology exists and
/// whether the clock is manual.
const PROBE: &str = r#"
import ctypes, sys
lib = ctypes.CDLL(sys.argv[1])
lib.OpenCluster.restype = ctypes.c_void_p
lib.OpenCluster.argtypes = [ctypes.c_wchar_p]
lib.OpenClusterGroup.restype = ctypes.c_void_p
lib.OpenClusterGroup.argtypes = [ctypes.c_void_p, ctypes.c_wchar_p]
lib.GetLastError.restype = ctypes.c_uint32
lib.ClusimAdvanceClock.restype = ctypes.c_uint32
lib.ClusimAdvanceClock.argtypes = [ctypes.c_uint32]
c = lib.OpenCluster(None)
if not c:
    print("OpenCluster: NULL, last error %d" % lib.GetLastError())
else:
    g = lib.OpenClusterGroup(c, "Web Tier \u2603")
    print("group: %s, advance: %d" % ("found" if g else "missing", lib.ClusimAdvanceClock(10)))
"#;

// CABI-SIM-ENV: CLUSIM_TOPOLOGY and CLUSIM_CLOCK=manual are read at the first call.
#[test]
fn environment_variables_select_the_topology_and_the_manual_clock() {
    let _ = need!("python3");
    let topology = example("python/watcher_topology.toml");
    let topology = topology.to_str().unwrap();
    let out = python(&["-c", PROBE], &[("CLUSIM_TOPOLOGY", topology), ("CLUSIM_CLOCK", "manual")]);
    assert_eq!(check(&out, "probe").trim(), "group: found, advance: 0");
    // The defaults: the built-in topology, the wall clock (advance: ERROR_INVALID_FUNCTION).
    let out = python(&["-c", PROBE], &[("CLUSIM_CLOCK", "auto")]);
    assert_eq!(check(&out, "probe").trim(), "group: missing, advance: 1");
}

// CABI-SIM-ENV: a bad value never panics and is never ignored: a message on stderr, and
// OpenCluster answers NULL with ERROR_BAD_ENVIRONMENT (10).
#[test]
fn bad_environment_values_fail_open_cluster_with_bad_environment_and_a_message() {
    let _ = need!("python3");
    for (var, value, message) in [
        (
            "CLUSIM_CLOCK",
            "sometimes",
            "libclusapi: CLUSIM_CLOCK=\"sometimes\": expected \"manual\" or \"auto\"",
        ),
        (
            "CLUSIM_TOPOLOGY",
            "/nonexistent/topology.toml",
            "libclusapi: topology file /nonexistent/topology.toml",
        ),
    ] {
        let out = python(&["-c", PROBE], &[(var, value)]);
        assert_eq!(check(&out, "probe").trim(), "OpenCluster: NULL, last error 10", "{var}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(message), "{var}: {stderr}");
    }
}
