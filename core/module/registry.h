// Registry: the loaded modules in load (dependency) order, their checked parameters and the
// table of their functions; runs their start-up and shutdown. Built once at start-up by
// loadModules() (module/loader.h); read-only afterwards, so workers may share it.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "module/params.h"
#include "pinhole/core_api.h"
#include "pinhole/descriptor.h"
#include "pinhole/module.h"

namespace pinhole::mod {

// Modules are made by their library's create() and deleted by the core through the virtual
// destructor; their libraries are never unloaded, so the vtable outlives the object.
using ModulePtr = std::unique_ptr<Module>;

// A module function found by name; what the route compiler keeps in its call tree. Valid as long
// as the Registry lives.
struct ResolvedFunction {
  Module* module = nullptr;
  const FunctionSpec* spec = nullptr;
  std::string_view module_name;
};

class Registry {
 public:
  // What the registry knows about one module.
  struct Entry {
    std::string name;
    std::string path;     // the library it came from (empty for a module linked in)
    std::string version;  // as the library's header states it
    ModulePtr module;
    ParamSet params;
    std::vector<ResolvedFunction> functions;  // one per FunctionSpec, in declaration order
    bool started = false;                     // init() succeeded and shutdown() has not run
  };

  Registry() = default;
  Registry(Registry&&) noexcept = default;
  // Tears down the modules held (as the destructor does), then takes `other`'s.
  Registry& operator=(Registry&& other) noexcept;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;
  // Shuts down what is still started, then deletes the modules in reverse load order.
  ~Registry();

  // Appends a module (after the ones it depends on: loadModules() orders them). Throws
  // ModuleLoadError for a duplicate module name, a descriptor naming another module, or a
  // function declared twice or without a handler.
  void add(ModulePtr module, ParamSet params, std::string path = {}, std::string version = {});

  std::size_t size() const noexcept { return entries_.size(); }
  const Entry& entry(std::size_t i) const noexcept { return *entries_[i]; }
  std::vector<std::string_view> names() const;  // in load order
  Module* module(std::string_view name) const noexcept;
  const ParamValue* param(std::string_view module_name, std::string_view name) const noexcept;

  // module.function as named in the configuration; nullptr when there is no such function. For
  // config load only (a linear search): the per-message path uses the pointer it returned.
  const ResolvedFunction* find(std::string_view module_name,
                               std::string_view function_name) const noexcept;

  // Runs init() in load order. A module that returns false (or throws, or asks for a parameter
  // it did not declare) stops start-up: the modules already started are shut down in reverse
  // order and ModuleLoadError("module 'x' failed to start: <reason>") is thrown.
  void initAll(CoreApi& core);
  // Runs workerInit() in load order on the calling worker's thread. Reads the registry only, so
  // every worker may call it at once. Throws ModuleLoadError naming the module and the worker.
  void workerInitAll(unsigned worker, unsigned worker_count, CoreApi& core);
  // Runs shutdown() in reverse load order for every started module; safe to call twice.
  void shutdownAll() noexcept;

 private:
  const Entry* findEntry(std::string_view name) const noexcept;
  void clear() noexcept;

  std::vector<std::unique_ptr<Entry>> entries_;  // pointers: ResolvedFunctions point into them
};

}  // namespace pinhole::mod
