#include "module/params.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "module/load_error.h"

namespace pinhole::mod {
namespace {

std::string_view expectedType(ParamType type) noexcept {
  switch (type) {
    case ParamType::Int: return "an integer";
    case ParamType::Bool: return "a boolean";
    case ParamType::String: return "a string";
    case ParamType::StringList: return "an array of strings";
  }
  return "?";
}

std::string quote(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string joined(std::span<const std::string_view> names) {
  std::string out;
  for (std::string_view n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

bool inChoices(std::span<const std::string_view> choices, std::string_view value) {
  return choices.empty() || std::find(choices.begin(), choices.end(), value) != choices.end();
}

std::string rangeText(const ParamSpec& spec) {
  if (spec.min != INT64_MIN && spec.max != INT64_MAX) {
    return "out of range [" + std::to_string(spec.min) + ", " + std::to_string(spec.max) + "]";
  }
  if (spec.min != INT64_MIN) return "below the minimum " + std::to_string(spec.min);
  return "above the maximum " + std::to_string(spec.max);
}

// The declaration is the module author's promise; a broken one is refused before any operator
// input is looked at, so that the operator is never blamed for it.
void validateSpecs(std::string_view module, std::span<const ParamSpec> specs) {
  auto refuse = [&](std::string_view param, const std::string& what) {
    throw ModuleLoadError(std::string(module), {},
                          "module " + quote(module) + " declares parameter " + quote(param) +
                              " " + what + " (a bug in the module)");
  };
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const ParamSpec& spec = specs[i];
    if (spec.name.empty()) refuse("", "without a name");
    for (std::size_t j = 0; j < i; ++j) {
      if (specs[j].name == spec.name) refuse(spec.name, "twice");
    }
    if (spec.type == ParamType::Int) {
      if (spec.min > spec.max) refuse(spec.name, "with min > max");
      if (spec.default_int < spec.min || spec.default_int > spec.max) {
        refuse(spec.name, "with a default (" + std::to_string(spec.default_int) + ") " +
                              rangeText(spec));
      }
    }
    // An empty default with choices means "not set" and is allowed.
    if (spec.type == ParamType::String && !spec.default_string.empty() &&
        !inChoices(spec.choices, spec.default_string)) {
      refuse(spec.name, "with a default (" + quote(spec.default_string) +
                            ") that is not one of its choices");
    }
  }
}

ParamValue defaultOf(const ParamSpec& spec) {
  ParamValue v;
  v.type = spec.type;
  v.integer = spec.default_int;
  v.boolean = spec.default_bool;
  v.text = spec.default_string;  // static in the module, which is never unloaded
  return v;
}

}  // namespace

const ParamValue* ParamSet::find(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return &values_[i];
  }
  return nullptr;
}

std::string_view describeTomlType(toml::node_type type) noexcept {
  switch (type) {
    case toml::node_type::none: return "nothing";
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a floating-point number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
  }
  return "?";
}

namespace {

ConfigError errorAtRegion(const toml::source_region& where, std::string_view config_file,
                          const std::string& message) {
  std::string file = where.path && !where.path->empty() ? *where.path : std::string(config_file);
  return ConfigError(std::move(file), static_cast<int>(where.begin.line),
                     static_cast<int>(where.begin.column), message);
}

}  // namespace

ConfigError configErrorAt(const toml::node& node, std::string_view config_file,
                          const std::string& message) {
  return errorAtRegion(node.source(), config_file, message);
}

ParamSet checkParams(std::string_view module_name, std::span<const ParamSpec> specs,
                     const toml::table* table, std::string_view config_file) {
  validateSpecs(module_name, specs);

  ParamSet set;
  set.names_.reserve(specs.size());
  set.values_.reserve(specs.size());
  for (const ParamSpec& spec : specs) {
    set.names_.push_back(spec.name);
    set.values_.push_back(defaultOf(spec));
  }
  if (table == nullptr) return set;

  // In file order, so the first mistake reported is the first one the operator wrote.
  std::vector<std::pair<const toml::key*, const toml::node*>> entries;
  for (auto&& [key, node] : *table) entries.emplace_back(&key, &node);
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    const toml::source_position& pa = a.first->source().begin;
    const toml::source_position& pb = b.first->source().begin;
    return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
  });

  const std::string prefix = "module " + quote(module_name) + " parameter ";
  for (const auto& [key, node] : entries) {
    std::string_view name = key->str();
    auto at = std::find_if(specs.begin(), specs.end(),
                           [&](const ParamSpec& s) { return s.name == name; });
    if (at == specs.end()) {
      std::string known = set.names_.empty() ? "it takes no parameters"
                                             : "known parameters: " + joined(set.names_);
      throw errorAtRegion(key->source(), config_file,
                          "module " + quote(module_name) + " has no parameter " + quote(name) +
                              "; " + known);
    }
    const ParamSpec& spec = *at;
    ParamValue& value = set.values_[static_cast<std::size_t>(at - specs.begin())];
    auto wrongType = [&](const toml::node& n, const std::string& what) {
      return configErrorAt(n, config_file,
                           prefix + what + ": expected " + std::string(expectedType(spec.type)) +
                               ", found " + std::string(describeTomlType(n.type())));
    };
    const std::string param = quote(spec.name);

    switch (spec.type) {
      case ParamType::Int: {
        const auto* v = node->as_integer();
        if (v == nullptr) throw wrongType(*node, param);
        int64_t n = v->get();
        if (n < spec.min || n > spec.max) {
          throw configErrorAt(*node, config_file,
                              prefix + param + ": " + std::to_string(n) + " is " + rangeText(spec));
        }
        value.integer = n;
        break;
      }
      case ParamType::Bool: {
        const auto* v = node->as_boolean();
        if (v == nullptr) throw wrongType(*node, param);
        value.boolean = v->get();
        break;
      }
      case ParamType::String: {
        const auto* v = node->as_string();
        if (v == nullptr) throw wrongType(*node, param);
        if (!inChoices(spec.choices, v->get())) {
          throw configErrorAt(*node, config_file,
                              prefix + param + ": " + quote(v->get()) + " is not one of " +
                                  joined(spec.choices));
        }
        value.text = set.texts_.emplace_back(v->get());
        break;
      }
      case ParamType::StringList: {
        const auto* array = node->as_array();
        if (array == nullptr) throw wrongType(*node, param);
        std::vector<std::string>& list = set.lists_.emplace_back();
        list.reserve(array->size());
        for (std::size_t i = 0; i < array->size(); ++i) {
          const toml::node& element = *array->get(i);
          const std::string what = param + " element " + std::to_string(i);
          const auto* s = element.as_string();
          if (s == nullptr) {
            throw configErrorAt(element, config_file,
                                prefix + what + ": expected a string, found " +
                                    std::string(describeTomlType(element.type())));
          }
          // Choices, when declared for a list, restrict each element.
          if (!inChoices(spec.choices, s->get())) {
            throw configErrorAt(element, config_file,
                                prefix + what + ": " + quote(s->get()) + " is not one of " +
                                    joined(spec.choices));
          }
          list.push_back(s->get());
        }
        value.list = list;
        break;
      }
    }
  }
  return set;
}

}  // namespace pinhole::mod
