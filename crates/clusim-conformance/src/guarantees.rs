//! Named guarantees checked on every trace (the model is etcd's `validate`): each has an
//! id, a statement and its own failure message pointing at the step.
//!
//! | id | statement |
//! |---|---|
//! | `one-bit` | every delivered indication carries exactly one known `CLUSTER_CHANGE` bit |
//! | `key-echo` | every indication carries the key of a registration made on that port |
//! | `subscribed-only` | every change delivered under a key is in that registration's filter (`HANDLE_CLOSE`, `CLUSTER_RECONNECT` exempt) |
//! | `nothing-before-registration` | nothing is delivered on a port before its first registration |
//! | `fifo` | per port and key, indications come in the order the cluster made the changes, each at most once per matching registration (checked against the observer port) |
//! | `no-silent-loss` | a port drained after a change it is registered for has received it, unless it received `CLUSTER_RECONNECT` |
//! | `close-completes-waiters` | every spawned waiter returns (no `HANG`) with an event, `ERROR_INVALID_HANDLE`, `WAIT_TIMEOUT` or `ERROR_NO_MORE_ITEMS` |
//! | `batch-exact` | a batch port's notifications hold exactly the committed value commands at or below its key, in commit order |

use crate::trace::{Record, Trace};
use clusim_api::ChangeFlags;
use std::collections::BTreeMap;
use std::fmt;

/// One broken guarantee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The guarantee's id.
    pub guarantee: &'static str,
    /// The step it shows at.
    pub step: usize,
    /// The scenario line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} broken at step {} (line {}): {}", self.guarantee, self.step, self.line, self.message)
    }
}

#[derive(Debug, Clone)]
struct Reg {
    at: usize,
    until: usize,
    key: String,
    filter: ChangeFlags,
    /// `None`: cluster-wide; `Some((kind, name))`: one object (`kind` "key" for registry).
    object: Option<(String, String)>,
    handle_var: String,
}

