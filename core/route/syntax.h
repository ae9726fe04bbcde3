// The syntax tree of one condition or action string, as the parser reads it; the compiler turns
// it into the Program. Lives only while the configuration is compiled.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "route/compare_op.h"
#include "route/lexer.h"

namespace pinhole::route {

// An operand, an argument or an assigned value.
struct SynValue {
  enum class Kind : uint8_t { String, Int, Var, Name, Myself };
  Kind kind = Kind::String;
  uint32_t offset = 0;
  std::string text;        // String: content; Name: identifier; Var: name ("ru", "hdr")
  std::string var_arg;     // Var: the header name of $hdr(Name)
  int64_t integer = 0;     // Int
  Token string_token;      // String: kept for the offsets of its characters

  uint32_t charOffset(std::size_t i) const { return string_token.charOffset(i); }
};

struct SynCall {
  std::string module;      // empty for core functions (route, setflag, log, ...)
  std::string function;
  uint32_t offset = 0;     // first character of the name
  uint32_t function_offset = 0;
  uint32_t close_offset = 0;  // the ')'
  std::vector<SynValue> args;

  std::string qualified() const { return module.empty() ? function : module + "." + function; }
};

struct SynCond {
  enum class Kind : uint8_t { And, Or, Not, Compare, Call };
  Kind kind = Kind::Call;
  uint32_t offset = 0;
  std::unique_ptr<SynCond> lhs, rhs;  // And, Or; Not uses lhs
  CompareOp op = CompareOp::Eq;
  uint32_t op_offset = 0;
  SynValue a, b;                      // Compare
  SynCall call;                       // Call
};

struct SynAction {
  enum class Kind : uint8_t { Call, Drop, Exit, Return, Assign };
  Kind kind = Kind::Call;
  uint32_t offset = 0;
  SynCall call;                       // Call
  std::optional<bool> return_value;   // Return: return(true|false|n)
  SynValue target;                    // Assign: the pseudo-variable
  SynValue value;                     // Assign
};

// Throw ExprError on a syntax error.
SynCond parseCondition(std::string_view text);
SynAction parseAction(std::string_view text);

}  // namespace pinhole::route
