#include "integration/daemon_fixture.h"

#include <sstream>

namespace pinhole::test {
namespace {

std::string tomlList(const std::vector<std::string>& items) {
  std::string s = "[";
  for (std::size_t i = 0; i < items.size(); ++i) s += (i ? ", \"" : "\"") + items[i] + "\"";
  return s + "]";
}

}  // namespace

std::string Daemon::binary() { return PINHOLE_BIN; }
std::string Daemon::moduleDir() { return PINHOLE_MODULES; }
std::string Daemon::sourceDir() { return PINHOLE_SOURCE; }

std::string statelessRoutes() {
  std::string cfg = readFile(Daemon::sourceDir() + "/cfg/stateless.toml");
  std::size_t at = cfg.find("[[route.");
  return at == std::string::npos ? std::string() : cfg.substr(at);
}

Daemon::Daemon(const DaemonOptions& options) {
  dir_ = tempDir("pinhole-it");
  port_ = freePort("127.0.0.1");
  std::string config = "[core]\nlisten = [\"udp:127.0.0.1:5060\"]\nworkers = 2\n"
                       "log_level = \"debug\"\n" + options.extra_core + "\n[modules]\nload = " +
                       tomlList(options.load) + "\n\n" +
                       (options.routes.empty() ? statelessRoutes() : options.routes);
  for (std::size_t at = config.find("@PORT@"); at != std::string::npos; at = config.find("@PORT@"))
    config.replace(at, 6, std::to_string(port_));
  writeFile(dir_ + "/pinhole.toml", config);
  std::vector<std::string> argv = {binary(), "-c", dir_ + "/pinhole.toml", "-L", moduleDir(),
                                   "-l", "udp:127.0.0.1:" + std::to_string(port_)};
  if (options.tcp) argv.insert(argv.end(), {"-l", "tcp:127.0.0.1:" + std::to_string(port_)});
  if (options.ipv6) {
    port6_ = freePort("::1");
    argv.insert(argv.end(), {"-l", "udp:[::1]:" + std::to_string(port6_)});
    if (options.tcp) argv.insert(argv.end(), {"-l", "tcp:[::1]:" + std::to_string(port6_)});
  }
  argv.insert(argv.end(), options.extra_args.begin(), options.extra_args.end());
  process_ = std::make_unique<Process>(argv, dir_ + "/pinhole.log");
  // Ready when it answers; give it a few seconds to bind and load its modules.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline && process_->running()) {
    if (probe() == 200) {
      ready_ = true;
      break;
    }
  }
}

Daemon::~Daemon() {
  if (process_) process_->stop();
}

int Daemon::probe(SipClient::Kind kind, const std::string& ip) {
  uint16_t port = ip.find(':') != std::string::npos ? port6_ : port_;
  std::string host = ip.find(':') != std::string::npos ? "[" + ip + "]" : ip;
  SipClient c(kind, ip, ip, port);
  static int seq = 1;
  if (!c.send(c.options("sip:" + host + ":" + std::to_string(port), seq++))) return 0;
  auto reply = c.receive(std::chrono::milliseconds(500));
  return reply ? statusOf(*reply) : 0;
}

}  // namespace pinhole::test
