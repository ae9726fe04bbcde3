// Load order from declared dependencies (OpenSIPS-style, with the cycle detection it lacks).
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

namespace pinhole::mod {

struct DependencyNode {
  std::string_view name;
  std::span<const std::string_view> depends;  // ModuleDescriptor::depends
};

// Indices into `nodes` in an order where every module comes after the modules it depends on;
// otherwise the given (configuration) order is kept. Throws ModuleLoadError for a dependency on a
// module not in `nodes` ("module 'registrar' depends on 'usrloc', which is not loaded") and for
// a cycle ("module dependency cycle: a -> b -> a").
std::vector<std::size_t> dependencyOrder(std::span<const DependencyNode> nodes);

}  // namespace pinhole::mod
