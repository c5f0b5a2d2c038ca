//! Dependency expressions (`Get/SetClusterResourceDependencyExpression`), the links
//! every dependency operation makes and drops, and the Network Name a resource depends
//! on (`GetClusterResourceNetworkName`) (spec/model.md MODEL-DEP-EXPR).
//!
//! The model keeps a resource's dependencies as one AND list, so an expression is the
//! SDK grammar's `expression_part and expression_part …` where each part is one
//! `[resource]` (or a parenthesised group of one); an OR of two or more resources is a
//! valid expression the model cannot hold: `ERROR_NOT_SUPPORTED`.

use crate::cluster::Cluster;
use crate::event::Effect;
use crate::ids::*;
use crate::objects::ObjRef;
use clusim_api::*;

impl Cluster {
    /// Adds the link `r` → `p` (no checks, no event): `p` joins `r`'s dependencies at
    /// the end, `r` joins `p`'s dependents in creation order.
    pub(crate) fn link_dependency(&mut self, r: ResourceId, p: ResourceId) {
        self.resources[r].deps.push(p);
        let created = self.resources[r].created;
        let list = &self.resources[p].dependents;
        let at = list.partition_point(|&x| self.resources[x].created < created);
        self.resources[p].dependents.insert(at, r);
    }

    /// Drops the link `r` → `p` (no checks, no event).
    pub(crate) fn unlink_dependency(&mut self, r: ResourceId, p: ResourceId) {
        self.resources[r].deps.retain(|&x| x != p);
        self.resources[p].dependents.retain(|&x| x != r);
    }

    /// `GetClusterResourceDependencyExpression`: `[provider] and [provider] …` in the
    /// order the dependencies were added; `""` without any.
    pub fn dependency_expression(&self, r: ResourceId) -> Result<String> {
        let deps = &self.resource(r)?.deps;
        let parts: Vec<String> = deps.iter().map(|&d| format!("[{}]", self.resources[d].name)).collect();
        Ok(parts.join(" and "))
    }

    /// `SetClusterResourceDependencyExpression`: replaces every dependency of `r` with
    /// the resources the expression names (by name or id; a repeated one counts once),
    /// then one `RESOURCE_PROPERTY`. Refusals, before anything changes: a malformed
    /// expression `ERROR_INVALID_PARAMETER`; an OR of two or more resources
    /// `ERROR_NOT_SUPPORTED`; an unknown resource `ERROR_RESOURCE_NOT_FOUND`; then, per
    /// provider, the `AddClusterResourceDependency` checks (itself or a cycle
    /// `ERROR_CIRCULAR_DEPENDENCY`, another group `ERROR_INVALID_PARAMETER`).
    pub fn set_dependency_expression(
        &mut self,
        r: ResourceId,
        expr: &str,
        fx: &mut Vec<Effect>,
    ) -> Result<()> {
        let group = self.resource(r)?.group;
        let mut providers = Vec::new();
        for name in parse(expr)? {
            let p = self.resource_by_name(&name).or_else(|_| self.resource_by_id(&name))?;
            if !providers.contains(&p) {
                providers.push(p);
            }
        }
        for &p in &providers {
            if p == r || self.depends_transitively(p, r) {
                return Err(Win32Error::ERROR_CIRCULAR_DEPENDENCY);
            }
            if self.resources[p].group != group {
                return Err(Win32Error::ERROR_INVALID_PARAMETER);
            }
        }
        let old = self.resources[r].deps.clone();
        for &o in &old {
            self.unlink_dependency(r, o);
        }
        for &p in &providers {
            self.link_dependency(r, p);
        }
        // Every provider whose dependents changed: the ones dropped and the ones added.
        let mut touched: Vec<ResourceId> = old.iter().copied().filter(|o| !providers.contains(o)).collect();
        touched.extend(providers.iter().copied().filter(|p| !old.contains(p)));
        self.emit_dependency_changed(r, &touched, fx);
        Ok(())
    }

    fn resource_by_id(&self, id: &str) -> Result<ResourceId> {
        self.resources
            .iter()
            .find(|(_, x)| x.id.eq_ignore_ascii_case(id))
            .map(|(k, _)| k)
            .ok_or(Win32Error::ERROR_RESOURCE_NOT_FOUND)
    }

