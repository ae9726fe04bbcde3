// Program: a routing configuration compiled once at load. Every name is resolved here: calls to
// handler pointers with pre-built arguments, flags to bits, routes to indices, regexes compiled,
// header names to HeaderType. The interpreter only walks these vectors by index.
// Immutable after compile() and shared by all workers (no per-message state inside).
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "pinhole/args.h"
#include "pinhole/core_api.h"
#include "pinhole/descriptor.h"
#include "pinhole/hooks.h"
#include "route/compare_op.h"
#include "route/flags.h"
#include "route/pseudo_var.h"
#include "route/source_text.h"

namespace pinhole::route {

struct Range {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool empty() const noexcept { return begin == end; }
  uint32_t size() const noexcept { return end - begin; }
};

// Text that may hold pseudo-variables, split at compile time into literal and variable pieces.
// A text without variables is just `literal` (no pieces, no copy per message).
struct TextPiece {
  std::string_view literal;
  PvRef var;
  bool is_var = false;
};
struct Text {
  std::string_view literal;  // the whole text when it has no variables
  Range pieces;              // Program::pieces; empty for a literal
  bool isTemplate() const noexcept { return !pieces.empty(); }
};

// One side of a comparison.
struct Operand {
  enum class Kind : uint8_t { Literal, Int, Var };
  Kind kind = Kind::Literal;
  std::string_view text;  // Literal; Int in decimal
  int64_t integer = 0;    // Int
  PvRef var;              // Var
  bool isInteger() const noexcept {
    return kind == Kind::Int || (kind == Kind::Var && route::isInteger(var.pv));
  }
};

// --- conditions (Program::conditions, children by index)
struct CondAnd { uint32_t lhs, rhs; };
struct CondOr { uint32_t lhs, rhs; };
struct CondNot { uint32_t operand; };
struct CondCompare {
  CompareOp op;       // Eq, Ne, Lt, Le, Gt, Ge
  bool integers;      // both sides are numbers: compared as integers
  Operand lhs, rhs;
};
struct CondMatch { Operand subject; uint32_t regex; };  // Program::regexes
struct CondMyself { Operand subject; bool negate; };
struct CondCall { uint32_t call; };      // Program::calls
struct CondRoute { uint32_t route; };    // Program::routes: its return value
struct CondFlag { uint8_t bit; };        // isflagset
struct CondBranchFlag { uint8_t bit; };  // isbflagset
using Condition = std::variant<CondAnd, CondOr, CondNot, CondCompare, CondMatch, CondMyself,
                               CondCall, CondRoute, CondFlag, CondBranchFlag>;

// --- actions (Program::actions)
struct ActCall { uint32_t call; };
struct ActRoute { uint32_t route; };
struct ActFlag { uint8_t bit; bool set; };
struct ActBranchFlag { uint8_t bit; bool set; };
struct ActLog { LogLevel level; Text text; };
struct ActAssign { Pv target; Text value; };  // $ru, $du, $rU
struct ActForward {};
struct ActForceRport {};
// append_branch(): $ru/$du as one more branch; append_branch(uri): that URI.
struct ActAppendBranch { bool has_uri; Text uri; };
struct ActStop {
  enum class Kind : uint8_t { Drop, Exit, Return };
  Kind kind;
  bool value;  // Return: the route's truth value
};
using Action = std::variant<ActCall, ActRoute, ActFlag, ActBranchFlag, ActLog, ActAssign,
                            ActForward, ActForceRport, ActAppendBranch, ActStop>;

// A resolved module function call. Arguments are built at load; those holding pseudo-variables
// have a template in arg_texts and are expanded into the message arena per call.
struct Call {
  Handler handler = nullptr;
  Module* module = nullptr;
  const FunctionSpec* spec = nullptr;
  std::string_view name;   // "module.function", for logs
  Range args;              // Program::args and Program::arg_texts
  bool has_templates = false;
};

// `if` + `then` / `else`, or `do` (no condition: then_actions only).
struct Rule {
  int32_t condition = -1;  // Program::conditions, -1 for `do`
  Range then_actions;      // Program::actions
  Range else_actions;
  SourcePos pos;
};

struct NamedRoute {
  std::string name;
  Range rules;              // Program::rules
  HookMask reached_from = 0;  // hooks that reach it through route(...) calls
  bool armed = false;       // passed to a module as a Route argument (tm.t_on_failure(X))
  SourcePos pos;
};

struct Program {
  static constexpr std::size_t kMaxCallArgs = 16;

  std::string file;
  std::array<Range, 4> hooks;  // rules of each Hook, by its value
  std::vector<NamedRoute> routes;
  std::vector<Rule> rules;
  std::vector<Condition> conditions;
  std::vector<Action> actions;
  std::vector<Call> calls;
  std::vector<Arg> args;
  std::vector<Text> arg_texts;  // parallel to args
  std::vector<TextPiece> pieces;
  std::vector<std::regex> regexes;
  FlagTable flags;
  std::deque<std::string> strings;  // storage for every view above (stable addresses)

  Range hook(Hook h) const noexcept { return hooks[static_cast<std::size_t>(h)]; }
  // For the daemon and modules at load (e.g. a module parameter naming a route or flag).
  std::optional<uint32_t> routeIndex(std::string_view name) const noexcept;
  std::optional<uint8_t> flagBit(FlagKind kind, std::string_view name) const noexcept {
    return flags.find(kind, name);
  }
};

}  // namespace pinhole::route
