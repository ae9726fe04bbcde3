#include "server/config.h"

#include <string_view>

#include "net/listen_spec.h"

namespace pinhole::server {
namespace {

[[noreturn]] void fail(const toml::node& node, const std::string& file, const std::string& msg) {
  const auto& src = node.source();
  throw ConfigError(file, static_cast<int>(src.begin.line), static_cast<int>(src.begin.column),
                    msg);
}

std::vector<std::string> stringList(const toml::node& node, const std::string& file,
                                    std::string_view key) {
  const toml::array* arr = node.as_array();
  if (!arr) fail(node, file, std::string(key) + " must be an array of strings");
  std::vector<std::string> out;
  for (const toml::node& item : *arr) {
    const auto* s = item.as_string();
    if (!s) fail(item, file, std::string(key) + " must hold only strings");
    out.push_back(s->get());
  }
  return out;
}

int64_t integer(const toml::node& node, const std::string& file, std::string_view key, int64_t min,
                int64_t max) {
  const auto* i = node.as_integer();
  if (!i) fail(node, file, std::string(key) + " must be an integer");
  if (i->get() < min || i->get() > max)
    fail(node, file,
         std::string(key) + " must be in " + std::to_string(min) + ".." + std::to_string(max));
  return i->get();
}

}  // namespace

CoreConfig parseCoreConfig(const toml::table& root, const std::string& file) {
  CoreConfig c;
  const toml::node* core_node = root.get("core");
  if (!core_node) return c;
  const toml::table* core = core_node->as_table();
  if (!core) fail(*core_node, file, "[core] must be a table");
  for (const auto& [key, node] : *core) {
    std::string_view k = key.str();
    if (k == "listen") {
      c.listen = stringList(node, file, k);
      if (c.listen.empty()) fail(node, file, "listen needs at least one address");
      std::size_t i = 0;
      for (const toml::node& item : *node.as_array()) {
        auto spec = net::parseListen(c.listen[i++]);
        if (!spec) fail(item, file, "bad listen address: " + std::string(spec.error().detail));
      }
    } else if (k == "workers") {
      c.workers = static_cast<unsigned>(integer(node, file, k, 1, 256));
    } else if (k == "domains") {
      c.domains = stringList(node, file, k);
    } else if (k == "log_level") {
      const auto* s = node.as_string();
      static constexpr std::string_view kLevels[] = {"trace", "debug", "info", "warn", "error"};
      bool known = false;
      for (auto l : kLevels) known = known || (s && s->get() == l);
      if (!known) fail(node, file, "log_level must be one of trace, debug, info, warn, error");
      c.log_level = s->get();
    } else if (k == "syslog") {
      const auto* b = node.as_boolean();
      if (!b) fail(node, file, "syslog must be true or false");
      c.syslog = b->get();
    } else if (k == "max_message_size") {
      c.max_message_size = static_cast<uint32_t>(integer(node, file, k, 1500, 1 << 20));
    } else if (k == "udp_rcvbuf") {
      c.udp_rcvbuf = static_cast<uint32_t>(integer(node, file, k, 0, 1 << 30));
    } else if (k == "tcp_idle_timeout") {
      c.tcp_idle_timeout = static_cast<uint32_t>(integer(node, file, k, 1, 86400));
    } else if (k == "tcp_max_connections") {
      c.tcp_max_connections = static_cast<uint32_t>(integer(node, file, k, 1, 1000000));
    } else {
      fail(node, file,
           "unknown key '" + std::string(k) +
               "' in [core] (known: listen, workers, domains, log_level, syslog, "
               "max_message_size, udp_rcvbuf, tcp_idle_timeout, tcp_max_connections)");
    }
  }
  return c;
}

}  // namespace pinhole::server
