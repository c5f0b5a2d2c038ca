/*
 * libresutils_wchar32 from C built the ordinary Linux way — no -fshort-wchar — so WCHAR
 * is wchar_t: L"..." literals, wcslen, wcscmp and wprintf("%ls") work on every string
 * the resutils functions take and return, and on the strings inside the property lists
 * (resutils.h, "WCHAR width"; spec/c-abi.md RESUTILS-WCHAR32). Prints one line per
 * check group and exits 0 when every call answers as documented.
 *
 * Build:
 *   gcc -std=c11 -DCLUSIM_WCHAR32 -I crates/libclusapi/include -I crates/libresutils/include \
 *       wchar32.c -L target/release -lresutils_wchar32 -lclusapi_wchar32 \
 *       -Wl,-rpath,"$PWD/target/release" -lpthread -ldl -lm
 */
#include <windows.h>
#include <clusapi.h>
#include <resutils.h>

#include <locale.h>
#include <stddef.h>
#include <stdlib.h>
#include <wchar.h>

_Static_assert(sizeof(WCHAR) == 4, "CLUSIM_WCHAR32: WCHAR is the 4-byte wchar_t");

/* Outside ASCII and outside the BMP: 11 wchar_t. */
#define GROUP_NAME L"Donn\u00e9es \U0001F600 1"
/* 7 wchar_t. */
#define PROP_NAME L"Gr\u00f6\u00dfe \U0001F30D"

static int failures = 0;

static void expect(int ok, const wchar_t *what) {
    if (!ok) {
        wprintf(L"FAILED: %ls\n", what);
        failures++;
    }
}

/* A control code's output in a malloc'd buffer (size query first); `group` selects
 * ClusterGroupControl. */
static BYTE *get(void *h, int group, DWORD code, DWORD *size) {
    DWORD rc = group ? ClusterGroupControl((HGROUP)h, NULL, code, NULL, 0, NULL, 0, size)
                     : ClusterResourceControl((HRESOURCE)h, NULL, code, NULL, 0, NULL, 0, size);
    if (rc != ERROR_MORE_DATA) return NULL;
    BYTE *buf = malloc(*size);
    if (buf == NULL) return NULL;
    rc = group ? ClusterGroupControl((HGROUP)h, NULL, code, NULL, 0, buf, *size, size)
               : ClusterResourceControl((HRESOURCE)h, NULL, code, NULL, 0, buf, *size, size);
    if (rc != ERROR_SUCCESS) {
        free(buf);
        return NULL;
    }
    return buf;
}

static DWORD WINAPI count(HRESOURCE self, HRESOURCE r, PVOID p) {
    (void)self;
    (void)r;
    ++*(DWORD *)p;
    return ERROR_SUCCESS;
}

struct block {
    LPWSTR text;
};

