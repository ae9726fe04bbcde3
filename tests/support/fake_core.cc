#include "support/fake_core.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <system_error>

#include "pinhole/sip/serializer.h"
#include "pinhole/strings.h"

namespace pinhole::test {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = str::toLower(c);
  return out;
}

bool isLowerIdentifier(std::string_view s) {
  if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

Error fakeSendError() {
  return Error{std::make_error_code(std::errc::io_error), "fake core: send failure"};
}

std::string renderEdits(const sip::Message& msg, const sip::EditList& edits) {
  std::string out;
  Result<void> r = sip::render(msg.layout(), edits, out);
  if (!r) return "<render error: " + std::string(r.error().detail) + ">";
  return out;
}

}  // namespace

std::string crlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  return out;
}

// --- FakeCore

void FakeCore::addMyself(std::string_view host_port) {
  Self self;
  std::string_view host = host_port;
  std::string_view port;
  if (!host.empty() && host.front() == '[') {
    std::size_t close = host.find(']');
    if (close != std::string_view::npos) {
      if (close + 1 < host.size() && host[close + 1] == ':') port = host.substr(close + 2);
      host = host.substr(1, close - 1);
    }
  } else if (std::count(host.begin(), host.end(), ':') == 1) {
    std::size_t colon = host.find(':');
    port = host.substr(colon + 1);
    host = host.substr(0, colon);
  }
  self.host = lower(host);
  if (auto p = str::parseUnsigned(port, 65535)) self.port = static_cast<uint16_t>(*p);
  myself_.push_back(std::move(self));
}

bool FakeCore::logged(std::string_view needle, LogLevel min) const {
  for (const LogEntry& e : logs_)
    if (e.level >= min && e.text.find(needle) != std::string::npos) return true;
  return false;
}

void FakeCore::clear() {
  replies_.clear();
  forwards_.clear();
  logs_.clear();
}

Result<void> FakeCore::sendReply(MsgContext& ctx, int code, std::string_view reason) {
  (void)ctx;
  replies_.push_back(SentReply{code, std::string(reason)});
  if (fail_sends_) return fakeSendError();
  return {};
}

Result<void> FakeCore::forwardStateless(MsgContext& ctx) {
  forwards_.push_back(Forwarded{std::string(ctx.requestUri()), std::string(ctx.destinationUri()),
                                renderEdits(ctx.msg(), ctx.edits())});
  if (fail_sends_) return fakeSendError();
  return {};
}

