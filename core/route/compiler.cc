#include "route/compiler.h"

#include <algorithm>
#include <functional>

#include "pinhole/strings.h"
#include "route/compiler_impl.h"

namespace pinhole::route {

namespace {

constexpr std::array<Hook, 4> kHooks{Hook::Request, Hook::Reply, Hook::Branch, Hook::Failure};

bool isIdentifier(std::string_view s) {
  if (s.empty() || !(str::isAlpha(s[0]) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return str::isAlpha(c) || str::isDigit(c) || c == '_'; });
}

std::string suggestion(std::string_view name, std::vector<std::string_view> candidates) {
  std::string_view best = nearestName(name, candidates);
  return best.empty() ? std::string{} : " (did you mean '" + std::string(best) + "'?)";
}

}  // namespace

std::string hookList(HookMask mask) {
  std::string out;
  for (Hook h : kHooks) {
    if (!(mask & maskOf(h))) continue;
    if (!out.empty()) out += ", ";
    out += hookName(h);
  }
  return out.empty() ? "no hook" : out;
}

std::optional<uint32_t> Program::routeIndex(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < routes.size(); ++i)
    if (routes[i].name == name) return static_cast<uint32_t>(i);
  return std::nullopt;
}

CompileResult compile(const toml::table& config, std::string_view file,
                      const FunctionLookup& functions) {
  return Compiler(config, file, functions).run();
}

Compiler::Compiler(const toml::table& config, std::string_view file,
                   const FunctionLookup& functions)
    : config_(config), file_(file), functions_(functions), program_(std::make_unique<Program>()) {
  if (file_.empty() && config.source().path) file_ = *config.source().path;
  program_->file = file_;
}

CompileResult Compiler::run() {
  if (const toml::node* flags = config_.get("flags")) compileFlags(*flags);

  const toml::node* route = config_.get("route");
  if (route) {
    const toml::table* table = route->as_table();
    if (!table) fail(pos(*route), "[route] must be a table of hooks");
    for (const auto& [key, value] : *table) {
      std::string_view k = key.str();
      if (k == "request" || k == "reply" || k == "branch" || k == "failure" || k == "named")
        continue;
      fail(pos(key), "unknown hook '" + std::string(k) +
                         "' (hooks are request, reply, branch, failure; named routes go in "
                         "[[route.named.NAME]])" +
                         suggestion(k, {"request", "reply", "branch", "failure", "named"}));
    }
    if (const toml::node* named = table->get("named")) declareRoutes(*named);
    for (Hook h : kHooks) {
      if (const toml::node* rules = table->get(hookName(h)))
        program_->hooks[static_cast<std::size_t>(h)] =
            compileRules(*rules, Scope{true, h, 0}, "route." + std::string(hookName(h)));
    }
    if (const toml::node* named = table->get("named")) {
      for (const auto& [key, value] : *named->as_table()) {
        uint32_t index = route_index_.find(key.str())->second;
        program_->routes[index].rules =
            compileRules(value, Scope{false, Hook::Request, index},
                         "route.named." + std::string(key.str()));
      }
    }
  }
  checkRouteGraph();
  return CompileResult{std::move(program_), std::move(warnings_)};
}

void Compiler::compileFlags(const toml::node& node) {
  const toml::table* table = node.as_table();
  if (!table) fail(pos(node), "[flags] must be a table: message = [\"NAME\", ...]");
  for (const auto& [key, value] : *table) {
    FlagKind kind;
    if (key.str() == "message") {
      kind = FlagKind::Message;
    } else if (key.str() == "branch") {
      kind = FlagKind::Branch;
    } else {
      fail(pos(key), "unknown key '" + std::string(key.str()) +
                         "' in [flags] (expected message or branch)");
    }
    const toml::array* names = value.as_array();
    if (!names) fail(pos(value), "flags." + std::string(key.str()) + " must be an array of names");
    for (const toml::node& n : *names) {
      const auto* name = n.as_string();
      if (!name || !isIdentifier(name->get()))
        fail(pos(n), "a flag name must be a string of letters, digits and '_'");
      if (program_->flags.find(FlagKind::Message, name->get()) ||
          program_->flags.find(FlagKind::Branch, name->get()))
        fail(pos(n), "flag '" + name->get() + "' is declared twice");
      if (!program_->flags.add(kind, name->get()))
        fail(pos(n), "too many " + std::string(key.str()) + " flags (at most " +
                         std::to_string(FlagTable::kMaxFlags) + ")");
    }
  }
}

