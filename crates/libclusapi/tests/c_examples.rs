//! The C and C++ examples, built with the system compiler against the library this
//! package just built, and run (issue 6, "Examples that run in the test suite").
//!
//! - the headers (`clusapi.h` and the `windows.h` stand-in) compile cleanly as C11 and
//!   C++17, with and without `-fshort-wchar`;
//! - every function they declare links against the static library, and (when `nm`
//!   exists) every function the shared library exports is declared;
//! - the documented watcher (C and C++) reports exactly the physical disks created;
//! - the close race never hangs;
//! - the batch example reads the [MS-CMRP] notification record by record, and two
//!   coalesced batches;
//! - the watcher also links against `libclusapi.so` (`-lclusapi`);
//! - every gcc / g++ line of the README, run as written, builds a program that starts
//!   without `LD_LIBRARY_PATH` (issue 15);
//! - the Microsoft-style sample (`docs_notify.c`: windows.h, LocalAlloc, wprintf) runs;
//! - valgrind (when installed), with the usual flags and no suppression file, finds no
//!   invalid access and no leak in the examples.
//!
//! When no C compiler exists the tests print why and pass without running.

#[path = "support/programs.rs"]
mod programs;

use programs::{check, have, out_dir, run_to_end};
use std::path::{Path, PathBuf};
use std::process::Command;

const C_FLAGS: &[&str] = &["-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic", "-g"];
const CXX_FLAGS: &[&str] = &["-std=c++17", "-Wall", "-Wextra", "-Werror", "-pedantic", "-g"];
const LINK_LIBS: &[&str] = &["-lpthread", "-ldl", "-lm"];
fn compilers() -> Option<(&'static str, &'static str)> {
    let cc = ["gcc", "cc"].into_iter().find(|c| have(c))?;
    let cxx = ["g++", "c++"].into_iter().find(|c| have(c))?;
    Some((cc, cxx))
}

macro_rules! need_compilers {
    () => {
        match compilers() {
            Some(c) => c,
            None => {
                eprintln!("skipping: no C/C++ compiler (gcc/cc and g++/c++) on PATH");
                return;
            }
        }
    };
}

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn include_dir() -> PathBuf {
    crate_dir().join("include")
}

fn example(name: &str) -> PathBuf {
    crate_dir().join("examples").join(name)
}

/// The directory holding a fresh `libclusapi.a` and `libclusapi.so` (built once).
fn lib_dir() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| programs::built_library_dir(&crate_dir().join("Cargo.toml"), "libclusapi.a")).clone()
}

enum Link {
    Static,
    Shared,
}

/// Compiles and links one source file; returns the executable.
fn build(compiler: &str, flags: &[&str], source: &Path, exe_name: &str, link: Link) -> PathBuf {
    let exe = out_dir().join(exe_name);
    let lib = lib_dir();
    let mut cmd = Command::new(compiler);
    cmd.args(flags).arg("-I").arg(include_dir()).arg(source).arg("-o").arg(&exe);
    match link {
        Link::Static => {
            // After the source: `-x none` ends a `-x c++` given in `flags`.
            cmd.arg("-x").arg("none").arg(lib.join("libclusapi.a"));
        }
        Link::Shared => {
            cmd.arg("-L").arg(&lib).arg("-lclusapi").arg(format!("-Wl,-rpath,{}", lib.display()));
        }
    }
    cmd.args(LINK_LIBS);
    check(&run_to_end(cmd, &format!("compiling {exe_name}")), &format!("compiling {exe_name}"));
    exe
}

fn run(exe: &Path) -> String {
    let what = exe.file_name().unwrap().to_string_lossy().into_owned();
    // `cargo test` puts its own target directories on LD_LIBRARY_PATH, which outranks
    // the program's RUNPATH: a libclusapi.so left there by an earlier `cargo build`
    // would be loaded instead of the fresh one the program was linked against.
    let mut cmd = Command::new(exe);
    cmd.env_remove("LD_LIBRARY_PATH");
    check(&run_to_end(cmd, &what), &what)
}

fn disks(stdout: &str) -> Vec<&str> {
    stdout.lines().filter_map(|l| l.strip_prefix("physical disk: ")).collect()
}

