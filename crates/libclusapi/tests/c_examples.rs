//! The C and C++ examples, built with the system compiler against the library this
//! package just built, and run (issue 6, "Examples that run in the test suite").
//!
//! - the header compiles cleanly as C11 and C++17, with and without `-fshort-wchar`;
//! - every function the header declares links against the static library, and (when
//!   `nm` exists) every function the shared library exports is declared;
//! - the documented watcher (C and C++) reports exactly the physical disks created;
//! - the close race never hangs;
//! - the batch example reads the [MS-CMRP] notification record by record, and two
//!   coalesced batches;
//! - the watcher also links against `libclusapi.so` (`-lclusapi`);
//! - valgrind (when installed) finds no invalid access and no leak in the examples.
//!
//! When no C compiler exists the tests print why and pass without running.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const C_FLAGS: &[&str] = &["-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic", "-g"];
const CXX_FLAGS: &[&str] = &["-std=c++17", "-Wall", "-Wextra", "-Werror", "-pedantic", "-g"];
const LINK_LIBS: &[&str] = &["-lpthread", "-ldl", "-lm"];
/// No example takes more than a few seconds, even under valgrind.
const RUN_LIMIT: Duration = Duration::from_secs(120);

fn have(tool: &str) -> bool {
    Command::new(tool).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok()
}

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

/// The directory holding a fresh `libclusapi.a` and `libclusapi.so`. `cargo test` does not
/// build a package's `staticlib`/`cdylib`, so the first caller builds them with a nested
/// `cargo build` into its own target directory (under `target/tmp`, so it never waits
/// for the outer cargo's lock); later calls reuse the result.
fn lib_dir() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("libclusapi-build");
        let cargo = option_env!("CARGO").unwrap_or("cargo");
        let manifest = crate_dir().join("Cargo.toml");
        let out = Command::new(cargo)
            .args(["build", "--quiet", "--lib", "--manifest-path"])
            .arg(&manifest)
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .expect("run cargo build for the C library");
        assert!(
            out.status.success(),
            "building libclusapi failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let dir = target.join("debug");
        assert!(dir.join("libclusapi.a").exists(), "{} has no libclusapi.a", dir.display());
        dir
    })
    .clone()
}

fn out_dir() -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("c-examples");
    std::fs::create_dir_all(&d).expect("create the example output directory");
    d
}

fn run_to_end(mut cmd: Command, what: &str) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{what}: cannot start: {e}"));
    let start = Instant::now();
    loop {
        if child.try_wait().expect("poll child").is_some() {
            return child.wait_with_output().expect("collect output");
        }
        if start.elapsed() > RUN_LIMIT {
            let _ = child.kill();
            let out = child.wait_with_output().expect("collect output");
            panic!(
                "{what}: still running after {RUN_LIMIT:?} (hung); stdout:\n{}\nstderr:\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn check(out: &Output, what: &str) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{what} failed ({}):\nstdout:\n{stdout}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
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
    check(&run_to_end(Command::new(exe), &what), &what)
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

/// The function names the header declares (`… WINAPI Name(`).
fn declared_functions() -> Vec<String> {
    let text = std::fs::read_to_string(include_dir().join("clusapi.h")).expect("read clusapi.h");
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
    assert!(names.len() >= 113, "header declares only {} functions", names.len());
    let mut src = String::from(
        "#include <clusapi.h>\n#include <stdio.h>\nint main(void) {\n    void (*volatile fns[])(void) = {\n",
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
        assert!(names.contains(e), "libclusapi.so exports {e}, which clusapi.h does not declare");
    }
    assert_eq!(exported.len(), names.len(), "exports {exported:?}");
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

#[test]
fn valgrind_finds_no_invalid_access_or_leak_in_the_examples() {
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
    ];
    for exe in programs {
        let mut cmd = Command::new("valgrind");
        cmd.args(["--error-exitcode=99", "--leak-check=full", "--errors-for-leak-kinds=definite,possible"])
            .arg(format!("--suppressions={}", crate_dir().join("valgrind.supp").display()))
            .arg(&exe);
        let what = format!("valgrind {}", exe.display());
        check(&run_to_end(cmd, &what), &what);
    }
}
