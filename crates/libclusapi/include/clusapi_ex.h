/*
 * clusapi_ex.h — the Ex enumerations (CLUSTER_ENUM_ITEM and the group / resource items),
 * the network-interface and resource-type enumerations, and the Ex group, resource and
 * node functions, as clusapi.h declares them. Included by clusapi.h; include that, not
 * this file. spec/c-abi.md CABI-ENUM-EX, CABI-OPS-EX.
 */
#ifndef CLUSIM_CLUSAPI_EX_H
#define CLUSIM_CLUSAPI_EX_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _HCLUSENUMEX *HCLUSENUMEX;
typedef struct _HNODEENUMEX *HNODEENUMEX;
typedef struct _HGROUPENUMEX *HGROUPENUMEX;
typedef struct _HRESENUMEX *HRESENUMEX;
typedef struct _HNETINTERFACEENUM *HNETINTERFACEENUM;
typedef struct _HRESTYPEENUM *HRESTYPEENUM;

/* ----- enumeration kinds beyond CLUSTER_ENUM_ALL --------------------------------------- */

#define CLUSTER_ENUM_SHARED_VOLUME_GROUP 0x20000000u
#define CLUSTER_ENUM_SHARED_VOLUME_RESOURCE 0x40000000u
#define CLUSTER_ENUM_INTERNAL_NETWORK 0x80000000u
#define CLUSTER_NODE_ENUM_PREFERRED_GROUPS 0x00000004u
#define CLUSTER_RESOURCE_TYPE_ENUM_NODES 0x00000001u
#define CLUSTER_RESOURCE_TYPE_ENUM_RESOURCES 0x00000002u
#define CLUSTER_RESOURCE_TYPE_ENUM_ALL 0x00000003u

/* ----- Ex enumeration items ---------------------------------------------------------------- */

#define CLUSTER_ENUM_ITEM_VERSION_1 0x00000001u
#define CLUSTER_ENUM_ITEM_VERSION CLUSTER_ENUM_ITEM_VERSION_1
#define CLUSTER_GROUP_ENUM_ITEM_VERSION_1 0x00000001u
#define CLUSTER_GROUP_ENUM_ITEM_VERSION CLUSTER_GROUP_ENUM_ITEM_VERSION_1
#define CLUSTER_RESOURCE_ENUM_ITEM_VERSION_1 0x00000001u
#define CLUSTER_RESOURCE_ENUM_ITEM_VERSION CLUSTER_RESOURCE_ENUM_ITEM_VERSION_1

typedef struct _CLUSTER_ENUM_ITEM {
    DWORD dwVersion;
    DWORD dwType;
    DWORD cbId;
    LPWSTR lpszId;
    DWORD cbName;
    LPWSTR lpszName;
} CLUSTER_ENUM_ITEM, *PCLUSTER_ENUM_ITEM;

typedef struct _CLUSTER_GROUP_ENUM_ITEM {
    DWORD dwVersion;
    DWORD cbId;
    LPWSTR lpszId;
    DWORD cbName;
    LPWSTR lpszName;
    CLUSTER_GROUP_STATE state;
    DWORD cbOwnerNode;
    LPWSTR lpszOwnerNode;
    DWORD dwFlags;
    DWORD cbProperties;
    LPVOID pProperties;
    DWORD cbRoProperties;
    LPVOID pRoProperties;
} CLUSTER_GROUP_ENUM_ITEM, *PCLUSTER_GROUP_ENUM_ITEM;

typedef struct _CLUSTER_RESOURCE_ENUM_ITEM {
    DWORD dwVersion;
    DWORD cbId;
    LPWSTR lpszId;
    DWORD cbName;
    LPWSTR lpszName;
    DWORD cbOwnerGroupName;
    LPWSTR lpszOwnerGroupName;
    DWORD cbOwnerGroupId;
    LPWSTR lpszOwnerGroupId;
    DWORD cbProperties;
    LPVOID pProperties;
    DWORD cbRoProperties;
    LPVOID pRoProperties;
} CLUSTER_RESOURCE_ENUM_ITEM, *PCLUSTER_RESOURCE_ENUM_ITEM;

