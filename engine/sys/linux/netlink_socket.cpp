#include "engine/sys/linux/netlink_socket.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <system_error>
#include <utility>

#include <arpa/inet.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/handlers.h>
#include <netlink/socket.h>
#include <sys/socket.h>

namespace engine::sys::detail {
namespace {

Errc ErrcForNlError(int nl_error) {
    switch (nl_error < 0 ? -nl_error : nl_error) {
        case NLE_EXIST:
            return Errc::kAlreadyExists;
        case NLE_OBJ_NOTFOUND:
        case NLE_NODEV:
            return Errc::kNotFound;
        case NLE_INVAL:
        case NLE_RANGE:
        case NLE_OPNOTSUPP:
        case NLE_AF_NOSUPPORT:
        case NLE_NOADDR:
            return Errc::kInvalidArgument;
        case NLE_BUSY:
            return Errc::kConflict;
        case NLE_AGAIN:
        case NLE_NOMEM:
            return Errc::kUnavailable;
        default:
            return Errc::kInternal;
    }
}

// Used when the kernel's own errno is known: finer than libnl's codes (ENETUNREACH, an
// unreachable gateway, is the caller's mistake, not an internal failure).
Errc ErrcForKernelErrno(int error_number) {
    switch (error_number) {
        case EEXIST:
            return Errc::kAlreadyExists;
        case ENOENT:
        case ENODEV:
        case ESRCH:
            return Errc::kNotFound;
        case EINVAL:
        case ERANGE:
        case EOPNOTSUPP:
        case EAFNOSUPPORT:
        case EADDRNOTAVAIL:
        case ENETUNREACH:
        case EHOSTUNREACH:
            return Errc::kInvalidArgument;
        case EBUSY:
            return Errc::kConflict;
        case EAGAIN:
        case ENOBUFS:
        case ENOMEM:
            return Errc::kUnavailable;
        default:
            return Errc::kInternal;
    }
}

// Keeps what the kernel said about a refused request. NL_STOP makes libnl return the same
// code it would without this callback.
int RecordKernelError(sockaddr_nl* /*peer*/, nlmsgerr* error, void* arg) {
    auto* last = static_cast<KernelError*>(arg);
    last->error_number = -error->error;
    last->message.clear();
    // libnl hands over the payload of the NLMSG_ERROR message; its header sits right before.
    const auto* header = reinterpret_cast<const nlmsghdr*>(reinterpret_cast<const char*>(error) - NLMSG_HDRLEN);
    if ((header->nlmsg_flags & NLM_F_ACK_TLVS) == 0) {
        return NL_STOP;
    }
    // The attributes follow the nlmsgerr and, unless capped, the echoed request's payload.
    std::size_t offset = NLMSG_HDRLEN + sizeof(nlmsgerr);
    if ((header->nlmsg_flags & NLM_F_CAPPED) == 0) {
        offset += NLMSG_ALIGN(error->msg.nlmsg_len) - NLMSG_HDRLEN;
    }
    if (offset >= header->nlmsg_len) {
        return NL_STOP;
    }
    const auto* attributes = reinterpret_cast<const nlattr*>(reinterpret_cast<const char*>(header) + offset);
    const nlattr* text = nla_find(attributes, static_cast<int>(header->nlmsg_len - offset), NLMSGERR_ATTR_MSG);
    if (text != nullptr && nla_len(text) > 0) {
        last->message.assign(static_cast<const char*>(nla_data(text)), static_cast<std::size_t>(nla_len(text) - 1));
    }
    return NL_STOP;
}

}  // namespace

NetlinkSocket::NetlinkSocket() : socket_(nl_socket_alloc()) {
    if (!socket_) {
        throw Error(Errc::kUnavailable, "netlink: cannot allocate a socket: out of memory");
    }
    const int connected = nl_connect(socket_.get(), NETLINK_ROUTE);
    if (connected < 0) {
        throw Error(ErrcForNlError(connected), std::string("netlink: connect: ") + nl_geterror(connected));
    }
    // Extended acks carry the kernel's reason ("Nexthop has invalid gateway"); capped acks keep
    // it from echoing whole requests back. Kernels without them just send plain errors.
    const int one = 1;
    const int fd = nl_socket_get_fd(socket_.get());
    ::setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
    ::setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
    nl_cb* callbacks = nl_socket_get_cb(socket_.get());
    nl_cb_err(callbacks, NL_CB_CUSTOM, RecordKernelError, &last_error_);
    nl_cb_put(callbacks);
}

void NetlinkSocket::Check(int result, std::string_view what) {
    if (result < 0) {
        throw Failure(result, what);
    }
}

Error NetlinkSocket::Failure(int result, std::string_view what) {
    const KernelError kernel = std::exchange(last_error_, KernelError{});
    // A kept errno older than this failure would map to another libnl code; use it only when
    // it is the one libnl turned into `result`.
    if (kernel.error_number == 0 || nl_syserr2nlerr(kernel.error_number) != -result) {
        return Error(ErrcForNlError(result), std::string(what) + ": " + nl_geterror(result));
    }
    std::string reason = std::system_category().message(kernel.error_number);
    if (!kernel.message.empty()) {
        reason += " (" + kernel.message + ")";
    }
    return Error(ErrcForKernelErrno(kernel.error_number), std::string(what) + ": " + reason);
}

std::string CheckedLinkName(std::string_view name, std::string_view what) {
    // The kernel's dev_valid_name(): IFNAMSIZ - 1 bytes, not "." or "..", no '/', ':' or space.
    constexpr std::size_t kMaxLinkName = 15;
    if (name.empty() || name.size() > kMaxLinkName) {
        throw Error(Errc::kInvalidArgument,
                    std::string(what) + ": link name \"" + std::string(name) + "\" must have 1 to 15 characters");
    }
    if (name == "." || name == ".." || name.find_first_of("/: \t\n\r\v\f") != std::string_view::npos) {
        throw Error(Errc::kInvalidArgument,
                    std::string(what) + ": link name \"" + std::string(name) +
                        "\" must not be \".\" or \"..\" nor hold '/', ':' or white space");
    }
    return std::string(name);
}

NlPtr<rtnl_link> TryGetLink(NetlinkSocket& socket, const std::string& name, std::string_view what) {
    rtnl_link* found = nullptr;
    const int result = rtnl_link_get_kernel(socket.get(), 0, name.c_str(), &found);
    NlPtr<rtnl_link> link(found);
    if (result == -NLE_OBJ_NOTFOUND || result == -NLE_NODEV) {
        (void)socket.Failure(result, what);  // forget the kernel's ENODEV
        return nullptr;
    }
    socket.Check(result, what);
    return link;
}

NlPtr<rtnl_link> GetLink(NetlinkSocket& socket, const std::string& name, std::string_view what) {
    NlPtr<rtnl_link> link = TryGetLink(socket, name, what);
    if (!link) {
        throw Error(Errc::kNotFound, std::string(what) + ": no link named " + name);
    }
    return link;
}

void ChangeLink(NetlinkSocket& socket, rtnl_link* link, rtnl_link* change, std::string_view what) {
    socket.Check(rtnl_link_change(socket.get(), link, change, 0), what);
}

NlPtr<nl_addr> ParseIpAddress(std::string_view text, bool with_prefix, std::string_view what) {
    const std::string example = with_prefix ? "172.18.0.1/16 or fd00::1/64" : "172.18.0.1 or fd00::1";
    const auto invalid = [&](std::string_view problem) {
        return Error(Errc::kInvalidArgument,
                     std::string(what) + ": address \"" + std::string(text) + "\" " + std::string(problem) +
                         "; write it like " + example);
    };
    const std::size_t slash = text.find('/');
    if (with_prefix && slash == std::string_view::npos) {
        throw invalid("has no prefix length");
    }
    if (!with_prefix && slash != std::string_view::npos) {
        throw invalid("must not have a prefix length");
    }
    const std::string host(text.substr(0, slash));
    std::array<unsigned char, sizeof(in6_addr)> bytes{};
    int family = AF_INET;
    unsigned max_prefix = 32;
    if (::inet_pton(AF_INET, host.c_str(), bytes.data()) != 1) {
        if (::inet_pton(AF_INET6, host.c_str(), bytes.data()) != 1) {
            throw invalid("is not an IPv4 or IPv6 address");
        }
        family = AF_INET6;
        max_prefix = 128;
    }
    unsigned prefix = max_prefix;
    if (with_prefix) {
        const std::string_view digits = text.substr(slash + 1);
        const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
        if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() || prefix > max_prefix) {
            throw invalid("has a prefix length that is not a number from 0 to " + std::to_string(max_prefix));
        }
    }
    NlPtr<nl_addr> address(nl_addr_build(family, bytes.data(), family == AF_INET ? 4 : 16));
    if (!address) {
        throw Error(Errc::kUnavailable, std::string(what) + ": out of memory");
    }
    nl_addr_set_prefixlen(address.get(), static_cast<int>(prefix));
    return address;
}

std::string FormatCidr(const nl_addr* address, unsigned prefix_length) {
    const int family = nl_addr_get_family(address);
    if (family != AF_INET && family != AF_INET6) {
        return "";
    }
    std::array<unsigned char, sizeof(in6_addr)> bytes{};
    const std::size_t size = family == AF_INET ? 4 : 16;
    if (nl_addr_get_len(address) == size) {
        const auto* data = static_cast<const unsigned char*>(nl_addr_get_binary_addr(address));
        std::copy(data, data + size, bytes.begin());
    }
    std::array<char, INET6_ADDRSTRLEN> text{};
    ::inet_ntop(family, bytes.data(), text.data(), text.size());
    return std::string(text.data()) + "/" + std::to_string(prefix_length);
}

}  // namespace engine::sys::detail
