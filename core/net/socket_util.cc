#include "net/socket_util.h"

#include <netinet/in.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

namespace pinhole::net {

namespace ip = boost::asio::ip;

Endpoint endpointFrom(const sockaddr_storage& sa) noexcept {
  Endpoint e;
  if (sa.ss_family == AF_INET) {
    sockaddr_in in;
    std::memcpy(&in, &sa, sizeof in);
    e.address = ip::address_v4(ntohl(in.sin_addr.s_addr));
    e.port = ntohs(in.sin_port);
  } else if (sa.ss_family == AF_INET6) {
    sockaddr_in6 in6;
    std::memcpy(&in6, &sa, sizeof in6);
    ip::address_v6::bytes_type bytes;
    std::memcpy(bytes.data(), &in6.sin6_addr, bytes.size());
    e.address = unmapV4(ip::address_v6(bytes, in6.sin6_scope_id));
    e.port = ntohs(in6.sin6_port);
  }
  return e;
}

bool toSockaddr(const Endpoint& to, bool v6_socket, sockaddr_storage& sa, socklen_t& len) noexcept {
  std::memset(&sa, 0, sizeof sa);
  ip::address a = v6_socket ? to.address : unmapV4(to.address);
  if (a.is_v4() != !v6_socket) return false;  // v6 sockets are IPV6_V6ONLY
  if (a.is_v4()) {
    sockaddr_in in{};
    in.sin_family = AF_INET;
    in.sin_port = htons(to.port);
    in.sin_addr.s_addr = htonl(a.to_v4().to_uint());
    std::memcpy(&sa, &in, sizeof in);
    len = sizeof in;
  } else {
    sockaddr_in6 in6{};
    in6.sin6_family = AF_INET6;
    in6.sin6_port = htons(to.port);
    auto bytes = a.to_v6().to_bytes();
    std::memcpy(&in6.sin6_addr, bytes.data(), bytes.size());
    in6.sin6_scope_id = a.to_v6().scope_id();
    std::memcpy(&sa, &in6, sizeof in6);
    len = sizeof in6;
  }
  return true;
}

boost::system::error_code setReusePort(int fd) noexcept {
  int one = 1;
  if (::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0)
    return {errno, boost::system::system_category()};
  return {};
}

std::size_t setReceiveBuffer(int fd, std::size_t bytes) noexcept {
  int want = static_cast<int>(std::min<std::size_t>(bytes, INT_MAX / 2));
  // SO_RCVBUFFORCE ignores net.core.rmem_max but needs CAP_NET_ADMIN.
  if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &want, sizeof want) != 0)
    (void)::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &want, sizeof want);
  int got = 0;
  socklen_t len = sizeof got;
  if (::getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &got, &len) != 0) return 0;
  return static_cast<std::size_t>(got) / 2;  // the kernel doubles the request for bookkeeping
}

std::string bindErrorText(Transport t, const Endpoint& at, const boost::system::error_code& ec) {
  return "cannot bind " + std::string(transportName(t)) + ":" + at.toString() + ": " + ec.message();
}

}  // namespace pinhole::net
