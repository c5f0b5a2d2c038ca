/*
 * clusapi.h — the Failover Cluster API (ClusAPI) for libclusapi, the clusim simulator.
 *
 * Declares the types, constants and functions of the Windows SDK's clusapi.h that
 * libclusapi exports, with the same names, values and signatures, so that code written
 * against Microsoft's documentation compiles on Linux and runs against simulated
 * clusters:
 *
 *     gcc -std=c11 -fshort-wchar -I crates/libclusapi/include prog.c \
 *         -L target/release -lclusapi -Wl,-rpath,"$PWD/target/release" -lpthread -ldl -lm
 *
 * (or target/release/libclusapi.a instead of -L/-l/-rpath; README, "C and C++").
 *
 * WCHAR is 16 bits. In C, L"..." literals need -fshort-wchar; u"..." (char16_t) works
 * without it. In C++, WCHAR is wchar_t under -fshort-wchar (use L"...") and char16_t
 * otherwise (use u"...").
 *
 * Failure reporting is ClusAPI's: DWORD-returning functions return the Win32 code;
 * functions returning a handle, BOOL or state report through GetLastError(), which
 * libclusapi exports together with SetLastError() (per thread, as kernel32 does).
 *
 * The Win32 base types, the error codes and GetLastError()/SetLastError() live in
 * clusapi_win32.h, which this header includes; <windows.h> (the stand-in next to this
 * file) includes it too and adds what Microsoft's samples use beyond ClusAPI.
 *
 * The cluster database (GetClusterKey and friends, ClusterReg*), write batches, batch
 * notification ports and read batches are declared too. Records returned by
 * ClusterRegBatchReadCommand / ClusterRegReadBatchReplyNextCommand point into storage
 * that stays valid until ClusterRegBatchCloseNotification / ClusterRegCloseReadBatchReply.
 *
 * Every export and its answer to every bad input: spec/c-abi.md.
 */
#ifndef CLUSIM_CLUSAPI_H
#define CLUSIM_CLUSAPI_H

#include <stddef.h>
#include <stdint.h>

#include "clusapi_win32.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ----- handles --------------------------------------------------------------------- */

typedef struct _HCLUSTER *HCLUSTER;
typedef struct _HNODE *HNODE;
typedef struct _HRESOURCE *HRESOURCE;
typedef struct _HGROUP *HGROUP;
typedef struct _HNETWORK *HNETWORK;
typedef struct _HNETINTERFACE *HNETINTERFACE;
typedef struct _HCHANGE *HCHANGE;
typedef struct _HCLUSENUM *HCLUSENUM;
typedef struct _HGROUPENUM *HGROUPENUM;
typedef struct _HRESENUM *HRESENUM;
typedef struct _HNETWORKENUM *HNETWORKENUM;
typedef struct _HNODEENUM *HNODEENUM;
typedef struct _HREGBATCH *HREGBATCH;
typedef struct _HREGBATCHPORT *HREGBATCHPORT;
typedef struct _HREGBATCHNOTIFICATION *HREGBATCHNOTIFICATION;
typedef struct _HREGREADBATCH *HREGREADBATCH;
typedef struct _HREGREADBATCHREPLY *HREGREADBATCHREPLY;

/* ----- states ---------------------------------------------------------------------- */

typedef enum CLUSTER_NODE_STATE {
    ClusterNodeStateUnknown = -1,
    ClusterNodeUp = 0,
    ClusterNodeDown = 1,
    ClusterNodePaused = 2,
    ClusterNodeJoining = 3
} CLUSTER_NODE_STATE;

typedef enum CLUSTER_GROUP_STATE {
    ClusterGroupStateUnknown = -1,
    ClusterGroupOnline = 0,
    ClusterGroupOffline = 1,
    ClusterGroupFailed = 2,
    ClusterGroupPartialOnline = 3,
    ClusterGroupPending = 4
} CLUSTER_GROUP_STATE;

typedef enum CLUSTER_RESOURCE_STATE {
    ClusterResourceStateUnknown = -1,
    ClusterResourceInherited = 0,
    ClusterResourceInitializing = 1,
    ClusterResourceOnline = 2,
    ClusterResourceOffline = 3,
    ClusterResourceFailed = 4,
    ClusterResourcePending = 128,
    ClusterResourceOnlinePending = 129,
    ClusterResourceOfflinePending = 130
} CLUSTER_RESOURCE_STATE;

typedef enum CLUSTER_NETWORK_STATE {
    ClusterNetworkStateUnknown = -1,
    ClusterNetworkUnavailable = 0,
    ClusterNetworkDown = 1,
    ClusterNetworkPartitioned = 2,
    ClusterNetworkUp = 3
} CLUSTER_NETWORK_STATE;

