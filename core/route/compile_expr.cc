// Conditions, actions and calls: from the syntax tree to Program entries, with every name
// resolved and every argument checked against the function's declaration.
#include <algorithm>
#include <string>

#include "pinhole/strings.h"
#include "route/compiler_impl.h"

namespace pinhole::route {

namespace {

// Core actions that change the request may not run on replies.
constexpr HookMask kRequestSide = kInRequest | kInBranch | kInFailure;

constexpr std::array<std::string_view, 11> kCoreFunctions{
    "route", "setflag", "resetflag", "isflagset", "log", "forward", "force_rport",
    "setbflag", "resetbflag", "isbflagset", "append_branch"};

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string argCount(std::size_t n) {
  return std::to_string(n) + (n == 1 ? " argument" : " arguments");
}

std::string kindName(const SynValue& v) {
  switch (v.kind) {
    case SynValue::Kind::String: return "a string";
    case SynValue::Kind::Int: return "an integer";
    case SynValue::Kind::Var:
      return "$" + v.text + (v.var_arg.empty() ? "" : "(" + v.var_arg + ")");
    case SynValue::Kind::Name: return "the name " + quoted(v.text);
    case SynValue::Kind::Myself: return "myself";
  }
  return "?";
}

bool isNameLike(const SynValue& v) {
  return v.kind == SynValue::Kind::Name || v.kind == SynValue::Kind::String;
}

}  // namespace

// ------------------------------------------------------------------ conditions

uint32_t Compiler::compileCondition(const SynCond& c, const Where& w) {
  Condition node;
  switch (c.kind) {
    case SynCond::Kind::And:
    case SynCond::Kind::Or: {
      uint32_t lhs = compileCondition(*c.lhs, w);
      uint32_t rhs = compileCondition(*c.rhs, w);
      if (c.kind == SynCond::Kind::And) node = CondAnd{lhs, rhs};
      else node = CondOr{lhs, rhs};
      break;
    }
    case SynCond::Kind::Not:
      node = CondNot{compileCondition(*c.lhs, w)};
      break;
    case SynCond::Kind::Compare:
      return compileCompare(c, w);
    case SynCond::Kind::Call: {
      const SynCall& call = c.call;
      if (!call.module.empty()) {
        node = CondCall{compileCall(call, w)};
      } else if (call.function == "route") {
        node = CondRoute{routeArg(call, w)};
      } else if (call.function == "isflagset") {
        node = CondFlag{flagArg(call, w)};
      } else if (call.function == "isbflagset") {
        node = CondBranchFlag{flagArg(call, w, FlagKind::Branch)};
      } else if (std::find(kCoreFunctions.begin(), kCoreFunctions.end(), call.function) !=
                 kCoreFunctions.end()) {
        fail(w.at(call.offset), call.function + "() is an action, not a condition");
      } else {
        unknownFunction(call, w);
      }
      break;
    }
  }
  program_->conditions.push_back(node);
  return static_cast<uint32_t>(program_->conditions.size() - 1);
}

uint32_t Compiler::compileCompare(const SynCond& c, const Where& w) {
  using K = SynValue::Kind;
  Condition node;
  bool lhs_myself = c.a.kind == K::Myself, rhs_myself = c.b.kind == K::Myself;
  if (c.op == CompareOp::Match) {
    if (lhs_myself) fail(w.at(c.a.offset), "myself can only be compared with == or !=");
    if (c.b.kind != K::String)
      fail(w.at(c.b.offset), "the right side of =~ must be a regular expression in quotes");
    uint32_t index = static_cast<uint32_t>(program_->regexes.size());
    try {
      program_->regexes.emplace_back(
          c.b.text, std::regex::ECMAScript | std::regex::icase | std::regex::optimize);
    } catch (const std::regex_error& e) {
      fail(w.at(c.b.offset), "bad regular expression " + quoted(c.b.text) + ": " + e.what());
    }
    node = CondMatch{compileOperand(c.a, w), index};
  } else if (lhs_myself || rhs_myself) {
    if (lhs_myself && rhs_myself) fail(w.at(c.b.offset), "comparing myself with myself");
    if (c.op != CompareOp::Eq && c.op != CompareOp::Ne)
      fail(w.at(c.op_offset), "myself can only be compared with == or !=");
    const SynValue& subject = lhs_myself ? c.b : c.a;
    node = CondMyself{compileOperand(subject, w), c.op == CompareOp::Ne};
  } else {
    Operand lhs = compileOperand(c.a, w), rhs = compileOperand(c.b, w);
    bool integers = lhs.isInteger() && rhs.isInteger();
    if (c.op != CompareOp::Eq && c.op != CompareOp::Ne && !integers) {
      const SynValue& bad = lhs.isInteger() ? c.b : c.a;
      fail(w.at(bad.offset), "<, <=, > and >= compare numbers; " + kindName(bad) +
                                 " is not a number (numbers: integers, $rs, $sp, $Rp, $cs, $ml)");
    }
    node = CondCompare{c.op, integers, lhs, rhs};
  }
  program_->conditions.push_back(node);
  return static_cast<uint32_t>(program_->conditions.size() - 1);
}

Operand Compiler::compileOperand(const SynValue& v, const Where& w) {
  Operand op;
  switch (v.kind) {
    case SynValue::Kind::String:
      op.kind = Operand::Kind::Literal;
      op.text = intern(v.text);
      break;
    case SynValue::Kind::Int:
      op.kind = Operand::Kind::Int;
      op.integer = v.integer;
      op.text = intern(std::to_string(v.integer));
      break;
    case SynValue::Kind::Var:
      op.kind = Operand::Kind::Var;
      op.var = compileVar(v, w);
      break;
    default:
      fail(w.at(v.offset), "expected a value, got " + kindName(v));
  }
  return op;
}

PvRef Compiler::compileVar(const SynValue& v, const Where& w) {
  const PvInfo* info = findPseudoVariable(v.text);
  if (!info) {
    std::vector<std::string_view> names;
    for (const PvInfo& p : pseudoVariables()) names.push_back(p.name);
    std::string_view near = nearestName(v.text, names);
    fail(w.at(v.offset), "unknown pseudo-variable $" + v.text +
                             (near.empty() ? "" : " (did you mean $" + std::string(near) + "?)"));
  }
  PvRef ref{info->pv, info->header, {}};
  if (info->takes_name) {
    if (v.var_arg.empty())
      fail(w.at(v.offset), "$" + v.text + " needs a header name: $" + v.text + "(Name)");
    if (!str::isTokenString(v.var_arg))
      fail(w.at(v.offset), "bad header name " + quoted(v.var_arg));
    ref.header = sip::classifyHeader(v.var_arg);
    // Known headers are found by type (compact forms included); others by name.
    if (ref.header == sip::HeaderType::Other) ref.header_name = intern(v.var_arg);
  } else if (!v.var_arg.empty()) {
    fail(w.at(v.offset), "$" + v.text + " takes no argument");
  }
  return ref;
}

// A string is split at its pseudo-variables: 'sip:$rU@$si' -> "sip:", $rU, "@", $si.
// "$$" is a literal '$'; a '$' not followed by a name is kept as is.
Text Compiler::compileText(const SynValue& v, const Where& w) {
  if (v.kind == SynValue::Kind::Int) return Text{intern(v.text), {}};
  auto begin = static_cast<uint32_t>(program_->pieces.size());
  if (v.kind == SynValue::Kind::Var) {
    program_->pieces.push_back(TextPiece{{}, compileVar(v, w), true});
    return Text{{}, Range{begin, begin + 1}};
  }
  const std::string& s = v.text;
  std::string literal;
  bool has_var = false;
  auto flushLiteral = [&] {
    if (!literal.empty()) program_->pieces.push_back(TextPiece{intern(literal), {}, false});
    literal.clear();
  };
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] != '$') {
      literal += s[i++];
      continue;
    }
    if (i + 1 < s.size() && s[i + 1] == '$') {
      literal += '$';
      i += 2;
      continue;
    }
    std::size_t name_start = i + 1, end = name_start;
    while (end < s.size() && (str::isAlpha(s[end]) || str::isDigit(s[end]) || s[end] == '_'))
      ++end;
    if (end == name_start || str::isDigit(s[name_start])) {
      literal += s[i++];
      continue;
    }
    SynValue var;
    var.kind = SynValue::Kind::Var;
    var.offset = v.charOffset(i);
    var.text = s.substr(name_start, end - name_start);
    if (end < s.size() && s[end] == '(') {
      std::size_t close = s.find(')', end);
      if (close == std::string::npos)
        fail(w.at(v.charOffset(end)), "missing ')' after '$" + var.text + "('");
      var.var_arg = s.substr(end + 1, close - end - 1);
      end = close + 1;
    }
    PvRef ref = compileVar(var, w);
    flushLiteral();
    program_->pieces.push_back(TextPiece{{}, ref, true});
    has_var = true;
    i = end;
  }
  if (!has_var) {
    program_->pieces.resize(begin);
    return Text{intern(std::move(literal)), {}};
  }
  flushLiteral();
  return Text{{}, Range{begin, static_cast<uint32_t>(program_->pieces.size())}};
}

