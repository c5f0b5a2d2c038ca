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

/// `clusim watch --v2` reads a V2 port: each row has the object type and change of the
/// type's enum, the name and the payload the ApiGetNotifyV2 table gives the event (fact
/// sheet §1.6: GROUP STATE_V2 a DWORD state — ClusterGroupPending 4, ClusterGroupOnline 0;
/// GROUP OWNER_NODE_V2 the new owner node's id, NODE2's is "2"). A filter word outside the
/// type's enum is refused before anything runs.
#[test]
fn watch_v2_prints_object_types_changes_and_payloads() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let scenario = format!("{root}/spec/scenarios/v2_group_sequences.scenario");
    let (ok, text, err) =
        clusim(&["watch", "--v2", "--scenario", &scenario, "--filter", "GROUP:STATE|OWNER_NODE"]);
    assert!(ok, "{err}");
    let rows: Vec<&str> = text.lines().filter(|l| l.contains("Available Storage")).collect();
    assert!(rows.iter().any(|r| r.contains("GROUP STATE") && r.ends_with("dword:4")), "{text}");
    assert!(rows.iter().any(|r| r.contains("GROUP STATE") && r.ends_with("dword:0")), "{text}");
    assert!(rows.iter().any(|r| r.contains("GROUP OWNER_NODE") && r.ends_with("id:2")), "{text}");
    let (ok, _, err) = clusim(&["watch", "--v2", "--filter", "GROUP:NOPE", "--idle-exit", "1"]);
    assert!(!ok && err.contains("unknown flag \"NOPE\""), "{err}");
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

/// Runs clusim in `dir` under a watchdog: a hang fails the test instead of blocking it.
fn clusim_bounded(
    dir: &std::path::Path,
    args: &[&str],
    limit: std::time::Duration,
) -> (bool, String, String) {
    // libclusapi's simulator with instant transitions: the golden traces' sequences.
    let child = Command::new(env!("CARGO_BIN_EXE_clusim"))
        .env("CLUSIM_TRANSITIONS", "instant")
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run clusim");
    let pid = child.id();
    // The child is waited for on a thread; the test waits on a channel with a limit,
    // and kills the child if the limit passes (no polling).
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(limit) {
        Ok(out) => {
            let out = out.unwrap();
            (
                out.status.success(),
                String::from_utf8(out.stdout).unwrap(),
                String::from_utf8(out.stderr).unwrap(),
            )
        }
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            panic!("clusim {args:?} still running after {limit:?}");
        }
    }
}

