// SIP parser benchmarks: scan only, scan plus the typed headers a NAT-traversal proxy reads, and
// the same plus the SDP body. One arena is reused (reset per message) as a worker does, and the
// message buffer is built once: the parser is zero-copy, so copying it per iteration would
// measure memcpy. heap_allocs_per_parse counts operator new calls in the timed loop (see
// alloc_counter.h); it must be 0. How to run: bench/README.md; figures: docs/performance.md.
#include <benchmark/benchmark.h>

#include <initializer_list>
#include <string>
#include <string_view>

#include "alloc_counter.h"
#include "pinhole/arena.h"
#include "pinhole/sip/message.h"
#include "pinhole/sip/sdp.h"

namespace {

using pinhole::Arena;
using pinhole::sip::Message;

// Joins header lines with CRLF, fills in "Content-Length:" from the body, appends the body.
std::string buildMessage(std::initializer_list<std::string_view> lines, std::string_view body) {
  std::string m;
  for (std::string_view line : lines) {
    m += line;
    if (line == "Content-Length:") m += " " + std::to_string(body.size());
    m += "\r\n";
  }
  m += "\r\n";
  m += body;
  return m;
}

// An INVITE as a record-routing proxy in the middle of a dialog set-up receives it: the upstream
// proxy's Via on top, the NATed UA's Via (received/rport filled in) below, a route set.
const std::string& inviteMessage() {
  static const std::string m = buildMessage(
      {
          "INVITE sip:bob@biloxi.com SIP/2.0",
          "Via: SIP/2.0/UDP 198.51.100.10:5060;branch=z9hG4bK4b43c2ff8.1;rport",
          "Via: SIP/2.0/UDP 192.168.1.20:5060;received=203.0.113.45;rport=40312"
          ";branch=z9hG4bK74bf9a1c",
          "Max-Forwards: 69",
          "Route: <sip:203.0.113.1;lr>",
          "Route: <sip:proxy2.biloxi.com;lr>",
          "Record-Route: <sip:198.51.100.10;lr;ftag=9fxced76sl>",
          "From: \"Alice\" <sip:alice@atlanta.com>;tag=9fxced76sl",
          "To: Bob <sip:bob@biloxi.com>",
          "Call-ID: a84b4c76e66710@pc33.atlanta",
          "CSeq: 31862 INVITE",
          "Contact: <sip:alice@192.168.1.20:5060;transport=udp;ob>;expires=3600",
          "Content-Type: application/sdp",
          "Content-Length:",
          "User-Agent: Pinhole-Bench-UA/1.0",
          "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE",
          "Supported: replaces, timer",
      },
      "v=0\r\n"
      "o=alice 2890844526 2890844526 IN IP4 192.168.1.20\r\n"
      "s=-\r\n"
      "c=IN IP4 192.168.1.20\r\n"
      "t=0 0\r\n"
      "m=audio 49170 RTP/AVP 0 8 101\r\n"
      "a=rtpmap:0 PCMU/8000\r\n"
      "a=rtpmap:8 PCMA/8000\r\n"
      "a=rtpmap:101 telephone-event/8000\r\n"
      "a=fmtp:101 0-16\r\n"
      "a=sendrecv\r\n");
  return m;
}

// A REGISTER straight from a UA behind NAT: its Contact carries the RFC 1918 address.
const std::string& registerMessage() {
  static const std::string m = buildMessage(
      {
          "REGISTER sip:registrar.example.com SIP/2.0",
          "Via: SIP/2.0/UDP 192.168.1.20:5060;rport;branch=z9hG4bKnashds7a8f2",
          "Max-Forwards: 70",
          "From: Alice <sip:alice@example.com>;tag=456248",
          "To: Alice <sip:alice@example.com>",
          "Call-ID: 843817637684230@998sdasdh09",
          "CSeq: 1826 REGISTER",
          "Contact: <sip:alice@192.168.1.20:5060;transport=udp>;expires=3600"
          ";+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000a95a0e128>\";reg-id=1",
          "Expires: 3600",
          "User-Agent: Pinhole-Bench-UA/1.0",
          "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, PRACK, REFER, NOTIFY, INFO",
          "Content-Length:",
      },
      "");
  return m;
}

// Reads what a NAT-traversal proxy reads before relaying (loose_route, nat_uac_test,
// fix_nated_contact, record_route, t_relay, save). Returns the name of the first accessor that
// failed, or nullptr.
const char* touchProxyHeaders(Message& msg) {
  auto top = msg.topVia();
  if (!top) return "topVia() failed";
  benchmark::DoNotOptimize((*top)->branch);
  benchmark::DoNotOptimize((*top)->has_rport);
  benchmark::DoNotOptimize((*top)->rport_value);
  benchmark::DoNotOptimize((*top)->received);

  auto vias = msg.vias();
  if (!vias) return "vias() failed";
  benchmark::DoNotOptimize(vias->size());

  auto from = msg.from();
  if (!from) return "from() failed";
  std::string_view from_tag = (*from)->tag();
  benchmark::DoNotOptimize(from_tag);

  auto to = msg.to();
  if (!to) return "to() failed";
  std::string_view to_tag = (*to)->tag();
  benchmark::DoNotOptimize(to_tag);

  auto call_id = msg.callId();
  if (!call_id) return "callId() failed";
  benchmark::DoNotOptimize(*call_id);

  auto cseq = msg.cseq();
  if (!cseq) return "cseq() failed";
  benchmark::DoNotOptimize(*cseq);

  auto contacts = msg.contacts();
  if (!contacts) return "contacts() failed";
  for (const pinhole::sip::NameAddr& c : (*contacts)->contacts) {
    benchmark::DoNotOptimize(c.uri().host.host);
    benchmark::DoNotOptimize(c.uri().host.port);
    std::string_view expires = c.params.value("expires");
    benchmark::DoNotOptimize(expires);
  }

  auto routes = msg.routes();
  if (!routes) return "routes() failed";
  benchmark::DoNotOptimize(routes->size());

  auto max_forwards = msg.maxForwards();
  if (!max_forwards) return "maxForwards() failed";
  benchmark::DoNotOptimize(*max_forwards);

  auto expires = msg.expires();
  if (!expires) return "expires() failed";
  benchmark::DoNotOptimize(*expires);

  auto content_length = msg.contentLength();
  if (!content_length) return "contentLength() failed";
  benchmark::DoNotOptimize(*content_length);
  return nullptr;
}

// The SDP fields an RTP relay rewrites: the connection address and each media port.
const char* touchSdp(Message& msg) {
  auto session = msg.sdp();
  if (!session) return "sdp() failed";
  if (!*session) return "sdp() found no SDP body";
  const pinhole::sdp::Session& s = **session;
  if (s.connection) benchmark::DoNotOptimize(s.connection->address);
  for (const pinhole::sdp::Media& m : s.media) {
    benchmark::DoNotOptimize(m.port);
    const pinhole::sdp::Connection* c = pinhole::sdp::effectiveConnection(s, m);
    benchmark::DoNotOptimize(c);
  }
  return nullptr;
}

enum class Work { ScanOnly, Proxy, ProxySdp };

// One parse outside the timed loop, checking that the fixtures parse to what they say, so a
// parser regression shows up as an error here rather than as a suspiciously fast benchmark.
const char* checkFixture(Message& msg, std::string_view buffer, Work work) {
  if (!msg.parse(buffer)) return "fixture does not parse";
  if (msg.headers().size() < 10) return "fixture has too few headers";
  if (work == Work::ScanOnly) return nullptr;
  if (const char* err = touchProxyHeaders(msg)) return err;
  auto top = msg.topVia();
  auto contacts = msg.contacts();
  if (!(*top)->has_branch || !(*top)->hasMagicCookie() || !(*top)->has_rport)
    return "fixture: top Via lacks branch or rport";
  if ((*contacts)->contacts.size() != 1 ||
      (*contacts)->contacts[0].uri().host.host != "192.168.1.20" ||
      (*contacts)->contacts[0].uri().host.port != 5060)
    return "fixture: Contact is not the NATed 192.168.1.20:5060";
  if ((*msg.from())->tag().empty()) return "fixture: From has no tag";
  if (work == Work::Proxy) return nullptr;
  if (const char* err = touchSdp(msg)) return err;
  const pinhole::sdp::Session* s = *msg.sdp();
  if (!s->connection || s->connection->address != "192.168.1.20" || s->media.size() != 1 ||
      s->media[0].port != 49170)
    return "fixture: SDP c=/m= not as written";
  return nullptr;
}

void runParse(benchmark::State& state, const std::string& message, Work work) {
  const std::string_view buffer = message;
  Arena arena;
  {
    Message probe(arena);
    if (const char* err = checkFixture(probe, buffer, work)) {
      state.SkipWithError(err);
      return;
    }
  }

  const pinhole::bench::HeapCounts before = pinhole::bench::heapCounts();
  for (auto _ : state) {
    arena.reset();
    Message msg(arena);  // per datagram, as a worker does; the arena is what is reused
    auto parsed = msg.parse(buffer);
    if (!parsed) {
      state.SkipWithError("parse() failed");
      break;
    }
    if (work == Work::ScanOnly) {
      benchmark::DoNotOptimize(msg.headers().size());
      benchmark::DoNotOptimize(msg.body());
      continue;
    }
    const char* err = touchProxyHeaders(msg);
    if (!err && work == Work::ProxySdp) err = touchSdp(msg);
    if (err) {
      state.SkipWithError(err);
      break;
    }
    benchmark::ClobberMemory();
  }
  const pinhole::bench::HeapCounts after = pinhole::bench::heapCounts();

  const auto iterations = static_cast<int64_t>(state.iterations());
  state.SetItemsProcessed(iterations);
  state.SetBytesProcessed(iterations * static_cast<int64_t>(buffer.size()));
  const double n = iterations > 0 ? static_cast<double>(iterations) : 1.0;
  state.counters["heap_allocs_per_parse"] =
      static_cast<double>(after.allocations - before.allocations) / n;
  state.counters["heap_bytes_per_parse"] = static_cast<double>(after.bytes - before.bytes) / n;
  state.counters["msg_bytes"] = static_cast<double>(buffer.size());
}

void BM_ScanOnly(benchmark::State& state, const std::string& (*message)()) {
  runParse(state, message(), Work::ScanOnly);
}
void BM_ParseProxy(benchmark::State& state, const std::string& (*message)()) {
  runParse(state, message(), Work::Proxy);
}
void BM_ParseProxySdp(benchmark::State& state, const std::string& (*message)()) {
  runParse(state, message(), Work::ProxySdp);
}

BENCHMARK_CAPTURE(BM_ScanOnly, invite, &inviteMessage);
BENCHMARK_CAPTURE(BM_ScanOnly, register, &registerMessage);
BENCHMARK_CAPTURE(BM_ParseProxy, invite, &inviteMessage);
BENCHMARK_CAPTURE(BM_ParseProxySdp, invite, &inviteMessage);
BENCHMARK_CAPTURE(BM_ParseProxy, register, &registerMessage);

}  // namespace

BENCHMARK_MAIN();
