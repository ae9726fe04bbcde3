// The transport layer: UDP and TCP listeners on N worker threads, each with its own io_context and
// its own SO_REUSEPORT socket on every listen address. Received messages go to one handler on
// the thread that received them; send() leaves from the socket a message came in on.
//
//   WorkerPool pool(config, {*parseListen("udp:0.0.0.0:5060")}, [&](const Received& r) {
//     ... r.data, r.source, r.local, r.connection_id ...
//     (void)pool.send(*r.local, r.source, reply, r.connection_id);
//   });
//   pool.start();   // throws std::runtime_error if a bind fails
#pragma once

#include <cstdint>
#include <functional>

#include <boost/asio/io_context.hpp>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include "net/counters.h"
#include "net/endpoint.h"
#include "net/listen_spec.h"
#include "net/local_socket.h"
#include "net/received.h"
#include "net/transport_config.h"
#include "pinhole/result.h"

namespace pinhole::net {

struct WorkerPoolState;
class Worker;

class WorkerPool {
 public:
  // Called on the receiving worker's thread; Received::data is valid only during the call.
  // Exceptions it throws are caught and counted (the message is dropped).
  using Handler = std::function<void(const Received&)>;

  // Throws std::invalid_argument for an unusable config (0 workers, 0 batch, 0 message size).
  WorkerPool(TransportConfig config, std::vector<ListenSpec> listen, Handler handler);
  ~WorkerPool();  // stop()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Binds every listen address on every worker, then starts the threads. Port 0 binds worker
  // 0's socket to a free port and the other workers' to that same port. Throws
  // std::runtime_error ("cannot bind udp:127.0.0.1:5060: Address already in use"); once only.
  void start();
  // Closes every socket and connection and joins the threads: no handler runs after it returns.
  // Idempotent. Must not be called from a worker thread (it would join itself).
  void stop();
  bool running() const;

  // The bound sockets, in listen order (id = index), with actual ports; valid from start() to
  // destruction (Received::local points into it).
  const std::vector<LocalSocket>& localSockets() const;
  unsigned workerCount() const;
  // The index of the calling worker thread of this pool, if it is one.
  std::optional<unsigned> currentWorker() const;
  // Worker `index`'s event loop, for timers that must fire on that worker (index <
  // workerCount()). Valid from construction to destruction.
  boost::asio::io_context& ioContext(unsigned index);
  // Runs fn on worker `index`'s thread (from any thread). Dropped once the pool stopped.
  void post(unsigned index, std::function<void()> fn);

  // Sends from `from` (one of localSockets(), or a copy of one) to `to`; callable from any
  // thread. UDP: sendto() on the calling worker's socket for `from` (worker 0's from other
  // threads); errors come back. TCP: on `connection_id` if it is open, else on an open
  // connection to `to` (on whichever worker owns it), else on a new connection from the calling
  // worker (worker 0 from other threads); the data is copied and queued, so errors after that
  // point (connect failure, reset) are only counted (send_errors).
  Result<void> send(const LocalSocket& from, const Endpoint& to, std::string_view data,
                    uint64_t connection_id = 0);

  CounterSnapshot counters() const;  // summed over the workers
  std::size_t openConnections() const;

 private:
  enum class Phase : uint8_t { Created, Running, Stopped };

  const LocalSocket* ownSocket(const LocalSocket& from) const;
  Worker* callingWorker() const;

  std::vector<ListenSpec> listen_;
  std::unique_ptr<WorkerPoolState> state_;
  std::vector<std::unique_ptr<Worker>> workers_;
  mutable std::mutex mutex_;  // phase_, and sends from non-worker threads against stop()
  Phase phase_ = Phase::Created;
};

}  // namespace pinhole::net
