//! Output expectations: `expect.FIELD=VALUE` arguments of any step, compared with the
//! step's first output record (spec/conformance.md, "V2 steps").
//!
//! `@var` inside VALUE stands for the id of the object in scenario variable `var`
//! (`CLUSCTL_*_GET_ID` through the backend, read when the step is checked and not
//! recorded), so an expectation on a seeded GUID names the object instead of its value:
//! `expect.object_id=@g expect.payload=id:@n2`.

use super::args::object_handle;
use super::Ctx;
use crate::scenario::{Arg, Step};
use crate::trace::Record;

/// Replaces every `@var` in `v` with the id of that variable's object.
fn resolve(ctx: &Ctx, v: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = v;
    while let Some(at) = rest.find('@') {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 1..];
        let end = tail.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(tail.len());
        let var = &tail[..end];
        let obj = object_handle(ctx.var(Some(&Arg::Word(var.to_string())))?)?;
        out.push_str(&ctx.backend.object_id(obj).map_err(|e| format!("the id of @{var}: {e}"))?);
        rest = &tail[end..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The first expectation of `step` that its outputs `out` break, as a message; `None`
/// when every `expect.FIELD=VALUE` holds (or there is none).
pub(crate) fn outputs(ctx: &Ctx, step: &Step, out: &[Record]) -> Option<String> {
    for a in &step.args {
        let Arg::KeyVal(k, v) = a else { continue };
        let Some(field) = k.strip_prefix("expect.") else { continue };
        let want = match resolve(ctx, v) {
            Ok(w) => w,
            Err(e) => return Some(format!("expect.{field}: {e}")),
        };
        let got = out.first().and_then(|r| r.get(field));
        if got != Some(&want) {
            return Some(format!(
                "expected {field}={want:?}, got {}",
                got.map_or_else(|| "no such output".to_string(), |g| format!("{g:?}"))
            ));
        }
    }
    None
}
