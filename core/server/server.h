// Start-up and shutdown in order: read the file, [core], load and start the modules, compile the
// routes, bind the sockets, run the workers; stop on SIGTERM/SIGINT in reverse order.
#pragma once

#include "server/options.h"

namespace pinhole::server {

// Runs the daemon (or only the checks with --check). Returns the process exit code; start-up
// errors are printed once and give 1.
int run(const Options& options);

}  // namespace pinhole::server
