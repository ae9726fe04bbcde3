#include "server/options.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "server/version.h"

namespace pinhole::server {

std::optional<Options> parseOptions(int argc, char** argv, int& exit_code) {
  Options o;
  CLI::App app{"pinhole: SIP proxy for NAT traversal"};
  app.add_option("-c,--config", o.config, "configuration file (TOML)");
  app.add_flag("--check", o.check,
               "load the configuration and modules, print what would run, exit");
  app.add_option("-l,--listen", o.listen,
                 "listen address, e.g. udp:127.0.0.1:5060 (repeatable; replaces [core] listen)");
  app.add_option("-L,--module-path", o.module_path, "module directory searched first (repeatable)");
  app.add_option("--log-level", o.log_level, "trace, debug, info, warn or error")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));
  app.add_option("-w,--workers", o.workers, "worker threads (overrides [core] workers)")
      ->check(CLI::Range(1u, 256u));
  app.set_version_flag("-V,--version", std::string("pinhole ") + kVersion + " (SDK ABI " +
                                           std::to_string(kAbiMajor) + "." +
                                           std::to_string(kAbiMinor) + ")");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    exit_code = app.exit(e);
    return std::nullopt;
  }
  return o;
}

}  // namespace pinhole::server