typedef enum CLUSTER_NETINTERFACE_STATE {
    ClusterNetInterfaceStateUnknown = -1,
    ClusterNetInterfaceUnavailable = 0,
    ClusterNetInterfaceFailed = 1,
    ClusterNetInterfaceUnreachable = 2,
    ClusterNetInterfaceUp = 3
} CLUSTER_NETINTERFACE_STATE;

/* ----- CLUSTER_CHANGE (V1 notification filter and event flags) ------------------------
 * Macros rather than an enum: the values do not all fit in an int. */

typedef DWORD CLUSTER_CHANGE;
#define CLUSTER_CHANGE_NODE_STATE 0x00000001u
#define CLUSTER_CHANGE_NODE_DELETED 0x00000002u
#define CLUSTER_CHANGE_NODE_ADDED 0x00000004u
#define CLUSTER_CHANGE_NODE_PROPERTY 0x00000008u
#define CLUSTER_CHANGE_REGISTRY_NAME 0x00000010u
#define CLUSTER_CHANGE_REGISTRY_ATTRIBUTES 0x00000020u
#define CLUSTER_CHANGE_REGISTRY_VALUE 0x00000040u
#define CLUSTER_CHANGE_REGISTRY_SUBTREE 0x00000080u
#define CLUSTER_CHANGE_RESOURCE_STATE 0x00000100u
#define CLUSTER_CHANGE_RESOURCE_DELETED 0x00000200u
#define CLUSTER_CHANGE_RESOURCE_ADDED 0x00000400u
#define CLUSTER_CHANGE_RESOURCE_PROPERTY 0x00000800u
#define CLUSTER_CHANGE_GROUP_STATE 0x00001000u
#define CLUSTER_CHANGE_GROUP_DELETED 0x00002000u
#define CLUSTER_CHANGE_GROUP_ADDED 0x00004000u
#define CLUSTER_CHANGE_GROUP_PROPERTY 0x00008000u
#define CLUSTER_CHANGE_RESOURCE_TYPE_DELETED 0x00010000u
#define CLUSTER_CHANGE_RESOURCE_TYPE_ADDED 0x00020000u
#define CLUSTER_CHANGE_RESOURCE_TYPE_PROPERTY 0x00040000u
#define CLUSTER_CHANGE_CLUSTER_RECONNECT 0x00080000u
#define CLUSTER_CHANGE_NETWORK_STATE 0x00100000u
#define CLUSTER_CHANGE_NETWORK_DELETED 0x00200000u
#define CLUSTER_CHANGE_NETWORK_ADDED 0x00400000u
#define CLUSTER_CHANGE_NETWORK_PROPERTY 0x00800000u
#define CLUSTER_CHANGE_NETINTERFACE_STATE 0x01000000u
#define CLUSTER_CHANGE_NETINTERFACE_DELETED 0x02000000u
#define CLUSTER_CHANGE_NETINTERFACE_ADDED 0x04000000u
#define CLUSTER_CHANGE_NETINTERFACE_PROPERTY 0x08000000u
#define CLUSTER_CHANGE_QUORUM_STATE 0x10000000u
#define CLUSTER_CHANGE_CLUSTER_STATE 0x20000000u
#define CLUSTER_CHANGE_CLUSTER_PROPERTY 0x40000000u
#define CLUSTER_CHANGE_HANDLE_CLOSE 0x80000000u
#define CLUSTER_CHANGE_ALL 0xFFFFFFFFu

/* ----- enumeration kinds -------------------------------------------------------------- */

typedef enum CLUSTER_ENUM {
    CLUSTER_ENUM_NODE = 0x00000001,
    CLUSTER_ENUM_RESTYPE = 0x00000002,
    CLUSTER_ENUM_RESOURCE = 0x00000004,
    CLUSTER_ENUM_GROUP = 0x00000008,
    CLUSTER_ENUM_NETWORK = 0x00000010,
    CLUSTER_ENUM_NETINTERFACE = 0x00000020,
    CLUSTER_ENUM_ALL = 0x0000003F
} CLUSTER_ENUM;

typedef enum CLUSTER_NODE_ENUM {
    CLUSTER_NODE_ENUM_NETINTERFACES = 0x00000001,
    CLUSTER_NODE_ENUM_GROUPS = 0x00000002,
    CLUSTER_NODE_ENUM_ALL = 0x00000003
} CLUSTER_NODE_ENUM;

typedef enum CLUSTER_GROUP_ENUM {
    CLUSTER_GROUP_ENUM_CONTAINS = 0x00000001,
    CLUSTER_GROUP_ENUM_NODES = 0x00000002,
    CLUSTER_GROUP_ENUM_ALL = 0x00000003
} CLUSTER_GROUP_ENUM;

