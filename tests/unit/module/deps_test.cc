// dependencyOrder(): dependencies first, configuration order otherwise, missing dependencies and
// cycles refused with the names involved.
#include "module/deps.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "module/load_error.h"

namespace pinhole::mod {
namespace {

std::vector<std::string> namesInOrder(const std::vector<DependencyNode>& nodes) {
  std::vector<std::string> out;
  for (std::size_t i : dependencyOrder(nodes)) out.emplace_back(nodes[i].name);
  return out;
}

std::string errorOf(const std::vector<DependencyNode>& nodes) {
  try {
    dependencyOrder(nodes);
  } catch (const ModuleLoadError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ModuleDepsTest, KeepsConfigurationOrderWithoutDependencies) {
  std::vector<DependencyNode> nodes = {{"sl", {}}, {"rr", {}}, {"maxfwd", {}}};
  EXPECT_EQ(namesInOrder(nodes), (std::vector<std::string>{"sl", "rr", "maxfwd"}));
}

TEST(ModuleDepsTest, PutsDependenciesFirst) {
  const std::string_view registrar_deps[] = {"usrloc", "sl"};
  const std::string_view nathelper_deps[] = {"usrloc"};
  std::vector<DependencyNode> nodes = {
      {"registrar", registrar_deps}, {"nathelper", nathelper_deps}, {"sl", {}}, {"usrloc", {}}};
  EXPECT_EQ(namesInOrder(nodes),
            (std::vector<std::string>{"usrloc", "sl", "registrar", "nathelper"}));
}

TEST(ModuleDepsTest, EmptyListIsFine) { EXPECT_TRUE(dependencyOrder({}).empty()); }

TEST(ModuleDepsTest, RefusesMissingDependency) {
  const std::string_view deps[] = {"usrloc"};
  std::vector<DependencyNode> nodes = {{"sl", {}}, {"registrar", deps}};
  EXPECT_EQ(errorOf(nodes), "module 'registrar' depends on 'usrloc', which is not loaded");
}

TEST(ModuleDepsTest, PrintsTheCycle) {
  const std::string_view a_deps[] = {"b"};
  const std::string_view b_deps[] = {"c"};
  const std::string_view c_deps[] = {"a"};
  std::vector<DependencyNode> nodes = {{"x", {}}, {"a", a_deps}, {"b", b_deps}, {"c", c_deps}};
  EXPECT_EQ(errorOf(nodes), "module dependency cycle: a -> b -> c -> a");
}

TEST(ModuleDepsTest, PrintsOnlyTheCycleNotThePathToIt) {
  const std::string_view top_deps[] = {"a"};
  const std::string_view a_deps[] = {"b"};
  const std::string_view b_deps[] = {"a"};
  std::vector<DependencyNode> nodes = {{"top", top_deps}, {"a", a_deps}, {"b", b_deps}};
  EXPECT_EQ(errorOf(nodes), "module dependency cycle: a -> b -> a");
}

TEST(ModuleDepsTest, RefusesSelfDependency) {
  const std::string_view deps[] = {"a"};
  std::vector<DependencyNode> nodes = {{"a", deps}};
  EXPECT_EQ(errorOf(nodes), "module dependency cycle: a -> a");
}

}  // namespace
}  // namespace pinhole::mod
