// Test doubles for module code: a FakeCore (pinhole::CoreApi) that records what modules ask of
// the core, a TestMessage that builds a MsgContext over a literal SIP message and renders the
// edits, a FakeInitContext for Module::init(), and helpers to call a module function through its
// descriptor and to check that a descriptor is well formed. Nothing here loads a shared object.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pinhole/arena.h"
#include "pinhole/args.h"
#include "pinhole/context.h"
#include "pinhole/core_api.h"
#include "pinhole/descriptor.h"
#include "pinhole/hooks.h"
#include "pinhole/module.h"
#include "pinhole/result.h"
#include "pinhole/sip/edit.h"
#include "pinhole/sip/message.h"

namespace pinhole::test {

// Turns bare LF line ends into CRLF (CRLFs already there are kept), so tests can write SIP
// messages as raw string literals.
std::string crlf(std::string_view text);

class FakeCore final : public CoreApi {
 public:
  struct SentReply {
    int code = 0;
    std::string reason;
  };
  struct Forwarded {
    std::string request_uri;      // ctx.requestUri() at the time of the call
    std::string destination_uri;  // ctx.destinationUri()
    std::string rendered;         // the message with the edits recorded so far
  };
  struct LogEntry {
    LogLevel level = LogLevel::Info;
    std::string logger;
    std::string text;
  };

  // Names this proxy: "host" (any port) or "host:port"; IPv6 as "[::1]:5060" or "::1".
  // Hosts compare case-insensitively.
  void addMyself(std::string_view host_port);
  void clearMyself() { myself_.clear(); }

  // Makes sendReply / forwardStateless fail (after recording the attempt).
  void failSends(bool fail) { fail_sends_ = fail; }
  // The transaction layer transactions() returns (none by default).
  void setTransactions(TransactionApi* t) { transactions_ = t; }
  TransactionApi* transactions() noexcept override { return transactions_; }
  // Lines below this level are reported disabled and not recorded (default: everything).
  void setLogLevel(LogLevel min) { min_level_ = min; }

  const std::vector<SentReply>& replies() const { return replies_; }
  const std::vector<Forwarded>& forwards() const { return forwards_; }
  const std::vector<LogEntry>& logs() const { return logs_; }
  // True when some recorded line (at `min` or above) contains `needle`.
  bool logged(std::string_view needle, LogLevel min = LogLevel::Trace) const;
  void clear();

  // CoreApi
  Result<void> sendReply(MsgContext& ctx, int code, std::string_view reason) override;
  Result<void> forwardStateless(MsgContext& ctx) override;
  bool isMyself(std::string_view host, uint16_t port) const noexcept override;
  using CoreApi::isMyself;
  bool logEnabled(LogLevel level, std::string_view logger) const noexcept override;
  void log(LogLevel level, std::string_view logger, std::string_view text) noexcept override;

 private:
  struct Self {
    std::string host;  // lower case, no brackets
    uint16_t port = 0; // 0: any
  };
  std::vector<Self> myself_;
  std::vector<SentReply> replies_;
  std::vector<Forwarded> forwards_;
  std::vector<LogEntry> logs_;
  LogLevel min_level_ = LogLevel::Trace;
  bool fail_sends_ = false;
  TransactionApi* transactions_ = nullptr;
};

// One received message with everything a MsgContext needs, owned together: the buffer (a copy
// of the text), the arena, the parsed Message, the request's EditList, the source and local
// addresses. Not copyable or movable (the context points into it).
class TestMessage {
 public:
  struct Addresses {
    std::string source_ip = "192.0.2.10";
    uint16_t source_port = 5060;
    Transport transport = Transport::Udp;
    std::string local_ip = "198.51.100.1";
    uint16_t local_port = 5060;
    std::string advertised_host;  // empty: same as local_ip
    uint16_t advertised_port = 0; // 0: same as local_port
  };

  // `text` is used as given (see crlf() for readable literals).
  TestMessage(std::string_view text, CoreApi& core, Hook hook = Hook::Request);
  TestMessage(std::string_view text, CoreApi& core, Hook hook, const Addresses& addresses);
  TestMessage(const TestMessage&) = delete;
  TestMessage& operator=(const TestMessage&) = delete;

  bool parsed() const { return parse_error_ == std::nullopt; }
  // Why parsing failed (only meaningful when !parsed()).
  const Error& parseError() const { return *parse_error_; }

  MsgContext& ctx() { return *ctx_; }
  sip::Message& msg() { return msg_; }
  sip::EditList& edits() { return *edits_; }
  Arena& arena() { return arena_; }
  std::string_view buffer() const { return buffer_; }

  // A branch layer on top of the request's edits with its own context (created on first call;
  // later calls return the same one).
  MsgContext& branch(Hook hook = Hook::Branch);

  // The message with the request layer's edits applied; "<render error: ...>" on failure.
  std::string render() const;
  // The same with the branch layer too (the request layer alone when no branch was opened).
  std::string renderBranch() const;

 private:
  std::string buffer_;
  std::string source_ip_;
  std::string local_ip_;
  std::string advertised_host_;
  Arena arena_;
  sip::Message msg_;
  std::optional<Error> parse_error_;
  PeerInfo source_;
  LocalInfo local_;
  CoreApi& core_;
  std::optional<sip::EditList> edits_;
  std::optional<MsgContext> ctx_;
  std::optional<sip::EditList> branch_edits_;
  std::optional<MsgContext> branch_ctx_;
};

// Every value of the headers called `name` (case-insensitive; compact forms are not folded) in
// a rendered message, in order, LWS-trimmed.
std::vector<std::string> headerValues(std::string_view rendered, std::string_view name);

// Parameters for Module::init(): declared defaults, overridden by set*(); fail() is recorded.
class FakeInitContext final : public InitContext {
 public:
  FakeInitContext(const ModuleDescriptor& descriptor, CoreApi& core);

  void setInt(std::string_view name, int64_t value);
  void setBool(std::string_view name, bool value);
  void setString(std::string_view name, std::string value);
  void setList(std::string_view name, std::vector<std::string> value);

  const ParamValue& param(std::string_view name) const override;
  CoreApi& core() noexcept override { return core_; }
  void fail(std::string reason) override { failures_.push_back(std::move(reason)); }
  const std::vector<std::string>& failures() const { return failures_; }

 private:
  struct Slot {
    ParamValue value;
    std::string text;
    std::vector<std::string> list;
  };
  Slot& slot(std::string_view name);

  std::map<std::string, Slot, std::less<>> params_;
  CoreApi& core_;
  std::vector<std::string> failures_;
};

// Argument builders for invoke().
Arg intArg(int64_t value);
Arg stringArg(std::string_view text);
Arg flagsArg(std::string_view letters);
Arg absentArg(ArgType type = ArgType::String);

// Calls module function `name` the way the routing engine would, after the checks the
// configuration compiler makes: the function exists, may run in ctx.hook(), and the arguments
// match its ArgSpecs (count, types, Int ranges, Flags letters). nullopt when a check fails.
std::optional<Outcome> invoke(Module& module, MsgContext& ctx, std::string_view name,
                              std::initializer_list<Arg> args = {});

// Structural problems of a descriptor (empty when well formed): names are lower-case
// identifiers and unique, every function has a handler and a non-empty subset of the four
// hooks, optional arguments are trailing, ranges are ordered, Flags list their letters,
// parameter defaults are within range and among the choices.
std::vector<std::string> descriptorProblems(const ModuleDescriptor& descriptor);

// The function spec called `name`, or nullptr.
const FunctionSpec* findFunction(const ModuleDescriptor& descriptor, std::string_view name);

}  // namespace pinhole::test
