// A notification watcher written the way Microsoft's ClusAPI samples are: <windows.h>
// and <clusapi.h>, a LocalAlloc'd name buffer grown on ERROR_MORE_DATA, wprintf with
// "%s" for WCHAR strings and "%lu" for DWORDs, GetLastError() after a failed call.
//
// Build with the README's gcc line ("C and C++"; tests/c_examples.rs runs exactly that).
#include <windows.h>
#include <clusapi.h>

#define INITIAL_CCH 4 /* deliberately small: the first name needs the ERROR_MORE_DATA retry */

int main(void) {
    HCLUSTER hCluster = NULL;
    HCHANGE hChange = NULL;
    HGROUP hGroup = NULL;
    HRESOURCE hResource = NULL;
    DWORD dwError = ERROR_SUCCESS;
    DWORD dwEvents = 0;

    // A failed call reports through GetLastError(), printed with the samples' format.
    if (!CloseCluster(NULL)) {
        wprintf(L"CloseCluster(NULL) failed as documented: %lu\n", GetLastError());
    }

    hCluster = OpenCluster(NULL);
    if (hCluster == NULL) {
        wprintf(L"OpenCluster failed: %lu\n", GetLastError());
        return 1;
    }
    hChange = CreateClusterNotifyPort((HCHANGE)INVALID_HANDLE_VALUE, hCluster,
                                      CLUSTER_CHANGE_GROUP_ADDED | CLUSTER_CHANGE_RESOURCE_ADDED, 7);
    if (hChange == NULL) {
        wprintf(L"CreateClusterNotifyPort failed: %lu\n", GetLastError());
        return 1;
    }

    hGroup = CreateClusterGroup(hCluster, L"Docs Group");
    if (hGroup == NULL) {
        wprintf(L"CreateClusterGroup failed: %lu\n", GetLastError());
        return 1;
    }
    hResource = CreateClusterResource(hGroup, L"Docs Disk", L"Physical Disk", 0);
    if (hResource == NULL) {
        wprintf(L"CreateClusterResource failed: %lu\n", GetLastError());
        return 1;
    }
    Sleep(1);

    for (;;) {
        DWORD_PTR dwNotifyKey = 0;
        DWORD dwFilterType = 0;
        DWORD cchName = INITIAL_CCH;
        LPWSTR lpszName = (LPWSTR)LocalAlloc(LPTR, cchName * sizeof(WCHAR));
        if (lpszName == NULL) {
            wprintf(L"LocalAlloc failed: %lu\n", GetLastError());
            return 1;
        }
        dwError = GetClusterNotify(hChange, &dwNotifyKey, &dwFilterType, lpszName, &cchName, 0);
        if (dwError == ERROR_MORE_DATA) {
            // cchName now holds the length without the terminating NUL.
            wprintf(L"buffer of %lu characters too small: %lu needed\n", (DWORD)INITIAL_CCH, cchName + 1);
            LocalFree(lpszName);
            cchName++;
            lpszName = (LPWSTR)LocalAlloc(LPTR, cchName * sizeof(WCHAR));
            if (lpszName == NULL) {
                wprintf(L"LocalAlloc failed: %lu\n", GetLastError());
                return 1;
            }
            dwError = GetClusterNotify(hChange, &dwNotifyKey, &dwFilterType, lpszName, &cchName, 0);
        }
        if (dwError == ERROR_SUCCESS) {
            wprintf(L"event 0x%08lX key %lu: %s\n", dwFilterType, (DWORD)dwNotifyKey, lpszName);
            dwEvents++;
        }
        LocalFree(lpszName);
        if (dwError != ERROR_SUCCESS) break;
    }
    if (dwError != WAIT_TIMEOUT) {
        wprintf(L"GetClusterNotify failed: %lu\n", dwError);
        return 1;
    }
    wprintf(L"%lu events, then WAIT_TIMEOUT (%lu)\n", dwEvents, dwError);

    CloseClusterResource(hResource);
    CloseClusterGroup(hGroup);
    CloseClusterNotifyPort(hChange);
    CloseCluster(hCluster);
    return 0;
}
