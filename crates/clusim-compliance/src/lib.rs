//! # clusim-compliance
//!
//! One suite of behaviour checks that every [`Backend`] must pass — the simulator, the
//! C library seen through its exports, and the real-ClusAPI backend on a Windows
//! cluster. Each case names the spec rule it pins down (`spec/ports.md`, …).
//!
//! A backend plugs in through a [`Fixture`]; [`suite!`] expands to one `#[test]` per
//! case:
//!
//! ```text
//! clusim_compliance::suite!(my_fixture());
//! ```

#![warn(missing_docs)]

pub mod api_wide;
pub mod cases;
pub mod cases_v2;
pub mod drain;
pub mod races;

use clusim_api::client::{Cluster, Notification, NotifyPort};
use clusim_api::{Backend, HChange, Result, Timeout, Win32Error};
use clusim_clock::Clock;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// How long (real time) a case waits for a spawned call to block before it fails.
pub(crate) const BLOCK_LIMIT: Duration = Duration::from_secs(30);

/// How a backend under test is provided.
pub trait Fixture: Send + Sync {
    /// A backend for one case.
    fn backend(&self) -> Arc<dyn Backend>;
    /// The cluster a case should open: a fresh default cluster, never shared with
    /// another case (`None` = the local cluster, for backends that give a fresh one).
    fn cluster_name(&self) -> Option<String>;
    /// The manual clock driving the backend's timeouts, or `None` for real time.
    fn manual_clock(&self) -> Option<Clock>;

    /// Blocks (real time, at most `limit`) until at least `n` threads are blocked in a
    /// get on `port`: the deterministic signal a case uses, instead of sleeping, before
    /// it wakes a waiter. `Some(reached)`, or `None` when the fixture cannot observe it;
    /// the case then goes on at once (it stays correct: the port exists before the get
    /// starts, so only the "already blocked" path may not be the one exercised).
    ///
    /// The default counts the threads blocked on [`Fixture::manual_clock`]'s clock
    /// ([`Clock::wait_for_blocked`]), exact when that clock belongs to the case alone.
    /// A fixture whose clock is real, or shared between cases, overrides it (for the
    /// simulator: `Sim::clock().wait_for_blocked`, or a per-port waiter count).
    fn wait_for_blocked_gets(&self, port: HChange, n: usize, limit: Duration) -> Option<bool> {
        let _ = port;
        self.manual_clock().map(|c| c.wait_for_blocked(n, limit))
    }
}

/// A case's context: the backend, an open cluster, time control.
pub struct Ctx<'f> {
    /// The backend.
    pub backend: Arc<dyn Backend>,
    /// The cluster the case works on (a fresh default topology).
    pub cluster: Cluster,
    clock: Option<Clock>,
    fixture: &'f dyn Fixture,
}

