//! Node membership: `PauseClusterNodeEx`, `ResumeClusterNodeEx`, and the simulator-only
//! `Fault` verb (`Fault node_down "NODE2"`, `Fault node_up "NODE2"`, `Fault
//! cluster_unreachable`, `Fault reconnect`) through [`super::RunOptions::faults`].

use super::args::{want, FamilyResult, Outcome};
use super::Ctx;
use crate::scenario::{Arg, Step};

fn number(ctx: &Ctx, a: Option<&Arg>) -> std::result::Result<u32, String> {
    let w = ctx.word(a)?;
    let parsed = match w.strip_prefix("0x") {
        Some(hex) => u32::from_str_radix(hex, 16),
        None => w.parse(),
    };
    parsed.map_err(|_| format!("expected a number, found {w:?}"))
}

/// The membership operations; `None` for another family's op.
pub(crate) fn exec(ctx: &Ctx, step: &Step) -> FamilyResult {
    let b = &*ctx.backend;
    let a = &step.args;
    Ok(Some(match step.op.as_str() {
        // PauseClusterNodeEx node drain(0|1) flags [target]
        "PauseClusterNodeEx" => {
            let n = want!(ctx, a.first(), Node);
            let drain = number(ctx, a.get(1))? != 0;
            let flags = number(ctx, a.get(2))?;
            let target = if a.len() > 3 { Some(want!(ctx, a.get(3), Node)) } else { None };
            ctx.undo.touch_states();
            Outcome::from(b.pause_node_ex(n, drain, flags, target))
        }
        // ResumeClusterNodeEx node failback-type flags
        "ResumeClusterNodeEx" => {
            let n = want!(ctx, a.first(), Node);
            let failback = number(ctx, a.get(1))?;
            let flags = number(ctx, a.get(2))?;
            ctx.undo.touch_states();
            Outcome::from(b.resume_node_ex(n, failback, flags))
        }
        "Fault" => {
            let Some(hook) = &ctx.opts.faults else {
                return Err("Fault needs the simulator's fault injection (# backends: sim)".into());
            };
            let what = ctx.word(a.first())?;
            let node = if a.len() > 1 { ctx.text(a.get(1))? } else { "" };
            ctx.undo.touch_states();
            Outcome::from(hook(what, node))
        }
        _ => return Ok(None),
    }))
}
