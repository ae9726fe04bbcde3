#include "route/interpreter.h"

#include <array>
#include <charconv>
#include <cstring>
#include <optional>

#include "pinhole/sip/uri.h"

namespace pinhole::route {

namespace {

enum class Flow : uint8_t { Next, Return, Exit, Drop };

// Room for an integer value formatted as text.
struct NumBuf {
  char data[24];
  std::string_view format(int64_t v) noexcept {
    auto [end, ec] = std::to_chars(data, data + sizeof data, v);
    return {data, static_cast<std::size_t>(end - data)};
  }
};

class Runner {
 public:
  Runner(const Program& p, MsgContext& ctx) noexcept : p_(p), ctx_(ctx) {}

  Flow runRules(Range rules, bool& value) noexcept {
    for (uint32_t i = rules.begin; i < rules.end; ++i) {
      const Rule& r = p_.rules[i];
      Range actions = r.then_actions;
      if (r.condition >= 0) {
        switch (eval(static_cast<uint32_t>(r.condition))) {
          case Outcome::True: break;
          case Outcome::False: actions = r.else_actions; break;
          case Outcome::Exit: return Flow::Exit;
          case Outcome::Drop: return Flow::Drop;
        }
      }
      for (uint32_t a = actions.begin; a < actions.end; ++a) {
        Flow f = std::visit([&](const auto& act) { return exec(act, value); }, p_.actions[a]);
        if (f != Flow::Next) return f;
      }
    }
    return Flow::Next;
  }

  Outcome callRoute(uint32_t route) noexcept {
    bool value = true;  // a route that ends without return(false) is true
    switch (runRules(p_.routes[route].rules, value)) {
      case Flow::Exit: return Outcome::Exit;
      case Flow::Drop: return Outcome::Drop;
      default: return value ? Outcome::True : Outcome::False;
    }
  }

 private:
  // ---------------------------------------------------------------- conditions
  Outcome eval(uint32_t index) noexcept {
    return std::visit([&](const auto& c) { return test(c); }, p_.conditions[index]);
  }
  static Outcome truth(bool b) noexcept { return b ? Outcome::True : Outcome::False; }

  Outcome test(const CondAnd& c) noexcept {
    Outcome l = eval(c.lhs);
    return l == Outcome::True ? eval(c.rhs) : l;
  }
  Outcome test(const CondOr& c) noexcept {
    Outcome l = eval(c.lhs);
    return l == Outcome::False ? eval(c.rhs) : l;
  }
  Outcome test(const CondNot& c) noexcept {
    Outcome o = eval(c.operand);
    if (o == Outcome::True) return Outcome::False;
    if (o == Outcome::False) return Outcome::True;
    return o;  // Exit and Drop are control flow, not truth values
  }
  Outcome test(const CondCompare& c) noexcept {
    if (c.integers) {
      std::optional<int64_t> a = integer(c.lhs), b = integer(c.rhs);
      if (a && b) {
        switch (c.op) {
          case CompareOp::Eq: return truth(*a == *b);
          case CompareOp::Ne: return truth(*a != *b);
          case CompareOp::Lt: return truth(*a < *b);
          case CompareOp::Le: return truth(*a <= *b);
          case CompareOp::Gt: return truth(*a > *b);
          case CompareOp::Ge: return truth(*a >= *b);
          case CompareOp::Match: break;
        }
      }
      if (c.op != CompareOp::Eq && c.op != CompareOp::Ne) return Outcome::False;
    }
    NumBuf ba, bb;
    bool equal = text(c.lhs, ba) == text(c.rhs, bb);
    return truth(c.op == CompareOp::Eq ? equal : !equal);
  }
  Outcome test(const CondMatch& c) noexcept {
    NumBuf buf;
    std::string_view s = text(c.subject, buf);
    try {
      return truth(std::regex_search(s.begin(), s.end(), p_.regexes[c.regex]));
    } catch (...) {  // std::regex may throw on pathological input (error_stack): no match
      return Outcome::False;
    }
  }
  Outcome test(const CondMyself& c) noexcept { return truth(isMyself(c.subject) != c.negate); }
  Outcome test(const CondCall& c) noexcept { return invoke(c.call); }
  Outcome test(const CondRoute& c) noexcept { return callRoute(c.route); }
  Outcome test(const CondFlag& c) noexcept { return truth(ctx_.flag(c.bit)); }
  Outcome test(const CondBranchFlag& c) noexcept { return truth(ctx_.branchFlag(c.bit)); }

