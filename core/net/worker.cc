#include "net/worker.h"

#include <boost/asio/post.hpp>
#include <algorithm>
#include <exception>
#include <utility>

#include "net/connection_index.h"
#include "net/errors.h"
#include "net/tcp_connection.h"
#include "net/tcp_listener.h"
#include "net/udp_listener.h"
#include "net/worker_pool_state.h"

namespace pinhole::net {
namespace {
thread_local Worker* t_current = nullptr;
constexpr std::size_t kMaxDatagram = 65535;
}  // namespace

namespace ip = boost::asio::ip;

Worker::Worker(WorkerPoolState& pool, unsigned index)
    : pool_(pool),
      index_(index),
      guard_(boost::asio::make_work_guard(io_)),
      exited_future_(exited_.get_future()) {}

Worker::~Worker() {
  // Normally empty after shutdown(); after a forced stop the connections go before io_.
  connections_.clear();
  by_peer_.clear();
}

Worker* Worker::current() noexcept { return t_current; }

uint16_t Worker::listen(const LocalSocket& local, const Endpoint& at) {
  const std::size_t slot = local.id + std::size_t{1};
  if (local.transport == Transport::Udp) {
    if (!batch_)
      batch_ = std::make_unique<UdpBatch>(
          pool_.config.udp_batch, std::min(pool_.config.max_message_size, kMaxDatagram));
    if (udp_.size() < slot) udp_.resize(slot);
    udp_[local.id] = std::make_unique<UdpListener>(*this, local);
    return udp_[local.id]->bind(at);
  }
  if (tcp_.size() < slot) tcp_.resize(slot);
  tcp_[local.id] = std::make_unique<TcpListener>(*this, local);
  return tcp_[local.id]->bind(at);
}

void Worker::run() {
  thread_ = std::thread([this] {
    t_current = this;
    for (auto& u : udp_)
      if (u) u->start();
    for (auto& t : tcp_)
      if (t) t->start();
    for (;;) {
      try {
        io_.run();
        break;
      } catch (const std::exception& e) {  // handlers catch their own; this is a last resort
        pool_.log("worker " + std::to_string(index_) + ": " + e.what());
      }
    }
    t_current = nullptr;
    exited_.set_value();
  });
}

void Worker::requestStop() {
  boost::asio::post(io_, [this] { shutdown(); });
}

void Worker::join(std::chrono::milliseconds grace) {
  if (!thread_.joinable()) return;
  // shutdown() closes everything, so run() returns once the aborted handlers have run; a wait
  // that somehow outlives that is cut short rather than hanging the caller.
  if (exited_future_.wait_for(grace) != std::future_status::ready) {
    pool_.log("worker " + std::to_string(index_) + " did not stop in time; forcing it");
    io_.stop();
  }
  thread_.join();
}

void Worker::shutdown() {
  closing_ = true;
  for (auto& u : udp_)
    if (u) u->close();
  for (auto& t : tcp_)
    if (t) t->close();
  auto open = std::move(connections_);
  connections_.clear();
  for (auto& [id, connection] : open) connection->close(TcpConnection::CloseReason::Shutdown);
  by_peer_.clear();
  guard_.reset();
}

void Worker::deliver(const Received& r) noexcept {
  try {
    pool_.handler(r);
  } catch (...) {
    bump(counters_.handler_exceptions);
  }
}

Result<void> Worker::sendUdp(const LocalSocket& from, const Endpoint& to, std::string_view data) {
  UdpListener* u = from.id < udp_.size() ? udp_[from.id].get() : nullptr;
  if (u == nullptr) return makeError(Errc::UnknownSocket, "no UDP socket with this id");
  return u->sendTo(to, data, counters_);
}

Result<void> Worker::sendTcp(const LocalSocket& from, const Endpoint& to_in, std::string data,
                             uint64_t connection_id, bool forwarded) {
  if (closing_) return makeError(Errc::NotRunning, "worker is stopping");
  const Endpoint to{unmapV4(to_in.address), to_in.port};
  if (connection_id != 0) {
    const unsigned owner = connectionOwner(connection_id);
    if (owner == index_) {
      auto it = connections_.find(connection_id);
      if (it != connections_.end()) return it->second->write(std::move(data));
    } else if (!forwarded && owner < pool_.workers.size()) {
      return forward(owner, from, to, std::move(data), connection_id);
    }
  }
  auto local = by_peer_.find(to);
  if (local != by_peer_.end()) return local->second->write(std::move(data));
  if (!forwarded) {
    // The only lock on the send path, and only when this worker has no connection to `to`.
    auto id = pool_.index.find(to);
    if (id && connectionOwner(*id) != index_ && connectionOwner(*id) < pool_.workers.size())
      return forward(connectionOwner(*id), from, to, std::move(data), *id);
  }
  return connect(from, to, std::move(data));
}

Result<void> Worker::forward(unsigned owner, const LocalSocket& from, const Endpoint& to,
                             std::string data, uint64_t connection_id) {
  Worker* w = pool_.workers[owner];
  const LocalSocket* source = &from;  // the pool's own: lives as long as the workers
  boost::asio::post(w->io(), [w, source, to, data = std::move(data), connection_id]() mutable {
    (void)w->sendTcp(*source, to, std::move(data), connection_id, true);  // counts its failures
  });
  return {};
}

Result<void> Worker::connect(const LocalSocket& from, const Endpoint& to, std::string data) {
  if (!pool_.reserveConnection()) {
    bump(counters_.tcp_refused);
    bump(counters_.send_errors);
    return makeError(Errc::ConnectionLimit, "tcp_max_connections reached");
  }
  // Leave from the listener's address (multi-homed hosts), from any port.
  const ip::address& source = from.bound.address;
  boost::system::error_code ec;
  ip::tcp::socket socket(io_);
  if (!source.is_unspecified()) {
    if (source.is_v4() != to.address.is_v4()) {
      pool_.releaseConnection();
      bump(counters_.send_errors);
      return makeError(Errc::FamilyMismatch,
                       "destination address family differs from the socket's");
    }
    socket.open(source.is_v4() ? ip::tcp::v4() : ip::tcp::v6(), ec);
    if (!ec) socket.bind(ip::tcp::endpoint(source, 0), ec);
  } else {
    socket.open(to.address.is_v4() ? ip::tcp::v4() : ip::tcp::v6(), ec);
  }
  if (ec) {
    pool_.releaseConnection();
    bump(counters_.send_errors);
    return Error{std::error_code(ec.value(), std::system_category()),
                 "cannot open an outbound connection"};
  }
  auto connection = std::make_shared<TcpConnection>(*this, std::move(socket), from, to,
                                                    makeConnectionId(index_, next_connection_++));
  adopt(connection);
  Result<void> queued = connection->write(std::move(data));  // written once connected
  connection->startConnect();
  return queued;
}

void Worker::accepted(ip::tcp::socket socket, const LocalSocket& local) {
  boost::system::error_code ec;
  if (closing_) return;
  if (!pool_.reserveConnection()) {
    bump(counters_.tcp_refused);
    socket.close(ec);
    return;
  }
  const ip::tcp::endpoint remote = socket.remote_endpoint(ec);
  if (ec) {  // already reset by the peer
    pool_.releaseConnection();
    return;
  }
  socket.set_option(ip::tcp::no_delay(true), ec);
  const Endpoint peer{unmapV4(remote.address()), remote.port()};
  auto connection = std::make_shared<TcpConnection>(*this, std::move(socket), local, peer,
                                                    makeConnectionId(index_, next_connection_++));
  adopt(connection);
  bump(counters_.tcp_accepted);
  connection->startAccepted();
}

void Worker::adopt(const std::shared_ptr<TcpConnection>& connection) {
  connections_.emplace(connection->id(), connection);
  by_peer_[connection->peer()] = connection.get();
  pool_.index.put(connection->peer(), connection->id());
}

void Worker::forget(TcpConnection& connection) {
  auto peer = by_peer_.find(connection.peer());
  if (peer != by_peer_.end() && peer->second == &connection) by_peer_.erase(peer);
  pool_.index.erase(connection.peer(), connection.id());
  pool_.releaseConnection();
  connections_.erase(connection.id());  // the caller holds a reference
}

}  // namespace pinhole::net
