#!/usr/bin/env python3
"""A ClusAPI notification watcher written the way Windows Python code is written:
ctypes, windll-style names, c_wchar buffers, a GetClusterNotify loop with a 500 ms
time-out and the ERROR_MORE_DATA retry. On Windows `windll.clusapi` is clusapi.dll; on
Linux the loader shim below resolves it (and `windll.kernel32`, for GetLastError) to
libclusapi_wchar32, the flavour whose WCHAR is the platform's 4-byte wchar_t, which is
what ctypes.c_wchar is there.

It drives the simulator through clusim.h's functions: a topology file, the manual clock,
a node failure that takes the group's resource offline and fails it over; then it takes
the resource offline through ClusAPI. It checks every event against the sequences
spec/faults.md (FAULT-NODE-DOWN) and spec/model.md (OfflineClusterResource,
MODEL-AGGREGATE) document, and exits non-zero on the first difference.

    cargo build --release
    python3 crates/libclusapi/examples/python/watcher.py target/release/libclusapi_wchar32.so

Standard library only. DWORDs are 32 bits (ctypes.c_uint32), as on Windows:
ctypes.wintypes.DWORD is c_ulong, 8 bytes on Linux, and must not be used here.
"""

import ctypes
import os
import sys
import threading
from ctypes import POINTER, byref, c_int, c_size_t, c_uint32, c_uint64, c_void_p, c_wchar, c_wchar_p

HERE = os.path.dirname(os.path.abspath(__file__))

# ----- the loader shim ------------------------------------------------------------------


class _WinDllShim:
    """`ctypes.windll` off Windows: every DLL name resolves to the one libclusapi, which
    exports ClusAPI and kernel32's GetLastError/SetLastError (per thread)."""

    def __init__(self, path):
        self._lib = ctypes.CDLL(path)

    def __getattr__(self, dll_name):
        return self._lib


def _library_path():
    if len(sys.argv) > 1:
        return sys.argv[1]
    return os.environ.get("CLUSAPI_LIBRARY", os.path.join(HERE, "../../../../target/release/libclusapi_wchar32.so"))


windll = ctypes.windll if os.name == "nt" else _WinDllShim(_library_path())
clusapi = windll.clusapi
kernel32 = windll.kernel32

# ----- types and constants, as a Windows module declares them ------------------------------

DWORD = c_uint32  # not ctypes.wintypes.DWORD: c_ulong is 8 bytes on Linux
DWORD_PTR = c_size_t
HANDLE = c_void_p
LPCWSTR = c_wchar_p
LPWSTR = POINTER(c_wchar)
INVALID_HANDLE_VALUE = HANDLE(-1)

ERROR_SUCCESS = 0
ERROR_MORE_DATA = 234
WAIT_TIMEOUT = 258

CLUSTER_CHANGE_NODE_STATE = 0x00000001
CLUSTER_CHANGE_RESOURCE_STATE = 0x00000100
CLUSTER_CHANGE_GROUP_STATE = 0x00001000
NAMES = {
    CLUSTER_CHANGE_NODE_STATE: "NODE_STATE",
    CLUSTER_CHANGE_RESOURCE_STATE: "RESOURCE_STATE",
    CLUSTER_CHANGE_GROUP_STATE: "GROUP_STATE",
}
ClusterResourceOffline = 3
ClusterGroupOnline = 0

GROUP = "Web Tier \u2603"
DISK = "Web Disk \U0001F600"


def declare(fn, restype, *argtypes):
    fn.restype = restype
    fn.argtypes = argtypes
    return fn