#[test]
fn header_compiles_cleanly_as_c11_and_cpp17_with_and_without_short_wchar() {
    let (cc, cxx) = need_compilers!();
    let src = example("header_check.c");
    let variants: [(&str, Vec<&str>, &str); 4] = [
        (cc, C_FLAGS.to_vec(), "header_c11"),
        (cc, [C_FLAGS, &["-fshort-wchar"]].concat(), "header_c11_short_wchar"),
        (cxx, [CXX_FLAGS, &["-x", "c++"]].concat(), "header_cxx17"),
        (cxx, [CXX_FLAGS, &["-fshort-wchar", "-x", "c++"]].concat(), "header_cxx17_short_wchar"),
    ];
    for (compiler, flags, name) in variants {
        let exe = build(compiler, &flags, &src, name, Link::Static);
        run(&exe);
    }
}

/// The headers in `include/`: `clusapi.h`, the `clusapi_win32.h`, `clusapi_controls.h`,
/// `clusapi_ex.h` and `clusapi_v2.h` it includes, `windows.h`, and the simulator's
/// controls, `clusim.h`.
const HEADERS: &[&str] = &[
    "clusapi.h",
    "clusapi_win32.h",
    "clusapi_controls.h",
    "clusapi_ex.h",
    "clusapi_v2.h",
    "windows.h",
    "clusim.h",
];

