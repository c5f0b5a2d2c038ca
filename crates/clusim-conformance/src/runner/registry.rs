//! The cluster database: keys, values, security.

use super::args::{datum, enumerate, hex, object_handle, type_name, want, FamilyResult, Outcome, Var};
use super::Ctx;
use crate::scenario::Step;
use crate::trace::record;
use clusim_api::*;

/// The registry key and value operations; `None` for another family's op.
pub(crate) fn exec(ctx: &Ctx, step: &Step) -> FamilyResult {
    let b = &*ctx.backend;
    let a = &step.args;
    Ok(Some(match step.op.as_str() {
        "GetClusterKey" => {
            let r = b.get_cluster_key(want!(ctx, a.first(), Cluster), 0);
            if let Ok(k) = r {
                ctx.undo.key_at(k, String::new());
            }
            Outcome::bound(r.map(Var::Key), vec![])
        }
        "GetClusterGroupKey" | "GetClusterResourceKey" | "GetClusterNodeKey" | "GetClusterNetworkKey" => {
            let obj = object_handle(ctx.var(a.first())?)?;
            Outcome::bound(b.get_object_key(obj, 0).map(Var::Key), vec![])
        }
        "ClusterRegCreateKey" => {
            let k = want!(ctx, a.first(), Key);
            let sub = ctx.text(a.get(1))?;
            ctx.undo.before_create_key(k, sub);
            match b.reg_create_key(k, sub, 0, 0) {
                Ok((h, d)) => {
                    ctx.undo.child_key(k, sub, h);
                    Outcome {
                        code: Win32Error::ERROR_SUCCESS,
                        out: vec![record([("disposition", format!("{d:?}"))])],
                        bind: Some(Var::Key(h)),
                    }
                }
                Err(e) => Outcome::code(e),
            }
        }
        "ClusterRegOpenKey" => {
            let k = want!(ctx, a.first(), Key);
            let sub = ctx.text(a.get(1))?;
            let r = b.reg_open_key(k, sub, 0);
            if let Ok(h) = r {
                ctx.undo.child_key(k, sub, h);
            }
            Outcome::bound(r.map(Var::Key), vec![])
        }
        "ClusterRegDeleteKey" => {
            let k = want!(ctx, a.first(), Key);
            let sub = ctx.text(a.get(1))?;
            let noted = ctx.undo.before_delete_key(k, sub);
            let r = b.reg_delete_key(k, sub);
            if r.is_err() {
                ctx.undo.forget(noted);
            }
            Outcome::from(r)
        }
        "ClusterRegSetValue" | "ClusterRegDeleteValue" => {
            let k = want!(ctx, a.first(), Key);
            let name = ctx.text(a.get(1))?;
            ctx.undo.touch_value(k, name);
            Outcome::from(if step.op == "ClusterRegSetValue" {
                let (t, d) = datum(a.get(2).ok_or("expected TYPE=VALUE")?)?;
                b.reg_set_value(k, name, t, &d)
            } else {
                b.reg_delete_value(k, name)
            })
        }
        "ClusterRegQueryValue" => {
            Outcome::records(b.reg_query_value(want!(ctx, a.first(), Key), ctx.text(a.get(1))?), |(t, d)| {
                vec![record([("type", type_name(t)), ("data", hex(&d))])]
            })
        }
        "ClusterRegEnumKey" => {
            let k = want!(ctx, a.first(), Key);
            enumerate(|i| b.reg_enum_key(k, i), |(n, _)| record([("name", n)]))
        }
        "ClusterRegEnumValue" => {
            let k = want!(ctx, a.first(), Key);
            enumerate(
                |i| b.reg_enum_value(k, i),
                |(n, t, d)| record([("name", n), ("type", type_name(t)), ("data", hex(&d))]),
            )
        }
        "ClusterRegSetKeySecurity" => {
            let (_, d) = datum(a.get(1).ok_or("expected binary=HEX")?)?;
            let k = want!(ctx, a.first(), Key);
            ctx.undo.touch_security(k);
            Outcome::from(b.reg_set_key_security(k, 4, &d))
        }
        "ClusterRegGetKeySecurity" => {
            Outcome::records(b.reg_get_key_security(want!(ctx, a.first(), Key), 4), |d| {
                vec![record([("descriptor", hex(&d))])]
            })
        }
        "ClusterRegCloseKey" => Outcome::from(b.reg_close_key(want!(ctx, a.first(), Key))),
        _ => return Ok(None),
    }))
}
