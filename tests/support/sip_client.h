// A minimal SIP peer for integration tests: sends raw messages over UDP or TCP and waits for
// replies with a deadline. Loopback only.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace pinhole::test {

class SipClient {
 public:
  enum class Kind { Udp, Tcp };
  // Binds to ip:0 (UDP) or connects to server (TCP).
  SipClient(Kind kind, const std::string& local_ip, const std::string& server_ip,
            uint16_t server_port, uint16_t local_port = 0);
  ~SipClient();
  SipClient(const SipClient&) = delete;
  SipClient& operator=(const SipClient&) = delete;

  bool send(const std::string& data);
  // The next message (one datagram, or one framed TCP message), or nullopt after `timeout`.
  std::optional<std::string> receive(std::chrono::milliseconds timeout);
  uint16_t localPort() const noexcept { return local_port_; }
  const std::string& localIp() const noexcept { return local_ip_; }
  bool connected() const noexcept { return fd_ >= 0; }

  // An OPTIONS from this client to sip:<server> with a fresh branch and Call-ID.
  std::string options(const std::string& request_uri, int seq);

 private:
  Kind kind_;
  int fd_ = -1;
  std::string local_ip_;
  uint16_t local_port_ = 0;
  std::string server_ip_;
  uint16_t server_port_;
  std::string pending_;  // TCP bytes not yet framed
};

// Status code of a response, or 0 when `text` is not one.
int statusOf(const std::string& text);

}  // namespace pinhole::test
