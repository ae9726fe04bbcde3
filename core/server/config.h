// The [core] section of the configuration: listeners, workers, local domains, logging and
// limits. Unknown keys and wrong types fail at load with file:line:column.
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "module/config_error.h"

namespace pinhole::server {

struct CoreConfig {
  std::vector<std::string> listen{"udp:0.0.0.0:5060"};
  unsigned workers = 2;
  std::vector<std::string> domains;  // also "myself" (Kamailio's alias=)
  std::string log_level = "info";
  bool syslog = false;
  uint32_t max_message_size = 65535;
  uint32_t udp_rcvbuf = 4 * 1024 * 1024;
  uint32_t tcp_idle_timeout = 120;  // seconds
  uint32_t tcp_max_connections = 2048;
};

// One error type for every configuration mistake, whichever part finds it.
using ConfigError = mod::ConfigError;

// Reads [core] from the parsed file (absent: all defaults).
CoreConfig parseCoreConfig(const toml::table& root, const std::string& file);

}  // namespace pinhole::server
