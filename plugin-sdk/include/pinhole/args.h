// Typed function arguments: what a module declares (ArgSpec) and what its handler receives
// (Arg). The configuration compiler checks every call against the declaration at load.
#pragma once

#include <cstdint>
#include <string_view>

namespace pinhole {

enum class ArgType : uint8_t {
  Int,       // an integer within [min, max]
  String,    // text; may hold pseudo-variables ($si, $ru, $hdr(X), ...) expanded per call
  Flags,     // a string of flag letters, each one of ArgSpec::letters (checked at load)
  Route,     // the name of a named route (checked to exist at load; handler gets its index)
};

struct ArgSpec {
  std::string_view name;
  ArgType type = ArgType::String;
  bool optional = false;         // may be omitted (only trailing arguments)
  int64_t min = INT64_MIN;       // Int
  int64_t max = INT64_MAX;       // Int
  std::string_view letters;      // Flags: the allowed letters
  std::string_view doc;
};

// One argument as the handler sees it. Strings point to the configuration (static text) or to
// the per-message arena (expanded text); they live at least until the handler returns.
struct Arg {
  ArgType type = ArgType::String;
  bool present = false;  // false for an omitted optional argument
  int64_t integer = 0;   // Int; Route: the route's index
  std::string_view text; // String, Flags (the letters as written), Route (the name)

  bool hasFlag(char letter) const noexcept {
    return type == ArgType::Flags && text.find(letter) != std::string_view::npos;
  }
};

}  // namespace pinhole
