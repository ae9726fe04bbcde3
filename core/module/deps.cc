#include "module/deps.h"

#include <string>

#include "module/load_error.h"

namespace pinhole::mod {
namespace {

enum class Mark : unsigned char { New, Visiting, Done };

class Sorter {
 public:
  explicit Sorter(std::span<const DependencyNode> nodes)
      : nodes_(nodes), marks_(nodes.size(), Mark::New) {}

  std::vector<std::size_t> run() {
    // Missing dependencies first: they are the likelier mistake and read better than a cycle.
    for (const DependencyNode& node : nodes_) {
      for (std::string_view dep : node.depends) {
        if (indexOf(dep) == kNone) {
          throw ModuleLoadError(std::string(node.name), {},
                                "module '" + std::string(node.name) + "' depends on '" +
                                    std::string(dep) + "', which is not loaded");
        }
      }
    }
    for (std::size_t i = 0; i < nodes_.size(); ++i) visit(i);
    return std::move(order_);
  }

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  std::size_t indexOf(std::string_view name) const {
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      if (nodes_[i].name == name) return i;
    }
    return kNone;
  }

  // Depth-first, dependencies in declared order before the module itself. The number of modules
  // is small, so recursion depth is not a concern.
  void visit(std::size_t i) {
    if (marks_[i] == Mark::Done) return;
    if (marks_[i] == Mark::Visiting) throw cycleThrough(i);
    marks_[i] = Mark::Visiting;
    path_.push_back(i);
    for (std::string_view dep : nodes_[i].depends) visit(indexOf(dep));
    path_.pop_back();
    marks_[i] = Mark::Done;
    order_.push_back(i);
  }

  ModuleLoadError cycleThrough(std::size_t again) const {
    std::string text;
    bool in_cycle = false;
    for (std::size_t i : path_) {
      in_cycle = in_cycle || i == again;
      if (in_cycle) text += std::string(nodes_[i].name) + " -> ";
    }
    text += nodes_[again].name;
    return ModuleLoadError(std::string(nodes_[again].name), {},
                           "module dependency cycle: " + text);
  }

  std::span<const DependencyNode> nodes_;
  std::vector<Mark> marks_;
  std::vector<std::size_t> path_;
  std::vector<std::size_t> order_;
};

}  // namespace

std::vector<std::size_t> dependencyOrder(std::span<const DependencyNode> nodes) {
  return Sorter(nodes).run();
}

}  // namespace pinhole::mod
