//! `clusim demo` on topologies other than the default, and the state it shows.

use std::path::PathBuf;
use std::process::Command;

fn clusim(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_clusim")).args(args).output().expect("run clusim");
    (out.status.success(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// A topology file in the temp directory, unique to this test process and name.
fn topology_file(name: &str, text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("clusim-demo-{name}-{}.toml", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path
}

/// The table rows printed under the step whose title starts with `title`.
fn rows_of<'a>(table: &'a str, title: &str) -> Vec<&'a str> {
    let heading = format!("  -- {title}");
    let mut lines = table.lines().skip_while(|l| !l.starts_with(&heading));
    assert!(lines.next().is_some(), "no step {title:?} in:\n{table}");
    lines.take_while(|l| !l.starts_with("  -- ")).collect()
}

const ONE_NODE: &str = r#"
[[node]]
name = "SOLO"

[[resource_type]]
name = "Physical Disk"

[[group]]
name = "Available Storage"
online = true
"#;

/// spec/topology.md: any topology file may replace the default. With one node the demo
/// watches that node, skips the move (there is nowhere to move to) and says so.
#[test]
fn demo_on_a_one_node_topology_skips_the_move_and_succeeds() {
    let path = topology_file("one-node", ONE_NODE);
    let (ok, table, err) = clusim(&["demo", "--topology", path.to_str().unwrap()]);
    assert!(ok, "demo failed: {err}\n{table}");
    assert!(table.contains("NodeEvents     = NODE_STATE | HANDLE_CLOSE on SOLO"), "{table}");
    assert!(table.contains("  -- skipped: move group 'Available Storage' (no other node is up"), "{table}");
    assert!(rows_of(&table, "skipped: move group").is_empty(), "a skipped step changes nothing");
    assert!(rows_of(&table, "pause SOLO")
        .iter()
        .any(|r| r.contains("NODE_STATE") && r.ends_with("SOLO  -> Paused")));
    assert!(table.contains("HANDLE_CLOSE                        SOLO"), "{table}");
    let (_, again, _) = clusim(&["demo", "--topology", path.to_str().unwrap()]);
    assert_eq!(table, again, "same topology and seed, same table");
}

/// A topology with a node and nothing else: the demo creates the group and the resource
/// type it needs before the watcher starts, and says so.
#[test]
fn demo_on_a_bare_topology_creates_what_it_needs() {
    let path = topology_file("bare", "[[node]]\nname = \"A\"\n");
    let (ok, table, err) = clusim(&["demo", "--topology", path.to_str().unwrap()]);
    assert!(ok, "demo failed: {err}\n{table}");
    assert!(table.contains("(the topology has no group: created 'Available Storage' first)"), "{table}");
    assert!(table.contains("(the topology has no resource type: created 'Physical Disk' first)"), "{table}");
    assert!(rows_of(&table, "create resource 'Cluster Disk 2'").iter().any(|r| r.contains("RESOURCE_ADDED")));
}

/// RESOURCE_STATE and NODE_STATE rows end with the state the watcher read. Expected
/// states from spec/model.md: OnlineClusterResource ends Online, FailClusterResource
/// goes to Failed, taking a failed resource offline gives one RESOURCE_STATE (Offline);
/// PauseClusterNode / ResumeClusterNode give Paused / Up.
#[test]
fn demo_state_rows_show_the_state() {
    let (ok, table, err) = clusim(&["demo"]);
    assert!(ok, "demo failed: {err}");
    let states = |title: &str, change: &str| -> Vec<String> {
        rows_of(&table, title)
            .iter()
            .filter(|r| r.contains(change))
            .map(|r| r.rsplit_once("  -> ").expect("a state on every state row").1.to_string())
            .collect()
    };
    assert_eq!(states("bring 'Cluster Disk 2' online", "RESOURCE_STATE"), ["Online", "Online"]);
    assert_eq!(states("fail 'Cluster Disk 2'", "RESOURCE_STATE"), ["Failed"]);
    assert_eq!(states("take 'Cluster Disk 2' offline", "RESOURCE_STATE"), ["Offline"]);
    assert_eq!(states("pause NODE3", "NODE_STATE"), ["Paused"]);
    assert_eq!(states("resume NODE3", "NODE_STATE"), ["Up"]);
    assert!(
        rows_of(&table, "create resource").iter().all(|r| !r.contains("  -> ")),
        "only state rows carry a state"
    );
}
