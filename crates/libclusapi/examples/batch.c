/*
 * Batch notifications, as the ClusterRegGetBatchNotification page describes them: a batch
 * notification port on a key, batches committed below it, a reader that gets the
 * notification (blocking), reads every command with ClusterRegBatchReadCommand until
 * ERROR_NO_MORE_ITEMS and closes it.
 *
 * The first batch is the [MS-CMRP] ApiGetBatchNotification example — delete, set
 * "hello world", set "hello universe", delete — whose notification reads
 * DELETE_VALUE; SET_VALUE; VALUE_DELETED; SET_VALUE; VALUE_DELETED; DELETE_VALUE.
 * Then two batches are committed before one get, which returns both (coalesced).
 * Every record is printed and checked; the exit code is 0 only when all match.
 *
 * Build (C11, L"..." literals need -fshort-wchar):
 *   gcc -std=c11 -fshort-wchar -I crates/libclusapi/include batch.c \
 *       target/release/libclusapi.a -lpthread -ldl -lm   (README, "C and C++": or -lclusapi with -Wl,-rpath)
 */
#include <clusapi.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct expected {
    CLUSTER_REG_COMMAND command;
    const char *name;
    DWORD type;      /* dwOptions of a value record */
    const char *sz;  /* REG_SZ data as ASCII, NULL: no data */
    DWORD dword;     /* REG_DWORD data */
};

static const struct expected cmrp[] = {
    {CLUSREG_DELETE_VALUE, "NotifyTest", REG_NONE, NULL, 0},
    {CLUSREG_SET_VALUE, "NotifyTest", REG_SZ, "hello world", 0},
    {CLUSREG_VALUE_DELETED, "NotifyTest", REG_SZ, "hello world", 0},
    {CLUSREG_SET_VALUE, "NotifyTest", REG_SZ, "hello universe", 0},
    {CLUSREG_VALUE_DELETED, "NotifyTest", REG_SZ, "hello universe", 0},
    {CLUSREG_DELETE_VALUE, "NotifyTest", REG_SZ, "hello universe", 0},
};

static const struct expected coalesced[] = {
    {CLUSREG_CREATE_KEY, "Peers", 0, NULL, 0},
    {CLUSREG_SET_VALUE, "Primary", REG_SZ, "NODE1", 0},
    {CLUSREG_CREATE_KEY, "", 0, NULL, 0}, /* back to the port's key for the next batch */
    {CLUSREG_SET_VALUE, "Mode", REG_DWORD, NULL, 2},
};

static void die(const char *what, long code) {
    fprintf(stderr, "batch: %s failed: %ld\n", what, code);
    exit(1);
}

static const char *command_name(CLUSTER_REG_COMMAND c) {
    switch (c) {
    case CLUSREG_SET_VALUE: return "CLUSREG_SET_VALUE";
    case CLUSREG_CREATE_KEY: return "CLUSREG_CREATE_KEY";
    case CLUSREG_DELETE_KEY: return "CLUSREG_DELETE_KEY";
    case CLUSREG_DELETE_VALUE: return "CLUSREG_DELETE_VALUE";
    case CLUSREG_VALUE_DELETED: return "CLUSREG_VALUE_DELETED";
    default: return "CLUSREG_?";
    }
}

/* ASCII view of a WCHAR string of at most cch characters (stops at a NUL). */
static void narrow(const WCHAR *w, size_t cch, char *out, size_t cap) {
    size_t i = 0;
    for (; i < cch && w[i] != 0 && i + 1 < cap; i++) {
        out[i] = w[i] < 128 ? (char)w[i] : '?';
    }
    out[i] = 0;
}

static void add(HREGBATCH batch, CLUSTER_REG_COMMAND command, const WCHAR *name, DWORD type, const void *data,
                DWORD size) {
    LONG rc = ClusterRegBatchAddCommand(batch, command, name, type, data, size);
    if (rc != ERROR_SUCCESS) die("ClusterRegBatchAddCommand", rc);
}