void Compiler::declareRoutes(const toml::node& node) {
  const toml::table* table = node.as_table();
  if (!table) fail(pos(node), "route.named must hold named routes: [[route.named.NAME]]");
  for (const auto& [key, value] : *table) {
    if (!isIdentifier(key.str()))
      fail(pos(key), "a route name must be letters, digits and '_': '" + std::string(key.str()) +
                         "'");
    auto index = static_cast<uint32_t>(program_->routes.size());
    route_index_.emplace(std::string(key.str()), index);
    NamedRoute r;
    r.name = std::string(key.str());
    r.pos = pos(key);
    program_->routes.push_back(std::move(r));
    route_info_.emplace_back();
  }
}

Range Compiler::compileRules(const toml::node& node, Scope scope, std::string_view what) {
  // Rules go into Program::rules contiguously: collect this list's tables first.
  std::vector<const toml::table*> tables;
  if (const toml::table* single = node.as_table()) {
    tables.push_back(single);
  } else if (const toml::array* list = node.as_array()) {
    for (const toml::node& element : *list) {
      const toml::table* rule = element.as_table();
      if (!rule)
        fail(pos(element), std::string(what) + " must be an array of rules ([[" +
                               std::string(what) + "]] with if/then/else or do)");
      tables.push_back(rule);
    }
  } else {
    fail(pos(node), std::string(what) + " must be an array of rules ([[" + std::string(what) +
                        "]] with if/then/else or do)");
  }
  auto begin = static_cast<uint32_t>(program_->rules.size());
  program_->rules.resize(begin + tables.size());
  for (std::size_t i = 0; i < tables.size(); ++i)
    program_->rules[begin + i] = compileRule(*tables[i], scope);
  return Range{begin, static_cast<uint32_t>(program_->rules.size())};
}

Rule Compiler::compileRule(const toml::table& rule, Scope scope) {
  const toml::key* if_key = nullptr;
  const toml::key* then_key = nullptr;
  const toml::key* else_key = nullptr;
  const toml::key* do_key = nullptr;
  for (const auto& [key, value] : rule) {
    std::string_view k = key.str();
    if (k == "if") if_key = &key;
    else if (k == "then") then_key = &key;
    else if (k == "else") else_key = &key;
    else if (k == "do") do_key = &key;
    else
      fail(pos(key), "unknown key '" + std::string(k) +
                         "' in a rule (expected if, then, else or do)" +
                         suggestion(k, {"if", "then", "else", "do"}));
  }
  if (do_key && if_key) fail(pos(*do_key), "a rule has either 'do' or 'if' with 'then'");
  if (!if_key) {
    if (then_key) fail(pos(*then_key), "'then' without 'if'");
    if (else_key) fail(pos(*else_key), "'else' without 'if'");
    if (!do_key) fail(pos(rule), "empty rule: it needs 'do', or 'if' and 'then'");
  } else if (!then_key) {
    fail(pos(*if_key), "'if' without 'then'");
  }

  Rule r;
  r.pos = pos(rule);
  if (if_key) {
    const toml::node& cond = *rule.get(if_key->str());
    const auto* text = cond.as_string();
    if (!text) fail(pos(cond), "'if' must be a string holding a condition");
    SourceText src = sourceOf(cond, text->get());
    SynCond syn;
    try {
      syn = parseCondition(text->get());
    } catch (const ExprError& e) {
      fail(src.at(e.offset), e.message);
    }
    r.condition = static_cast<int32_t>(compileCondition(syn, Where{src, scope}));
    r.then_actions = compileActionList(*rule.get("then"), scope);
    if (else_key) r.else_actions = compileActionList(*rule.get("else"), scope);
  } else {
    r.then_actions = compileActionList(*rule.get("do"), scope);
  }
  return r;
}

Range Compiler::compileActionList(const toml::node& node, Scope scope) {
  std::vector<const toml::node*> items;
  if (node.is_string()) {
    items.push_back(&node);
  } else if (const toml::array* list = node.as_array()) {
    for (const toml::node& n : *list) items.push_back(&n);
  } else {
    fail(pos(node), "expected an action string or an array of them");
  }
  auto begin = static_cast<uint32_t>(program_->actions.size());
  for (const toml::node* n : items) {
    const auto* text = n->as_string();
    if (!text) fail(pos(*n), "an action must be a string");
    SourceText src = sourceOf(*n, text->get());
    SynAction syn;
    try {
      syn = parseAction(text->get());
    } catch (const ExprError& e) {
      fail(src.at(e.offset), e.message);
    }
    compileAction(syn, Where{src, scope});
  }
  return Range{begin, static_cast<uint32_t>(program_->actions.size())};
}