bool FakeCore::isMyself(std::string_view host, uint16_t port) const noexcept {
  if (!host.empty() && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  for (const Self& self : myself_) {
    if (!str::iequals(self.host, host)) continue;
    if (self.port == 0 || port == 0 || self.port == port) return true;
  }
  return false;
}

bool FakeCore::logEnabled(LogLevel level, std::string_view logger) const noexcept {
  (void)logger;
  return level >= min_level_;
}

void FakeCore::log(LogLevel level, std::string_view logger, std::string_view text) noexcept {
  if (level < min_level_) return;
  logs_.push_back(LogEntry{level, std::string(logger), std::string(text)});
}

// --- TestMessage

TestMessage::TestMessage(std::string_view text, CoreApi& core, Hook hook)
    : TestMessage(text, core, hook, Addresses{}) {}

TestMessage::TestMessage(std::string_view text, CoreApi& core, Hook hook,
                         const Addresses& addresses)
    : buffer_(text),
      source_ip_(addresses.source_ip),
      local_ip_(addresses.local_ip),
      advertised_host_(addresses.advertised_host.empty() ? addresses.local_ip
                                                         : addresses.advertised_host),
      msg_(arena_),
      core_(core) {
  if (Result<void> r = msg_.parse(buffer_); !r) parse_error_ = r.error();
  source_.ip = source_ip_;
  source_.port = addresses.source_port;
  source_.transport = addresses.transport;
  source_.ipv6 = source_ip_.find(':') != std::string::npos;
  local_.socket_id = 1;
  local_.ip = local_ip_;
  local_.port = addresses.local_port;
  local_.transport = addresses.transport;
  local_.advertised_host = advertised_host_;
  local_.advertised_port = addresses.advertised_port ? addresses.advertised_port
                                                     : addresses.local_port;
  edits_.emplace(arena_, msg_.layout());
  ctx_.emplace(msg_, *edits_, hook, source_, local_, core_);
}

MsgContext& TestMessage::branch(Hook hook) {
  if (!branch_ctx_) {
    branch_edits_.emplace(arena_, *edits_);
    branch_ctx_.emplace(msg_, *branch_edits_, hook, source_, local_, core_);
  }
  return *branch_ctx_;
}

std::string TestMessage::render() const { return renderEdits(msg_, *edits_); }

std::string TestMessage::renderBranch() const {
  return renderEdits(msg_, branch_edits_ ? *branch_edits_ : *edits_);
}

std::vector<std::string> headerValues(std::string_view rendered, std::string_view name) {
  std::vector<std::string> values;
  std::size_t pos = rendered.find('\n');  // skip the start line
  while (pos != std::string_view::npos && pos + 1 < rendered.size()) {
    std::size_t begin = pos + 1;
    std::size_t end = rendered.find('\n', begin);
    std::string_view line = rendered.substr(begin, end == std::string_view::npos
                                                       ? std::string_view::npos
                                                       : end - begin);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;  // end of the headers
    std::size_t colon = line.find(':');
    if (colon != std::string_view::npos &&
        str::iequals(str::trimLws(line.substr(0, colon)), name))
      values.emplace_back(str::trimLws(line.substr(colon + 1)));
    pos = end;
  }
  return values;
}

// --- FakeInitContext

FakeInitContext::FakeInitContext(const ModuleDescriptor& descriptor, CoreApi& core)
    : core_(core) {
  for (const ParamSpec& spec : descriptor.params) {
    Slot& s = params_[std::string(spec.name)];
    s.value.type = spec.type;
    s.value.integer = spec.default_int;
    s.value.boolean = spec.default_bool;
    s.text = std::string(spec.default_string);
  }
  for (auto& [name, s] : params_) {
    s.value.text = s.text;
    s.value.list = s.list;
  }
}

FakeInitContext::Slot& FakeInitContext::slot(std::string_view name) {
  auto it = params_.find(name);
  if (it == params_.end()) it = params_.emplace(std::string(name), Slot{}).first;
  return it->second;
}

void FakeInitContext::setInt(std::string_view name, int64_t value) {
  Slot& s = slot(name);
  s.value.type = ParamType::Int;
  s.value.integer = value;
}

void FakeInitContext::setBool(std::string_view name, bool value) {
  Slot& s = slot(name);
  s.value.type = ParamType::Bool;
  s.value.boolean = value;
}

void FakeInitContext::setString(std::string_view name, std::string value) {
  Slot& s = slot(name);
  s.value.type = ParamType::String;
  s.text = std::move(value);
  s.value.text = s.text;
}

void FakeInitContext::setList(std::string_view name, std::vector<std::string> value) {
  Slot& s = slot(name);
  s.value.type = ParamType::StringList;
  s.list = std::move(value);
  s.value.list = s.list;
}

const ParamValue& FakeInitContext::param(std::string_view name) const {
  static const ParamValue kUndeclared{};
  auto it = params_.find(name);
  return it == params_.end() ? kUndeclared : it->second.value;
}

// --- invoking functions through a descriptor

Arg intArg(int64_t value) {
  Arg a;
  a.type = ArgType::Int;
  a.present = true;
  a.integer = value;
  return a;
}

Arg stringArg(std::string_view text) {
  Arg a;
  a.type = ArgType::String;
  a.present = true;
  a.text = text;
  return a;
}

Arg flagsArg(std::string_view letters) {
  Arg a;
  a.type = ArgType::Flags;
  a.present = true;
  a.text = letters;
  return a;
}

Arg absentArg(ArgType type) {
  Arg a;
  a.type = type;
  a.present = false;
  return a;
}

const FunctionSpec* findFunction(const ModuleDescriptor& descriptor, std::string_view name) {
  for (const FunctionSpec& f : descriptor.functions)
    if (f.name == name) return &f;
  return nullptr;
}

std::optional<Outcome> invoke(Module& module, MsgContext& ctx, std::string_view name,
                              std::initializer_list<Arg> args) {
  const FunctionSpec* f = findFunction(module.descriptor(), name);
  if (!f || !f->handler || !(f->hooks & maskOf(ctx.hook()))) return std::nullopt;
  // The engine passes one Arg per declared spec; omitted optional ones are not present.
  std::vector<Arg> full(args.begin(), args.end());
  if (full.size() > f->args.size()) return std::nullopt;
  for (std::size_t i = full.size(); i < f->args.size(); ++i) {
    if (!f->args[i].optional) return std::nullopt;
    full.push_back(absentArg(f->args[i].type));
  }
  for (std::size_t i = 0; i < full.size(); ++i) {
    const ArgSpec& spec = f->args[i];
    const Arg& a = full[i];
    if (a.type != spec.type) return std::nullopt;
    if (!a.present) {
      if (!spec.optional) return std::nullopt;
      continue;
    }
    if (spec.type == ArgType::Int && (a.integer < spec.min || a.integer > spec.max))
      return std::nullopt;
    if (spec.type == ArgType::Flags)
      for (char c : a.text)
        if (spec.letters.find(c) == std::string_view::npos) return std::nullopt;
  }
  return f->handler(module, ctx, full);
}

std::vector<std::string> descriptorProblems(const ModuleDescriptor& d) {
  std::vector<std::string> problems;
  auto problem = [&](std::string_view where, std::string_view what) {
    problems.push_back(std::string(where) + ": " + std::string(what));
  };
  if (!isLowerIdentifier(d.name)) problem("module", "name is not a lower-case identifier");
  if (d.version.empty()) problem("module", "no version");
  if (d.summary.empty()) problem("module", "no summary");

  std::set<std::string_view> seen;
  for (const ParamSpec& p : d.params) {
    std::string where = "param " + std::string(p.name);
    if (!isLowerIdentifier(p.name)) problem(where, "name is not a lower-case identifier");
    if (!seen.insert(p.name).second) problem(where, "declared twice");
    if (p.doc.empty()) problem(where, "no doc");
    if (p.type == ParamType::Int && (p.min > p.max || p.default_int < p.min ||
                                     p.default_int > p.max))
      problem(where, "default outside [min, max] or min > max");
    if (p.type == ParamType::String && !p.choices.empty() &&
        std::find(p.choices.begin(), p.choices.end(), p.default_string) == p.choices.end())
      problem(where, "default is not one of the choices");
  }

  seen.clear();
  for (const FunctionSpec& f : d.functions) {
    std::string where = "function " + std::string(f.name);
    if (!isLowerIdentifier(f.name)) problem(where, "name is not a lower-case identifier");
    if (!seen.insert(f.name).second) problem(where, "declared twice");
    if (!f.handler) problem(where, "no handler");
    if (f.hooks == 0 || (f.hooks & ~kInAnyHook) != 0) problem(where, "bad hook mask");
    if (f.doc.empty()) problem(where, "no doc");
    bool optional_seen = false;
    std::set<std::string_view> arg_names;
    for (const ArgSpec& a : f.args) {
      std::string arg_where = where + " arg " + std::string(a.name);
      if (!isLowerIdentifier(a.name)) problem(arg_where, "name is not a lower-case identifier");
      if (!arg_names.insert(a.name).second) problem(arg_where, "declared twice");
      if (optional_seen && !a.optional) problem(arg_where, "required after an optional one");
      optional_seen = optional_seen || a.optional;
      if (a.type == ArgType::Int && a.min > a.max) problem(arg_where, "min > max");
      if (a.type == ArgType::Flags && a.letters.empty()) problem(arg_where, "no flag letters");
      if (a.doc.empty()) problem(arg_where, "no doc");
    }
  }
  return problems;
}

}  // namespace pinhole::test