typedef enum CLUSTER_RESOURCE_ENUM {
    CLUSTER_RESOURCE_ENUM_DEPENDS = 0x00000001,
    CLUSTER_RESOURCE_ENUM_PROVIDES = 0x00000002,
    CLUSTER_RESOURCE_ENUM_NODES = 0x00000004,
    CLUSTER_RESOURCE_ENUM_ALL = 0x00000007
} CLUSTER_RESOURCE_ENUM;

typedef enum CLUSTER_NETWORK_ENUM {
    CLUSTER_NETWORK_ENUM_NETINTERFACES = 0x00000001,
    CLUSTER_NETWORK_ENUM_ALL = 0x00000001
} CLUSTER_NETWORK_ENUM;

/* ----- CreateClusterResource flags ------------------------------------------------------ */

typedef enum CLUSTER_RESOURCE_CREATE_FLAGS {
    CLUSTER_RESOURCE_DEFAULT_MONITOR = 0,
    CLUSTER_RESOURCE_SEPARATE_MONITOR = 1,
    CLUSTER_RESOURCE_VALID_FLAGS = CLUSTER_RESOURCE_SEPARATE_MONITOR
} CLUSTER_RESOURCE_CREATE_FLAGS;

/* ----- GetClusterInformation ------------------------------------------------------------- */

#define CLUSTER_MAKE_VERSION(_maj, _min) (((_maj) << 16) | (_min))
#define CLUSTER_GET_MAJOR_VERSION(_ver) ((_ver) >> 16)
#define CLUSTER_GET_MINOR_VERSION(_ver) ((_ver) & 0xFFFF)

typedef struct CLUSTERVERSIONINFO_NT4 {
    DWORD dwVersionInfoSize;
    WORD MajorVersion;
    WORD MinorVersion;
    WORD BuildNumber;
    WCHAR szVendorId[64];
    WCHAR szCSDVersion[64];
} CLUSTERVERSIONINFO_NT4, *PCLUSTERVERSIONINFO_NT4;

typedef struct CLUSTERVERSIONINFO {
    DWORD dwVersionInfoSize;
    WORD MajorVersion;
    WORD MinorVersion;
    WORD BuildNumber;
    WCHAR szVendorId[64];
    WCHAR szCSDVersion[64];
    DWORD dwClusterHighestVersion;
    DWORD dwClusterLowestVersion;
    DWORD dwFlags;
    DWORD dwReserved;
} CLUSTERVERSIONINFO, *LPCLUSTERVERSIONINFO, *PCLUSTERVERSIONINFO;

/* ----- control codes (object << 24 | operation; values as in the Windows SDK) ----------- */

#define CLUSCTL_RESOURCE_GET_NAME 0x01000029u
#define CLUSCTL_RESOURCE_GET_RESOURCE_TYPE 0x0100002Du
#define CLUSCTL_RESOURCE_GET_ID 0x01000039u
#define CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES 0x01000059u
#define CLUSCTL_RESOURCE_SET_COMMON_PROPERTIES 0x0140005Eu
#define CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES 0x01000081u
#define CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES 0x01400086u

#define CLUSCTL_RESOURCE_TYPE_GET_COMMON_PROPERTIES 0x02000059u
#define CLUSCTL_RESOURCE_TYPE_SET_COMMON_PROPERTIES 0x0240005Eu
#define CLUSCTL_RESOURCE_TYPE_GET_PRIVATE_PROPERTIES 0x02000081u
#define CLUSCTL_RESOURCE_TYPE_SET_PRIVATE_PROPERTIES 0x02400086u

#define CLUSCTL_GROUP_GET_NAME 0x03000029u
#define CLUSCTL_GROUP_GET_ID 0x03000039u
#define CLUSCTL_GROUP_GET_COMMON_PROPERTIES 0x03000059u
#define CLUSCTL_GROUP_SET_COMMON_PROPERTIES 0x0340005Eu
#define CLUSCTL_GROUP_GET_PRIVATE_PROPERTIES 0x03000081u
#define CLUSCTL_GROUP_SET_PRIVATE_PROPERTIES 0x03400086u

#define CLUSCTL_NODE_GET_NAME 0x04000029u
#define CLUSCTL_NODE_GET_ID 0x04000039u
#define CLUSCTL_NODE_GET_COMMON_PROPERTIES 0x04000059u
#define CLUSCTL_NODE_SET_COMMON_PROPERTIES 0x0440005Eu
#define CLUSCTL_NODE_GET_PRIVATE_PROPERTIES 0x04000081u
#define CLUSCTL_NODE_SET_PRIVATE_PROPERTIES 0x04400086u

