//! The shared state behind handles: one cell per cluster, one per port, one per batch
//! being built or read. Nothing here looks at handles or at the simulator.

use clusim_api::{BatchCommand, ChangeFlags, ReadBatchResult, Win32Error};
use clusim_clock::Clock;
use clusim_model::ids::RegKeyId;
use clusim_model::Effect;
use clusim_notify::{BatchPortQueue, NotifRecord, PortId, PortQueue, Router};
use parking_lot::{Mutex, MutexGuard};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};

/// A cluster's model and its router under one lock.
pub(crate) struct ClusterState {
    pub(crate) model: clusim_model::Cluster,
    pub(crate) router: Router,
    /// The N9 switch (`SimBuilder::registrations_follow_objects`): per-object
    /// registrations stop matching once their object is deleted.
    object_identity: bool,
    /// The earliest clock timer set for this cluster's agenda (`Cluster::next_due`).
    timer: Option<std::time::Duration>,
}

/// The deletions after which an object's per-object registrations stop matching under
/// the N9 switch (PORT-OBJECT-IDENTITY).
const OBJECT_DELETED: ChangeFlags = ChangeFlags::NODE_DELETED
    .union(ChangeFlags::GROUP_DELETED)
    .union(ChangeFlags::RESOURCE_DELETED)
    .union(ChangeFlags::NETWORK_DELETED)
    .union(ChangeFlags::NETINTERFACE_DELETED);

impl ClusterState {
    /// Turns model effects into router calls, in order (renames re-key registrations
    /// before later events).
    pub(crate) fn apply(&mut self, fx: &[Effect]) {
        for e in fx {
            match e {
                Effect::Event(ev) => {
                    self.router.route(ev);
                    if self.object_identity && ev.change.intersects(OBJECT_DELETED) {
                        self.router.object_deleted(ev.kind, &ev.name);
                    }
                }
                Effect::EventV2(ev) => {
                    self.router.v2.route(ev);
                }
                Effect::Renamed { kind, old, new } => self.router.rename(*kind, old, new),
            }
        }
    }
}

/// One simulated cluster.
pub(crate) struct ClusterCell {
    /// Its name.
    pub(crate) name: Arc<str>,
    state: Mutex<ClusterState>,
    /// Itself, for the clock timers that run its agenda.
    me: Weak<ClusterCell>,
    /// The cluster has lost quorum (kept by `mutate`): calls through its handles fail
    /// (spec/faults.md QUORUM-CALLS) without taking the lock.
    down: AtomicBool,
}

impl ClusterCell {
    /// Wraps a model; `object_identity` is the N9 switch (see [`ClusterState`]).
    pub(crate) fn new(model: clusim_model::Cluster, object_identity: bool) -> Arc<ClusterCell> {
        let down = AtomicBool::new(!model.has_quorum());
        Arc::new_cyclic(|me| ClusterCell {
            name: model.name().clone(),
            state: Mutex::new(ClusterState { model, router: Router::new(), object_identity, timer: None }),
            me: me.clone(),
            down,
        })
    }

    /// Locks the cluster and stamps the clock's time on it.
    pub(crate) fn lock(&self, clock: &Clock) -> MutexGuard<'_, ClusterState> {
        let mut g = self.state.lock();
        g.model.set_now(clock.now());
        g
    }

    /// Runs a mutation: effects are routed under the same lock, in order. A call that
    /// answers `ERROR_IO_PENDING` has started transitions: its effects are routed too,
    /// and the rest arrives as simulated time passes.
    pub(crate) fn mutate<T>(
        &self,
        clock: &Clock,
        f: impl FnOnce(&mut clusim_model::Cluster, &mut Vec<Effect>) -> clusim_api::Result<T>,
    ) -> clusim_api::Result<T> {
        let mut st = self.lock(clock);
        let mut fx = Vec::new();
        let out = f(&mut st.model, &mut fx);
        let started = out.as_ref().err() == Some(&Win32Error::ERROR_IO_PENDING);
        debug_assert!(out.is_ok() || started || fx.is_empty(), "a failing call must not record effects");
        if out.is_ok() || started {
            st.apply(&fx);
            self.arm(&mut st, clock);
        }
        self.down.store(!st.model.has_quorum(), Ordering::Release);
        out
    }

    /// Sets a clock timer for the agenda's earliest job unless one as early is set.
    fn arm(&self, st: &mut ClusterState, clock: &Clock) {
        let Some(due) = st.model.next_due() else { return };
        if st.timer.is_some_and(|t| t <= due) {
            return;
        }
        st.timer = Some(due);
        let me = self.me.clone();
        clock.schedule_at(due, move |clock: &Clock| {
            if let Some(cell) = me.upgrade() {
                cell.fire(clock);
            }
        });
    }

    /// A timer fired: runs every job now due, routes their effects, re-arms.
    fn fire(&self, clock: &Clock) {
        let mut st = self.lock(clock);
        let now = clock.now();
        if st.timer.is_some_and(|t| t <= now) {
            st.timer = None;
        }
        let mut fx = Vec::new();
        st.model.run_due(&mut fx);
        st.apply(&fx);
        self.down.store(!st.model.has_quorum(), Ordering::Release);
        self.arm(&mut st, clock);
    }

    /// `RPC_S_SERVER_UNAVAILABLE` while the cluster has lost quorum (QUORUM-CALLS, Q1).
    pub(crate) fn check_up(&self) -> clusim_api::Result<()> {
        if self.down.load(Ordering::Acquire) {
            Err(clusim_api::Win32Error::RPC_S_SERVER_UNAVAILABLE)
        } else {
            Ok(())
        }
    }
}

