#include "pinhole/sip/validate.h"

#include "pinhole/strings.h"
#include "pinhole/sip/errors.h"
#include "pinhole/sip/sdp.h"

namespace pinhole::sip {
namespace {

Error at(const Message& msg, const Error& e, std::string_view base) {
  Error out = e;
  uint32_t at_base = msg.offsetOf(base);
  out.offset = at_base == Error::kNoOffset ? at_base : at_base + (e.hasOffset() ? e.offset : 0);
  return out;
}

Result<void> checkRequestUri(Message& msg) {
  auto uri = msg.requestUri();
  if (!uri) return uri.error();
  // RFC 3261 19.1.5: headers are not allowed in a Request-URI; never turn them into headers.
  if ((*uri)->isSip() && !(*uri)->headers_raw.empty())
    return makeError(Errc::BadRequestUri, "URI headers are not allowed in a Request-URI",
                     msg.offsetOf((*uri)->headers_raw));
  return {};
}

Result<void> checkHeader(Message& msg, const HeaderField& h) {
  Arena& arena = msg.arena();
  auto fail = [&](const Error& e) -> Result<void> { return at(msg, e, h.value); };
  switch (h.type) {
    case HeaderType::Via: {
      ArenaVector<Via> vias;
      auto r = parseViaHeader(h.value, arena, vias);
      return r ? r : fail(r.error());
    }
    case HeaderType::From:
    case HeaderType::To: {
      auto r = parseNameAddr(h.value, arena);
      if (!r) return fail(r.error());
      return {};
    }
    case HeaderType::Contact: {
      if (h.value == "*") return {};
      [[fallthrough]];
    }
    case HeaderType::Route:
    case HeaderType::RecordRoute:
    case HeaderType::Path: {
      ArenaVector<NameAddr> list;
      auto r = parseNameAddrList(h.value, arena, list);
      if (!r) return fail(r.error());
      for (const NameAddr& na : list) {
        if (h.type == HeaderType::Contact) {
          if (const Param* e = na.params.find("expires"); e && !parseDeltaSeconds(e->value))
            return makeError(Errc::BadExpires, "Contact expires is not 0..2^32-1",
                             msg.offsetOf(e->name));
        }
      }
      return {};
    }
    case HeaderType::CallId: {
      auto r = parseCallId(h.value);
      if (!r) return fail(r.error());
      return {};
    }
    case HeaderType::CSeq: {
      auto r = parseCSeq(h.value);
      if (!r) return fail(r.error());
      if (msg.isRequest() && r->method != msg.methodText())
        return makeError(Errc::CSeqMethodMismatch, "CSeq method differs from the request method",
                         msg.offsetOf(r->method));
      return {};
    }
    case HeaderType::MaxForwards: {
      auto r = parseMaxForwards(h.value);
      if (!r) return fail(r.error());
      return {};
    }
    case HeaderType::Expires:
    case HeaderType::MinExpires: {
      auto r = parseDeltaSeconds(h.value);
      if (!r) return fail(r.error());
      return {};
    }
    case HeaderType::Date: {
      auto r = checkDate(h.value);
      return r ? r : fail(r.error());
    }
    case HeaderType::ContentType: {
      auto r = parseContentType(h.value, arena);
      if (!r) return fail(r.error());
      return {};
    }
    case HeaderType::Supported:
    case HeaderType::Require:
    case HeaderType::ProxyRequire:
    case HeaderType::Unsupported:
    case HeaderType::Allow: {
      ArenaVector<std::string_view> tokens;
      auto r = parseTokenList(h.value, arena, tokens);
      return r ? r : fail(r.error());
    }
    default:
      return {};  // kept as received: nothing a proxy must understand
  }
}

}  // namespace

Result<void> validate(Message& msg) {
  if (msg.isRequest()) PH_TRY(checkRequestUri(msg));
  for (const HeaderField& h : msg.headers()) PH_TRY(checkHeader(msg, h));
  // The lazy accessors add what the per-header pass cannot: the combined Contact rules
  // ('*' alone) and the SDP of an application/sdp body.
  PH_TRY(msg.contacts());
  PH_TRY(msg.sdp());
  return {};
}

}  // namespace pinhole::sip
