#include "net/tcp_connection.h"

#include <boost/asio/write.hpp>
#include <cstring>
#include <utility>

#include "net/errors.h"
#include "net/received.h"
#include "net/worker.h"
#include "net/worker_pool_state.h"
#include "pinhole/sip/framer.h"

namespace pinhole::net {
namespace {
constexpr std::size_t kInitialBuffer = 8192;  // most SIP messages fit; grown on demand
}  // namespace

namespace ip = boost::asio::ip;
using boost::system::error_code;

TcpConnection::TcpConnection(Worker& worker, ip::tcp::socket socket, const LocalSocket& local,
                             const Endpoint& peer, uint64_t id)
    : worker_(worker),
      socket_(std::move(socket)),
      timer_(worker.io()),
      local_(local),
      peer_(peer),
      id_(id),
      state_(State::Connecting),
      last_activity_(Clock::now()) {}

void TcpConnection::startAccepted() {
  state_ = State::Open;
  armTimer(deadline());
  readMore();
}

void TcpConnection::startConnect() {
  connect_deadline_ = Clock::now() + worker_.pool().config.tcp_connect_timeout;
  armTimer(connect_deadline_);
  socket_.async_connect(ip::tcp::endpoint(peer_.address, peer_.port),
                        [self = shared_from_this()](const error_code& ec) { self->onConnect(ec); });
}

void TcpConnection::onConnect(const error_code& ec) {
  if (state_ == State::Closed) return;
  if (ec) return close(CloseReason::ConnectFailed);
  state_ = State::Open;
  bump(worker_.counters().tcp_connected);
  error_code ignored;
  socket_.set_option(ip::tcp::no_delay(true), ignored);
  last_activity_ = Clock::now();
  armTimer(deadline());
  readMore();
  writeNext();
}

Result<void> TcpConnection::write(std::string data) { return enqueue(std::move(data), true); }

Result<void> TcpConnection::enqueue(std::string data, bool counted) {
  if (state_ == State::Closed) {
    if (counted) bump(worker_.counters().send_errors);
    return makeError(Errc::ConnectionClosed, "the connection is closed");
  }
  if (queued_bytes_ + data.size() > worker_.pool().config.tcp_max_queued_bytes) {
    if (counted) bump(worker_.counters().send_errors);
    return makeError(Errc::QueueFull, "write queue over tcp_max_queued_bytes");
  }
  queued_bytes_ += data.size();
  queue_.push_back(Pending{std::move(data), counted});
  writeNext();
  return {};
}

void TcpConnection::close(CloseReason reason) {
  if (state_ == State::Closed) return;
  auto keep = shared_from_this();  // forget() drops the worker's reference
  state_ = State::Closed;
  Counters& counters = worker_.counters();
  switch (reason) {
    case CloseReason::Idle: bump(counters.tcp_closed_idle); break;
    case CloseReason::Framing: bump(counters.tcp_framing_errors); break;
    case CloseReason::ConnectFailed: bump(counters.tcp_connect_failed); break;
    default: break;
  }
  for (const Pending& p : queue_)
    if (p.counted) bump(counters.send_errors);  // never sent (the one in flight: see onWrite)
  queue_.clear();
  queued_bytes_ = 0;
  timer_.cancel();
  error_code ignored;
  socket_.close(ignored);
  worker_.forget(*this);
}

void TcpConnection::readMore() {
  const std::size_t limit = std::max(worker_.pool().config.max_message_size, kInitialBuffer);
  if (used_ == capacity_) {
    // frameStream() decides within max_message_size bytes, so a full buffer at the limit
    // cannot happen; refuse rather than loop if it ever did.
    if (capacity_ >= limit) return close(CloseReason::Framing);
    std::size_t grown = capacity_ == 0 ? kInitialBuffer : std::min(capacity_ * 2, limit);
    std::unique_ptr<char[]> bigger(new char[grown]);
    if (used_ > 0) std::memcpy(bigger.get(), buf_.get(), used_);
    buf_ = std::move(bigger);
    capacity_ = grown;
  }
  socket_.async_read_some(
      boost::asio::buffer(buf_.get() + used_, capacity_ - used_),
      [self = shared_from_this()](const error_code& ec, std::size_t n) { self->onRead(ec, n); });
}

void TcpConnection::onRead(const error_code& ec, std::size_t n) {
  if (state_ == State::Closed) return;
  if (ec) {
    const bool by_peer = ec == boost::asio::error::eof ||
                         ec == boost::asio::error::connection_reset;
    return close(by_peer ? CloseReason::Peer : CloseReason::Error);
  }
  used_ += n;
  last_activity_ = Clock::now();
  frameBuffered();
  if (state_ != State::Closed) readMore();
}

void TcpConnection::frameBuffered() {
  const std::size_t max = worker_.pool().config.max_message_size;
  Counters& counters = worker_.counters();
  std::size_t start = 0;
  while (start < used_) {
    sip::FrameResult r = sip::frameStream(std::string_view(buf_.get() + start, used_ - start), max);
    if (r.needMore()) break;
    if (r.failed()) return close(CloseReason::Framing);
    if (r.keepAlive()) {
      if (r.ping) {
        bump(counters.tcp_keepalive_pings);
        (void)enqueue("\r\n", false);
      }
    } else {
      bump(counters.tcp_received);
      worker_.deliver(Received{std::string_view(buf_.get() + start, r.length), peer_, &local_,
                               id_, worker_.index()});
    }
    start += r.length;
    if (state_ == State::Closed) return;
  }
  if (start > 0) {
    std::memmove(buf_.get(), buf_.get() + start, used_ - start);
    used_ -= start;
  }
}

void TcpConnection::writeNext() {
  if (writing_ || queue_.empty() || state_ != State::Open) return;
  writing_ = true;
  in_flight_ = std::move(queue_.front());
  queue_.pop_front();
  boost::asio::async_write(
      socket_, boost::asio::buffer(in_flight_.data),
      [self = shared_from_this()](const error_code& ec, std::size_t) { self->onWrite(ec); });
}

// Runs after close() too: a write the kernel took before the close still counts as sent.
void TcpConnection::onWrite(const error_code& ec) {
  writing_ = false;
  Pending done = std::move(in_flight_);
  Counters& counters = worker_.counters();
  if (ec) {
    if (done.counted) bump(counters.send_errors);
    if (state_ != State::Closed) close(CloseReason::Error);
    return;
  }
  if (done.counted) bump(counters.sent);
  if (state_ == State::Closed) return;
  queued_bytes_ -= done.data.size();
  last_activity_ = Clock::now();
  writeNext();
}

TcpConnection::Clock::time_point TcpConnection::deadline() const {
  if (state_ == State::Connecting) return connect_deadline_;
  const auto idle = worker_.pool().config.tcp_idle_timeout;
  if (idle.count() <= 0) return Clock::time_point::max();
  return last_activity_ + idle;
}

// Activity only moves last_activity_; the timer notices when it fires and waits again, so no
// timer is reset per message.
void TcpConnection::armTimer(Clock::time_point at) {
  if (at == Clock::time_point::max()) {
    timer_.cancel();
    return;
  }
  timer_.expires_at(at);  // cancels a pending wait, whose handler then ignores the abort
  timer_.async_wait([self = shared_from_this()](const error_code& ec) { self->onTimer(ec); });
}

void TcpConnection::onTimer(const error_code& ec) {
  if (ec == boost::asio::error::operation_aborted || state_ == State::Closed) return;
  const Clock::time_point due = deadline();
  if (Clock::now() >= due)
    return close(state_ == State::Connecting ? CloseReason::ConnectFailed : CloseReason::Idle);
  armTimer(due);
}

}  // namespace pinhole::net
