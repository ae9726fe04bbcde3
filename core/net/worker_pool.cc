#include "net/worker_pool.h"

#include <boost/asio/post.hpp>
#include <chrono>
#include <stdexcept>
#include <string>
#include <utility>

#include "net/errors.h"
#include "net/worker.h"
#include "net/worker_pool_state.h"

namespace pinhole::net {
namespace {
// How long stop() waits for a worker to wind down before forcing its io_context to stop.
constexpr std::chrono::seconds kStopGrace{5};
constexpr unsigned kMaxBatch = 1024;  // UIO_MAXIOV: recvmmsg()'s limit per call
}  // namespace

WorkerPool::WorkerPool(TransportConfig config, std::vector<ListenSpec> listen, Handler handler)
    : listen_(std::move(listen)), state_(std::make_unique<WorkerPoolState>()) {
  if (config.workers == 0) throw std::invalid_argument("transport: workers must be at least 1");
  if (config.udp_batch == 0 || config.udp_batch > kMaxBatch)
    throw std::invalid_argument("transport: udp_batch must be 1..1024");
  if (config.max_message_size == 0)
    throw std::invalid_argument("transport: max_message_size must be at least 1");
  if (listen_.size() > UINT16_MAX) throw std::invalid_argument("transport: too many listeners");
  if (!handler) throw std::invalid_argument("transport: no message handler");
  state_->config = std::move(config);
  state_->handler = std::move(handler);
}

WorkerPool::~WorkerPool() { stop(); }

void WorkerPool::start() {
  std::lock_guard lock(mutex_);
  if (phase_ != Phase::Created) throw std::logic_error("WorkerPool::start() called twice");
  WorkerPoolState& st = *state_;
  st.sockets.resize(listen_.size());  // listeners keep references into it from here on
  for (unsigned w = 0; w < st.config.workers; ++w) {
    workers_.push_back(std::make_unique<Worker>(st, w));
    st.workers.push_back(workers_.back().get());
  }
  try {
    for (std::size_t i = 0; i < listen_.size(); ++i) {
      const ListenSpec& spec = listen_[i];
      LocalSocket& local = st.sockets[i];
      local.id = static_cast<uint16_t>(i);
      local.transport = spec.transport;
      uint16_t port = spec.port;
      for (auto& worker : workers_) port = worker->listen(local, Endpoint{spec.address, port});
      local.bound = Endpoint{spec.address, port};
      if (!spec.advertise_host.empty())
        local.advertised_host = spec.advertise_host;
      else if (!spec.address.is_unspecified())
        local.advertised_host = hostString(spec.address);
      local.advertised_port = spec.advertise_port != 0 ? spec.advertise_port : port;
      std::string line = "listening on " + local.name();
      if (!spec.advertise_host.empty())
        line += " advertised as " + local.advertised_host + ":" +
                std::to_string(local.advertised_port);
      st.log(line + " (" + std::to_string(workers_.size()) + " workers)");
    }
  } catch (...) {
    st.workers.clear();
    workers_.clear();  // no thread runs yet: the sockets just close
    phase_ = Phase::Stopped;
    throw;
  }
  for (auto& worker : workers_) worker->run();
  phase_ = Phase::Running;
}

void WorkerPool::stop() {
  if (callingWorker() != nullptr)
    throw std::logic_error("WorkerPool::stop() called from one of its worker threads");
  {
    std::lock_guard lock(mutex_);
    if (phase_ != Phase::Running) {
      phase_ = Phase::Stopped;
      return;
    }
    phase_ = Phase::Stopped;  // from here no non-worker send touches a socket
  }
  for (auto& worker : workers_) worker->requestStop();
  for (auto& worker : workers_) worker->join(kStopGrace);
}

bool WorkerPool::running() const {
  std::lock_guard lock(mutex_);
  return phase_ == Phase::Running;
}

const std::vector<LocalSocket>& WorkerPool::localSockets() const { return state_->sockets; }

unsigned WorkerPool::workerCount() const { return state_->config.workers; }

Worker* WorkerPool::callingWorker() const {
  Worker* w = Worker::current();
  return w != nullptr && &w->pool() == state_.get() ? w : nullptr;
}

boost::asio::io_context& WorkerPool::ioContext(unsigned index) { return workers_[index]->io(); }

void WorkerPool::post(unsigned index, std::function<void()> fn) {
  boost::asio::post(workers_[index]->io(), std::move(fn));
}

std::optional<unsigned> WorkerPool::currentWorker() const {
  if (Worker* w = callingWorker()) return w->index();
  return std::nullopt;
}

const LocalSocket* WorkerPool::ownSocket(const LocalSocket& from) const {
  const auto& sockets = state_->sockets;
  if (from.id >= sockets.size()) return nullptr;
  const LocalSocket& mine = sockets[from.id];
  if (&mine == &from) return &mine;
  return mine.transport == from.transport && mine.bound == from.bound ? &mine : nullptr;
}

Result<void> WorkerPool::send(const LocalSocket& from, const Endpoint& to, std::string_view data,
                              uint64_t connection_id) {
  const LocalSocket* local = ownSocket(from);
  if (local == nullptr)
    return makeError(Errc::UnknownSocket, "local socket does not belong to these transports");

  if (Worker* w = callingWorker()) {
    if (w->closing()) return makeError(Errc::NotRunning, "transports are stopping");
    if (local->transport == Transport::Udp) return w->sendUdp(*local, to, data);
    return w->sendTcp(*local, to, std::string(data), connection_id, false);
  }

  // Not a worker thread: worker 0 sends. stop() takes this lock before closing anything.
  std::lock_guard lock(mutex_);
  if (phase_ != Phase::Running) return makeError(Errc::NotRunning, "transports are not running");
  Worker* w0 = workers_.front().get();
  if (local->transport == Transport::Udp) return w0->sendUdp(*local, to, data);
  boost::asio::post(w0->io(), [w0, local, to, copy = std::string(data), connection_id]() mutable {
    (void)w0->sendTcp(*local, to, std::move(copy), connection_id, false);  // counts failures
  });
  return {};
}

CounterSnapshot WorkerPool::counters() const {
  CounterSnapshot sum;
  for (const auto& worker : workers_) sum.add(worker->counters());
  return sum;
}

std::size_t WorkerPool::openConnections() const {
  return state_->open_connections.load(std::memory_order_relaxed);
}

}  // namespace pinhole::net
