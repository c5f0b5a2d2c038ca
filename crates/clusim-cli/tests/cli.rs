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

/// `clusim run` passes the stored suite on the simulator.
#[test]
fn run_passes_the_stored_suite() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let out = Command::new(env!("CARGO_BIN_EXE_clusim")).arg("run").current_dir(root).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains(" passed, 0 failed"), "{text}");
}

/// `clusim run --backend clusapi` runs the scenarios through the real-ClusAPI backend —
/// here over libclusapi's exports — skipping the simulator-only ones with the reason.
#[test]
fn run_on_the_clusapi_backend_passes_and_skips_simulator_only_scenarios() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let out = Command::new(env!("CARGO_BIN_EXE_clusim"))
        .args(["run", "--backend", "clusapi", "spec/scenarios/batch_coalesce.scenario"])
        .arg("spec/scenarios/more_data.scenario")
        .arg("spec/scenarios/overflow.scenario")
        .current_dir(root)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("2 passed, 0 failed, 1 skipped"), "{text}");
    assert!(text.contains("skip  overflow (sim-only)"), "{text}");
    assert!(text.contains("ClusAPI answered by \"clusim\" (libclusapi, the simulator)"), "{text}");
}

/// A scenario that does not parse is reported with its file, line and what was expected.
#[test]
fn run_reports_a_broken_scenario_with_file_and_line() {
    let dir = std::env::temp_dir().join(format!("clusim-sc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("broken.scenario");
    std::fs::write(&path, "c = OpenCluster\nGetClusterNotify p \"unterminated\n").unwrap();
    let (ok, _, err) = clusim(&["run", path.to_str().unwrap()]);
    assert!(!ok);
    assert!(err.contains("broken.scenario:2:") && err.contains("expected a closing"), "{err}");
}

/// `clusim record` writes a trace that `clusim check` accepts and `clusim diff` compares.
#[test]
fn record_check_and_diff_round_trip() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let scenario = format!("{root}/spec/scenarios/more_data.scenario");
    let dir = std::env::temp_dir().join(format!("clusim-rec-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let trace = dir.join("t.jsonl");
    let (ok, text, err) = clusim(&["record", &scenario, "-o", trace.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(text.contains("ERROR_MORE_DATA"));
    let (ok, text, _) = clusim(&["check", trace.to_str().unwrap()]);
    assert!(ok && text.contains("all guarantees hold"), "{text}");
    let golden = format!("{root}/spec/scenarios/more_data.trace.jsonl");
    let (ok, text, _) = clusim(&["diff", &golden, trace.to_str().unwrap()]);
    assert!(ok && text.contains("equal"), "{text}");
    let tampered = dir.join("bad.jsonl");
    std::fs::write(
        &tampered,
        std::fs::read_to_string(&golden).unwrap().replacen("ERROR_MORE_DATA", "ERROR_SUCCESS", 1),
    )
    .unwrap();
    let (ok, text, _) = clusim(&["diff", tampered.to_str().unwrap(), trace.to_str().unwrap()]);
    assert!(!ok && text.contains("@@ at step"), "{text}");
}

/// `clusim watch` prints the events of a scenario run against the watched cluster.
#[test]
fn watch_prints_the_events_of_a_scenario() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let scenario = format!("{root}/spec/scenarios/fifo_duplicates_one_bit.scenario");
    let (ok, text, err) = clusim(&["watch", "--scenario", &scenario, "--filter", "GROUP_ADDED|GROUP_STATE"]);
    assert!(ok, "{err}");
    assert!(text.contains("GROUP_ADDED") && text.contains("G1"), "{text}");
}

/// Every command has --help.
#[test]
fn every_command_has_help() {
    for cmd in ["demo", "topology", "run", "record", "diff", "check", "watch"] {
        let (ok, text, _) = clusim(&[cmd, "--help"]);
        assert!(ok && text.contains("Usage"), "{cmd}: {text}");
    }
}

/// `clusim bench --json` prints one JSON object per line with the fields, the
/// margin of every gated case, and the byte figures of the memory cases; it exits 0
/// whatever the ratios (fast cases only here: timings are never asserted).
#[test]
fn bench_json_prints_one_object_per_case_with_the_report_fields() {
    let (ok, out, err) = clusim(&["bench", "--quick", "--json", "P1", "M-wide"]);
    assert!(ok, "bench failed: {err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "two cases, two lines:\n{out}");
    let (p1, memory) = (lines[0], lines[1]);
    assert!(p1.starts_with("{\"case\":\"P1\",") && p1.ends_with('}'), "{p1}");
    for field in [
        "\"clusim_ns\":",
        "\"baseline_ns\":",
        "\"ratio\":",
        "\"goal\":\"≤ 1.5×\"",
        "\"margin\":",
        "\"pass\":",
    ] {
        assert!(p1.contains(field), "{field} missing in {p1}");
    }
    assert!(memory.starts_with("{\"case\":\"M-wide\",") && memory.ends_with('}'), "{memory}");
    for field in [
        "\"goal\":\"≤ 48 B/event\"",
        "\"margin\":",
        "\"bytes_per_event\":",
        "\"slot_bytes\":",
        "\"copied_names\":",
        "\"names_shared\":",
    ] {
        assert!(memory.contains(field), "{field} missing in {memory}");
    }
}

/// An unknown case name is an error that lists the cases.
#[test]
fn bench_refuses_unknown_cases_and_lists_the_known_ones() {
    let (ok, _, err) = clusim(&["bench", "P99"]);
    assert!(!ok);
    assert!(err.contains("no case matches") && err.contains("P1") && err.contains("S-batch-10"), "{err}");
}