HCLUSENUMEX WINAPI ClusterOpenEnumEx(HCLUSTER hCluster, DWORD dwType, LPVOID pOptions);
DWORD WINAPI ClusterGetEnumCountEx(HCLUSENUMEX hClusterEnum);
DWORD WINAPI ClusterEnumEx(HCLUSENUMEX hClusterEnum, DWORD dwIndex, PCLUSTER_ENUM_ITEM pItem, LPDWORD cbItem);
DWORD WINAPI ClusterCloseEnumEx(HCLUSENUMEX hClusterEnum);
HNODEENUMEX WINAPI ClusterNodeOpenEnumEx(HNODE hNode, DWORD dwType, LPVOID pOptions);
DWORD WINAPI ClusterNodeGetEnumCountEx(HNODEENUMEX hNodeEnum);
DWORD WINAPI ClusterNodeEnumEx(HNODEENUMEX hNodeEnum, DWORD dwIndex, PCLUSTER_ENUM_ITEM pItem, LPDWORD cbItem);
DWORD WINAPI ClusterNodeCloseEnumEx(HNODEENUMEX hNodeEnum);
HGROUPENUMEX WINAPI ClusterGroupOpenEnumEx(HCLUSTER hCluster, LPCWSTR lpszProperties, DWORD cbProperties,
                                           LPCWSTR lpszRoProperties, DWORD cbRoProperties, DWORD dwFlags);
DWORD WINAPI ClusterGroupGetEnumCountEx(HGROUPENUMEX hGroupEnumEx);
DWORD WINAPI ClusterGroupEnumEx(HGROUPENUMEX hGroupEnumEx, DWORD dwIndex, PCLUSTER_GROUP_ENUM_ITEM pItem,
                                LPDWORD cbItem);
DWORD WINAPI ClusterGroupCloseEnumEx(HGROUPENUMEX hGroupEnumEx);
HRESENUMEX WINAPI ClusterResourceOpenEnumEx(HCLUSTER hCluster, LPCWSTR lpszProperties, DWORD cbProperties,
                                            LPCWSTR lpszRoProperties, DWORD cbRoProperties, DWORD dwFlags);
DWORD WINAPI ClusterResourceGetEnumCountEx(HRESENUMEX hResourceEnumEx);
DWORD WINAPI ClusterResourceEnumEx(HRESENUMEX hResourceEnumEx, DWORD dwIndex, PCLUSTER_RESOURCE_ENUM_ITEM pItem,
                                   LPDWORD cbItem);
DWORD WINAPI ClusterResourceCloseEnumEx(HRESENUMEX hResourceEnumEx);

HNETINTERFACEENUM WINAPI ClusterNetInterfaceOpenEnum(HCLUSTER hCluster, LPCWSTR lpszNodeName,
                                                     LPCWSTR lpszNetworkName);
DWORD WINAPI ClusterNetInterfaceEnum(HNETINTERFACEENUM hNetInterfaceEnum, DWORD dwIndex, LPWSTR lpszName,
                                     LPDWORD lpcchName);
DWORD WINAPI ClusterNetInterfaceCloseEnum(HNETINTERFACEENUM hNetInterfaceEnum);
HRESTYPEENUM WINAPI ClusterResourceTypeOpenEnum(HCLUSTER hCluster, LPCWSTR lpszResourceTypeName, DWORD dwType);
DWORD WINAPI ClusterResourceTypeGetEnumCount(HRESTYPEENUM hResTypeEnum);
DWORD WINAPI ClusterResourceTypeEnum(HRESTYPEENUM hResTypeEnum, DWORD dwIndex, LPDWORD lpdwType, LPWSTR lpszName,
                                     LPDWORD lpcchName);
DWORD WINAPI ClusterResourceTypeCloseEnum(HRESTYPEENUM hResTypeEnum);

/* ----- Ex group and resource operations ---------------------------------------------------- */

