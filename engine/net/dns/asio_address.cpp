#include "engine/net/dns/asio_address.hpp"

#include <algorithm>

namespace engine::net::dns {

boost::asio::ip::address ToAsio(const IpAddress& address) {
    const auto bytes = address.bytes();
    if (address.is_v4()) {
        boost::asio::ip::address_v4::bytes_type v4{};
        std::copy(bytes.begin(), bytes.end(), v4.begin());
        return boost::asio::ip::address_v4(v4);
    }
    boost::asio::ip::address_v6::bytes_type v6{};
    std::copy(bytes.begin(), bytes.end(), v6.begin());
    return boost::asio::ip::address_v6(v6);
}

IpAddress FromAsio(const boost::asio::ip::address& address) {
    if (address.is_v4()) {
        return IpAddress::V4(address.to_v4().to_bytes());
    }
    return IpAddress::V6(address.to_v6().to_bytes());
}

}  // namespace engine::net::dns
