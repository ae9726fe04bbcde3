// Message: one SIP request or response over the buffer it was received in. parse() indexes the
// start line and headers in one pass; each typed value (Via list, From, CSeq, Contact, SDP, ...)
// is parsed on first access, cached in the arena, and returned as a view into the buffer.
// The buffer and the arena must outlive the Message; reset the arena between messages.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "pinhole/arena.h"
#include "pinhole/result.h"
#include "pinhole/sip/headers.h"
#include "pinhole/sip/layout.h"
#include "pinhole/sip/name_addr.h"
#include "pinhole/sip/scalars.h"
#include "pinhole/sip/scanner.h"
#include "pinhole/sip/uri.h"
#include "pinhole/sip/via.h"

namespace pinhole::sdp {
struct Session;
}

namespace pinhole::sip {

struct ContactList {
  bool star = false;  // "Contact: *" (REGISTER removing all bindings)
  std::span<const NameAddr> contacts;
};

class Message {
 public:
  explicit Message(Arena& arena) : arena_(&arena) {}
  Message(const Message&) = delete;
  Message& operator=(const Message&) = delete;

  // Index `buffer` as one message (a datagram, or a unit the stream framer cut). For a datagram
  // the body is framed by Content-Length when present (octets after it are ignored, RFC 3261
  // 18.3) and must not be shorter than it.
  Result<void> parse(std::string_view buffer, const ParseLimits& limits = {});

  // --- start line
  bool isRequest() const noexcept { return start_.is_request; }
  bool isResponse() const noexcept { return !start_.is_request; }
  Method method() const noexcept { return method_; }
  std::string_view methodText() const noexcept { return start_.method; }
  std::string_view requestUriText() const noexcept { return start_.uri; }
  Result<const Uri*> requestUri();
  int statusCode() const noexcept { return start_.status; }
  std::string_view reason() const noexcept { return start_.reason; }
  const StartLine& startLine() const noexcept { return start_; }

  // --- headers as indexed
  std::span<const HeaderField> headers() const noexcept { return {headers_.begin(), headers_.end()}; }
  const HeaderField* header(HeaderType type) const noexcept;
  // By name, case-insensitive; known names also match their compact form.
  const HeaderField* header(std::string_view name) const noexcept;
  std::size_t count(HeaderType type) const noexcept;

  // --- typed values (parsed on first access)
  // The name-addrs (From, To, Contact, Route, Record-Route, Path) leave their URI to be parsed by
  // NameAddr::uri() when first asked for; validate() parses and checks every one.
  Result<std::span<const Via>> vias();  // every Via value, top first
  Result<const Via*> topVia();
  Result<const NameAddr*> from();
  Result<const NameAddr*> to();
  Result<std::string_view> callId();
  Result<CSeq> cseq();
  Result<std::optional<uint32_t>> maxForwards();
  Result<const ContactList*> contacts();  // empty list when absent
  Result<std::span<const NameAddr>> routes();
  Result<std::span<const NameAddr>> recordRoutes();
  Result<std::span<const NameAddr>> paths();
  Result<std::optional<uint32_t>> expires();
  Result<std::optional<uint32_t>> contentLength();
  Result<const ContentType*> contentType();  // nullptr when absent
  Result<std::span<const std::string_view>> supported();
  Result<std::span<const std::string_view>> require();
  Result<std::span<const std::string_view>> proxyRequire();
  // The SDP of an application/sdp body; nullptr when the body is empty or of another type.
  Result<const sdp::Session*> sdp();

  // --- body and layout
  std::string_view body() const noexcept { return layout_.buffer.substr(layout_.body_offset, layout_.body_length); }
  std::string_view buffer() const noexcept { return layout_.buffer; }
  const MessageLayout& layout() const noexcept { return layout_; }
  Arena& arena() noexcept { return *arena_; }

  // Offset of a view into this message's buffer (for errors and edits); Error::kNoOffset for a
  // view that is not inside it (e.g. the empty value of a parameter written without one).
  uint32_t offsetOf(std::string_view part) const noexcept {
    const char* begin = layout_.buffer.data();
    if (part.data() < begin || part.data() > begin + layout_.buffer.size()) return Error::kNoOffset;
    return static_cast<uint32_t>(part.data() - begin);
  }

 private:
  enum class LazyState : uint8_t { Unparsed, Ok, Failed };
  // The value (or the error) is constructed when first parsed: a Message is made per datagram,
  // and most slots are never asked for.
  template <class T>
  struct Lazy {
    Lazy() {}  // NOLINT: leaves the union alone on purpose
    LazyState state = LazyState::Unparsed;
    union {
      T value;      // state == Ok
      Error error;  // state == Failed
    };
  };
  using Names = ArenaVector<NameAddr>;
  using Tokens = ArenaVector<std::string_view>;

  void clear() noexcept;
  // The headers from the first of this type on (empty when there is none): the lists skip the
  // lines before it.
  std::span<const HeaderField> fromFirst(HeaderType type) const noexcept;
  Error errorAt(const Error& e, std::string_view base) const noexcept;
  template <class T, class Fn>
  Result<T*> lazy(Lazy<T>& slot, Fn&& parse_fn);
  Result<const NameAddr*> singleNameAddr(Lazy<NameAddr>& slot, HeaderType type);
  Result<std::span<const NameAddr>> nameAddrList(Lazy<Names>& slot, HeaderType type);
  Result<std::span<const std::string_view>> tokenList(Lazy<Tokens>& slot, HeaderType type);
  Result<std::optional<uint32_t>> optionalNumber(Lazy<std::optional<uint32_t>>& slot,
                                                 HeaderType type,
                                                 Result<uint32_t> (*fn)(std::string_view));

  Arena* arena_;
  StartLine start_;
  Method method_ = Method::Other;
  MessageLayout layout_;
  ArenaVector<HeaderField> headers_;
  FirstOfType first_{};  // index+1 of the first header of each type
  std::optional<Error> content_length_error_;
  std::optional<uint32_t> content_length_;

  Lazy<Uri> ruri_;
  Lazy<ArenaVector<Via>> vias_;
  Lazy<NameAddr> from_;
  Lazy<NameAddr> to_;
  Lazy<std::string_view> call_id_;
  Lazy<CSeq> cseq_;
  Lazy<std::optional<uint32_t>> max_forwards_;
  Lazy<std::optional<uint32_t>> expires_;
  Names contacts_storage_;  // backing store of contacts_
  Lazy<ContactList> contacts_;
  Lazy<Names> routes_;
  Lazy<Names> record_routes_;
  Lazy<Names> paths_;
  Lazy<ContentType> content_type_;
  Lazy<Tokens> supported_;
  Lazy<Tokens> require_;
  Lazy<Tokens> proxy_require_;
  Lazy<const sdp::Session*> sdp_;
};

}  // namespace pinhole::sip
