//! The close-versus-wait races through the C ABI: `ClusApiBackend` over libclusapi's
//! exports, 100,000 rounds each of a port close and a cluster close racing a blocked
//! `GetClusterNotify(INFINITE)` (PORT-CLOSE, N3; PORT-HANDLE-CLOSE, N4). Same rounds as
//! the simulator's in tests/stress.rs (clusim_compliance::races).
#![cfg(not(windows))]

use clusim_clusapi::ClusApiBackend;
use clusim_compliance::races::{close_race, Closer};
use std::sync::Arc;

const ROUNDS: usize = 100_000;

#[test]
fn port_close_racing_a_blocked_get_always_answers_invalid_handle_through_the_c_abi() {
    let out = close_race(Arc::new(ClusApiBackend::new()), Some("c-race-port"), Closer::Port, ROUNDS);
    assert_eq!((out.rounds, out.documented, out.hangs), (ROUNDS, ROUNDS, 0), "{:?}", out.other);
}

#[test]
fn cluster_close_racing_a_blocked_get_always_delivers_handle_close_through_the_c_abi() {
    let out = close_race(Arc::new(ClusApiBackend::new()), Some("c-race-cluster"), Closer::Cluster, ROUNDS);
    assert_eq!((out.rounds, out.documented, out.hangs), (ROUNDS, ROUNDS, 0), "{:?}", out.other);
}
