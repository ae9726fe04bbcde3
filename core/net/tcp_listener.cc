#include "net/tcp_listener.h"

#include <chrono>
#include <stdexcept>

#include "net/counters.h"
#include "net/socket_util.h"
#include "net/worker.h"

namespace pinhole::net {
namespace {
// Pause after a failed accept (out of descriptors, usually) instead of spinning on it.
constexpr std::chrono::milliseconds kAcceptBackoff{100};
}  // namespace

namespace ip = boost::asio::ip;
using boost::system::error_code;

TcpListener::TcpListener(Worker& worker, const LocalSocket& local)
    : worker_(worker), local_(local), acceptor_(worker.io()), backoff_(worker.io()) {}

uint16_t TcpListener::bind(const Endpoint& at) {
  error_code ec;
  ip::tcp::endpoint ep(at.address, at.port);
  acceptor_.open(ep.protocol(), ec);
  if (!ec && at.address.is_v6()) acceptor_.set_option(ip::v6_only(true), ec);
  if (!ec) acceptor_.set_option(ip::tcp::acceptor::reuse_address(true), ec);  // TIME_WAIT
  if (!ec) ec = setReusePort(acceptor_.native_handle());
  if (!ec) acceptor_.bind(ep, ec);
  if (!ec) acceptor_.listen(ip::tcp::acceptor::max_listen_connections, ec);
  if (ec) throw std::runtime_error(bindErrorText(Transport::Tcp, at, ec));
  return acceptor_.local_endpoint(ec).port();
}

void TcpListener::start() { acceptNext(); }

void TcpListener::close() {
  error_code ignored;
  acceptor_.close(ignored);
  backoff_.cancel();
}

void TcpListener::acceptNext() {
  acceptor_.async_accept(worker_.io(), [this](const error_code& ec, ip::tcp::socket socket) {
    if (ec == boost::asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (ec) {
      bump(worker_.counters().tcp_accept_errors);
      backoff_.expires_after(kAcceptBackoff);
      backoff_.async_wait([this](const error_code& wait_ec) {
        if (!wait_ec && acceptor_.is_open()) acceptNext();
      });
      return;
    }
    worker_.accepted(std::move(socket), local_);
    acceptNext();
  });
}

}  // namespace pinhole::net
