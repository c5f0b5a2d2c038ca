//! Runs a scenario against any [`Backend`] and records its trace.
//!
//! Guarantees: every step is one backend call (or a runner verb: `Drain`,
//! `ReadBatchNotification`, `ReadBatchReply`, `Advance`, `WaitBlocked`, `join`);
//! handles are named by scenario variables, never by value; a spawned step that does not
//! finish within 30 s is recorded as `HANG` instead of hanging the run.

use crate::scenario::{Applies, Arg, Scenario, Step};
use crate::trace::{record, Entry, Header, Record, Trace};
use clusim_api::registry::*;
use clusim_api::*;
use clusim_clock::Clock;
use std::collections::BTreeMap;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How to run.
#[derive(Clone)]
pub struct RunOptions {
    /// The backend label recorded in the trace and matched against markers.
    pub backend_label: String,
    /// The cluster the scenario's `OpenCluster` opens (fresh for each run).
    pub cluster_name: String,
    /// The backend's manual clock, if it has one (`Advance` moves it; otherwise
    /// `Advance` sleeps for real).
    pub clock: Option<Clock>,
}

/// A step whose `-> CODE` expectation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepFailure {
    /// Scenario line.
    pub line: usize,
    /// What happened.
    pub message: String,
}

/// The outcome of a run: the trace and the expectations that failed.
#[derive(Debug, Clone)]
pub struct RunResult {
    /// The trace (not yet normalized).
    pub trace: Trace,
    /// Failed `-> CODE` expectations.
    pub failures: Vec<StepFailure>,
}

#[derive(Debug, Clone, Copy)]
enum Var {
    Cluster(HCluster),
    Node(HNode),
    Group(HGroup),
    Resource(HResource),
    Network(HNetwork),
    Key(HKey),
    Port(HChange),
    Batch(HRegBatch),
    BatchPort(HRegBatchPort),
    Notification(HRegBatchNotification),
    ReadBatch(HRegReadBatch),
    Reply(HRegReadBatchReply),
}

type Vars = Arc<Mutex<BTreeMap<String, Var>>>;

struct Outcome {
    code: Win32Error,
    out: Vec<Record>,
    bind: Option<Var>,
}

impl Outcome {
    fn ok() -> Outcome {
        Outcome { code: Win32Error::ERROR_SUCCESS, out: Vec::new(), bind: None }
    }
    fn code(code: Win32Error) -> Outcome {
        Outcome { code, out: Vec::new(), bind: None }
    }
    fn from(r: Result<()>) -> Outcome {
        match r {
            Ok(()) => Outcome::ok(),
            Err(e) => Outcome::code(e),
        }
    }
    fn bound(r: Result<Var>, out: Vec<Record>) -> Outcome {
        match r {
            Ok(v) => Outcome { code: Win32Error::ERROR_SUCCESS, out, bind: Some(v) },
            Err(e) => Outcome::code(e),
        }
    }
}

fn code_name(e: Win32Error) -> String {
    e.name().map(str::to_string).unwrap_or_else(|| e.code().to_string())
}

fn hex(d: &[u8]) -> String {
    d.iter().map(|b| format!("{b:02x}")).collect()
}

fn type_name(t: u32) -> String {
    match t {
        REG_NONE => "REG_NONE".into(),
        REG_SZ => "REG_SZ".into(),
        REG_EXPAND_SZ => "REG_EXPAND_SZ".into(),
        REG_BINARY => "REG_BINARY".into(),
        REG_DWORD => "REG_DWORD".into(),
        REG_MULTI_SZ => "REG_MULTI_SZ".into(),
        REG_QWORD => "REG_QWORD".into(),
        other => other.to_string(),
    }
}