#define CLUSCTL_NETWORK_GET_NAME 0x05000029u
#define CLUSCTL_NETWORK_GET_ID 0x05000039u
#define CLUSCTL_NETWORK_GET_COMMON_PROPERTIES 0x05000059u
#define CLUSCTL_NETWORK_SET_COMMON_PROPERTIES 0x0540005Eu
#define CLUSCTL_NETWORK_GET_PRIVATE_PROPERTIES 0x05000081u
#define CLUSCTL_NETWORK_SET_PRIVATE_PROPERTIES 0x05400086u

#define CLUSCTL_NETINTERFACE_GET_NAME 0x06000029u
#define CLUSCTL_NETINTERFACE_GET_ID 0x06000039u
#define CLUSCTL_NETINTERFACE_GET_COMMON_PROPERTIES 0x06000059u
#define CLUSCTL_NETINTERFACE_SET_COMMON_PROPERTIES 0x0640005Eu
#define CLUSCTL_NETINTERFACE_GET_PRIVATE_PROPERTIES 0x06000081u
#define CLUSCTL_NETINTERFACE_SET_PRIVATE_PROPERTIES 0x06400086u

#define CLUSCTL_CLUSTER_GET_COMMON_PROPERTIES 0x07000059u
#define CLUSCTL_CLUSTER_SET_COMMON_PROPERTIES 0x0740005Eu
#define CLUSCTL_CLUSTER_GET_PRIVATE_PROPERTIES 0x07000081u
#define CLUSCTL_CLUSTER_SET_PRIVATE_PROPERTIES 0x07400086u

#include "clusapi_controls.h" /* the informational codes, GET_RO/ENUM/VALIDATE, their answers */

/* ----- property lists (CLUSPROP) -------------------------------------------------------- */

#define CLUSPROP_SYNTAX_ENDMARK 0x00000000u
#define CLUSPROP_SYNTAX_NAME 0x00040003u
#define CLUSPROP_SYNTAX_LIST_VALUE_BINARY 0x00010001u
#define CLUSPROP_SYNTAX_LIST_VALUE_DWORD 0x00010002u
#define CLUSPROP_SYNTAX_LIST_VALUE_SZ 0x00010003u
#define CLUSPROP_SYNTAX_LIST_VALUE_EXPAND_SZ 0x00010004u
#define CLUSPROP_SYNTAX_LIST_VALUE_MULTI_SZ 0x00010005u
#define CLUSPROP_SYNTAX_LIST_VALUE_ULARGE_INTEGER 0x00010006u

/* Bytes a CLUSPROP value of cb data bytes occupies (syntax, length, data, padding). */
#define ALIGN_CLUSPROP(count) (((count) + 3) & ~3u)

/* ----- cluster-database batches -------------------------------------------------------- */

typedef enum CLUSTER_REG_COMMAND {
    CLUSREG_COMMAND_NONE = 0,
    CLUSREG_SET_VALUE = 1,
    CLUSREG_CREATE_KEY = 2,
    CLUSREG_DELETE_KEY = 3,
    CLUSREG_DELETE_VALUE = 4,
    CLUSREG_SET_KEY_SECURITY = 5,
    CLUSREG_VALUE_DELETED = 6,
    CLUSREG_READ_KEY = 7,
    CLUSREG_READ_VALUE = 8,
    CLUSREG_READ_ERROR = 9,
    CLUSREG_CONTROL_COMMAND = 10,
    CLUSREG_CONDITION_EXISTS = 11,
    CLUSREG_CONDITION_NOT_EXISTS = 12,
    CLUSREG_CONDITION_IS_EQUAL = 13,
    CLUSREG_CONDITION_IS_NOT_EQUAL = 14,
    CLUSREG_CONDITION_IS_GREATER_THAN = 15,
    CLUSREG_CONDITION_IS_LESS_THAN = 16,
    CLUSREG_CONDITION_KEY_EXISTS = 17,
    CLUSREG_CONDITION_KEY_NOT_EXISTS = 18,
    CLUSREG_LAST_COMMAND = 19
} CLUSTER_REG_COMMAND;

#define CLUSREG_DATABASE_SYNC_WRITE_TO_ALL_NODES 1u
#define CLUSREG_DATABASE_ISOLATE_READ 2u

/* One record of a batch notification. wzName is never NULL ("" names the port's key);
 * lpData is NULL when cbData is 0. Valid until ClusterRegBatchCloseNotification. */
