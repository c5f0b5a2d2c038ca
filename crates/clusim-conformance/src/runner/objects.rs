//! Cluster objects: the cluster, nodes, groups, resources, networks, resource types,
//! properties and `CloseHandle`.

use super::args::{close_var, object_handle, want, FamilyResult, Outcome, Var};
use super::Ctx;
use crate::scenario::{Arg, Step};
use crate::trace::record;
use clusim_api::*;

fn name_out(kind: &str, name: &str) -> Vec<crate::trace::Record> {
    vec![record([("kind", kind.to_string()), ("name", name.to_string())])]
}

/// The cluster-object operations; `None` for another family's op.
pub(crate) fn exec(ctx: &Ctx, step: &Step) -> FamilyResult {
    let b = &*ctx.backend;
    let a = &step.args;
    Ok(Some(match step.op.as_str() {
        "OpenCluster" => {
            Outcome::bound(b.open_cluster(Some(&ctx.opts.cluster_name)).map(Var::Cluster), vec![])
        }
        "CloseCluster" => Outcome::from(b.close_cluster(want!(ctx, a.first(), Cluster))),
        "OpenClusterNode" => {
            let n = ctx.text(a.get(1))?;
            Outcome::bound(b.open_node(want!(ctx, a.first(), Cluster), n).map(Var::Node), name_out("node", n))
        }
        "OpenClusterGroup" | "CreateClusterGroup" => {
            let c = want!(ctx, a.first(), Cluster);
            let n = ctx.text(a.get(1))?;
            let r = if step.op == "OpenClusterGroup" {
                b.open_group(c, n)
            } else {
                let r = b.create_group(c, n);
                if r.is_ok() {
                    ctx.undo.created_group(n);
                }
                r
            };
            Outcome::bound(r.map(Var::Group), name_out("group", n))
        }
        "OpenClusterResource" => {
            let n = ctx.text(a.get(1))?;
            Outcome::bound(
                b.open_resource(want!(ctx, a.first(), Cluster), n).map(Var::Resource),
                name_out("resource", n),
            )
        }
        "CreateClusterResource" => {
            let n = ctx.text(a.get(1))?;
            let t = ctx.text(a.get(2))?;
            let r = b.create_resource(want!(ctx, a.first(), Group), n, t);
            if r.is_ok() {
                ctx.undo.created_resource(n);
            }
            Outcome::bound(r.map(Var::Resource), name_out("resource", n))
        }
        "OpenClusterNetwork" => {
            let n = ctx.text(a.get(1))?;
            Outcome::bound(
                b.open_network(want!(ctx, a.first(), Cluster), n).map(Var::Network),
                name_out("network", n),
            )
        }
        "DeleteClusterGroup" => Outcome::from(b.delete_group(want!(ctx, a.first(), Group))),
        "OnlineClusterGroup" => {
            let g = want!(ctx, a.first(), Group);
            ctx.undo.touch_states();
            Outcome::from(b.online_group(g, None))
        }
        "OfflineClusterGroup" => {
            let g = want!(ctx, a.first(), Group);
            ctx.undo.touch_states();
            Outcome::from(b.offline_group(g))
        }
        "MoveClusterGroup" => {
            let g = want!(ctx, a.first(), Group);
            let n = if a.len() > 1 { Some(want!(ctx, a.get(1), Node)) } else { None };
            ctx.undo.touch_states();
            Outcome::from(b.move_group(g, n))
        }
        "SetClusterGroupName" => {
            let g = want!(ctx, a.first(), Group);
            ctx.undo.touch_states();
            Outcome::from(b.set_group_name(g, ctx.text(a.get(1))?))
        }
        "GetClusterGroupState" => Outcome::records(b.group_state(want!(ctx, a.first(), Group)), |(s, n)| {
            vec![record([("state", format!("{s:?}")), ("node", n)])]
        }),
        "DeleteClusterResource" => Outcome::from(b.delete_resource(want!(ctx, a.first(), Resource))),
        "OnlineClusterResource" | "OfflineClusterResource" | "FailClusterResource" => {
            let r = want!(ctx, a.first(), Resource);
            ctx.undo.touch_states();
            Outcome::from(match step.op.as_str() {
                "OnlineClusterResource" => b.online_resource(r),
                "OfflineClusterResource" => b.offline_resource(r),
                _ => b.fail_resource(r),
            })
        }
        "SetClusterResourceName" => {
            let r = want!(ctx, a.first(), Resource);
            ctx.undo.touch_states();
            Outcome::from(b.set_resource_name(r, ctx.text(a.get(1))?))
        }
        "AddClusterResourceDependency" => {
            Outcome::from(b.add_dependency(want!(ctx, a.first(), Resource), want!(ctx, a.get(1), Resource)))
        }
        "RemoveClusterResourceDependency" => Outcome::from(
            b.remove_dependency(want!(ctx, a.first(), Resource), want!(ctx, a.get(1), Resource)),
        ),
        "ChangeClusterResourceGroup" => Outcome::from(
            b.change_resource_group(want!(ctx, a.first(), Resource), want!(ctx, a.get(1), Group)),
        ),
        "GetClusterResourceState" => {
            Outcome::records(b.resource_state(want!(ctx, a.first(), Resource)), |s| {
                vec![record([
                    ("state", format!("{:?}", s.state)),
                    ("node", s.owner_node),
                    ("group", s.group),
                ])]
            })
        }
        "ClusterResourceControl" => match ctx.word(a.get(1))? {
            "CLUSCTL_RESOURCE_GET_RESOURCE_TYPE" => {
                Outcome::records(b.resource_type_name(want!(ctx, a.first(), Resource)), |t| {
                    vec![record([("type", t)])]
                })
            }
            o => {
                return Err(format!(
                    "unsupported control code {o}: expected CLUSCTL_RESOURCE_GET_RESOURCE_TYPE"
                ))
            }
        },
        "PauseClusterNode" | "ResumeClusterNode" => {
            let n = want!(ctx, a.first(), Node);
            ctx.undo.touch_states();
            Outcome::from(if step.op == "PauseClusterNode" { b.pause_node(n) } else { b.resume_node(n) })
        }
        "EvictClusterNode" => Outcome::from(b.evict_node(want!(ctx, a.first(), Node))),
        "GetClusterNodeState" => Outcome::records(b.node_state(want!(ctx, a.first(), Node)), |s| {
            vec![record([("state", format!("{s:?}"))])]
        }),
        "SetClusterNetworkName" => {
            let w = want!(ctx, a.first(), Network);
            ctx.undo.touch_network(w);
            Outcome::from(b.set_network_name(w, ctx.text(a.get(1))?))
        }
        "CreateClusterResourceType" => {
            let n = ctx.text(a.get(1))?;
            let r = b.create_resource_type(want!(ctx, a.first(), Cluster), &ResourceTypeSpec::named(n));
            if r.is_ok() {
                ctx.undo.created_resource_type(n);
            }
            Outcome::from(r)
        }
        "DeleteClusterResourceType" => {
            Outcome::from(b.delete_resource_type(want!(ctx, a.first(), Cluster), ctx.text(a.get(1))?))
        }
        "SetProperties" => {
            let obj = object_handle(ctx.var(a.first())?)?;
            let scope = match ctx.word(a.get(1))? {
                "common" => PropertyScope::Common,
                "private" => PropertyScope::Private,
                o => return Err(format!("expected common or private, found {o}")),
            };
            let mut props = PropertyList::new();
            let mut it = a[2..].iter();
            while let Some(n) = it.next() {
                let Arg::Str(n) = n else { return Err("expected \"Name\" TYPE=VALUE pairs".into()) };
                let (t, d) = super::args::datum(it.next().ok_or("a property name without a value")?)?;
                props.push((
                    n.clone(),
                    PropertyValue::from_reg_bytes(t, &d).ok_or("value does not fit its type")?,
                ));
            }
            ctx.undo.touch_properties(obj, scope);
            Outcome::from(b.set_properties(obj, scope, &props))
        }
        "CloseHandle" => Outcome::from(
            close_var(b, ctx.var(a.first())?)
                .ok_or("close batches with ClusterRegCloseBatch/ClusterRegCloseReadBatch")?,
        ),
        _ => return Ok(None),
    }))
}