// ------------------------------------------------------------------ actions

void Compiler::compileAction(const SynAction& a, const Where& w) {
  switch (a.kind) {
    case SynAction::Kind::Drop:
      program_->actions.push_back(ActStop{ActStop::Kind::Drop, false});
      return;
    case SynAction::Kind::Exit:
      program_->actions.push_back(ActStop{ActStop::Kind::Exit, false});
      return;
    case SynAction::Kind::Return:
      program_->actions.push_back(ActStop{ActStop::Kind::Return, a.return_value.value_or(true)});
      return;
    case SynAction::Kind::Assign: {
      PvRef target = compileVar(a.target, w);
      if (!isWritable(target.pv))
        fail(w.at(a.target.offset),
             pvSpelling(target) + " cannot be assigned (only $ru, $du and $rU can)");
      restrict(kRequestSide, w.at(a.offset), "assignment to " + pvSpelling(target), w.scope);
      Text value = compileText(a.value, w);
      program_->actions.push_back(ActAssign{target.pv, value});
      return;
    }
    case SynAction::Kind::Call:
      if (a.call.module.empty()) {
        compileCoreAction(a.call, w);
      } else {
        program_->actions.push_back(ActCall{compileCall(a.call, w)});
      }
      return;
  }
}

void Compiler::compileCoreAction(const SynCall& call, const Where& w) {
  const std::string& f = call.function;
  auto noArgs = [&] {
    if (!call.args.empty())
      fail(w.at(call.args[0].offset), f + "() takes no arguments" +
                                          (f == "forward" ? " (set $du to choose the next hop)"
                                                          : ""));
  };
  if (f == "route") {
    program_->actions.push_back(ActRoute{routeArg(call, w)});
  } else if (f == "setflag" || f == "resetflag") {
    program_->actions.push_back(ActFlag{flagArg(call, w), f == "setflag"});
  } else if (f == "isflagset") {
    fail(w.at(call.offset), "isflagset() is a test: use it in 'if'");
  } else if (f == "isbflagset") {
    fail(w.at(call.offset), "isbflagset() is a test: use it in 'if'");
  } else if (f == "setbflag" || f == "resetbflag") {
    restrict(kRequestSide, w.at(call.offset), f + "()", w.scope);
    program_->actions.push_back(ActBranchFlag{flagArg(call, w, FlagKind::Branch), f == "setbflag"});
  } else if (f == "append_branch") {
    // Kamailio's core append_branch([uri]): a new target in the destination set, for forking.
    restrict(kInRequest | kInFailure, w.at(call.offset), "append_branch()", w.scope);
    if (call.args.size() > 1)
      fail(w.at(call.args[1].offset), "append_branch() takes no argument or one URI");
    ActAppendBranch a{!call.args.empty(), {}};
    if (a.has_uri) {
      const SynValue& v = call.args[0];
      if (v.kind != SynValue::Kind::String && v.kind != SynValue::Kind::Var)
        fail(w.at(v.offset), "append_branch() takes a URI in quotes");
      a.uri = compileText(v, w);
    }
    program_->actions.push_back(a);
  } else if (f == "log") {
    // log(text) or log(level, text)
    if (call.args.empty() || call.args.size() > 2)
      fail(w.at(call.args.empty() ? call.close_offset : call.args[2].offset),
           "log takes (text) or (level, text)");
    LogLevel level = LogLevel::Info;
    if (call.args.size() == 2) {
      const SynValue& l = call.args[0];
      static constexpr std::array<std::pair<std::string_view, LogLevel>, 5> kLevels{{
          {"trace", LogLevel::Trace}, {"debug", LogLevel::Debug}, {"info", LogLevel::Info},
          {"warn", LogLevel::Warn}, {"error", LogLevel::Error}}};
      auto it = std::find_if(kLevels.begin(), kLevels.end(), [&](const auto& p) {
        return isNameLike(l) && p.first == l.text;
      });
      if (it == kLevels.end())
        fail(w.at(l.offset), "unknown log level: expected trace, debug, info, warn or error");
      level = it->second;
    }
    const SynValue& text = call.args.back();
    if (text.kind != SynValue::Kind::String && text.kind != SynValue::Kind::Var)
      fail(w.at(text.offset), "log text must be a string");
    program_->actions.push_back(ActLog{level, compileText(text, w)});
  } else if (f == "forward") {
    noArgs();
    restrict(kInRequest, w.at(call.offset), "forward()", w.scope);
    program_->actions.push_back(ActForward{});
  } else if (f == "force_rport") {
    noArgs();
    restrict(kInRequest, w.at(call.offset), "force_rport()", w.scope);
    program_->actions.push_back(ActForceRport{});
  } else {
    unknownFunction(call, w);
  }
}

