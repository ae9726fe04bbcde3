// SIP parser benchmarks: scan only, scan plus the typed headers a NAT-traversal proxy reads, and
// the same plus the SDP body. One arena is reused (reset per message) as a worker does, and the
// message buffer is built once: the parser is zero-copy, so copying it per iteration would
// measure memcpy. heap_allocs_per_parse counts operator new calls in the timed loop (see
// alloc_counter.h); it must be 0. How to run: bench/README.md; figures: docs/performance.md.
#include <benchmark/benchmark.h>

#include <string>
#include <string_view>

#include "alloc_counter.h"
#include "parse_fixtures.h"
#include "pinhole/arena.h"

namespace {

using pinhole::Arena;
using pinhole::sip::Message;
using pinhole::bench::inviteMessage;
using pinhole::bench::registerMessage;
using pinhole::bench::touchProxyHeaders;
using pinhole::bench::touchSdp;

// Google Benchmark's barrier for the values the reads produce.
constexpr auto kKeep = [](const auto& value) { benchmark::DoNotOptimize(value); };

enum class Work { ScanOnly, Proxy, ProxySdp };

// One parse outside the timed loop, checking that the fixtures parse to what they say, so a
// parser regression shows up as an error here rather than as a suspiciously fast benchmark.
const char* checkFixture(Message& msg, std::string_view buffer, Work work) {
  if (!msg.parse(buffer)) return "fixture does not parse";
  if (msg.headers().size() < 10) return "fixture has too few headers";
  if (work == Work::ScanOnly) return nullptr;
  if (const char* err = touchProxyHeaders(msg, kKeep)) return err;
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
  if (const char* err = touchSdp(msg, kKeep)) return err;
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
    const char* err = touchProxyHeaders(msg, kKeep);
    if (!err && work == Work::ProxySdp) err = touchSdp(msg, kKeep);
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
