// One TCP connection, owned by one worker and used only on its thread. It owns its socket, its
// receive buffer (grown up to max_message_size) and its write queue. Messages are cut out of the
// byte stream with sip::frameStream(); a CRLFCRLF ping is answered with CRLF (RFC 5626 4.4.1); an
// unframeable or oversize message closes the connection. One timer is the deadline of every wait:
// the connect timeout while connecting, then the idle timeout (no traffic either way).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include "net/endpoint.h"
#include "net/local_socket.h"
#include "pinhole/result.h"

namespace pinhole::net {

class Worker;

class TcpConnection : public std::enable_shared_from_this<TcpConnection> {
 public:
  enum class CloseReason : uint8_t { Peer, Error, Idle, Framing, ConnectFailed, Shutdown };

  TcpConnection(Worker& worker, boost::asio::ip::tcp::socket socket, const LocalSocket& local,
                const Endpoint& peer, uint64_t id);

  void startAccepted();  // an accepted socket: start reading
  void startConnect();   // an outbound one: connect to peer(), then write what is queued

  // Queues a message (sent once connected); fails when closed or over tcp_max_queued_bytes.
  Result<void> write(std::string data);
  void close(CloseReason reason);

  uint64_t id() const noexcept { return id_; }
  const Endpoint& peer() const noexcept { return peer_; }
  bool closed() const noexcept { return state_ == State::Closed; }

 private:
  enum class State : uint8_t { Connecting, Open, Closed };
  struct Pending {
    std::string data;
    bool counted;  // a message (counted as sent), not a keep-alive pong
  };
  using Clock = std::chrono::steady_clock;

  Result<void> enqueue(std::string data, bool counted);
  void onConnect(const boost::system::error_code& ec);
  void readMore();
  void onRead(const boost::system::error_code& ec, std::size_t n);
  void frameBuffered();
  void writeNext();
  void onWrite(const boost::system::error_code& ec);
  void armTimer(Clock::time_point deadline);
  void onTimer(const boost::system::error_code& ec);
  Clock::time_point deadline() const;

  Worker& worker_;
  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer timer_;
  const LocalSocket& local_;
  Endpoint peer_;
  uint64_t id_;
  State state_;
  Clock::time_point connect_deadline_{};
  Clock::time_point last_activity_;

  std::unique_ptr<char[]> buf_;
  std::size_t capacity_ = 0;
  std::size_t used_ = 0;

  std::deque<Pending> queue_;
  Pending in_flight_{};        // being written while writing_ (the buffer must stay put)
  std::size_t queued_bytes_ = 0;  // queue_ and in_flight_
  bool writing_ = false;
};

}  // namespace pinhole::net