uint32_t Compiler::routeArg(const SynCall& call, const Where& w) {
  if (call.args.size() != 1)
    fail(w.at(call.args.empty() ? call.close_offset : call.args[1].offset),
         call.function + "() takes one route name");
  uint32_t index = findRoute(call.args[0], w, "");
  addEdge(index, w.at(call.offset), w.scope);
  return index;
}

uint32_t Compiler::findRoute(const SynValue& v, const Where& w, const std::string& context) {
  if (!isNameLike(v))
    fail(w.at(v.offset), "expected a route name" + context + ", got " + kindName(v));
  auto it = route_index_.find(v.text);
  if (it != route_index_.end()) return it->second;
  std::vector<std::string_view> names;
  for (const auto& [name, index] : route_index_) names.push_back(name);
  std::string_view near = nearestName(v.text, names);
  fail(w.at(v.offset), "unknown route " + quoted(v.text) + context +
                           (near.empty() ? " (declare it as [[route.named." + v.text + "]])"
                                         : " (did you mean " + quoted(near) + "?)"));
}

uint8_t Compiler::flagArg(const SynCall& call, const Where& w, FlagKind kind) {
  if (call.args.size() != 1)
    fail(w.at(call.args.empty() ? call.close_offset : call.args[1].offset),
         call.function + "() takes one flag name");
  const SynValue& v = call.args[0];
  if (!isNameLike(v)) fail(w.at(v.offset), "expected a flag name, got " + kindName(v));
  const FlagTable& flags = program_->flags;
  bool message = kind == FlagKind::Message;
  FlagKind other = message ? FlagKind::Branch : FlagKind::Message;
  if (auto bit = flags.find(kind, v.text)) return *bit;
  if (flags.find(other, v.text))
    fail(w.at(v.offset), quoted(v.text) + (message ? " is a branch flag, not a message flag"
                                                   : " is a message flag, not a branch flag"));
  std::string_view near = flags.nearest(kind, v.text);
  fail(w.at(v.offset), "unknown " + std::string(message ? "" : "branch ") + "flag " +
                           quoted(v.text) +
                           (near.empty() ? (message ? " (declare it in [flags] message = [...])"
                                                    : " (declare it in [flags] branch = [...])")
                                         : " (did you mean " + quoted(near) + "?)"));
}

