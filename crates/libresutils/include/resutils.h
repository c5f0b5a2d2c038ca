/*
 * resutils.h — the resource-utility functions (resapi.h, resutils.dll) that libresutils
 * provides over libclusapi: reading the property lists the control codes return, moving
 * properties between a cluster-database key, a parameter block and a property list,
 * enumerating resources and their dependencies.
 *
 *     gcc -std=c11 -fshort-wchar -I crates/libclusapi/include -I crates/libresutils/include \
 *         prog.c -L target/release -lresutils -lclusapi -Wl,-rpath,"$PWD/target/release" \
 *         -lpthread -ldl -lm
 *     gcc -std=c11 -DCLUSIM_WCHAR32 -I crates/libclusapi/include -I crates/libresutils/include \
 *         prog.c -L target/release -lresutils_wchar32 -lclusapi_wchar32 \
 *         -Wl,-rpath,"$PWD/target/release" -lpthread -ldl -lm
 *
 * WCHAR WIDTH — the macro CLUSIM_WCHAR32 of clusapi.h selects it here too (windows.h and
 * clusapi.h, included below, define WCHAR): by default WCHAR is 16 bits (UTF-16) and the
 * library is libresutils over libclusapi; with -DCLUSIM_WCHAR32 (and without
 * -fshort-wchar) WCHAR is the platform's wchar_t, 32 bits on Linux, and the library is
 * libresutils_wchar32 over libclusapi_wchar32: the same exports, with every string in
 * UTF-32 — arguments, table names and defaults, the LPWSTR copies returned, MULTI_SZ data
 * (sizes in bytes of the UTF-32 data) and the strings inside property lists read and
 * written. Link the two libraries of one flavour, and define the macro exactly then
 * (spec/c-abi.md RESUTILS-WCHAR32).
 *
 * Strings and buffers these functions allocate come from libclusapi's LocalAlloc: free
 * them with LocalFree. ResUtilEnumResources and ResUtilGetResourceDependency work on the
 * local cluster (OpenCluster(NULL)), as on a cluster node.
 */
#ifndef CLUSIM_RESUTILS_H
#define CLUSIM_RESUTILS_H

#include <windows.h>
#include <clusapi.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef CLUSIM_NO_WIN32_TYPES
typedef void *PVOID;
typedef LONG *LPLONG;
typedef unsigned long long ULONGLONG;
#endif

/* CLUSPROP_FORMAT_* (the Format of a RESUTIL_PROPERTY_ITEM). */
#define CLUSPROP_FORMAT_BINARY 1
#define CLUSPROP_FORMAT_DWORD 2
#define CLUSPROP_FORMAT_SZ 3
#define CLUSPROP_FORMAT_EXPAND_SZ 4
#define CLUSPROP_FORMAT_MULTI_SZ 5
#define CLUSPROP_FORMAT_ULARGE_INTEGER 6
#define CLUSPROP_FORMAT_LONG 7

/* RESUTIL_PROPERTY_ITEM Flags. */
#define RESUTIL_PROPITEM_READ_ONLY 0x00000001u
#define RESUTIL_PROPITEM_REQUIRED 0x00000002u
#define RESUTIL_PROPITEM_SIGNED 0x00000004u
#define RESUTIL_PROPITEM_IN_MEMORY 0x00000008u

typedef struct RESUTIL_ULARGEINT_DATA {
    ULONGLONG Default;
    ULONGLONG Minimum;
    ULONGLONG Maximum;
} RESUTIL_ULARGEINT_DATA, *PRESUTIL_ULARGEINT_DATA;

/* One property of a table; a table ends with an item whose Name is NULL. */
typedef struct RESUTIL_PROPERTY_ITEM {
    LPWSTR Name;
    LPWSTR KeyName;
    DWORD Format;
    union {
        DWORD_PTR DefaultPtr;
        DWORD Default;
        LPVOID lpDefault;
        PRESUTIL_ULARGEINT_DATA ULargeIntData;
    };
    DWORD Minimum;
    DWORD Maximum;
    DWORD Flags;
    DWORD Offset;
} RESUTIL_PROPERTY_ITEM, *PRESUTIL_PROPERTY_ITEM;

typedef DWORD (WINAPI *LPRESOURCE_CALLBACK)(HRESOURCE hSelf, HRESOURCE hEnum, PVOID pParameter);

DWORD WINAPI ResUtilFindDwordProperty(const PVOID pPropertyList, DWORD cbPropertyListSize,
                                      LPCWSTR pszPropertyName, LPDWORD pdwPropertyValue);
DWORD WINAPI ResUtilFindLongProperty(const PVOID pPropertyList, DWORD cbPropertyListSize,
                                     LPCWSTR pszPropertyName, LPLONG plPropertyValue);
DWORD WINAPI ResUtilFindULargeIntegerProperty(const PVOID pPropertyList, DWORD cbPropertyListSize,
                                              LPCWSTR pszPropertyName, ULONGLONG *plPropertyValue);
DWORD WINAPI ResUtilFindSzProperty(const PVOID pPropertyList, DWORD cbPropertyListSize,
                                   LPCWSTR pszPropertyName, LPWSTR *pszPropertyValue);
DWORD WINAPI ResUtilFindExpandSzProperty(const PVOID pPropertyList, DWORD cbPropertyListSize,
                                         LPCWSTR pszPropertyName, LPWSTR *pszPropertyValue);
DWORD WINAPI ResUtilFindMultiSzProperty(const PVOID pPropertyList, DWORD cbPropertyListSize,
                                        LPCWSTR pszPropertyName, LPWSTR *pszPropertyValue,
                                        LPDWORD pcbPropertyValueSize);
DWORD WINAPI ResUtilFindBinaryProperty(const PVOID pPropertyList, DWORD cbPropertyListSize,
                                       LPCWSTR pszPropertyName, LPBYTE *pbPropertyValue,
                                       LPDWORD pcbPropertyValueSize);

DWORD WINAPI ResUtilGetPropertiesToParameterBlock(HKEY hkeyClusterKey, const PRESUTIL_PROPERTY_ITEM pPropertyTable,
                                                  LPBYTE pOutParams, BOOL bCheckForRequiredProperties,
                                                  LPWSTR *pszNameOfPropInError);
DWORD WINAPI ResUtilPropertyListFromParameterBlock(const PRESUTIL_PROPERTY_ITEM pPropertyTable, PVOID pOutPropertyList,
                                                   LPDWORD pcbOutPropertyListSize, const LPBYTE pInParams,
                                                   LPDWORD pcbBytesReturned, LPDWORD pcbRequired);
DWORD WINAPI ResUtilGetAllProperties(HKEY hkeyClusterKey, const PRESUTIL_PROPERTY_ITEM pPropertyTable,
                                     PVOID pOutPropertyList, DWORD cbOutPropertyListSize, LPDWORD pcbBytesReturned,
                                     LPDWORD pcbRequired);

DWORD WINAPI ResUtilEnumResources(HRESOURCE hSelf, LPCWSTR lpszResTypeName, LPRESOURCE_CALLBACK pResCallBack,
                                  PVOID pParameter);
HRESOURCE WINAPI ResUtilGetResourceDependency(HANDLE hSelf, LPCWSTR lpszResourceType);

#ifdef __cplusplus
}
#endif

#endif /* CLUSIM_RESUTILS_H */
