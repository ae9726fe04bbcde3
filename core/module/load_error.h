// ModuleLoadError: a module that cannot be used (not found, wrong ABI, missing dependency, a
// dependency cycle, a failed init). Thrown on the start-up path only; the message names the
// module, and the library's path when one was found.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace pinhole::mod {

struct ModuleLoadError : std::runtime_error {
  ModuleLoadError(std::string module_name, std::string library_path, const std::string& message)
      : std::runtime_error(message),
        module(std::move(module_name)),
        path(std::move(library_path)) {}

  std::string module;  // the name as requested (may be empty for errors about the load list)
  std::string path;    // the library file, when one was found
};

}  // namespace pinhole::mod
