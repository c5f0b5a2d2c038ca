//! The crate has one name (issue 9, item 3): folder and package are `libclusapi`; the
//! library target is `clusapi`, which the platform's lib-prefix convention turns into
//! `libclusapi.so` / `libclusapi.a` (linked with `-lclusapi`). spec/c-abi.md, "The artifact".

use std::path::Path;

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