[[noreturn]] void Compiler::unknownFunction(const SynCall& call, const Where& w) {
  std::string hint;
  for (std::string_view m : functions_.moduleNames()) {
    if (functions_.find(m, call.function)) {
      hint = " (did you mean " + std::string(m) + "." + call.function + "()?)";
      break;
    }
  }
  if (hint.empty()) {
    std::vector<std::string_view> core(kCoreFunctions.begin(), kCoreFunctions.end());
    std::string_view near = nearestName(call.function, core);
    hint = near.empty() ? " (module functions are called as module.function(...))"
                        : " (did you mean " + std::string(near) + "()?)";
  }
  fail(w.at(call.offset), "unknown function " + quoted(call.function) + hint);
}

// ------------------------------------------------------------------ module calls

uint32_t Compiler::compileCall(const SynCall& call, const Where& w) {
  std::optional<ResolvedFunction> fn = functions_.find(call.module, call.function);
  if (!fn) {
    if (!functions_.hasModule(call.module)) {
      std::string_view near = nearestName(call.module, functions_.moduleNames());
      fail(w.at(call.offset), "unknown module " + quoted(call.module) +
                                  (near.empty() ? " (is it in [modules] load?)"
                                                : " (did you mean " + quoted(near) + "?)"));
    }
    std::string_view near = nearestName(call.function, functions_.functionNames(call.module));
    fail(w.at(call.function_offset), "module " + quoted(call.module) + " has no function " +
                                         quoted(call.function) +
                                         (near.empty() ? "" : " (did you mean " +
                                                                  quoted(near) + "?)"));
  }
  const FunctionSpec& spec = *fn->spec;
  std::string name = call.qualified();
  restrict(spec.hooks, w.at(call.offset), name, w.scope);

  std::size_t declared = spec.args.size();
  if (declared > Program::kMaxCallArgs)
    fail(w.at(call.offset), name + " declares more than " +
                                std::to_string(Program::kMaxCallArgs) + " arguments");
  std::size_t required = 0;
  for (std::size_t i = 0; i < declared; ++i)
    if (!spec.args[i].optional) required = i + 1;
  std::string names;
  for (const ArgSpec& a : spec.args)
    names += (names.empty() ? "" : ", ") + std::string(a.name) + (a.optional ? "?" : "");
  if (call.args.size() > declared)
    fail(w.at(call.args[declared].offset),
         name + " takes " + (declared == 0 ? "no arguments" : "at most " + argCount(declared)) +
             (declared ? " (" + names + ")" : "") + ", got " + std::to_string(call.args.size()));
  if (call.args.size() < required)
    fail(w.at(call.close_offset),
         name + " needs " + (required == declared ? "" : "at least ") + argCount(required) +
             " (" + names + "), got " + std::to_string(call.args.size()));

  Call c;
  c.handler = spec.handler;
  c.module = fn->module;
  c.spec = &spec;
  c.name = intern(name);
  c.args.begin = static_cast<uint32_t>(program_->args.size());
  for (std::size_t i = 0; i < declared; ++i) {
    Text text;
    Arg arg;
    if (i < call.args.size()) {
      arg = compileArg(spec.args[i], call.args[i], call, i, w, text);
    } else {
      arg.type = spec.args[i].type;  // omitted optional: present == false
    }
    c.has_templates = c.has_templates || text.isTemplate();
    program_->args.push_back(arg);
    program_->arg_texts.push_back(text);
  }
  c.args.end = static_cast<uint32_t>(program_->args.size());
  if (!spec.handler) fail(w.at(call.offset), name + " has no handler (module bug)");
  program_->calls.push_back(c);
  return static_cast<uint32_t>(program_->calls.size() - 1);
}

