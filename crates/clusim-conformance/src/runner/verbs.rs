//! Runner verbs: `Drain`, `ReadBatchNotification`, `Advance`, `WaitBlocked`.

use super::args::{notif_record, timeout_arg, want, FamilyResult, Outcome, Var};
use super::batches::batch_record;
use super::{Ctx, Waitable, BLOCKED_GRACE};
use crate::scenario::Step;
use clusim_api::*;
use std::time::{Duration, Instant};

/// Parses `500ms` or `2s`.
pub fn parse_duration(w: &str) -> std::result::Result<Duration, String> {
    if let Some(ms) = w.strip_suffix("ms") {
        Ok(Duration::from_millis(ms.parse().map_err(|_| "bad duration")?))
    } else if let Some(s) = w.strip_suffix('s') {
        Ok(Duration::from_secs(s.parse().map_err(|_| "bad duration")?))
    } else {
        Err("expected a duration like 500ms or 2s".into())
    }
}

/// The runner verbs; `None` for another family's op.
pub(crate) fn exec(ctx: &Ctx, step: &Step) -> FamilyResult {
    let b = &*ctx.backend;
    let a = &step.args;
    Ok(Some(match step.op.as_str() {
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
        "ReadBatchNotification" => {
            let n = want!(ctx, a.first(), Notification);
            Outcome::read_all(|| b.reg_batch_read_command(n), |c| batch_record(&c))
        }
        "Advance" => {
            let d = parse_duration(ctx.word(a.first())?)?;
            match &ctx.opts.clock {
                Some(c) => {
                    c.advance(d);
                }
                None => std::thread::sleep(d),
            }
            Outcome::ok()
        }
        // Fault node_down|node_up "NODE": a fault of spec/faults.md (simulator only).
        "Fault" => match &ctx.opts.faults {
            Some(f) => {
                // A fault moves groups and changes states: noted first, so the cleanup
                // brings them home (a node left down is the scenario's to bring up).
                ctx.undo.touch_states();
                Outcome::from(f(ctx.word(a.first())?, ctx.text(a.get(1))?))
            }
            None => Outcome::code(Win32Error::ERROR_NOT_SUPPORTED),
        },
        "SimOnlineBehaviour" | "SimIsAliveFailure" => {
            let name = ctx.text(a.first())?;
            let value = ctx.word(a.get(1))?;
            let script = ctx
                .opts
                .sim_script
                .as_ref()
                .ok_or_else(|| format!("{} needs the simulator (@sim)", step.op))?;
            script(&step.op, name, value)?;
            Outcome::ok()
        }
        "WaitBlocked" => {
            wait_blocked(ctx);
            Outcome::ok()
        }
        _ => return Ok(None),
    }))
}

/// What the outstanding actors' gets wait on: (port, timeout) of every spawned get that
/// has not returned and can block (a non-zero timeout).
fn pending_waits(ctx: &Ctx) -> Vec<(Waitable, Timeout)> {
    let actors = ctx.actors.lock().unwrap();
    let mut v = Vec::new();
    for a in actors.values().filter(|a| !a.done.load(std::sync::atomic::Ordering::Acquire)) {
        let default = match a.step.op.as_str() {
            "GetClusterNotify" | "GetClusterNotifyV2" => None,
            "ClusterRegGetBatchNotification" => Some("INFINITE"),
            _ => continue,
        };
        let waitable = match ctx.var(a.step.args.first()) {
            Ok(Var::Port(h)) => Waitable::Port(h),
            Ok(Var::BatchPort(h)) => Waitable::BatchPort(h),
            _ => continue,
        };
        let Ok(t) = timeout_arg(ctx.kv(&a.step.args, "timeout").or(default)) else { continue };
        if t != Timeout::POLL {
            v.push((waitable, t));
        }
    }
    v
}

/// `WaitBlocked`: returns once every outstanding spawned get is blocked. Timed gets are
/// counted by the manual clock (`Clock::wait_for_timed_waiters`), INFINITE ones by the
/// port's waiter count through [`super::RunOptions::probe`]; what neither can see (a real
/// clock, no probe) gets [`BLOCKED_GRACE`] of real time. An actor that returns instead
/// of blocking is no longer waited for. Never longer than the step's deadline (the run
/// loop then reports the step as stuck).
fn wait_blocked(ctx: &Ctx) {
    let end = Instant::now() + ctx.step_timeout + Duration::from_millis(100);
    let mut graced = false;
    let mut spins = 0u32;
    while Instant::now() < end {
        let waits = pending_waits(ctx);
        let timed = waits.iter().filter(|(_, t)| matches!(t, Timeout::After(_))).count();
        let mut blind = false;
        let mut ready = true;
        if timed > 0 {
            match &ctx.opts.clock {
                Some(c) if c.is_manual() => {
                    ready &= c.wait_for_timed_waiters(timed, Duration::from_millis(5))
                }
                _ => blind = true,
            }
        }
        let mut per_port: Vec<(Waitable, u32)> = Vec::new();
        for (w, _) in &waits {
            match per_port.iter_mut().find(|(p, _)| p == w) {
                Some((_, n)) => *n += 1,
                None => per_port.push((*w, 1)),
            }
        }
        for (w, n) in per_port {
            match &ctx.opts.probe {
                Some(probe) => ready &= probe(w).is_some_and(|have| have >= n),
                None => blind = true,
            }
        }
        if (blind || ctx.opts.probe.is_none()) && !graced {
            std::thread::sleep(BLOCKED_GRACE);
            graced = true;
            continue;
        }
        if ready {
            return;
        }
        spins += 1;
        if spins < 1000 {
            std::thread::yield_now();
        } else {
            std::thread::sleep(Duration::from_millis(1));
        }
    }
}
