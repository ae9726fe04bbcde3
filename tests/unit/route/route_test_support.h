// Test helpers for the routing engine: fake modules whose handlers record calls and return
// chosen outcomes, a fake CoreApi capturing logs, replies and forwards, and a fixture that
// compiles TOML text and runs it over a real sip::Message.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "pinhole/context.h"
#include "pinhole/module.h"
#include "route/compiler.h"
#include "route/interpreter.h"

namespace pinhole::route::test {

struct FakeFunction {
  std::string name;
  std::vector<ArgSpec> args;  // views must point to static text (literals)
  HookMask hooks = kInAnyHook;
};

// A module whose functions append "module.function(arg,arg)" to a shared journal and return
// the outcome set for them (True by default).
class FakeModule : public Module {
 public:
  static constexpr std::size_t kMaxFunctions = 24;

  FakeModule(std::string name, std::vector<FakeFunction> functions,
             std::vector<std::string>& journal)
      : name_(std::move(name)), functions_(std::move(functions)), journal_(journal) {
    if (functions_.size() > kMaxFunctions) throw std::logic_error("too many fake functions");
    for (std::size_t i = 0; i < functions_.size(); ++i) {
      FunctionSpec spec;
      spec.name = functions_[i].name;
      spec.args = functions_[i].args;
      spec.hooks = functions_[i].hooks;
      spec.handler = handlers()[i];
      specs_.push_back(spec);
    }
    descriptor_.name = name_;
    descriptor_.version = "test";
    descriptor_.functions = specs_;
  }

  const ModuleDescriptor& descriptor() const noexcept override { return descriptor_; }
  void setOutcome(const std::string& function, Outcome o) { outcomes_[function] = o; }
  // Something the function does to the message besides returning (e.g. lookup() sets $du).
  void setEffect(const std::string& function, std::function<void(MsgContext&)> effect) {
    effects_[function] = std::move(effect);
  }
  // The arguments of the last call, as the handler saw them.
  std::vector<Arg> last_args;
  std::vector<std::string> last_texts;  // copies of last_args[i].text

 private:
  template <std::size_t I>
  static Outcome handle(Module& self, MsgContext& ctx, std::span<const Arg> args) noexcept {
    auto& m = static_cast<FakeModule&>(self);
    const std::string& fn = m.functions_[I].name;
    std::string line = m.name_ + "." + fn + "(";
    m.last_args.assign(args.begin(), args.end());
    m.last_texts.clear();
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (i) line += ",";
      std::string text = !args[i].present        ? "-"
                         : args[i].type == ArgType::Int ? std::to_string(args[i].integer)
                                                        : std::string(args[i].text);
      line += text;
      m.last_texts.emplace_back(args[i].text);
    }
    m.journal_.push_back(line + ")");
    if (auto effect = m.effects_.find(fn); effect != m.effects_.end()) effect->second(ctx);
    auto it = m.outcomes_.find(fn);
    return it == m.outcomes_.end() ? Outcome::True : it->second;
  }
  template <std::size_t... I>
  static std::array<Handler, kMaxFunctions> makeHandlers(std::index_sequence<I...>) {
    return {&handle<I>...};
  }
  static const std::array<Handler, kMaxFunctions>& handlers() {
    static const auto table = makeHandlers(std::make_index_sequence<kMaxFunctions>{});
    return table;
  }

  std::string name_;
  std::vector<FakeFunction> functions_;
  std::vector<FunctionSpec> specs_;
  ModuleDescriptor descriptor_;
  std::map<std::string, Outcome> outcomes_;
  std::map<std::string, std::function<void(MsgContext&)>> effects_;
  std::vector<std::string>& journal_;
};

class FakeCore : public CoreApi {
 public:
  Result<void> sendReply(MsgContext& ctx, int code, std::string_view reason) override {
    replies.push_back(std::to_string(code) + " " + std::string(reason));
    ctx.markReplied();
    return {};
  }
  Result<void> forwardStateless(MsgContext& ctx) override {
    forwards.push_back(std::string(ctx.destinationUri().empty() ? ctx.requestUri()
                                                                : ctx.destinationUri()));
    if (fail_forward) return Error{std::make_error_code(std::errc::network_unreachable),
                                   "no route to host"};
    return {};
  }
  bool isMyself(std::string_view host, uint16_t port) const noexcept override {
    return myself.count(std::string(host)) && (port == 0 || port == 5060);
  }
  bool logEnabled(LogLevel level, std::string_view) const noexcept override {
    return level >= min_level;
  }
  void log(LogLevel level, std::string_view logger, std::string_view text) noexcept override {
    static constexpr std::array<const char*, 5> kNames{"trace", "debug", "info", "warn", "error"};
    logs.push_back(std::string(kNames[static_cast<int>(level)]) + "|" + std::string(logger) +
                   "|" + std::string(text));
  }

  std::vector<std::string> replies, forwards, logs;
  std::set<std::string> myself{"proxy.example.com", "192.0.2.10"};
  LogLevel min_level = LogLevel::Trace;
  bool fail_forward = false;
  using CoreApi::isMyself;
};

