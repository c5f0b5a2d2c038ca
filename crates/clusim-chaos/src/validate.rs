//! The validators every chaos run is checked with, on the recorded [`History`].
//!
//! 1. **Per-port streams** (FIFO, no duplicate, no silent loss): each registration's
//!    deliveries are the reference watcher's events that registration matches, in the
//!    same order; an event may be missing only if a `CLUSTER_RECONNECT` follows it on
//!    that port (the overflow signal, N10) or the port was closed before it was read
//!    (close discards the queue, N3).
//! 2. **The reference watcher** never loses anything, and sees `CLUSTER_STATE` and
//!    `CLUSTER_RECONNECT` exactly where the faults caused them (N18).
//! 3. **Every state change observed**: when an object's state (or existence) changed
//!    across a step, the watcher saw its `*_STATE` (`*_ADDED`, `*_DELETED`) in that step.
//! 4. **Reconstruction**: the names of every group and resource at the end follow from
//!    the names at the start and the watcher's `*_ADDED` / `*_DELETED` events.
//! 5. **Codes**: every call returned a code its documentation allows (see [`allowed`]).
//! 6. **V2 ports**: the same stream, signal and observation rules for V2 ports and the
//!    V2 reference watcher (`validate_v2.rs`).

use crate::exec::client_generated;
use crate::history::{Delivered, History, Matcher, PortLog};
use crate::ops::Op;
use clusim_api::{ChangeFlags, NotifyKey, Win32Error};
use std::collections::{BTreeMap, BTreeSet};

/// Every violation in `h`, each a sentence naming its step and rule.
pub fn validate(h: &History, identity: bool) -> Vec<String> {
    let mut v = h.violations.clone();
    for port in &h.ports {
        port_stream(h, port, identity, &mut v);
    }
    reference_signals(h, &mut v);
    state_changes(h, &mut v);
    reconstruction(h, &mut v);
    codes(h, &mut v);
    crate::validate_v2::validate_v2(h, &mut v);
    v
}

/// Whether a registration made at step `from` and (for a group registration under the
/// identity reading) ended at step `until` matches reference event `w`.
fn matches(
    h: &History,
    port: &PortLog,
    m: &Matcher,
    from: usize,
    until: Option<usize>,
    w: &Delivered,
) -> bool {
    if w.step <= from || port.closed.is_some_and(|c| w.step >= c && c <= h.calls.len()) {
        return false;
    }
    match m {
        Matcher::Filter(f) => f.contains(w.change),
        Matcher::Group(name) => {
            let group_events =
                ChangeFlags::GROUP_STATE | ChangeFlags::GROUP_PROPERTY | ChangeFlags::GROUP_DELETED;
            until.is_none_or(|u| w.step <= u) && &w.name == name && group_events.contains(w.change)
        }
    }
}

/// Under the identity reading (N9 switch) a group registration ends with the step of the
/// first `GROUP_DELETED` of its group after it; by name it never ends.
fn group_end(h: &History, m: &Matcher, from: usize, identity: bool) -> Option<usize> {
    let Matcher::Group(name) = m else { return None };
    if !identity {
        return None;
    }
    h.reference
        .iter()
        .find(|d| d.step > from && d.change == ChangeFlags::GROUP_DELETED && &d.name == name)
        .map(|d| d.step)
}

fn port_stream(h: &History, port: &PortLog, identity: bool, v: &mut Vec<String>) {
    let mut expected: BTreeMap<NotifyKey, Vec<&Delivered>> = BTreeMap::new();
    for r in &port.registrations {
        let until = group_end(h, &r.matcher, r.from, identity);
        let list = expected.entry(r.key).or_default();
        list.extend(h.reference.iter().filter(|w| {
            !client_generated().contains(w.change) && matches(h, port, &r.matcher, r.from, until, w)
        }));
    }
    let reconnects: Vec<usize> = port
        .delivered
        .iter()
        .filter(|d| d.change == ChangeFlags::CLUSTER_RECONNECT)
        .map(|d| d.step)
        .collect();
    let signalled_after = |step: usize| reconnects.iter().any(|r| *r >= step);
    let closed_early = port.closed.is_some_and(|c| c <= h.calls.len());
    let p = port.slot;
    let mut delivered: BTreeMap<NotifyKey, Vec<&Delivered>> = BTreeMap::new();
    for d in &port.delivered {
        if client_generated().contains(d.change) {
            continue;
        }
        if !expected.contains_key(&d.key) {
            v.push(format!(
                "step {}: PORT-KEYS: p{p} delivered key {} that no registration has",
                d.step, d.key.0
            ));
            continue;
        }
        delivered.entry(d.key).or_default().push(d);
    }
    for (key, list) in &expected {
        // Match each delivery, last first, with the latest expected event of the same
        // change and name caused no later than the drain that delivered it: every
        // delivery must find one (else a duplicate, reordering or invented event), and
        // the expected events left over are losses, placed as early as a FIFO allows.
        let got = delivered.get(key).map(Vec::as_slice).unwrap_or(&[]);
        let id = |d: &&Delivered| (d.step, (d.change, d.name.clone()));
        let (matched, strays) =
            match_stream(&list.iter().map(id).collect::<Vec<_>>(), &got.iter().map(id).collect::<Vec<_>>());
        for d in strays.iter().map(|&i| got[i]) {
            v.push(format!(
                "step {}: PORT-FIFO: p{p} key {} delivered {} {:?}, which the reference watcher does not \
                 have in that place (a duplicate, a reordering or an invented event)",
                d.step,
                key.0,
                name(d.change),
                d.name
            ));
        }
        let unsignalled: Vec<&&Delivered> = losses(&matched, closed_early, |i| signalled_after(list[i].step))
            .into_iter()
            .map(|i| &list[i])
            .collect();
        if let Some(first) = unsignalled.first() {
            v.push(format!(
                "PORT-LOSS (N10): p{p} key {} lost {} of the reference watcher's events (first: step {} {} {:?}) \
                 with no CLUSTER_RECONNECT after them",
                key.0,
                unsignalled.len(),
                first.step,
                name(first.change),
                first.name
            ));
        }
    }
}

