// Test peers for the transport tests: plain blocking POSIX sockets on loopback with a deadline
// on every wait (poll), and an Inbox the pool's handler fills for the test thread to wait on.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/endpoint.h"
#include "net/received.h"
#include "net/socket_util.h"

namespace pinhole::net::test {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

inline Endpoint loopback4(uint16_t port = 0) {
  return {boost::asio::ip::address_v4::loopback(), port};
}
inline Endpoint loopback6(uint16_t port = 0) {
  return {boost::asio::ip::address_v6::loopback(), port};
}

// A SIP request with a correct Content-Length.
inline std::string sipMessage(std::string_view tag, std::string_view body = "") {
  std::string m = "OPTIONS sip:" + std::string(tag) + "@example.com SIP/2.0\r\n";
  m += "Via: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bK" + std::string(tag) + "\r\n";
  m += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  m += body;
  return m;
}

// What the handler saw, copied (Received::data dies with the callback).
struct Seen {
  std::string data;
  Endpoint source;
  uint16_t local_id = 0;
  uint64_t connection_id = 0;
  unsigned worker = 0;
};

class Inbox {
 public:
  void push(const Received& r) {
    std::lock_guard lock(mutex_);
    seen_.push_back(Seen{std::string(r.data), r.source, r.local->id, r.connection_id, r.worker});
    cv_.notify_all();
  }
  // True once `n` messages have arrived; false when the deadline passes first.
  bool waitFor(std::size_t n, std::chrono::milliseconds timeout = 3s) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] { return seen_.size() >= n; });
  }
  std::vector<Seen> all() {
    std::lock_guard lock(mutex_);
    return seen_;
  }
  std::size_t size() {
    std::lock_guard lock(mutex_);
    return seen_.size();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<Seen> seen_;
};

inline sockaddr_storage toSa(const Endpoint& e, socklen_t& len) {
  sockaddr_storage sa;
  toSockaddr(e, e.address.is_v6(), sa, len);
  return sa;
}

// Waits for `events` on fd until the deadline; true when ready.
inline bool waitFd(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() < 0) return false;
    pollfd p{fd, events, 0};
    int n = ::poll(&p, 1, static_cast<int>(left.count()));
    if (n > 0) return true;
    if (n == 0) return false;
    if (errno != EINTR) return false;
  }
}

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    reset();
    fd_ = std::exchange(o.fd_, -1);
    return *this;
  }
  ~Fd() { reset(); }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

inline Endpoint localOf(int fd) {
  sockaddr_storage sa{};
  socklen_t len = sizeof sa;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
  return endpointFrom(sa);
}

class UdpPeer {
 public:
  explicit UdpPeer(const Endpoint& at = loopback4()) {
    fd_ = Fd(::socket(at.address.is_v6() ? AF_INET6 : AF_INET, SOCK_DGRAM, 0));
    socklen_t len = 0;
    sockaddr_storage sa = toSa(at, len);
    if (::bind(fd_.get(), reinterpret_cast<sockaddr*>(&sa), len) != 0) std::abort();
    endpoint_ = localOf(fd_.get());
  }
  const Endpoint& endpoint() const { return endpoint_; }
  int fd() const { return fd_.get(); }

  bool sendTo(const Endpoint& to, std::string_view data) {
    socklen_t len = 0;
    sockaddr_storage sa = toSa(to, len);
    return ::sendto(fd_.get(), data.data(), data.size(), 0, reinterpret_cast<sockaddr*>(&sa),
                    len) == static_cast<ssize_t>(data.size());
  }
  // One datagram and its source, or nullopt at the deadline.
  std::optional<std::pair<std::string, Endpoint>> receive(std::chrono::milliseconds t = 3s) {
    if (!waitFd(fd_.get(), POLLIN, Clock::now() + t)) return std::nullopt;
    char buf[65536];
    sockaddr_storage sa{};
    socklen_t len = sizeof sa;
    ssize_t n = ::recvfrom(fd_.get(), buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&sa), &len);
    if (n < 0) return std::nullopt;
    return std::make_pair(std::string(buf, static_cast<std::size_t>(n)), endpointFrom(sa));
  }

 private:
  Fd fd_;
  Endpoint endpoint_;
};

class TcpPeer {
 public:
  explicit TcpPeer(Fd fd) : fd_(std::move(fd)) {}
  // Connects (blocking; immediate on loopback). fd() < 0 when it failed.
  static TcpPeer connectTo(const Endpoint& to) {
    Fd fd(::socket(to.address.is_v6() ? AF_INET6 : AF_INET, SOCK_STREAM, 0));
    socklen_t len = 0;
    sockaddr_storage sa = toSa(to, len);
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&sa), len) != 0) fd.reset();
    int one = 1;
    if (fd.get() >= 0) ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return TcpPeer(std::move(fd));
  }
  int fd() const { return fd_.get(); }
  Endpoint endpoint() const { return localOf(fd_.get()); }

  bool write(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_.get(), data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  // Exactly n bytes, or what came before the deadline or the end of the stream.
  std::string read(std::size_t n, std::chrono::milliseconds t = 3s) {
    std::string out;
    const auto deadline = Clock::now() + t;
    char buf[4096];
    while (out.size() < n && waitFd(fd_.get(), POLLIN, deadline)) {
      ssize_t got = ::recv(fd_.get(), buf, std::min(sizeof buf, n - out.size()), 0);
      if (got <= 0) break;
      out.append(buf, static_cast<std::size_t>(got));
    }
    return out;
  }
  // True when the peer closed (EOF or reset) before the deadline; data before it is dropped.
  bool waitClosed(std::chrono::milliseconds t = 3s) {
    const auto deadline = Clock::now() + t;
    char buf[4096];
    while (waitFd(fd_.get(), POLLIN, deadline)) {
      ssize_t got = ::recv(fd_.get(), buf, sizeof buf, 0);
      if (got <= 0) return true;
    }
    return false;
  }

 private:
  Fd fd_;
};

class TcpServerPeer {
 public:
  explicit TcpServerPeer(const Endpoint& at = loopback4()) {
    fd_ = Fd(::socket(at.address.is_v6() ? AF_INET6 : AF_INET, SOCK_STREAM, 0));
    socklen_t len = 0;
    sockaddr_storage sa = toSa(at, len);
    if (::bind(fd_.get(), reinterpret_cast<sockaddr*>(&sa), len) != 0) std::abort();
    ::listen(fd_.get(), 16);
    endpoint_ = localOf(fd_.get());
  }
  const Endpoint& endpoint() const { return endpoint_; }
  // The next connection, or a TcpPeer with fd() < 0 at the deadline.
  TcpPeer accept(std::chrono::milliseconds t = 3s) {
    if (!waitFd(fd_.get(), POLLIN, Clock::now() + t)) return TcpPeer(Fd());
    return TcpPeer(Fd(::accept(fd_.get(), nullptr, nullptr)));
  }
  bool pendingConnection(std::chrono::milliseconds t) {
    return waitFd(fd_.get(), POLLIN, Clock::now() + t);
  }

 private:
  Fd fd_;
  Endpoint endpoint_;
};

}  // namespace pinhole::net::test