  // ---------------------------------------------------------------- actions
  Flow exec(const ActCall& a, bool&) noexcept { return flowOf(invoke(a.call)); }
  Flow exec(const ActRoute& a, bool&) noexcept { return flowOf(callRoute(a.route)); }
  Flow exec(const ActFlag& a, bool&) noexcept {
    a.set ? ctx_.setFlag(a.bit) : ctx_.resetFlag(a.bit);
    return Flow::Next;
  }
  Flow exec(const ActBranchFlag& a, bool&) noexcept {
    a.set ? ctx_.setBranchFlag(a.bit) : ctx_.resetBranchFlag(a.bit);
    return Flow::Next;
  }
  Flow exec(const ActAppendBranch& a, bool&) noexcept {
    if (!ctx_.msg().isRequest()) return Flow::Next;
    if (!a.has_uri) {
      ctx_.appendBranch(ctx_.requestUri(), ctx_.destinationUri(), ctx_.branchFlags());
      return Flow::Next;
    }
    std::string_view uri = expand(a.uri);
    if (!uri.empty()) ctx_.appendBranch(uri, {}, 0);
    return Flow::Next;
  }
  Flow exec(const ActLog& a, bool&) noexcept {
    if (ctx_.core().logEnabled(a.level, kRouteLogger))
      ctx_.core().log(a.level, kRouteLogger, expand(a.text));
    return Flow::Next;
  }
  Flow exec(const ActAssign& a, bool&) noexcept {
    if (!ctx_.msg().isRequest()) return Flow::Next;
    std::string_view v = expand(a.value);
    switch (a.target) {
      case Pv::RequestUri:
        if (!v.empty()) ctx_.setRequestUri(v);  // an empty Request-URI is not a request
        break;
      case Pv::DestinationUri: ctx_.setDestinationUri(v); break;  // '' clears it
      case Pv::RequestUser: setRequestUser(v); break;
      default: break;
    }
    return Flow::Next;
  }
  Flow exec(const ActForward&, bool&) noexcept {
    Result<void> r = ctx_.core().forwardStateless(ctx_);
    if (!r.ok() && ctx_.core().logEnabled(LogLevel::Warn, kRouteLogger)) {
      std::string_view detail = r.error().detail;
      std::string_view prefix = "forward() failed: ";
      char* out = static_cast<char*>(ctx_.arena().allocate(prefix.size() + detail.size(), 1));
      std::memcpy(out, prefix.data(), prefix.size());
      if (!detail.empty()) std::memcpy(out + prefix.size(), detail.data(), detail.size());
      ctx_.core().log(LogLevel::Warn, kRouteLogger, {out, prefix.size() + detail.size()});
    }
    return Flow::Next;
  }
  Flow exec(const ActForceRport&, bool&) noexcept {
    ctx_.setForceRport();
    return Flow::Next;
  }
  Flow exec(const ActStop& a, bool& value) noexcept {
    switch (a.kind) {
      case ActStop::Kind::Drop: return Flow::Drop;
      case ActStop::Kind::Exit: return Flow::Exit;
      case ActStop::Kind::Return: value = a.value; return Flow::Return;
    }
    return Flow::Next;
  }
  static Flow flowOf(Outcome o) noexcept {
    if (o == Outcome::Exit) return Flow::Exit;
    if (o == Outcome::Drop) return Flow::Drop;
    return Flow::Next;
  }

  Outcome invoke(uint32_t index) noexcept {
    const Call& c = p_.calls[index];
    const Arg* args = p_.args.data() + c.args.begin;
    if (!c.has_templates) return c.handler(*c.module, ctx_, {args, c.args.size()});
    std::array<Arg, Program::kMaxCallArgs> expanded;
    for (uint32_t i = 0; i < c.args.size(); ++i) {
      expanded[i] = args[i];
      const Text& t = p_.arg_texts[c.args.begin + i];
      if (t.isTemplate()) expanded[i].text = expand(t);
    }
    return c.handler(*c.module, ctx_, {expanded.data(), c.args.size()});
  }

