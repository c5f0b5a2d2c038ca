// Bringing a resource online the way Windows code does it: OnlineClusterResource may
// answer ERROR_IO_PENDING (997); the caller then waits for the resource's RESOURCE_STATE
// notifications until GetClusterResourceState reads Online (or Failed). A second resource
// is scripted (clusim.h) to fail to come online, and the same loop sees it fail.
//
// Build with the README's gcc line ("C and C++"; tests/c_examples.rs runs exactly that).
#include <windows.h>
#include <clusapi.h>
#include <clusim.h>

// Waits (each get bounded by 10 s) until the resource leaves its pending states.
static CLUSTER_RESOURCE_STATE wait_settled(HCHANGE hChange, HRESOURCE hResource) {
    for (;;) {
        CLUSTER_RESOURCE_STATE state = GetClusterResourceState(hResource, NULL, NULL, NULL, NULL);
        if (state != ClusterResourceOnlinePending && state != ClusterResourceOfflinePending &&
            state != ClusterResourcePending) {
            return state;
        }
        DWORD_PTR dwKey = 0;
        DWORD dwType = 0;
        WCHAR szName[256];
        DWORD cchName = 256;
        DWORD dwError = GetClusterNotify(hChange, &dwKey, &dwType, szName, &cchName, 10000);
        if (dwError != ERROR_SUCCESS) {
            wprintf(L"GetClusterNotify failed: %lu\n", dwError);
            return ClusterResourceStateUnknown;
        }
    }
}

static int bring_online(HCHANGE hChange, HRESOURCE hResource, LPCWSTR lpszName) {
    DWORD dwError = OnlineClusterResource(hResource);
    if (dwError == ERROR_IO_PENDING) {
        wprintf(L"%s: ERROR_IO_PENDING\n", lpszName);
    } else if (dwError != ERROR_SUCCESS) {
        wprintf(L"%s: OnlineClusterResource failed: %lu\n", lpszName, dwError);
        return 1;
    }
    CLUSTER_RESOURCE_STATE state = wait_settled(hChange, hResource);
    wprintf(L"%s: state %d\n", lpszName, (int)state);
    return 0;
}

int main(void) {
    HCLUSTER hCluster = OpenCluster(NULL);
    if (hCluster == NULL) {
        wprintf(L"OpenCluster failed: %lu\n", GetLastError());
        return 1;
    }
    HCHANGE hChange = CreateClusterNotifyPort((HCHANGE)INVALID_HANDLE_VALUE, hCluster,
                                              CLUSTER_CHANGE_RESOURCE_STATE, 1);
    HGROUP hGroup = CreateClusterGroup(hCluster, L"Pending Group");
    HRESOURCE hGood = CreateClusterResource(hGroup, L"Pending Disk", L"Physical Disk", 0);
    HRESOURCE hBad = CreateClusterResource(hGroup, L"Broken Disk", L"Physical Disk", 0);
    if (hChange == NULL || hGroup == NULL || hGood == NULL || hBad == NULL) {
        wprintf(L"setup failed: %lu\n", GetLastError());
        return 1;
    }
    DWORD dwError = ClusimSetResourceBehaviour(NULL, L"Broken Disk", CLUSIM_ONLINE_FAIL);
    if (dwError != ERROR_SUCCESS) {
        wprintf(L"ClusimSetResourceBehaviour failed: %lu\n", dwError);
        return 1;
    }
    if (bring_online(hChange, hGood, L"Pending Disk") || bring_online(hChange, hBad, L"Broken Disk")) {
        return 1;
    }
    CloseClusterResource(hBad);
    CloseClusterResource(hGood);
    CloseClusterGroup(hGroup);
    CloseClusterNotifyPort(hChange);
    CloseCluster(hCluster);
    return 0;
}
