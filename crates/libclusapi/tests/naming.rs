//! The crate's layout (issue 9): one name — folder and package are `libclusapi`, the
//! library target `clusapi`, which the platform's lib-prefix convention turns into
//! `libclusapi.so` / `libclusapi.a` (linked with `-lclusapi`; spec/c-abi.md, "The
//! artifact") — files of at most 600 lines, and tests that never sleep to synchronise.

use std::path::{Path, PathBuf};

#[test]
fn folder_and_package_are_named_libclusapi_and_the_library_target_clusapi() {
    assert_eq!(env!("CARGO_PKG_NAME"), "libclusapi");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert_eq!(dir.file_name().and_then(|n| n.to_str()), Some("libclusapi"));
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("read Cargo.toml");
    let lib = manifest.split("[lib]").nth(1).expect("Cargo.toml has a [lib] section");
    let name = lib.lines().find_map(|l| l.trim().strip_prefix("name = ")).expect("[lib] has a name");
    assert_eq!(name, "\"clusapi\"", "the library target must stay `clusapi` (libclusapi.so, -lclusapi)");
}

/// Every source, header, example and test file of the crate.
fn crate_files() -> Vec<PathBuf> {
    let mut todo = vec![Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()];
    let mut files = Vec::new();
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).expect("read the crate directory") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                todo.push(path);
            } else if path
                .extension()
                .is_some_and(|e| ["rs", "h", "c", "cpp", "toml"].iter().any(|x| e == *x))
            {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

// Issue 9: no file under crates/ over 600 lines (split by concept).
#[test]
fn no_file_of_the_crate_is_longer_than_600_lines() {
    let files = crate_files();
    assert!(files.len() > 20, "found only {files:?}");
    for f in files {
        let lines = std::fs::read_to_string(&f).expect("read").lines().count();
        assert!(lines <= 600, "{} has {lines} lines", f.display());
    }
}

// Issue 9 item 5: tests wait for a blocked thread through a deterministic signal (a
// port's waiter count, a channel), never a real sleep.
#[test]
fn the_crates_tests_never_sleep_to_synchronise() {
    let sleep = ["thread::", "sleep("].concat();
    for f in crate_files().into_iter().filter(|f| f.components().any(|c| c.as_os_str() == "tests")) {
        let text = std::fs::read_to_string(&f).expect("read");
        assert!(!text.contains(&sleep), "{} calls {sleep}", f.display());
    }
}