static void commit(HREGBATCH batch) {
    INT failed = 0;
    LONG rc = ClusterRegCloseBatch(batch, TRUE, &failed);
    if (rc != ERROR_SUCCESS) {
        fprintf(stderr, "batch: command %d failed\n", failed);
        die("ClusterRegCloseBatch", rc);
    }
}

/* Reads every record of a notification, prints it and compares it with `want`.
 * Returns the number of records read, or -1 on a mismatch. The pointers of every record
 * read stay valid until the close, which the last check relies on. */
static int read_and_check(HREGBATCHNOTIFICATION n, const struct expected *want, int count) {
    CLUSTER_BATCH_COMMAND first;
    int read = 0, ok = 1;
    for (;;) {
        CLUSTER_BATCH_COMMAND c;
        LONG rc = ClusterRegBatchReadCommand(n, &c);
        if (rc == ERROR_NO_MORE_ITEMS) break;
        if (rc != ERROR_SUCCESS) die("ClusterRegBatchReadCommand", rc);
        if (read == 0) first = c;
        char name[128], text[128] = "";
        narrow(c.wzName, 127, name, sizeof name);
        const char *shown = name[0] != 0 ? name : "\"\""; /* "" names the port's key */
        if (c.Command != CLUSREG_CREATE_KEY && c.Command != CLUSREG_DELETE_KEY && c.dwOptions == REG_SZ) {
            narrow((const WCHAR *)(const void *)c.lpData, c.cbData / 2, text, sizeof text);
            printf("record %d: %-21s %-10s REG_SZ \"%s\"\n", read + 1, command_name(c.Command), shown, text);
        } else if (c.dwOptions == REG_DWORD && c.cbData == 4) {
            DWORD v;
            memcpy(&v, c.lpData, 4);
            printf("record %d: %-21s %-10s REG_DWORD %lu\n", read + 1, command_name(c.Command), shown,
                   (unsigned long)v);
        } else {
            printf("record %d: %-21s %-10s (%lu bytes)\n", read + 1, command_name(c.Command), shown,
                   (unsigned long)c.cbData);
        }
        if (read >= count) {
            ok = 0;
        } else {
            const struct expected *e = &want[read];
            int match = c.Command == e->command && strcmp(name, e->name) == 0;
            if (c.Command != CLUSREG_CREATE_KEY && c.Command != CLUSREG_DELETE_KEY) {
                match = match && c.dwOptions == e->type;
                if (e->sz != NULL) {
                    match = match && c.cbData == 2 * (strlen(e->sz) + 1) && strcmp(text, e->sz) == 0;
                } else if (e->type == REG_DWORD) {
                    DWORD v = 0;
                    if (c.cbData == 4) memcpy(&v, c.lpData, 4);
                    match = match && c.cbData == 4 && v == e->dword;
                } else {
                    match = match && c.cbData == 0 && c.lpData == NULL;
                }
            }
            if (!match) {
                fprintf(stderr, "batch: record %d is not %s %s\n", read + 1, command_name(e->command), e->name);
                ok = 0;
            }
        }
        read++;
    }
    if (read > 0) {
        /* Reading past the end left the first record's name where it was. */
        char name[128];
        narrow(first.wzName, 127, name, sizeof name);
        if (strcmp(name, want[0].name) != 0) ok = 0;
    }
    return ok && read == count ? read : -1;
}

struct reader {
    HREGBATCHPORT port;
    HREGBATCHNOTIFICATION notification;
    LONG rc;
};

/* ClusterRegGetBatchNotification has no time-out: it waits for the next commit. */
static void *get_notification(void *arg) {
    struct reader *r = (struct reader *)arg;
    r->rc = ClusterRegGetBatchNotification(r->port, &r->notification);
    return NULL;
}

