/*
 * The close race (MSCS "Closing a Notification Port"): one thread blocked in
 * GetClusterNotify(INFINITE) while another closes the port, many times. The waiter must
 * always come back, with ERROR_INVALID_HANDLE (spec/ports.md PORT-CLOSE), and
 * CloseClusterNotifyPort always returns TRUE.
 *
 * Build: gcc -std=c11 -fshort-wchar -I crates/libclusapi/include close_race.c \
 *            target/release/libclusapi.a -lpthread -ldl -lm   (README, "C and C++": or -lclusapi with -Wl,-rpath)
 */
#define _POSIX_C_SOURCE 200809L
#include <clusapi.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define ROUNDS 300

struct waiter {
    HCHANGE port;
    DWORD rc;
};

static void *wait_forever(void *arg) {
    struct waiter *w = (struct waiter *)arg;
    DWORD_PTR key;
    DWORD filter;
    WCHAR name[64];
    DWORD cch = 64;
    w->rc = GetClusterNotify(w->port, &key, &filter, name, &cch, INFINITE);
    return NULL;
}

static void pause_us(long us) {
    struct timespec ts = {0, us * 1000L};
    nanosleep(&ts, NULL);
}

int main(void) {
    HCLUSTER cluster = OpenCluster(L"close-race");
    if (cluster == NULL) {
        fprintf(stderr, "OpenCluster failed: %lu\n", (unsigned long)GetLastError());
        return 1;
    }
    int invalid_handle = 0;
    for (int i = 0; i < ROUNDS; i++) {
        struct waiter w = {NULL, 0};
        w.port = CreateClusterNotifyPort((HCHANGE)INVALID_HANDLE_VALUE, cluster, CLUSTER_CHANGE_GROUP_ADDED, 1);
        if (w.port == NULL) {
            fprintf(stderr, "CreateClusterNotifyPort failed: %lu\n", (unsigned long)GetLastError());
            return 1;
        }
        pthread_t t;
        if (pthread_create(&t, NULL, wait_forever, &w) != 0) return 1;
        /* Vary the timing: close at once, soon, or after the waiter has surely blocked. */
        if (i % 3 == 1) pause_us(50);
        if (i % 3 == 2) pause_us(2000);
        if (!CloseClusterNotifyPort(w.port)) {
            fprintf(stderr, "CloseClusterNotifyPort returned FALSE\n");
            return 1;
        }
        pthread_join(t, NULL);
        if (w.rc == ERROR_INVALID_HANDLE) {
            invalid_handle++;
        } else {
            fprintf(stderr, "round %d: GetClusterNotify returned %lu\n", i, (unsigned long)w.rc);
            return 1;
        }
    }
    CloseCluster(cluster);
    printf("close race: %d rounds, %d waiters answered ERROR_INVALID_HANDLE\n", ROUNDS, invalid_handle);
    return 0;
}