/// Parses a typed datum `dword=5`, `qword=5`, `sz="x"`, `expand="x"`,
/// `multi="a|b"`, `binary=01ff`, `none=`, `type=N`-less raw `raw=TYPE:HEX`.
fn datum(a: &Arg) -> std::result::Result<(u32, Vec<u8>), String> {
    let Arg::KeyVal(k, v) = a else { return Err(format!("expected TYPE=VALUE data, found {a}")) };
    let unhex = |s: &str| -> std::result::Result<Vec<u8>, String> {
        if !s.len().is_multiple_of(2) {
            return Err(format!("odd hex {s:?}"));
        }
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).map_err(|e| e.to_string()))
            .collect()
    };
    Ok(match k.as_str() {
        "dword" => (REG_DWORD, v.parse::<u32>().map_err(|e| e.to_string())?.to_le_bytes().to_vec()),
        "qword" => (REG_QWORD, v.parse::<u64>().map_err(|e| e.to_string())?.to_le_bytes().to_vec()),
        "sz" => (REG_SZ, sz(v)),
        "expand" => (REG_EXPAND_SZ, sz(v)),
        "multi" => {
            let mut d: Vec<u8> = v.split('|').filter(|s| !s.is_empty()).flat_map(sz).collect();
            d.extend_from_slice(&[0, 0]);
            (REG_MULTI_SZ, d)
        }
        "binary" => (REG_BINARY, unhex(v)?),
        "none" => (REG_NONE, unhex(v)?),
        "raw" => {
            let (t, h) = v.split_once(':').ok_or("raw=TYPE:HEX")?;
            (t.parse().map_err(|_| "raw=TYPE:HEX")?, unhex(h)?)
        }
        other => {
            return Err(format!(
                "unknown data type {other:?}: expected dword, qword, sz, expand, multi, binary, none, raw"
            ))
        }
    })
}

fn filter(s: &str) -> std::result::Result<ChangeFlags, String> {
    let mut f = ChangeFlags::empty();
    for part in s.split('|').filter(|p| !p.is_empty() && *p != "0") {
        f |= ChangeFlags::parse_one(part).ok_or_else(|| format!("unknown change flag {part:?}"))?;
    }
    Ok(f)
}

fn notif_record(key: NotifyKey, change: ChangeFlags, name: &str) -> Record {
    record([
        ("key", key.0.to_string()),
        (
            "change",
            change
                .name()
                .map(|n| n.trim_start_matches("CLUSTER_CHANGE_").to_string())
                .unwrap_or_else(|| format!("{:#x}", change.bits())),
        ),
        ("name", name.to_string()),
    ])
}

fn batch_record(c: &BatchCommand) -> Record {
    record([
        ("command", command_name(c.command).to_string()),
        ("name", c.name.clone()),
        (
            "options",
            if matches!(c.command, CLUSREG_SET_VALUE | CLUSREG_DELETE_VALUE | CLUSREG_VALUE_DELETED) {
                type_name(c.options)
            } else {
                c.options.to_string()
            },
        ),
        ("data", hex(&c.data)),
    ])
}

struct Ctx {
    backend: Arc<dyn Backend>,
    opts: RunOptions,
    vars: Vars,
}

impl Ctx {
    fn var(&self, a: Option<&Arg>) -> std::result::Result<Var, String> {
        match a {
            Some(Arg::Word(w)) => {
                self.vars.lock().unwrap().get(w).copied().ok_or_else(|| format!("unknown variable {w:?}"))
            }
            other => Err(format!("expected a variable, found {other:?}")),
        }
    }
    fn word<'a>(&self, a: Option<&'a Arg>) -> std::result::Result<&'a str, String> {
        match a {
            Some(Arg::Word(w)) => Ok(w),
            other => Err(format!("expected a word, found {other:?}")),
        }
    }
    fn text<'a>(&self, a: Option<&'a Arg>) -> std::result::Result<&'a str, String> {
        match a {
            Some(Arg::Str(s)) => Ok(s),
            other => Err(format!("expected a quoted string, found {other:?}")),
        }
    }
    fn kv<'a>(&self, args: &'a [Arg], key: &str) -> Option<&'a str> {
        args.iter().find_map(|a| match a {
            Arg::KeyVal(k, v) if k == key => Some(v.as_str()),
            _ => None,
        })
    }
}

macro_rules! want {
    ($ctx:expr, $a:expr, $variant:ident) => {
        match $ctx.var($a)? {
            Var::$variant(h) => h,
            _ => {
                return Err(format!(
                    "{} is not a {}",
                    $a.map(|a| a.to_string()).unwrap_or_default(),
                    stringify!($variant)
                ))
            }
        }
    };
}

fn timeout_arg(v: Option<&str>) -> std::result::Result<Timeout, String> {
    match v {
        None => Ok(Timeout::POLL),
        Some("INFINITE") => Ok(Timeout::Infinite),
        Some(ms) => ms.parse::<u32>().map(Timeout::from_millis).map_err(|_| format!("bad timeout {ms:?}")),
    }
}

