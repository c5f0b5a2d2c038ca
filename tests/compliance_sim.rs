//! The shared compliance suite (crates/clusim-compliance) against the simulator, once
//! with a manual clock and once with the real clock.

use clusim::{Backend, Clock, HChange, Sim};
use clusim_compliance::Fixture;
use std::sync::Arc;
use std::time::Duration;

struct SimFixture {
    sim: Sim,
}

impl Fixture for SimFixture {
    fn backend(&self) -> Arc<dyn Backend> {
        self.sim.shared()
    }
    fn cluster_name(&self) -> Option<String> {
        None
    }
    fn manual_clock(&self) -> Option<Clock> {
        self.sim.clock().is_manual().then(|| self.sim.clock().clone())
    }
    fn wait_for_blocked_gets(&self, _port: HChange, n: usize, limit: Duration) -> Option<bool> {
        // Every case has its own simulator: its clock's blocked threads are the case's.
        Some(self.sim.clock().wait_for_blocked(n, limit))
    }
}

mod manual_clock {
    use super::*;
    clusim_compliance::suite!(SimFixture {
        sim: Sim::builder().manual_clock().instant_transitions(true).build()
    });
    clusim_compliance::suite_v2!(SimFixture {
        sim: Sim::builder().manual_clock().instant_transitions(true).build()
    });
}

mod real_clock {
    use super::*;
    clusim_compliance::suite!(SimFixture { sim: Sim::builder().instant_transitions(true).build() });
    clusim_compliance::suite_v2!(SimFixture { sim: Sim::builder().instant_transitions(true).build() });
}
