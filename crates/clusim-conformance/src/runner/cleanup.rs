//! Leaving the cluster as the scenario found it (spec/conformance.md, "Cleanup").
//!
//! While a scenario runs, the runner notes — outside the trace, with reads only and its
//! own handles — what each step is about to change: the groups, resources and resource
//! types it creates, the state, owner and name of pre-existing objects before it first
//! changes them, the keys it creates, the old values and security of pre-existing keys it
//! writes, and a snapshot of a pre-existing key it deletes. After the scenario (its trace
//! complete, its observer closed) every handle the scenario still holds is closed (which
//! also wakes a stuck waiter), then the notes are undone in reverse order: created
//! objects are taken offline and deleted, pre-existing ones get their state, owner and
//! name back, created keys are deleted with their subtrees, old values and security are
//! written back. What cannot be undone is reported as a cleanup problem.

use super::args::Var;
use super::keys::Tree;
use clusim_api::enums::{CLUSTER_ENUM_GROUP, CLUSTER_ENUM_NODE, CLUSTER_ENUM_RESOURCE};
use clusim_api::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

pub(crate) enum Action {
    Group(HGroup),
    Resource(HResource),
    ResourceType(String),
    GroupState { own: HGroup, name: String, state: GroupState, node: String },
    ResourceState { own: HResource, name: String, state: ResourceState },
    NodeState { own: HNode, state: NodeState },
    NetworkName { own: HNetwork, name: String },
    KeyTree(String),
    Value { path: String, name: String, old: Option<(u32, Vec<u8>)> },
    Security { path: String, old: Vec<u8> },
    RestoreTree { path: String, tree: Tree },
}

/// A write-batch command as added: its number and name.
pub(crate) type BatchCommandNote = (u32, Option<String>);

#[derive(Default)]
pub(crate) struct State {
    pub log: Vec<Action>,
    /// Key handle value → its path below the cluster root (keys reached from `GetClusterKey`).
    pub key_paths: BTreeMap<usize, String>,
    /// Keys the scenario created (lower-case paths): anything below them goes with them.
    pub created_trees: Vec<String>,
    /// Objects (by id) and values (path, name) whose pre-image is already noted.
    pub noted: BTreeSet<String>,
    /// Ids of the objects the scenario created.
    pub created_ids: BTreeSet<String>,
    /// Open write batches: their key's path and the commands added so far.
    pub batches: BTreeMap<usize, (Option<String>, Vec<BatchCommandNote>)>,
    /// Every handle the scenario bound, in order.
    pub handles: Vec<Var>,
    /// What could not be noted or undone.
    pub problems: Vec<String>,
}

/// The undo log of one run.
pub(crate) struct Undo {
    pub backend: Arc<dyn Backend>,
    /// The runner's own handle to the scenario's cluster.
    pub cluster: HCluster,
    pub st: Mutex<State>,
}

fn not_found(e: Win32Error) -> bool {
    matches!(
        e,
        Win32Error::ERROR_GROUP_NOT_FOUND
            | Win32Error::ERROR_RESOURCE_NOT_FOUND
            | Win32Error::ERROR_CLUSTER_NODE_NOT_FOUND
            | Win32Error::ERROR_CLUSTER_NETWORK_NOT_FOUND
            | Win32Error::ERROR_FILE_NOT_FOUND
    )
}

impl Undo {
    pub fn new(backend: Arc<dyn Backend>, cluster: HCluster) -> Undo {
        Undo { backend, cluster, st: Mutex::new(State::default()) }
    }

    pub(crate) fn push(&self, a: Action) {
        self.st.lock().unwrap().log.push(a);
    }

    pub(crate) fn problem(&self, p: String) {
        self.st.lock().unwrap().problems.push(p);
    }

    /// Notes an object once (by id); `false` if it was noted already or created here.
    fn first_touch(&self, obj: ObjectHandle) -> bool {
        let id = match self.backend.object_id(obj) {
            Ok(id) => id,
            Err(_) => return false,
        };
        let mut st = self.st.lock().unwrap();
        !st.created_ids.contains(&id) && st.noted.insert(format!("object:{id}"))
    }

    fn created(&self, obj: ObjectHandle) {
        if let Ok(id) = self.backend.object_id(obj) {
            self.st.lock().unwrap().created_ids.insert(id);
        }
    }

    /// A handle the scenario bound (closed after the run).
    pub fn bound(&self, v: Var) {
        self.st.lock().unwrap().handles.push(v);
    }

    pub fn created_group(&self, name: &str) {
        self.created_object(name, "group", self.backend.open_group(self.cluster, name).map(Action::Group));
    }

    pub fn created_resource(&self, name: &str) {
        let own = self.backend.open_resource(self.cluster, name);
        self.created_object(name, "resource", own.map(Action::Resource));
    }