OpenCluster = declare(clusapi.OpenCluster, HANDLE, LPCWSTR)
CloseCluster = declare(clusapi.CloseCluster, c_int, HANDLE)
CreateClusterNotifyPort = declare(clusapi.CreateClusterNotifyPort, HANDLE, HANDLE, HANDLE, DWORD, DWORD_PTR)
GetClusterNotify = declare(
    clusapi.GetClusterNotify, DWORD, HANDLE, POINTER(DWORD_PTR), POINTER(DWORD), LPWSTR, POINTER(DWORD), DWORD
)
CloseClusterNotifyPort = declare(clusapi.CloseClusterNotifyPort, c_int, HANDLE)
OpenClusterResource = declare(clusapi.OpenClusterResource, HANDLE, HANDLE, LPCWSTR)
CloseClusterResource = declare(clusapi.CloseClusterResource, c_int, HANDLE)
OfflineClusterResource = declare(clusapi.OfflineClusterResource, DWORD, HANDLE)
GetClusterResourceState = declare(
    clusapi.GetClusterResourceState, c_int, HANDLE, LPWSTR, POINTER(DWORD), LPWSTR, POINTER(DWORD)
)
OpenClusterGroup = declare(clusapi.OpenClusterGroup, HANDLE, HANDLE, LPCWSTR)
CloseClusterGroup = declare(clusapi.CloseClusterGroup, c_int, HANDLE)
GetClusterGroupState = declare(clusapi.GetClusterGroupState, c_int, HANDLE, LPWSTR, POINTER(DWORD))
GetLastError = declare(kernel32.GetLastError, DWORD)


class CLUSIM_PORT_STATS(ctypes.Structure):
    _fields_ = [
        ("Pushed", c_uint64),
        ("Dropped", c_uint64),
        ("Queued", c_uint64),
        ("ReservedBytes", c_uint64),
        ("Waiters", DWORD),
        ("Reserved", DWORD),
    ]


# clusim.h: the simulator's own controls (not on Windows).
ClusimSetTopologyFile = declare(clusapi.ClusimSetTopologyFile, DWORD, LPCWSTR)
ClusimUseManualClock = declare(clusapi.ClusimUseManualClock, DWORD)
ClusimAdvanceClock = declare(clusapi.ClusimAdvanceClock, DWORD, DWORD)
ClusimWaitForTimedWaiters = declare(clusapi.ClusimWaitForTimedWaiters, DWORD, DWORD, DWORD)
ClusimNodeDown = declare(clusapi.ClusimNodeDown, DWORD, LPCWSTR, LPCWSTR)
ClusimGetPortStats = declare(clusapi.ClusimGetPortStats, DWORD, HANDLE, POINTER(CLUSIM_PORT_STATS))


def check(ok, what):
    if not ok:
        print("FAILED: " + what)
        sys.exit(1)


def check_code(code, what):
    check(code == ERROR_SUCCESS, "%s returned %d" % (what, code))


# ----- the watcher ------------------------------------------------------------------------


class Watcher:
    """GetClusterNotify in a loop, as the documentation's watcher: a 500 ms time-out, a
    small buffer grown on ERROR_MORE_DATA (the event stays queued for the retry)."""

    def __init__(self, port):
        self.port = port
        self.capacity = 4
        self.buffer = ctypes.create_unicode_buffer(self.capacity)
        self.grown = 0

    def until_timeout(self):
        events = []
        while True:
            key, filter_, cch = DWORD_PTR(), DWORD(), DWORD(self.capacity)
            rc = GetClusterNotify(self.port, byref(key), byref(filter_), self.buffer, byref(cch), 500)
            if rc == WAIT_TIMEOUT:
                return events
            if rc == ERROR_MORE_DATA:
                self.capacity = cch.value + 1
                self.buffer = ctypes.create_unicode_buffer(self.capacity)
                self.grown += 1
                continue
            check_code(rc, "GetClusterNotify")
            check(key.value == 1, "notify key %d" % key.value)
            name = self.buffer.value
            check(len(name) == cch.value, "*lpcchName %d is the name's length %d" % (cch.value, len(name)))
            events.append((NAMES.get(filter_.value, hex(filter_.value)), name))


def advance_once_waiting():
    """The manual clock's deterministic signal: once the watcher waits with its time-out,
    move time past it, so its wait ends in WAIT_TIMEOUT."""
    check_code(ClusimWaitForTimedWaiters(1, 30000), "ClusimWaitForTimedWaiters")
    check_code(ClusimAdvanceClock(500), "ClusimAdvanceClock")


def watch(watcher, action):
    """Runs `action`, then the watcher until its wait times out."""
    action()
    clock = threading.Thread(target=advance_once_waiting)
    clock.start()
    events = watcher.until_timeout()
    clock.join()
    return events


