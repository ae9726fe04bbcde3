#include "support/sip_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

#include "pinhole/sip/framer.h"

namespace pinhole::test {
namespace {

socklen_t fill(const std::string& ip, uint16_t port, sockaddr_storage& ss) {
  std::memset(&ss, 0, sizeof ss);
  if (ip.find(':') != std::string::npos) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(port);
    inet_pton(AF_INET6, ip.c_str(), &a->sin6_addr);
    return sizeof(*a);
  }
  auto* a = reinterpret_cast<sockaddr_in*>(&ss);
  a->sin_family = AF_INET;
  a->sin_port = htons(port);
  inet_pton(AF_INET, ip.c_str(), &a->sin_addr);
  return sizeof(*a);
}

}  // namespace

SipClient::SipClient(Kind kind, const std::string& local_ip, const std::string& server_ip,
                     uint16_t server_port, uint16_t local_port)
    : kind_(kind), local_ip_(local_ip), server_ip_(server_ip), server_port_(server_port) {
  sockaddr_storage ss;
  socklen_t len = fill(local_ip, local_port, ss);
  fd_ = socket(ss.ss_family, kind == Kind::Udp ? SOCK_DGRAM : SOCK_STREAM, 0);
  if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&ss), len) != 0) {
    if (fd_ >= 0) close(fd_);
    throw std::runtime_error("cannot bind test client on " + local_ip);
  }
  getsockname(fd_, reinterpret_cast<sockaddr*>(&ss), &len);
  local_port_ = ntohs(ss.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port
                                               : reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
  if (kind == Kind::Tcp) {
    sockaddr_storage to;
    socklen_t to_len = fill(server_ip, server_port, to);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&to), to_len) != 0) {
      close(fd_);
      fd_ = -1;
    }
  }
}

SipClient::~SipClient() {
  if (fd_ >= 0) close(fd_);
}

bool SipClient::send(const std::string& data) {
  if (fd_ < 0) return false;
  if (kind_ == Kind::Udp) {
    sockaddr_storage to;
    socklen_t len = fill(server_ip_, server_port_, to);
    return sendto(fd_, data.data(), data.size(), 0, reinterpret_cast<sockaddr*>(&to), len) ==
           static_cast<ssize_t>(data.size());
  }
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::send(fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::optional<std::string> SipClient::receive(std::chrono::milliseconds timeout) {
  if (fd_ < 0) return std::nullopt;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  char buf[65536];
  for (;;) {
    if (kind_ == Kind::Tcp) {
      auto f = sip::frameStream(pending_, 1 << 20);
      if (f.message() || f.keepAlive()) {
        std::string out = pending_.substr(0, f.length);
        pending_.erase(0, f.length);
        if (f.message()) return out;
        continue;
      }
      if (f.failed()) return std::nullopt;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return std::nullopt;
    ssize_t n = recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return std::nullopt;
    if (kind_ == Kind::Udp) return std::string(buf, static_cast<std::size_t>(n));
    pending_.append(buf, static_cast<std::size_t>(n));
  }
}

std::string SipClient::options(const std::string& request_uri, int seq) {
  std::string host = local_ip_.find(':') != std::string::npos ? "[" + local_ip_ + "]" : local_ip_;
  std::string id = std::to_string(local_port_) + "-" + std::to_string(seq);
  return "OPTIONS " + request_uri + " SIP/2.0\r\n" +
         "Via: SIP/2.0/" + (kind_ == Kind::Udp ? "UDP " : "TCP ") + host + ":" +
         std::to_string(local_port_) + ";branch=z9hG4bK-probe-" + id + ";rport\r\n" +
         "Max-Forwards: 70\r\n"
         "From: <sip:probe@" + host + ">;tag=probe" + id + "\r\n" +
         "To: <" + request_uri + ">\r\n"
         "Call-ID: probe-" + id + "@" + host + "\r\n" +
         "CSeq: " + std::to_string(seq) + " OPTIONS\r\n"
         "Content-Length: 0\r\n\r\n";
}

int statusOf(const std::string& text) {
  if (text.size() < 12 || text.compare(0, 8, "SIP/2.0 ") != 0) return 0;
  return std::atoi(text.substr(8, 3).c_str());
}

}  // namespace pinhole::test
