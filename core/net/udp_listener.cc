#include "net/udp_listener.h"

#include <sys/socket.h>

#include <boost/asio/post.hpp>
#include <cerrno>
#include <stdexcept>
#include <string>

#include "net/errors.h"
#include "net/received.h"
#include "net/socket_util.h"
#include "net/worker.h"
#include "net/worker_pool_state.h"

namespace pinhole::net {
namespace {
// Batches taken per readiness before yielding to the worker's other sockets and timers.
constexpr unsigned kBatchesPerTurn = 8;
}  // namespace

namespace ip = boost::asio::ip;

UdpListener::UdpListener(Worker& worker, const LocalSocket& local)
    : worker_(worker), local_(local), socket_(worker.io()) {}

uint16_t UdpListener::bind(const Endpoint& at) {
  boost::system::error_code ec;
  ip::udp::endpoint ep(at.address, at.port);
  v6_ = at.address.is_v6();
  socket_.open(ep.protocol(), ec);
  // v6 sockets take only IPv6, so "udp:0.0.0.0:5060" and "udp:[::]:5060" can both be listed.
  if (!ec && v6_) socket_.set_option(ip::v6_only(true), ec);
  if (!ec) ec = setReusePort(socket_.native_handle());
  if (!ec) socket_.bind(ep, ec);
  if (!ec) socket_.non_blocking(true, ec);
  if (ec) throw std::runtime_error(bindErrorText(Transport::Udp, at, ec));

  const std::size_t want = worker_.pool().config.udp_rcvbuf;  // 0: the kernel's default
  const std::size_t got = want != 0 ? setReceiveBuffer(socket_.native_handle(), want) : 0;
  if (got < want && worker_.index() == 0)
    worker_.pool().log("udp:" + at.toString() + ": asked for a " + std::to_string(want) +
                       "-byte receive buffer, the kernel gave " + std::to_string(got) +
                       " (raise net.core.rmem_max)");
  return socket_.local_endpoint(ec).port();
}

void UdpListener::start() {
  // Drain first: datagrams that arrived before the thread ran raised no new readiness edge.
  boost::asio::post(worker_.io(), [this] { drain(); });
}

void UdpListener::close() {
  boost::system::error_code ignored;
  socket_.close(ignored);
}

void UdpListener::drain() {
  if (!socket_.is_open()) return;
  const int fd = socket_.native_handle();
  UdpBatch& batch = worker_.udpBatch();
  Counters& counters = worker_.counters();
  for (unsigned turn = 0; turn < kBatchesPerTurn; ++turn) {
    int n = ::recvmmsg(fd, batch.prepare(), batch.count(), MSG_DONTWAIT, nullptr);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) bump(counters.udp_receive_errors);
      return waitReadable();
    }
    for (unsigned i = 0; i < static_cast<unsigned>(n); ++i) {
      if (batch.truncated(i)) {
        bump(counters.udp_dropped_oversize);
        continue;
      }
      if (batch.data(i).empty()) continue;
      bump(counters.udp_received);
      worker_.deliver(Received{batch.data(i), endpointFrom(batch.source(i)), &local_, 0,
                               worker_.index()});
    }
    // A short batch means the queue was empty; the next datagram raises a new edge.
    if (static_cast<unsigned>(n) < batch.count()) return waitReadable();
  }
  // Still busy: let the worker's other handlers run, then go on draining (a wait here could
  // miss data already queued, as Asio's reactor is edge-triggered).
  boost::asio::post(worker_.io(), [this] { drain(); });
}

void UdpListener::waitReadable() {
  socket_.async_wait(ip::udp::socket::wait_read, [this](const boost::system::error_code& ec) {
    if (ec == boost::asio::error::operation_aborted || !socket_.is_open()) return;
    drain();
  });
}

Result<void> UdpListener::sendTo(const Endpoint& to, std::string_view data,
                                 Counters& counters) noexcept {
  sockaddr_storage sa;
  socklen_t len = 0;
  if (!toSockaddr(to, v6_, sa, len)) {
    bump(counters.send_errors);
    return makeError(Errc::FamilyMismatch, "destination address family differs from the socket's");
  }
  for (;;) {
    ssize_t n = ::sendto(socket_.native_handle(), data.data(), data.size(), MSG_DONTWAIT,
                         reinterpret_cast<const sockaddr*>(&sa), len);
    if (n >= 0) break;
    if (errno == EINTR) continue;
    bump(counters.send_errors);
    return Error{std::error_code(errno, std::system_category()), "sendto failed"};
  }
  bump(counters.sent);
  return {};
}

}  // namespace pinhole::net
