#include "rr/record_route.h"

#include <cstring>

#include "common/log_line.h"
#include "pinhole/sip/message.h"
#include "pinhole/strings.h"
#include "rr/loose_route.h"

namespace pinhole::modules::rr {
namespace {

// RFC 3261 25.1 paramchar without '%', which only starts an escape.
bool isParamChar(char c) noexcept {
  // strchr would find the terminating NUL: test it apart.
  return str::isUnreserved(c) || (c != '\0' && std::strchr("[]/:&+$", c) != nullptr);
}

// Length of the run of paramchars and escapes starting at s[i].
std::size_t paramTextLength(std::string_view s, std::size_t i) noexcept {
  std::size_t start = i;
  while (i < s.size()) {
    if (s[i] == '%') {
      if (i + 2 >= s.size() || !str::isHex(s[i + 1]) || !str::isHex(s[i + 2])) break;
      i += 3;
    } else if (isParamChar(s[i])) {
      ++i;
    } else {
      break;
    }
  }
  return i - start;
}

// `text` with a ';' in front when it has none.
std::string_view withSemicolon(Arena& arena, std::string_view text) {
  if (text.empty() || text.front() == ';') return text;
  char* out = static_cast<char*>(arena.allocate(text.size() + 1, 1));
  out[0] = ';';
  std::memcpy(out + 1, text.data(), text.size());
  return {out, text.size() + 1};
}

// A From tag is a token; the token characters that URI parameters do not allow are escaped.
std::size_t escapedTagLength(std::string_view tag) noexcept {
  std::size_t n = 0;
  for (char c : tag) n += isParamChar(c) ? 1 : 3;
  return n;
}

char* writeEscapedTag(char* out, std::string_view tag) noexcept {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : tag) {
    if (isParamChar(c)) {
      *out++ = c;
    } else {
      unsigned char u = static_cast<unsigned char>(c);
      *out++ = '%';
      *out++ = kHex[u >> 4];
      *out++ = kHex[u & 15];
    }
  }
  return out;
}

}  // namespace

bool validUriParams(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] != ';') return false;
    ++i;
    std::size_t name = paramTextLength(s, i);
    if (name == 0) return false;
    i += name;
    if (i < s.size() && s[i] == '=') {
      ++i;
      std::size_t value = paramTextLength(s, i);
      if (value == 0) return false;
      i += value;
    }
  }
  return true;
}

Outcome recordRoute(MsgContext& ctx, std::string_view params,
                    const RecordRouteOptions& options) noexcept {
  CoreApi& core = ctx.core();
  if (ctx.recordRouteRequested()) {
    log(core, LogLevel::Error, kLogger, "record_route: double attempt to record-route");
    return Outcome::False;
  }
  params = withSemicolon(ctx.arena(), params);
  if (!validUriParams(params)) {
    log(core, LogLevel::Error, kLogger, "record_route: not URI parameters: '", params, "'");
    return Outcome::False;
  }
  std::string_view tag;
  if (options.append_fromtag) {
    if (Result<const sip::NameAddr*> from = ctx.msg().from(); from) tag = (*from)->tag();
  }
  if (tag.empty()) {
    ctx.requestRecordRoute(params);
    return Outcome::True;
  }
  // ";ftag=<tag>" first, then the configuration's parameters (Kamailio's order).
  constexpr std::string_view kFtag = ";ftag=";
  std::size_t n = kFtag.size() + escapedTagLength(tag) + params.size();
  char* out = static_cast<char*>(ctx.arena().allocate(n, 1));
  std::memcpy(out, kFtag.data(), kFtag.size());
  char* at = writeEscapedTag(out + kFtag.size(), tag);
  if (!params.empty()) std::memcpy(at, params.data(), params.size());
  ctx.requestRecordRoute({out, n});
  return Outcome::True;
}

Outcome addRrParam(MsgContext& ctx, std::string_view param) noexcept {
  CoreApi& core = ctx.core();
  if (!ctx.recordRouteRequested()) {
    log(core, LogLevel::Error, kLogger, "add_rr_param: call record_route() first");
    return Outcome::False;
  }
  param = withSemicolon(ctx.arena(), param);
  if (param.empty() || !validUriParams(param)) {
    log(core, LogLevel::Error, kLogger, "add_rr_param: not a URI parameter: '", param, "'");
    return Outcome::False;
  }
  std::string_view pending = ctx.recordRouteParams();
  std::size_t n = pending.size() + param.size();
  char* out = static_cast<char*>(ctx.arena().allocate(n, 1));
  if (!pending.empty()) std::memcpy(out, pending.data(), pending.size());
  std::memcpy(out + pending.size(), param.data(), param.size());
  ctx.requestRecordRoute({out, n});  // copies again; still one arena, nothing on the heap
  return Outcome::True;
}

}  // namespace pinhole::modules::rr