fn args(a: &str) -> Vec<String> {
    // Arguments are space-separated; quoted names are rendered with quotes.
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for ch in a.chars() {
        match ch {
            '"' => {
                quoted = !quoted;
                cur.push(ch);
            }
            ' ' if !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            _ => cur.push(ch),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Reverses the scenario language's quoting (`\\` and `\"`).
fn unquote(s: &str) -> String {
    let inner = s.strip_prefix('"').and_then(|x| x.strip_suffix('"')).unwrap_or(s);
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(n @ ('\\' | '"')) => out.push(n),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn flags(s: &str) -> ChangeFlags {
    s.split('|').filter_map(ChangeFlags::parse_one).fold(ChangeFlags::empty(), |a, b| a | b)
}

fn change_of(r: &Record) -> Option<ChangeFlags> {
    r.get("change").and_then(|c| ChangeFlags::parse_one(c)).filter(|c| c.is_single())
}

fn names_match(change: ChangeFlags, observed: &str, delivered: &str) -> bool {
    if ChangeFlags::REGISTRY_EVENTS.contains(change) {
        delivered.is_empty()
            || observed.eq_ignore_ascii_case(delivered)
            || observed.to_uppercase().ends_with(&format!("\\{}", delivered.to_uppercase()))
    } else {
        observed.eq_ignore_ascii_case(delivered)
    }
}

struct Delivery {
    entry: usize,
    port: String,
    rec: Record,
}

/// Checks every guarantee; an empty result means the trace keeps them all.
pub fn check(trace: &Trace) -> Vec<Violation> {
    let es = &trace.entries;
    let mut v = Vec::new();
    let mut push = |g: &'static str, i: usize, m: String| {
        v.push(Violation { guarantee: g, step: es[i].step, line: es[i].line, message: m })
    };
    let ok = |i: usize| es[i].code == "ERROR_SUCCESS";

    // Object variables → (kind, name).
    let mut objects: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut regs: BTreeMap<String, Vec<Reg>> = BTreeMap::new();
    let mut port_closed: BTreeMap<String, usize> = BTreeMap::new();
    let mut deliveries: Vec<Delivery> = Vec::new();
    let mut spawned: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut drains: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let end = es.len();
    for (i, e) in es.iter().enumerate() {
        let a = args(&e.args);
        if let (Some(b), Some(o)) = (&e.bind, e.out.first()) {
            if let (Some(k), Some(n)) = (o.get("kind"), o.get("name")) {
                objects.insert(b.clone(), (k.clone(), n.clone()));
            }
        }
        if let Some(b) = &e.bind {
            if e.op.starts_with("GetCluster") && e.op.ends_with("Key")
                || e.op.starts_with("ClusterReg") && e.op.ends_with("Key")
            {
                objects.insert(b.clone(), ("key".into(), String::new()));
            }
        }
        let is_get = e.op == "GetClusterNotify" || e.op == "Drain";
        if e.actor != "main" && e.code == "PENDING" {
            spawned.insert(e.actor.clone(), (i, a.first().cloned().unwrap_or_default()));
            continue;
        }
        match e.op.as_str() {
            "CreateClusterNotifyPort" if ok(i) && a.len() >= 4 => {
                let port = if a[0] == "-" { e.bind.clone().unwrap_or_default() } else { a[0].clone() };
                if a[1] != "-" {
                    regs.entry(port).or_default().push(Reg {
                        at: i,
                        until: end,
                        key: a[3].clone(),
                        filter: flags(&a[2]),
                        object: None,
                        handle_var: a[1].clone(),
                    });
                } else {
                    regs.entry(port).or_default();
                }
            }
            "RegisterClusterNotify" if ok(i) && a.len() >= 4 => {
                // A variable with no recorded kind is the cluster (OpenCluster records none).
                let object = objects.get(&a[2]).cloned();
                regs.entry(a[0].clone()).or_default().push(Reg {
                    at: i,
                    until: end,
                    key: a[3].clone(),
                    filter: flags(&a[1]),
                    object,
                    handle_var: a[2].clone(),
                });
            }
            "CloseClusterNotifyPort" if ok(i) => {
                port_closed.insert(a[0].clone(), i);
            }
            "CloseHandle" | "CloseCluster" | "ClusterRegCloseKey" if ok(i) => {
                for rs in regs.values_mut() {
                    for r in rs.iter_mut().filter(|r| r.handle_var == a[0] && r.until == end) {
                        r.until = i;
                    }
                }
                if !port_closed.contains_key(&a[0]) && regs.contains_key(&a[0]) {
                    port_closed.insert(a[0].clone(), i);
                }
            }
            _ => {}
        }
        let port_of = |e_args: &[String]| e_args.first().cloned().unwrap_or_default();
        if e.op == "join" {
            if let Some((si, port)) = spawned.get(a.first().map(String::as_str).unwrap_or("")) {
                let sop = &es[*si].op;
                if e.code == "HANG" {
                    push(
                        "close-completes-waiters",
                        i,
                        format!("actor {} spawned at line {} never returned", a[0], es[*si].line),
                    );
                } else if !["ERROR_SUCCESS", "ERROR_INVALID_HANDLE", "WAIT_TIMEOUT", "ERROR_NO_MORE_ITEMS"]
                    .contains(&e.code.as_str())
                {
                    push("close-completes-waiters", i, format!("actor {} returned {}", a[0], e.code));
                }
                if sop == "GetClusterNotify" && e.code == "ERROR_SUCCESS" {
                    for r in &e.out {
                        deliveries.push(Delivery { entry: i, port: port.clone(), rec: r.clone() });
                    }
                }
            }
        } else if is_get {
            let port = port_of(&a);
            if e.code == "ERROR_SUCCESS" {
                for r in &e.out {
                    deliveries.push(Delivery { entry: i, port: port.clone(), rec: r.clone() });
                }
            }
            let polled = e.op == "Drain" || e.args.contains("timeout=0") || !e.args.contains("timeout=");
            if (e.op == "Drain" && e.code == "ERROR_SUCCESS") || (polled && e.code == "WAIT_TIMEOUT") {
                drains.entry(port).or_default().push(i);
            }
        }
    }
    for (actor, (si, _)) in &spawned {
        if !es.iter().any(|e| e.op == "join" && args(&e.args).first() == Some(actor)) {
            push("close-completes-waiters", *si, format!("actor {actor} was never joined"));
        }
    }

    // Observer events, in order.
    let observed: Vec<(usize, ChangeFlags, String)> = es
        .iter()
        .enumerate()
        .flat_map(|(i, e)| {
            e.observed
                .iter()
                .filter_map(move |o| Some((i, change_of(o)?, o.get("name").cloned().unwrap_or_default())))
        })
        .collect();

    // Per (port, key): greedy in-order matching against the observer.
    let mut used: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    let mut cursor: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut reconnected: BTreeMap<String, bool> = BTreeMap::new();
    for d in &deliveries {
        let i = d.entry;
        let Some(ch) = change_of(&d.rec) else {
            push(
                "one-bit",
                i,
                format!(
                    "port {}: indication {:?} does not carry one known change bit",
                    d.port,
                    d.rec.get("change")
                ),
            );
            continue;
        };
        let key = d.rec.get("key").cloned().unwrap_or_default();
        let name = d.rec.get("name").cloned().unwrap_or_default();
        let port_regs = regs.get(&d.port).map(Vec::as_slice).unwrap_or(&[]);
        let live: Vec<&Reg> = port_regs.iter().filter(|r| r.at < i).collect();
        if live.is_empty() {
            push(
                "nothing-before-registration",
                i,
                format!(
                    "port {} delivered {} {name:?} before any registration",
                    d.port,
                    ch.name().unwrap_or("?")
                ),
            );
            continue;
        }
        if !live.iter().any(|r| r.key == key) {
            push(
                "key-echo",
                i,
                format!("port {} delivered key {key}, which no registration on it carries", d.port),
            );
            continue;
        }
        if ch == ChangeFlags::CLUSTER_RECONNECT {
            reconnected.insert(d.port.clone(), true);
            continue;
        }
        if ch == ChangeFlags::HANDLE_CLOSE {
            continue;
        }
        let matching: Vec<&&Reg> = live.iter().filter(|r| r.key == key && r.filter.contains(ch)).collect();
        if matching.is_empty() {
            push(
                "subscribed-only",
                i,
                format!(
                    "port {} key {key}: {} is in no filter registered under that key",
                    d.port,
                    ch.name().unwrap_or("?")
                ),
            );
            continue;
        }
        let slot = (d.port.clone(), key.clone());
        let start = *cursor.get(&slot).unwrap_or(&0);
        let uses = used.entry(slot.clone()).or_insert_with(|| vec![0; observed.len()]);
        let found = (start..observed.len()).find(|&j| {
            let (at, oc, on) = &observed[j];
            // Registrations live when the change was made; none live: it cannot be theirs.
            let cap = matching.iter().filter(|r| r.at < *at && r.until >= *at).count();
            *at <= i && *oc == ch && names_match(ch, on, &name) && uses[j] < cap
        });
        match found {
            Some(j) => {
                uses[j] += 1;
                cursor.insert(slot, j);
            }
            None => push(
                "fifo",
                i,
                format!("port {} key {key}: {} {name:?} has no matching change after the previous one — out of order, duplicated or never made", d.port, ch.name().unwrap_or("?")),
            ),
        }
    }

    // No silent loss: non-registry changes a registration covers, on ports drained later.
    for (port, rs) in &regs {
        if reconnected.get(port).copied().unwrap_or(false) {
            continue;
        }
        let Some(last_drain) = drains.get(port).and_then(|d| d.last().copied()) else { continue };
        let closed = port_closed.get(port).copied().unwrap_or(end);
        for (j, (at, ch, name)) in observed.iter().enumerate() {
            if ChangeFlags::REGISTRY_EVENTS.contains(*ch) || *at >= last_drain || *at >= closed {
                continue;
            }
            let covering: Vec<&Reg> = rs
                .iter()
                .filter(|r| r.at < *at && r.until > *at && r.filter.contains(*ch))
                .filter(|r| match &r.object {
                    None => true,
                    Some((kind, n)) => kind != "key" && n.eq_ignore_ascii_case(name),
                })
                .collect();
            let mut by_key: BTreeMap<&str, usize> = BTreeMap::new();
            for r in &covering {
                *by_key.entry(r.key.as_str()).or_default() += 1;
            }
            for (key, need) in by_key {
                let got = used.get(&(port.clone(), key.to_string())).map(|u| u[j]).unwrap_or(0);
                if got < need {
                    let e = &es[*at];
                    v.push(Violation {
                        guarantee: "no-silent-loss",
                        step: e.step,
                        line: e.line,
                        message: format!("port {port} key {key}: {} {name:?} made here was never delivered, though the port was drained at step {}", ch.name().unwrap_or("?"), es[last_drain].step),
                    });
                }
            }
        }
    }
    v.extend(check_batches(trace));
    v
}

fn within(key: &str, port: &str) -> Option<String> {
    let (k, p) = (key.to_uppercase(), port.to_uppercase());
    if p.is_empty() {
        return Some(key.to_string());
    }
    if k == p {
        return Some(String::new());
    }
    k.strip_prefix(&format!("{p}\\")).map(|_| key[port.len() + 1..].to_string())
}

fn join(base: &str, rel: &str) -> String {
    match (base.is_empty(), rel.is_empty()) {
        (_, true) => base.to_string(),
        (true, false) => rel.to_string(),
        _ => format!("{base}\\{rel}"),
    }
}

/// A value command as the checker tracks it: (command, value name, key relative to the
/// port — `None` after a `DELETE_KEY`).
type ValueCmd = (String, String, Option<String>);

/// What a batch port delivered: its value commands, the current key, the last entry.
#[derive(Default)]
struct PortReads {
    values: Vec<ValueCmd>,
    current: Option<String>,
    last: usize,
}

/// A committed batch: entry, batch key path, (command, name) pairs.
type Committed = (usize, String, Vec<(String, String)>);

/// The trace with each spawned step moved to its `join`: the step's op and arguments
/// with the join's code and outputs (the step took effect by then).
fn joined(trace: &Trace) -> Vec<crate::trace::Entry> {
    let mut spawned: BTreeMap<String, crate::trace::Entry> = BTreeMap::new();
    let mut out = Vec::new();
    for e in &trace.entries {
        if e.actor != "main" && e.code == "PENDING" {
            spawned.insert(e.actor.clone(), e.clone());
        } else if e.op == "join" {
            match args(&e.args).first().and_then(|a| spawned.remove(a)) {
                Some(s) => {
                    out.push(crate::trace::Entry { op: s.op, args: s.args, bind: s.bind, ..e.clone() })
                }
                None => out.push(e.clone()),
            }
        } else {
            out.push(e.clone());
        }
    }
    out
}

fn check_batches(trace: &Trace) -> Vec<Violation> {
    let es = &joined(trace);
    let mut v = Vec::new();
    let mut key_path: BTreeMap<String, String> = BTreeMap::new();
    let mut batch_key: BTreeMap<String, String> = BTreeMap::new();
    let mut batch_cmds: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut committed: Vec<Committed> = Vec::new();
    let mut ports: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut notif_port: BTreeMap<String, String> = BTreeMap::new();
    let mut delivered: BTreeMap<String, PortReads> = BTreeMap::new();
    let mut drained_at: BTreeMap<String, usize> = BTreeMap::new();
    let mut lost: BTreeMap<String, bool> = BTreeMap::new();
    // Notifications obtained but not (yet) read: their content is unknown to the checker.
    let mut unread: BTreeMap<String, String> = BTreeMap::new();
    for (i, e) in es.iter().enumerate() {
        let a = args(&e.args);
        let okc = e.code == "ERROR_SUCCESS";
        match e.op.as_str() {
            "GetClusterKey" if okc => {
                key_path.insert(e.bind.clone().unwrap_or_default(), String::new());
            }
            "ClusterRegCreateKey" | "ClusterRegOpenKey" if okc => {
                if let Some(base) = key_path.get(&a[0]).cloned() {
                    key_path.insert(e.bind.clone().unwrap_or_default(), join(&base, &unquote(&a[1])));
                }
            }
            "ClusterRegCreateBatch" if okc => {
                if let Some(p) = key_path.get(&a[0]) {
                    batch_key.insert(e.bind.clone().unwrap_or_default(), p.clone());
                }
            }
            "ClusterRegBatchAddCommand" if okc => {
                let name =
                    a.get(2).map(|s| if s == "-" { String::new() } else { unquote(s) }).unwrap_or_default();
                batch_cmds
                    .entry(a[0].clone())
                    .or_default()
                    .push((a[1].trim_start_matches("CLUSREG_").to_string(), name));
            }
            "ClusterRegCloseBatch" | "ClusterRegCloseBatchEx" => {
                let cmds = batch_cmds.remove(&a[0]).unwrap_or_default();
                let commit =
                    e.op == "ClusterRegCloseBatchEx" || a.get(1).map(String::as_str) == Some("commit");
                if okc && commit {
                    if let Some(k) = batch_key.get(&a[0]) {
                        committed.push((i, k.clone(), cmds));
                    }
                }
            }
            "ClusterRegCreateBatchNotifyPort" if okc => {
                if let Some(p) = key_path.get(&a[0]) {
                    ports.insert(e.bind.clone().unwrap_or_default(), (i, p.clone()));
                }
            }
            "ClusterRegGetBatchNotification" => {
                if okc {
                    let n = e.bind.clone().unwrap_or_else(|| format!("<unbound at {i}>"));
                    unread.insert(n.clone(), a[0].clone());
                    notif_port.insert(n, a[0].clone());
                    // Each notification starts at the port's key.
                    delivered.entry(a[0].clone()).or_default().current = Some(String::new());
                } else if e.code == "WAIT_TIMEOUT" {
                    drained_at.insert(a[0].clone(), i);
                } else if e.code == "ERROR_INVALID_DATA" {
                    lost.insert(a[0].clone(), true);
                }
            }
            "ReadBatchNotification" | "ClusterRegBatchReadCommand" => {
                let Some(bp) = notif_port.get(&a[0]).cloned() else { continue };
                unread.remove(&a[0]);
                let slot = delivered.entry(bp).or_default();
                slot.last = i;
                for r in &e.out {
                    let cmd = r
                        .get("command")
                        .map(|c| c.trim_start_matches("CLUSREG_").to_string())
                        .unwrap_or_default();
                    let name = r.get("name").cloned().unwrap_or_default();
                    match cmd.as_str() {
                        "CREATE_KEY" => slot.current = Some(name),
                        "DELETE_KEY" => slot.current = None,
                        "SET_VALUE" | "DELETE_VALUE" => slot.values.push((cmd, name, slot.current.clone())),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    for (bp, (created, ppath)) in &ports {
        let mut expected: Vec<ValueCmd> = Vec::new();
        let mut last_commit = 0;
        for (at, bkey, cmds) in committed.iter().filter(|c| c.0 > *created) {
            last_commit = *at;
            let mut cur = Some(bkey.clone());
            for (cmd, name) in cmds {
                match cmd.as_str() {
                    "CREATE_KEY" => cur = Some(join(&cur.clone().unwrap_or_else(|| bkey.clone()), name)),
                    "DELETE_KEY" => cur = None,
                    "SET_VALUE" | "DELETE_VALUE" => {
                        if let Some(rel) = cur.as_deref().and_then(|c| within(c, ppath)) {
                            expected.push((cmd.clone(), name.clone(), Some(rel)));
                        }
                    }
                    _ => {}
                }
            }
        }
        let got = delivered.get(bp).map(|d| d.values.clone()).unwrap_or_default();
        let at = delivered.get(bp).map(|d| d.last).unwrap_or(*created);
        let norm = |x: &ValueCmd| (x.0.clone(), x.1.to_uppercase(), x.2.as_ref().map(|s| s.to_uppercase()));
        let n = got.len().min(expected.len());
        if let Some(k) = (0..n).find(|&k| norm(&got[k]) != norm(&expected[k])) {
            v.push(Violation {
                guarantee: "batch-exact",
                step: es[at].step,
                line: es[at].line,
                message: format!(
                    "batch port {bp}: record {k} is {:?}, committed was {:?}",
                    got[k], expected[k]
                ),
            });
        } else if got.len() > expected.len() {
            v.push(Violation {
                guarantee: "batch-exact",
                step: es[at].step,
                line: es[at].line,
                message: format!(
                    "batch port {bp}: {} records more than were committed",
                    got.len() - expected.len()
                ),
            });
        } else if got.len() < expected.len()
            && !lost.contains_key(bp)
            && !unread.values().any(|p| p == bp)
            && drained_at.get(bp).is_some_and(|d| *d > last_commit)
        {
            v.push(Violation {
                guarantee: "batch-exact",
                step: es[at].step,
                line: es[at].line,
                message: format!(
                    "batch port {bp}: {} committed records never delivered",
                    expected.len() - got.len()
                ),
            });
        }
    }
    v
}
