//! `GetClusterNotifyV2`'s outputs in the flavour's width (spec/c-abi.md CABI-WCHAR32-V2).
//!
//! The simulator writes UTF-16 strings and payloads. In `libclusapi` (16-bit `WCHAR`) the
//! caller's buffers are handed to it as they are. In `libclusapi_wchar32` the library
//! stages every wanted output in UTF-16, lets the simulator fill the staging buffers,
//! then converts into the caller's buffers:
//! - strings: the staging buffer has the caller's capacity in UTF-16 units; a string of
//!   `n` UTF-16 units has at most `n` characters, so it always fits once the simulator
//!   accepted it. Sizes reported for `ERROR_MORE_DATA` are UTF-16 lengths (never fewer
//!   than the characters), the length reported on success is the characters written.
//! - the payload: text in it (ids, id lists, the dependency expression, property-list
//!   names and string values) takes at most twice its UTF-16 bytes in UTF-32, so the
//!   payload is staged at half the caller's byte capacity and the size the library
//!   reports for `ERROR_MORE_DATA` (or for a NULL buffer) is twice the simulator's: a
//!   caller who retries with that size always receives the event. On success the size
//!   is the converted payload's.

use crate::ffi::WChar;
use clusim_api::notify_v2::{GetNotifyV2Error, NotifyV2Buffers, NotifyV2Header};

/// The caller's buffers for one `GetClusterNotifyV2` (`None`: the pointer was NULL).
pub(crate) struct CallerOuts<'a> {
    /// `buffer`, in bytes.
    pub(crate) buffer: Option<&'a mut [u8]>,
    /// ObjectId, ParentId, Name, Type, in the flavour's units.
    pub(crate) strings: [Option<&'a mut [WChar]>; 4],
}

type Get<'f> = dyn FnOnce(&mut NotifyV2Buffers<'_>) -> Result<NotifyV2Header, GetNotifyV2Error> + 'f;

/// Runs `get` (the simulator's `get_notify_v2`) with the caller's buffers, converted to
/// and from UTF-16 as the flavour needs.
#[cfg(not(clusim_wchar32))]
pub(crate) fn get_in_width(
    outs: CallerOuts<'_>,
    get: Box<Get<'_>>,
) -> Result<NotifyV2Header, GetNotifyV2Error> {
    let [object_id, parent_id, name, type_name] = outs.strings;
    get(&mut NotifyV2Buffers { buffer: outs.buffer, object_id, parent_id, name, type_name })
}

/// Runs `get` (the simulator's `get_notify_v2`) with the caller's buffers, converted to
/// and from UTF-16 as the flavour needs.
#[cfg(clusim_wchar32)]
pub(crate) fn get_in_width(
    outs: CallerOuts<'_>,
    get: Box<Get<'_>>,
) -> Result<NotifyV2Header, GetNotifyV2Error> {
    use clusim_api::notify_v2::{payload_kind, PayloadKind};
    use clusim_api::ObjectType;
    let CallerOuts { buffer, mut strings } = outs;
    let mut staged: Vec<Option<Vec<u16>>> =
        strings.iter().map(|o| o.as_ref().map(|s| vec![0u16; s.len()])).collect();
    let mut staged_buf: Option<Vec<u8>> = buffer.as_ref().map(|b| vec![0u8; b.len() / 2]);
    let result = {
        let mut it = staged.iter_mut().map(|o| o.as_deref_mut());
        let mut b = NotifyV2Buffers {
            buffer: staged_buf.as_deref_mut(),
            object_id: it.next().flatten(),
            parent_id: it.next().flatten(),
            name: it.next().flatten(),
            type_name: it.next().flatten(),
        };
        get(&mut b)
    };
    match result {
        Ok(mut h) => {
            let lens =
                [&mut h.sizes.object_id, &mut h.sizes.parent_id, &mut h.sizes.name, &mut h.sizes.type_name];
            for ((dst, src), len) in strings.iter_mut().zip(&staged).zip(lens) {
                if let (Some(dst), Some(src)) = (dst, src) {
                    let n = (*len).min(src.len());
                    let mut written = 0;
                    for (slot, c) in dst.iter_mut().zip(char::decode_utf16(src[..n].iter().copied())) {
                        *slot = c.map_or_else(|e| WChar::from(e.unpaired_surrogate()), WChar::from);
                        written += 1;
                    }
                    if let Some(nul) = dst.get_mut(written) {
                        *nul = 0;
                    }
                    *len = written;
                }
            }
            match (buffer, staged_buf) {
                (Some(dst), Some(src)) => {
                    let bytes = &src[..h.sizes.buffer.min(src.len())];
                    let kind = ObjectType::from_raw(h.filter.object_type)
                        .map_or(PayloadKind::Raw, |t| payload_kind(t, h.filter.flags));
                    let out: Vec<u8> = match kind {
                        PayloadKind::Id => {
                            crate::wide::reg_data_out(clusim_api::property::REG_SZ, bytes).into_owned()
                        }
                        PayloadKind::IdList => {
                            crate::wide::reg_data_out(clusim_api::property::REG_MULTI_SZ, bytes).into_owned()
                        }
                        PayloadKind::PropertyList => crate::wide::proplist_out(bytes.to_vec()),
                        _ => bytes.to_vec(),
                    };
                    let n = out.len().min(dst.len());
                    dst[..n].copy_from_slice(&out[..n]);
                    h.sizes.buffer = n;
                }
                _ => h.sizes.buffer *= 2,
            }
            Ok(h)
        }
        Err(GetNotifyV2Error::MoreData(mut s)) => {
            s.buffer *= 2;
            Err(GetNotifyV2Error::MoreData(s))
        }
        Err(e) => Err(e),
    }
}
