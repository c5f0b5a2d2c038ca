//! The `clusim` binary: the newcomer's first run.

use std::process::Command;

fn clusim(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_clusim")).args(args).output().expect("run clusim");
    (out.status.success(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// `clusim demo` prints the event table of the scripted sequence, the same every run.
#[test]
fn demo_prints_a_deterministic_event_table() {
    let (ok, first, err) = clusim(&["demo"]);
    assert!(ok, "demo failed: {err}");
    for needle in [
        "ResourceEvents  RESOURCE_ADDED",
        "Cluster Disk 2",
        "DatabaseEvents  REGISTRY_NAME",
        "NodeEvents      NODE_STATE",
        "ResourceEvents  RESOURCE_DELETED",
        "HANDLE_CLOSE                        CLUSTER",
    ] {
        assert!(first.contains(needle), "missing {needle:?} in:\n{first}");
    }
    let (_, second, _) = clusim(&["demo"]);
    assert_eq!(first, second, "same seed, same table");
    let (_, other_seed, _) = clusim(&["demo", "--seed", "9"]);
    assert_ne!(first, other_seed, "the seed changes object ids");
}

/// `clusim topology` prints the default topology in the documented TOML form.
#[test]
fn topology_prints_the_default_as_toml() {
    let (ok, text, _) = clusim(&["topology"]);
    assert!(ok);
    assert_eq!(clusim_model::Topology::from_toml(&text).unwrap(), clusim_model::Topology::default_cluster());
}

/// A bad topology file is a clear error naming the file and line, with a failing exit.
#[test]
fn demo_with_a_broken_topology_names_file_and_line() {
    let path = std::env::temp_dir().join(format!("clusim-bad-{}.toml", std::process::id()));
    std::fs::write(&path, "[[node]]\nnam = \"A\"\n").unwrap();
    let (ok, _, err) = clusim(&["demo", "--topology", path.to_str().unwrap()]);
    assert!(!ok);
    assert!(err.contains(path.to_str().unwrap()) && err.contains("line 2"), "{err}");
}
