// compile(): the [flags] and [route] parts of a parsed configuration file to a Program. Every
// call is resolved, every argument checked against the function's declaration, every hook
// restriction enforced (through named routes too); the first error is thrown as ConfigError
// with file:line:column. [core] and [modules] belong to the daemon and the loader.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "route/config_error.h"
#include "route/function_lookup.h"
#include "route/program.h"

namespace pinhole::route {

struct CompileResult {
  std::unique_ptr<const Program> program;
  std::vector<Diagnostic> warnings;  // e.g. named routes nothing calls
};

// `file` names the configuration in messages (the nodes' own source path when empty).
// Throws ConfigError.
CompileResult compile(const toml::table& config, std::string_view file,
                      const FunctionLookup& functions);

}  // namespace pinhole::route