typedef struct _CLUSTER_BATCH_COMMAND {
    CLUSTER_REG_COMMAND Command;
    DWORD dwOptions;
    LPCWSTR wzName;
    BYTE const *lpData;
    DWORD cbData;
} CLUSTER_BATCH_COMMAND;

/* One result of a read batch: CLUSREG_READ_VALUE (dwOptions = type) or CLUSREG_READ_ERROR
 * (dwOptions = Win32 code). The names echo the request (NULL when it was NULL). Valid
 * until ClusterRegCloseReadBatchReply. */
typedef struct _CLUSTER_READ_BATCH_COMMAND {
    CLUSTER_REG_COMMAND Command;
    DWORD dwOptions;
    LPCWSTR wzSubkeyName;
    LPCWSTR wzValueName;
    BYTE const *lpData;
    DWORD cbData;
} CLUSTER_READ_BATCH_COMMAND;

/* ----- cluster ------------------------------------------------------------------------ */

HCLUSTER WINAPI OpenCluster(LPCWSTR lpszClusterName);
HCLUSTER WINAPI OpenClusterEx(LPCWSTR lpszClusterName, DWORD DesiredAccess, DWORD *GrantedAccess);
BOOL WINAPI CloseCluster(HCLUSTER hCluster);
DWORD WINAPI GetClusterInformation(HCLUSTER hCluster, LPWSTR lpszClusterName, LPDWORD lpcchClusterName,
                                   LPCLUSTERVERSIONINFO lpClusterInfo);
HCLUSENUM WINAPI ClusterOpenEnum(HCLUSTER hCluster, DWORD dwType);
DWORD WINAPI ClusterGetEnumCount(HCLUSENUM hEnum);
DWORD WINAPI ClusterEnum(HCLUSENUM hEnum, DWORD dwIndex, LPDWORD lpdwType, LPWSTR lpszName, LPDWORD lpcchName);
DWORD WINAPI ClusterCloseEnum(HCLUSENUM hEnum);
DWORD WINAPI GetClusterQuorumResource(HCLUSTER hCluster, LPWSTR lpszResourceName, LPDWORD lpcchResourceName,
                                      LPWSTR lpszDeviceName, LPDWORD lpcchDeviceName,
                                      LPDWORD lpdwMaxQuorumLogSize);
DWORD WINAPI SetClusterQuorumResource(HRESOURCE hResource, LPCWSTR lpszDeviceName, DWORD dwMaxQuoLogSize);
DWORD WINAPI ClusterControl(HCLUSTER hCluster, HNODE hHostNode, DWORD dwControlCode, LPVOID lpInBuffer,
                            DWORD nInBufferSize, LPVOID lpOutBuffer, DWORD nOutBufferSize,
                            LPDWORD lpBytesReturned);

/* ----- nodes -------------------------------------------------------------------------- */

HNODE WINAPI OpenClusterNode(HCLUSTER hCluster, LPCWSTR lpszNodeName);
BOOL WINAPI CloseClusterNode(HNODE hNode);
CLUSTER_NODE_STATE WINAPI GetClusterNodeState(HNODE hNode);
DWORD WINAPI PauseClusterNode(HNODE hNode);
DWORD WINAPI ResumeClusterNode(HNODE hNode);
DWORD WINAPI EvictClusterNode(HNODE hNode);
HNODEENUM WINAPI ClusterNodeOpenEnum(HNODE hNode, DWORD dwType);
DWORD WINAPI ClusterNodeGetEnumCount(HNODEENUM hNodeEnum);
DWORD WINAPI ClusterNodeEnum(HNODEENUM hNodeEnum, DWORD dwIndex, LPDWORD lpdwType, LPWSTR lpszName,
                             LPDWORD lpcchName);
DWORD WINAPI ClusterNodeCloseEnum(HNODEENUM hNodeEnum);
DWORD WINAPI ClusterNodeControl(HNODE hNode, HNODE hHostNode, DWORD dwControlCode, LPVOID lpInBuffer,
                                DWORD nInBufferSize, LPVOID lpOutBuffer, DWORD nOutBufferSize,
                                LPDWORD lpBytesReturned);

/* ----- groups ------------------------------------------------------------------------- */

