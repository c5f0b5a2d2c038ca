//! `clusim demo`: the documented watcher pattern, run against the default cluster or a
//! topology file. The script adapts to the topology: it watches the last node, uses
//! `Available Storage` (else the first group) and `Physical Disk` (else the first type),
//! and says which steps it skips (a move needs a second node that is up).

use clusim_api::client::Cluster;
use clusim_api::{
    ChangeFlags, NodeState, NotifyKey, PropertyScope, PropertyValue, ResourceTypeSpec, Timeout, Win32Error,
};
use clusim_sim::Sim;
use std::io::Write;
use std::path::Path;

/// Prints a line; a closed stdout (`clusim demo | head`) is not an error.
macro_rules! out {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}
use std::sync::Arc;
use std::time::Duration;

const RESOURCE_EVENTS: NotifyKey = NotifyKey(1);
const DATABASE_EVENTS: NotifyKey = NotifyKey(2);
const NODE_EVENTS: NotifyKey = NotifyKey(3);

fn key_label(k: NotifyKey) -> &'static str {
    match k {
        RESOURCE_EVENTS => "ResourceEvents",
        DATABASE_EVENTS => "DatabaseEvents",
        NODE_EVENTS => "NodeEvents",
        _ => "?",
    }
}

fn tx_rows(n: &clusim_api::client::Notification) {
    let change = n.change.name().unwrap_or("?").trim_start_matches("CLUSTER_CHANGE_");
    out!("{:>9}  {:<14}  {:<34}  {}", "(queued)", key_label(n.key), change, n.name);
}

struct Row {
    at: Duration,
    key: NotifyKey,
    change: ChangeFlags,
    name: String,
    /// For `RESOURCE_STATE` / `NODE_STATE`: what `GetClusterResourceState` /
    /// `GetClusterNodeState` said when the watcher handled the event.
    state: Option<String>,
}

/// A scripted step: its title and the change it makes, or `None` when the topology
/// does not allow it (the title says why).
type Step<'a> = (String, Option<Box<dyn Fn(&Cluster) -> Result<(), Win32Error> + 'a>>);

/// The objects the script uses, chosen from the topology.
struct Plan {
    /// The node watched with `RegisterClusterNotify`: the last node (NODE3 by default).
    watched: String,
    /// The group the resource is created in: `Available Storage`, else the first group.
    group: String,
    /// `Physical Disk`, else the first resource type.
    resource_type: String,
    /// A name no resource has yet: `Cluster Disk 2` by default.
    resource: String,
    /// Where the group moves: the first up node that does not own it.
    move_to: Option<String>,
    /// What the demo created because the topology lacked it.
    notes: Vec<String>,
}

fn names(it: Result<impl Iterator<Item = String>, Win32Error>, what: &str) -> Result<Vec<String>, String> {
    Ok(it.map_err(|x| format!("{what}: {x}"))?.collect())
}

/// Chooses the objects, creating a group or a resource type first (before any port
/// exists, so no event) when the topology has none.
fn plan(cluster: &Cluster) -> Result<Plan, String> {
    let e = |what: &str, err: Win32Error| format!("{what}: {err}");
    let nodes = names(cluster.nodes(), "ClusterEnum")?;
    let watched = nodes.last().cloned().ok_or("the topology has no node: the demo needs one")?;
    let mut notes = Vec::new();
    let mut groups = names(cluster.groups(), "ClusterEnum")?;
    if groups.is_empty() {
        cluster.create_group("Available Storage").map_err(|x| e("CreateClusterGroup", x))?;
        notes.push("the topology has no group: created 'Available Storage' first".to_string());
        groups.push("Available Storage".into());
    }
    let group = groups.iter().find(|g| *g == "Available Storage").unwrap_or(&groups[0]).clone();
    let types = names(cluster.resource_types(), "ClusterEnum")?;
    let resource_type = match types.iter().find(|t| *t == "Physical Disk").or(types.first()) {
        Some(t) => t.clone(),
        None => {
            let spec = ResourceTypeSpec {
                name: "Physical Disk".into(),
                display_name: "Physical Disk".into(),
                dll_name: "clusres.dll".into(),
                looks_alive_ms: 5000,
                is_alive_ms: 60000,
            };
            cluster.create_resource_type(&spec).map_err(|x| e("CreateClusterResourceType", x))?;
            notes.push("the topology has no resource type: created 'Physical Disk' first".to_string());
            spec.name
        }
    };
    let resources = names(cluster.resources(), "ClusterEnum")?;
    let resource = (2..)
        .map(|n| format!("Cluster Disk {n}"))
        .find(|name| !resources.iter().any(|r| r.eq_ignore_ascii_case(name)))
        .expect("a free name");
    let owner =
        cluster.open_group(&group).and_then(|g| g.state()).map_err(|x| e("GetClusterGroupState", x))?.1;
    let mut move_to = None;
    for n in nodes.iter().filter(|n| **n != owner) {
        if cluster.open_node(n).and_then(|n| n.state()).map_err(|x| e("GetClusterNodeState", x))?
            == NodeState::Up
        {
            move_to = Some(n.clone());
            break;
        }
    }
    Ok(Plan { watched, group, resource_type, resource, move_to, notes })
}

