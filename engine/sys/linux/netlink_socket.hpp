#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/route.h>

#include "engine/base/error.hpp"

// What the netlink_*.cpp files share; not part of the public API (see netlink.hpp).
namespace engine::sys::detail {

/// Drops libnl's reference to an object; one overload per type these files use.
struct NlDeleter {
    void operator()(nl_sock* socket) const { nl_socket_free(socket); }
    void operator()(nl_cache* cache) const { nl_cache_free(cache); }
    void operator()(nl_addr* address) const { nl_addr_put(address); }
    void operator()(rtnl_link* link) const { rtnl_link_put(link); }
    void operator()(rtnl_addr* address) const { rtnl_addr_put(address); }
    void operator()(rtnl_route* route) const { rtnl_route_put(route); }
};

template <typename T>
using NlPtr = std::unique_ptr<T, NlDeleter>;

/// The errno and extended-ack text of the last error the kernel answered a request with.
struct KernelError {
    int error_number = 0;
    std::string message;
};

/// A NETLINK_ROUTE socket in the calling thread's network namespace. It asks the kernel for
/// extended acks and keeps the errno and text of a refused request, since libnl folds errnos
/// into its own coarser codes (ENETUNREACH becomes "Unspecific failure"). Not movable: the
/// socket's error callback points at this object.
class NetlinkSocket final {
  public:
    NetlinkSocket();
    NetlinkSocket(const NetlinkSocket&) = delete;
    NetlinkSocket& operator=(const NetlinkSocket&) = delete;
    ~NetlinkSocket() = default;

    nl_sock* get() const { return socket_.get(); }

    /// Throws Failure(result, what) when `result` (the return value of a libnl call made on
    /// this socket) is negative.
    void Check(int result, std::string_view what);

    /// The Error for the libnl error code `result` (negative): "<what>: <reason>", the reason
    /// being the kernel's errno text plus its extended-ack message when the kernel refused
    /// the request, else libnl's nl_geterror text. Forgets the kernel's answer.
    Error Failure(int result, std::string_view what);

  private:
    NlPtr<nl_sock> socket_;
    KernelError last_error_;
};

/// `name` as a C string after checking it is a possible interface name (1 to 15 bytes, no
/// '/', ':' or whitespace); Error(kInvalidArgument) naming `what` otherwise.
std::string CheckedLinkName(std::string_view name, std::string_view what);

/// The link called `name`, nullptr when there is none. Throws Error naming `what` for other
/// failures.
NlPtr<rtnl_link> TryGetLink(NetlinkSocket& socket, const std::string& name, std::string_view what);

/// The link called `name`; Error(kNotFound) "<what>: no link named <name>" when there is none.
NlPtr<rtnl_link> GetLink(NetlinkSocket& socket, const std::string& name, std::string_view what);

/// Applies `change` (a fresh rtnl_link_alloc() with only the changed attributes set) to
/// `link`, throwing Error naming `what` on failure.
void ChangeLink(NetlinkSocket& socket, rtnl_link* link, rtnl_link* change, std::string_view what);

/// An IPv4 or IPv6 address parsed from `text`. With `with_prefix` the text must end in
/// "/<length>" (CIDR); without, it must not. Error(kInvalidArgument) naming `what` otherwise.
NlPtr<nl_addr> ParseIpAddress(std::string_view text, bool with_prefix, std::string_view what);

/// "172.18.0.0/16", "fd00::1/64": an AF_INET or AF_INET6 nl_addr with `prefix_length`; ""
/// for other families. A zero-length address (a default route's destination) is all zeros.
std::string FormatCidr(const nl_addr* address, unsigned prefix_length);

}  // namespace engine::sys::detail
