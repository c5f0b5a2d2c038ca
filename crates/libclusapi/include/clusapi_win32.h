/*
 * clusapi_win32.h — the Win32 base types, error codes and last-error functions that
 * clusapi.h needs, shared by clusapi.h and the <windows.h> stand-in next to it.
 *
 * DWORD is 32 bits (uint32_t) as on Windows: the ClusAPI structs (CLUSTERVERSIONINFO,
 * CLUSTER_BATCH_COMMAND, property lists) and every DWORD out-parameter have Windows'
 * layout only if it stays 32 bits. It is therefore not `unsigned long` (64 bits on
 * Linux x86-64), so printf's "%lu" does not match it: use the wprintf that <windows.h>
 * provides (Windows' LLP64 meaning of "l": 32 bits), or cast to unsigned long.
 * spec/c-abi.md, "DWORD and printf".
 *
 * Include <clusapi.h> or <windows.h>, not this file.
 */
#ifndef CLUSIM_CLUSAPI_WIN32_H
#define CLUSIM_CLUSAPI_WIN32_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ----- Win32 base types ------------------------------------------------------------- */

#ifndef CLUSIM_NO_WIN32_TYPES
#if defined(CLUSIM_WCHAR32)
/* The 32-bit flavour (link -lclusapi_wchar32): WCHAR is the platform's wchar_t. */
#if defined(__SIZEOF_WCHAR_T__) && __SIZEOF_WCHAR_T__ != 4
#error "CLUSIM_WCHAR32 needs a 4-byte wchar_t: build without -fshort-wchar"
#endif
typedef wchar_t WCHAR;
#elif defined(__cplusplus)
#if defined(__SIZEOF_WCHAR_T__) && __SIZEOF_WCHAR_T__ == 2
typedef wchar_t WCHAR;
#else
typedef char16_t WCHAR;
#endif
#else
typedef uint16_t WCHAR;
#endif
typedef uint32_t DWORD;
typedef int BOOL;
typedef uint8_t BYTE;
typedef uint16_t WORD;
typedef int32_t LONG;
typedef int INT;
typedef uintptr_t DWORD_PTR;
typedef void *HANDLE;
typedef HANDLE *LPHANDLE;
typedef int64_t LONGLONG;
typedef void *LPVOID;
typedef const void *LPCVOID;
typedef DWORD *LPDWORD;
typedef DWORD_PTR *PDWORD_PTR;
typedef WCHAR *LPWSTR;
typedef const WCHAR *LPCWSTR;
typedef BYTE *LPBYTE;
typedef struct HKEY__ *HKEY;
typedef HKEY *PHKEY;
typedef DWORD REGSAM;
typedef DWORD SECURITY_INFORMATION;
typedef void *PSECURITY_DESCRIPTOR;
typedef struct _FILETIME {
    DWORD dwLowDateTime;
    DWORD dwHighDateTime;
} FILETIME, *PFILETIME, *LPFILETIME;
typedef struct _SECURITY_ATTRIBUTES {
    DWORD nLength;
    LPVOID lpSecurityDescriptor;
    BOOL bInheritHandle;
} SECURITY_ATTRIBUTES, *PSECURITY_ATTRIBUTES, *LPSECURITY_ATTRIBUTES;
#ifndef WINAPI
#define WINAPI
#endif
#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif
#ifndef INVALID_HANDLE_VALUE
#define INVALID_HANDLE_VALUE ((HANDLE)(intptr_t)-1)
#endif
#ifndef INFINITE
#define INFINITE 0xFFFFFFFFu
#endif

