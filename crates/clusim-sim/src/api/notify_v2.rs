//! V2 notification ports in the simulator.
// replaced by v2core's simulator impl (next commit on h-v2core): a temporary bridge so the
// simulator compiles with the new trait; every call answers ERROR_NOT_SUPPORTED (50).

use crate::sim::Sim;
use clusim_api::*;

const NOT_YET: Win32Error = Win32Error::ERROR_NOT_SUPPORTED;

impl NotifyV2Api for Sim {
    fn create_notify_port_v2(
        &self,
        _existing: Option<HChange>,
        _cluster: Option<HCluster>,
        _filters: &[NotifyFilterAndType],
        _key: NotifyKey,
    ) -> Result<HChange> {
        Err(NOT_YET)
    }

    fn register_notify_v2(
        &self,
        _port: HChange,
        _filter: NotifyFilterAndType,
        _object: ObjectHandle,
        _key: NotifyKey,
    ) -> Result<()> {
        Err(NOT_YET)
    }

    fn register_resource_type_notify_v2(
        &self,
        _port: HChange,
        _cluster: HCluster,
        _flags: u64,
        _type_name: &str,
        _key: NotifyKey,
    ) -> Result<()> {
        Err(NOT_YET)
    }

    fn get_notify_v2(
        &self,
        _port: HChange,
        _out: &mut NotifyV2Buffers<'_>,
        _timeout: Timeout,
    ) -> std::result::Result<NotifyV2Header, GetNotifyV2Error> {
        Err(GetNotifyV2Error::Failed(NOT_YET))
    }

    fn get_notify_event_handle(&self, _port: HChange) -> Result<HNotifyEvent> {
        Err(NOT_YET)
    }

    fn wait_notify_event(&self, _event: HNotifyEvent, _timeout: Timeout) -> Result<()> {
        Err(NOT_YET)
    }
}
