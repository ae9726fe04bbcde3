// Loading modules by name: lib<name>.so is looked up on a search path, opened with RTLD_LOCAL |
// RTLD_NOW, and its "pinhole_module" header checked (ABI version, header size, build signature,
// name) before anything in it is called. Libraries stay loaded for the life of the process
// (Boost.DLL missuses: objects, vtables and exceptions made in a library dangle once it unloads).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "module/config_error.h"
#include "module/load_error.h"
#include "module/registry.h"
#include "pinhole/abi.h"

namespace pinhole::mod {

struct LoaderOptions {
  std::vector<std::string> names;        // [modules] load, in configuration order
  std::vector<std::string> search_path;  // directories, in order; empty: defaultSearchPath()
  const toml::table* module_params = nullptr;  // the [modules] table: [modules.<name>] tables
  std::string config_file;               // for messages when a node has no source path
};

// Opens every module named in `options`, orders them by their dependencies, checks their
// parameters and returns them registered in that order, not yet initialised (initAll() next).
// Throws ModuleLoadError (not found, refused, bad dependencies) or ConfigError (parameters,
// including parameters for a module that is not loaded).
Registry loadModules(const LoaderOptions& options);

// Where modules are installed (<prefix>/lib/pinhole/modules): the daemon appends it to the
// directories its configuration names.
std::vector<std::string> defaultSearchPath();

// One opened, checked library. `header` points into the library, which is never unloaded.
struct ModuleLibrary {
  std::string name;
  std::string path;
  const pinhole_module_header* header = nullptr;
};

// The first <dir>/lib<name>.so that exists; else ModuleLoadError listing every path tried.
std::string findModuleFile(std::string_view name, std::span<const std::string> search_path);

// Finds, opens and checks a module's library (checkModuleHeader) without calling into it.
ModuleLibrary openModuleLibrary(std::string_view name, std::span<const std::string> search_path);

// The checks made before anything in a library is called, in this order: abi_major equal to the
// core's, abi_minor not newer, struct_size large enough for the fields the core reads,
// build_signature equal, name equal to `name`, create set. Throws ModuleLoadError naming both
// sides, e.g. "module 'rr' (/x/librr.so): ABI 2.0, this core speaks 1.0; rebuild it against
// this SDK".
void checkModuleHeader(const pinhole_module_header& header, std::string_view name,
                       std::string_view path);

// Calls the library's create() and checks the descriptor names the same module. Exceptions
// from the module become ModuleLoadError.
ModulePtr createModule(const ModuleLibrary& library);

}  // namespace pinhole::mod