/// The function names the headers declare (`… WINAPI Name(`).
fn declared_functions() -> Vec<String> {
    let text: String = HEADERS
        .iter()
        .map(|h| std::fs::read_to_string(include_dir().join(h)).unwrap_or_else(|e| panic!("read {h}: {e}")))
        .collect();
    let mut names: Vec<String> = text
        .split("WINAPI ")
        .skip(1)
        .filter_map(|rest| {
            let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            rest[name.len()..].starts_with('(').then_some(name)
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

#[test]
fn every_declared_function_links_and_every_export_is_declared() {
    let (cc, _) = need_compilers!();
    let names = declared_functions();
    // The 118 of clusapi.h (GetLastError and SetLastError among them, the 5 V2 functions)
    // and windows.h's LocalAlloc, LocalFree, Sleep, WaitForSingleObject,
    // WaitForMultipleObjects and CloseHandle.
    assert!(names.len() >= 124, "the headers declare only {} functions", names.len());
    let mut src = String::from(
        "#include <windows.h>\n#include <clusapi.h>\n#include <clusim.h>\n#include <stdio.h>\nint main(void) {\n    void (*volatile fns[])(void) = {\n",
    );
    for n in &names {
        src.push_str(&format!("        (void (*)(void)){n},\n"));
    }
    src.push_str("    };\n    int n = 0;\n    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) n += fns[i] != 0;\n");
    src.push_str("    printf(\"%d\\n\", n);\n    return 0;\n}\n");
    let file = out_dir().join("all_functions.c");
    std::fs::write(&file, src).expect("write all_functions.c");
    let exe = build(cc, &[C_FLAGS, &["-fshort-wchar"]].concat(), &file, "all_functions", Link::Static);
    assert_eq!(run(&exe).trim(), names.len().to_string());

    if !have("nm") {
        eprintln!("nm not found: skipping the exported-symbols-are-declared half");
        return;
    }
    let out = Command::new("nm").args(["-D", "--defined-only"]).arg(lib_dir().join("libclusapi.so")).output();
    let Ok(out) = out else { return };
    let exported: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            let (_, kind, name) = (parts.next()?, parts.next()?, parts.next()?);
            (kind == "T").then(|| name.to_string())
        })
        .filter(|n| n.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
        .collect();
    for e in &exported {
        assert!(names.contains(e), "libclusapi.so exports {e}, which no header in include/ declares");
    }
    assert_eq!(exported.len(), names.len(), "exports {exported:?}");
}

/// MODEL-ASYNC: OnlineClusterResource answers ERROR_IO_PENDING and the C code written as
/// for Windows waits for the state notification; a resource scripted to fail
/// (MODEL-SCRIPT, clusim.h) ends Failed (state 4), a normal one Online (state 2).
#[test]
fn c_code_waits_for_io_pending_to_resolve() {
    let (cc, _) = need_compilers!();
    let exe = build(
        cc,
        &[C_FLAGS, &["-fshort-wchar"]].concat(),
        &example("online_pending.c"),
        "online_pending",
        Link::Static,
    );
    let out = run(&exe);
    assert!(out.contains("Pending Disk: ERROR_IO_PENDING\nPending Disk: state 2\n"), "{out}");
    assert!(out.contains("Broken Disk: ERROR_IO_PENDING\nBroken Disk: state 4\n"), "{out}");
}

#[test]
fn watcher_in_c_reports_exactly_the_physical_disks() {
    let (cc, _) = need_compilers!();
    let exe =
        build(cc, &[C_FLAGS, &["-fshort-wchar"]].concat(), &example("watcher.c"), "watcher", Link::Static);
    let out = run(&exe);
    assert_eq!(disks(&out), ["Disk A", "Disk B", "Disk C"], "{out}");
    assert!(out.contains("resources added: 6, physical disks: 3"), "{out}");
}

#[test]
fn watcher_in_cpp_reports_exactly_the_physical_disks() {
    let (_, cxx) = need_compilers!();
    let exe = build(cxx, CXX_FLAGS, &example("watcher.cpp"), "watcher_cpp", Link::Static);
    let out = run(&exe);
    assert_eq!(disks(&out), ["Disk X", "Disk Y"], "{out}");
}

#[test]
fn watcher_links_with_lclusapi_against_the_shared_library() {
    let (cc, _) = need_compilers!();
    let exe = build(
        cc,
        &[C_FLAGS, &["-fshort-wchar"]].concat(),
        &example("watcher.c"),
        "watcher_shared",
        Link::Shared,
    );
    let out = run(&exe);
    assert_eq!(disks(&out), ["Disk A", "Disk B", "Disk C"], "{out}");
}

#[test]
fn close_race_never_hangs_and_every_waiter_sees_invalid_handle() {
    let (cc, _) = need_compilers!();
    let exe = build(
        cc,
        &[C_FLAGS, &["-fshort-wchar"]].concat(),
        &example("close_race.c"),
        "close_race",
        Link::Static,
    );
    let out = run(&exe);
    assert!(out.contains("300 rounds, 300 waiters answered ERROR_INVALID_HANDLE"), "{out}");
}

#[test]
fn batch_example_reads_the_cmrp_records_and_a_coalesced_notification() {
    let (cc, _) = need_compilers!();
    let exe = build(cc, &[C_FLAGS, &["-fshort-wchar"]].concat(), &example("batch.c"), "batch", Link::Static);
    let out = run(&exe);
    let records: Vec<&str> = out
        .lines()
        .filter_map(|l| l.split_once(": ").filter(|(p, _)| p.starts_with("record ")).map(|(_, r)| r))
        .map(|r| r.split_whitespace().next().unwrap_or(""))
        .collect();
    assert_eq!(
        records,
        [
            "CLUSREG_DELETE_VALUE",
            "CLUSREG_SET_VALUE",
            "CLUSREG_VALUE_DELETED",
            "CLUSREG_SET_VALUE",
            "CLUSREG_VALUE_DELETED",
            "CLUSREG_DELETE_VALUE",
            "CLUSREG_CREATE_KEY",
            "CLUSREG_SET_VALUE",
            "CLUSREG_CREATE_KEY",
            "CLUSREG_SET_VALUE",
        ],
        "{out}"
    );
    assert!(out.contains("REG_SZ \"hello universe\""), "{out}");
    assert!(out.contains("batch records: 6 as [MS-CMRP] shows them, 4 from two coalesced batches"), "{out}");
}

// The documented V2 watcher loop (CABI-EVENT, CABI-V2-GET): GetNotifyEventHandle, then
// WaitForSingleObject and a drain of GetClusterNotifyV2 until WAIT_TIMEOUT, with the
// ERROR_MORE_DATA retry (N17: the event stays queued). Expected per the ApiGetNotifyV2
// table (fact sheet §1.6): CLUSTER GROUP_ADDED_V2 carries the group's name, its id as
// ObjectId (the one CLUSCTL_GROUP_GET_ID returns) and a DWORD group type
// (ClusGroupTypeUnknown, 9999, for a group made by CreateClusterGroup: spec/v2.md);
// GROUP STATE_V2 a DWORD state (ClusterGroupPending 4, ClusterGroupOnline 0,
// ClusterGroupOffline 1); GROUP OWNER_NODE_V2 the new owner node's id (=
// CLUSCTL_NODE_GET_ID of the destination); GROUP DELETED_V2 an empty buffer. The order is
// the group sequences of spec/v2.md: online through pending; a move is offline on the
// source, the owner change, online on the destination.
#[test]
fn v2_watcher_drains_on_the_event_and_checks_ids_against_get_id() {
    let (cc, _) = need_compilers!();
    let c_flags = [C_FLAGS, &["-fshort-wchar"]].concat();
    let exe = build(cc, &c_flags, &example("v2_watcher.c"), "v2_watcher", Link::Static);
    let out = run(&exe);
    let state = |s: u32| format!("key 42 GROUP STATE name=V2 Group bytes=4 dword={s}");
    let mut expected = vec!["key 42 CLUSTER GROUP_ADDED name=V2 Group bytes=4 dword=9999".to_string()];
    expected.extend([state(4), state(0), state(4), state(1)]);
    expected.push("OWNER_NODE".into());
    expected.extend([state(4), state(0), state(4), state(1)]);
    expected.push("key 42 GROUP DELETED name=V2 Group bytes=0".into());
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), expected.len() + 1, "{out}");
    for (got, want) in lines.iter().zip(&expected) {
        if want == "OWNER_NODE" {
            assert!(got.starts_with("key 42 GROUP OWNER_NODE name=V2 Group bytes=4 id="), "{out}");
        } else {
            assert_eq!(got, want, "{out}");
        }
    }
    let last = lines.last().copied().unwrap_or_default();
    assert!(last.ends_with("ERROR_MORE_DATA retries, group id matches, owner node id matches"), "{out}");
    assert!(!last.contains(" 0 ERROR_MORE_DATA"), "the small first buffers need a retry: {out}");
}

