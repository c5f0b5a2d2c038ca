//! `clusim watch --v2`: the watcher on a V2 port (`CreateClusterNotifyPortV2` with one
//! filter per object type, `GetClusterNotifyV2` growing its buffers on
//! `ERROR_MORE_DATA`), one table row per event: object type, change, name and the
//! payload as the ApiGetNotifyV2 table lays it out (spec/v2.md).

use clusim_api::change_v2::{all_mask, client_only_mask};
use clusim_api::{
    Backend, GetNotifyV2Error, HChange, HCluster, NotifyFilterAndType, NotifyKey, NotifyV2Buffers,
    ObjectType, Timeout, Win32Error,
};
use clusim_conformance::v2_names;
use std::sync::Arc;

/// The filters `--v2` watches without `--filter`: every event each of these object
/// types can be registered for.
pub const DEFAULT_FILTER: &str =
    "CLUSTER:ALL,GROUP:ALL,RESOURCE:ALL,RESOURCE_TYPE:ALL,NETWORK:ALL,NETWORK_INTERFACE:ALL,NODE:ALL";

/// `TYPE:FLAGS,TYPE:FLAGS…` (the scenario language's filter words); `ALL` is the type's
/// `ALL_V2` mask without the client-only bits a registration may not hold.
pub fn parse_filters(text: &str) -> Result<Vec<NotifyFilterAndType>, String> {
    text.split(',')
        .filter(|f| !f.trim().is_empty())
        .map(|f| {
            let f = f.trim();
            match f.split_once(':') {
                Some((t, "ALL")) => {
                    let raw = v2_names::object_type(t)?;
                    let typed =
                        ObjectType::from_raw(raw).ok_or_else(|| format!("unknown object type {t:?}"))?;
                    let all = all_mask(typed).ok_or_else(|| format!("{t} has no change flags"))?;
                    Ok(NotifyFilterAndType { object_type: raw, flags: all & !client_only_mask(typed) })
                }
                _ => v2_names::filter(f),
            }
        })
        .collect()
}

/// A V2 port and the buffers its gets reuse; closes the port when dropped.
pub struct V2Watch {
    backend: Arc<dyn Backend>,
    port: HChange,
    buffer: Vec<u8>,
    strings: [Vec<u16>; 4],
}

impl V2Watch {
    /// Creates the port on `cluster` with `filters`, all under key 1.
    pub fn open(
        backend: Arc<dyn Backend>,
        cluster: HCluster,
        filters: &[NotifyFilterAndType],
    ) -> Result<V2Watch, String> {
        let port = backend
            .create_notify_port_v2(None, Some(cluster), filters, NotifyKey(1))
            .map_err(|e| format!("CreateClusterNotifyPortV2: {e}"))?;
        Ok(V2Watch { backend, port, buffer: vec![0; 64], strings: std::array::from_fn(|_| vec![0; 64]) })
    }

    /// The next event as a row (`type change name payload`), growing the buffers on
    /// `ERROR_MORE_DATA` (the event stays queued for the retry, N17).
    pub fn next(&mut self, timeout: Timeout) -> Result<[String; 4], Win32Error> {
        loop {
            let [oid, pid, name, ty] = &mut self.strings;
            let mut bufs = NotifyV2Buffers {
                buffer: Some(&mut self.buffer),
                object_id: Some(oid),
                parent_id: Some(pid),
                name: Some(name),
                type_name: Some(ty),
            };
            match self.backend.get_notify_v2(self.port, &mut bufs, timeout) {
                Ok(h) => {
                    let t = h.filter.object_type;
                    let name = String::from_utf16_lossy(&self.strings[2][..h.sizes.name]);
                    let payload = v2_names::payload_text(t, h.filter.flags, &self.buffer[..h.sizes.buffer]);
                    return Ok([
                        v2_names::type_label(t),
                        v2_names::flag_label(t, h.filter.flags),
                        name,
                        payload,
                    ]);
                }
                Err(GetNotifyV2Error::MoreData(s)) => {
                    self.buffer.resize(self.buffer.len().max(s.buffer), 0);
                    let needed = [s.object_id, s.parent_id, s.name, s.type_name];
                    for (b, n) in self.strings.iter_mut().zip(needed) {
                        b.resize(b.len().max(n + 1), 0);
                    }
                }
                Err(GetNotifyV2Error::Failed(e)) => return Err(e),
            }
        }
    }
}

impl Drop for V2Watch {
    fn drop(&mut self) {
        let _ = self.backend.close_notify_port(self.port);
    }
}