/// Matches one key's deliveries with the reference events it expects, both as
/// `(step, identity)` in order: each delivery, last first, takes the latest expected event
/// of its identity caused no later than the drain that delivered it, so the expected
/// events left over (the losses) are placed as early as a FIFO allows. Returns which
/// expected events were matched and the deliveries that found none (a duplicate, a
/// reordering or an invented event).
pub(crate) fn match_stream<T: PartialEq>(list: &[(usize, T)], got: &[(usize, T)]) -> (Vec<bool>, Vec<usize>) {
    let mut matched = vec![false; list.len()];
    let mut strays = Vec::new();
    let mut limit = list.len();
    for (j, (step, what)) in got.iter().enumerate().rev() {
        match (0..limit).rev().find(|&i| &list[i].1 == what && list[i].0 <= *step) {
            Some(i) => {
                matched[i] = true;
                limit = i;
            }
            None => strays.push(j),
        }
    }
    strays.reverse();
    (matched, strays)
}

/// The expected events that are lost without excuse: not matched, not discarded by a
/// close before the end (N3: on such a port the events after its last delivery may be
/// missing), and not followed by the port's loss signal.
pub(crate) fn losses(matched: &[bool], closed_early: bool, signalled: impl Fn(usize) -> bool) -> Vec<usize> {
    let last = matched.iter().rposition(|m| *m);
    let discarded = |i: usize| closed_early && last.is_none_or(|l| i > l);
    (0..matched.len()).filter(|&i| !matched[i] && !discarded(i) && !signalled(i)).collect()
}

fn reference_signals(h: &History, v: &mut Vec<String>) {
    for (flag, op_is) in [
        (ChangeFlags::CLUSTER_RECONNECT, (|op: &Op| matches!(op, Op::Reconnect)) as fn(&Op) -> bool),
        (ChangeFlags::CLUSTER_STATE, |op: &Op| matches!(op, Op::Unreachable)),
    ] {
        let seen: BTreeSet<usize> = h.reference.iter().filter(|d| d.change == flag).map(|d| d.step).collect();
        let caused: BTreeSet<usize> = h
            .calls
            .iter()
            .filter(|(_, op, code)| op_is(op) && *code == Win32Error::ERROR_SUCCESS)
            .map(|(s, _, _)| *s)
            .chain(h.quorum_cycles.iter().copied())
            .collect();
        if seen != caused {
            v.push(format!(
                "FAULT-SIGNALS (N18): the reference watcher saw {} at steps {seen:?}, the faults caused it at {caused:?}",
                name(flag)
            ));
        }
    }
}

fn state_changes(h: &History, v: &mut Vec<String>) {
    for c in &h.state_changes {
        let (kind, obj) = (&c.object.0, &c.object.1);
        let (added, deleted, state) = match kind {
            'G' => (ChangeFlags::GROUP_ADDED, ChangeFlags::GROUP_DELETED, ChangeFlags::GROUP_STATE),
            'R' => (ChangeFlags::RESOURCE_ADDED, ChangeFlags::RESOURCE_DELETED, ChangeFlags::RESOURCE_STATE),
            _ => (ChangeFlags::NODE_ADDED, ChangeFlags::NODE_DELETED, ChangeFlags::NODE_STATE),
        };
        let want = match (&c.before, &c.after) {
            (None, Some(_)) => added,
            (Some(_), None) => deleted,
            _ => state,
        };
        let seen = h.reference.iter().any(|d| d.step == c.step && d.change == want && &d.name == obj);
        if !seen {
            v.push(format!(
                "step {}: MODEL-EVENTS: {obj:?} went from {:?} to {:?} but the watcher saw no {}",
                c.step,
                c.before,
                c.after,
                name(want)
            ));
        }
    }
}