    fn created_object(&self, name: &str, kind: &str, own: Result<Action>) {
        let obj: ObjectHandle = match own {
            Ok(Action::Group(h)) => h.into(),
            Ok(Action::Resource(h)) => h.into(),
            Ok(_) => return,
            Err(e) => return self.problem(format!("{kind} {name:?}: cannot note it for cleanup ({e})")),
        };
        self.created(obj);
        self.push(own.expect("matched Ok"));
    }

    pub fn created_resource_type(&self, name: &str) {
        self.push(Action::ResourceType(name.to_string()));
    }

    /// Before the scenario's first change of a group's, resource's or node's state (which
    /// can change others: dependents, the group): notes the state, owner and name of every
    /// resource, group and node it did not create, once.
    pub fn touch_states(&self) {
        if !self.st.lock().unwrap().noted.insert("states".into()) {
            return;
        }
        let b = &*self.backend;
        let kinds = CLUSTER_ENUM_RESOURCE | CLUSTER_ENUM_GROUP | CLUSTER_ENUM_NODE;
        let objects = match b.cluster_enum(self.cluster, kinds) {
            Ok(v) => v,
            Err(e) => return self.problem(format!("cannot list the cluster's objects for cleanup ({e})")),
        };
        // Resources, then groups, then nodes: undone in reverse, nodes come back first,
        // then groups go home, then each resource gets its state back.
        for kind in [CLUSTER_ENUM_RESOURCE, CLUSTER_ENUM_GROUP, CLUSTER_ENUM_NODE] {
            for o in objects.iter().filter(|o| o.kind == kind) {
                let name = o.name.clone();
                let noted = match kind {
                    CLUSTER_ENUM_RESOURCE => b.open_resource(self.cluster, &name).and_then(|own| {
                        Ok(Action::ResourceState { state: b.resource_state(own)?.state, own, name })
                    }),
                    CLUSTER_ENUM_GROUP => b.open_group(self.cluster, &name).and_then(|own| {
                        let (state, node) = b.group_state(own)?;
                        Ok(Action::GroupState { own, name, state, node })
                    }),
                    _ => b
                        .open_node(self.cluster, &name)
                        .and_then(|own| Ok(Action::NodeState { state: b.node_state(own)?, own })),
                };
                match noted {
                    Ok(a) if !self.is_created(&a) => self.push(a),
                    Ok(_) => {}
                    Err(e) => self.problem(format!("{:?}: cannot note its state for cleanup ({e})", o.name)),
                }
            }
        }
    }

    fn is_created(&self, a: &Action) -> bool {
        let obj: ObjectHandle = match *a {
            Action::ResourceState { own, .. } => own.into(),
            Action::GroupState { own, .. } => own.into(),
            _ => return false,
        };
        let created =
            self.backend.object_id(obj).is_ok_and(|id| self.st.lock().unwrap().created_ids.contains(&id));
        if created {
            let _ = match *a {
                Action::ResourceState { own, .. } => self.backend.close_resource(own),
                Action::GroupState { own, .. } => self.backend.close_group(own),
                _ => Ok(()),
            };
        }
        created
    }

    pub fn touch_network(&self, w: HNetwork) {
        let b = &*self.backend;
        if !self.first_touch(w.into()) {
            return;
        }
        let noted = b
            .object_name(w.into())
            .and_then(|name| Ok(Action::NetworkName { own: b.open_network(self.cluster, &name)?, name }));
        self.note(noted, "a network");
    }

    /// Properties of objects the scenario created go with them; others are not undone.
    pub fn touch_properties(&self, obj: ObjectHandle, scope: PropertyScope) {
        let Ok(id) = self.backend.object_id(obj) else { return };
        if !self.st.lock().unwrap().created_ids.contains(&id) {
            let name = self.backend.object_name(obj).unwrap_or(id);
            self.problem(format!(
                "SetProperties ({scope:?}) on {name:?}, which the scenario did not create: not undone"
            ));
        }
    }

    fn note(&self, noted: Result<Action>, what: &str) {
        match noted {
            Ok(a) => self.push(a),
            // A bad or stale handle: the step itself fails and changes nothing.
            Err(e) if e == Win32Error::ERROR_INVALID_HANDLE || not_found(e) => {}
            Err(e) => self.problem(format!("{what}: cannot note its state for cleanup ({e})")),
        }
    }

    /// Closes every handle the scenario still holds (ports first: that wakes their
    /// waiters), then undoes the log in reverse order. Returns the problems.
    pub fn finish(&self) -> Vec<String> {
        let b = &*self.backend;
        let mut st = std::mem::take(&mut *self.st.lock().unwrap());
        let handles = std::mem::take(&mut st.handles);
        for v in handles.iter().rev() {
            let _ = match *v {
                Var::Port(h) => b.close_notify_port(h),
                Var::BatchPort(h) => b.reg_close_batch_notify_port(h),
                _ => Ok(()),
            };
        }
        for v in handles.iter().rev().filter(|v| !matches!(v, Var::Port(_) | Var::BatchPort(_))) {
            let _ = match *v {
                Var::Batch(h) => b.reg_close_batch(h, false).map_err(|f| f.code),
                Var::ReadBatch(h) => {
                    b.reg_close_read_batch(h, 0).and_then(|r| b.reg_close_read_batch_reply(r))
                }
                v => super::args::close_var(b, v).unwrap_or(Ok(())),
            };
        }
        let mut problems = std::mem::take(&mut st.problems);
        let root = b.get_cluster_key(self.cluster, 0).ok();
        for a in st.log.into_iter().rev() {
            if let Err(p) = self.undo(a, root) {
                problems.push(p);
            }
        }
        if let Some(r) = root {
            let _ = b.reg_close_key(r);
        }
        problems
    }

