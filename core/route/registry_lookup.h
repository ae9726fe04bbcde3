// FunctionLookup over the module loader's registry (mod::Registry), as a template so the routing
// engine needs no link to the loader: any registry with
//   const F* find(std::string_view module, std::string_view function) const;  // F: module, spec,
//                                                                             //    module_name
//   Module* module(std::string_view name) const;
//   std::vector<std::string_view> names() const;
// Usage: RegistryLookup lookup(registry); compile(config, file, lookup);
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "route/function_lookup.h"

namespace pinhole::route {

template <class Registry>
class RegistryLookup final : public FunctionLookup {
 public:
  explicit RegistryLookup(const Registry& registry) : registry_(registry) {}

  std::optional<ResolvedFunction> find(std::string_view module,
                                       std::string_view function) const override {
    const auto* fn = registry_.find(module, function);
    if (!fn) return std::nullopt;
    return ResolvedFunction{fn->module, fn->spec, fn->module_name};
  }
  bool hasModule(std::string_view module) const override {
    return registry_.module(module) != nullptr;
  }
  std::vector<std::string_view> moduleNames() const override { return registry_.names(); }
  std::vector<std::string_view> functionNames(std::string_view module) const override {
    std::vector<std::string_view> out;
    if (const Module* m = registry_.module(module))
      for (const FunctionSpec& spec : m->descriptor().functions) out.push_back(spec.name);
    return out;
  }

 private:
  const Registry& registry_;
};

}  // namespace pinhole::route
