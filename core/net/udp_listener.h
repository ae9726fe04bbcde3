// One worker's socket on one UDP listen address (SO_REUSEPORT: every worker has its own).
// Waits for readability, then drains the socket with recvmmsg() into the worker's UdpBatch and
// hands each datagram to the handler. Used only on its worker's thread, except sendTo(), which
// the pool may also call for worker 0 from another thread (a plain sendto() on the descriptor).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <cstdint>
#include <string_view>

#include "net/counters.h"
#include "net/endpoint.h"
#include "net/local_socket.h"
#include "pinhole/result.h"

namespace pinhole::net {

class Worker;

class UdpListener {
 public:
  UdpListener(Worker& worker, const LocalSocket& local);

  // Start-up: opens and binds to `at`; returns the bound port. Throws std::runtime_error.
  uint16_t bind(const Endpoint& at);
  void start();  // on the worker's thread
  void close();  // on the worker's thread

  Result<void> sendTo(const Endpoint& to, std::string_view data, Counters& counters) noexcept;

 private:
  void drain();
  void waitReadable();

  Worker& worker_;
  const LocalSocket& local_;
  boost::asio::ip::udp::socket socket_;
  bool v6_ = false;
};

}  // namespace pinhole::net
