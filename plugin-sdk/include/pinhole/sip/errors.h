// sip::Errc: every way a SIP message (or its SDP body, or an edit of it) can be refused.
// The category makes these std::error_codes; Error (pinhole/result.h) adds the detail and offset.
#pragma once

#include <cstdint>
#include <string_view>
#include <system_error>

#include "pinhole/result.h"

namespace pinhole::sip {

#define PINHOLE_SIP_ERRORS(X)                                                       \
  X(Empty, "empty message")                                                         \
  X(MessageTooLarge, "message larger than the configured limit")                   \
  X(TooManyHeaders, "more header fields than the configured limit")                \
  X(BadStartLine, "malformed request or status line")                              \
  X(BadMethod, "malformed method")                                                  \
  X(BadRequestUri, "malformed Request-URI")                                         \
  X(BadVersion, "malformed SIP-Version")                                            \
  X(VersionNotSupported, "SIP version other than 2.0")                              \
  X(BadStatusCode, "status code is not three digits in 100..699")                   \
  X(BadHeaderLine, "header line without a valid name and colon")                    \
  X(MissingHeaderEnd, "header section not ended by an empty line")                 \
  X(BadHeaderValue, "malformed header value")                                       \
  X(MissingHeader, "a required header field is missing")                           \
  X(BadUri, "malformed URI")                                                        \
  X(BadHost, "malformed host")                                                      \
  X(BadPort, "malformed port")                                                      \
  X(BadEscape, "malformed %-escape")                                                \
  X(BadParam, "malformed parameter")                                                \
  X(BadNameAddr, "malformed name-addr or addr-spec")                                \
  X(BadQuotedString, "unterminated or malformed quoted string")                     \
  X(BadVia, "malformed Via")                                                        \
  X(BadCSeq, "malformed CSeq")                                                      \
  X(CSeqMethodMismatch, "CSeq method differs from the request method")             \
  X(BadMaxForwards, "malformed Max-Forwards")                                       \
  X(BadContentLength, "malformed Content-Length")                                   \
  X(ConflictingContentLength, "several different Content-Length values")           \
  X(MissingContentLength, "no Content-Length on a stream transport")               \
  X(BodyTooShort, "body shorter than Content-Length")                               \
  X(BadCallId, "malformed Call-ID")                                                 \
  X(BadExpires, "malformed Expires")                                                \
  X(BadDate, "malformed Date")                                                      \
  X(BadContentType, "malformed Content-Type")                                       \
  X(BadTokenList, "malformed option-tag or token list")                             \
  X(BadSdp, "malformed SDP")                                                        \
  X(EditConflict, "edit overlaps an edit already recorded")                         \
  X(EditOutOfRange, "edit outside the message")

enum class Errc : int {
  Ok = 0,
#define PINHOLE_SIP_ERRC_ENUM(name, text) name,
  PINHOLE_SIP_ERRORS(PINHOLE_SIP_ERRC_ENUM)
#undef PINHOLE_SIP_ERRC_ENUM
};

const std::error_category& sipCategory() noexcept;

inline std::error_code make_error_code(Errc e) noexcept {
  return {static_cast<int>(e), sipCategory()};
}

// The SIP status a server answers a request with when it fails with this error
// (400 unless RFC 3261 names a better one).
int suggestedStatus(Errc e) noexcept;

// Short name of the code ("BadVia"), for logs and JSON output.
std::string_view errcName(Errc e) noexcept;

inline Error makeError(Errc e, std::string_view detail, uint32_t offset = Error::kNoOffset) {
  return Error{make_error_code(e), detail, offset};
}

inline Errc errcOf(const Error& e) noexcept {
  return e.code.category() == sipCategory() ? static_cast<Errc>(e.code.value()) : Errc::Ok;
}

}  // namespace pinhole::sip

template <>
struct std::is_error_code_enum<pinhole::sip::Errc> : std::true_type {};