fn exec(ctx: &Ctx, step: &Step) -> std::result::Result<Outcome, String> {
    let b = &*ctx.backend;
    let a = &step.args;
    let name_out =
        |kind: &str, name: &str| vec![record([("kind", kind.to_string()), ("name", name.to_string())])];
    Ok(match step.op.as_str() {
        "OpenCluster" => {
            Outcome::bound(b.open_cluster(Some(&ctx.opts.cluster_name)).map(Var::Cluster), vec![])
        }
        "CloseCluster" => Outcome::from(b.close_cluster(want!(ctx, a.first(), Cluster))),
        "OpenClusterNode" => {
            let n = ctx.text(a.get(1))?;
            Outcome::bound(b.open_node(want!(ctx, a.first(), Cluster), n).map(Var::Node), name_out("node", n))
        }
        "OpenClusterGroup" | "CreateClusterGroup" => {
            let c = want!(ctx, a.first(), Cluster);
            let n = ctx.text(a.get(1))?;
            let r = if step.op == "OpenClusterGroup" { b.open_group(c, n) } else { b.create_group(c, n) };
            Outcome::bound(r.map(Var::Group), name_out("group", n))
        }
        "OpenClusterResource" => {
            let n = ctx.text(a.get(1))?;
            Outcome::bound(
                b.open_resource(want!(ctx, a.first(), Cluster), n).map(Var::Resource),
                name_out("resource", n),
            )
        }
        "CreateClusterResource" => {
            let n = ctx.text(a.get(1))?;
            let t = ctx.text(a.get(2))?;
            Outcome::bound(
                b.create_resource(want!(ctx, a.first(), Group), n, t).map(Var::Resource),
                name_out("resource", n),
            )
        }
        "OpenClusterNetwork" => {
            let n = ctx.text(a.get(1))?;
            Outcome::bound(
                b.open_network(want!(ctx, a.first(), Cluster), n).map(Var::Network),
                name_out("network", n),
            )
        }
        "DeleteClusterGroup" => Outcome::from(b.delete_group(want!(ctx, a.first(), Group))),
        "OnlineClusterGroup" => Outcome::from(b.online_group(want!(ctx, a.first(), Group), None)),
        "OfflineClusterGroup" => Outcome::from(b.offline_group(want!(ctx, a.first(), Group))),
        "MoveClusterGroup" => {
            let g = want!(ctx, a.first(), Group);
            let n = if a.len() > 1 { Some(want!(ctx, a.get(1), Node)) } else { None };
            Outcome::from(b.move_group(g, n))
        }
        "SetClusterGroupName" => {
            Outcome::from(b.set_group_name(want!(ctx, a.first(), Group), ctx.text(a.get(1))?))
        }
        "GetClusterGroupState" => match b.group_state(want!(ctx, a.first(), Group)) {
            Ok((s, n)) => {
                Outcome { out: vec![record([("state", format!("{s:?}")), ("node", n)])], ..Outcome::ok() }
            }
            Err(e) => Outcome::code(e),
        },
        "DeleteClusterResource" => Outcome::from(b.delete_resource(want!(ctx, a.first(), Resource))),
        "OnlineClusterResource" => Outcome::from(b.online_resource(want!(ctx, a.first(), Resource))),
        "OfflineClusterResource" => Outcome::from(b.offline_resource(want!(ctx, a.first(), Resource))),
        "FailClusterResource" => Outcome::from(b.fail_resource(want!(ctx, a.first(), Resource))),
        "SetClusterResourceName" => {
            Outcome::from(b.set_resource_name(want!(ctx, a.first(), Resource), ctx.text(a.get(1))?))
        }
        "AddClusterResourceDependency" => {
            Outcome::from(b.add_dependency(want!(ctx, a.first(), Resource), want!(ctx, a.get(1), Resource)))
        }
        "RemoveClusterResourceDependency" => Outcome::from(
            b.remove_dependency(want!(ctx, a.first(), Resource), want!(ctx, a.get(1), Resource)),
        ),
        "ChangeClusterResourceGroup" => Outcome::from(
            b.change_resource_group(want!(ctx, a.first(), Resource), want!(ctx, a.get(1), Group)),
        ),
        "GetClusterResourceState" => match b.resource_state(want!(ctx, a.first(), Resource)) {
            Ok(s) => Outcome {
                out: vec![record([
                    ("state", format!("{:?}", s.state)),
                    ("node", s.owner_node),
                    ("group", s.group),
                ])],
                ..Outcome::ok()
            },
            Err(e) => Outcome::code(e),
        },
        "ClusterResourceControl" => match ctx.word(a.get(1))? {
            "CLUSCTL_RESOURCE_GET_RESOURCE_TYPE" => {
                match b.resource_type_name(want!(ctx, a.first(), Resource)) {
                    Ok(t) => Outcome { out: vec![record([("type", t)])], ..Outcome::ok() },
                    Err(e) => Outcome::code(e),
                }
            }
            o => {
                return Err(format!(
                    "unsupported control code {o}: expected CLUSCTL_RESOURCE_GET_RESOURCE_TYPE"
                ))
            }
        },
        "PauseClusterNode" => Outcome::from(b.pause_node(want!(ctx, a.first(), Node))),
        "ResumeClusterNode" => Outcome::from(b.resume_node(want!(ctx, a.first(), Node))),
        "EvictClusterNode" => Outcome::from(b.evict_node(want!(ctx, a.first(), Node))),
        "GetClusterNodeState" => match b.node_state(want!(ctx, a.first(), Node)) {
            Ok(s) => Outcome { out: vec![record([("state", format!("{s:?}"))])], ..Outcome::ok() },
            Err(e) => Outcome::code(e),
        },
        "SetClusterNetworkName" => {
            Outcome::from(b.set_network_name(want!(ctx, a.first(), Network), ctx.text(a.get(1))?))
        }
        "CreateClusterResourceType" => Outcome::from(b.create_resource_type(
            want!(ctx, a.first(), Cluster),
            &ResourceTypeSpec::named(ctx.text(a.get(1))?),
        )),
        "DeleteClusterResourceType" => {
            Outcome::from(b.delete_resource_type(want!(ctx, a.first(), Cluster), ctx.text(a.get(1))?))
        }
        "SetProperties" => {
            let obj = object_handle(ctx.var(a.first())?)?;
            let scope = match ctx.word(a.get(1))? {
                "common" => PropertyScope::Common,
                "private" => PropertyScope::Private,
                o => return Err(format!("expected common or private, found {o}")),
            };
            let mut props = PropertyList::new();
            let mut it = a[2..].iter();
            while let Some(n) = it.next() {
                let Arg::Str(n) = n else { return Err("expected \"Name\" TYPE=VALUE pairs".into()) };
                let (t, d) = datum(it.next().ok_or("a property name without a value")?)?;
                props.push((
                    n.clone(),
                    PropertyValue::from_reg_bytes(t, &d).ok_or("value does not fit its type")?,
                ));
            }
            Outcome::from(b.set_properties(obj, scope, &props))
        }
        "CloseHandle" => Outcome::from(match ctx.var(a.first())? {
            Var::Cluster(h) => b.close_cluster(h),
            Var::Node(h) => b.close_node(h),
            Var::Group(h) => b.close_group(h),
            Var::Resource(h) => b.close_resource(h),
            Var::Network(h) => b.close_network(h),
            Var::Key(h) => b.reg_close_key(h),
            Var::Port(h) => b.close_notify_port(h),
            Var::BatchPort(h) => b.reg_close_batch_notify_port(h),
            Var::Notification(h) => b.reg_batch_close_notification(h),
            Var::Reply(h) => b.reg_close_read_batch_reply(h),
            Var::Batch(_) | Var::ReadBatch(_) => {
                return Err("close batches with ClusterRegCloseBatch/ClusterRegCloseReadBatch".into())
            }
        }),
        // ----- ports
        "CreateClusterNotifyPort" => {
            let existing = match ctx.word(a.first())? {
                "-" => None,
                _ => Some(want!(ctx, a.first(), Port)),
            };
            let cluster = match ctx.word(a.get(1))? {
                "-" => None,
                _ => Some(want!(ctx, a.get(1), Cluster)),
            };
            let f = filter(ctx.word(a.get(2))?)?;
            let key: usize = ctx.word(a.get(3))?.parse().map_err(|_| "expected a numeric key")?;
            Outcome::bound(b.create_notify_port(existing, cluster, f, NotifyKey(key)).map(Var::Port), vec![])
        }
        "RegisterClusterNotify" => {
            let p = want!(ctx, a.first(), Port);
            let f = filter(ctx.word(a.get(1))?)?;
            let obj = object_handle(ctx.var(a.get(2))?)?;
            let key: usize = ctx.word(a.get(3))?.parse().map_err(|_| "expected a numeric key")?;
            Outcome::from(b.register_notify(p, f, obj, NotifyKey(key)))
        }
        "GetClusterNotify" => {
            let p = want!(ctx, a.first(), Port);
            let t = timeout_arg(ctx.kv(a, "timeout"))?;
            let cap: usize =
                ctx.kv(a, "buffer").map(|v| v.parse().map_err(|_| "bad buffer")).transpose()?.unwrap_or(260);
            let mut buf = vec![0u16; cap];
            match b.get_notify(p, &mut buf, t) {
                Ok(h) => Outcome {
                    out: vec![notif_record(h.key, h.change, &String::from_utf16_lossy(&buf[..h.name_len]))],
                    ..Outcome::ok()
                },
                Err(GetNotifyError::MoreData { needed }) => Outcome {
                    code: Win32Error::ERROR_MORE_DATA,
                    out: vec![record([("needed", needed.to_string())])],
                    bind: None,
                },
                Err(GetNotifyError::Failed(e)) => Outcome::code(e),
            }
        }
        "Drain" => {
            let p = want!(ctx, a.first(), Port);
            let mut out = Vec::new();
            let mut buf = vec![0u16; 1024];
            loop {
                match b.get_notify(p, &mut buf, Timeout::POLL) {
                    Ok(h) => {
                        out.push(notif_record(h.key, h.change, &String::from_utf16_lossy(&buf[..h.name_len])))
                    }
                    Err(GetNotifyError::MoreData { needed }) => buf.resize(needed + 1, 0),
                    Err(GetNotifyError::Failed(Win32Error::WAIT_TIMEOUT)) => {
                        break Outcome { out, ..Outcome::ok() }
                    }
                    Err(GetNotifyError::Failed(e)) => break Outcome { code: e, out, bind: None },
                }
                if out.len() > 100_000 {
                    return Err("Drain: more than 100,000 events".into());
                }
            }
        }
        "CloseClusterNotifyPort" => Outcome::from(b.close_notify_port(want!(ctx, a.first(), Port))),
        // ----- registry
        "GetClusterKey" => {
            Outcome::bound(b.get_cluster_key(want!(ctx, a.first(), Cluster), 0).map(Var::Key), vec![])
        }
        "GetClusterGroupKey" | "GetClusterResourceKey" | "GetClusterNodeKey" | "GetClusterNetworkKey" => {
            let obj = object_handle(ctx.var(a.first())?)?;
            Outcome::bound(b.get_object_key(obj, 0).map(Var::Key), vec![])
        }
        "ClusterRegCreateKey" => {
            let k = want!(ctx, a.first(), Key);
            match b.reg_create_key(k, ctx.text(a.get(1))?, 0, 0) {
                Ok((h, d)) => Outcome {
                    code: Win32Error::ERROR_SUCCESS,
                    out: vec![record([("disposition", format!("{d:?}"))])],
                    bind: Some(Var::Key(h)),
                },
                Err(e) => Outcome::code(e),
            }
        }
        "ClusterRegOpenKey" => Outcome::bound(
            b.reg_open_key(want!(ctx, a.first(), Key), ctx.text(a.get(1))?, 0).map(Var::Key),
            vec![],
        ),
        "ClusterRegDeleteKey" => {
            Outcome::from(b.reg_delete_key(want!(ctx, a.first(), Key), ctx.text(a.get(1))?))
        }
        "ClusterRegSetValue" => {
            let (t, d) = datum(a.get(2).ok_or("expected TYPE=VALUE")?)?;
            Outcome::from(b.reg_set_value(want!(ctx, a.first(), Key), ctx.text(a.get(1))?, t, &d))
        }
        "ClusterRegDeleteValue" => {
            Outcome::from(b.reg_delete_value(want!(ctx, a.first(), Key), ctx.text(a.get(1))?))
        }
        "ClusterRegQueryValue" => match b.reg_query_value(want!(ctx, a.first(), Key), ctx.text(a.get(1))?) {
            Ok((t, d)) => {
                Outcome { out: vec![record([("type", type_name(t)), ("data", hex(&d))])], ..Outcome::ok() }
            }
            Err(e) => Outcome::code(e),
        },
        "ClusterRegEnumKey" => {
            let k = want!(ctx, a.first(), Key);
            let mut out = Vec::new();
            loop {
                match b.reg_enum_key(k, out.len() as u32) {
                    Ok((n, _)) => out.push(record([("name", n)])),
                    Err(Win32Error::ERROR_NO_MORE_ITEMS) => break Outcome { out, ..Outcome::ok() },
                    Err(e) => break Outcome { code: e, out, bind: None },
                }
            }
        }
        "ClusterRegEnumValue" => {
            let k = want!(ctx, a.first(), Key);
            let mut out = Vec::new();
            loop {
                match b.reg_enum_value(k, out.len() as u32) {
                    Ok((n, t, d)) => {
                        out.push(record([("name", n), ("type", type_name(t)), ("data", hex(&d))]))
                    }
                    Err(Win32Error::ERROR_NO_MORE_ITEMS) => break Outcome { out, ..Outcome::ok() },
                    Err(e) => break Outcome { code: e, out, bind: None },
                }
            }
        }
        "ClusterRegSetKeySecurity" => {
            let (_, d) = datum(a.get(1).ok_or("expected binary=HEX")?)?;
            Outcome::from(b.reg_set_key_security(want!(ctx, a.first(), Key), 4, &d))
        }
        "ClusterRegGetKeySecurity" => match b.reg_get_key_security(want!(ctx, a.first(), Key), 4) {
            Ok(d) => Outcome { out: vec![record([("descriptor", hex(&d))])], ..Outcome::ok() },
            Err(e) => Outcome::code(e),
        },
        "ClusterRegCloseKey" => Outcome::from(b.reg_close_key(want!(ctx, a.first(), Key))),
        // ----- batches
        "ClusterRegCreateBatch" => {
            Outcome::bound(b.reg_create_batch(want!(ctx, a.first(), Key)).map(Var::Batch), vec![])
        }
        "ClusterRegBatchAddCommand" => {
            let h = want!(ctx, a.first(), Batch);
            let cmd = match ctx.word(a.get(1))? {
                w if w.starts_with("CLUSREG_") || w.chars().all(|c| c.is_ascii_uppercase() || c == '_') => {
                    let full = if w.starts_with("CLUSREG_") { w.to_string() } else { format!("CLUSREG_{w}") };
                    (0..=CLUSREG_LAST_COMMAND)
                        .find(|&c| command_name(c) == full)
                        .ok_or_else(|| format!("unknown command {w}"))?
                }
                n => n.parse::<u32>().map_err(|_| format!("unknown command {n}"))?,
            };
            let name = match a.get(2) {
                Some(Arg::Str(s)) => Some(s.as_str()),
                Some(Arg::Word(w)) if w == "-" => None,
                other => return Err(format!("expected \"name\" or -, found {other:?}")),
            };
            let (t, d) = match a.get(3) {
                Some(x) => datum(x)?,
                None => (0, Vec::new()),
            };
            Outcome::from(b.reg_batch_add_command(h, cmd, name, t, &d))
        }
        "ClusterRegCloseBatch" | "ClusterRegCloseBatchEx" => {
            let h = want!(ctx, a.first(), Batch);
            let r = if step.op == "ClusterRegCloseBatch" {
                let commit = match ctx.word(a.get(1))? {
                    "commit" => true,
                    "discard" => false,
                    o => return Err(format!("expected commit or discard, found {o}")),
                };
                b.reg_close_batch(h, commit)
            } else {
                b.reg_close_batch_ex(h, ctx.word(a.get(1))?.parse().map_err(|_| "expected numeric flags")?)
            };
            match r {
                Ok(()) => Outcome::ok(),
                Err(f) => Outcome {
                    code: f.code,
                    out: vec![record([("failed_command", f.failed_command.to_string())])],
                    bind: None,
                },
            }
        }
        "ClusterRegCreateBatchNotifyPort" => Outcome::bound(
            b.reg_create_batch_notify_port(want!(ctx, a.first(), Key)).map(Var::BatchPort),
            vec![],
        ),
        "ClusterRegGetBatchNotification" => {
            let t = timeout_arg(ctx.kv(a, "timeout").or(Some("INFINITE")))?;
            Outcome::bound(
                b.reg_get_batch_notification(want!(ctx, a.first(), BatchPort), t).map(Var::Notification),
                vec![],
            )
        }
        "ClusterRegBatchReadCommand" => match b.reg_batch_read_command(want!(ctx, a.first(), Notification)) {
            Ok(c) => Outcome { out: vec![batch_record(&c)], ..Outcome::ok() },
            Err(e) => Outcome::code(e),
        },
        "ReadBatchNotification" => {
            let n = want!(ctx, a.first(), Notification);
            let mut out = Vec::new();
            loop {
                match b.reg_batch_read_command(n) {
                    Ok(c) => out.push(batch_record(&c)),
                    Err(Win32Error::ERROR_NO_MORE_ITEMS) => break Outcome { out, ..Outcome::ok() },
                    Err(e) => break Outcome { code: e, out, bind: None },
                }
            }
        }
        "ClusterRegBatchCloseNotification" => {
            Outcome::from(b.reg_batch_close_notification(want!(ctx, a.first(), Notification)))
        }
        "ClusterRegCloseBatchNotifyPort" => {
            Outcome::from(b.reg_close_batch_notify_port(want!(ctx, a.first(), BatchPort)))
        }
        "ClusterRegCreateReadBatch" => {
            Outcome::bound(b.reg_create_read_batch(want!(ctx, a.first(), Key)).map(Var::ReadBatch), vec![])
        }
        "ClusterRegReadBatchAddCommand" => {
            let h = want!(ctx, a.first(), ReadBatch);
            let opt = |x: Option<&Arg>| -> std::result::Result<Option<String>, String> {
                match x {
                    Some(Arg::Str(s)) => Ok(Some(s.clone())),
                    Some(Arg::Word(w)) if w == "-" => Ok(None),
                    other => Err(format!("expected \"text\" or -, found {other:?}")),
                }
            };
            let (s, v) = (opt(a.get(1))?, opt(a.get(2))?);
            Outcome::from(b.reg_read_batch_add_command(h, s.as_deref(), v.as_deref()))
        }
        "ClusterRegCloseReadBatch" => {
            let h = want!(ctx, a.first(), ReadBatch);
            let flags = match a.get(1) {
                Some(Arg::Word(w)) => w.parse().map_err(|_| "expected numeric flags")?,
                _ => 0,
            };
            Outcome::bound(b.reg_close_read_batch(h, flags).map(Var::Reply), vec![])
        }
        "ReadBatchReply" => {
            let r = want!(ctx, a.first(), Reply);
            let mut out = Vec::new();
            loop {
                match b.reg_read_batch_reply_next_command(r) {
                    Ok(x) => out.push(record([
                        ("command", command_name(x.command).to_string()),
                        ("subkey", x.subkey.unwrap_or_else(|| "-".into())),
                        ("value", x.value.unwrap_or_else(|| "-".into())),
                        (
                            "options",
                            if x.command == CLUSREG_READ_VALUE {
                                type_name(x.options)
                            } else {
                                code_name(Win32Error(x.options))
                            },
                        ),
                        ("data", hex(&x.data)),
                    ])),
                    Err(Win32Error::ERROR_NO_MORE_ITEMS) => break Outcome { out, ..Outcome::ok() },
                    Err(e) => break Outcome { code: e, out, bind: None },
                }
            }
        }
        "ClusterRegCloseReadBatchReply" => {
            Outcome::from(b.reg_close_read_batch_reply(want!(ctx, a.first(), Reply)))
        }
        // ----- time
        "Advance" => {
            let w = ctx.word(a.first())?;
            let d = if let Some(ms) = w.strip_suffix("ms") {
                Duration::from_millis(ms.parse().map_err(|_| "bad duration")?)
            } else if let Some(s) = w.strip_suffix('s') {
                Duration::from_secs(s.parse().map_err(|_| "bad duration")?)
            } else {
                return Err("expected a duration like 500ms or 2s".into());
            };
            match &ctx.opts.clock {
                Some(c) => {
                    c.advance(d);
                }
                None => std::thread::sleep(d),
            }
            Outcome::ok()
        }
        "WaitBlocked" => {
            match &ctx.opts.clock {
                Some(c) if ctx.word(a.first()).ok() == Some("timed") => {
                    c.wait_for_timed_waiters(1, Duration::from_secs(10));
                }
                _ => std::thread::sleep(Duration::from_millis(50)),
            }
            Outcome::ok()
        }
        other => return Err(format!("unknown operation {other}")),
    })
}