// Cycles are refused; then each route is checked against every hook that reaches it.
void Compiler::checkRouteGraph() {
  const std::size_t n = program_->routes.size();
  enum Color : uint8_t { White, Gray, Black };
  std::vector<Color> color(n, White);
  std::vector<uint32_t> stack;
  std::function<void(uint32_t)> visit = [&](uint32_t r) {
    color[r] = Gray;
    stack.push_back(r);
    for (const Edge& e : route_info_[r].edges) {
      if (color[e.callee] == Gray) {
        std::string path;
        auto from = std::find(stack.begin(), stack.end(), e.callee);
        for (auto it = from; it != stack.end(); ++it) path += program_->routes[*it].name + " → ";
        path += program_->routes[e.callee].name;
        fail(e.pos, "route cycle: " + path +
                        " (a route may not call itself, directly or through others)");
      }
      if (color[e.callee] == White) visit(e.callee);
    }
    stack.pop_back();
    color[r] = Black;
  };
  for (uint32_t r = 0; r < n; ++r)
    if (color[r] == White) visit(r);

  // Breadth-first from each hook; via[r] = the route it was first reached from (-1: the hook).
  std::array<std::vector<int32_t>, 4> via;
  for (Hook h : kHooks) {
    auto& from = via[static_cast<std::size_t>(h)];
    from.assign(n, -2);
    std::vector<uint32_t> queue;
    for (const Edge& e : hook_info_[static_cast<std::size_t>(h)].edges)
      if (from[e.callee] == -2) from[e.callee] = -1, queue.push_back(e.callee);
    for (std::size_t i = 0; i < queue.size(); ++i) {
      uint32_t r = queue[i];
      program_->routes[r].reached_from |= maskOf(h);
      for (const Edge& e : route_info_[r].edges)
        if (from[e.callee] == -2)
          from[e.callee] = static_cast<int32_t>(r), queue.push_back(e.callee);
    }
  }

  for (uint32_t r = 0; r < n; ++r) {
    const NamedRoute& route = program_->routes[r];
    for (Hook h : kHooks) {
      if (!(route.reached_from & maskOf(h))) continue;
      for (const Use& use : route_info_[r].uses) {
        if (use.allowed & maskOf(h)) continue;
        fail(use.pos, use.what + " is not allowed in the " + std::string(hookName(h)) +
                          " hook, and route " + route.name + " runs in it (" +
                          routePath(h, r, via[static_cast<std::size_t>(h)]) +
                          "); it may be used in: " + hookList(use.allowed));
      }
    }
    if (!route.reached_from && !route.armed)
      warn(route.pos, "named route '" + route.name + "' is never used");
  }
}

std::string Compiler::routePath(Hook hook, uint32_t route, const std::vector<int32_t>& via) const {
  std::vector<uint32_t> chain{route};
  for (int32_t r = via[route]; r >= 0; r = via[static_cast<uint32_t>(r)])
    chain.push_back(static_cast<uint32_t>(r));
  std::string out(hookName(hook));
  for (auto it = chain.rbegin(); it != chain.rend(); ++it)
    out += " → route(" + program_->routes[*it].name + ")";
  return out;
}

void Compiler::restrict(HookMask allowed, SourcePos where, std::string what, Scope scope) {
  if (!scope.in_hook) {
    route_info_[scope.route].uses.push_back(Use{allowed, where, std::move(what)});
    return;
  }
  if (allowed & maskOf(scope.hook)) return;
  fail(where, what + " is not allowed in the " + std::string(hookName(scope.hook)) +
                  " hook; it may be used in: " + hookList(allowed));
}

void Compiler::addEdge(uint32_t callee, SourcePos where, Scope scope) {
  auto& info = scope.in_hook ? hook_info_[static_cast<std::size_t>(scope.hook)]
                             : route_info_[scope.route];
  info.edges.push_back(Edge{callee, where});
}

std::string_view Compiler::intern(std::string s) {
  return program_->strings.emplace_back(std::move(s));
}

SourcePos Compiler::pos(const toml::node& node) const {
  return {static_cast<int>(node.source().begin.line), static_cast<int>(node.source().begin.column)};
}

SourcePos Compiler::pos(const toml::key& key) const {
  return {static_cast<int>(key.source().begin.line), static_cast<int>(key.source().begin.column)};
}

SourceText Compiler::sourceOf(const toml::node& node, std::string_view text) const {
  const toml::source_region& r = node.source();
  return SourceText(text, {static_cast<int>(r.begin.line), static_cast<int>(r.begin.column)},
                    {static_cast<int>(r.end.line), static_cast<int>(r.end.column)});
}

void Compiler::fail(SourcePos where, const std::string& message) const {
  throw ConfigError(file_, where.line, where.column, message);
}

void Compiler::warn(SourcePos where, std::string message) {
  warnings_.push_back(Diagnostic{file_, where.line, where.column, std::move(message)});
}

}  // namespace pinhole::route
