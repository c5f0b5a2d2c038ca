/*
 * The 32-bit WCHAR flavour from C built the ordinary Linux way — no -fshort-wchar — so
 * WCHAR is wchar_t: L"..." literals, wcslen, wcscmp and wprintf("%ls") work on every
 * string the library takes and returns (clusapi.h, "WCHAR width"). It also drives the
 * simulator through clusim.h: the manual clock, a node failure, a cut connection, the
 * port's counters.
 *
 * Build:
 *   gcc -std=c11 -DCLUSIM_WCHAR32 -I crates/libclusapi/include wchar32.c \
 *       -L target/release -lclusapi_wchar32 -Wl,-rpath,"$PWD/target/release" -lpthread -ldl -lm
 */
#include <clusapi.h>
#include <clusim.h>

#include <locale.h>
#include <stdlib.h>
#include <wchar.h>

#define KEY 7
/* Outside ASCII and outside the BMP: 11 wchar_t, 12 UTF-16 units. */
#define GROUP_NAME L"Donn\u00e9es \U0001F600 1"

static int failures = 0;

static void expect(int ok, const wchar_t *what) {
    if (!ok) {
        wprintf(L"FAILED: %ls\n", what);
        failures++;
    }
}

/* GetClusterNotify with the documented negotiation: a size query, then a buffer of the
 * size reported plus the NUL. Returns the malloc'd name (NULL when no event). */
static wchar_t *next_event(HCHANGE port, DWORD *filter, DWORD *size_query) {
    DWORD_PTR key = 0;
    DWORD cch = 0;
    DWORD rc = GetClusterNotify(port, &key, filter, NULL, &cch, 0);
    if (rc == WAIT_TIMEOUT) return NULL;
    expect(rc == ERROR_MORE_DATA, L"a size query answers ERROR_MORE_DATA");
    *size_query = cch;
    wchar_t *name = (wchar_t *)malloc((cch + 1) * sizeof(wchar_t));
    DWORD cap = cch + 1;
    rc = GetClusterNotify(port, &key, filter, name, &cap, 0);
    expect(rc == ERROR_SUCCESS && key == KEY, L"the retry takes the event");
    expect(wcslen(name) == cap, L"*lpcchName is wcslen of the name");
    return name;
}