fn temp_dir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("clusim-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

/// A step nothing satisfies — an INFINITE get on the main actor, a join on an actor that
/// never returns — is reported with its line and the actors still blocked, fails the
/// run, and the next scenario still runs (spec/conformance.md, "Step deadline").
#[test]
fn a_stuck_step_is_reported_with_its_line_and_blocked_actors_and_the_run_goes_on() {
    let dir = temp_dir("stuck");
    std::fs::write(
        dir.join("deadlock.scenario"),
        "c = OpenCluster\np = CreateClusterNotifyPort - c GROUP_ADDED 1\nGetClusterNotify p timeout=INFINITE\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("joined.scenario"),
        "# step-timeout: 300ms\nc = OpenCluster\np = CreateClusterNotifyPort - c GROUP_ADDED 1\nspawn w: GetClusterNotify p timeout=INFINITE\njoin w\n",
    )
    .unwrap();
    let more_data = format!("{ROOT}/spec/scenarios/more_data.scenario");
    let limit = std::time::Duration::from_secs(60);
    let (ok, text, err) =
        clusim_bounded(&dir, &["run", "--step-timeout", "300ms", "deadlock.scenario", &more_data], limit);
    assert!(!ok, "a stuck run must fail: {text}");
    assert!(text.contains("FAIL  deadlock"), "{text}");
    assert!(text.contains("deadlock.scenario:3: stuck: `GetClusterNotify p timeout=INFINITE`"), "{text}");
    assert!(text.contains("still blocked: main (line 3): GetClusterNotify p timeout=INFINITE"), "{text}");
    assert!(text.contains("ok    more_data"), "the run goes on after a stuck scenario: {text}");
    assert!(text.contains("1 passed, 1 failed"), "{text}");
    assert!(err.contains("1 scenario(s) failed"), "{err}");
    // The deadline from the scenario's own `# step-timeout:` header.
    let (ok, text, _) = clusim_bounded(&dir, &["run", "joined.scenario"], limit);
    assert!(!ok);
    assert!(text.contains("joined.scenario:5: stuck: `join w`"), "{text}");
    assert!(
        text.contains("deadline of 300ms; still blocked: w (line 4): GetClusterNotify p timeout=INFINITE"),
        "{text}"
    );
}

/// `run --backend clusapi --cluster NAME` leaves the cluster as each scenario found it,
/// so the whole suite passes twice in a row on one libclusapi cluster; the scenario that
/// evicts a node (which nothing can undo) is skipped there with the reason
/// (spec/conformance.md, "Cleanup").
#[test]
fn the_suite_passes_twice_on_one_shared_clusapi_cluster() {
    let mut files: Vec<String> = std::fs::read_dir(format!("{ROOT}/spec/scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "scenario"))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    let mut args = vec!["run", "--backend", "clusapi", "--cluster", "shared-conformance"];
    args.extend(files.iter().map(String::as_str));
    args.extend(files.iter().map(String::as_str));
    let (ok, text, err) =
        clusim_bounded(std::path::Path::new(ROOT), &args, std::time::Duration::from_secs(300));
    assert!(ok, "{text}{err}");
    assert!(text.contains(" passed, 0 failed, "), "{text}");
    assert!(text.contains("skip  per_object_rename (line 18: EvictClusterNode cannot be undone"), "{text}");
    let passes = text.lines().filter(|l| l.starts_with("ok    unassociated_port")).count();
    assert_eq!(passes, 2, "{text}");
}

/// A failed `-> CODE` expectation makes `record` exit non-zero (after writing the trace,
/// into directories it creates), and `check` fails on that trace.
#[test]
fn record_with_a_failed_expectation_exits_non_zero_and_check_fails_on_its_trace() {
    let dir = temp_dir("recfail");
    let scenario = dir.join("expect.scenario");
    std::fs::write(
        &scenario,
        "c = OpenCluster\np = CreateClusterNotifyPort - c GROUP_ADDED 1\nGetClusterNotify p timeout=0 -> ERROR_SUCCESS\n",
    )
    .unwrap();
    let trace = dir.join("new/sub/t.jsonl");
    let (ok, _, err) = clusim(&["record", scenario.to_str().unwrap(), "-o", trace.to_str().unwrap()]);
    assert!(!ok, "{err}");
    assert!(
        err.contains("expect.scenario:3: GetClusterNotify returned WAIT_TIMEOUT, expected ERROR_SUCCESS"),
        "{err}"
    );
    let text = std::fs::read_to_string(&trace).expect("the trace is written into the created directories");
    assert!(text.contains("\"failed\":\"expected ERROR_SUCCESS\""), "{text}");
    let (ok, text, err) = clusim(&["check", trace.to_str().unwrap()]);
    assert!(!ok, "{text}");
    assert!(text.contains("line 3: GetClusterNotify -> WAIT_TIMEOUT: expected ERROR_SUCCESS"), "{text}");
    assert!(err.contains("1 failed step(s)"), "{err}");
}

/// An unknown `--backend` is named, with the valid ones; no scenario file is blamed.
#[test]
fn run_with_an_unknown_backend_names_it_and_lists_the_valid_ones() {
    let (ok, _, err) =
        clusim(&["run", "--backend", "bogus", &format!("{ROOT}/spec/scenarios/more_data.scenario")]);
    assert!(!ok);
    assert!(err.contains("unknown backend \"bogus\": the backends are sim, clusapi"), "{err}");
    assert!(!err.contains(".scenario"), "{err}");
}

/// A scenario without `# title:` is listed under its file name, not as `()`.
#[test]
fn a_scenario_without_a_title_is_listed_by_its_file_name() {
    let dir = temp_dir("untitled");
    std::fs::write(dir.join("untitled.scenario"), "c = OpenCluster\n").unwrap();
    let (_, text, _) = clusim(&["run", dir.join("untitled.scenario").to_str().unwrap()]);
    assert!(text.contains("  untitled  (untitled)"), "{text}");
    assert!(!text.contains("()"), "{text}");
}

/// `watch --cluster X --scenario F` runs the scenario on X, so the events it causes show.
#[test]
fn watch_with_a_cluster_runs_the_scenario_on_the_watched_cluster() {
    let scenario = format!("{ROOT}/spec/scenarios/fifo_duplicates_one_bit.scenario");
    let (ok, text, err) =
        clusim(&["watch", "--cluster", "watched", "--scenario", &scenario, "--filter", "GROUP_ADDED"]);
    assert!(ok, "{err}");
    assert!(text.contains("watching watched"), "{text}");
    assert!(text.contains("GROUP_ADDED") && text.contains("G1"), "{text}");
}
