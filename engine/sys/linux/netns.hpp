#pragma once

#include <filesystem>
#include <functional>

#include <sys/types.h>

#include "engine/sys/linux/unique_fd.hpp"

// Network namespaces that outlive their processes, and running code inside one.
//
// A thread's network namespace decides where its netlink sockets, its /proc/sys/net and any
// socket it creates live; it is per thread, so the daemon's threads never switch namespace:
// every function here does the switching on a short-lived thread of its own.
namespace engine::sys {

/// Creates a new network namespace and keeps it alive by bind-mounting it on the file `path`
/// (created here, with missing parent directories), as `ip netns add` does with
/// /run/netns/<name>; its `lo` is up. The calling thread stays in its namespace. `path` must be
/// absolute, in a directory meant for namespaces only (the daemon's <exec-root>/netns).
///
/// The parent directory is made a shared mount of its own first (bound onto itself unless it
/// is a mount point already), as `ip netns` does with /run/netns: the namespace mounts in it
/// then propagate to the mount namespaces that are peers or slaves of ours, so tools there can
/// open them by path, and so do their unmounts. That directory mount stays for the life of the
/// host, like /run/netns. A private directory would hide the namespaces from those mount
/// namespaces and gain nothing in exchange. Freeing a namespace does not rest on propagation alone: deleting the file
/// detaches the mounts on it in every mount namespace (Linux 3.18+), so a copy another mount
/// namespace took (a container's before it pivots) cannot keep the namespace alive.
///
/// Throws Error(kAlreadyExists) when `path` exists; leaves no file or mount at `path` behind
/// on failure.
void CreatePersistentNetns(const std::filesystem::path& path);

/// Unmounts (lazily, MNT_DETACH) and deletes a namespace made by CreatePersistentNetns; a
/// leftover file that is not mounted is deleted too, an absent `path` is no error. The kernel
/// frees the namespace, and destroys the links still in it (a veth's host end with them),
/// once nothing else refers to it (processes, open descriptors, sockets, other mounts), and
/// even then asynchronously: links can linger for some milliseconds after this returns.
void RemovePersistentNetns(const std::filesystem::path& path);

/// A descriptor of the network namespace at `path` (a CreatePersistentNetns file or
/// /proc/<pid>/ns/net), for MoveToNetns or setns. Throws Error(kNotFound) when `path` does
/// not exist or is not a network namespace (an unmounted leftover file).
UniqueFd OpenNetns(const std::filesystem::path& path);

/// Runs `work` on a new thread that joined the network namespace at `netns`, and waits for
/// it; an exception from `work` is rethrown here. Sockets `work` creates stay in that
/// namespace after it returns, wherever they are used from. Thread-local state of the caller
/// is not visible to `work`.
void RunInNetns(const std::filesystem::path& netns, const std::function<void()>& work);

/// RunInNetns in the network namespace of process `pid` (/proc/<pid>/ns/net); kNotFound when
/// there is no such process. Named apart rather than overloaded so that a call site says
/// whether its int is a pid (descriptors are ints too).
void RunInProcessNetns(pid_t pid, const std::function<void()>& work);

}  // namespace engine::sys
