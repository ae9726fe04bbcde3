// Small POSIX helpers shared by the listeners: sockaddr <-> Endpoint without allocation, socket
// options Asio has no names for, and the start-up error text.
#pragma once

#include <sys/socket.h>

#include <boost/system/error_code.hpp>
#include <cstddef>
#include <string>

#include "net/endpoint.h"
#include "net/transport.h"

namespace pinhole::net {

// The source of a received packet (IPv4-mapped IPv6 shown as IPv4).
Endpoint endpointFrom(const sockaddr_storage& sa) noexcept;

// Destination for sendto() on a socket of the given family: false when the families differ
// (an IPv4-mapped IPv6 destination is turned into IPv4 for an IPv4 socket).
bool toSockaddr(const Endpoint& to, bool v6_socket, sockaddr_storage& sa, socklen_t& len) noexcept;

// SO_REUSEPORT: every worker binds its own socket to the same address; the kernel spreads
// datagrams and connections over them.
boost::system::error_code setReusePort(int fd) noexcept;

// Asks for `bytes` of receive buffer (SO_RCVBUFFORCE when allowed, else SO_RCVBUF) and returns
// what the kernel granted (it reports twice the usable size; this is halved back).
std::size_t setReceiveBuffer(int fd, std::size_t bytes) noexcept;

// "cannot bind udp:127.0.0.1:5060: Address already in use"
std::string bindErrorText(Transport t, const Endpoint& at, const boost::system::error_code& ec);

}  // namespace pinhole::net
