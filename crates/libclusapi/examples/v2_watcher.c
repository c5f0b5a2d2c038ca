// The V2 watcher loop as Microsoft documents the V2 API: CreateClusterNotifyPortV2 with
// an array of NOTIFY_FILTER_AND_TYPE sharing one key, GetNotifyEventHandle, then
// WaitForSingleObject on the event and, once it is signalled, GetClusterNotifyV2 with a
// zero time-out until WAIT_TIMEOUT, growing the buffers on ERROR_MORE_DATA (the event
// stays queued for the retry). A second thread creates a group with one resource, brings
// it online, moves it to another node, takes it offline and deletes it; it reads the group's and the
// destination node's ids (CLUSCTL_*_GET_ID) so the watcher can check the ObjectId and
// the OWNER_NODE payload against them.
//
// Build with the README's gcc line ("C and C++"; tests/c_examples.rs runs it, also
// under valgrind).
#include <windows.h>
#include <clusapi.h>
#include <clusim.h>

#include <pthread.h>

#define WATCH_KEY 42
#define INITIAL_CCH 2   /* deliberately small: the first event needs the ERROR_MORE_DATA retry */
#define INITIAL_BYTES 1 /* likewise for the payload */
#define ID_CCH 64

static HCLUSTER hCluster;
static WCHAR szGroupId[ID_CCH];
static WCHAR szNodeId[ID_CCH];

static void fail(const char *what, DWORD dwError) {
    wprintf(L"%hs failed: %lu\n", what, dwError);
    exit(1);
}

// CLUSCTL_*_GET_ID into a fixed buffer (ids are GUID strings).
static void read_group_id(HGROUP hGroup, WCHAR *out) {
    DWORD cb = 0;
    DWORD dwError = ClusterGroupControl(hGroup, NULL, CLUSCTL_GROUP_GET_ID, NULL, 0, out, ID_CCH * sizeof(WCHAR), &cb);
    if (dwError != ERROR_SUCCESS) fail("ClusterGroupControl(GET_ID)", dwError);
}

static void read_node_id(HNODE hNode, WCHAR *out) {
    DWORD cb = 0;
    DWORD dwError = ClusterNodeControl(hNode, NULL, CLUSCTL_NODE_GET_ID, NULL, 0, out, ID_CCH * sizeof(WCHAR), &cb);
    if (dwError != ERROR_SUCCESS) fail("ClusterNodeControl(GET_ID)", dwError);
}

static void *change_the_cluster(void *unused) {
    (void)unused;
    HGROUP hGroup = CreateClusterGroup(hCluster, L"V2 Group");
    if (hGroup == NULL) fail("CreateClusterGroup", GetLastError());
    read_group_id(hGroup, szGroupId);
    // A group's state follows its resources: give it one.
    HRESOURCE hResource = CreateClusterResource(hGroup, L"V2 Disk", L"Physical Disk", 0);
    if (hResource == NULL) fail("CreateClusterResource", GetLastError());
    DWORD dwError = OnlineClusterGroup(hGroup, NULL);
    if (dwError != ERROR_SUCCESS) fail("OnlineClusterGroup", dwError);

    WCHAR szOwner[64];
    DWORD cchOwner = 64;
    if (GetClusterGroupState(hGroup, szOwner, &cchOwner) == ClusterGroupStateUnknown) {
        fail("GetClusterGroupState", GetLastError());
    }
    // NODE1 unless the group is there already.
    LPCWSTR lpszTarget = (szOwner[4] == L'1' && szOwner[5] == 0) ? L"NODE2" : L"NODE1";
    HNODE hNode = OpenClusterNode(hCluster, lpszTarget);
    if (hNode == NULL) fail("OpenClusterNode", GetLastError());
    read_node_id(hNode, szNodeId);
    dwError = MoveClusterGroup(hGroup, hNode);
    if (dwError != ERROR_SUCCESS) fail("MoveClusterGroup", dwError);
    CloseClusterNode(hNode);

    dwError = OfflineClusterGroup(hGroup);
    if (dwError != ERROR_SUCCESS) fail("OfflineClusterGroup", dwError);
    dwError = DeleteClusterResource(hResource);
    if (dwError != ERROR_SUCCESS) fail("DeleteClusterResource", dwError);
    CloseClusterResource(hResource);
    dwError = DeleteClusterGroup(hGroup);
    if (dwError != ERROR_SUCCESS) fail("DeleteClusterGroup", dwError);
    CloseClusterGroup(hGroup);
    return NULL;
}

