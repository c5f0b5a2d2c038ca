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

int main(void) {
    /* Take the address of every function so that a declaration/export mismatch in name
     * shows up at link time. */
    void (*volatile fns[])(void) = {
        (void (*)(void))OpenCluster, (void (*)(void))GetClusterNotify, (void (*)(void))ClusterResourceControl,
        (void (*)(void))GetLastError, (void (*)(void))ClusterRegBatchReadCommand,
        (void (*)(void))ClusimAdvanceClock,
    };
    return fns[0] == 0;
}