    /// `GetClusterResourceNetworkName`: the private `Name` of the first `Network Name`
    /// resource among `r`'s dependencies, depth first in the order they were added
    /// (the resource's own name when it has no `Name` property); none:
    /// `ERROR_DEPENDENCY_NOT_FOUND`.
    pub fn resource_network_name(&self, r: ResourceId) -> Result<String> {
        let mut stack: Vec<ResourceId> = self.resource(r)?.deps.iter().rev().copied().collect();
        let mut seen = Vec::new();
        while let Some(x) = stack.pop() {
            if seen.contains(&x) {
                continue;
            }
            seen.push(x);
            let res = &self.resources[x];
            if &*self.restypes[res.rtype].name == "Network Name" {
                let private = self.properties(ObjRef::Resource(x), PropertyScope::Private)?;
                return Ok(match private.iter().find(|(n, _)| n == "Name") {
                    Some((_, PropertyValue::Sz(s))) => s.clone(),
                    _ => res.name.to_string(),
                });
            }
            stack.extend(res.deps.iter().rev());
        }
        Err(Win32Error::ERROR_DEPENDENCY_NOT_FOUND)
    }
}

/// The resource names of an AND-only expression, in order (see the module docs).
fn parse(expr: &str) -> Result<Vec<String>> {
    let bad = Win32Error::ERROR_INVALID_PARAMETER;
    let mut rest = expr.trim();
    let mut names = Vec::new();
    while !rest.is_empty() {
        let (group, after) = match rest.strip_prefix('(') {
            Some(inner) => {
                let close = inner.find(')').ok_or(bad)?;
                (or_list(&inner[..close])?, &inner[close + 1..])
            }
            None => {
                let (name, after) = bracketed(rest)?;
                (vec![name], after)
            }
        };
        if group.len() > 1 {
            return Err(Win32Error::ERROR_NOT_SUPPORTED);
        }
        names.extend(group);
        rest = after.trim_start();
        if rest.is_empty() {
            break;
        }
        rest = strip_keyword(rest, "and").ok_or(bad)?;
        if rest.is_empty() {
            return Err(bad);
        }
    }
    Ok(names)
}

/// `[name] or [name] …` inside parentheses.
fn or_list(s: &str) -> Result<Vec<String>> {
    let mut rest = s.trim();
    let mut names = Vec::new();
    loop {
        let (name, after) = bracketed(rest)?;
        names.push(name);
        rest = after.trim_start();
        if rest.is_empty() {
            return Ok(names);
        }
        rest = strip_keyword(rest, "or").ok_or(Win32Error::ERROR_INVALID_PARAMETER)?;
    }
}

/// `[name]` at the start of `s` (after blanks): the name and what follows.
fn bracketed(s: &str) -> Result<(String, &str)> {
    let s = s.trim_start();
    let inner = s.strip_prefix('[').ok_or(Win32Error::ERROR_INVALID_PARAMETER)?;
    let close = inner.find(']').ok_or(Win32Error::ERROR_INVALID_PARAMETER)?;
    if close == 0 {
        return Err(Win32Error::ERROR_INVALID_PARAMETER);
    }
    Ok((inner[..close].to_string(), &inner[close + 1..]))
}

/// `keyword` (any case) and the blanks after it, at the start of `s`.
fn strip_keyword<'a>(s: &'a str, keyword: &str) -> Option<&'a str> {
    let head = s.get(..keyword.len())?;
    head.eq_ignore_ascii_case(keyword).then(|| s[keyword.len()..].trim_start())
}

#[cfg(test)]
mod tests {
    use super::parse;
    use clusim_api::Win32Error;

    // MODEL-DEP-EXPR: the SDK grammar, AND-only.
    #[test]
    fn expressions_parse_into_the_and_list_or_are_refused() {
        assert_eq!(parse("").unwrap(), Vec::<String>::new());
        assert_eq!(parse("[a] and ([b]) AND [c d]").unwrap(), ["a", "b", "c d"]);
        assert_eq!(parse("([a] or [b])").unwrap_err(), Win32Error::ERROR_NOT_SUPPORTED);
        for bad in ["a", "[a] and", "[a] [b]", "([a]", "[]", "[a] or [b]"] {
            assert_eq!(parse(bad).unwrap_err(), Win32Error::ERROR_INVALID_PARAMETER, "{bad:?}");
        }
    }
}
