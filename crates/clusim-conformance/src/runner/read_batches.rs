//! Read batches: `ClusterRegCreateReadBatch` … `ClusterRegCloseReadBatchReply`.

use super::args::{code_name, hex, type_name, want, FamilyResult, Outcome, Var};
use super::Ctx;
use crate::scenario::{Arg, Step};
use crate::trace::record;
use clusim_api::registry::*;
use clusim_api::*;

/// The read-batch operations; `None` for another family's op.
pub(crate) fn exec(ctx: &Ctx, step: &Step) -> FamilyResult {
    let b = &*ctx.backend;
    let a = &step.args;
    Ok(Some(match step.op.as_str() {
        "ClusterRegCreateReadBatch" => {
            Outcome::bound(b.reg_create_read_batch(want!(ctx, a.first(), Key)).map(Var::ReadBatch), vec![])
        }
        "ClusterRegReadBatchAddCommand" => {
            let h = want!(ctx, a.first(), ReadBatch);
            let (s, v) = (ctx.opt_text(a.get(1))?, ctx.opt_text(a.get(2))?);
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
            Outcome::read_all(
                || b.reg_read_batch_reply_next_command(r),
                |x| {
                    record([
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
                    ])
                },
            )
        }
        "ClusterRegCloseReadBatchReply" => {
            Outcome::from(b.reg_close_read_batch_reply(want!(ctx, a.first(), Reply)))
        }
        _ => return Ok(None),
    }))
}
