// A module's [modules.<name>] table checked against its ParamSpecs: unknown keys, wrong TOML
// types, integers out of range and strings outside their choices are refused with the place in
// the file; absent parameters take their defaults.
#pragma once

#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "module/config_error.h"
#include "pinhole/descriptor.h"
#include "pinhole/module.h"

namespace pinhole::mod {

// The checked values of one module, one per ParamSpec in declaration order. Owns the text the
// ParamValues view (strings and string lists), so it may be moved but not copied.
class ParamSet {
 public:
  ParamSet() = default;
  ParamSet(ParamSet&&) noexcept = default;
  ParamSet& operator=(ParamSet&&) noexcept = default;
  ParamSet(const ParamSet&) = delete;
  ParamSet& operator=(const ParamSet&) = delete;

  // nullptr for a name the module did not declare.
  const ParamValue* find(std::string_view name) const noexcept;
  std::span<const ParamValue> values() const noexcept { return values_; }
  std::span<const std::string_view> names() const noexcept { return names_; }

 private:
  friend ParamSet checkParams(std::string_view, std::span<const ParamSpec>, const toml::table*,
                              std::string_view);

  std::vector<std::string_view> names_;  // the specs' names (static in the module)
  std::vector<ParamValue> values_;
  // Deques: growing them never moves the strings the values point into.
  std::deque<std::string> texts_;
  std::deque<std::vector<std::string>> lists_;
};

// Checks `table` (may be nullptr: all defaults) against `specs`. Throws ConfigError for a mistake
// in the configuration, at the offending key or value; `config_file` names the file when the
// node's source has no path. Throws ModuleLoadError for a broken declaration (duplicate names,
// a default outside its own range or choices): that is the module's bug, not the operator's.
ParamSet checkParams(std::string_view module_name, std::span<const ParamSpec> specs,
                     const toml::table* table, std::string_view config_file);

// A ConfigError at `node`'s place in its file (the routing compiler builds its errors this way).
ConfigError configErrorAt(const toml::node& node, std::string_view config_file,
                          const std::string& message);

// "an integer", "a string", ... as used in messages.
std::string_view describeTomlType(toml::node_type type) noexcept;

}  // namespace pinhole::mod