int main(void) {
    setlocale(LC_ALL, "");
    /* clusim.h: before the first ClusAPI call. */
    expect(ClusimUseManualClock() == ERROR_SUCCESS, L"ClusimUseManualClock before any call");

    HCLUSTER cluster = OpenCluster(NULL);
    expect(cluster != NULL, L"OpenCluster(NULL)");
    expect(ClusimUseManualClock() == ERROR_ALREADY_INITIALIZED, L"ClusimUseManualClock after: 1247");
    HCHANGE port = CreateClusterNotifyPort((HCHANGE)INVALID_HANDLE_VALUE, cluster,
                                           CLUSTER_CHANGE_GROUP_ADDED | CLUSTER_CHANGE_NODE_STATE |
                                               CLUSTER_CHANGE_CLUSTER_STATE | CLUSTER_CHANGE_CLUSTER_RECONNECT,
                                           KEY);
    expect(port != NULL, L"CreateClusterNotifyPort");

    /* A name in, the same name out, its length in wchar_t. */
    HGROUP group = CreateClusterGroup(cluster, GROUP_NAME);
    expect(group != NULL, L"CreateClusterGroup");
    DWORD filter = 0, queried = 0;
    wchar_t *name = next_event(port, &filter, &queried);
    expect(name != NULL && filter == CLUSTER_CHANGE_GROUP_ADDED, L"GROUP_ADDED");
    if (name != NULL) {
        expect(wcscmp(name, GROUP_NAME) == 0, L"the group's name comes back unchanged");
        wprintf(L"group added: %zu wchar_t (size query said %u)\n", wcslen(name), (unsigned)queried);
        free(name);
    }

    /* The object's own name, through the string convention. */
    WCHAR node[16];
    DWORD cch = sizeof node / sizeof node[0];
    expect(GetClusterGroupState(group, node, &cch) == ClusterGroupOffline, L"GetClusterGroupState");
    expect(wcscmp(node, L"NODE1") == 0 && cch == wcslen(L"NODE1"), L"owner NODE1");
    wprintf(L"owner: %ls\n", node);

    /* REG_SZ data is wchar_t too: sizeof a wide literal is its size in bytes. */
    HKEY root = GetClusterKey(cluster, 0);
    const wchar_t value[] = L"w\u00e9ird \U0001F30D";
    expect(ClusterRegSetValue(root, L"Greeting", REG_SZ, (const BYTE *)value, sizeof value) == ERROR_SUCCESS,
           L"ClusterRegSetValue REG_SZ");
    wchar_t back[32];
    DWORD type = 0, cb = sizeof back;
    expect(ClusterRegQueryValue(root, L"Greeting", &type, (BYTE *)back, &cb) == ERROR_SUCCESS, L"query");
    expect(type == REG_SZ && cb == sizeof value && wcscmp(back, value) == 0, L"the same REG_SZ back");
    wprintf(L"REG_SZ: %zu wchar_t in %u bytes\n", wcslen(back), (unsigned)cb);
    ClusterRegCloseKey(root);

    /* clusim.h: a node failure, seen by the watcher. */
    expect(ClusimNodeDown(NULL, L"NODE2") == ERROR_SUCCESS, L"ClusimNodeDown");
    name = next_event(port, &filter, &queried);
    expect(name != NULL && filter == CLUSTER_CHANGE_NODE_STATE && wcscmp(name, L"NODE2") == 0, L"NODE_STATE NODE2");
    if (name != NULL) {
        wprintf(L"node state: %ls\n", name);
        free(name);
    }
    expect(ClusimNodeDown(NULL, L"NODE9") == ERROR_CLUSTER_NODE_NOT_FOUND, L"unknown node: 5042");
    expect(ClusimNodeUp(NULL, L"NODE2") == ERROR_SUCCESS, L"ClusimNodeUp");
    free(next_event(port, &filter, &queried));

    /* clusim.h: the connection is cut and restored: CLUSTER_STATE, then CLUSTER_RECONNECT,
     * each with the cluster's name. */
    expect(ClusimCutConnection(NULL) == ERROR_SUCCESS, L"ClusimCutConnection");
    name = next_event(port, &filter, &queried);
    expect(name != NULL && filter == CLUSTER_CHANGE_CLUSTER_STATE && wcscmp(name, L"CLUSTER") == 0,
           L"CLUSTER_STATE CLUSTER");
    free(name);
    expect(ClusimRestoreConnection(L"") == ERROR_SUCCESS, L"ClusimRestoreConnection");
    name = next_event(port, &filter, &queried);
    expect(name != NULL && filter == CLUSTER_CHANGE_CLUSTER_RECONNECT, L"CLUSTER_RECONNECT");
    if (name != NULL) {
        wprintf(L"connection cut and restored: %ls\n", name);
        free(name);
    }

    /* clusim.h: the manual clock moves only when told; the port is empty again. */
    expect(ClusimAdvanceClock(500) == ERROR_SUCCESS, L"ClusimAdvanceClock");
    CLUSIM_PORT_STATS stats;
    expect(ClusimGetPortStats(port, &stats) == ERROR_SUCCESS && stats.Queued == 0 && stats.Pushed == 5,
           L"port stats: 5 pushed, none queued");
    wprintf(L"port stats: pushed %llu, queued %llu\n", (unsigned long long)stats.Pushed,
            (unsigned long long)stats.Queued);

    CloseClusterGroup(group);
    CloseClusterNotifyPort(port);
    CloseCluster(cluster);
    if (failures == 0) {
        wprintf(L"wchar32: all checks passed\n");
    } else {
        wprintf(L"wchar32: %d checks failed\n", failures);
    }
    return failures == 0 ? 0 : 1;
}
