// Starts the pinhole daemon for a test: a configuration written to a temp dir, listen
// addresses on free loopback ports given with -l, ready once it answers an OPTIONS, stopped by
// PID with SIGTERM at the end.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "support/process.h"
#include "support/sip_client.h"

namespace pinhole::test {

struct DaemonOptions {
  std::string routes;             // TOML after [core]/[modules] (rules); a default when empty
  std::vector<std::string> load = {"sl", "maxfwd", "rr", "siputils", "textops"};
  bool tcp = true;
  bool ipv6 = false;
  std::string extra_core;         // more [core] lines
  std::vector<std::string> extra_args;  // more command-line arguments (e.g. -L DIR)
};

class Daemon {
 public:
  explicit Daemon(const DaemonOptions& options = {});
  ~Daemon();

  bool ready() const noexcept { return ready_; }
  uint16_t port() const noexcept { return port_; }
  uint16_t port6() const noexcept { return port6_; }
  const std::string& dir() const noexcept { return dir_; }
  Process& process() { return *process_; }
  std::string log() const { return process_->output(); }

  // Sends OPTIONS sip:<ip>:<port> and returns the status of the answer (0 if none in time).
  int probe(SipClient::Kind kind = SipClient::Kind::Udp, const std::string& ip = "127.0.0.1");

  static std::string binary();      // path of the built pinhole
  static std::string moduleDir();   // where the built modules are
  static std::string sourceDir();

 private:
  std::string dir_;
  uint16_t port_ = 0;
  uint16_t port6_ = 0;
  std::unique_ptr<Process> process_;
  bool ready_ = false;
};

// The routes of cfg/stateless.toml (without its [core] and [modules] sections).
std::string statelessRoutes();

}  // namespace pinhole::test
