// libFuzzer entry point for the SDP parser. Every view of a parsed session is read byte by byte,
// so that ASan sees any view that reaches outside the input; a view that points anywhere but into
// the input, or an error offset beyond it, traps.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pinhole/arena.h"
#include "pinhole/sip/errors.h"
#include "pinhole/sip/sdp.h"

namespace {

using pinhole::sdp::Candidate;
using pinhole::sdp::Connection;
using pinhole::sdp::Media;
using pinhole::sdp::Session;

struct Toucher {
  std::string_view input;
  uint64_t sum = 0;

  // Absent views (data() == nullptr) are allowed; any other view must lie inside the input.
  void view(std::string_view v) {
    if (v.data() == nullptr) {
      if (!v.empty()) __builtin_trap();
      return;
    }
    if (v.data() < input.data() || v.size() > input.size() ||
        v.data() + v.size() > input.data() + input.size())
      __builtin_trap();
    for (char c : v) sum += static_cast<unsigned char>(c);
    sum += v.size();
  }

  void connection(const Connection& c) {
    view(c.line);
    view(c.net_type);
    view(c.addr_type);
    view(c.address);
    view(c.suffix);
    if (c.address.empty() || c.address_count == 0) __builtin_trap();
    sum += c.ttl + c.address_count + c.ipv6;
  }

  void candidate(const Candidate& c) {
    view(c.line);
    view(c.foundation);
    view(c.transport);
    view(c.address);
    view(c.port_text);
    view(c.type);
    view(c.raddr);
    view(c.rport_text);
    sum += c.component + c.priority + c.ipv6 + c.port + c.raddr_ipv6 + c.rport;
  }

  void media(const Media& m) {
    view(m.section);
    view(m.line);
    view(m.type);
    view(m.port_text);
    view(m.proto);
    view(m.formats);
    sum += m.port + m.port_count + m.format_count + static_cast<unsigned>(m.direction);
    if (m.connections.size() > pinhole::sdp::kMaxConnectionsPerMedia) __builtin_trap();
    for (const Connection& c : m.connections) connection(c);
    if (m.rtcp) {
      view(m.rtcp->line);
      view(m.rtcp->port_text);
      sum += m.rtcp->port;
      if (m.rtcp->connection) connection(*m.rtcp->connection);
    }
    if (m.candidates.size() > pinhole::sdp::kMaxCandidatesPerMedia) __builtin_trap();
    for (const Candidate& c : m.candidates) candidate(c);
  }

  void session(const Session& s) {
    if (s.body.data() != input.data() || s.body.size() != input.size()) __builtin_trap();
    sum += s.version + static_cast<unsigned>(s.direction);
    if (s.origin) {
      view(s.origin->line);
      view(s.origin->username);
      view(s.origin->sess_id);
      view(s.origin->sess_version);
      view(s.origin->net_type);
      view(s.origin->addr_type);
      view(s.origin->address);
    }
    view(s.session_name);
    if (s.connection) connection(*s.connection);
    if (s.media.size() > pinhole::sdp::kMaxMedia) __builtin_trap();
    for (const Media& m : s.media) {
      media(m);
      sum += static_cast<unsigned>(pinhole::sdp::effectiveDirection(s, m));
      sum += pinhole::sdp::effectiveConnection(s, m) != nullptr;
    }
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static pinhole::Arena arena;
  arena.reset();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto result = pinhole::sdp::parse(input, arena);
  Toucher t{input};
  if (result.ok()) {
    t.session(*result.value());
  } else {
    const pinhole::Error& e = result.error();
    if (pinhole::sip::errcOf(e) != pinhole::sip::Errc::BadSdp || e.detail.empty() ||
        e.offset > size)
      __builtin_trap();
    t.sum += e.offset + e.detail.size();
  }
  // Keep the sum observable so the reads are not optimised away.
  volatile uint64_t sink = t.sum;
  (void)sink;
  return 0;
}
