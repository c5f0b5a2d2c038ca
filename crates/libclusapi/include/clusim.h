/*
 * clusim.h — the simulator's own controls, beside clusapi.h (libclusapi / libclusapi_wchar32).
 *
 * Not ClusAPI: a program built for a real cluster does not call these. They let tests in
 * C, C++, Python (ctypes), Java (JNA) … drive the simulator the Rust API drives with
 * Sim::builder(), sim.clock() and sim.faults(): choose a topology, run on a manual
 * clock, take nodes down, cut the connection, read a port's counters.
 *
 * Strings follow clusapi.h's width rule: LPCWSTR is 16-bit WCHAR with libclusapi and
 * the platform's wchar_t with libclusapi_wchar32 (define CLUSIM_WCHAR32; see clusapi.h).
 * Every function returns a Win32 code (ERROR_SUCCESS = 0) and leaves GetLastError()
 * alone. spec/c-abi.md, "Simulator controls" (CABI-SIM-*), lists every answer.
 *
 * STARTUP. The simulator is built by the first ClusAPI call of the process (OpenCluster,
 * usually). Before that, a program may choose:
 *   ClusimSetTopologyFile(L"my.toml")  every cluster starts from this file (spec/topology.md)
 *   ClusimUseManualClock()             time moves only by ClusimAdvanceClock
 * After it, both answer ERROR_ALREADY_INITIALIZED (1247) and change nothing.
 *
 * ENVIRONMENT, for programs that cannot call these functions; read once, when the
 * simulator is built; what the program chose with the functions above wins:
 *   CLUSIM_TOPOLOGY=path     as ClusimSetTopologyFile(path)
 *   CLUSIM_CLOCK=manual      as ClusimUseManualClock(); CLUSIM_CLOCK=auto (or real, or
 *                            empty): wall-clock time, the default
 * A value the library refuses (an unknown clock, a topology file that cannot be read or
 * is invalid) never panics and is never ignored: the reason goes to stderr
 * ("libclusapi: CLUSIM_CLOCK=\"x\": expected \"manual\" or \"auto\""), and OpenCluster /
 * OpenClusterEx return NULL with GetLastError() == ERROR_BAD_ENVIRONMENT (10), and the
 * Clusim* functions that act on the running simulator (clock, faults, port counters)
 * return ERROR_BAD_ENVIRONMENT.
 *
 * RESOURCE BEHAVIOUR (spec/model.md MODEL-ASYNC, MODEL-SCRIPT; spec/c-abi.md
 * CABI-SIM-LIFE). As on a real cluster, OnlineClusterResource, OfflineClusterResource,
 * OnlineClusterGroup, OfflineClusterGroup and MoveClusterGroup return ERROR_IO_PENDING
 * (997) while the transition goes on: the object sits in its pending state and the
 * RESOURCE_STATE / GROUP_STATE notifications arrive as (simulated) time passes. On the
 * library's wall clock the default durations are short (tens of milliseconds). Write the
 * code as for Windows: accept 997, then wait for the state notification.
 *
 * ENVIRONMENT, read once when the simulator is built:
 *   CLUSIM_TRANSITIONS=instant   every transition completes inside its call (never 997)
 *                                and failure policies are off; =async (or unset): the
 *                                default
 */
#ifndef CLUSIM_CLUSIM_H
#define CLUSIM_CLUSIM_H

#include "clusapi.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef ERROR_BAD_ENVIRONMENT
#define ERROR_BAD_ENVIRONMENT 10L
#endif
#ifndef ERROR_ALREADY_INITIALIZED
#define ERROR_ALREADY_INITIALIZED 1247L
#endif

/* ----- startup: before the first ClusAPI call ---------------------------------------- */

/* Every cluster the simulator creates starts from this topology file. ERROR_INVALID_PARAMETER
 * (NULL), ERROR_FILE_NOT_FOUND (cannot be read), ERROR_INVALID_DATA (refused; the reason on
 * stderr), ERROR_ALREADY_INITIALIZED. */
DWORD WINAPI ClusimSetTopologyFile(LPCWSTR lpszPath);

/* The simulator runs on a manual clock: a GetClusterNotify with a timeout waits until the
 * program advances the clock past it. ERROR_ALREADY_INITIALIZED. */
DWORD WINAPI ClusimUseManualClock(void);

/* ----- the manual clock ---------------------------------------------------------------- */

/* Advances the manual clock and wakes the waits it ends. ERROR_INVALID_FUNCTION on the
 * wall clock. */
DWORD WINAPI ClusimAdvanceClock(DWORD dwMilliseconds);