HGROUP WINAPI OpenClusterGroup(HCLUSTER hCluster, LPCWSTR lpszGroupName);
HGROUP WINAPI CreateClusterGroup(HCLUSTER hCluster, LPCWSTR lpszGroupName);
BOOL WINAPI CloseClusterGroup(HGROUP hGroup);
DWORD WINAPI DeleteClusterGroup(HGROUP hGroup);
CLUSTER_GROUP_STATE WINAPI GetClusterGroupState(HGROUP hGroup, LPWSTR lpszNodeName, LPDWORD lpcchNodeName);
DWORD WINAPI SetClusterGroupName(HGROUP hGroup, LPCWSTR lpszGroupName);
DWORD WINAPI SetClusterGroupNodeList(HGROUP hGroup, DWORD NodeCount, HNODE NodeList[]);
DWORD WINAPI OnlineClusterGroup(HGROUP hGroup, HNODE hDestinationNode);
DWORD WINAPI OfflineClusterGroup(HGROUP hGroup);
DWORD WINAPI MoveClusterGroup(HGROUP hGroup, HNODE hDestinationNode);
HGROUPENUM WINAPI ClusterGroupOpenEnum(HGROUP hGroup, DWORD dwType);
DWORD WINAPI ClusterGroupGetEnumCount(HGROUPENUM hGroupEnum);
DWORD WINAPI ClusterGroupEnum(HGROUPENUM hGroupEnum, DWORD dwIndex, LPDWORD lpdwType, LPWSTR lpszResourceName,
                              LPDWORD lpcchName);
DWORD WINAPI ClusterGroupCloseEnum(HGROUPENUM hGroupEnum);
DWORD WINAPI ClusterGroupControl(HGROUP hGroup, HNODE hHostNode, DWORD dwControlCode, LPVOID lpInBuffer,
                                 DWORD nInBufferSize, LPVOID lpOutBuffer, DWORD nOutBufferSize,
                                 LPDWORD lpBytesReturned);

/* ----- resources ---------------------------------------------------------------------- */

HRESOURCE WINAPI OpenClusterResource(HCLUSTER hCluster, LPCWSTR lpszResourceName);
HRESOURCE WINAPI CreateClusterResource(HGROUP hGroup, LPCWSTR lpszResourceName, LPCWSTR lpszResourceType,
                                       DWORD dwFlags);
BOOL WINAPI CloseClusterResource(HRESOURCE hResource);
DWORD WINAPI DeleteClusterResource(HRESOURCE hResource);
CLUSTER_RESOURCE_STATE WINAPI GetClusterResourceState(HRESOURCE hResource, LPWSTR lpszNodeName,
                                                      LPDWORD lpcchNodeName, LPWSTR lpszGroupName,
                                                      LPDWORD lpcchGroupName);
DWORD WINAPI SetClusterResourceName(HRESOURCE hResource, LPCWSTR lpszResourceName);
DWORD WINAPI OnlineClusterResource(HRESOURCE hResource);
DWORD WINAPI OfflineClusterResource(HRESOURCE hResource);
DWORD WINAPI FailClusterResource(HRESOURCE hResource);
DWORD WINAPI AddClusterResourceDependency(HRESOURCE hResource, HRESOURCE hDependsOn);
DWORD WINAPI RemoveClusterResourceDependency(HRESOURCE hResource, HRESOURCE hDependsOn);
DWORD WINAPI AddClusterResourceNode(HRESOURCE hResource, HNODE hNode);
DWORD WINAPI RemoveClusterResourceNode(HRESOURCE hResource, HNODE hNode);
DWORD WINAPI ChangeClusterResourceGroup(HRESOURCE hResource, HGROUP hGroup);
HRESENUM WINAPI ClusterResourceOpenEnum(HRESOURCE hResource, DWORD dwType);
DWORD WINAPI ClusterResourceGetEnumCount(HRESENUM hResEnum);
DWORD WINAPI ClusterResourceEnum(HRESENUM hResEnum, DWORD dwIndex, LPDWORD lpdwType, LPWSTR lpszName,
                                 LPDWORD lpcchName);
DWORD WINAPI ClusterResourceCloseEnum(HRESENUM hResEnum);
DWORD WINAPI ClusterResourceControl(HRESOURCE hResource, HNODE hHostNode, DWORD dwControlCode,
                                    LPVOID lpInBuffer, DWORD cbInBufferSize, LPVOID lpOutBuffer,
                                    DWORD cbOutBufferSize, LPDWORD lpBytesReturned);

/* ----- resource types ------------------------------------------------------------------- */

DWORD WINAPI CreateClusterResourceType(HCLUSTER hCluster, LPCWSTR lpszResourceTypeName,
                                       LPCWSTR lpszDisplayName, LPCWSTR lpszResourceTypeDll,
                                       DWORD dwLooksAlivePollInterval, DWORD dwIsAlivePollInterval);
DWORD WINAPI DeleteClusterResourceType(HCLUSTER hCluster, LPCWSTR lpszResourceTypeName);
DWORD WINAPI ClusterResourceTypeControl(HCLUSTER hCluster, LPCWSTR lpszResourceTypeName, HNODE hHostNode,
                                        DWORD dwControlCode, LPVOID lpInBuffer, DWORD nInBufferSize,
                                        LPVOID lpOutBuffer, DWORD nOutBufferSize, LPDWORD lpBytesReturned);

