//! Argument parsing and variable lookup: what every op family uses to read its step.

use super::Ctx;
use crate::scenario::Arg;
use crate::trace::{record, Record};
use clusim_api::registry::*;
use clusim_api::*;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// A scenario variable: the handle a step bound.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Var {
    Cluster(HCluster),
    Node(HNode),
    Group(HGroup),
    Resource(HResource),
    Network(HNetwork),
    Key(HKey),
    Port(HChange),
    Event(HNotifyEvent),
    Batch(HRegBatch),
    BatchPort(HRegBatchPort),
    Notification(HRegBatchNotification),
    ReadBatch(HRegReadBatch),
    Reply(HRegReadBatchReply),
}

pub(crate) type Vars = Arc<Mutex<BTreeMap<String, Var>>>;

/// What one step did: its code, its outputs, the handle it binds.
pub(crate) struct Outcome {
    pub code: Win32Error,
    pub out: Vec<Record>,
    pub bind: Option<Var>,
}

impl Outcome {
    pub fn ok() -> Outcome {
        Outcome { code: Win32Error::ERROR_SUCCESS, out: Vec::new(), bind: None }
    }
    pub fn code(code: Win32Error) -> Outcome {
        Outcome { code, out: Vec::new(), bind: None }
    }
    pub fn from(r: Result<()>) -> Outcome {
        match r {
            Ok(()) => Outcome::ok(),
            Err(e) => Outcome::code(e),
        }
    }
    pub fn bound(r: Result<Var>, out: Vec<Record>) -> Outcome {
        match r {
            Ok(v) => Outcome { code: Win32Error::ERROR_SUCCESS, out, bind: Some(v) },
            Err(e) => Outcome::code(e),
        }
    }
    /// Successful outputs, or the error code alone.
    pub fn records<T>(r: Result<T>, f: impl FnOnce(T) -> Vec<Record>) -> Outcome {
        match r {
            Ok(v) => Outcome { out: f(v), ..Outcome::ok() },
            Err(e) => Outcome::code(e),
        }
    }
    /// A read loop's result: the records read, ending at `ERROR_NO_MORE_ITEMS` (success)
    /// or another code.
    pub fn read_all<T>(mut next: impl FnMut() -> Result<T>, mut f: impl FnMut(T) -> Record) -> Outcome {
        let mut out = Vec::new();
        loop {
            match next() {
                Ok(x) => out.push(f(x)),
                Err(Win32Error::ERROR_NO_MORE_ITEMS) => return Outcome { out, ..Outcome::ok() },
                Err(e) => return Outcome { code: e, out, bind: None },
            }
        }
    }
}

/// The step's result type: an outcome, or a scenario error (bad argument).
pub(crate) type StepResult = std::result::Result<Outcome, String>;

/// An op family's answer: `None` when the op is not one of its own.
pub(crate) type FamilyResult = std::result::Result<Option<Outcome>, String>;

pub(crate) fn code_name(e: Win32Error) -> String {
    e.name().map(str::to_string).unwrap_or_else(|| e.code().to_string())
}

pub(crate) fn hex(d: &[u8]) -> String {
    d.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn type_name(t: u32) -> String {
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
pub(crate) fn datum(a: &Arg) -> std::result::Result<(u32, Vec<u8>), String> {
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

pub(crate) fn filter(s: &str) -> std::result::Result<ChangeFlags, String> {
    let mut f = ChangeFlags::empty();
    for part in s.split('|').filter(|p| !p.is_empty() && *p != "0") {
        f |= ChangeFlags::parse_one(part).ok_or_else(|| format!("unknown change flag {part:?}"))?;
    }
    Ok(f)
}

pub(crate) fn timeout_arg(v: Option<&str>) -> std::result::Result<Timeout, String> {
    match v {
        None => Ok(Timeout::POLL),
        Some("INFINITE") => Ok(Timeout::Infinite),
        Some(ms) => ms.parse::<u32>().map(Timeout::from_millis).map_err(|_| format!("bad timeout {ms:?}")),
    }
}

pub(crate) fn notif_record(key: NotifyKey, change: ChangeFlags, name: &str) -> Record {
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

pub(crate) fn object_handle(v: Var) -> std::result::Result<ObjectHandle, String> {
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

/// Closes a handle with the call of its kind (`None` for batches, which close with
/// `ClusterRegCloseBatch` / `ClusterRegCloseReadBatch`).
pub(crate) fn close_var(b: &dyn Backend, v: Var) -> Option<Result<()>> {
    Some(match v {
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
        // An event belongs to its port (N15): closing the port is what ends it.
        Var::Batch(_) | Var::ReadBatch(_) | Var::Event(_) => return None,
    })
}

/// `read_all` over an index: `next(0)`, `next(1)`, … (the `ClusterRegEnum*` calls).
pub(crate) fn enumerate<T>(mut next: impl FnMut(u32) -> Result<T>, f: impl FnMut(T) -> Record) -> Outcome {
    let mut i = 0;
    Outcome::read_all(
        || {
            i += 1;
            next(i - 1)
        },
        f,
    )
}

/// Reading a step's arguments against the run's variables.
impl Ctx {
    pub fn var(&self, a: Option<&Arg>) -> std::result::Result<Var, String> {
        match a {
            Some(Arg::Word(w)) => {
                self.vars.lock().unwrap().get(w).copied().ok_or_else(|| format!("unknown variable {w:?}"))
            }
            other => Err(format!("expected a variable, found {other:?}")),
        }
    }
    pub fn word<'b>(&self, a: Option<&'b Arg>) -> std::result::Result<&'b str, String> {
        match a {
            Some(Arg::Word(w)) => Ok(w),
            other => Err(format!("expected a word, found {other:?}")),
        }
    }
    pub fn text<'b>(&self, a: Option<&'b Arg>) -> std::result::Result<&'b str, String> {
        match a {
            Some(Arg::Str(s)) => Ok(s),
            other => Err(format!("expected a quoted string, found {other:?}")),
        }
    }
    pub fn kv<'b>(&self, args: &'b [Arg], key: &str) -> Option<&'b str> {
        args.iter().find_map(|a| match a {
            Arg::KeyVal(k, v) if k == key => Some(v.as_str()),
            _ => None,
        })
    }
    /// `"text"` or `-` (NULL).
    pub fn opt_text(&self, a: Option<&Arg>) -> std::result::Result<Option<String>, String> {
        match a {
            Some(Arg::Str(s)) => Ok(Some(s.clone())),
            Some(Arg::Word(w)) if w == "-" => Ok(None),
            other => Err(format!("expected \"text\" or -, found {other:?}")),
        }
    }
}

/// `want!(ctx, arg, Variant)`: the variable's handle, or an error naming the kind.
macro_rules! want {
    ($ctx:expr, $a:expr, $variant:ident) => {
        match $ctx.var($a)? {
            $crate::runner::args::Var::$variant(h) => h,
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
pub(crate) use want;

/// `EXISTING|- CLUSTER|-`, the first two arguments of `CreateClusterNotifyPort[V2]`:
/// `-` is `INVALID_HANDLE_VALUE` (a new port; no cluster).
pub(crate) fn port_and_cluster(
    ctx: &Ctx,
    a: &[Arg],
) -> std::result::Result<(Option<HChange>, Option<HCluster>), String> {
    let existing = match ctx.word(a.first())? {
        "-" => None,
        _ => Some(want!(ctx, a.first(), Port)),
    };
    let cluster = match ctx.word(a.get(1))? {
        "-" => None,
        _ => Some(want!(ctx, a.get(1), Cluster)),
    };
    Ok((existing, cluster))
}
