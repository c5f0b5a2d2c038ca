//! V2 notification ports: `CreateClusterNotifyPortV2`, `RegisterClusterNotifyV2`,
//! `RegisterClusterResourceTypeNotifyV2`, `GetClusterNotifyV2`, `GetNotifyEventHandle`,
//! `WaitForSingleObject`, and the verb `DrainV2` (spec/conformance.md, "V2 steps").

use super::args::{object_handle, port_and_cluster, timeout_arg, want, FamilyResult, Outcome, Var};
use super::Ctx;
use crate::scenario::{Arg, Step};
use crate::trace::{record, Record};
use crate::v2_names;
use clusim_api::notify_v2::{GetNotifyV2Error, NotifyV2Buffers, NotifyV2Header, NotifyV2Sizes};
use clusim_api::*;

/// The capacities a `GetClusterNotifyV2` step passes: `buffer=N` bytes, `objectid=N`,
/// `parentid=N`, `name=N`, `type=N` characters including the NUL; `-` is a NULL pointer
/// (output not wanted). Defaults: 4096 bytes, 260 characters.
struct Caps {
    buffer: Option<usize>,
    object_id: Option<usize>,
    parent_id: Option<usize>,
    name: Option<usize>,
    type_name: Option<usize>,
}

fn cap(ctx: &Ctx, a: &[Arg], key: &str, default: usize) -> std::result::Result<Option<usize>, String> {
    match ctx.kv(a, key) {
        None => Ok(Some(default)),
        Some("-") => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| format!("bad {key} capacity {v:?}: expected N or -")),
    }
}

impl Caps {
    fn read(ctx: &Ctx, a: &[Arg]) -> std::result::Result<Caps, String> {
        Ok(Caps {
            buffer: cap(ctx, a, "buffer", 4096)?,
            object_id: cap(ctx, a, "objectid", 260)?,
            parent_id: cap(ctx, a, "parentid", 260)?,
            name: cap(ctx, a, "name", 260)?,
            type_name: cap(ctx, a, "type", 260)?,
        })
    }
}

/// The record of one delivered V2 notification: key, object type, flag, the four
/// strings (of the outputs asked for) and the payload.
fn v2_record(h: &NotifyV2Header, bufs: &NotifyV2Buffers<'_>) -> Record {
    let text = |b: &Option<&mut [u16]>, len: usize| {
        b.as_ref().map(|b| String::from_utf16_lossy(&b[..len.min(b.len())])).unwrap_or_else(|| "-".into())
    };
    let t = h.filter.object_type;
    let payload = match &bufs.buffer {
        Some(b) => v2_names::payload_text(t, h.filter.flags, &b[..h.sizes.buffer.min(b.len())]),
        None => "-".into(),
    };
    record([
        ("key", h.key.0.to_string()),
        ("object_type", v2_names::type_label(t)),
        ("change", v2_names::flag_label(t, h.filter.flags)),
        ("object_id", text(&bufs.object_id, h.sizes.object_id)),
        ("parent_id", text(&bufs.parent_id, h.sizes.parent_id)),
        ("name", text(&bufs.name, h.sizes.name)),
        ("type", text(&bufs.type_name, h.sizes.type_name)),
        ("payload", payload),
    ])
}

fn sizes_record(s: &NotifyV2Sizes) -> Record {
    record([
        ("needed_buffer", s.buffer.to_string()),
        ("needed_object_id", s.object_id.to_string()),
        ("needed_parent_id", s.parent_id.to_string()),
        ("needed_name", s.name.to_string()),
        ("needed_type", s.type_name.to_string()),
    ])
}