fn steps<'a>(p: &'a Plan, watched_state: NodeState) -> Vec<Step<'a>> {
    let (group, res) = (p.group.as_str(), p.resource.as_str());
    let mut steps: Vec<Step> = vec![
        (
            format!("create resource '{res}' ({}) in '{group}'", p.resource_type),
            Some(Box::new(move |c: &Cluster| {
                c.open_group(group)?.create_resource(res, &p.resource_type).map(|_| ())
            })),
        ),
        (
            format!("set a private property of '{res}'"),
            Some(Box::new(move |c: &Cluster| {
                c.open_resource(res)?.set_properties(
                    PropertyScope::Private,
                    &vec![("DiskSignature".into(), PropertyValue::Dword(0x5eed))],
                )
            })),
        ),
        (format!("bring '{res}' online"), Some(Box::new(move |c: &Cluster| c.open_resource(res)?.online()))),
    ];
    steps.push(match &p.move_to {
        Some(node) => (
            format!("move group '{group}' to {node}"),
            Some(Box::new(move |c: &Cluster| c.open_group(group)?.move_to(Some(&c.open_node(node)?)))),
        ),
        None => (format!("skipped: move group '{group}' (no other node is up to move it to)"), None),
    });
    let watched = p.watched.as_str();
    if watched_state == NodeState::Up {
        steps.push((
            format!("pause {watched}"),
            Some(Box::new(move |c: &Cluster| c.open_node(watched)?.pause())),
        ));
        steps.push((
            format!("resume {watched}"),
            Some(Box::new(move |c: &Cluster| c.open_node(watched)?.resume())),
        ));
    } else {
        steps.push((format!("skipped: pause and resume {watched} (it is {watched_state:?}, not Up)"), None));
    }
    steps.push((format!("fail '{res}'"), Some(Box::new(move |c: &Cluster| c.open_resource(res)?.fail()))));
    // One call per step: the watcher's state reads then see the state that call left.
    steps.push((
        format!("take '{res}' offline"),
        Some(Box::new(move |c: &Cluster| c.open_resource(res)?.offline())),
    ));
    steps
        .push((format!("delete '{res}'"), Some(Box::new(move |c: &Cluster| c.open_resource(res)?.delete()))));
    steps
}

