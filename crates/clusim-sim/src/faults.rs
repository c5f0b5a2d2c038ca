//! Fault injection: the simulator-only way to make a cluster misbehave
//! (spec/faults.md). Real backends have no equivalent; tests that use it are
//! simulator tests.

use crate::sim::Sim;
use clusim_api::{ChangeFlags, ObjectKind, Result};
use clusim_model::{Effect, ModelEvent};

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

    /// The node comes back: `NODE_STATE`, its interfaces Up. No failback.
    pub fn node_up(&self, node: &str) -> Result<()> {
        self.mutate(|m, fx| {
            let id = m.node_by_name(node)?;
            m.node_up(id, fx)
        })
    }

    fn cluster_event(&self, change: ChangeFlags) -> Result<()> {
        self.mutate(|m, fx| {
            fx.push(Effect::Event(ModelEvent { change, kind: ObjectKind::Cluster, name: m.name().clone() }));
            Ok(())
        })
    }

    /// The cluster became unreachable: `CLUSTER_STATE` (cluster name) to every
    /// registration that asked for it (N18).
    pub fn cluster_unreachable(&self) -> Result<()> {
        self.cluster_event(ChangeFlags::CLUSTER_STATE)
    }

    /// The client's connection was re-established: `CLUSTER_RECONNECT` (cluster name) to
    /// every registration that asked for it.
    pub fn reconnect(&self) -> Result<()> {
        self.cluster_event(ChangeFlags::CLUSTER_RECONNECT)
    }
}
