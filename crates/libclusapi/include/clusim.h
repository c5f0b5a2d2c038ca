/*
 * clusim.h — the simulator's own controls, beside clusapi.h (libclusapi).
 *
 * Not ClusAPI: a program built for a real cluster does not call these. Every function
 * returns a Win32 code (ERROR_SUCCESS = 0) and leaves GetLastError() alone.
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
#ifndef CLUSIM_CLUSIM_LIFE_H
#define CLUSIM_CLUSIM_LIFE_H

#include "clusapi.h"

#ifdef __cplusplus
extern "C" {
#endif

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

#ifdef __cplusplus
}
#endif

#endif /* CLUSIM_CLUSIM_LIFE_H */