  // ---------------------------------------------------------------- values
  // A value that cannot be read (no such header, a parse error, $rs of a request) is "".
  std::string_view read(const PvRef& ref, NumBuf& buf) noexcept {
    sip::Message& m = ctx_.msg();
    switch (ref.pv) {
      case Pv::RequestUri: return m.isRequest() ? ctx_.requestUri() : std::string_view{};
      case Pv::RequestUser: {
        const sip::Uri* u = requestUri();
        return u ? u->user : std::string_view{};
      }
      case Pv::RequestHost: {
        const sip::Uri* u = requestUri();
        return u ? u->host.host : std::string_view{};
      }
      case Pv::RequestPort: {
        const sip::Uri* u = requestUri();
        return u ? u->host.port_text : std::string_view{};
      }
      case Pv::DestinationUri: return ctx_.destinationUri();
      case Pv::DestinationHost: {
        const sip::Uri* u = destinationUri();
        return u ? u->host.host : std::string_view{};
      }
      case Pv::DestinationPort: {
        const sip::Uri* u = destinationUri();
        return u ? u->host.port_text : std::string_view{};
      }
      case Pv::SourceIp: return ctx_.source().ip;
      case Pv::Protocol: return transportName(ctx_.source().transport);
      case Pv::Method: {
        if (m.isRequest()) return m.methodText();
        auto cseq = m.cseq();
        return cseq.ok() ? cseq->method : std::string_view{};
      }
      case Pv::Reason: return m.isResponse() ? m.reason() : std::string_view{};
      case Pv::FromUri: case Pv::FromUser: case Pv::FromHost: case Pv::FromTag:
      case Pv::ToUri: case Pv::ToUser: case Pv::ToHost: case Pv::ToTag: return nameAddrPart(ref.pv);
      case Pv::CallId: {
        auto id = m.callId();
        return id.ok() ? *id : std::string_view{};
      }
      case Pv::LocalIp: return ctx_.local().ip;
      case Pv::Header: {
        const sip::HeaderField* h = ref.header != sip::HeaderType::Other
                                        ? m.header(ref.header)
                                        : m.header(ref.header_name);
        return h ? h->value : std::string_view{};
      }
      case Pv::SourcePort: case Pv::Status: case Pv::CSeqNumber: case Pv::LocalPort:
      case Pv::MessageLength: case Pv::TmReplyCode: {
        std::optional<int64_t> v = readInteger(ref.pv);
        return v ? buf.format(*v) : std::string_view{};
      }
    }
    return {};
  }

  std::optional<int64_t> readInteger(Pv pv) noexcept {
    switch (pv) {
      case Pv::SourcePort: return ctx_.source().port;
      case Pv::LocalPort: return ctx_.local().port;
      case Pv::MessageLength: return static_cast<int64_t>(ctx_.msg().buffer().size());
      case Pv::TmReplyCode: return ctx_.transactionReplyCode();
      case Pv::Status:
        if (ctx_.msg().isResponse()) return ctx_.msg().statusCode();
        return std::nullopt;
      case Pv::CSeqNumber: {
        auto cseq = ctx_.msg().cseq();
        if (cseq.ok()) return cseq->number;
        return std::nullopt;
      }
      default: return std::nullopt;
    }
  }

  std::string_view nameAddrPart(Pv pv) noexcept {
    bool from = pv == Pv::FromUri || pv == Pv::FromUser || pv == Pv::FromHost || pv == Pv::FromTag;
    auto r = from ? ctx_.msg().from() : ctx_.msg().to();
    if (!r.ok() || !*r) return {};
    const sip::NameAddr& na = **r;
    switch (pv) {
      case Pv::FromUri: case Pv::ToUri: return na.uri().raw;
      case Pv::FromUser: case Pv::ToUser: return na.uri().user;
      case Pv::FromHost: case Pv::ToHost: return na.uri().host.host;
      default: return na.tag();
    }
  }

  std::optional<int64_t> integer(const Operand& o) noexcept {
    if (o.kind == Operand::Kind::Int) return o.integer;
    return readInteger(o.var.pv);
  }
  std::string_view text(const Operand& o, NumBuf& buf) noexcept {
    return o.kind == Operand::Kind::Var ? read(o.var, buf) : o.text;
  }

  // Pieces are read twice (length, then copy): reads are cached views, cheaper than a buffer.
  std::string_view expand(const Text& t) noexcept {
    if (!t.isTemplate()) return t.literal;
    const TextPiece* pieces = p_.pieces.data() + t.pieces.begin;
    NumBuf buf;
    if (t.pieces.size() == 1 && !isInteger(pieces[0].var.pv)) return read(pieces[0].var, buf);
    std::size_t total = 0;
    for (uint32_t i = 0; i < t.pieces.size(); ++i)
      total += pieces[i].is_var ? read(pieces[i].var, buf).size() : pieces[i].literal.size();
    if (total == 0) return {};
    char* out = static_cast<char*>(ctx_.arena().allocate(total, 1));
    std::size_t at = 0;
    for (uint32_t i = 0; i < t.pieces.size(); ++i) {
      std::string_view v = pieces[i].is_var ? read(pieces[i].var, buf) : pieces[i].literal;
      v = v.substr(0, total - at);  // a value cannot grow between the passes; be safe anyway
      if (!v.empty()) std::memcpy(out + at, v.data(), v.size());
      at += v.size();
    }
    return {out, at};
  }