/* Blocks (in real time, at most dwTimeoutMs) until at least dwCount threads wait with a
 * timeout on the manual clock: the deterministic moment to advance it. ERROR_SUCCESS or
 * WAIT_TIMEOUT; ERROR_INVALID_FUNCTION on the wall clock. */
DWORD WINAPI ClusimWaitForTimedWaiters(DWORD dwCount, DWORD dwTimeoutMs);

/* ----- faults (spec/faults.md); lpszCluster NULL or L"" is the local cluster ------------- */

/* The node stops: NODE_STATE, its interfaces Unavailable, its groups fail over (their online
 * resources go Offline, the owner changes, they come online on the next node).
 * ERROR_INVALID_PARAMETER (NULL node), ERROR_CLUSTER_NODE_NOT_FOUND. */
DWORD WINAPI ClusimNodeDown(LPCWSTR lpszCluster, LPCWSTR lpszNode);

/* The node comes back (NODE_STATE, interfaces Up); no failback. Codes as ClusimNodeDown. */
DWORD WINAPI ClusimNodeUp(LPCWSTR lpszCluster, LPCWSTR lpszNode);

/* The connection to the cluster is cut: CLUSTER_CHANGE_CLUSTER_STATE (the cluster name) to
 * every registration that asked for it. */
DWORD WINAPI ClusimCutConnection(LPCWSTR lpszCluster);

/* The connection is back: CLUSTER_CHANGE_CLUSTER_RECONNECT (the cluster name) to every
 * registration that asked for it. */
DWORD WINAPI ClusimRestoreConnection(LPCWSTR lpszCluster);

/* ----- resource behaviour; lpszCluster NULL or L"" is the local cluster ----------------- */

#define CLUSIM_ONLINE_NORMAL 0 /* comes online after its online duration */
#define CLUSIM_ONLINE_FAIL 1   /* OnlinePending, then Failed; the restart policy runs */
#define CLUSIM_ONLINE_HANG 2   /* stays OnlinePending until its PendingTimeout fails it */

/* TRUE: every online/offline/move completes inside its call, failure policies off, for
 * every cluster. FALSE: asynchronous (the default). */
DWORD WINAPI ClusimSetInstantTransitions(BOOL bInstant);

/* What the resource does on every online from now on. ERROR_INVALID_PARAMETER (NULL name,
 * unknown behaviour), ERROR_RESOURCE_NOT_FOUND. */
DWORD WINAPI ClusimSetResourceBehaviour(LPCWSTR lpszCluster, LPCWSTR lpszResource, DWORD dwBehaviour);

/* The same for every resource of a type (without its own setting).
 * ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND. */
DWORD WINAPI ClusimSetResourceTypeBehaviour(LPCWSTR lpszCluster, LPCWSTR lpszType, DWORD dwBehaviour);

/* The resource fails its IsAlive check dwAfterMs of simulated time from now (if it is
 * online then); its restart and failover policy runs. ERROR_RESOURCE_NOT_FOUND. */
DWORD WINAPI ClusimScheduleIsAliveFailure(LPCWSTR lpszCluster, LPCWSTR lpszResource, DWORD dwAfterMs);

/* Online and offline durations, in milliseconds, of one resource / of every resource of a
 * type. */
DWORD WINAPI ClusimSetResourceDurations(LPCWSTR lpszCluster, LPCWSTR lpszResource, DWORD dwOnlineMs,
                                        DWORD dwOfflineMs);
DWORD WINAPI ClusimSetResourceTypeDurations(LPCWSTR lpszCluster, LPCWSTR lpszType, DWORD dwOnlineMs,
                                            DWORD dwOfflineMs);

/* ----- port counters ------------------------------------------------------------------- */

typedef struct CLUSIM_PORT_STATS {
    uint64_t Pushed;        /* indications accepted into the queue so far */
    uint64_t Dropped;       /* indications dropped because the queue was full */
    uint64_t Queued;        /* indications queued now */
    uint64_t ReservedBytes; /* bytes the queue reserves for indications */
    DWORD Waiters;          /* threads blocked in GetClusterNotify on the port now */
    DWORD Reserved;         /* 0 */
} CLUSIM_PORT_STATS;

/* The counters of a V1 notification port. ERROR_INVALID_HANDLE (not an open port),
 * ERROR_INVALID_PARAMETER (NULL pStats). */
DWORD WINAPI ClusimGetPortStats(HCHANGE hChange, CLUSIM_PORT_STATS *pStats);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CLUSIM_CLUSIM_H */