fn object_handle(v: Var) -> std::result::Result<ObjectHandle, String> {
    Ok(match v {
        Var::Cluster(h) => h.into(),
        Var::Node(h) => h.into(),
        Var::Group(h) => h.into(),
        Var::Resource(h) => h.into(),
        Var::Network(h) => h.into(),
        Var::Key(h) => h.into(),
        _ => return Err("not a cluster object".into()),
    })
}

fn drain_observer(backend: &dyn Backend, port: HChange) -> Vec<Record> {
    let mut out = Vec::new();
    let mut buf = vec![0u16; 1024];
    loop {
        match backend.get_notify(port, &mut buf, Timeout::POLL) {
            Ok(h) => {
                let mut r = notif_record(h.key, h.change, &String::from_utf16_lossy(&buf[..h.name_len]));
                r.remove("key");
                out.push(r);
            }
            Err(GetNotifyError::MoreData { needed }) => buf.resize(needed + 1, 0),
            Err(_) => return out,
        }
    }
}

/// Runs a scenario. Steps marked for another backend are skipped (not recorded).
/// Errors are scenario errors (unknown variable, bad argument) with the line.
pub fn run(
    sc: &Scenario,
    backend: Arc<dyn Backend>,
    opts: RunOptions,
) -> std::result::Result<RunResult, String> {
    if !sc.applies.includes(&opts.backend_label) {
        return Err(format!("scenario {} is {}-only", sc.name, sc.applies.label()));
    }
    let observer_cluster =
        backend.open_cluster(Some(&opts.cluster_name)).map_err(|e| format!("observer OpenCluster: {e}"))?;
    let observer = backend
        .create_notify_port(
            None,
            Some(observer_cluster),
            ChangeFlags::ALL - ChangeFlags::HANDLE_CLOSE,
            NotifyKey(0),
        )
        .map_err(|e| format!("observer port: {e}"))?;
    let ctx = Arc::new(Ctx {
        backend: backend.clone(),
        opts: opts.clone(),
        vars: Arc::new(Mutex::new(BTreeMap::new())),
    });
    let mut entries = Vec::new();
    let mut failures = Vec::new();
    let mut actors: BTreeMap<String, (usize, mpsc::Receiver<std::result::Result<Outcome, String>>)> =
        BTreeMap::new();
    // Spawned steps that may change the cluster: while any is outstanding, what the
    // observer sees cannot be pinned to one step, so it is kept and attached, sorted, to
    // the join that ends the concurrent section.
    let mut mutating: BTreeMap<String, ()> = BTreeMap::new();
    let mut deferred: Vec<Record> = Vec::new();
    for (i, step) in sc.steps.iter().enumerate() {
        if !step.applies.includes(&opts.backend_label) {
            continue;
        }
        let only = match step.applies {
            Applies::Any => None,
            o => Some(o.label().to_string()),
        };
        let mut entry = Entry {
            step: i,
            line: step.line,
            actor: step.spawn.clone().unwrap_or_else(|| "main".into()),
            op: step.op.clone(),
            args: step.args_text(),
            bind: step.bind.clone(),
            code: String::new(),
            out: Vec::new(),
            observed: Vec::new(),
            only,
            confirm: step.confirm.clone(),
        };
        let outcome = if let Some(actor) = &step.spawn {
            let (tx, rx) = mpsc::channel();
            let (ctx2, step2) = (ctx.clone(), step.clone());
            std::thread::spawn(move || {
                let _ = tx.send(exec(&ctx2, &step2));
            });
            actors.insert(actor.clone(), (i, rx));
            if !matches!(step.op.as_str(), "GetClusterNotify" | "ClusterRegGetBatchNotification") {
                mutating.insert(actor.clone(), ());
            }
            entry.code = "PENDING".into();
            None
        } else if step.op == "join" {
            let who = match step.args.first() {
                Some(Arg::Word(w)) => w.clone(),
                _ => return Err(format!("line {}: expected `join ACTOR`", step.line)),
            };
            let (spawned_at, rx) =
                actors.remove(&who).ok_or_else(|| format!("line {}: no actor {who}", step.line))?;
            mutating.remove(&who);
            match rx.recv_timeout(Duration::from_secs(30)) {
                Ok(r) => Some(r.map_err(|e| format!("line {}: {e}", sc.steps[spawned_at].line))?),
                Err(_) => {
                    entry.code = "HANG".into();
                    None
                }
            }
        } else {
            Some(exec(&ctx, step).map_err(|e| format!("{}:{}: {e}", sc.name, step.line))?)
        };
        if let Some(o) = outcome {
            entry.code = code_name(o.code);
            entry.out = o.out;
            if let (Some(var), Some(v)) = (&step.bind, o.bind) {
                ctx.vars.lock().unwrap().insert(var.clone(), v);
            }
        }
        if let Some(exp) = &step.expect {
            if &entry.code != exp && !(entry.code == "PENDING" && step.spawn.is_some()) {
                failures.push(StepFailure {
                    line: step.line,
                    message: format!("{} returned {}, expected {exp}", step.op, entry.code),
                });
            }
        }
        let seen = drain_observer(&*backend, observer);
        if !mutating.is_empty() {
            deferred.extend(seen);
        } else if !deferred.is_empty() {
            deferred.extend(seen);
            deferred.sort();
            entry.observed = std::mem::take(&mut deferred);
        } else {
            entry.observed = seen;
        }
        entries.push(entry);
    }
    for (who, _) in actors {
        failures.push(StepFailure { line: 0, message: format!("actor {who} was never joined") });
    }
    let _ = backend.close_notify_port(observer);
    let _ = backend.close_cluster(observer_cluster);
    Ok(RunResult {
        trace: Trace {
            header: Header { scenario: sc.name.clone(), backend: opts.backend_label.clone() },
            entries,
        },
        failures,
    })
}