/* ----- networks and network interfaces ------------------------------------------------------ */

HNETWORK WINAPI OpenClusterNetwork(HCLUSTER hCluster, LPCWSTR lpszNetworkName);
BOOL WINAPI CloseClusterNetwork(HNETWORK hNetwork);
CLUSTER_NETWORK_STATE WINAPI GetClusterNetworkState(HNETWORK hNetwork);
DWORD WINAPI SetClusterNetworkName(HNETWORK hNetwork, LPCWSTR lpszName);
HNETWORKENUM WINAPI ClusterNetworkOpenEnum(HNETWORK hNetwork, DWORD dwType);
DWORD WINAPI ClusterNetworkGetEnumCount(HNETWORKENUM hNetworkEnum);
DWORD WINAPI ClusterNetworkEnum(HNETWORKENUM hNetworkEnum, DWORD dwIndex, LPDWORD lpdwType, LPWSTR lpszName,
                                LPDWORD lpcchName);
DWORD WINAPI ClusterNetworkCloseEnum(HNETWORKENUM hNetworkEnum);
DWORD WINAPI ClusterNetworkControl(HNETWORK hNetwork, HNODE hHostNode, DWORD dwControlCode, LPVOID lpInBuffer,
                                   DWORD nInBufferSize, LPVOID lpOutBuffer, DWORD nOutBufferSize,
                                   LPDWORD lpBytesReturned);

HNETINTERFACE WINAPI OpenClusterNetInterface(HCLUSTER hCluster, LPCWSTR lpszInterfaceName);
BOOL WINAPI CloseClusterNetInterface(HNETINTERFACE hNetInterface);
CLUSTER_NETINTERFACE_STATE WINAPI GetClusterNetInterfaceState(HNETINTERFACE hNetInterface);
DWORD WINAPI GetClusterNetInterface(HCLUSTER hCluster, LPCWSTR lpszNodeName, LPCWSTR lpszNetworkName,
                                    LPWSTR lpszInterfaceName, LPDWORD lpcchInterfaceName);
DWORD WINAPI ClusterNetInterfaceControl(HNETINTERFACE hNetInterface, HNODE hHostNode, DWORD dwControlCode,
                                        LPVOID lpInBuffer, DWORD nInBufferSize, LPVOID lpOutBuffer,
                                        DWORD nOutBufferSize, LPDWORD lpBytesReturned);

/* ----- V1 notification ports -------------------------------------------------------------- */

HCHANGE WINAPI CreateClusterNotifyPort(HCHANGE hChange, HCLUSTER hCluster, DWORD dwFilter, DWORD_PTR dwNotifyKey);
DWORD WINAPI RegisterClusterNotify(HCHANGE hChange, DWORD dwFilterType, HANDLE hObject, DWORD_PTR dwNotifyKey);
DWORD WINAPI GetClusterNotify(HCHANGE hChange, DWORD_PTR *lpdwNotifyKey, LPDWORD lpdwFilterType, LPWSTR lpszName,
                              LPDWORD lpcchName, DWORD dwMilliseconds);
BOOL WINAPI CloseClusterNotifyPort(HCHANGE hChange);

/* ----- the cluster database -------------------------------------------------------------- */

HKEY WINAPI GetClusterKey(HCLUSTER hCluster, REGSAM samDesired);
HKEY WINAPI GetClusterGroupKey(HGROUP hGroup, REGSAM samDesired);
HKEY WINAPI GetClusterResourceKey(HRESOURCE hResource, REGSAM samDesired);
HKEY WINAPI GetClusterNodeKey(HNODE hNode, REGSAM samDesired);
HKEY WINAPI GetClusterNetworkKey(HNETWORK hNetwork, REGSAM samDesired);
HKEY WINAPI GetClusterNetInterfaceKey(HNETINTERFACE hNetInterface, REGSAM samDesired);
HKEY WINAPI GetClusterResourceTypeKey(HCLUSTER hCluster, LPCWSTR lpszTypeName, REGSAM samDesired);
LONG WINAPI ClusterRegCreateKey(HKEY hKey, LPCWSTR lpszSubKey, DWORD dwOptions, REGSAM samDesired,
                                LPSECURITY_ATTRIBUTES lpSecurityAttributes, PHKEY phkResult,
                                LPDWORD lpdwDisposition);
