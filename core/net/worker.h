// One worker: a thread running its own io_context, its own socket on every listen address, its
// recvmmsg() buffer and the TCP connections it accepted or opened. Everything here runs on that
// thread, except start-up (before the thread starts) and requestStop()/join().
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <future>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "net/counters.h"
#include "net/endpoint.h"
#include "net/local_socket.h"
#include "net/received.h"
#include "net/udp_batch.h"
#include "pinhole/result.h"

namespace pinhole::net {

struct WorkerPoolState;
class UdpListener;
class TcpListener;
class TcpConnection;

class Worker {
 public:
  Worker(WorkerPoolState& pool, unsigned index);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // The worker whose thread is calling, or nullptr.
  static Worker* current() noexcept;

  unsigned index() const noexcept { return index_; }
  WorkerPoolState& pool() noexcept { return pool_; }
  boost::asio::io_context& io() noexcept { return io_; }
  Counters& counters() noexcept { return counters_; }
  const Counters& counters() const noexcept { return counters_; }
  UdpBatch& udpBatch() noexcept { return *batch_; }

  // Start-up, before run(): this worker's socket for `local`, bound to `at`; returns the bound
  // port. Throws std::runtime_error.
  uint16_t listen(const LocalSocket& local, const Endpoint& at);
  void run();                                // starts the thread
  void requestStop();                        // any thread: closes everything on the worker
  void join(std::chrono::milliseconds grace);  // then forces the io_context to stop

  // On this worker's thread (sendUdp also for worker 0 from a non-worker thread, see pool).
  bool closing() const noexcept { return closing_; }
  void deliver(const Received& r) noexcept;
  Result<void> sendUdp(const LocalSocket& from, const Endpoint& to, std::string_view data);
  // connection_id first, then a connection to `to` on this worker, then one on another worker
  // (the send is posted there unless `forwarded`), else a new connection from this worker.
  Result<void> sendTcp(const LocalSocket& from, const Endpoint& to, std::string data,
                       uint64_t connection_id, bool forwarded);
  void accepted(boost::asio::ip::tcp::socket socket, const LocalSocket& local);
  void forget(TcpConnection& connection);  // a connection closed

 private:
  Result<void> forward(unsigned owner, const LocalSocket& from, const Endpoint& to,
                       std::string data, uint64_t connection_id);
  Result<void> connect(const LocalSocket& from, const Endpoint& to, std::string data);
  void adopt(const std::shared_ptr<TcpConnection>& connection);
  void shutdown();

  WorkerPoolState& pool_;
  const unsigned index_;
  // Declared first: destroyed after everything that has handlers queued on it.
  boost::asio::io_context io_{1};
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  Counters counters_;
  std::unique_ptr<UdpBatch> batch_;  // made with the first UDP listener
  std::vector<std::unique_ptr<UdpListener>> udp_;  // by LocalSocket id (null for TCP ones)
  std::vector<std::unique_ptr<TcpListener>> tcp_;  // by LocalSocket id (null for UDP ones)
  std::unordered_map<uint64_t, std::shared_ptr<TcpConnection>> connections_;
  std::unordered_map<Endpoint, TcpConnection*> by_peer_;  // newest connection to each peer
  uint64_t next_connection_ = 1;
  bool closing_ = false;
  std::promise<void> exited_;
  std::future<void> exited_future_;
  std::thread thread_;
};

}  // namespace pinhole::net
