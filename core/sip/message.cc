#include "pinhole/sip/message.h"

#include <new>

#include "pinhole/strings.h"
#include "pinhole/sip/errors.h"
#include "pinhole/sip/sdp.h"

namespace pinhole::sip {

void Message::clear() noexcept {
  start_ = {};
  method_ = Method::Other;
  layout_ = {};
  headers_ = {};
  first_.fill(0);
  content_length_error_.reset();
  content_length_.reset();
  contacts_storage_ = {};
  ruri_.state = vias_.state = from_.state = to_.state = call_id_.state = cseq_.state =
      max_forwards_.state = expires_.state = contacts_.state = routes_.state =
          record_routes_.state = paths_.state = content_type_.state = supported_.state =
              require_.state = proxy_require_.state = sdp_.state = LazyState::Unparsed;
}

Result<void> Message::parse(std::string_view buffer, const ParseLimits& limits) {
  clear();
  auto scanned = scan(buffer, limits, *arena_, headers_, &first_);
  if (!scanned) return scanned.error();
  layout_.buffer = buffer;  // error offsets below are taken against it; trimmed at the end
  start_ = scanned->start;
  if (start_.is_request) method_ = methodFromText(start_.method);

  // Content-Length is the one header parsed eagerly, because it frames the body; every instance
  // is read, as they must agree.
  std::string_view cl_value;
  const std::size_t first_cl = first_[static_cast<std::size_t>(HeaderType::ContentLength)];
  for (std::size_t i = first_cl == 0 ? headers_.size() : first_cl - 1; i < headers_.size(); ++i) {
    const HeaderField& h = headers_[i];
    if (h.type != HeaderType::ContentLength) continue;
    auto v = parseContentLength(h.value);
    if (!v) return errorAt(v.error(), h.value);
    if (!content_length_) {
      content_length_ = *v;
      cl_value = h.value;
    } else if (*content_length_ != *v && !content_length_error_) {
      content_length_error_ = makeError(Errc::ConflictingContentLength,
                                        "several different Content-Length values",
                                        str::offsetIn(buffer, h.value));
    }
  }
  std::size_t available = buffer.size() - scanned->body_offset;
  std::size_t body_length = available;
  if (content_length_ && !content_length_error_) {
    if (*content_length_ > available)
      return makeError(Errc::BodyTooShort, "body shorter than Content-Length",
                       str::offsetIn(buffer, cl_value));
    body_length = *content_length_;
  }
  layout_.buffer = buffer.substr(0, scanned->body_offset + body_length);
  layout_.first_header = scanned->first_header;
  layout_.headers_end = scanned->headers_end;
  layout_.body_offset = scanned->body_offset;
  layout_.body_length = static_cast<uint32_t>(body_length);
  layout_.content_length_value = cl_value;
  return {};
}

std::span<const HeaderField> Message::fromFirst(HeaderType type) const noexcept {
  const std::size_t first = first_[static_cast<std::size_t>(type)];
  if (first == 0) return {};
  return {headers_.begin() + (first - 1), headers_.end()};
}

const HeaderField* Message::header(HeaderType type) const noexcept {
  uint16_t i = first_[static_cast<std::size_t>(type)];
  return i ? &headers_[i - 1] : nullptr;
}

const HeaderField* Message::header(std::string_view name) const noexcept {
  HeaderType type = classifyHeader(name);
  if (type != HeaderType::Other) return header(type);
  for (const HeaderField& h : headers_)
    if (h.type == HeaderType::Other && str::iequals(h.name, name)) return &h;
  return nullptr;
}

std::size_t Message::count(HeaderType type) const noexcept {
  std::size_t n = 0;
  for (const HeaderField& h : headers_) n += (h.type == type);
  return n;
}

Error Message::errorAt(const Error& e, std::string_view base) const noexcept {
  Error out = e;
  uint32_t at_base = offsetOf(base);
  out.offset = at_base == Error::kNoOffset ? at_base : at_base + (e.hasOffset() ? e.offset : 0);
  return out;
}

template <class T, class Fn>
Result<T*> Message::lazy(Lazy<T>& slot, Fn&& parse_fn) {
  if (slot.state == LazyState::Unparsed) {
    ::new (&slot.value) T();  // clear() only resets the state: the value is made when needed
    Result<void> r = parse_fn(slot.value);
    if (r) {
      slot.state = LazyState::Ok;
    } else {
      slot.state = LazyState::Failed;
      ::new (&slot.error) Error(r.error());
    }
  }
  if (slot.state == LazyState::Failed) return slot.error;
  return &slot.value;
}

Result<const Uri*> Message::requestUri() {
  if (!isRequest()) return makeError(Errc::BadRequestUri, "a response has no Request-URI");
  auto r = lazy(ruri_, [&](Uri& out) -> Result<void> {
    auto uri = parseUriInto(start_.uri, *arena_, out);
    if (!uri) {
      Error e = errorAt(uri.error(), start_.uri);
      e.code = make_error_code(Errc::BadRequestUri);
      return e;
    }
    return {};
  });
  if (!r) return r.error();
  return *r;
}

Result<std::span<const Via>> Message::vias() {
  auto r = lazy(vias_, [&](ArenaVector<Via>& out) -> Result<void> {
    for (const HeaderField& h : fromFirst(HeaderType::Via)) {
      if (h.type != HeaderType::Via) continue;
      auto parsed = parseViaHeader(h.value, *arena_, out);
      if (!parsed) return errorAt(parsed.error(), h.value);
    }
    return {};
  });
  if (!r) return r.error();
  return std::span<const Via>((*r)->begin(), (*r)->end());
}

Result<const Via*> Message::topVia() {
  auto list = vias();
  if (!list) return list.error();
  if (list->empty()) return makeError(Errc::MissingHeader, "no Via header");
  return &list->front();
}

Result<const NameAddr*> Message::singleNameAddr(Lazy<NameAddr>& slot, HeaderType type) {
  auto r = lazy(slot, [&](NameAddr& out) -> Result<void> {
    const HeaderField* h = header(type);
    if (!h) return makeError(Errc::MissingHeader, type == HeaderType::From ? "no From header"
                                                                             : "no To header");
    auto na = parseNameAddrInto(h->value, *arena_, out, UriParsing::OnDemand);
    if (!na) return errorAt(na.error(), h->value);
    return {};
  });
  if (!r) return r.error();
  return *r;
}

Result<const NameAddr*> Message::from() { return singleNameAddr(from_, HeaderType::From); }
Result<const NameAddr*> Message::to() { return singleNameAddr(to_, HeaderType::To); }

Result<std::string_view> Message::callId() {
  auto r = lazy(call_id_, [&](std::string_view& out) -> Result<void> {
    const HeaderField* h = header(HeaderType::CallId);
    if (!h) return makeError(Errc::MissingHeader, "no Call-ID header");
    auto v = parseCallId(h->value);
    if (!v) return errorAt(v.error(), h->value);
    out = *v;
    return {};
  });
  if (!r) return r.error();
  return **r;
}

Result<CSeq> Message::cseq() {
  auto r = lazy(cseq_, [&](CSeq& out) -> Result<void> {
    const HeaderField* h = header(HeaderType::CSeq);
    if (!h) return makeError(Errc::MissingHeader, "no CSeq header");
    auto v = parseCSeq(h->value);
    if (!v) return errorAt(v.error(), h->value);
    out = *v;
    return {};
  });
  if (!r) return r.error();
  return **r;
}

Result<std::optional<uint32_t>> Message::optionalNumber(Lazy<std::optional<uint32_t>>& slot,
                                                        HeaderType type,
                                                        Result<uint32_t> (*fn)(std::string_view)) {
  auto r = lazy(slot, [&](std::optional<uint32_t>& out) -> Result<void> {
    const HeaderField* h = header(type);
    if (!h) return {};
    auto v = fn(h->value);
    if (!v) return errorAt(v.error(), h->value);
    out = *v;
    return {};
  });
  if (!r) return r.error();
  return **r;
}

Result<std::optional<uint32_t>> Message::maxForwards() {
  return optionalNumber(max_forwards_, HeaderType::MaxForwards, parseMaxForwards);
}

Result<std::optional<uint32_t>> Message::expires() {
  return optionalNumber(expires_, HeaderType::Expires, parseDeltaSeconds);
}

Result<std::optional<uint32_t>> Message::contentLength() {
  if (content_length_error_) return *content_length_error_;
  return content_length_;
}

Result<std::span<const NameAddr>> Message::nameAddrList(Lazy<Names>& slot, HeaderType type) {
  auto r = lazy(slot, [&](Names& out) -> Result<void> {
    for (const HeaderField& h : fromFirst(type)) {
      if (h.type != type) continue;
      auto parsed = parseNameAddrList(h.value, *arena_, out, UriParsing::OnDemand);
      if (!parsed) return errorAt(parsed.error(), h.value);
    }
    return {};
  });
  if (!r) return r.error();
  return std::span<const NameAddr>((*r)->begin(), (*r)->end());
}

Result<std::span<const NameAddr>> Message::routes() {
  return nameAddrList(routes_, HeaderType::Route);
}
Result<std::span<const NameAddr>> Message::recordRoutes() {
  return nameAddrList(record_routes_, HeaderType::RecordRoute);
}
Result<std::span<const NameAddr>> Message::paths() { return nameAddrList(paths_, HeaderType::Path); }

Result<const ContactList*> Message::contacts() {
  auto r = lazy(contacts_, [&](ContactList& out) -> Result<void> {
    std::size_t headers_seen = 0;
    for (const HeaderField& h : fromFirst(HeaderType::Contact)) {
      if (h.type != HeaderType::Contact) continue;
      ++headers_seen;
      if (h.value == "*") {
        out.star = true;
        continue;
      }
      auto parsed =
          parseNameAddrList(h.value, *arena_, contacts_storage_, UriParsing::OnDemand);
      if (!parsed) return errorAt(parsed.error(), h.value);
    }
    if (out.star && (headers_seen > 1 || !contacts_storage_.empty()))
      return makeError(Errc::BadNameAddr, "Contact '*' mixed with other contacts",
                       offsetOf(header(HeaderType::Contact)->value));
    out.contacts = std::span<const NameAddr>(contacts_storage_.begin(),
                                             contacts_storage_.end());
    return {};
  });
  if (!r) return r.error();
  return *r;
}

Result<const ContentType*> Message::contentType() {
  const HeaderField* h = header(HeaderType::ContentType);
  if (!h) return static_cast<const ContentType*>(nullptr);
  auto r = lazy(content_type_, [&](ContentType& out) -> Result<void> {
    auto ct = parseContentType(h->value, *arena_);
    if (!ct) return errorAt(ct.error(), h->value);
    out = *ct;
    return {};
  });
  if (!r) return r.error();
  return *r;
}

Result<std::span<const std::string_view>> Message::tokenList(Lazy<Tokens>& slot, HeaderType type) {
  auto r = lazy(slot, [&](Tokens& out) -> Result<void> {
    for (const HeaderField& h : fromFirst(type)) {
      if (h.type != type) continue;
      auto parsed = parseTokenList(h.value, *arena_, out);
      if (!parsed) return errorAt(parsed.error(), h.value);
    }
    return {};
  });
  if (!r) return r.error();
  return std::span<const std::string_view>((*r)->begin(), (*r)->end());
}

Result<std::span<const std::string_view>> Message::supported() {
  return tokenList(supported_, HeaderType::Supported);
}
Result<std::span<const std::string_view>> Message::require() {
  return tokenList(require_, HeaderType::Require);
}
Result<std::span<const std::string_view>> Message::proxyRequire() {
  return tokenList(proxy_require_, HeaderType::ProxyRequire);
}

Result<const sdp::Session*> Message::sdp() {
  auto r = lazy(sdp_, [&](const sdp::Session*& out) -> Result<void> {
    out = nullptr;
    if (body().empty()) return {};
    auto ct = contentType();
    if (!ct) return ct.error();
    if (!*ct || !(*ct)->is("application", "sdp")) return {};
    auto session = sdp::parse(body(), *arena_);
    if (!session) return errorAt(session.error(), body());
    out = *session;
    return {};
  });
  if (!r) return r.error();
  return **r;
}

}  // namespace pinhole::sip