/// The usual valgrind flags (issue 15): no suppression file, so any definite or possible
/// leak, and any invalid access, fails the run with exit code 9.
const VALGRIND_FLAGS: &[&str] = &["--leak-check=full", "--error-exitcode=9"];

// spec/c-abi.md, "Memory checking": a program that closes every handle leaves nothing
// behind, so valgrind passes with the usual flags and no suppression file.
#[test]
fn valgrind_with_the_usual_flags_and_no_suppression_file_passes_every_example() {
    let (cc, cxx) = need_compilers!();
    if !have("valgrind") {
        eprintln!("skipping: valgrind is not installed (spec/c-abi.md gives the command to run by hand)");
        return;
    }
    let c_flags = [C_FLAGS, &["-fshort-wchar"]].concat();
    let programs = [
        build(cc, &c_flags, &example("watcher.c"), "vg_watcher", Link::Static),
        build(cxx, CXX_FLAGS, &example("watcher.cpp"), "vg_watcher_cpp", Link::Static),
        build(cc, &c_flags, &example("close_race.c"), "vg_close_race", Link::Static),
        build(cc, &c_flags, &example("batch.c"), "vg_batch", Link::Static),
        build(cc, &c_flags, &example("docs_notify.c"), "vg_docs_notify", Link::Static),
        build(cc, &c_flags, &example("docs_notify.c"), "vg_docs_notify_shared", Link::Shared),
        build(cc, &c_flags, &example("v2_watcher.c"), "vg_v2_watcher", Link::Static),
    ];
    for exe in programs {
        let mut cmd = Command::new("valgrind");
        cmd.args(VALGRIND_FLAGS).arg(&exe);
        let what = format!("valgrind {}", exe.display());
        check(&run_to_end(cmd, &what), &what);
    }
}

/// The `## C and C++` section the README shows: `README-C-SECTION.md` at the workspace
/// root while that text waits to be pasted into README.md, README.md's own section after.
fn readme_c_section() -> String {
    let root = crate_dir().join("../..");
    if let Ok(text) = std::fs::read_to_string(root.join("README-C-SECTION.md")) {
        return text;
    }
    let readme = std::fs::read_to_string(root.join("README.md")).expect("read README.md");
    let start = readme.find("## C and C++").expect("README.md has a `## C and C++` section");
    let rest = &readme[start + 2..];
    rest[..rest.find("\n## ").unwrap_or(rest.len())].to_string()
}

/// The compiler command lines of the README's `sh` block (continuations joined).
fn readme_compile_lines() -> Vec<String> {
    let text = readme_c_section();
    let block = text.split("```sh\n").nth(1).and_then(|b| b.split("```").next()).expect("a ```sh block");
    let joined = block.replace("\\\n", " ");
    joined
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| l.starts_with("gcc ") || l.starts_with("g++ "))
        .collect()
}