  // ---------------------------------------------------------------- URIs
  // $ru parsed: the message's own cached parse until rewritten, then a parse of the new text.
  const sip::Uri* requestUri() noexcept {
    sip::Message& m = ctx_.msg();
    if (!m.isRequest()) return nullptr;
    if (!ctx_.requestUriRewritten()) {
      auto r = m.requestUri();
      return r.ok() ? *r : nullptr;
    }
    std::string_view s = ctx_.requestUri();
    if (s.data() != parsed_text_.data() || s.size() != parsed_text_.size()) {
      parsed_text_ = s;
      parsed_ = sip::Uri{};  // parseUriInto leaves the fields a URI lacks untouched
      parsed_ok_ = sip::parseUriInto(s, ctx_.arena(), parsed_).ok();
    }
    return parsed_ok_ ? &parsed_ : nullptr;
  }

  // $du parsed, again once per value it takes.
  const sip::Uri* destinationUri() noexcept {
    std::string_view s = ctx_.destinationUri();
    if (s.empty()) return nullptr;
    if (s.data() != du_text_.data() || s.size() != du_text_.size()) {
      du_text_ = s;
      du_ = sip::Uri{};
      du_ok_ = sip::parseUriInto(s, ctx_.arena(), du_).ok() && du_.isSip();
    }
    return du_ok_ ? &du_ : nullptr;
  }

  // $rU = v: replaces the user part of $ru ('' removes the user info).
  void setRequestUser(std::string_view user) noexcept {
    const sip::Uri* u = requestUri();
    if (!u || !u->isSip()) return;
    std::string_view raw = u->raw;
    std::size_t begin, end;
    std::size_t at_sign = raw.find('@');
    if (at_sign != std::string_view::npos && !u->user.empty()) {
      begin = static_cast<std::size_t>(u->user.data() - raw.data());
      end = begin + u->user.size();
      if (user.empty()) end = at_sign + 1;  // drop user, password and '@'
    } else {
      if (user.empty()) return;
      begin = end = u->scheme.size() + 1;  // after "sip:"
    }
    bool add_at = u->user.empty() && !user.empty();
    std::size_t size = begin + user.size() + (add_at ? 1 : 0) + (raw.size() - end);
    char* out = static_cast<char*>(ctx_.arena().allocate(size, 1));
    std::size_t n = 0;
    auto put = [&](std::string_view s) {
      if (!s.empty()) std::memcpy(out + n, s.data(), s.size());
      n += s.size();
    };
    put(raw.substr(0, begin));
    put(user);
    if (add_at) put("@");
    put(raw.substr(end));
    ctx_.setRequestUri({out, n});
  }

  bool isMyself(const Operand& o) noexcept {
    CoreApi& core = ctx_.core();
    if (o.kind == Operand::Kind::Var) {
      switch (o.var.pv) {
        case Pv::RequestUri: {
          const sip::Uri* u = requestUri();
          return u && core.isMyself(*u);
        }
        case Pv::DestinationUri: {
          const sip::Uri* u = destinationUri();
          return u && core.isMyself(*u);
        }
        case Pv::FromUri: case Pv::ToUri: {
          auto r = o.var.pv == Pv::FromUri ? ctx_.msg().from() : ctx_.msg().to();
          return r.ok() && *r && core.isMyself((*r)->uri());
        }
        default: break;
      }
    }
    NumBuf buf;
    return textIsMyself(text(o, buf));
  }

  // A host[:port] or a URI (e.g. $du, $rd, $si, a header value).
  bool textIsMyself(std::string_view s) noexcept {
    if (s.empty()) return false;
    auto hp = sip::parseHostPort(s);
    if (hp.ok()) return ctx_.core().isMyself(hp->address(), hp->has_port ? hp->port : 0);
    sip::Uri u;
    return sip::parseUriInto(s, ctx_.arena(), u).ok() && ctx_.core().isMyself(u);
  }

  const Program& p_;
  MsgContext& ctx_;
  std::string_view parsed_text_;  // $ru once rewritten, and its parse
  sip::Uri parsed_;
  bool parsed_ok_ = false;
  std::string_view du_text_;      // $du and its parse
  sip::Uri du_;
  bool du_ok_ = false;
};

}  // namespace

Outcome run(const Program& program, Hook hook, MsgContext& ctx) noexcept {
  Runner runner(program, ctx);
  bool value = true;
  switch (runner.runRules(program.hook(hook), value)) {
    case Flow::Exit: return Outcome::Exit;
    case Flow::Drop: return Outcome::Drop;
    default: return Outcome::True;
  }
}

Outcome runNamed(const Program& program, uint32_t route, MsgContext& ctx) noexcept {
  if (route >= program.routes.size()) return Outcome::False;
  return Runner(program, ctx).callRoute(route);
}

}  // namespace pinhole::route