int main(void) {
    setlocale(LC_ALL, "");
    HCLUSTER cluster = OpenCluster(NULL);
    expect(cluster != NULL, L"OpenCluster(NULL)");
    if (cluster == NULL) return 1;

    /* A group name outside the BMP, read back with ResUtilFindSzProperty. */
    HGROUP group = CreateClusterGroup(cluster, GROUP_NAME);
    expect(group != NULL, L"CreateClusterGroup");
    DWORD size = 0;
    BYTE *list = group ? get(group, 1, CLUSCTL_GROUP_GET_COMMON_PROPERTIES, &size) : NULL;
    LPWSTR name = NULL;
    expect(list != NULL && ResUtilFindSzProperty(list, size, L"Name", &name) == ERROR_SUCCESS, L"FindSz Name");
    if (name != NULL) {
        expect(wcscmp(name, GROUP_NAME) == 0, L"the group's name comes back unchanged");
        wprintf(L"group name: %zu wchar_t\n", wcslen(name));
        expect(LocalFree(name) == NULL, L"LocalFree");
    }
    free(list);
    if (group) CloseClusterGroup(group);

    /* A resource's common properties; an empty MULTI_SZ is its final NUL, one wchar_t. */
    HRESOURCE disk = OpenClusterResource(cluster, L"Cluster Disk 1");
    expect(disk != NULL, L"OpenClusterResource");
    list = disk ? get(disk, 0, CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES, &size) : NULL;
    DWORD threshold = 0;
    expect(list != NULL && ResUtilFindDwordProperty(list, size, L"RestartThreshold", &threshold) == ERROR_SUCCESS,
           L"FindDword RestartThreshold");
    wprintf(L"RestartThreshold=%u\n", (unsigned)threshold);
    free(list);
    HGROUP storage = OpenClusterGroup(cluster, L"Available Storage");
    list = storage ? get(storage, 1, CLUSCTL_GROUP_GET_COMMON_PROPERTIES, &size) : NULL;
    LPWSTR multi = NULL;
    DWORD cb = 0;
    expect(list != NULL &&
               ResUtilFindMultiSzProperty(list, size, L"AntiAffinityClassNames", &multi, &cb) == ERROR_SUCCESS,
           L"FindMultiSz AntiAffinityClassNames");
    expect(multi != NULL && multi[0] == 0, L"the empty MULTI_SZ");
    wprintf(L"AntiAffinityClassNames: %u bytes\n", (unsigned)cb);
    LocalFree(multi);
    free(list);
    if (storage) CloseClusterGroup(storage);

    /* A property list built from a parameter block: its name entry's cbLength counts
     * wchar_t bytes, NUL included; the list reads back with the same literals. */
    RESUTIL_PROPERTY_ITEM table[2];
    memset(table, 0, sizeof table);
    table[0].Name = PROP_NAME;
    table[0].Format = CLUSPROP_FORMAT_SZ;
    table[0].Offset = offsetof(struct block, text);
    struct block in = {L"Wert \U0001F600"};
    DWORD cap = 0, returned = 0, required = 0;
    expect(ResUtilPropertyListFromParameterBlock(table, NULL, &cap, (LPBYTE)&in, &returned, &required) ==
               ERROR_MORE_DATA,
           L"size query: ERROR_MORE_DATA");
    BYTE *built = malloc(required);
    cap = required;
    expect(built != NULL && ResUtilPropertyListFromParameterBlock(table, built, &cap, (LPBYTE)&in, &returned,
                                                                  &required) == ERROR_SUCCESS,
           L"ResUtilPropertyListFromParameterBlock");
    if (built != NULL) {
        DWORD name_len;
        memcpy(&name_len, built + 8, sizeof name_len);
        expect(name_len == (wcslen(PROP_NAME) + 1) * sizeof(WCHAR), L"cbLength of the name");
        LPWSTR value = NULL;
        expect(ResUtilFindSzProperty(built, returned, PROP_NAME, &value) == ERROR_SUCCESS && value != NULL &&
                   wcscmp(value, in.text) == 0,
               L"the value back by its name");
        wprintf(L"list: %u bytes, name %u bytes, value %ls\n", (unsigned)returned, (unsigned)name_len,
                value ? value : L"?");
        LocalFree(value);
    }
    free(built);

    /* Resources by type, and a dependency by type, named with L"" literals. */
    DWORD disks = 0;
    expect(ResUtilEnumResources(NULL, L"Physical Disk", count, &disks) == ERROR_SUCCESS, L"ResUtilEnumResources");
    wprintf(L"physical disks: %u\n", (unsigned)disks);
    HRESOURCE net = OpenClusterResource(cluster, L"Cluster Name");
    HRESOURCE ip = net ? ResUtilGetResourceDependency(net, L"IP Address") : NULL;
    expect(ip != NULL, L"ResUtilGetResourceDependency");
    WCHAR ip_name[64];
    DWORD got = 0;
    expect(ip != NULL && ClusterResourceControl(ip, NULL, CLUSCTL_RESOURCE_GET_NAME, NULL, 0, ip_name,
                                                sizeof ip_name, &got) == ERROR_SUCCESS,
           L"GET_NAME");
    if (ip != NULL) {
        wprintf(L"dependency: %ls\n", ip_name);
        CloseClusterResource(ip);
    }

    /* A unit that is not a character: ERROR_INVALID_PARAMETER. */
    const WCHAR surrogate[] = {L'A', 0xD800, 0};
    const WCHAR too_big[] = {L'A', 0x110000, 0};
    list = disk ? get(disk, 0, CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES, &size) : NULL;
    expect(list != NULL && ResUtilFindDwordProperty(list, size, surrogate, &threshold) == ERROR_INVALID_PARAMETER &&
               ResUtilFindDwordProperty(list, size, too_big, &threshold) == ERROR_INVALID_PARAMETER,
           L"a bad unit: 87");
    free(list);
    if (ResUtilGetResourceDependency(net, too_big) == NULL) wprintf(L"bad unit: %u\n", (unsigned)GetLastError());

    if (net) CloseClusterResource(net);
    if (disk) CloseClusterResource(disk);
    CloseCluster(cluster);
    if (failures == 0) {
        wprintf(L"resutils wchar32: all checks passed\n");
    } else {
        wprintf(L"resutils wchar32: %d checks failed\n", failures);
    }
    return failures == 0 ? 0 : 1;
}