// Module "t": functions of every signature shape, for the checks and for control flow.
inline std::vector<FakeFunction> testFunctions() {
  static const ArgSpec kOne[] = {{.name = "text", .type = ArgType::String}};
  static const ArgSpec kNum[] = {{.name = "n", .type = ArgType::Int, .min = 0, .max = 100}};
  static const ArgSpec kOpt[] = {{.name = "a", .type = ArgType::Int},
                                 {.name = "b", .type = ArgType::String, .optional = true}};
  static const ArgSpec kFlags[] = {{.name = "f", .type = ArgType::Flags, .letters = "abc"}};
  static const ArgSpec kRoute[] = {{.name = "route", .type = ArgType::Route}};
  return {
      {"yes", {}, kInAnyHook},
      {"no", {}, kInAnyHook},
      {"maybe", {}, kInAnyHook},
      {"one", {kOne, kOne + 1}, kInAnyHook},
      {"num", {kNum, kNum + 1}, kInAnyHook},
      {"opt", {kOpt, kOpt + 2}, kInAnyHook},
      {"flags", {kFlags, kFlags + 1}, kInAnyHook},
      {"arm", {kRoute, kRoute + 1}, kInRequest},
      {"req_only", {}, kInRequest},
      {"reply_only", {}, kInReply},
  };
}

inline std::vector<FakeFunction> slFunctions() {
  static const ArgSpec kReply[] = {
      {.name = "code", .type = ArgType::Int, .min = 100, .max = 699},
      {.name = "reason", .type = ArgType::String}};
  return {{"send_reply", {kReply, kReply + 2}, kInRequest | kInFailure}};
}

inline const std::string kInvite =
    "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK74bf9;rport\r\n"
    "Max-Forwards: 70\r\n"
    "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n"
    "To: Bob <sip:bob@biloxi.example.com>\r\n"
    "Call-ID: 3848276298220188511@atlanta.example.com\r\n"
    "CSeq: 2 INVITE\r\n"
    "Contact: <sip:alice@10.0.0.5:5060>\r\n"
    "User-Agent: softphone 1.0\r\n"
    "X-Custom: hello world\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

inline const std::string kReply180 =
    "SIP/2.0 180 Ringing\r\n"
    "Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK74bf9;rport\r\n"
    "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n"
    "To: Bob <sip:bob@biloxi.example.com>;tag=314159\r\n"
    "Call-ID: 3848276298220188511@atlanta.example.com\r\n"
    "CSeq: 2 INVITE\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

// Compiles TOML text with modules "t" and "sl", and runs hooks over real messages.
class RouteFixture : public ::testing::Test {
 protected:
  RouteFixture() {
    t_ = std::make_unique<FakeModule>("t", testFunctions(), journal_);
    sl_ = std::make_unique<FakeModule>("sl", slFunctions(), journal_);
    t_->setOutcome("no", Outcome::False);
    lookup_.add("t", *t_);
    lookup_.add("sl", *sl_);
  }

  // Compiles; a ConfigError propagates.
  const Program& load(std::string_view text) {
    table_ = toml::parse(text, std::string_view{"test.toml"});
    CompileResult r = compile(table_, "test.toml", lookup_);
    program_ = std::move(r.program);
    warnings_ = std::move(r.warnings);
    return *program_;
  }

  // The "file:line:column: message" of the error compiling `text`, or "" when it compiles.
  std::string errorOf(std::string_view text) {
    try {
      load(text);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "";
  }

  // Parses `sip` and builds the context (kept until the next call).
  MsgContext& message(const std::string& sip, Hook hook = Hook::Request) {
    ctx_.reset();
    edits_.reset();
    msg_.reset();
    arena_.reset();
    buffer_ = sip;
    msg_ = std::make_unique<sip::Message>(arena_);
    EXPECT_TRUE(msg_->parse(buffer_).ok());
    edits_ = std::make_unique<sip::EditList>(arena_, msg_->layout());
    ctx_ = std::make_unique<MsgContext>(*msg_, *edits_, hook, source_, local_, core_);
    return *ctx_;
  }

  Outcome run(Hook hook = Hook::Request, const std::string& sip = kInvite) {
    MsgContext& ctx = message(sip, hook);
    return route::run(*program_, hook, ctx);
  }

  std::vector<std::string> journal_;
  std::unique_ptr<FakeModule> t_, sl_;
  ModuleFunctions lookup_;
  toml::table table_;
  std::unique_ptr<const Program> program_;
  std::vector<Diagnostic> warnings_;

  Arena arena_;
  std::string buffer_;
  std::unique_ptr<sip::Message> msg_;
  std::unique_ptr<sip::EditList> edits_;
  std::unique_ptr<MsgContext> ctx_;
  PeerInfo source_{"203.0.113.7", 40123, Transport::Udp, false};
  LocalInfo local_{1, "192.0.2.10", 5060, Transport::Udp, "192.0.2.10", 5060};
  FakeCore core_;
};

}  // namespace pinhole::route::test
