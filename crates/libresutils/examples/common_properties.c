/*
 * Reads a resource's common properties the way Windows client code does: one
 * CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES (size query, then the list), then
 * ResUtilFind*Property for the values, freeing every copy with LocalFree. Prints one
 * "name=value" line per property and exits 0 when every call answers as documented.
 */
#include <windows.h>
#include <clusapi.h>
#include <resutils.h>
#include <stdio.h>
#include <stdlib.h>

static const WCHAR NAME[] = u"Name";
static const WCHAR THRESHOLD[] = u"RestartThreshold";
static const WCHAR PERIOD[] = u"RestartPeriod";
static const WCHAR TYPE[] = u"Type";
static const WCHAR NOSUCH[] = u"NoSuchProperty";
static const WCHAR DISK[] = u"Cluster Disk 1";

static void print_w(const char *label, const WCHAR *s) {
    printf("%s=", label);
    for (; *s; s++) putchar(*s < 128 ? (char)*s : '?');
    putchar('\n');
}

/* A control code's output in a malloc'd buffer (size query first). */
static BYTE *get(HRESOURCE r, DWORD code, DWORD *size) {
    DWORD rc = ClusterResourceControl(r, NULL, code, NULL, 0, NULL, 0, size);
    if (rc != ERROR_MORE_DATA) return NULL;
    BYTE *buf = malloc(*size);
    if (!buf || ClusterResourceControl(r, NULL, code, NULL, 0, buf, *size, size) != ERROR_SUCCESS) {
        free(buf);
        return NULL;
    }
    return buf;
}

int main(void) {
    HCLUSTER c = OpenCluster(NULL);
    HRESOURCE r = c ? OpenClusterResource(c, DISK) : NULL;
    if (!r) return 1;
    DWORD size = 0, value = 0;
    BYTE *list = get(r, CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES, &size);
    if (!list) return 2;
    LPWSTR name = NULL;
    if (ResUtilFindSzProperty(list, size, NAME, &name) != ERROR_SUCCESS) return 3;
    print_w("Name", name);
    LocalFree(name);
    if (ResUtilFindDwordProperty(list, size, THRESHOLD, &value) != ERROR_SUCCESS) return 4;
    printf("RestartThreshold=%u\n", (unsigned)value);
    if (ResUtilFindDwordProperty(list, size, PERIOD, &value) != ERROR_SUCCESS) return 5;
    printf("RestartPeriod=%u\n", (unsigned)value);
    if (ResUtilFindDwordProperty(list, size, NOSUCH, &value) != ERROR_FILE_NOT_FOUND) return 6;
    free(list);

    BYTE *ro = get(r, CLUSCTL_RESOURCE_GET_RO_COMMON_PROPERTIES, &size);
    LPWSTR type = NULL;
    if (!ro || ResUtilFindSzProperty(ro, size, TYPE, &type) != ERROR_SUCCESS) return 7;
    print_w("Type", type);
    LocalFree(type);
    free(ro);
    CloseClusterResource(r);
    CloseCluster(c);
    return 0;
}
