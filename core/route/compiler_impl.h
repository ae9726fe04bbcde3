// Private to the compiler: its state while one configuration is compiled. compiler.cc walks the
// TOML structure and checks the route graph; compile_expr.cc compiles conditions and actions.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "route/compiler.h"
#include "route/syntax.h"

namespace pinhole::route {

// Where the code being compiled runs: a hook, or a named route (hooks known only at the end).
struct Scope {
  bool in_hook = true;
  Hook hook = Hook::Request;
  uint32_t route = 0;
};

class Compiler {
 public:
  Compiler(const toml::table& config, std::string_view file, const FunctionLookup& functions);
  CompileResult run();

 private:
  // A call restricted to some hooks, kept for named routes until their hooks are known.
  struct Use {
    HookMask allowed;
    SourcePos pos;
    std::string what;
  };
  struct Edge {
    uint32_t callee;
    SourcePos pos;
  };
  struct ScopeInfo {
    std::vector<Use> uses;
    std::vector<Edge> edges;
  };
  // The string being compiled: for positions.
  struct Where {
    const SourceText& src;
    Scope scope;
    SourcePos at(uint32_t offset) const { return src.at(offset); }
  };

  // --- structure (compiler.cc)
  void compileFlags(const toml::node& node);
  void declareRoutes(const toml::node& node);
  Range compileRules(const toml::node& node, Scope scope, std::string_view what);
  Rule compileRule(const toml::table& rule, Scope scope);
  Range compileActionList(const toml::node& node, Scope scope);
  void checkRouteGraph();
  std::string routePath(Hook hook, uint32_t route, const std::vector<int32_t>& via) const;

  // --- expressions (compile_expr.cc)
  uint32_t compileCondition(const SynCond& c, const Where& w);
  uint32_t compileCompare(const SynCond& c, const Where& w);
  void compileAction(const SynAction& a, const Where& w);
  void compileCoreAction(const SynCall& call, const Where& w);
  uint32_t compileCall(const SynCall& call, const Where& w);
  Arg compileArg(const ArgSpec& spec, const SynValue& v, const SynCall& call, std::size_t index,
                 const Where& w, Text& text);
  Operand compileOperand(const SynValue& v, const Where& w);
  PvRef compileVar(const SynValue& v, const Where& w);
  Text compileText(const SynValue& v, const Where& w);
  uint32_t routeArg(const SynCall& call, const Where& w);
  uint32_t findRoute(const SynValue& v, const Where& w, const std::string& context);
  uint8_t flagArg(const SynCall& call, const Where& w, FlagKind kind = FlagKind::Message);
  [[noreturn]] void unknownFunction(const SynCall& call, const Where& w);

  // --- helpers
  void restrict(HookMask allowed, SourcePos pos, std::string what, Scope scope);
  void addEdge(uint32_t callee, SourcePos pos, Scope scope);
  std::string_view intern(std::string s);
  SourcePos pos(const toml::node& node) const;
  SourcePos pos(const toml::key& key) const;
  SourceText sourceOf(const toml::node& node, std::string_view text) const;
  [[noreturn]] void fail(SourcePos pos, const std::string& message) const;
  void warn(SourcePos pos, std::string message);

  const toml::table& config_;
  std::string file_;
  const FunctionLookup& functions_;
  std::unique_ptr<Program> program_;
  std::vector<Diagnostic> warnings_;
  std::map<std::string, uint32_t, std::less<>> route_index_;  // load time only
  std::array<ScopeInfo, 4> hook_info_;
  std::vector<ScopeInfo> route_info_;
};

std::string hookList(HookMask mask);

}  // namespace pinhole::route
