//! `clusim demo`: the documented watcher pattern, run against the default cluster.

use clusim_api::client::Cluster;
use clusim_api::{ChangeFlags, NotifyKey, PropertyScope, PropertyValue, Timeout, Win32Error};
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
}

type Step<'a> = (&'a str, Box<dyn Fn(&Cluster) -> Result<(), Win32Error> + 'a>);

/// Runs the demo and prints the table.
pub fn run(seed: u64, topology: Option<&Path>) -> Result<(), String> {
    let mut builder = Sim::builder().seed(seed).manual_clock();
    if let Some(path) = topology {
        builder = builder.topology_file(path)?;
    }
    let sim = builder.build();
    let clock = sim.clock().clone();
    let cluster = sim.open(None).map_err(|e| format!("OpenCluster: {e}"))?;
    let e = |what: &str, err: Win32Error| format!("{what}: {err}");

    // The port, exactly as "Creating a Notification Port" shows it, plus one
    // per-object registration (RegisterClusterNotify) on NODE3.
    let resource_filter = ChangeFlags::RESOURCE_ADDED
        | ChangeFlags::RESOURCE_DELETED
        | ChangeFlags::RESOURCE_PROPERTY
        | ChangeFlags::RESOURCE_STATE;
    let database_filter = ChangeFlags::REGISTRY_ATTRIBUTES
        | ChangeFlags::REGISTRY_NAME
        | ChangeFlags::REGISTRY_SUBTREE
        | ChangeFlags::REGISTRY_VALUE;
    let port = Arc::new(
        cluster.notify_port(resource_filter, RESOURCE_EVENTS).map_err(|x| e("CreateClusterNotifyPort", x))?,
    );
    port.add(&cluster, database_filter, DATABASE_EVENTS).map_err(|x| e("CreateClusterNotifyPort", x))?;
    let node3 = cluster.open_node("NODE3").map_err(|x| e("OpenClusterNode", x))?;
    port.register(&node3, ChangeFlags::NODE_STATE, NODE_EVENTS).map_err(|x| e("RegisterClusterNotify", x))?;

    // The watcher: GetClusterNotify in a loop with a 500 ms timeout, until HANDLE_CLOSE.
    let (tx, rx) = crossbeam_channel::unbounded::<Row>();
    let watcher_port = port.clone();
    let watcher_clock = clock.clone();
    let watcher = std::thread::spawn(move || loop {
        match watcher_port.get(Timeout::from(Duration::from_millis(500))) {
            Ok(n) => {
                let done = n.change == ChangeFlags::HANDLE_CLOSE;
                let _ = tx.send(Row { at: watcher_clock.now(), key: n.key, change: n.change, name: n.name });
                if done {
                    return Ok(());
                }
            }
            Err(Win32Error::WAIT_TIMEOUT) => {}
            Err(err) => return Err(err),
        }
    });

    let steps: Vec<Step> = vec![
        (
            "create resource 'Cluster Disk 2' (Physical Disk) in 'Available Storage'",
            Box::new(|c: &Cluster| {
                c.open_group("Available Storage")?
                    .create_resource("Cluster Disk 2", "Physical Disk")
                    .map(|_| ())
            }),
        ),
        (
            "set a private property of 'Cluster Disk 2'",
            Box::new(|c: &Cluster| {
                c.open_resource("Cluster Disk 2")?.set_properties(
                    PropertyScope::Private,
                    &vec![("DiskSignature".into(), PropertyValue::Dword(0x5eed))],
                )
            }),
        ),
        (
            "bring 'Cluster Disk 2' online",
            Box::new(|c: &Cluster| c.open_resource("Cluster Disk 2")?.online()),
        ),
        (
            "move group 'Available Storage' to NODE2",
            Box::new(|c: &Cluster| {
                let node = c.open_node("NODE2")?;
                c.open_group("Available Storage")?.move_to(Some(&node))
            }),
        ),
        ("pause NODE3", Box::new(|c: &Cluster| c.open_node("NODE3")?.pause())),
        ("resume NODE3", Box::new(|c: &Cluster| c.open_node("NODE3")?.resume())),
        ("fail 'Cluster Disk 2'", Box::new(|c: &Cluster| c.open_resource("Cluster Disk 2")?.fail())),
        (
            "take 'Cluster Disk 2' offline and delete it",
            Box::new(|c: &Cluster| {
                let r = c.open_resource("Cluster Disk 2")?;
                r.offline()?;
                r.delete()
            }),
        ),
    ];

    out!(
        "clusim demo: cluster '{}' (seed {seed}), watcher on one port:",
        cluster.name().map_err(|x| e("GetClusterInformation", x))?
    );
    out!("  ResourceEvents = RESOURCE_ADDED | RESOURCE_DELETED | RESOURCE_PROPERTY | RESOURCE_STATE");
    out!("  DatabaseEvents = REGISTRY_ATTRIBUTES | REGISTRY_NAME | REGISTRY_SUBTREE | REGISTRY_VALUE");
    out!("  NodeEvents     = NODE_STATE on NODE3 (RegisterClusterNotify)");
    out!("");
    out!("{:>9}  {:<14}  {:<34}  object name", "time", "key", "change");
    out!("{:>9}  {:<14}  {:<34}  {}", "-".repeat(9), "-".repeat(14), "-".repeat(34), "-".repeat(40));

    let print_rows = |rx: &crossbeam_channel::Receiver<Row>| {
        while let Ok(r) = rx.try_recv() {
            let change = r.change.name().unwrap_or("?").trim_start_matches("CLUSTER_CHANGE_");
            let name = if r.name.is_empty() { "(root)".to_string() } else { r.name };
            out!("{:>7}ms  {:<14}  {:<34}  {}", r.at.as_millis(), key_label(r.key), change, name);
        }
    };
    let settle = || {
        // The watcher has consumed everything once the queue is empty and it waits again.
        while sim.port_stats(port.raw()).map(|s| s.queued).unwrap_or(0) > 0 || clock.timed_waiters() == 0 {
            std::thread::yield_now();
        }
    };

    for (title, step) in &steps {
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
    out!("  -- close the NODE3 handle, drain what the watcher left, close the port");
    node3.close().map_err(|x| e("CloseClusterNode", x))?;
    for n in port.drain().map_err(|x| e("GetClusterNotify", x))? {
        tx_rows(&n);
    }
    port.close().map_err(|x| e("CloseClusterNotifyPort", x))?;
    Ok(())
}
