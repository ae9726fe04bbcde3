// Command line of the pinhole daemon (Kamailio-like: -c FILE, -l ADDR overrides listen).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace pinhole::server {

struct Options {
  std::string config = "/etc/pinhole/pinhole.toml";
  bool check = false;                    // load and validate everything, print, exit
  std::vector<std::string> listen;       // replaces [core] listen when given
  std::vector<std::string> module_path;  // searched before [modules] path
  std::optional<std::string> log_level;  // overrides [core] log_level
  std::optional<unsigned> workers;       // overrides [core] workers
};

// Parses argv. Returns nullopt after printing help/version (exit 0) or a usage error (sets
// exit_code 2).
std::optional<Options> parseOptions(int argc, char** argv, int& exit_code);

}  // namespace pinhole::server