    fn undo(&self, a: Action, root: Option<HKey>) -> std::result::Result<(), String> {
        let b = &*self.backend;
        let gone = |r: Result<()>| match r {
            Err(e) if !not_found(e) => Err(e),
            _ => Ok(()),
        };
        match a {
            Action::Group(own) => {
                let name = b.object_name(own.into()).unwrap_or_default();
                let r = gone(b.offline_group(own)).and_then(|()| gone(b.delete_group(own)));
                let _ = b.close_group(own);
                r.map_err(|e| format!("deleting the group {name:?} it created: {e}"))
            }
            Action::Resource(own) => {
                let name = b.object_name(own.into()).unwrap_or_default();
                let r = gone(b.offline_resource(own)).and_then(|()| gone(b.delete_resource(own)));
                let _ = b.close_resource(own);
                r.map_err(|e| format!("deleting the resource {name:?} it created: {e}"))
            }
            Action::ResourceType(name) => gone(b.delete_resource_type(self.cluster, &name))
                .map_err(|e| format!("deleting the resource type {name:?} it created: {e}")),
            Action::GroupState { own, name, state, node } => {
                let r = self.restore_group(own, &name, state, &node);
                let _ = b.close_group(own);
                r.map_err(|e| format!("restoring the group {name:?} ({state:?} on {node}): {e}"))
            }
            Action::ResourceState { own, name, state } => {
                let r = (|| {
                    if b.object_name(own.into())? != name {
                        b.set_resource_name(own, &name)?;
                    }
                    let now = b.resource_state(own)?.state;
                    match state {
                        ResourceState::Online if now != state => b.online_resource(own),
                        ResourceState::Offline if now != state => b.offline_resource(own),
                        _ => Ok(()),
                    }
                })();
                let _ = b.close_resource(own);
                gone(r).map_err(|e| format!("restoring the resource {name:?} ({state:?}): {e}"))
            }
            Action::NodeState { own, state } => {
                let r = (|| match (state, b.node_state(own)?) {
                    (NodeState::Up, NodeState::Paused) => b.resume_node(own),
                    (NodeState::Paused, NodeState::Up) => b.pause_node(own),
                    _ => Ok(()),
                })();
                let _ = b.close_node(own);
                gone(r).map_err(|e| format!("restoring a node ({state:?}): {e}"))
            }
            Action::NetworkName { own, name } => {
                let r = (|| {
                    if b.object_name(own.into())? != name {
                        b.set_network_name(own, &name)
                    } else {
                        Ok(())
                    }
                })();
                let _ = b.close_network(own);
                gone(r).map_err(|e| format!("renaming the network back to {name:?}: {e}"))
            }
            Action::KeyTree(path) => {
                let root = root.ok_or("no cluster key")?;
                super::keys::delete_tree(b, root, &path)
                    .map_err(|e| format!("deleting the key {path:?} it created: {e}"))
            }
            Action::Value { path, name, old } => {
                let root = root.ok_or("no cluster key")?;
                super::keys::restore_value(b, root, &path, &name, old.as_ref())
                    .map_err(|e| format!("restoring the value {name:?} of {path:?}: {e}"))
            }
            Action::Security { path, old } => {
                let root = root.ok_or("no cluster key")?;
                super::keys::with_key(b, root, &path, |k| b.reg_set_key_security(k, 4, &old))
                    .map_err(|e| format!("restoring the security of {path:?}: {e}"))
            }
            Action::RestoreTree { path, tree } => {
                let root = root.ok_or("no cluster key")?;
                super::keys::restore_tree(b, root, &path, &tree)
                    .map_err(|e| format!("restoring the deleted key {path:?}: {e}"))
            }
        }
    }

    fn restore_group(&self, own: HGroup, name: &str, state: GroupState, node: &str) -> Result<()> {
        let b = &*self.backend;
        if b.object_name(own.into())? != name {
            b.set_group_name(own, name)?;
        }
        let (now, at) = b.group_state(own)?;
        if at != node && !node.is_empty() {
            let n = b.open_node(self.cluster, node)?;
            let r = b.move_group(own, Some(n));
            let _ = b.close_node(n);
            r?;
        }
        let now = if at != node { b.group_state(own)?.0 } else { now };
        match state {
            GroupState::Online if now != state => b.online_group(own, None),
            GroupState::Offline if now != state => b.offline_group(own),
            _ => Ok(()),
        }
    }
}