int main(void) {
    HCLUSTER cluster = OpenCluster(L"batch-example");
    if (cluster == NULL) die("OpenCluster", (long)GetLastError());
    HKEY root = GetClusterKey(cluster, KEY_ALL_ACCESS);
    if (root == NULL) die("GetClusterKey", (long)GetLastError());
    HKEY key = NULL;
    DWORD disposition = 0;
    LONG rc = ClusterRegCreateKey(root, L"Software\\BatchExample", 0, KEY_ALL_ACCESS, NULL, &key, &disposition);
    if (rc != ERROR_SUCCESS) die("ClusterRegCreateKey", rc);

    HREGBATCHPORT port = NULL;
    rc = ClusterRegCreateBatchNotifyPort(key, &port);
    if (rc != ERROR_SUCCESS) die("ClusterRegCreateBatchNotifyPort", rc);

    /* A reader blocks in the get while the first batch is built and committed. */
    struct reader r = {port, NULL, -1};
    pthread_t reader;
    if (pthread_create(&reader, NULL, get_notification, &r) != 0) die("pthread_create", 0);

    static const WCHAR world[] = L"hello world";
    static const WCHAR universe[] = L"hello universe";
    HREGBATCH batch = NULL;
    rc = ClusterRegCreateBatch(key, &batch);
    if (rc != ERROR_SUCCESS) die("ClusterRegCreateBatch", rc);
    add(batch, CLUSREG_DELETE_VALUE, L"NotifyTest", 0, NULL, 0);
    add(batch, CLUSREG_SET_VALUE, L"NotifyTest", REG_SZ, world, sizeof world);
    add(batch, CLUSREG_SET_VALUE, L"NotifyTest", REG_SZ, universe, sizeof universe);
    add(batch, CLUSREG_DELETE_VALUE, L"NotifyTest", 0, NULL, 0);
    commit(batch);

    pthread_join(reader, NULL);
    if (r.rc != ERROR_SUCCESS) die("ClusterRegGetBatchNotification", r.rc);
    printf("notification 1 (one batch):\n");
    int first = read_and_check(r.notification, cmrp, (int)(sizeof cmrp / sizeof cmrp[0]));
    rc = ClusterRegBatchCloseNotification(r.notification);
    if (rc != ERROR_SUCCESS) die("ClusterRegBatchCloseNotification", rc);

    /* Two batches before the next get: one notification holds both. */
    static const WCHAR node1[] = L"NODE1";
    DWORD mode = 2;
    rc = ClusterRegCreateBatch(key, &batch);
    if (rc != ERROR_SUCCESS) die("ClusterRegCreateBatch", rc);
    add(batch, CLUSREG_CREATE_KEY, L"Peers", 0, NULL, 0);
    add(batch, CLUSREG_SET_VALUE, L"Primary", REG_SZ, node1, sizeof node1);
    commit(batch);
    rc = ClusterRegCreateBatch(key, &batch);
    if (rc != ERROR_SUCCESS) die("ClusterRegCreateBatch", rc);
    add(batch, CLUSREG_SET_VALUE, L"Mode", REG_DWORD, &mode, sizeof mode);
    commit(batch);
    /* An ordinary write: batch ports do not see it. */
    rc = (LONG)ClusterRegSetValue(key, L"Plain", REG_DWORD, (const BYTE *)&mode, sizeof mode);
    if (rc != ERROR_SUCCESS) die("ClusterRegSetValue", rc);

    HREGBATCHNOTIFICATION n = NULL;
    rc = ClusterRegGetBatchNotification(port, &n);
    if (rc != ERROR_SUCCESS) die("ClusterRegGetBatchNotification", rc);
    printf("notification 2 (two batches):\n");
    int second = read_and_check(n, coalesced, (int)(sizeof coalesced / sizeof coalesced[0]));
    rc = ClusterRegBatchCloseNotification(n);
    if (rc != ERROR_SUCCESS) die("ClusterRegBatchCloseNotification", rc);

    if (ClusterRegCloseBatchNotifyPort(port) != ERROR_SUCCESS) die("ClusterRegCloseBatchNotifyPort", 0);
    if (ClusterRegCloseKey(key) != ERROR_SUCCESS || ClusterRegCloseKey(root) != ERROR_SUCCESS) {
        die("ClusterRegCloseKey", 0);
    }
    if (!CloseCluster(cluster)) die("CloseCluster", (long)GetLastError());
    printf("batch records: %d as [MS-CMRP] shows them, %d from two coalesced batches\n", first, second);
    return first == 6 && second == 4 ? 0 : 2;
}
