//! The quorum faults of a chaos run (spec/faults.md QUORUM-*). A loss of quorum is healed
//! within the step that caused it, so the snapshot after every step can read the cluster;
//! the step records the cycle ([`crate::history::History::quorum_cycles`]) for the
//! FAULT-SIGNALS validator.

use crate::exec::Outcome;
use crate::ops::NODES;
use clusim_api::enums::CLUSTER_ENUM_GROUP;
use clusim_api::*;
use clusim_sim::Faults;

/// QUORUM-CALLS (Q1): while quorum is lost, a call through the actor's cluster handle fails
/// with `RPC_S_SERVER_UNAVAILABLE`.
fn calls_fail(b: &dyn Backend, c: HCluster) -> Option<String> {
    match b.cluster_enum(c, CLUSTER_ENUM_GROUP) {
        Err(e) if e == Win32Error::RPC_S_SERVER_UNAVAILABLE => None,
        other => Some(format!(
            "QUORUM-CALLS (Q1): without quorum ClusterOpenEnum answered {:?}, not RPC_S_SERVER_UNAVAILABLE",
            other.map(|v| v.len())
        )),
    }
}

/// Brings `nodes` back at once and checks quorum returned (QUORUM-RECOVERY).
fn heal(faults: &Faults<'_>, nodes: &[&str], mut anomaly: Option<String>) -> Outcome {
    let code = faults.nodes_up(nodes);
    if !faults.has_quorum().unwrap_or(false) {
        anomaly.get_or_insert_with(|| "QUORUM-RECOVERY: the nodes are back but quorum is not".into());
    }
    let mut out = Outcome::code(code);
    out.anomaly = anomaly;
    out.quorum_cycle = true;
    out
}

/// `NodeDown`: the node stops; if that broke the majority, the cycle completes here.
pub(crate) fn node_down(b: &dyn Backend, c: HCluster, faults: &Faults<'_>, node: &str) -> Outcome {
    let r = faults.node_down(node);
    if r.is_err() || faults.has_quorum().unwrap_or(true) {
        return Outcome::code(r);
    }
    heal(faults, &[node], calls_fail(b, c))
}

/// `QuorumLoss`: every node but NODE1 that is up stops at once (a partition, so nothing
/// fails over first and the step stays within the reference watcher's capacity), NODE1
/// too when that is not enough; then the check and the return.
pub(crate) fn quorum_loss(b: &dyn Backend, c: HCluster, faults: &Faults<'_>) -> Outcome {
    let up: Vec<&str> = NODES[..3]
        .iter()
        .copied()
        .filter(|&node| {
            b.open_node(c, node)
                .and_then(|h| {
                    let s = b.node_state(h);
                    let _ = b.close_node(h);
                    s
                })
                .is_ok_and(|s| s != NodeState::Down)
        })
        .collect();
    let mut downed: Vec<&str> = up.iter().copied().filter(|&n| n != NODES[0]).collect();
    if let Err(e) = faults.nodes_down(&downed) {
        return heal(faults, &downed, Some(format!("fault nodes_down {downed:?}: {e}")));
    }
    if faults.has_quorum().unwrap_or(false) && up.contains(&NODES[0]) {
        if let Err(e) = faults.node_down(NODES[0]) {
            return heal(faults, &downed, Some(format!("fault node_down {}: {e}", NODES[0])));
        }
        downed.push(NODES[0]);
    }
    let anomaly = match faults.has_quorum() {
        Ok(false) => calls_fail(b, c),
        _ => Some("QUORUM-LOSS: the nodes are down and the cluster still has quorum".into()),
    };
    heal(faults, &downed, anomaly)
}
