#include "net/endpoint.h"

#include "pinhole/strings.h"

namespace pinhole::net {

std::string hostString(const boost::asio::ip::address& address) {
  if (address.is_v4()) return address.to_v4().to_string();
  return "[" + address.to_v6().to_string() + "]";
}

std::string Endpoint::toString() const {
  return hostString(address) + ":" + std::to_string(port);
}

std::optional<Endpoint> parseEndpoint(std::string_view text) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::string_view host = text.substr(0, colon);
  auto port = str::parseUnsigned(text.substr(colon + 1), 65535);
  if (!port) return std::nullopt;
  boost::system::error_code ec;
  Endpoint e;
  e.port = static_cast<uint16_t>(*port);
  if (host.front() == '[') {
    if (host.size() < 2 || host.back() != ']') return std::nullopt;
    e.address = boost::asio::ip::make_address_v6(std::string(host.substr(1, host.size() - 2)), ec);
  } else {
    e.address = boost::asio::ip::make_address_v4(std::string(host), ec);
  }
  if (ec) return std::nullopt;
  return e;
}

}  // namespace pinhole::net