/// Runs the demo and prints the table.
pub fn run(seed: u64, topology: Option<&Path>) -> Result<(), String> {
    // The demo's table shows each call's whole sequence at once (instant transitions).
    let mut builder = Sim::builder().seed(seed).manual_clock().instant_transitions(true);
    if let Some(path) = topology {
        builder = builder.topology_file(path)?;
    }
    let sim = builder.build();
    let clock = sim.clock().clone();
    let cluster = Arc::new(sim.open(None).map_err(|e| format!("OpenCluster: {e}"))?);
    let e = |what: &str, err: Win32Error| format!("{what}: {err}");
    let plan = plan(&cluster)?;

    // The port, exactly as "Creating a Notification Port" shows it, plus one
    // per-object registration (RegisterClusterNotify) on the watched node.
    let resource_filter = ChangeFlags::RESOURCE_ADDED
        | ChangeFlags::RESOURCE_DELETED
        | ChangeFlags::RESOURCE_PROPERTY
        | ChangeFlags::RESOURCE_STATE
        // N4 default: HANDLE_CLOSE arrives only where the filter asks for it (MSCS-EX sample).
        | ChangeFlags::HANDLE_CLOSE;
    let database_filter = ChangeFlags::REGISTRY_ATTRIBUTES
        | ChangeFlags::REGISTRY_NAME
        | ChangeFlags::REGISTRY_SUBTREE
        | ChangeFlags::REGISTRY_VALUE;
    let port = Arc::new(
        cluster.notify_port(resource_filter, RESOURCE_EVENTS).map_err(|x| e("CreateClusterNotifyPort", x))?,
    );
    port.add(&cluster, database_filter, DATABASE_EVENTS).map_err(|x| e("CreateClusterNotifyPort", x))?;
    let node = cluster.open_node(&plan.watched).map_err(|x| e("OpenClusterNode", x))?;
    port.register(&node, ChangeFlags::NODE_STATE | ChangeFlags::HANDLE_CLOSE, NODE_EVENTS)
        .map_err(|x| e("RegisterClusterNotify", x))?;
    let node_state = node.state().map_err(|x| e("GetClusterNodeState", x))?;

    // The watcher: GetClusterNotify in a loop with a 500 ms timeout, until HANDLE_CLOSE;
    // on RESOURCE_STATE and NODE_STATE it asks for the state, as the notification
    // carries none.
    let (tx, rx) = crossbeam_channel::unbounded::<Row>();
    let watcher_port = port.clone();
    let watcher_clock = clock.clone();
    let watcher_cluster = cluster.clone();
    let watcher = std::thread::spawn(move || loop {
        match watcher_port.get(Timeout::from(Duration::from_millis(500))) {
            Ok(n) => {
                let done = n.change == ChangeFlags::HANDLE_CLOSE;
                let state = match n.change {
                    ChangeFlags::RESOURCE_STATE => Some(
                        watcher_cluster
                            .open_resource(&n.name)
                            .and_then(|r| r.state())
                            .map(|s| format!("{s:?}")),
                    ),
                    ChangeFlags::NODE_STATE => Some(
                        watcher_cluster.open_node(&n.name).and_then(|r| r.state()).map(|s| format!("{s:?}")),
                    ),
                    _ => None,
                }
                .map(|read| read.unwrap_or_else(|err| format!("({err})")));
                let row = Row { at: watcher_clock.now(), key: n.key, change: n.change, name: n.name, state };
                let _ = tx.send(row);
                if done {
                    return Ok(());
                }
            }
            Err(Win32Error::WAIT_TIMEOUT) => {}
            Err(err) => return Err(err),
        }
    });
    let steps = steps(&plan, node_state);

    out!(
        "clusim demo: cluster '{}' (seed {seed}), watcher on one port:",
        cluster.name().map_err(|x| e("GetClusterInformation", x))?
    );
    out!("  ResourceEvents = RESOURCE_ADDED | RESOURCE_DELETED | RESOURCE_PROPERTY | RESOURCE_STATE");
    out!("  DatabaseEvents = REGISTRY_ATTRIBUTES | REGISTRY_NAME | REGISTRY_SUBTREE | REGISTRY_VALUE");
    out!("  NodeEvents     = NODE_STATE | HANDLE_CLOSE on {} (RegisterClusterNotify)", plan.watched);
    out!("  RESOURCE_STATE and NODE_STATE rows end with the state the watcher read on receipt");
    out!("  (GetClusterResourceState / GetClusterNodeState: V1 notifications carry no state, so");
    out!("  a call that passes through OnlinePending or OfflinePending has finished by then)");
    for note in &plan.notes {
        out!("  ({note})");
    }
    out!("");
    out!("{:>9}  {:<14}  {:<34}  object name", "time", "key", "change");
    out!("{:>9}  {:<14}  {:<34}  {}", "-".repeat(9), "-".repeat(14), "-".repeat(34), "-".repeat(40));

    let print_rows = |rx: &crossbeam_channel::Receiver<Row>| {
        while let Ok(r) = rx.try_recv() {
            let change = r.change.name().unwrap_or("?").trim_start_matches("CLUSTER_CHANGE_");
            let name = if r.name.is_empty() { "(root)".to_string() } else { r.name };
            let state = r.state.map(|s| format!("  -> {s}")).unwrap_or_default();
            out!("{:>7}ms  {:<14}  {:<34}  {name}{state}", r.at.as_millis(), key_label(r.key), change);
        }
    };
    let settle = || {
        // The watcher has consumed everything once the queue is empty and it waits again.
        while sim.port_stats(port.raw()).map(|s| s.queued).unwrap_or(0) > 0 || clock.timed_waiters() == 0 {
            std::thread::yield_now();
        }
    };

    for (title, step) in &steps {
        let Some(step) = step else {
            out!("  -- {title}");
            continue;
        };
        clock.advance(Duration::from_millis(250));
        out!("  -- {title}");
        step(&cluster).map_err(|x| e(title, x))?;
        settle();
        print_rows(&rx);
    }
    clock.advance(Duration::from_millis(250));
    out!("  -- close the cluster handle (the watcher sees HANDLE_CLOSE and exits)");
    cluster.close().map_err(|x| e("CloseCluster", x))?;
    watcher.join().map_err(|_| "watcher panicked".to_string())?.map_err(|x| e("GetClusterNotify", x))?;
    print_rows(&rx);
    out!("  -- close the {} handle, drain what the watcher left, close the port", plan.watched);
    node.close().map_err(|x| e("CloseClusterNode", x))?;
    for n in port.drain().map_err(|x| e("GetClusterNotify", x))? {
        tx_rows(&n);
    }
    port.close().map_err(|x| e("CloseClusterNotifyPort", x))?;
    Ok(())
}
