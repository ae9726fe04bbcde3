#include "pinhole/sip/name_addr.h"

#include <algorithm>

#include "pinhole/strings.h"
#include "pinhole/sip/errors.h"

namespace pinhole::sip {
namespace {

Error shifted(Error e, std::size_t by) {
  e.offset = static_cast<uint32_t>(by + (e.hasOffset() ? e.offset : 0));
  return e;
}

// display-name = *(token LWS) / quoted-string
bool validDisplayName(std::string_view d) {
  if (d.empty()) return true;
  if (d.front() == '"') return quotedStringLength(d) == d.size();
  for (char c : d)
    if (!str::isToken(c) && !str::isLws(c)) return false;
  return true;
}

}  // namespace

Result<NameAddr> parseNameAddr(std::string_view s, Arena& arena) {
  NameAddr na;
  auto r = parseNameAddrInto(s, arena, na);
  if (!r) return r.error();
  return na;
}

const Uri& NameAddr::parseUriOnce() const {
  static const Uri kNone{};
  if (arena_ == nullptr) return kNone;  // default-constructed: there is no URI to parse
  (void)checkUri();
  return cache_->uri;
}

Result<void> NameAddr::checkUri() const {
  if (cache_ == nullptr) {
    if (arena_ == nullptr) return makeError(Errc::BadUri, "name-addr without a URI");
    UriCache* cache = arena_->make<UriCache>();
    auto r = parseUriInto(uri_text, *arena_, cache->uri);
    cache->ok = r.ok();
    if (!cache->ok) {
      cache->error = r.error();
      cache->uri = Uri{};  // nothing half-parsed
      cache->uri.raw = uri_text;
    }
    cache_ = cache;
  }
  if (cache_->ok) return {};
  return shifted(cache_->error, static_cast<std::size_t>(uri_text.data() - raw.data()));
}

Result<void> parseNameAddrInto(std::string_view s, Arena& arena, NameAddr& na, UriParsing when) {
  std::string_view value = str::trimLws(s);
  const std::size_t lead = static_cast<std::size_t>(value.data() - s.data());
  na.raw = value;
  na.arena_ = &arena;
  na.cache_ = nullptr;
  // The URI's own errors are relative to raw, which starts at `lead`.
  auto parseUriNow = [&]() -> Result<void> {
    if (when == UriParsing::OnDemand) return {};
    auto r = na.checkUri();
    if (!r) return shifted(r.error(), lead);
    return {};
  };
  if (value.empty()) return makeError(Errc::BadNameAddr, "empty address", lead);

  // Find a '<' outside a quoted display name.
  std::size_t i = 0;
  if (value[0] == '"') {
    std::size_t n = quotedStringLength(value);
    if (n == 0) return makeError(Errc::BadQuotedString, "unterminated display name", lead);
    i = n;
  }
  // Most route and contact values start with the '<' itself.
  std::size_t lt = value[0] == '<' ? 0 : str::find(value, '<', i);
  std::size_t params_at;
  if (lt != std::string_view::npos) {
    na.angle = true;
    na.display = str::trimLws(value.substr(0, lt));
    // A quoted display name was measured above (i); the display starts where value does.
    if (i != 0 ? na.display.size() != i : !validDisplayName(na.display))
      return makeError(Errc::BadNameAddr, "display name is neither tokens nor a quoted string",
                       lead);
    std::size_t gt = str::find(value, '>', lt);
    if (gt == std::string_view::npos) return makeError(Errc::BadNameAddr, "missing '>'", lead + lt);
    std::string_view inner = value.substr(lt + 1, gt - lt - 1);
    if (!inner.empty() && (str::isLws(inner.front()) || str::isLws(inner.back())))
      return makeError(Errc::BadNameAddr, "white space inside <>", lead + lt + 1);
    na.uri_text = inner;
    PH_TRY(parseUriNow());
    params_at = gt + 1;
  } else {
    if (i != 0) return makeError(Errc::BadNameAddr, "quoted display name without <URI>", lead);
    // addr-spec: the URI ends at the first ';' or white space; ',' and '?' must be in <>.
    std::size_t end = 0;
    while (end < value.size() && value[end] != ';' && !str::isLws(value[end])) ++end;
    std::string_view spec = value.substr(0, end);
    std::size_t bad = std::min(str::find(spec, '?'), str::find(spec, ','));
    if (bad != std::string_view::npos)
      return makeError(Errc::BadNameAddr, "URI with '?' or ',' must be enclosed in <>", lead + bad);
    na.uri_text = spec;
    PH_TRY(parseUriNow());
    params_at = end;
  }
  auto params = parseHeaderParams(value.substr(params_at), arena);
  if (!params) return shifted(params.error(), lead + params_at);
  na.params = *params;
  return {};
}

Result<void> parseNameAddrList(std::string_view s, Arena& arena, ArenaVector<NameAddr>& out,
                               UriParsing uri) {
  return forEachListElement(s, [&](std::string_view element, uint32_t offset) -> Result<void> {
    auto r = parseNameAddrInto(element, arena, out.emplace(arena), uri);
    if (!r) return shifted(r.error(), offset);
    return {};
  });
}

}  // namespace pinhole::sip