def read_string(call):
    """A string out-parameter with the documented negotiation (size query, then buffer)."""
    cch = DWORD(0)
    call(None, byref(cch))
    buf = ctypes.create_unicode_buffer(cch.value + 1)
    cap = DWORD(cch.value + 1)
    result = call(buf, byref(cap))
    check(cap.value == len(buf.value), "length out is the string's length")
    return result, buf.value


def main():
    check_code(ClusimSetTopologyFile(os.path.join(HERE, "watcher_topology.toml")), "ClusimSetTopologyFile")
    check_code(ClusimUseManualClock(), "ClusimUseManualClock")
    cluster = OpenCluster(None)
    check(cluster, "OpenCluster(NULL) failed: %d" % GetLastError())
    filters = CLUSTER_CHANGE_NODE_STATE | CLUSTER_CHANGE_RESOURCE_STATE | CLUSTER_CHANGE_GROUP_STATE
    port = CreateClusterNotifyPort(INVALID_HANDLE_VALUE, cluster, filters, 1)
    check(port, "CreateClusterNotifyPort failed: %d" % GetLastError())
    watcher = Watcher(port)

    # FAULT-NODE-DOWN: NODE_STATE; the group's online resource straight to Offline; the
    # owner changes; it comes online on NODE2 (OnlinePending, Online); a GROUP_STATE each
    # time the group's aggregate state changes (MODEL-AGGREGATE).
    events = watch(watcher, lambda: check_code(ClusimNodeDown(None, "NODE1"), "ClusimNodeDown"))
    expected = [
        ("NODE_STATE", "NODE1"),
        ("RESOURCE_STATE", DISK),
        ("GROUP_STATE", GROUP),
        ("GROUP_STATE", GROUP),
        ("RESOURCE_STATE", DISK),
        ("GROUP_STATE", GROUP),
        ("RESOURCE_STATE", DISK),
        ("GROUP_STATE", GROUP),
    ]
    check(events == expected, "node down: %r" % (events,))
    group = OpenClusterGroup(cluster, GROUP)
    check(group, "OpenClusterGroup(%r) failed: %d" % (GROUP, GetLastError()))
    state, owner = read_string(lambda b, n: GetClusterGroupState(group, b, n))
    check((state, owner) == (ClusterGroupOnline, "NODE2"), "group after failover: %r" % ((state, owner),))

    # spec/model.md, OfflineClusterResource: RESOURCE_STATE (OfflinePending), then
    # (Offline), each followed by GROUP_STATE when the aggregate changes.
    resource = OpenClusterResource(cluster, DISK)
    check(resource, "OpenClusterResource(%r) failed: %d" % (DISK, GetLastError()))
    events = watch(watcher, lambda: check_code(OfflineClusterResource(resource), "OfflineClusterResource"))
    expected = [("RESOURCE_STATE", DISK), ("GROUP_STATE", GROUP), ("RESOURCE_STATE", DISK), ("GROUP_STATE", GROUP)]
    check(events == expected, "offline: %r" % (events,))
    node_cch, group_cch = DWORD(0), DWORD(0)
    GetClusterResourceState(resource, None, byref(node_cch), None, byref(group_cch))
    node_buf = ctypes.create_unicode_buffer(node_cch.value + 1)
    group_buf = ctypes.create_unicode_buffer(group_cch.value + 1)
    node_cch.value, group_cch.value = len(node_buf), len(group_buf)
    state = GetClusterResourceState(resource, node_buf, byref(node_cch), group_buf, byref(group_cch))
    got = (state, node_buf.value, group_buf.value, group_cch.value)
    check(got == (ClusterResourceOffline, "NODE2", GROUP, len(GROUP)), "resource state: %r" % (got,))

    stats = CLUSIM_PORT_STATS()
    check_code(ClusimGetPortStats(port, byref(stats)), "ClusimGetPortStats")
    check((stats.Pushed, stats.Queued, stats.Dropped) == (12, 0, 0), "port stats %d/%d" % (stats.Pushed, stats.Queued))

    check(CloseClusterResource(resource) and CloseClusterGroup(group), "close")
    check(CloseClusterNotifyPort(port) and CloseCluster(cluster), "close")
    print("watcher: 12 events as documented, buffer grown %d times" % watcher.grown)


if __name__ == "__main__":
    main()