#[cfg(unix)]
fn link_dir(target: &Path, link: &Path) {
    if let Some(parent) = link.parent() {
        std::fs::create_dir_all(parent).expect("create link parent");
    }
    let _ = std::fs::remove_file(link);
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

/// Runs one README line as written (through `sh`, in a directory laid out as the
/// workspace: `crates/libclusapi/include`, `target/release` holding the libraries just
/// built, the program as `prog.c` / `prog.cpp`) plus `-o prog`; returns the program.
#[cfg(unix)]
fn build_with_readme_line(line: &str, source: &Path, name: &str) -> PathBuf {
    let dir = out_dir().join(name);
    std::fs::create_dir_all(&dir).expect("create the README build directory");
    link_dir(&include_dir(), &dir.join("crates/libclusapi/include"));
    link_dir(&lib_dir(), &dir.join("target/release"));
    let prog = if line.starts_with("g++ ") { "prog.cpp" } else { "prog.c" };
    assert!(line.contains(prog), "README line does not compile {prog}: {line}");
    std::fs::copy(source, dir.join(prog)).expect("copy the example");
    let mut cmd = Command::new("sh");
    cmd.arg("-c").arg(format!("{line} -o prog")).current_dir(&dir);
    let what = format!("README line `{line}`");
    let out = run_to_end(cmd, &what);
    check(&out, &what);
    assert!(out.stderr.is_empty(), "{what} warns:\n{}", String::from_utf8_lossy(&out.stderr));
    dir.join("prog")
}

/// Runs a program from `/` with no `LD_LIBRARY_PATH`, as a user starting it would.
fn run_without_library_path(exe: &Path) -> String {
    let mut cmd = Command::new(exe);
    cmd.env_remove("LD_LIBRARY_PATH").current_dir("/");
    let what = format!("{} (no LD_LIBRARY_PATH)", exe.display());
    check(&run_to_end(cmd, &what), &what)
}

// Issue 15 item 4: every gcc / g++ line of the README builds a program that starts (shared
// library found through the rpath, or the static library) — the C lines with the
// docs-style sample, the C++ lines with watcher.cpp (u"..." literals, no char16_t errors).
#[cfg(unix)]
#[test]
fn readme_gcc_and_gpp_lines_build_programs_that_start_without_ld_library_path() {
    let _ = need_compilers!();
    let lines = readme_compile_lines();
    let shared = |l: &&String| l.contains("-lclusapi") && l.contains("-Wl,-rpath,");
    let static_ = |l: &&String| l.contains("libclusapi.a");
    for compiler in ["gcc ", "g++ "] {
        let mine: Vec<&String> = lines.iter().filter(|l| l.starts_with(compiler)).collect();
        assert!(mine.iter().any(shared), "no shared-library {compiler}line with -Wl,-rpath in {lines:?}");
        assert!(mine.iter().any(static_), "no static-library {compiler}line in {lines:?}");
    }
    for (i, line) in lines.iter().enumerate() {
        let name = format!("readme_line_{i}");
        if line.starts_with("g++ ") {
            let exe = build_with_readme_line(line, &example("watcher.cpp"), &name);
            let out = run_without_library_path(&exe);
            assert_eq!(disks(&out), ["Disk X", "Disk Y"], "{line}:\n{out}");
        } else {
            let exe = build_with_readme_line(line, &example("docs_notify.c"), &name);
            let out = run_without_library_path(&exe);
            assert!(out.contains("event 0x00004000 key 7: Docs Group"), "{line}:\n{out}");
        }
    }
}

// spec/c-abi.md, "windows.h": a Microsoft-style sample (windows.h, LocalAlloc'd buffer,
// ERROR_MORE_DATA retry, wprintf with %s and %lu, GetLastError) compiles warning-free as
// C11 and runs. Expected values: ERROR_INVALID_HANDLE is 6 and WAIT_TIMEOUT 258 (winerror.h);
// CLUSTER_CHANGE_GROUP_ADDED 0x4000, CLUSTER_CHANGE_RESOURCE_ADDED 0x400 (clusapi.h);
// PORT-MORE-DATA (SDK-GCN, N1): ERROR_MORE_DATA leaves the length without the NUL in
// *lpcchName and keeps the event for the retry.
#[test]
fn docs_style_sample_with_windows_h_retries_on_more_data_and_prints_dwords_with_lu() {
    let (cc, _) = need_compilers!();
    let c_flags = [C_FLAGS, &["-fshort-wchar"]].concat();
    let exe = build(cc, &c_flags, &example("docs_notify.c"), "docs_notify", Link::Shared);
    let out = run_without_library_path(&exe);
    let expected = [
        "CloseCluster(NULL) failed as documented: 6",
        "buffer of 4 characters too small: 11 needed",
        "event 0x00004000 key 7: Docs Group",
        "buffer of 4 characters too small: 10 needed",
        "event 0x00000400 key 7: Docs Disk",
        "2 events, then WAIT_TIMEOUT (258)",
    ];
    assert_eq!(out.lines().collect::<Vec<_>>(), expected, "{out}");
}
