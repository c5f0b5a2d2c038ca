//! Write batches (`ClusterRegCreateBatch` … `ClusterRegCloseBatch[Ex]`) and batch
//! notification ports.

use super::args::{datum, hex, timeout_arg, type_name, want, FamilyResult, Outcome, Var};
use super::Ctx;
use crate::scenario::{Arg, Step};
use crate::trace::{record, Record};
use clusim_api::registry::*;

pub(crate) fn batch_record(c: &BatchCommand) -> Record {
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

fn command(w: &str) -> std::result::Result<u32, String> {
    if w.starts_with("CLUSREG_") || w.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
        let full = if w.starts_with("CLUSREG_") { w.to_string() } else { format!("CLUSREG_{w}") };
        (0..=CLUSREG_LAST_COMMAND)
            .find(|&c| command_name(c) == full)
            .ok_or_else(|| format!("unknown command {w}"))
    } else {
        w.parse::<u32>().map_err(|_| format!("unknown command {w}"))
    }
}

/// The write-batch and batch-port operations; `None` for another family's op.
pub(crate) fn exec(ctx: &Ctx, step: &Step) -> FamilyResult {
    let b = &*ctx.backend;
    let a = &step.args;
    Ok(Some(match step.op.as_str() {
        "ClusterRegCreateBatch" => {
            let k = want!(ctx, a.first(), Key);
            let r = b.reg_create_batch(k);
            if let Ok(h) = r {
                ctx.undo.batch_on(h, k);
            }
            Outcome::bound(r.map(Var::Batch), vec![])
        }
        "ClusterRegBatchAddCommand" => {
            let h = want!(ctx, a.first(), Batch);
            let cmd = command(ctx.word(a.get(1))?)?;
            let name = match a.get(2) {
                Some(Arg::Str(s)) => Some(s.as_str()),
                Some(Arg::Word(w)) if w == "-" => None,
                other => return Err(format!("expected \"name\" or -, found {other:?}")),
            };
            let (t, d) = match a.get(3) {
                Some(x) => datum(x)?,
                None => (0, Vec::new()),
            };
            let r = b.reg_batch_add_command(h, cmd, name, t, &d);
            if r.is_ok() {
                ctx.undo.batch_command(h, cmd, name);
            }
            Outcome::from(r)
        }
        "ClusterRegCloseBatch" | "ClusterRegCloseBatchEx" => {
            let h = want!(ctx, a.first(), Batch);
            let r = if step.op == "ClusterRegCloseBatch" {
                let commit = match ctx.word(a.get(1))? {
                    "commit" => true,
                    "discard" => false,
                    o => return Err(format!("expected commit or discard, found {o}")),
                };
                if commit {
                    ctx.undo.committing(h);
                }
                b.reg_close_batch(h, commit)
            } else {
                let flags = ctx.word(a.get(1))?.parse().map_err(|_| "expected numeric flags")?;
                ctx.undo.committing(h);
                b.reg_close_batch_ex(h, flags)
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
        "ClusterRegBatchReadCommand" => {
            Outcome::records(b.reg_batch_read_command(want!(ctx, a.first(), Notification)), |c| {
                vec![batch_record(&c)]
            })
        }
        "ClusterRegBatchCloseNotification" => {
            Outcome::from(b.reg_batch_close_notification(want!(ctx, a.first(), Notification)))
        }
        "ClusterRegCloseBatchNotifyPort" => {
            Outcome::from(b.reg_close_batch_notify_port(want!(ctx, a.first(), BatchPort)))
        }
        _ => return Ok(None),
    }))
}
