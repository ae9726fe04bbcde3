// The hooks a routing configuration runs (DESIGN.md section 4) and what a call says back.
#pragma once

#include <cstdint>
#include <string_view>

namespace pinhole {

enum class Hook : uint8_t { Request = 0, Reply = 1, Branch = 2, Failure = 3 };

// Which hooks a function may be called from: checked when the configuration is compiled.
using HookMask = uint8_t;
inline constexpr HookMask kInRequest = 1u << 0;
inline constexpr HookMask kInReply = 1u << 1;
inline constexpr HookMask kInBranch = 1u << 2;
inline constexpr HookMask kInFailure = 1u << 3;
inline constexpr HookMask kInAnyHook = kInRequest | kInReply | kInBranch | kInFailure;

constexpr HookMask maskOf(Hook h) { return static_cast<HookMask>(1u << static_cast<unsigned>(h)); }

constexpr std::string_view hookName(Hook h) {
  switch (h) {
    case Hook::Request: return "request";
    case Hook::Reply: return "reply";
    case Hook::Branch: return "branch";
    case Hook::Failure: return "failure";
  }
  return "?";
}

// What a function call returns (replaces Kamailio's >0 / <0 / 0 integers).
enum class Outcome : uint8_t {
  True,   // succeeded / condition holds: the rule goes on
  False,  // failed / condition does not hold (an `if` takes its `else`)
  Exit,   // stop running this hook (Kamailio `exit`): what was done stands
  Drop,   // stop and discard: the request, reply or branch is not sent
};

}  // namespace pinhole