LONG WINAPI ClusterRegOpenKey(HKEY hKey, LPCWSTR lpszSubKey, REGSAM samDesired, PHKEY phkResult);
LONG WINAPI ClusterRegDeleteKey(HKEY hKey, LPCWSTR lpszSubKey);
LONG WINAPI ClusterRegCloseKey(HKEY hKey);
DWORD WINAPI ClusterRegSetValue(HKEY hKey, LPCWSTR lpszValueName, DWORD dwType, const BYTE *lpData, DWORD cbData);
DWORD WINAPI ClusterRegDeleteValue(HKEY hKey, LPCWSTR lpszValueName);
LONG WINAPI ClusterRegQueryValue(HKEY hKey, LPCWSTR lpszValueName, LPDWORD lpdwValueType, LPBYTE lpData,
                                 LPDWORD lpcbData);
LONG WINAPI ClusterRegEnumKey(HKEY hKey, DWORD dwIndex, LPWSTR lpszName, LPDWORD lpcchName,
                              PFILETIME lpftLastWriteTime);
DWORD WINAPI ClusterRegEnumValue(HKEY hKey, DWORD dwIndex, LPWSTR lpszValueName, LPDWORD lpcchValueName,
                                 LPDWORD lpdwType, LPBYTE lpData, LPDWORD lpcbData);
LONG WINAPI ClusterRegQueryInfoKey(HKEY hKey, LPDWORD lpcSubKeys, LPDWORD lpcchMaxSubKeyLen, LPDWORD lpcValues,
                                   LPDWORD lpcchMaxValueNameLen, LPDWORD lpcbMaxValueLen,
                                   LPDWORD lpcbSecurityDescriptor, PFILETIME lpftLastWriteTime);
LONG WINAPI ClusterRegGetKeySecurity(HKEY hKey, SECURITY_INFORMATION RequestedInformation,
                                     PSECURITY_DESCRIPTOR pSecurityDescriptor, LPDWORD lpcbSecurityDescriptor);
LONG WINAPI ClusterRegSetKeySecurity(HKEY hKey, SECURITY_INFORMATION SecurityInformation,
                                     PSECURITY_DESCRIPTOR pSecurityDescriptor);

/* ----- write batches ----------------------------------------------------------------------- */

LONG WINAPI ClusterRegCreateBatch(HKEY hKey, HREGBATCH *pHREGBATCH);
LONG WINAPI ClusterRegBatchAddCommand(HREGBATCH hRegBatch, CLUSTER_REG_COMMAND dwCommand, LPCWSTR wzName,
                                      DWORD dwOptions, const void *lpData, DWORD cbData);
LONG WINAPI ClusterRegCloseBatch(HREGBATCH hRegBatch, BOOL bCommit, INT *failedCommandNumber);
LONG WINAPI ClusterRegCloseBatchEx(HREGBATCH hRegBatch, DWORD flags, INT *failedCommandNumber);

/* ----- batch notification ports ----------------------------------------------------------- */

LONG WINAPI ClusterRegCreateBatchNotifyPort(HKEY hKey, HREGBATCHPORT *phBatchNotifyPort);
LONG WINAPI ClusterRegCloseBatchNotifyPort(HREGBATCHPORT hBatchNotifyPort);
LONG WINAPI ClusterRegGetBatchNotification(HREGBATCHPORT hBatchNotify, HREGBATCHNOTIFICATION *phBatchNotification);
LONG WINAPI ClusterRegBatchReadCommand(HREGBATCHNOTIFICATION hBatchNotification,
                                       CLUSTER_BATCH_COMMAND *pBatchCommand);
LONG WINAPI ClusterRegBatchCloseNotification(HREGBATCHNOTIFICATION hBatchNotification);

/* ----- read batches ------------------------------------------------------------------------ */

LONG WINAPI ClusterRegCreateReadBatch(HKEY hKey, HREGREADBATCH *phRegReadBatch);
LONG WINAPI ClusterRegReadBatchAddCommand(HREGREADBATCH hRegReadBatch, LPCWSTR wzSubkeyName, LPCWSTR wzValueName);
LONG WINAPI ClusterRegCloseReadBatch(HREGREADBATCH hRegReadBatch, HREGREADBATCHREPLY *phRegReadBatchReply);
LONG WINAPI ClusterRegCloseReadBatchEx(HREGREADBATCH hRegReadBatch, DWORD flags,
                                       HREGREADBATCHREPLY *phRegReadBatchReply);
LONG WINAPI ClusterRegReadBatchReplyNextCommand(HREGREADBATCHREPLY hRegReadBatchReply,
                                                CLUSTER_READ_BATCH_COMMAND *pBatchCommand);
LONG WINAPI ClusterRegCloseReadBatchReply(HREGREADBATCHREPLY hRegReadBatchReply);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CLUSIM_CLUSAPI_H */