/* registry value types, dispositions, options and access rights (winnt.h, winreg.h) */
#define REG_NONE 0u
#define REG_SZ 1u
#define REG_EXPAND_SZ 2u
#define REG_BINARY 3u
#define REG_DWORD 4u
#define REG_MULTI_SZ 7u
#define REG_QWORD 11u
#define REG_CREATED_NEW_KEY 1u
#define REG_OPENED_EXISTING_KEY 2u
#define REG_OPTION_NON_VOLATILE 0u
#define REG_OPTION_VOLATILE 1u
#define KEY_READ 0x00020019u
#define KEY_WRITE 0x00020006u
#define KEY_ALL_ACCESS 0x000F003Fu
#define OWNER_SECURITY_INFORMATION 0x00000001u
#define GROUP_SECURITY_INFORMATION 0x00000002u
#define DACL_SECURITY_INFORMATION 0x00000004u
#define SACL_SECURITY_INFORMATION 0x00000008u
#endif /* CLUSIM_NO_WIN32_TYPES */

/* ----- Win32 error codes that ClusAPI functions return ---------------------------------- */

#ifndef ERROR_SUCCESS
#define ERROR_SUCCESS 0L
#endif
#define ERROR_INVALID_FUNCTION 1L
#define ERROR_FILE_NOT_FOUND 2L
#define ERROR_ACCESS_DENIED 5L
#define ERROR_INVALID_HANDLE 6L
#define ERROR_NOT_ENOUGH_MEMORY 8L
#define ERROR_INVALID_DATA 13L
#define ERROR_OUTOFMEMORY 14L
#define ERROR_GEN_FAILURE 31L
#define ERROR_NOT_SUPPORTED 50L
#define ERROR_INVALID_PARAMETER 87L
#define ERROR_INSUFFICIENT_BUFFER 122L
#define ERROR_DIR_NOT_EMPTY 145L
#define ERROR_ALREADY_EXISTS 183L
#define ERROR_MORE_DATA 234L
#define WAIT_TIMEOUT 258L
#define ERROR_NO_MORE_ITEMS 259L
#define ERROR_IO_PENDING 997L
#define ERROR_KEY_DELETED 1018L
#define ERROR_INVALID_SECURITY_DESCR 1338L
#define ERROR_DEPENDENT_RESOURCE_EXISTS 5001L
#define ERROR_DEPENDENCY_NOT_FOUND 5002L
#define ERROR_DEPENDENCY_ALREADY_EXISTS 5003L
#define ERROR_RESOURCE_NOT_ONLINE 5004L
#define ERROR_HOST_NODE_NOT_AVAILABLE 5005L
#define ERROR_RESOURCE_NOT_AVAILABLE 5006L
#define ERROR_RESOURCE_NOT_FOUND 5007L
#define ERROR_CANT_EVICT_ACTIVE_NODE 5009L
#define ERROR_OBJECT_ALREADY_EXISTS 5010L
#define ERROR_GROUP_NOT_AVAILABLE 5012L
#define ERROR_GROUP_NOT_FOUND 5013L
#define ERROR_RESOURCE_ONLINE 5019L
#define ERROR_QUORUM_RESOURCE 5020L
#define ERROR_NOT_QUORUM_CAPABLE 5021L
#define ERROR_INVALID_STATE 5023L
#define ERROR_CORE_RESOURCE 5026L
#define ERROR_CLUSTER_NODE_NOT_FOUND 5042L
#define ERROR_CLUSTER_NETWORK_NOT_FOUND 5045L
#define ERROR_CLUSTER_NETINTERFACE_NOT_FOUND 5047L
#define ERROR_CLUSTER_NODE_DOWN 5050L
#define ERROR_CLUSTER_NODE_NOT_PAUSED 5058L
#define ERROR_DEPENDENCY_NOT_ALLOWED 5069L
#define ERROR_CLUSTER_NODE_PAUSED 5070L
#define ERROR_NODE_CANT_HOST_RESOURCE 5071L
#define ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND 5078L
#define ERROR_CLUSTER_DATABASE_SEQMISMATCH 5083L

/* ----- kernel32 ----------------------------------------------------------------------- */

DWORD WINAPI GetLastError(void);
void WINAPI SetLastError(DWORD dwErrCode);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CLUSIM_CLUSAPI_WIN32_H */
