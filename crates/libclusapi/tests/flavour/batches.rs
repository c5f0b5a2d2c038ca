//! Write batches, batch notifications and read batches: names and string data in the
//! flavour's width.

use super::registry::key;
use super::*;
use clusim_api::property::REG_SZ;
use clusim_api::registry::{CLUSREG_CREATE_KEY, CLUSREG_READ_VALUE, CLUSREG_SET_VALUE};

// CABI-WCHAR32, BATCH-NOTIFY-CONTENT: the command names a batch takes, the names and
// REG_SZ data its notification records hand out, and what a read batch returns are all
// in the flavour's width.
#[test]
fn batch_commands_records_and_read_replies_are_in_the_flavours_width() {
    let (c, k) = key("flavour-batches");
    let value = text_bytes("hello \u{1F30D}\0");
    let (mut port, mut batch, mut failed) = (null_mut(), null_mut(), -7);
    // SAFETY: handles from this test; out-pointers to locals; data readable.
    unsafe {
        assert_eq!(ClusterRegCreateBatchNotifyPort(k, &mut port), 0);
        assert_eq!(ClusterRegCreateBatch(k, &mut batch), 0);
        let add = |cmd: u32, name: &str, ty: u32, data: &[u8]| {
            ClusterRegBatchAddCommand(
                batch,
                cmd as i32,
                w(name).as_ptr(),
                ty,
                data.as_ptr().cast(),
                data.len() as u32,
            )
        };
        assert_eq!(add(CLUSREG_SET_VALUE, "Grüße", REG_SZ, &value), 0);
        assert_eq!(add(CLUSREG_CREATE_KEY, "Sub \u{1F30D}", 0, &[]), 0);
        assert_eq!(ClusterRegCloseBatch(batch, TRUE, &mut failed), 0);

        let mut n = null_mut();
        assert_eq!(ClusterRegGetBatchNotification(port, &mut n), 0);
        let mut seen = Vec::new();
        loop {
            let mut rec: CLUSTER_BATCH_COMMAND = std::mem::zeroed();
            if ClusterRegBatchReadCommand(n, &mut rec) != 0 {
                break;
            }
            let data = if rec.cbData == 0 {
                Vec::new()
            } else {
                std::slice::from_raw_parts(rec.lpData, rec.cbData as usize).to_vec()
            };
            seen.push((rec.Command as u32, cstr(rec.wzName), data));
        }
        assert_eq!(
            seen,
            [
                (CLUSREG_SET_VALUE, "Grüße".to_string(), value.clone()),
                (CLUSREG_CREATE_KEY, "Sub \u{1F30D}".to_string(), Vec::new()),
            ]
        );
        assert_eq!(ClusterRegBatchCloseNotification(n), 0);

        let (mut rb, mut reply) = (null_mut(), null_mut());
        assert_eq!(ClusterRegCreateReadBatch(k, &mut rb), 0);
        assert_eq!(ClusterRegReadBatchAddCommand(rb, std::ptr::null(), w("Grüße").as_ptr()), 0);
        assert_eq!(ClusterRegCloseReadBatch(rb, &mut reply), 0);
        let mut rec: CLUSTER_READ_BATCH_COMMAND = std::mem::zeroed();
        assert_eq!(ClusterRegReadBatchReplyNextCommand(reply, &mut rec), 0);
        assert_eq!(
            (rec.Command as u32, rec.dwOptions, cstr(rec.wzValueName)),
            (CLUSREG_READ_VALUE, REG_SZ, "Grüße".into())
        );
        assert_eq!(std::slice::from_raw_parts(rec.lpData, rec.cbData as usize), value.as_slice());
        assert_eq!(ClusterRegCloseReadBatchReply(reply), 0);
        assert_eq!(ClusterRegCloseBatchNotifyPort(port), 0);
        assert_eq!(ClusterRegCloseKey(k), 0);
        assert_eq!(CloseCluster(c), TRUE);
    }
}