/// One `GetClusterNotifyV2` with the given capacities.
fn get_v2(b: &dyn Backend, port: HChange, caps: &Caps, timeout: Timeout) -> Outcome {
    let mut payload = caps.buffer.map(|n| vec![0u8; n]);
    let mut strings: [Option<Vec<u16>>; 4] =
        [caps.object_id, caps.parent_id, caps.name, caps.type_name].map(|c| c.map(|n| vec![0u16; n]));
    let [oid, pid, name, ty] = &mut strings;
    let mut bufs = NotifyV2Buffers {
        buffer: payload.as_deref_mut(),
        object_id: oid.as_deref_mut(),
        parent_id: pid.as_deref_mut(),
        name: name.as_deref_mut(),
        type_name: ty.as_deref_mut(),
    };
    match b.get_notify_v2(port, &mut bufs, timeout) {
        Ok(h) => Outcome { out: vec![v2_record(&h, &bufs)], ..Outcome::ok() },
        Err(GetNotifyV2Error::MoreData(s)) => {
            Outcome { code: Win32Error::ERROR_MORE_DATA, out: vec![sizes_record(&s)], bind: None }
        }
        Err(GetNotifyV2Error::Failed(e)) => Outcome::code(e),
    }
}

fn key(ctx: &Ctx, a: Option<&Arg>) -> std::result::Result<NotifyKey, String> {
    ctx.word(a)?.parse().map(NotifyKey).map_err(|_| "expected a numeric key".into())
}

/// The V2 port operations; `None` for another family's op.
pub(crate) fn exec(ctx: &Ctx, step: &Step) -> FamilyResult {
    let b = &*ctx.backend;
    let a = &step.args;
    Ok(Some(match step.op.as_str() {
        // CreateClusterNotifyPortV2 EXISTING|- CLUSTER|- FILTER… KEY
        "CreateClusterNotifyPortV2" => {
            let (existing, cluster) = port_and_cluster(ctx, a)?;
            let n =
                a.len().checked_sub(1).filter(|&n| n >= 2).ok_or("expected EXISTING CLUSTER FILTER… KEY")?;
            let filters = a[2..n]
                .iter()
                .map(|f| v2_names::filter(ctx.word(Some(f))?))
                .collect::<Result<Vec<_>, _>>()?;
            let k = key(ctx, a.get(n))?;
            Outcome::bound(b.create_notify_port_v2(existing, cluster, &filters, k).map(Var::Port), vec![])
        }
        // RegisterClusterNotifyV2 PORT FILTER OBJECT KEY
        "RegisterClusterNotifyV2" => {
            let p = want!(ctx, a.first(), Port);
            let f = v2_names::filter(ctx.word(a.get(1))?)?;
            let obj = object_handle(ctx.var(a.get(2))?)?;
            Outcome::from(b.register_notify_v2(p, f, obj, key(ctx, a.get(3))?))
        }
        // RegisterClusterResourceTypeNotifyV2 PORT CLUSTER FLAGS "Type" KEY
        "RegisterClusterResourceTypeNotifyV2" => {
            let p = want!(ctx, a.first(), Port);
            let c = want!(ctx, a.get(1), Cluster);
            let rt = clusim_api::object_type::ObjectType::ResourceType.raw();
            let f = v2_names::flags(rt, ctx.word(a.get(2))?)?;
            let t = ctx.text(a.get(3))?;
            Outcome::from(b.register_resource_type_notify_v2(p, c, f, t, key(ctx, a.get(4))?))
        }
        "GetClusterNotifyV2" => {
            let p = want!(ctx, a.first(), Port);
            get_v2(b, p, &Caps::read(ctx, a)?, timeout_arg(ctx.kv(a, "timeout"))?)
        }
        "DrainV2" => {
            let p = want!(ctx, a.first(), Port);
            let caps = Caps::read(ctx, &[])?;
            let mut out = Vec::new();
            loop {
                let o = get_v2(b, p, &caps, Timeout::POLL);
                match o.code {
                    Win32Error::ERROR_SUCCESS => out.extend(o.out),
                    Win32Error::WAIT_TIMEOUT => break Outcome { out, ..Outcome::ok() },
                    e => break Outcome { code: e, out, bind: None },
                }
                if out.len() > 100_000 {
                    return Err("DrainV2: more than 100,000 events".into());
                }
            }
        }
        "GetNotifyEventHandle" => {
            Outcome::bound(b.get_notify_event_handle(want!(ctx, a.first(), Port)).map(Var::Event), vec![])
        }
        "WaitForSingleObject" => {
            let e = want!(ctx, a.first(), Event);
            Outcome::from(b.wait_notify_event(e, timeout_arg(ctx.kv(a, "timeout"))?))
        }
        _ => return Ok(None),
    }))
}
