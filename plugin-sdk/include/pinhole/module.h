// Writing a module: derive from pinhole::Module, describe it with a ModuleDescriptor, and export
// it with PINHOLE_MODULE(YourModule, "name", "version") in one .cc file (its <name>_module.cc).
// See docs/plugin-sdk.md and plugin-sdk/examples/.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <boost/dll/alias.hpp>

#include "pinhole/abi.h"
#include "pinhole/core_api.h"
#include "pinhole/descriptor.h"

namespace pinhole {

// A parameter's value after the loader checked it against its ParamSpec (the default when the
// configuration does not set it).
struct ParamValue {
  ParamType type = ParamType::String;
  int64_t integer = 0;
  bool boolean = false;
  std::string_view text;
  std::span<const std::string> list;
};

// Start-up: typed parameters and a way to refuse to start with a reason. Used from the main
// thread before any worker runs.
class InitContext {
 public:
  virtual ~InitContext() = default;
  virtual const ParamValue& param(std::string_view name) const = 0;  // declared names only
  virtual CoreApi& core() noexcept = 0;
  // Records why init failed; the daemon prints it with the module's name and exits non-zero.
  virtual void fail(std::string reason) = 0;

  int64_t integer(std::string_view name) const { return param(name).integer; }
  bool boolean(std::string_view name) const { return param(name).boolean; }
  std::string_view text(std::string_view name) const { return param(name).text; }
  std::span<const std::string> list(std::string_view name) const { return param(name).list; }
};

// Per-worker start-up, on the worker's own thread (per-worker caches, sockets).
class WorkerContext {
 public:
  virtual ~WorkerContext() = default;
  virtual unsigned worker() const noexcept = 0;
  virtual unsigned workerCount() const noexcept = 0;
  virtual CoreApi& core() noexcept = 0;
};

class Module {
 public:
  virtual ~Module() = default;
  virtual const ModuleDescriptor& descriptor() const noexcept = 0;
  // In dependency order, after the parameters were checked. Return false after ctx.fail().
  virtual bool init(InitContext& /*ctx*/) { return true; }
  virtual bool workerInit(WorkerContext& /*ctx*/) { return true; }
  // In reverse load order, after the workers stopped.
  virtual void shutdown() noexcept {}
};

}  // namespace pinhole

// Exports the module: one per shared object. Class must be default-constructible.
#define PINHOLE_MODULE(Class, module_name, module_version)                                   \
  namespace pinhole_module_export {                                                        \
  static void* create() { return static_cast<::pinhole::Module*>(new Class()); }           \
  static const ::pinhole_module_header header = {                                          \
      PINHOLE_ABI_MAJOR,       PINHOLE_ABI_MINOR, sizeof(::pinhole_module_header),         \
      PINHOLE_BUILD_SIGNATURE, module_name,       module_version,                          \
      &create};                                                                            \
  }                                                                                        \
  BOOST_DLL_ALIAS(pinhole_module_export::header, pinhole_module)