impl<'f> Ctx<'f> {
    /// Opens the fixture's cluster.
    pub fn new(f: &'f dyn Fixture) -> Ctx<'f> {
        let backend = f.backend();
        let name = f.cluster_name();
        let cluster = Cluster::open(backend.clone(), name.as_deref()).expect("open cluster");
        Ctx { backend, cluster, clock: f.manual_clock(), fixture: f }
    }

    /// Starts an `INFINITE` get on `port` on a new thread and returns once the fixture
    /// sees it blocked ([`Fixture::wait_for_blocked_gets`]), or at once when it cannot
    /// tell. Never sleeps.
    pub fn spawn_blocked_get(&self, port: &Arc<NotifyPort>) -> JoinHandle<Result<Notification>> {
        let p = port.clone();
        let t = std::thread::spawn(move || p.get(Timeout::Infinite));
        if let Some(seen) = self.fixture.wait_for_blocked_gets(port.raw(), 1, BLOCK_LIMIT) {
            assert!(seen, "the get never blocked");
        }
        t
    }

    /// A `get` with a finite timeout that is expected to time out: under a manual clock
    /// the time is advanced once the waiter is parked; under real time it just waits.
    pub fn get_expecting_timeout(&self, port: &Arc<NotifyPort>, timeout: Duration) -> Result<()> {
        match &self.clock {
            Some(clock) => {
                let p = port.clone();
                let before = clock.timed_waiters();
                let t = std::thread::spawn(move || p.get(Timeout::from(timeout)));
                assert!(clock.wait_for_timed_waiters(before + 1, BLOCK_LIMIT), "the get never blocked");
                clock.advance(timeout);
                match t.join().expect("waiter panicked") {
                    Ok(n) => panic!("expected WAIT_TIMEOUT, got {n:?}"),
                    Err(e) if e == Win32Error::WAIT_TIMEOUT => Ok(()),
                    Err(e) => Err(e),
                }
            }
            None => match port.get(Timeout::from(timeout)) {
                Ok(n) => panic!("expected WAIT_TIMEOUT, got {n:?}"),
                Err(e) if e == Win32Error::WAIT_TIMEOUT => Ok(()),
                Err(e) => Err(e),
            },
        }
    }
}

/// Expands to one `#[test]` per compliance case, each building its fixture with the
/// given expression.
#[macro_export]
macro_rules! suite {
    ($fixture:expr) => {
        $crate::suite!(@cases $fixture;
            fifo_order_within_a_port,
            nothing_is_queued_before_the_first_registration,
            overlapping_registrations_deliver_once_per_key,
            every_indication_carries_exactly_one_bit,
            zero_timeout_polls,
            finite_timeout_returns_wait_timeout,
            infinite_timeout_waits_for_the_next_event,
            more_data_keeps_the_event_for_the_retry,
            close_wakes_a_blocked_waiter_with_invalid_handle,
            closed_port_handle_is_invalid_afterwards,
            closing_a_registered_object_handle_queues_handle_close,
            closing_the_ports_cluster_handle_queues_handle_close,
            registration_filter_must_fit_the_object_kind,
            per_object_registration_sees_only_its_object,
            create_resource_emits_added_and_group_property,
            online_walks_through_online_pending,
            watcher_reacts_only_to_physical_disks,
            bad_handles_are_invalid_handle_and_change_nothing,
            bad_names_are_documented_errors_and_change_nothing,
            rename_carries_per_object_registrations,
            registry_value_round_trip_raises_registry_value,
            batch_notification_get_read_close,
            failed_batch_is_atomic_and_silent,
            read_batch_results_in_order,
            object_names_and_ids_answer_the_get_controls,
            drain_moves_groups_to_the_target_and_failback_returns_them,
        );
        $crate::suite!(@wide $fixture;
            ex_enumerations_list_the_plain_items_with_their_ids,
            group_and_resource_ex_items_carry_state_owner_and_group,
            interface_and_resource_type_enumerations,
            ex_operations_check_flags_and_input_then_act,
            cancel_without_a_pending_move_is_invalid_state,
            restart_brings_the_resource_and_its_dependents_back,
            create_group_ex_and_destroy_group,
            can_be_dependent_follows_the_dependency_rules,
            node_ids_states_clusters_of_objects_and_open_ex,
            dependency_expressions_and_the_network_name,
        );
    };
    (@wide $fixture:expr; $($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                let fixture = $fixture;
                $crate::api_wide::$case(&fixture);
            }
        )*
    };
    (@cases $fixture:expr; $($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                let fixture = $fixture;
                $crate::cases::$case(&fixture);
            }
        )*
    };
}

/// Expands to one `#[test]` per V2 compliance case ([`cases_v2`], spec/v2.md), for the
/// backends that implement V2 ports.
#[macro_export]
macro_rules! suite_v2 {
    ($fixture:expr) => {
        $crate::suite_v2!(@cases $fixture;
            v2_group_state_carries_ids_and_the_state,
            v2_resource_added_row_is_as_the_table_lays_it_out,
            v2_more_data_keeps_the_event_for_the_retry,
            v2_zero_timeout_polls,
            v2_close_wakes_a_blocked_waiter,
            v2_event_is_signalled_while_the_port_holds_events,
            v2_bad_filters_are_refused,
            v2_closing_a_registered_handle_queues_handle_close,
        );
    };
    (@cases $fixture:expr; $($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                let fixture = $fixture;
                $crate::cases_v2::$case(&fixture);
            }
        )*
    };
}