static const char *object_type_name(DWORD dwType) {
    switch (dwType) {
    case CLUSTER_OBJECT_TYPE_CLUSTER: return "CLUSTER";
    case CLUSTER_OBJECT_TYPE_GROUP: return "GROUP";
    default: return "OTHER";
    }
}

static const char *flag_name(DWORD dwType, LONGLONG flag) {
    if (dwType == CLUSTER_OBJECT_TYPE_CLUSTER && flag == CLUSTER_CHANGE_CLUSTER_GROUP_ADDED_V2) return "GROUP_ADDED";
    if (dwType != CLUSTER_OBJECT_TYPE_GROUP) return "?";
    switch (flag) {
    case CLUSTER_CHANGE_GROUP_STATE_V2: return "STATE";
    case CLUSTER_CHANGE_GROUP_OWNER_NODE_V2: return "OWNER_NODE";
    case CLUSTER_CHANGE_GROUP_DELETED_V2: return "DELETED";
    default: return "?";
    }
}

static int wide_equal(const WCHAR *a, const WCHAR *b) {
    while (*a != 0 && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

// The growable outputs of GetClusterNotifyV2.
typedef struct {
    BYTE *buffer;
    DWORD cbBuffer;
    LPWSTR strings[4]; /* ObjectId, ParentId, Name, Type */
    DWORD cch[4];
} OUTPUTS;

static void grow(void **p, DWORD bytes) {
    LocalFree(*p);
    *p = LocalAlloc(LPTR, bytes);
    if (*p == NULL) fail("LocalAlloc", GetLastError());
}

int main(void) {
    /* The simulator's instant switch keeps the expected sequence short: every online,
     * offline and move completes inside its call. On a real cluster (and on clusim by
     * default) they return ERROR_IO_PENDING and the states arrive later; online_pending.c
     * shows that pattern. */
    ClusimSetInstantTransitions(TRUE);
    hCluster = OpenCluster(L"v2-watcher");
    if (hCluster == NULL) fail("OpenCluster", GetLastError());

    NOTIFY_FILTER_AND_TYPE filters[2] = {
        {CLUSTER_OBJECT_TYPE_CLUSTER, CLUSTER_CHANGE_CLUSTER_GROUP_ADDED_V2},
        {CLUSTER_OBJECT_TYPE_GROUP,
         CLUSTER_CHANGE_GROUP_STATE_V2 | CLUSTER_CHANGE_GROUP_OWNER_NODE_V2 | CLUSTER_CHANGE_GROUP_DELETED_V2},
    };
    HCHANGE hChange = CreateClusterNotifyPortV2((HCHANGE)INVALID_HANDLE_VALUE, hCluster, filters, 2, WATCH_KEY);
    if (hChange == NULL) fail("CreateClusterNotifyPortV2", GetLastError());
    HANDLE hEvent = NULL;
    DWORD dwError = GetNotifyEventHandle(hChange, &hEvent);
    if (dwError != ERROR_SUCCESS) fail("GetNotifyEventHandle", dwError);
    if (WaitForSingleObject(hEvent, 0) != WAIT_TIMEOUT) fail("WaitForSingleObject (empty port)", GetLastError());

    pthread_t changer;
    if (pthread_create(&changer, NULL, change_the_cluster, NULL) != 0) fail("pthread_create", 0);

    OUTPUTS o = {NULL, INITIAL_BYTES, {NULL, NULL, NULL, NULL}, {INITIAL_CCH, INITIAL_CCH, INITIAL_CCH, INITIAL_CCH}};
    grow((void **)&o.buffer, o.cbBuffer);
    for (int i = 0; i < 4; i++) grow((void **)&o.strings[i], o.cch[i] * sizeof(WCHAR));

    WCHAR szAddedId[ID_CCH] = {0};
    WCHAR szOwnerPayload[ID_CCH] = {0};
    int deleted = 0, events = 0, retries = 0, waits = 0;
    while (!deleted && waits < 50) {
        dwError = WaitForSingleObject(hEvent, 5000);
        waits++;
        if (dwError == WAIT_TIMEOUT) continue;
        if (dwError != WAIT_OBJECT_0) fail("WaitForSingleObject", GetLastError());
        for (;;) { /* drain */
            DWORD_PTR key = 0;
            NOTIFY_FILTER_AND_TYPE ft = {0, 0};
            DWORD cb = o.cbBuffer, cch[4] = {o.cch[0], o.cch[1], o.cch[2], o.cch[3]};
            dwError = GetClusterNotifyV2(hChange, &key, &ft, o.buffer, &cb, o.strings[0], &cch[0], o.strings[1],
                                         &cch[1], o.strings[2], &cch[2], o.strings[3], &cch[3], 0);
            if (dwError == WAIT_TIMEOUT) break;
            if (dwError == ERROR_MORE_DATA) {
                // Every size is written back; the event is still queued.
                if (cb > o.cbBuffer) grow((void **)&o.buffer, o.cbBuffer = cb);
                for (int i = 0; i < 4; i++) {
                    if (cch[i] + 1 > o.cch[i]) grow((void **)&o.strings[i], (o.cch[i] = cch[i] + 1) * sizeof(WCHAR));
                }
                retries++;
                continue;
            }
            if (dwError != ERROR_SUCCESS) fail("GetClusterNotifyV2", dwError);
            events++;
            const char *flag = flag_name(ft.dwObjectType, ft.FilterFlags);
            wprintf(L"key %lu %hs %hs name=%s bytes=%lu", (DWORD)key, object_type_name(ft.dwObjectType), flag,
                    o.strings[2], cb);
            // The payload as the ApiGetNotifyV2 table lays it out: a DWORD (group type,
            // state), an id (UTF-16, NUL-terminated), or nothing.
            if (ft.FilterFlags == CLUSTER_CHANGE_GROUP_OWNER_NODE_V2) {
                wprintf(L" id=%s", (LPCWSTR)o.buffer);
            } else if (cb == sizeof(DWORD)) {
                DWORD dw;
                memcpy(&dw, o.buffer, sizeof dw);
                wprintf(L" dword=%lu", dw);
            }
            wprintf(L"\n");
            if (ft.dwObjectType == CLUSTER_OBJECT_TYPE_CLUSTER) {
                memcpy(szAddedId, o.strings[0], (cch[0] + 1) * sizeof(WCHAR));
            } else if (ft.FilterFlags == CLUSTER_CHANGE_GROUP_OWNER_NODE_V2 && cb <= sizeof szOwnerPayload) {
                memcpy(szOwnerPayload, o.buffer, cb);
            } else if (ft.FilterFlags == CLUSTER_CHANGE_GROUP_DELETED_V2) {
                deleted = 1;
            }
        }
    }
    pthread_join(changer, NULL);
    if (WaitForSingleObject(hEvent, 0) != WAIT_TIMEOUT) fail("WaitForSingleObject (drained port)", GetLastError());

    int idsMatch = wide_equal(szAddedId, szGroupId);
    int ownerMatches = wide_equal(szOwnerPayload, szNodeId);
    wprintf(L"%d events, %d ERROR_MORE_DATA retries, group id %hs, owner node id %hs\n", events, retries,
            idsMatch ? "matches" : "differs", ownerMatches ? "matches" : "differs");

    LocalFree(o.buffer);
    for (int i = 0; i < 4; i++) LocalFree(o.strings[i]);
    CloseClusterNotifyPort(hChange);
    // The event belonged to the port: it is gone with it.
    if (WaitForSingleObject(hEvent, 0) != WAIT_FAILED || GetLastError() != ERROR_INVALID_HANDLE) {
        fail("WaitForSingleObject (closed port)", GetLastError());
    }
    CloseCluster(hCluster);
    return deleted && idsMatch && ownerMatches ? 0 : 2;
}
