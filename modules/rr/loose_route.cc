#include "rr/loose_route.h"

#include <cstring>
#include <initializer_list>

#include "common/log_line.h"
#include "pinhole/sip/headers.h"
#include "pinhole/sip/message.h"
#include "rr/route_set.h"

namespace pinhole::modules::rr {
namespace {

// Copies the concatenation of `parts` into the arena.
std::string_view concat(Arena& arena, std::initializer_list<std::string_view> parts) {
  std::size_t n = 0;
  for (std::string_view p : parts) n += p.size();
  char* out = static_cast<char*>(arena.allocate(n ? n : 1, 1));
  std::size_t at = 0;
  for (std::string_view p : parts) {
    if (!p.empty()) std::memcpy(out + at, p.data(), p.size());
    at += p.size();
  }
  return {out, n};
}

Outcome commit(MsgContext& ctx, const RouteSet& routes) noexcept {
  Result<void> r = routes.commitRemovals(ctx.msg(), ctx.edits());
  if (!r) {
    log(ctx.core(), LogLevel::Error, kLogger, "loose_route: cannot remove Route values: ",
        r.error().detail);
    return Outcome::False;
  }
  return Outcome::True;
}

// The Request-URI holds a URI this proxy put in a Record-Route: the previous hop was an RFC 2543
// strict router, which moved our Route entry into the Request-URI and appended the real target
// (the remote target) as the last Route value. RFC 3261 16.4: put that last value back into
// the Request-URI and remove it from the route set.
Outcome afterStrictRouter(MsgContext& ctx, RouteSet& routes) noexcept {
  CoreApi& core = ctx.core();
  std::size_t next = 0;
  // Double Record-Route: the strict router took the first of our two entries; the second,
  // on top of the route set and marked r2, is ours as well.
  if (routes[0].addr.uri().hasParam("r2") && core.isMyself(routes[0].addr.uri())) {
    routes.markRemoved(0);
    next = 1;
  }
  if (next == routes.size()) {
    log(core, LogLevel::Debug, kLogger, "loose_route: nothing left after our own Route");
    commit(ctx, routes);
    return Outcome::False;
  }
  const sip::Uri& hop = routes[next].addr.uri();
  if (isStrictRouter(hop)) {
    // The next hop is a strict router too: act as one. Its URI becomes the Request-URI and
    // leaves the route set; the remote target stays last in Route, where it expects it.
    ctx.setRequestUri(hop.raw);
    routes.markRemoved(next);
  } else {
    // The next hop routes loosely: send the request there, and restore the remote target
    // (the last Route value) as the Request-URI.
    ctx.setDestinationUri(hop.raw);
    std::size_t last = routes.size() - 1;
    ctx.setRequestUri(routes[last].addr.uri().raw);
    routes.markRemoved(last);
  }
  return commit(ctx, routes);
}

// The previous hop routed loosely (or the request is an initial one with a preloaded route
// set). RFC 3261 16.4: a top Route value naming this proxy was put there by our Record-Route
// and is removed; then RFC 3261 16.6 steps 6-7 decide how to reach the next Route value.
Outcome afterLooseRouter(MsgContext& ctx, RouteSet& routes, bool initial) noexcept {
  CoreApi& core = ctx.core();
  std::size_t next = 0;
  if (core.isMyself(routes[0].addr.uri())) {
    routes.markRemoved(0);
    next = 1;
    // Double Record-Route: when the request left through another socket than it came in on,
    // we inserted two entries for one visit (marked r2=on); the second one is ours too.
    if (routes.size() > 1 && core.isMyself(routes[1].addr.uri()) &&
        (routes[0].addr.uri().hasParam("r2") || routes[1].addr.uri().hasParam("r2"))) {
      routes.markRemoved(1);
      next = 2;
    }
    if (next == routes.size()) {
      // Only our own entries: the Request-URI is where the request goes. For a request in a
      // dialog that is the remote target (the route set did its job); an initial request whose
      // only Route named us is treated as one without a route set (Kamailio does the same).
      if (commit(ctx, routes) != Outcome::True) return Outcome::False;
      return initial ? Outcome::False : Outcome::True;
    }
  }
  const sip::Uri& hop = routes[next].addr.uri();
  if (isStrictRouter(hop)) {
    // RFC 3261 16.6 step 6: the next hop is a strict router. It expects its own URI in the
    // Request-URI and the rest of the route set, ending with the real target, in Route: so the
    // Request-URI becomes the last Route value and the next hop's URI the Request-URI.
    std::string_view line = concat(ctx.arena(), {"Route: <", ctx.requestUri(), ">"});
    Result<void> added = ctx.edits().addHeader(line);
    if (!added) {
      log(core, LogLevel::Error, kLogger, "loose_route: cannot append the Request-URI as Route: ",
          added.error().detail);
      return Outcome::False;
    }
    ctx.setRequestUri(hop.raw);
    routes.markRemoved(next);
  } else {
    // RFC 3261 16.6 step 7 (and the examples of 16.12): loose routing keeps the Request-URI
    // and sends the request to the top Route value. The URI goes to $du whole: the core
    // resolves it as RFC 3261 19.1.1 says (maddr, transport, port).
    ctx.setDestinationUri(hop.raw);
  }
  return commit(ctx, routes);
}

}  // namespace

Outcome looseRoute(MsgContext& ctx) noexcept {
  sip::Message& msg = ctx.msg();
  CoreApi& core = ctx.core();
  if (!msg.isRequest() || !msg.header(sip::HeaderType::Route)) return Outcome::False;

  RouteSet routes;
  if (Result<void> r = routes.load(msg); !r) {
    log(core, LogLevel::Warn, kLogger, "loose_route: malformed Route header: ", r.error().detail);
    return Outcome::False;
  }
  Result<const sip::NameAddr*> to = msg.to();
  if (!to) {
    log(core, LogLevel::Warn, kLogger, "loose_route: missing or malformed To: ",
        to.error().detail);
    return Outcome::False;
  }
  sip::Uri ruri;
  if (Result<void> r = sip::parseUriInto(ctx.requestUri(), ctx.arena(), ruri); !r) {
    log(core, LogLevel::Warn, kLogger, "loose_route: malformed Request-URI: ", r.error().detail);
    return Outcome::False;
  }
  // Only a request inside a dialog (To-tag) can come from a strict router that replaced its
  // Request-URI with our Record-Route entry; an initial request for us is just for us.
  bool in_dialog = !(*to)->tag().empty();
  if (in_dialog && core.isMyself(ruri)) return afterStrictRouter(ctx, routes);
  return afterLooseRouter(ctx, routes, !in_dialog);
}

}  // namespace pinhole::modules::rr
