// The documented watcher in C++17: the same program as watcher.c, written the way a
// C++ client would (std::thread, std::u16string, u"..." literals — WCHAR is char16_t
// without -fshort-wchar).
//
// Build with the README's g++ lines (no -fshort-wchar: the u"..." literals need WCHAR to
// be char16_t), e.g.
//   g++ -std=c++17 -I crates/libclusapi/include watcher.cpp target/release/libclusapi.a -lpthread -ldl -lm
#include <clusapi.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

static_assert(std::is_same<WCHAR, char16_t>::value,
              "watcher.cpp uses u\"...\" literals: build it without -fshort-wchar (README, \"C and C++\")");

namespace {

constexpr DWORD_PTR kResourceEvents = 1;
constexpr DWORD_PTR kDatabaseEvents = 2;

struct ToCreate {
    const WCHAR *name;
    const WCHAR *type;
};
const ToCreate kToCreate[] = {
    {u"Disk X", u"Physical Disk"},       {u"Address X", u"IP Address"}, {u"Disk Y", u"Physical Disk"},
    {u"Service X", u"Generic Service"}, {u"Name X", u"Network Name"},
};
constexpr int kCreated = sizeof kToCreate / sizeof kToCreate[0];

[[noreturn]] void die(const char *what, DWORD code) {
    std::fprintf(stderr, "watcher++: %s failed: %lu\n", what, static_cast<unsigned long>(code));
    std::exit(1);
}

std::string narrow(const std::u16string &w) {
    std::string out;
    for (char16_t c : w) out.push_back(c < 128 ? static_cast<char>(c) : '?');
    return out;
}

void create_resources() {
    HCLUSTER cluster = OpenCluster(nullptr);
    if (!cluster) die("OpenCluster (creator)", GetLastError());
    HGROUP group = OpenClusterGroup(cluster, u"Available Storage");
    if (!group) die("OpenClusterGroup", GetLastError());
    for (const auto &r : kToCreate) {
        HRESOURCE h = CreateClusterResource(group, r.name, r.type, CLUSTER_RESOURCE_DEFAULT_MONITOR);
        if (!h) die("CreateClusterResource", GetLastError());
        CloseClusterResource(h);
    }
    CloseClusterGroup(group);
    CloseCluster(cluster);
}

std::u16string resource_type(HRESOURCE resource) {
    DWORD needed = 0;
    DWORD rc = ClusterResourceControl(resource, nullptr, CLUSCTL_RESOURCE_GET_RESOURCE_TYPE, nullptr, 0, nullptr,
                                      0, &needed);
    if (rc != ERROR_MORE_DATA) die("ClusterResourceControl (size)", rc);
    std::vector<WCHAR> buf(needed / sizeof(WCHAR));
    rc = ClusterResourceControl(resource, nullptr, CLUSCTL_RESOURCE_GET_RESOURCE_TYPE, nullptr, 0, buf.data(),
                                needed, &needed);
    if (rc != ERROR_SUCCESS) die("ClusterResourceControl", rc);
    return std::u16string(buf.data());
}

}  // namespace

int main() {
    HCLUSTER cluster = OpenCluster(nullptr);
    if (!cluster) die("OpenCluster", GetLastError());
    HCHANGE port = CreateClusterNotifyPort(static_cast<HCHANGE>(INVALID_HANDLE_VALUE), cluster,
                                           CLUSTER_CHANGE_RESOURCE_ADDED | CLUSTER_CHANGE_RESOURCE_DELETED |
                                               CLUSTER_CHANGE_RESOURCE_PROPERTY | CLUSTER_CHANGE_RESOURCE_STATE,
                                           kResourceEvents);
    if (!port) die("CreateClusterNotifyPort", GetLastError());
    if (CreateClusterNotifyPort(port, cluster,
                                CLUSTER_CHANGE_REGISTRY_NAME | CLUSTER_CHANGE_REGISTRY_ATTRIBUTES |
                                    CLUSTER_CHANGE_REGISTRY_VALUE | CLUSTER_CHANGE_REGISTRY_SUBTREE,
                                kDatabaseEvents) != port) {
        die("CreateClusterNotifyPort (add)", GetLastError());
    }

    std::thread creator(create_resources);

    std::vector<WCHAR> name(4);
    int added = 0, disks = 0, database_events = 0, timeouts = 0;
    while (timeouts < 20) {
        DWORD_PTR key = 0;
        DWORD filter = 0;
        DWORD cch = static_cast<DWORD>(name.size());
        DWORD rc = GetClusterNotify(port, &key, &filter, name.data(), &cch, 500);
        if (rc == WAIT_TIMEOUT) {
            if (added == kCreated) break;
            ++timeouts;
            continue;
        }
        if (rc == ERROR_MORE_DATA) {
            name.resize(cch + 1);
            continue;
        }
        if (rc != ERROR_SUCCESS) die("GetClusterNotify", rc);
        if (key == kDatabaseEvents) {
            ++database_events;
            continue;
        }
        if (key == kResourceEvents && filter == CLUSTER_CHANGE_RESOURCE_ADDED) {
            ++added;
            HRESOURCE resource = OpenClusterResource(cluster, name.data());
            if (!resource) die("OpenClusterResource", GetLastError());
            if (resource_type(resource) == u"Physical Disk") {
                std::printf("physical disk: %s\n", narrow(std::u16string(name.data(), cch)).c_str());
                ++disks;
            }
            CloseClusterResource(resource);
        }
    }
    creator.join();
    std::printf("resources added: %d, physical disks: %d, database events: %d\n", added, disks, database_events);
    CloseClusterNotifyPort(port);
    CloseCluster(cluster);
    return added == kCreated && disks == 2 && database_events > 0 ? 0 : 2;
}
