/*
 * Compiles as C11 and as C++17 (with and without -fshort-wchar, and for the 32-bit
 * flavour with -DCLUSIM_WCHAR32): the headers alone (the <windows.h> stand-in first, as
 * Microsoft's samples include it, then clusapi.h and clusim.h, twice), their constants
 * checked against the Windows SDK values.
 */
#include <windows.h>
#include <clusapi.h>
#include <clusim.h>
#include <clusapi.h> /* include guard */
#include <clusim.h>  /* include guard */
#include <windows.h> /* include guard */

#ifdef __cplusplus
#define CHECK(cond, msg) static_assert(cond, msg)
#else
#define CHECK(cond, msg) _Static_assert(cond, msg)
#endif

#ifdef CLUSIM_WCHAR32
CHECK(sizeof(WCHAR) == 4, "WCHAR is wchar_t, 32 bits");
CHECK(sizeof(CLUSTERVERSIONINFO) == 540, "CLUSTERVERSIONINFO layout with 32-bit WCHAR arrays");
#else
CHECK(sizeof(WCHAR) == 2, "WCHAR is 16 bits");
CHECK(sizeof(CLUSTERVERSIONINFO) == 284, "CLUSTERVERSIONINFO layout");
#endif
CHECK(sizeof(CLUSIM_PORT_STATS) == 40, "CLUSIM_PORT_STATS layout");
CHECK(sizeof(DWORD) == 4, "DWORD is 32 bits");
CHECK(sizeof(DWORD_PTR) == sizeof(void *), "DWORD_PTR is pointer-sized");
CHECK(CLUSTER_CHANGE_RESOURCE_ADDED == 0x400u, "RESOURCE_ADDED");
CHECK(CLUSTER_CHANGE_HANDLE_CLOSE == 0x80000000u, "HANDLE_CLOSE");
CHECK(CLUSTER_CHANGE_ALL == 0xFFFFFFFFu, "ALL");
CHECK(CLUSCTL_RESOURCE_GET_RESOURCE_TYPE == 0x0100002Du, "GET_RESOURCE_TYPE");
CHECK(CLUSPROP_SYNTAX_NAME == 0x00040003u, "SYNTAX_NAME");
CHECK(ERROR_MORE_DATA == 234, "ERROR_MORE_DATA");
CHECK(WAIT_TIMEOUT == 258, "WAIT_TIMEOUT");
CHECK(ClusterResourceOnlinePending == 129, "OnlinePending");
CHECK(CLUSREG_VALUE_DELETED == 6, "VALUE_DELETED");
CHECK(CLUSREG_LAST_COMMAND == 19, "LAST_COMMAND");
CHECK(REG_QWORD == 11u, "REG_QWORD");
CHECK(ERROR_KEY_DELETED == 1018, "ERROR_KEY_DELETED");
CHECK(sizeof(FILETIME) == 8, "FILETIME layout");
CHECK(LPTR == 0x0040u, "LPTR is LMEM_FIXED | LMEM_ZEROINIT");
CHECK(WAIT_OBJECT_0 == 0, "WAIT_OBJECT_0");
CHECK(INFINITE == 0xFFFFFFFFu, "INFINITE");
/* Layouts as windows-sys declares them (and as the library writes them). */
CHECK(sizeof(CLUSTER_BATCH_COMMAND) == 8 + 3 * sizeof(void *), "CLUSTER_BATCH_COMMAND layout");
CHECK(offsetof(CLUSTER_BATCH_COMMAND, wzName) == 8, "wzName after two DWORDs");
CHECK(sizeof(CLUSTER_READ_BATCH_COMMAND) == 8 + 4 * sizeof(void *), "CLUSTER_READ_BATCH_COMMAND layout");
CHECK(offsetof(CLUSTER_READ_BATCH_COMMAND, cbData) == 8 + 3 * sizeof(void *), "cbData after the pointers");

/* V2 vocabulary (SDK values) and layouts as windows-sys declares them. */
CHECK(CLUSTER_OBJECT_TYPE_NETWORK_INTERFACE == 5 && CLUSTER_OBJECT_TYPE_FAULTDOMAIN == 0x11, "object types");
CHECK(CLUSTER_CHANGE_CLUSTER_LOST_NOTIFICATIONS_V2 == 0x200 && CLUSTER_CHANGE_CLUSTER_ALL_V2 == 0x1FFF, "CLUSTER_V2");
CHECK(CLUSTER_CHANGE_GROUP_RESOURCE_LOST_V2 == 0x100 && CLUSTER_CHANGE_GROUP_ALL_V2 == 0x3FF, "GROUP_V2");
CHECK(CLUSTER_CHANGE_RESOURCE_TERMINAL_STATE_V2 == 0x400 && CLUSTER_CHANGE_RESOURCE_ALL_V2 == 0x7FF, "RESOURCE_V2");
CHECK(CLUSTER_RESOURCE_TYPE_SPECIFIC_V2 == 0x20 && CLUSTER_CHANGE_RESOURCE_TYPE_ALL_V2 == 0x3F, "RESOURCE_TYPE_V2");
CHECK(CLUSTER_CHANGE_NODE_GROUP_LOST_V2 == 0x40 && CLUSTER_CHANGE_NODE_ALL_V2 == 0xFF, "NODE_V2");
CHECK(CLUSTER_CHANGE_REGISTRY_HANDLE_CLOSE_V2 == 0x10 && CLUSTER_CHANGE_NETINTERFACE_ALL_V2 == 0x1F, "REGISTRY_V2");
CHECK(CLUSTER_CHANGE_GROUPSET_HANDLE_CLOSE_v2 == 0x100 && CLUSTER_CHANGE_SHARED_VOLUME_ALL_V2 == 7, "GROUPSET_V2");
CHECK(sizeof(NOTIFY_FILTER_AND_TYPE) == 16, "NOTIFY_FILTER_AND_TYPE is 16 bytes");
CHECK(offsetof(NOTIFY_FILTER_AND_TYPE, FilterFlags) == 8, "FilterFlags after 4 bytes of padding");
CHECK(sizeof(CLUSTER_MEMBERSHIP_INFO) == 12, "CLUSTER_MEMBERSHIP_INFO layout");
CHECK(offsetof(CLUSTER_MEMBERSHIP_INFO, Upnodes) == 8, "Upnodes after two DWORDs");
CHECK(sizeof(LONGLONG) == 8, "LONGLONG is 64 bits");

int main(void) {
    /* Take the address of every function so that a declaration/export mismatch in name
     * shows up at link time. */
    void (*volatile fns[])(void) = {
        (void (*)(void))OpenCluster, (void (*)(void))GetClusterNotify, (void (*)(void))ClusterResourceControl,
        (void (*)(void))GetLastError, (void (*)(void))ClusterRegBatchReadCommand,
        (void (*)(void))CreateClusterNotifyPortV2, (void (*)(void))RegisterClusterNotifyV2,
        (void (*)(void))RegisterClusterResourceTypeNotifyV2, (void (*)(void))GetClusterNotifyV2,
        (void (*)(void))GetNotifyEventHandle, (void (*)(void))WaitForSingleObject,
        (void (*)(void))WaitForMultipleObjects, (void (*)(void))CloseHandle,
        (void (*)(void))ClusimAdvanceClock,
    };
    return fns[0] == 0;
}
