//! The C example (`examples/common_properties.c`), built with the system compiler
//! against `libresutils.so` and `libclusapi.so` and run: it reads a resource's common
//! properties with `ResUtilFind*Property` and frees each copy with libclusapi's
//! `LocalFree` (spec/c-abi.md, "libresutils"). The header also compiles as C++17.
//! Without a C compiler the test prints why and passes without running.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn have(tool: &str) -> bool {
    Command::new(tool).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok()
}

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds both shared libraries (`cargo test` does not build a `cdylib`) in the target
/// directory libclusapi's own C tests use, so their dependencies are compiled once.
fn lib_dir() -> PathBuf {
    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("libclusapi-build");
    let out = Command::new(option_env!("CARGO").unwrap_or("cargo"))
        .args(["build", "--quiet", "--lib", "-p", "libclusapi", "-p", "libresutils", "--manifest-path"])
        .arg(crate_dir().join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("run cargo build");
    assert!(out.status.success(), "building the libraries failed:\n{}", String::from_utf8_lossy(&out.stderr));
    target.join("debug")
}

fn compile(cc: &str, std: &str, src: &Path, out: &Path, lib: &Path) {
    let status = Command::new(cc)
        .args([std, "-Wall", "-Wextra", "-Werror", "-pedantic", "-fshort-wchar"])
        .arg("-I")
        .arg(crate_dir().join("../libclusapi/include"))
        .arg("-I")
        .arg(crate_dir().join("include"))
        .arg(src)
        .arg("-o")
        .arg(out)
        .arg("-L")
        .arg(lib)
        .args(["-lresutils", "-lclusapi", "-lpthread", "-ldl", "-lm"])
        .arg(format!("-Wl,-rpath,{}", lib.display()))
        .status()
        .expect("run the compiler");
    assert!(status.success(), "{cc} {std} {} failed", src.display());
}

// RESUTILS-C: a C client reads common properties with ResUtilFind*Property.
#[test]
fn the_c_example_reads_common_properties_with_resutil_find() {
    let Some(cc) = ["gcc", "cc"].into_iter().find(|c| have(c)) else {
        eprintln!("skipping: no C compiler (gcc/cc) on PATH");
        return;
    };
    let lib = lib_dir();
    let out_dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("resutils-examples");
    std::fs::create_dir_all(&out_dir).unwrap();
    let exe = out_dir.join("common_properties");
    compile(cc, "-std=c11", &crate_dir().join("examples/common_properties.c"), &exe, &lib);
    // Without cargo's LD_LIBRARY_PATH, which outranks the program's RUNPATH and could load
    // a libclusapi.so an earlier `cargo build` left in target/debug.
    let run = Command::new(&exe).env_remove("LD_LIBRARY_PATH").output().expect("run the example");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "exit {:?}; stdout:\n{stdout}", run.status.code());
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        ["Name=Cluster Disk 1", "RestartThreshold=3", "RestartPeriod=900000", "Type=Physical Disk"]
    );
    if let Some(cxx) = ["g++", "c++"].into_iter().find(|c| have(c)) {
        let src = out_dir.join("header.cpp");
        std::fs::write(&src, "#include <resutils.h>\n#include <resutils.h>\nint main() { return 0; }\n")
            .unwrap();
        compile(cxx, "-std=c++17", &src, &out_dir.join("header_cpp"), &lib);
    }
}