Arg Compiler::compileArg(const ArgSpec& spec, const SynValue& v, const SynCall& call,
                         std::size_t index, const Where& w, Text& text) {
  auto what = [&] {
    return "argument " + std::to_string(index + 1) + " (" + std::string(spec.name) + ") of " +
           call.qualified();
  };
  Arg arg;
  arg.type = spec.type;
  arg.present = true;
  switch (spec.type) {
    case ArgType::Int:
      if (v.kind != SynValue::Kind::Int)
        fail(w.at(v.offset), what() + " must be an integer, got " + kindName(v));
      if (v.integer < spec.min || v.integer > spec.max)
        fail(w.at(v.offset), what() + " must be in [" + std::to_string(spec.min) + ", " +
                                 std::to_string(spec.max) + "], got " + std::to_string(v.integer));
      arg.integer = v.integer;
      arg.text = intern(std::to_string(v.integer));
      break;
    case ArgType::String:
      if (v.kind == SynValue::Kind::Name || v.kind == SynValue::Kind::Myself)
        fail(w.at(v.offset), what() + " must be a string: quote it, " + quoted(v.text));
      text = compileText(v, w);
      arg.text = text.literal;
      break;
    case ArgType::Flags:
      if (!isNameLike(v))
        fail(w.at(v.offset), what() + " must be flag letters in quotes, got " + kindName(v));
      for (std::size_t i = 0; i < v.text.size(); ++i) {
        if (spec.letters.find(v.text[i]) != std::string_view::npos) continue;
        uint32_t at = v.kind == SynValue::Kind::String ? v.charOffset(i)
                                                       : v.offset + static_cast<uint32_t>(i);
        fail(w.at(at), "flag " + quoted(std::string(1, v.text[i])) + " is not one of " +
                           quoted(spec.letters) + " for " + what());
      }
      arg.text = intern(v.text);
      break;
    case ArgType::Route: {
      uint32_t route = findRoute(v, w, " in " + what());
      // The module runs it later, in a hook of its choosing: used, but not called from here.
      program_->routes[route].armed = true;
      arg.integer = route;
      arg.text = intern(v.text);
      break;
    }
  }
  return arg;
}

}  // namespace pinhole::route
