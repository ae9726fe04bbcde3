// pinhole-sipdump FILE... : parse each file as one SIP datagram and print one JSON object per
// line, so an operator can see what the proxy's parser makes of a capture (or why it refuses it).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sipdump/json_dump.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitParseFailed = 1;
constexpr int kExitUsage = 2;

constexpr std::string_view kUsage =
    "usage: pinhole-sipdump [--pretty] FILE...\n"
    "  Parses each FILE as one SIP message (a whole datagram) and prints one JSON object per\n"
    "  message. '-' reads standard input. Exit status: 0 all parsed, 1 some failed to parse or\n"
    "  validate, 2 usage error or unreadable file.\n";

// stdio rather than iostreams: fread on a directory fails with EISDIR, which ifstream hides.
std::optional<std::string> readAll(std::FILE* f) {
  std::string data;
  char chunk[65536];
  std::size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, f)) > 0) data.append(chunk, n);
  if (std::ferror(f)) return std::nullopt;
  return data;
}

std::optional<std::string> readInput(const std::string& path) {
  if (path == "-") return readAll(stdin);
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return std::nullopt;
  auto data = readAll(f);
  int saved = errno;
  std::fclose(f);
  errno = saved;
  return data;
}

}  // namespace

int main(int argc, char** argv) {
  bool pretty = false;
  bool options_done = false;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (!options_done && arg == "--") {
      options_done = true;
    } else if (!options_done && arg == "--pretty") {
      pretty = true;
    } else if (!options_done && (arg == "-h" || arg == "--help")) {
      std::cout << kUsage;
      return kExitOk;
    } else if (!options_done && arg.size() > 1 && arg[0] == '-') {
      std::cerr << "pinhole-sipdump: unknown option '" << arg << "'\n" << kUsage;
      return kExitUsage;
    } else {
      files.emplace_back(arg);
    }
  }
  if (files.empty()) {
    std::cerr << kUsage;
    return kExitUsage;
  }

  std::ios::sync_with_stdio(false);
  pinhole::Arena arena;
  bool unreadable = false;
  bool failed = false;
  for (const std::string& file : files) {
    auto data = readInput(file);
    if (!data) {
      // Keep going so one bad path does not hide the other results; the exit status tells.
      std::cerr << "pinhole-sipdump: cannot read '" << file << "': " << std::strerror(errno)
                << '\n';
      unreadable = true;
      continue;
    }
    auto dump = pinhole::sipdump::dumpMessage(file, *data, arena);
    failed |= !dump.ok;
    std::cout << pinhole::sipdump::render(dump.json, pretty) << '\n';
    arena.reset();
  }
  std::cout.flush();
  if (unreadable) return kExitUsage;
  return failed ? kExitParseFailed : kExitOk;
}
