#include "siputils/sip_checks.h"

#include "common/log_line.h"
#include "pinhole/sip/message.h"
#include "pinhole/sip/uri.h"
#include "pinhole/strings.h"

namespace pinhole::modules::siputils {

Outcome hasTotag(MsgContext& ctx) noexcept {
  Result<const sip::NameAddr*> to = ctx.msg().to();
  if (!to) return Outcome::False;
  return (*to)->tag().empty() ? Outcome::False : Outcome::True;
}

bool methodInList(std::string_view method, std::string_view methods) noexcept {
  if (method.empty()) return false;
  while (!methods.empty()) {
    std::size_t bar = methods.find('|');
    std::string_view item = str::trimLws(methods.substr(0, bar));
    if (item == method) return true;
    if (bar == std::string_view::npos) break;
    methods.remove_prefix(bar + 1);
  }
  return false;
}

Outcome isMethod(MsgContext& ctx, std::string_view methods) noexcept {
  sip::Message& msg = ctx.msg();
  std::string_view method;
  if (msg.isRequest()) {
    method = msg.methodText();
  } else {
    Result<sip::CSeq> cseq = msg.cseq();
    if (!cseq) {
      log(ctx.core(), LogLevel::Debug, kLogger, "is_method: reply without a valid CSeq");
      return Outcome::False;
    }
    method = cseq->method;
  }
  return methodInList(method, methods) ? Outcome::True : Outcome::False;
}

Outcome isMyself(MsgContext& ctx, std::string_view text) noexcept {
  text = str::trimLws(text);
  if (text.size() >= 2 && text.front() == '<' && text.back() == '>')
    text = text.substr(1, text.size() - 2);
  if (text.empty()) return Outcome::False;
  sip::Uri uri;
  if (Result<void> r = sip::parseUriInto(text, ctx.arena(), uri); !r) {
    log(ctx.core(), LogLevel::Debug, kLogger, "is_myself: not a URI: '", text, "': ",
        r.error().detail);
    return Outcome::False;
  }
  return ctx.core().isMyself(uri) ? Outcome::True : Outcome::False;
}

}  // namespace pinhole::modules::siputils
