// The parse benchmark's loop without Google Benchmark, for counting instructions under callgrind:
// the same fixtures, arena reuse and reads as pinhole-bench-parse, a fixed number of times. Run
// it for N and 2N iterations; the difference divided by N is one iteration without start-up
// (bench/README.md, "Profiling").
//   pinhole-parse-driver ITERATIONS invite|register [scan|proxy|sdp]
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "parse_fixtures.h"
#include "pinhole/arena.h"

namespace {

// An empty asm statement that takes the value: the read stays, and costs no instruction.
constexpr auto kKeep = [](const auto& value) { asm volatile("" : : "r,m"(value) : "memory"); };

int usage() {
  std::fprintf(stderr, "usage: pinhole-parse-driver ITERATIONS invite|register [scan|proxy|sdp]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) return usage();
  const long iterations = std::strtol(argv[1], nullptr, 10);
  const std::string_view which = argv[2];
  const std::string_view work = argc > 3 ? argv[3] : "proxy";
  if (iterations <= 0 || (which != "invite" && which != "register") ||
      (work != "scan" && work != "proxy" && work != "sdp") || (work == "sdp" && which != "invite"))
    return usage();
  const std::string& message =
      which == "invite" ? pinhole::bench::inviteMessage() : pinhole::bench::registerMessage();
  const bool scan_only = work == "scan";
  const bool sdp = work == "sdp";

  pinhole::Arena arena;
  for (long i = 0; i < iterations; ++i) {
    arena.reset();
    pinhole::sip::Message msg(arena);
    if (!msg.parse(message)) {
      std::fprintf(stderr, "parse() failed\n");
      return 1;
    }
    if (scan_only) {
      kKeep(msg.headers().size());
      continue;
    }
    const char* err = pinhole::bench::touchProxyHeaders(msg, kKeep);
    if (err == nullptr && sdp) err = pinhole::bench::touchSdp(msg, kKeep);
    if (err != nullptr) {
      std::fprintf(stderr, "%s\n", err);
      return 1;
    }
  }
  return 0;
}
