#include "pinhole/sip/validate.h"

#include "pinhole/sip/errors.h"
#include "pinhole/sip/sdp.h"
#include "pinhole/strings.h"

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

// Errors of a lazy accessor are already offsets into the buffer.
template <class T>
Result<void> status(const Result<T>& r) {
  if (!r) return r.error();
  return {};
}

// The URIs of name-addrs that the accessors left unparsed, in list order.
Result<void> checkUris(const Message& msg, std::span<const NameAddr> list) {
  for (const NameAddr& na : list)
    if (auto r = na.checkUri(); !r) return at(msg, r.error(), na.raw);
  return {};
}

// A name-addr accessor failed. Its URIs were not parsed, so the value may hold an earlier error
// in a URI: parse every header of the type again with URIs, and report the first error in the
// text, as a parse of everything at once would. The accessor's own error (e.g. Contact '*'
// mixed with contacts) stands when that finds nothing.
Result<void> firstNameAddrError(Message& msg, HeaderType type, const Error& accessor_error) {
  for (const HeaderField& h : msg.headers()) {
    if (h.type != type || (type == HeaderType::Contact && h.value == "*")) continue;
    ArenaVector<NameAddr> scratch;
    auto r = type == HeaderType::From || type == HeaderType::To
                 ? parseNameAddrInto(h.value, msg.arena(), scratch.emplace(msg.arena()))
                 : parseNameAddrList(h.value, msg.arena(), scratch);
    if (!r) return at(msg, r.error(), h.value);
    if (type == HeaderType::From || type == HeaderType::To) break;  // only the first is cached
  }
  return accessor_error;
}

Result<void> checkNameAddrs(Message& msg, HeaderType type,
                            const Result<std::span<const NameAddr>>& list) {
  if (!list) return firstNameAddrError(msg, type, list.error());
  return checkUris(msg, *list);
}

Result<void> checkNameAddr(Message& msg, HeaderType type, const Result<const NameAddr*>& na) {
  if (!na) return firstNameAddrError(msg, type, na.error());
  return checkUris(msg, std::span<const NameAddr>(*na, 1));
}

// Each header is parsed once: the first of a type through the message's lazy accessor, whose
// result routing reads again from the cache (list accessors cover every instance of their
// header); only what no accessor covers — a repeated single-valued header, a header without an
// accessor — is parsed here.
Result<void> checkHeader(Message& msg, const HeaderField& h) {
  Arena& arena = msg.arena();
  auto fail = [&](const Error& e) -> Result<void> { return at(msg, e, h.value); };
  const bool first = msg.header(h.type) == &h;
  switch (h.type) {
    case HeaderType::Via:
      return first ? status(msg.vias()) : Result<void>{};
    case HeaderType::Route:
      return first ? checkNameAddrs(msg, h.type, msg.routes()) : Result<void>{};
    case HeaderType::RecordRoute:
      return first ? checkNameAddrs(msg, h.type, msg.recordRoutes()) : Result<void>{};
    case HeaderType::Path:
      return first ? checkNameAddrs(msg, h.type, msg.paths()) : Result<void>{};
    case HeaderType::Contact: {
      if (!first) return {};
      auto contacts = msg.contacts();  // every Contact header, and '*' standing alone
      if (!contacts) return firstNameAddrError(msg, h.type, contacts.error());
      PH_TRY(checkUris(msg, (*contacts)->contacts));
      for (const NameAddr& na : (*contacts)->contacts) {
        if (const Param* e = na.params.find("expires"); e && !parseDeltaSeconds(e->value))
          return makeError(Errc::BadExpires, "Contact expires is not 0..2^32-1",
                           msg.offsetOf(e->name));
      }
      return {};
    }
    case HeaderType::From:
    case HeaderType::To: {
      if (first)
        return checkNameAddr(msg, h.type, h.type == HeaderType::From ? msg.from() : msg.to());
      auto r = parseNameAddr(h.value, arena);
      return r ? Result<void>{} : fail(r.error());
    }
    case HeaderType::CallId: {
      if (first) return status(msg.callId());
      auto r = parseCallId(h.value);
      return r ? Result<void>{} : fail(r.error());
    }
    case HeaderType::CSeq: {
      auto r = first ? msg.cseq() : parseCSeq(h.value);
      if (!r) return first ? Result<void>(r.error()) : fail(r.error());
      if (msg.isRequest() && r->method != msg.methodText())
        return makeError(Errc::CSeqMethodMismatch, "CSeq method differs from the request method",
                         msg.offsetOf(r->method));
      return {};
    }
    case HeaderType::MaxForwards: {
      if (first) return status(msg.maxForwards());
      auto r = parseMaxForwards(h.value);
      return r ? Result<void>{} : fail(r.error());
    }
    case HeaderType::Expires:
    case HeaderType::MinExpires: {
      if (first && h.type == HeaderType::Expires) return status(msg.expires());
      auto r = parseDeltaSeconds(h.value);
      return r ? Result<void>{} : fail(r.error());
    }
    case HeaderType::Date: {
      auto r = checkDate(h.value);
      return r ? r : fail(r.error());
    }
    case HeaderType::ContentType: {
      if (first) return status(msg.contentType());
      auto r = parseContentType(h.value, arena);
      return r ? Result<void>{} : fail(r.error());
    }
    case HeaderType::Supported:
      return first ? status(msg.supported()) : Result<void>{};
    case HeaderType::Require:
      return first ? status(msg.require()) : Result<void>{};
    case HeaderType::ProxyRequire:
      return first ? status(msg.proxyRequire()) : Result<void>{};
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
  // And the SDP of an application/sdp body.
  PH_TRY(msg.sdp());
  return {};
}

}  // namespace pinhole::sip