/// One notification port.
pub(crate) struct PortCell {
    /// Its handle value.
    pub(crate) id: PortId,
    /// The queue.
    pub(crate) queue: Arc<PortQueue>,
    binding: Mutex<Option<Arc<ClusterCell>>>,
}

impl PortCell {
    /// A new port, bound to `cluster` if given.
    pub(crate) fn new(id: PortId, queue: Arc<PortQueue>, cluster: Option<Arc<ClusterCell>>) -> PortCell {
        if let Some(c) = &cluster {
            queue.set_cluster_name(c.name.clone());
        }
        PortCell { id, queue, binding: Mutex::new(cluster) }
    }

    /// The cluster the port is bound to.
    pub(crate) fn cluster(&self) -> Option<Arc<ClusterCell>> {
        self.binding.lock().clone()
    }

    /// Binds to `cluster` unless bound to another one (`false` then).
    pub(crate) fn bind(&self, cluster: &Arc<ClusterCell>) -> bool {
        let mut b = self.binding.lock();
        match &*b {
            Some(c) => Arc::ptr_eq(c, cluster),
            None => {
                *b = Some(cluster.clone());
                self.queue.set_cluster_name(cluster.name.clone());
                true
            }
        }
    }
}

/// One batch notification port: its cluster and its queue (the key path it watches
/// lives in the cluster's router).
pub(crate) struct BatchPortCell {
    /// Its handle value.
    pub(crate) id: PortId,
    /// The cluster it watches.
    pub(crate) cell: Arc<ClusterCell>,
    /// The queue.
    pub(crate) queue: Arc<BatchPortQueue>,
}

/// A write batch being built: its commands and their size in bytes.
pub(crate) struct WriteBatchCell {
    pub(crate) cell: Arc<ClusterCell>,
    pub(crate) key: RegKeyId,
    pub(crate) commands: Mutex<(Vec<BatchCommand>, usize)>,
}

/// A read batch being built: (subkey, value) pairs.
pub(crate) struct ReadBatchCell {
    pub(crate) cell: Arc<ClusterCell>,
    pub(crate) key: RegKeyId,
    pub(crate) commands: Mutex<Vec<(Option<String>, Option<String>)>>,
}

/// Items read one at a time, in order: a batch notification's records, an executed
/// read batch's results.
pub(crate) struct Cursor<T> {
    items: Vec<T>,
    next: Mutex<usize>,
}

impl<T: Clone> Cursor<T> {
    pub(crate) fn new(items: Vec<T>) -> Cursor<T> {
        Cursor { items, next: Mutex::new(0) }
    }

    /// The next item; `ERROR_NO_MORE_ITEMS` after the last.
    pub(crate) fn next(&self) -> clusim_api::Result<T> {
        let mut next = self.next.lock();
        let item = self.items.get(*next).cloned().ok_or(clusim_api::Win32Error::ERROR_NO_MORE_ITEMS)?;
        *next += 1;
        Ok(item)
    }
}

/// A batch notification being read.
pub(crate) type NotificationCell = Cursor<NotifRecord>;

/// The results of an executed read batch.
pub(crate) type ReplyCell = Cursor<ReadBatchResult>;
