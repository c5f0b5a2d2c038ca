//! V1 notification ports: `CreateClusterNotifyPort`, `RegisterClusterNotify`,
//! `GetClusterNotify`, `CloseClusterNotifyPort`.

use super::args::{
    filter, notif_record, object_handle, port_and_cluster, timeout_arg, want, FamilyResult, Outcome, Var,
};
use super::Ctx;
use crate::scenario::Step;
use crate::trace::record;
use clusim_api::*;

/// The port operations; `None` for another family's op.
pub(crate) fn exec(ctx: &Ctx, step: &Step) -> FamilyResult {
    let b = &*ctx.backend;
    let a = &step.args;
    Ok(Some(match step.op.as_str() {
        "CreateClusterNotifyPort" => {
            let (existing, cluster) = port_and_cluster(ctx, a)?;
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
        "CloseClusterNotifyPort" => Outcome::from(b.close_notify_port(want!(ctx, a.first(), Port))),
        _ => return Ok(None),
    }))
}
