// What a module declares about itself: parameters (typed, defaulted, validated), functions
// (typed arguments, allowed hooks, handler) and dependencies. The loader and the configuration
// compiler check everything against this before any message is routed.
// OWNERSHIP: every view and span points to static storage inside the module's library, which is
// never unloaded.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "pinhole/args.h"
#include "pinhole/hooks.h"

namespace pinhole {

class Module;
class MsgContext;

enum class ParamType : uint8_t {
  Int,         // TOML integer, within [min, max]
  Bool,        // TOML boolean
  String,      // TOML string; when `choices` is not empty, one of them
  StringList,  // TOML array of strings
};

struct ParamSpec {
  std::string_view name;
  ParamType type = ParamType::String;
  // The default, in the field of the type (StringList defaults to empty).
  int64_t default_int = 0;
  bool default_bool = false;
  std::string_view default_string;
  int64_t min = INT64_MIN;
  int64_t max = INT64_MAX;
  std::span<const std::string_view> choices;
  std::string_view doc;
};

// A function handler. `self` is the module object the loader created; `args` match the
// declared ArgSpecs (omitted optional ones have present == false). Must not throw.
using Handler = Outcome (*)(Module& self, MsgContext& ctx, std::span<const Arg> args) noexcept;

struct FunctionSpec {
  std::string_view name;            // called as module.name(...) in the configuration
  std::span<const ArgSpec> args;
  HookMask hooks = kInRequest;      // where it may be called
  Handler handler = nullptr;
  std::string_view doc;
};

struct ModuleDescriptor {
  std::string_view name;
  std::string_view version;
  std::string_view summary;
  std::span<const std::string_view> depends;  // modules that must be loaded and initialised first
  std::span<const ParamSpec> params;
  std::span<const FunctionSpec> functions;
};

// Adapts a member function to a Handler: PINHOLE_HANDLER(MyModule, fixContact).
template <class M, Outcome (M::*Fn)(MsgContext&, std::span<const Arg>) noexcept>
Outcome memberHandler(Module& self, MsgContext& ctx, std::span<const Arg> args) noexcept {
  return (static_cast<M&>(self).*Fn)(ctx, args);
}
#define PINHOLE_HANDLER(Class, method) (&::pinhole::memberHandler<Class, &Class::method>)

}  // namespace pinhole
