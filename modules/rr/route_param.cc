#include "rr/route_param.h"

#include <regex>

#include "common/log_line.h"
#include "common/regex_cache.h"
#include "pinhole/sip/headers.h"
#include "pinhole/sip/message.h"
#include "rr/loose_route.h"
#include "rr/route_set.h"

namespace pinhole::modules::rr {

std::optional<std::string_view> ownRouteParams(MsgContext& ctx) noexcept {
  sip::Message& msg = ctx.msg();
  CoreApi& core = ctx.core();
  if (!msg.isRequest()) return std::nullopt;
  if (msg.header(sip::HeaderType::Route)) {
    RouteSet routes;
    if (routes.load(msg) && !routes.empty() && core.isMyself(routes[0].addr.uri()))
      return routes[0].addr.uri().params_raw;
  }
  // A strict router put our entry into the Request-URI (see loose_route()).
  Result<const sip::NameAddr*> to = msg.to();
  if (!to || (*to)->tag().empty()) return std::nullopt;
  Result<const sip::Uri*> ruri = msg.requestUri();
  if (!ruri || !core.isMyself(**ruri)) return std::nullopt;
  return (*ruri)->params_raw;
}

Outcome checkRouteParam(MsgContext& ctx, std::string_view pattern) noexcept {
  std::optional<std::string_view> params = ownRouteParams(ctx);
  if (!params) return Outcome::False;
  std::unique_ptr<std::regex> overflow;
  const std::regex* re = RegexCache::forThisThread().get(
      pattern, std::regex::extended | std::regex::icase, overflow);
  if (!re) {
    log(ctx.core(), LogLevel::Error, kLogger, "check_route_param: invalid regular expression '",
        pattern, "'");
    return Outcome::False;
  }
  try {
    return std::regex_search(params->begin(), params->end(), *re) ? Outcome::True
                                                                  : Outcome::False;
  } catch (...) {
    // std::regex_search reports pathological patterns and memory exhaustion by exceptions.
    log(ctx.core(), LogLevel::Error, kLogger, "check_route_param: matching '", pattern,
        "' failed");
    return Outcome::False;
  }
}

}  // namespace pinhole::modules::rr