#define CLUSAPI_GROUP_ONLINE_IGNORE_RESOURCE_STATUS 0x00000001u
#define CLUSAPI_GROUP_ONLINE_SYNCHRONOUS 0x00000002u
#define CLUSAPI_GROUP_ONLINE_BEST_POSSIBLE_NODE 0x00000004u
#define CLUSAPI_GROUP_ONLINE_IGNORE_AFFINITY_RULE 0x00000008u
#define CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS 0x00000001u
#define CLUSAPI_GROUP_MOVE_IGNORE_RESOURCE_STATUS 0x00000001u
#define CLUSAPI_GROUP_MOVE_RETURN_TO_SOURCE_NODE_ON_ERROR 0x00000002u
#define CLUSAPI_GROUP_MOVE_QUEUE_ENABLED 0x00000004u
#define CLUSAPI_GROUP_MOVE_HIGH_PRIORITY_START 0x00000008u
#define CLUSAPI_GROUP_MOVE_FAILBACK 0x00000010u
#define CLUSAPI_GROUP_MOVE_IGNORE_AFFINITY_RULE 0x00000020u
#define CLUSAPI_RESOURCE_ONLINE_IGNORE_RESOURCE_STATUS 0x00000001u
#define CLUSAPI_RESOURCE_ONLINE_DO_NOT_UPDATE_PERSISTENT_STATE 0x00000002u
#define CLUSAPI_RESOURCE_ONLINE_NECESSARY_FOR_QUORUM 0x00000004u
#define CLUSAPI_RESOURCE_ONLINE_BEST_POSSIBLE_NODE 0x00000008u
#define CLUSAPI_RESOURCE_ONLINE_IGNORE_AFFINITY_RULE 0x00000020u
#define CLUSAPI_RESOURCE_OFFLINE_IGNORE_RESOURCE_STATUS 0x00000001u
#define CLUSAPI_RESOURCE_OFFLINE_FORCE_WITH_TERMINATION 0x00000002u
#define CLUSAPI_RESOURCE_OFFLINE_DO_NOT_UPDATE_PERSISTENT_STATE 0x00000004u

typedef enum CLUSGROUP_TYPE {
    ClusGroupTypeCoreCluster = 1,
    ClusGroupTypeAvailableStorage = 2,
    ClusGroupTypeTemporary = 3,
    ClusGroupTypeFileServer = 100,
    ClusGroupTypeGenericApplication = 107,
    ClusGroupTypeGenericService = 108,
    ClusGroupTypeVirtualMachine = 111,
    ClusGroupTypeUnknown = 9999
} CLUSGROUP_TYPE;

#define CLUSTER_CREATE_GROUP_INFO_VERSION_1 0x00000001u
#define CLUSTER_CREATE_GROUP_INFO_VERSION CLUSTER_CREATE_GROUP_INFO_VERSION_1

typedef struct _CLUSTER_CREATE_GROUP_INFO {
    DWORD dwVersion;
    CLUSGROUP_TYPE groupType;
} CLUSTER_CREATE_GROUP_INFO, *PCLUSTER_CREATE_GROUP_INFO;

typedef enum NODE_CLUSTER_STATE {
    ClusterStateNotInstalled = 0x00000000,
    ClusterStateNotConfigured = 0x00000001,
    ClusterStateNotRunning = 0x00000003,
    ClusterStateRunning = 0x00000013
} NODE_CLUSTER_STATE;

DWORD WINAPI OnlineClusterGroupEx(HGROUP hGroup, HNODE hDestinationNode, DWORD dwOnlineFlags, LPBYTE lpInBuffer,
                                  DWORD cbInBufferSize);
DWORD WINAPI OnlineClusterGroupEx2(HGROUP hGroup, HNODE hDestinationNode, DWORD dwOnlineFlags, LPBYTE lpInBuffer,
                                   DWORD cbInBufferSize, LPCWSTR lpszReason);
DWORD WINAPI OfflineClusterGroupEx(HGROUP hGroup, DWORD dwOfflineFlags, LPBYTE lpInBuffer, DWORD cbInBufferSize);
DWORD WINAPI OfflineClusterGroupEx2(HGROUP hGroup, DWORD dwOfflineFlags, LPBYTE lpInBuffer, DWORD cbInBufferSize,
                                    LPCWSTR lpszReason);
DWORD WINAPI MoveClusterGroupEx(HGROUP hGroup, HNODE hDestinationNode, DWORD dwMoveFlags, LPBYTE lpInBuffer,
                                DWORD cbInBufferSize);
DWORD WINAPI MoveClusterGroupEx2(HGROUP hGroup, HNODE hDestinationNode, DWORD dwMoveFlags, LPBYTE lpInBuffer,
                                 DWORD cbInBufferSize, LPCWSTR lpszReason);
DWORD WINAPI CancelClusterGroupOperation(HGROUP hGroup, DWORD dwCancelFlags_RESERVED);
DWORD WINAPI OnlineClusterResourceEx(HRESOURCE hResource, DWORD dwOnlineFlags, LPBYTE lpInBuffer,
                                     DWORD cbInBufferSize);
