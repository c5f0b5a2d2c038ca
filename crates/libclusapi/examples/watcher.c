/*
 * The documented watcher ("Creating a Notification Port", "Retrieving Events from a
 * Notification Port"): resource events under one key, cluster-database events under
 * another, a GetClusterNotify loop with a 500 ms time-out. On RESOURCE_ADDED it opens
 * the resource by name, asks ClusterResourceControl for its type, and reports it when
 * it is "Physical Disk". A second thread creates resources of several types.
 *
 * Build (C11, L"..." literals need -fshort-wchar):
 *   gcc -std=c11 -fshort-wchar -I crates/libclusapi/include watcher.c \
 *       target/release/libclusapi.a -lpthread -ldl -lm   (README, "C and C++": or -lclusapi with -Wl,-rpath)
 */
#include <clusapi.h>
#include <clusim.h> /* the simulator's controls: here, the port's counters */

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RESOURCE_EVENTS 1
#define DATABASE_EVENTS 2
#define RESOURCES_CREATED 6

static const struct {
    const WCHAR *name;
    const WCHAR *type;
} to_create[RESOURCES_CREATED] = {
    {L"Disk A", L"Physical Disk"}, {L"Address A", L"IP Address"},      {L"Disk B", L"Physical Disk"},
    {L"App A", L"Generic Application"}, {L"Name A", L"Network Name"}, {L"Disk C", L"Physical Disk"},
};

/* ASCII view of a WCHAR string, for printing. */
static void narrow(const WCHAR *w, char *out, size_t cap) {
    size_t i = 0;
    for (; w[i] != 0 && i + 1 < cap; i++) {
        out[i] = w[i] < 128 ? (char)w[i] : '?';
    }
    out[i] = 0;
}

static int wide_equal(const WCHAR *a, const WCHAR *b) {
    while (*a != 0 && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static void die(const char *what, DWORD code) {
    fprintf(stderr, "watcher: %s failed: %lu\n", what, (unsigned long)code);
    exit(1);
}

static void *create_resources(void *unused) {
    (void)unused;
    HCLUSTER cluster = OpenCluster(NULL);
    if (cluster == NULL) die("OpenCluster (creator)", GetLastError());
    HGROUP group = OpenClusterGroup(cluster, L"Available Storage");
    if (group == NULL) die("OpenClusterGroup", GetLastError());
    for (int i = 0; i < RESOURCES_CREATED; i++) {
        HRESOURCE r = CreateClusterResource(group, to_create[i].name, to_create[i].type, 0);
        if (r == NULL) die("CreateClusterResource", GetLastError());
        CloseClusterResource(r);
    }
    CloseClusterGroup(group);
    CloseCluster(cluster);
    return NULL;
}

/* ClusterResourceControl(CLUSCTL_RESOURCE_GET_RESOURCE_TYPE) with the documented size
 * negotiation: ask with no buffer, allocate what it says, ask again. */
static WCHAR *resource_type(HRESOURCE resource) {
    DWORD needed = 0;
    DWORD rc = ClusterResourceControl(resource, NULL, CLUSCTL_RESOURCE_GET_RESOURCE_TYPE, NULL, 0, NULL, 0,
                                      &needed);
    if (rc != ERROR_MORE_DATA) die("ClusterResourceControl (size)", rc);
    WCHAR *type = (WCHAR *)malloc(needed);
    if (type == NULL) die("malloc", 0);
    DWORD returned = 0;
    rc = ClusterResourceControl(resource, NULL, CLUSCTL_RESOURCE_GET_RESOURCE_TYPE, NULL, 0, type, needed,
                                &returned);
    if (rc != ERROR_SUCCESS || returned != needed) die("ClusterResourceControl", rc);
    return type;
}

int main(void) {
    HCLUSTER cluster = OpenCluster(NULL);
    if (cluster == NULL) die("OpenCluster", GetLastError());

    HCHANGE port = CreateClusterNotifyPort((HCHANGE)INVALID_HANDLE_VALUE, cluster,
                                           CLUSTER_CHANGE_RESOURCE_ADDED | CLUSTER_CHANGE_RESOURCE_DELETED |
                                               CLUSTER_CHANGE_RESOURCE_PROPERTY | CLUSTER_CHANGE_RESOURCE_STATE,
                                           RESOURCE_EVENTS);
    if (port == NULL) die("CreateClusterNotifyPort", GetLastError());
    if (CreateClusterNotifyPort(port, cluster,
                                CLUSTER_CHANGE_REGISTRY_NAME | CLUSTER_CHANGE_REGISTRY_ATTRIBUTES |
                                    CLUSTER_CHANGE_REGISTRY_VALUE | CLUSTER_CHANGE_REGISTRY_SUBTREE,
                                DATABASE_EVENTS) != port) {
        die("CreateClusterNotifyPort (add)", GetLastError());
    }

    pthread_t creator;
    if (pthread_create(&creator, NULL, create_resources, NULL) != 0) die("pthread_create", 0);

    DWORD capacity = 8; /* deliberately small: the loop grows it on ERROR_MORE_DATA */
    WCHAR *name = (WCHAR *)malloc(capacity * sizeof(WCHAR));
    int added = 0, disks = 0, database_events = 0, timeouts = 0, grown = 0;
    while (timeouts < 20) {
        DWORD_PTR key = 0;
        DWORD filter = 0;
        DWORD cch = capacity;
        DWORD rc = GetClusterNotify(port, &key, &filter, name, &cch, 500);
        if (rc == WAIT_TIMEOUT) {
            if (added == RESOURCES_CREATED) break; /* everything seen and drained */
            timeouts++;
            continue;
        }
        if (rc == ERROR_MORE_DATA) {
            capacity = cch + 1;
            name = (WCHAR *)realloc(name, capacity * sizeof(WCHAR));
            if (name == NULL) die("realloc", 0);
            grown++;
            continue;
        }
        if (rc != ERROR_SUCCESS) die("GetClusterNotify", rc);
        if (key == DATABASE_EVENTS) {
            database_events++;
            continue;
        }
        if (key == RESOURCE_EVENTS && filter == CLUSTER_CHANGE_RESOURCE_ADDED) {
            added++;
            HRESOURCE resource = OpenClusterResource(cluster, name);
            if (resource == NULL) die("OpenClusterResource", GetLastError());
            WCHAR *type = resource_type(resource);
            if (wide_equal(type, L"Physical Disk")) {
                char text[256];
                narrow(name, text, sizeof text);
                printf("physical disk: %s\n", text);
                disks++;
            }
            free(type);
            CloseClusterResource(resource);
        }
    }
    pthread_join(creator, NULL);
    printf("resources added: %d, physical disks: %d, database events: %d, buffer grown: %d\n", added, disks,
           database_events, grown);

    /* clusim.h: every event was taken, so nothing is left queued and nobody waits. */
    CLUSIM_PORT_STATS stats;
    DWORD rs = ClusimGetPortStats(port, &stats);
    if (rs != ERROR_SUCCESS) die("ClusimGetPortStats", rs);
    printf("port stats: pushed %llu, queued %llu, waiters %lu\n", (unsigned long long)stats.Pushed,
           (unsigned long long)stats.Queued, (unsigned long)stats.Waiters);

    free(name);
    if (!CloseClusterNotifyPort(port)) die("CloseClusterNotifyPort", GetLastError());
    if (!CloseCluster(cluster)) die("CloseCluster", GetLastError());
    return added == RESOURCES_CREATED && disks == 3 && database_events > 0 && stats.Queued == 0 ? 0 : 2;
}
