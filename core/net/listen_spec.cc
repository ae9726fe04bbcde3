#include "net/listen_spec.h"

#include <string>

#include "pinhole/strings.h"
#include "net/endpoint.h"
#include "net/errors.h"

namespace pinhole::net {
namespace {

namespace ip = boost::asio::ip;

bool isSpace(char c) { return c == ' ' || c == '\t'; }

// Scans `text` from `pos`; every failure carries the offset where the bad part starts.
class ListenParser {
 public:
  explicit ListenParser(std::string_view text) : text_(text) {}

  Result<ListenSpec> run() {
    ListenSpec spec;
    skipSpaces();
    std::size_t colon = text_.find(':', pos_);
    std::string_view proto = text_.substr(pos_, colon == std::string_view::npos ? 0 : colon - pos_);
    if (proto.empty() || !str::allOf(proto, str::isAlpha))
      return fail("missing transport: write udp:ADDRESS[:PORT] or tcp:ADDRESS[:PORT]");
    auto transport = parseTransport(proto);
    if (!transport) return fail("unknown transport (udp or tcp)");
    spec.transport = *transport;
    pos_ = colon + 1;

    std::size_t at = pos_;
    std::string_view host = hostPart();
    if (host.empty()) return fail("missing address");
    boost::system::error_code ec;
    if (host.front() == '[') {
      if (host.back() != ']') return failAt(at, "unterminated [ in an IPv6 address");
      spec.address = ip::make_address_v6(std::string(host.substr(1, host.size() - 2)), ec);
      if (ec) return failAt(at, "not an IPv6 address");
    } else if (host.find(':') != std::string_view::npos) {
      return failAt(at, "an IPv6 address must be in brackets, as in udp:[::1]:5060");
    } else {
      spec.address = ip::make_address_v4(std::string(host), ec);
      if (ec)
        return failAt(at, "not an IP address (host and interface names are not accepted here)");
    }
    if (pos_ < text_.size() && text_[pos_] == ':') {
      ++pos_;
      auto port = portPart(0);
      if (!port) return fail("port is not a number in 0..65535");
      spec.port = *port;
    }

    const bool spaced = skipSpaces();
    if (pos_ == text_.size()) return spec;
    if (!spaced) return fail("unexpected text after the address");
    std::size_t word_end = pos_;
    while (word_end < text_.size() && !isSpace(text_[word_end])) ++word_end;
    if (!str::iequals(text_.substr(pos_, word_end - pos_), "advertise"))
      return fail("unexpected text after the listen address (expected advertise HOST[:PORT])");
    pos_ = word_end;
    if (!skipSpaces()) return fail("missing advertised address after advertise");

    at = pos_;
    std::string_view ahost = hostPart();
    if (ahost.empty()) return fail("missing advertised address after advertise");
    if (ahost.front() == '[') {
      if (ahost.back() != ']') return failAt(at, "unterminated [ in an IPv6 address");
      (void)ip::make_address_v6(std::string(ahost.substr(1, ahost.size() - 2)), ec);
      if (ec) return failAt(at, "advertised address is not an IPv6 address");
    } else if (!isHostName(ahost)) {
      return failAt(at, "advertised address is not an IP address or host name");
    }
    spec.advertise_host = std::string(ahost);
    if (pos_ < text_.size() && text_[pos_] == ':') {
      ++pos_;
      auto port = portPart(1);
      if (!port) return fail("advertised port is not a number in 1..65535");
      spec.advertise_port = *port;
    }
    skipSpaces();
    if (pos_ < text_.size()) return fail("unexpected text after the advertised address");
    return spec;
  }

 private:
  // Returns whether any space was skipped.
  bool skipSpaces() {
    std::size_t start = pos_;
    while (pos_ < text_.size() && isSpace(text_[pos_])) ++pos_;
    return pos_ > start;
  }

  // "[...]" or the run up to ':' or a space.
  std::string_view hostPart() {
    std::size_t start = pos_;
    if (pos_ < text_.size() && text_[pos_] == '[') {
      std::size_t close = text_.find(']', pos_);
      std::size_t space = text_.find_first_of(" \t", pos_);
      if (close == std::string_view::npos || close > space) {
        pos_ = space == std::string_view::npos ? text_.size() : space;
      } else {
        pos_ = close + 1;
      }
      return text_.substr(start, pos_ - start);
    }
    // An unbracketed IPv6 address is taken whole so that the error can name it.
    while (pos_ < text_.size() && !isSpace(text_[pos_])) ++pos_;
    std::string_view run = text_.substr(start, pos_ - start);
    std::size_t first = run.find(':');
    if (first != std::string_view::npos && run.find(':', first + 1) == std::string_view::npos) {
      pos_ = start + first;  // host:port
      return run.substr(0, first);
    }
    return run;
  }

  // Digits up to the next space; on failure pos_ stays at the port so the error points at it.
  std::optional<uint16_t> portPart(uint16_t min) {
    std::size_t end = pos_;
    while (end < text_.size() && !isSpace(text_[end])) ++end;
    auto v = str::parseUnsigned(text_.substr(pos_, end - pos_), 65535);
    if (!v || *v < min) return std::nullopt;
    pos_ = end;
    return static_cast<uint16_t>(*v);
  }

  static bool isHostName(std::string_view h) {
    for (char c : h)
      if (!str::isHostChar(c) && c != '.') return false;
    return h.front() != '.' && h.front() != '-';
  }

  Error fail(std::string_view detail) const { return failAt(pos_, detail); }
  Error failAt(std::size_t at, std::string_view detail) const {
    return makeError(Errc::BadListen, detail, static_cast<uint32_t>(at));
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

Result<ListenSpec> parseListen(std::string_view text) { return ListenParser(text).run(); }

std::string ListenSpec::toString() const {
  std::string s(transportName(transport));
  s += ':';
  s += Endpoint{address, port}.toString();
  if (!advertise_host.empty()) {
    s += " advertise ";
    s += advertise_host;
    if (advertise_port != 0) {
      s += ':';
      s += std::to_string(advertise_port);
    }
  }
  return s;
}

}  // namespace pinhole::net
