// One worker's acceptor on one TCP listen address (SO_REUSEPORT: each worker accepts its own
// connections, which then live on that worker). Used only on its worker's thread.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>

#include "net/endpoint.h"
#include "net/local_socket.h"

namespace pinhole::net {

class Worker;

class TcpListener {
 public:
  TcpListener(Worker& worker, const LocalSocket& local);

  // Start-up: opens, binds to `at` and listens; returns the bound port. Throws
  // std::runtime_error.
  uint16_t bind(const Endpoint& at);
  void start();
  void close();

 private:
  void acceptNext();

  Worker& worker_;
  const LocalSocket& local_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer backoff_;  // after an accept error such as EMFILE
};

}  // namespace pinhole::net
