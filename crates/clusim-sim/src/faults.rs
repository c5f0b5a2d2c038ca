//! Fault injection: the simulator-only way to make a cluster misbehave
//! (spec/faults.md). Real backends have no equivalent; tests that use it are
//! simulator tests.

use crate::sim::Sim;
use clusim_api::{ChangeFlags, Result};
use clusim_model::Effect;

/// Faults for one cluster: `sim.faults(Some("name"))`.
pub struct Faults<'a> {
    pub(crate) sim: &'a Sim,
    pub(crate) cluster: Option<&'a str>,
}

impl Sim {
    /// Fault injection for the named cluster (`None`: the local cluster).
    pub fn faults<'a>(&'a self, cluster: Option<&'a str>) -> Faults<'a> {
        Faults { sim: self, cluster }
    }
}

impl Faults<'_> {
    pub(crate) fn mutate(
        &self,
        f: impl FnOnce(&mut clusim_model::Cluster, &mut Vec<Effect>) -> Result<()>,
    ) -> Result<()> {
        let cell = self.sim.cluster_named(self.cluster)?;
        cell.mutate(self.sim.clock(), f)
    }

    /// The node stops: `NODE_STATE`, its interfaces Unavailable, its groups fail over.
    pub fn node_down(&self, node: &str) -> Result<()> {
        self.mutate(|m, fx| {
            let id = m.node_by_name(node)?;
            m.node_down(id, fx)
        })
    }

    /// Several nodes stop at once (a partition): quorum is evaluated once, after all of
    /// them (spec/faults.md QUORUM-LOSS).
    pub fn nodes_down(&self, nodes: &[&str]) -> Result<()> {
        self.mutate(|m, fx| {
            let ids = nodes.iter().map(|n| m.node_by_name(n)).collect::<Result<Vec<_>>>()?;
            m.nodes_down(&ids, fx)
        })
    }

    /// Several nodes come back at once: quorum is evaluated once, after all of them.
    pub fn nodes_up(&self, nodes: &[&str]) -> Result<()> {
        self.mutate(|m, fx| {
            let ids = nodes.iter().map(|n| m.node_by_name(n)).collect::<Result<Vec<_>>>()?;
            m.nodes_up(&ids, fx)
        })
    }

    /// The node comes back: `NODE_STATE`, its interfaces Up. No failback.
    pub fn node_up(&self, node: &str) -> Result<()> {
        self.mutate(|m, fx| {
            let id = m.node_by_name(node)?;
            m.node_up(id, fx)
        })
    }

    /// Whether the cluster has quorum (spec/faults.md QUORUM-VOTES).
    pub fn has_quorum(&self) -> Result<bool> {
        let cell = self.sim.cluster_named(self.cluster)?;
        let st = cell.lock(self.sim.clock());
        Ok(st.model.has_quorum())
    }

    fn cluster_event(&self, change: ChangeFlags) -> Result<()> {
        self.mutate(|m, fx| {
            m.emit_cluster_client_event(change, fx);
            Ok(())
        })
    }

    /// The cluster became unreachable: `CLUSTER_STATE` (cluster name) to every
    /// registration that asked for it (N18), CLUSTER STATE_V2 to every V2 port.
    pub fn cluster_unreachable(&self) -> Result<()> {
        self.cluster_event(ChangeFlags::CLUSTER_STATE)
    }

    /// The client's connection was re-established: `CLUSTER_RECONNECT` (cluster name) to
    /// every registration that asked for it, CLUSTER RECONNECT_V2 to every V2 port.
    pub fn reconnect(&self) -> Result<()> {
        self.cluster_event(ChangeFlags::CLUSTER_RECONNECT)
    }
}