fn reconstruction(h: &History, v: &mut Vec<String>) {
    let mut groups: BTreeSet<String> = h.initial.0.iter().cloned().collect();
    let mut resources: BTreeSet<String> = h.initial.1.iter().cloned().collect();
    for d in &h.reference {
        let set = match d.change {
            c if c == ChangeFlags::GROUP_ADDED || c == ChangeFlags::GROUP_DELETED => &mut groups,
            c if c == ChangeFlags::RESOURCE_ADDED || c == ChangeFlags::RESOURCE_DELETED => &mut resources,
            _ => continue,
        };
        if d.change == ChangeFlags::GROUP_ADDED || d.change == ChangeFlags::RESOURCE_ADDED {
            set.insert(d.name.clone());
        } else {
            set.remove(&d.name);
        }
    }
    let got: (Vec<String>, Vec<String>) = (groups.into_iter().collect(), resources.into_iter().collect());
    if got != h.finals {
        v.push(format!(
            "RECONSTRUCT: the watcher's events give groups {:?} resources {:?}, the cluster has {:?} {:?}",
            got.0, got.1, h.finals.0, h.finals.1
        ));
    }
}

fn codes(h: &History, v: &mut Vec<String>) {
    for (step, op, code) in &h.calls {
        if !allowed(op).contains(code) {
            v.push(format!(
                "step {step}: CODES: {op} returned {code}, which its documentation does not list"
            ));
        }
    }
}

/// The codes each operation may return: success, and the failures its ClusAPI page
/// (and the spec page that cites it) documents for the situations a chaos run creates.
pub fn allowed(op: &Op) -> Vec<Win32Error> {
    use Win32Error as E;
    let mut ok = vec![E::ERROR_SUCCESS];
    let group_missing = [E::ERROR_GROUP_NOT_FOUND];
    let res_missing = [E::ERROR_RESOURCE_NOT_FOUND];
    ok.extend(match op {
        Op::CreateGroup(_) => vec![E::ERROR_OBJECT_ALREADY_EXISTS],
        Op::DeleteGroup(_) => [&group_missing[..], &[E::ERROR_DIR_NOT_EMPTY]].concat(),
        Op::OnlineGroup(_) | Op::OfflineGroup(_) | Op::MoveGroup(..) => [
            &group_missing[..],
            &[E::ERROR_HOST_NODE_NOT_AVAILABLE, E::ERROR_CLUSTER_NODE_NOT_FOUND, E::ERROR_INVALID_STATE],
        ]
        .concat(),
        Op::CreateResource(..) => vec![
            E::ERROR_GROUP_NOT_FOUND,
            E::ERROR_OBJECT_ALREADY_EXISTS,
            E::ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND,
        ],
        Op::DeleteResource(_) => [
            &res_missing[..],
            &[E::ERROR_RESOURCE_ONLINE, E::ERROR_INVALID_STATE, E::ERROR_DEPENDENT_RESOURCE_EXISTS],
        ]
        .concat(),
        Op::OnlineResource(_) | Op::OfflineResource(_) | Op::FailResource(_) => [
            &res_missing[..],
            &[E::ERROR_RESOURCE_NOT_ONLINE, E::ERROR_HOST_NODE_NOT_AVAILABLE, E::ERROR_INVALID_STATE],
        ]
        .concat(),
        Op::AddDependency(..) => vec![
            E::ERROR_RESOURCE_NOT_FOUND,
            E::ERROR_DEPENDENCY_ALREADY_EXISTS,
            E::ERROR_INVALID_PARAMETER,
            E::ERROR_RESOURCE_ONLINE,
            E::ERROR_DEPENDENCY_NOT_ALLOWED,
            E::ERROR_CIRCULAR_DEPENDENCY,
        ],
        Op::RemoveDependency(..) => {
            vec![E::ERROR_RESOURCE_NOT_FOUND, E::ERROR_DEPENDENCY_NOT_FOUND, E::ERROR_RESOURCE_ONLINE]
        }
        Op::SetValue(..) | Op::Batch(..) => vec![],
        Op::DeleteValue(..) => vec![E::ERROR_FILE_NOT_FOUND],
        Op::DeleteKey(_) => vec![E::ERROR_FILE_NOT_FOUND, E::ERROR_ACCESS_DENIED],
        Op::OpenPort(..) => vec![],
        Op::ClosePort(_) | Op::Drain(_) | Op::DrainSmall(_) => vec![E::ERROR_INVALID_HANDLE],
        Op::RegisterGroup(..) | Op::RegisterGroupV2(..) => {
            [&group_missing[..], &[E::ERROR_INVALID_HANDLE]].concat()
        }
        Op::OpenPortV2(..) => vec![],
        Op::ClosePortV2(_) | Op::DrainV2(_) => vec![E::ERROR_INVALID_HANDLE],
        Op::NodeDown(_) | Op::NodeUp(_) => vec![E::ERROR_CLUSTER_NODE_NOT_FOUND, E::ERROR_INVALID_STATE],
        Op::Unreachable | Op::Reconnect | Op::QuorumLoss => vec![],
    });
    ok
}

fn name(f: ChangeFlags) -> &'static str {
    f.name().unwrap_or("?")
}
