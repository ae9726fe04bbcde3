// What the configuration compiler needs from the module loader: the function a
// `module.function(...)` call names. An adapter over the loader's Registry implements
// FunctionLookup (mod::ResolvedFunction has the same three fields); ModuleFunctions is a ready
// table over module instances, used by the tests.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pinhole/descriptor.h"
#include "pinhole/module.h"

namespace pinhole::route {

struct ResolvedFunction {
  Module* module = nullptr;              // the instance the handler is called with
  const FunctionSpec* spec = nullptr;    // in the module's descriptor (static storage)
  std::string_view module_name;          // as loaded (and as written in the configuration)
};

class FunctionLookup {
 public:
  virtual ~FunctionLookup() = default;
  // The function; nullopt when the module is not loaded or has no such function.
  virtual std::optional<ResolvedFunction> find(std::string_view module,
                                               std::string_view function) const = 0;
  // Whether a module of that name is loaded (tells "unknown module" from "unknown function").
  virtual bool hasModule(std::string_view module) const = 0;
  // Names for "did you mean" suggestions; may be empty.
  virtual std::vector<std::string_view> moduleNames() const { return {}; }
  virtual std::vector<std::string_view> functionNames(std::string_view /*module*/) const {
    return {};
  }
};

// A FunctionLookup over module instances, from their descriptors.
class ModuleFunctions final : public FunctionLookup {
 public:
  // Registers every function of `module` under `name` (normally descriptor().name). The module
  // must outlive the lookup and every Program compiled with it.
  void add(std::string_view name, Module& module);

  std::optional<ResolvedFunction> find(std::string_view module,
                                       std::string_view function) const override;
  bool hasModule(std::string_view module) const override;
  std::vector<std::string_view> moduleNames() const override;
  std::vector<std::string_view> functionNames(std::string_view module) const override;

 private:
  std::deque<std::string> names_;  // stable storage for the module names
  std::vector<ResolvedFunction> functions_;
};

}  // namespace pinhole::route
