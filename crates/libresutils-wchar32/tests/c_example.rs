//! The C example of the 32-bit flavour (`crates/libresutils/examples/wchar32.c`), built
//! the ordinary Linux way (`-DCLUSIM_WCHAR32`, no `-fshort-wchar`: `L""`, `wcslen`,
//! `wprintf`) against `libresutils_wchar32.so` and `libclusapi_wchar32.so`, run, and run
//! under valgrind (spec/c-abi.md RESUTILS-WCHAR32, "Memory checking"). resutils.h also
//! compiles for this flavour as C++17. Without gcc (or valgrind) a test prints why and
//! passes without running.

#[path = "../../libclusapi/tests/support/programs.rs"]
mod programs;

use programs::{check, have, out_dir, run_to_end};
use std::path::PathBuf;
use std::process::Command;

const FLAGS: &[&str] = &["-Wall", "-Wextra", "-Werror", "-pedantic", "-g", "-DCLUSIM_WCHAR32"];

fn crates() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `libclusapi_wchar32.so` and `libresutils_wchar32.so`, built once, in one directory.
fn lib_dir() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let manifest = |p: &str| crates().join(p).join("Cargo.toml");
        programs::built_library_dir(&manifest("libclusapi-wchar32"), "libclusapi_wchar32.so");
        programs::built_library_dir(&manifest("libresutils-wchar32"), "libresutils_wchar32.so")
    })
    .clone()
}

/// Compiles `source` with `compiler` and `std` against both 32-bit libraries.
fn build(compiler: &str, std: &str, source: &std::path::Path, exe_name: &str) -> PathBuf {
    let (exe, lib) = (out_dir().join(exe_name), lib_dir());
    let mut cmd = Command::new(compiler);
    cmd.arg(std).args(FLAGS);
    for include in ["libclusapi/include", "libresutils/include"] {
        cmd.arg("-I").arg(crates().join(include));
    }
    cmd.arg(source).arg("-o").arg(&exe).arg("-L").arg(&lib);
    cmd.args(["-lresutils_wchar32", "-lclusapi_wchar32", "-lpthread", "-ldl", "-lm"]);
    cmd.arg(format!("-Wl,-rpath,{}", lib.display()));
    let what = format!("compiling {exe_name}");
    check(&run_to_end(cmd, &what), &what);
    exe
}

/// Runs `program` (with `args`) without cargo's LD_LIBRARY_PATH, which outranks the
/// program's RUNPATH and could load a library an earlier `cargo build` left in
/// target/debug.
fn run(program: &str, args: &[&std::ffi::OsStr], what: &str) -> String {
    let mut cmd = Command::new(program);
    cmd.args(args).env_remove("LD_LIBRARY_PATH");
    check(&run_to_end(cmd, what), what)
}

fn example() -> PathBuf {
    crates().join("libresutils/examples/wchar32.c")
}

// RESUTILS-WCHAR32: a C client without -fshort-wchar passes L"" strings to every kind
// of libresutils_wchar32 function and reads wchar_t strings and UTF-32 lists back.
#[test]
fn c_program_without_short_wchar_uses_wchar_t_strings_with_the_32_bit_resutils() {
    if !have("gcc") {
        eprintln!("skipping: gcc is not on PATH");
        return;
    }
    let exe = build("gcc", "-std=c11", &example(), "resutils_wchar32");
    let out = run(exe.to_str().unwrap(), &[], "resutils_wchar32");
    let expected = [
        // "Données 😀 1": 11 characters, one wchar_t each.
        "group name: 11 wchar_t",
        // The documented default (resapi.h / the Resource common properties page).
        "RestartThreshold=3",
        // An empty MULTI_SZ is its final NUL: one 4-byte wchar_t.
        "AntiAffinityClassNames: 4 bytes",
        // count 4 + name entry 8 + "Größe 🌍\0" 8×4 + value entry 8 + "Wert 😀\0" 7×4
        // + ENDMARK 4.
        "list: 84 bytes, name 32 bytes, value Wert \u{1F600}",
        // The default topology has one Physical Disk, "Cluster Disk 1".
        "physical disks: 1",
        "dependency: Cluster IP Address",
        "bad unit: 87",
        "resutils wchar32: all checks passed",
    ];
    assert_eq!(out.lines().collect::<Vec<_>>(), expected, "{out}");
    if have("g++") {
        let src = out_dir().join("resutils_w32_header.cpp");
        std::fs::write(&src, "#include <resutils.h>\n#include <resutils.h>\nint main() { return 0; }\n")
            .unwrap();
        build("g++", "-std=c++17", &src, "resutils_w32_header_cpp");
    }
}

// spec/c-abi.md, "Memory checking", for the 32-bit resutils: the example under
// valgrind with the usual flags and no suppression file.
#[test]
fn valgrind_passes_the_32_bit_resutils_program() {
    if !have("gcc") || !have("valgrind") {
        eprintln!("skipping: gcc or valgrind is not on PATH");
        return;
    }
    let exe = build("gcc", "-std=c11", &example(), "vg_resutils_wchar32");
    let args = ["--leak-check=full", "--error-exitcode=9"].map(std::ffi::OsStr::new);
    run("valgrind", &[args[0], args[1], exe.as_os_str()], "valgrind resutils_wchar32");
}
