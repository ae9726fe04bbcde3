#include "route/function_lookup.h"

#include <algorithm>

namespace pinhole::route {

void ModuleFunctions::add(std::string_view name, Module& module) {
  std::string_view stored = names_.emplace_back(name);
  for (const FunctionSpec& spec : module.descriptor().functions)
    functions_.push_back(ResolvedFunction{&module, &spec, stored});
}

std::optional<ResolvedFunction> ModuleFunctions::find(std::string_view module,
                                                      std::string_view function) const {
  for (const ResolvedFunction& f : functions_)
    if (f.module_name == module && f.spec->name == function) return f;
  return std::nullopt;
}

bool ModuleFunctions::hasModule(std::string_view module) const {
  return std::find(names_.begin(), names_.end(), module) != names_.end();
}

std::vector<std::string_view> ModuleFunctions::moduleNames() const {
  return {names_.begin(), names_.end()};
}

std::vector<std::string_view> ModuleFunctions::functionNames(std::string_view module) const {
  std::vector<std::string_view> out;
  for (const ResolvedFunction& f : functions_)
    if (f.module_name == module) out.push_back(f.spec->name);
  return out;
}

}  // namespace pinhole::route
