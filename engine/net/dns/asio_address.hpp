#pragma once

// Conversions between IpAddress and Asio's address type. Internal to engine/net/dns.

#include <boost/asio/ip/address.hpp>

#include "engine/net/ipam/ip_address.hpp"

namespace engine::net::dns {

boost::asio::ip::address ToAsio(const IpAddress& address);
IpAddress FromAsio(const boost::asio::ip::address& address);

}  // namespace engine::net::dns
