// pinhole: the SIP proxy daemon. Runs in the foreground (systemd style) and logs to stderr.
#include "server/options.h"
#include "server/server.h"

int main(int argc, char** argv) {
  int exit_code = 0;
  auto options = pinhole::server::parseOptions(argc, argv, exit_code);
  if (!options) return exit_code;
  return pinhole::server::run(*options);
}