DWORD WINAPI OnlineClusterResourceEx2(HRESOURCE hResource, DWORD dwOnlineFlags, LPBYTE lpInBuffer,
                                      DWORD cbInBufferSize, LPCWSTR lpszReason);
DWORD WINAPI OfflineClusterResourceEx(HRESOURCE hResource, DWORD dwOfflineFlags, LPBYTE lpInBuffer,
                                      DWORD cbInBufferSize);
DWORD WINAPI OfflineClusterResourceEx2(HRESOURCE hResource, DWORD dwOfflineFlags, LPBYTE lpInBuffer,
                                       DWORD cbInBufferSize, LPCWSTR lpszReason);
DWORD WINAPI RestartClusterResource(HRESOURCE hResource, DWORD dwFlags);
DWORD WINAPI RestartClusterResourceEx(HRESOURCE hResource, DWORD dwFlags, LPCWSTR lpszReason);
HGROUP WINAPI CreateClusterGroupEx(HCLUSTER hCluster, LPCWSTR lpszGroupName, PCLUSTER_CREATE_GROUP_INFO pGroupInfo);
DWORD WINAPI DestroyClusterGroup(HGROUP hGroup);
DWORD WINAPI DestroyClusterGroupEx(HGROUP hGroup, LPCWSTR lpszReason);
DWORD WINAPI DeleteClusterGroupEx(HGROUP hGroup, LPCWSTR lpszReason);
DWORD WINAPI DeleteClusterResourceEx(HRESOURCE hResource, LPCWSTR lpszReason);
DWORD WINAPI FailClusterResourceEx(HRESOURCE hResource, LPCWSTR lpszReason);
HRESOURCE WINAPI CreateClusterResourceEx(HGROUP hGroup, LPCWSTR lpszResourceName, LPCWSTR lpszResourceType,
                                         DWORD dwFlags, LPCWSTR lpszReason);
DWORD WINAPI GetClusterResourceDependencyExpression(HRESOURCE hResource, LPWSTR lpszDependencyExpression,
                                                    LPDWORD lpcchDependencyExpression);
DWORD WINAPI SetClusterResourceDependencyExpression(HRESOURCE hResource, LPCWSTR lpszDependencyExpression);
BOOL WINAPI GetClusterResourceNetworkName(HRESOURCE hResource, LPWSTR lpBuffer, LPDWORD nSize);
BOOL WINAPI CanResourceBeDependent(HRESOURCE hResource, HRESOURCE hResourceDependent);
DWORD WINAPI GetNodeClusterState(LPCWSTR lpszNodeName, LPDWORD pdwClusterState);
DWORD WINAPI GetClusterNodeId(HNODE hNode, LPWSTR lpszNodeId, LPDWORD lpcchName);
HCLUSTER WINAPI GetClusterFromNode(HNODE hNode);
HCLUSTER WINAPI GetClusterFromGroup(HGROUP hGroup);
HCLUSTER WINAPI GetClusterFromResource(HRESOURCE hResource);
HCLUSTER WINAPI GetClusterFromNetwork(HNETWORK hNetwork);
HCLUSTER WINAPI GetClusterFromNetInterface(HNETINTERFACE hNetInterface);
HNODE WINAPI OpenClusterNodeEx(HCLUSTER hCluster, LPCWSTR lpszNodeName, DWORD dwDesiredAccess,
                               LPDWORD lpdwGrantedAccess);
HGROUP WINAPI OpenClusterGroupEx(HCLUSTER hCluster, LPCWSTR lpszGroupName, DWORD dwDesiredAccess,
                                 LPDWORD lpdwGrantedAccess);
HRESOURCE WINAPI OpenClusterResourceEx(HCLUSTER hCluster, LPCWSTR lpszResourceName, DWORD dwDesiredAccess,
                                       LPDWORD lpdwGrantedAccess);
HNETWORK WINAPI OpenClusterNetworkEx(HCLUSTER hCluster, LPCWSTR lpszNetworkName, DWORD dwDesiredAccess,
                                     LPDWORD lpdwGrantedAccess);
HNETINTERFACE WINAPI OpenClusterNetInterfaceEx(HCLUSTER hCluster, LPCWSTR lpszInterfaceName, DWORD dwDesiredAccess,
                                               LPDWORD lpdwGrantedAccess);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CLUSIM_CLUSAPI_EX_H */
