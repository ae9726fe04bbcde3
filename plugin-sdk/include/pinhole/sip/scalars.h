// Single-value header fields: methods, CSeq, Max-Forwards, Content-Length, Expires, Call-ID,
// Date, Content-Type, and option-tag/token lists (Supported, Require, Allow, ...).
#pragma once

#include <cstdint>
#include <string_view>

#include "pinhole/arena.h"
#include "pinhole/result.h"
#include "pinhole/sip/params.h"

namespace pinhole::sip {

enum class Method : uint8_t {
  Other, Invite, Ack, Bye, Cancel, Register, Options, Info, Prack, Update, Subscribe, Notify,
  Refer, Message, Publish,
};
// Methods are case-sensitive (RFC 3261 7.1): "invite" is an unknown method.
Method methodFromText(std::string_view m) noexcept;
std::string_view methodText(Method m) noexcept;

struct CSeq {
  uint32_t number = 0;
  std::string_view method;
};

Result<CSeq> parseCSeq(std::string_view value);
Result<uint32_t> parseMaxForwards(std::string_view value);      // 0..255
Result<uint32_t> parseContentLength(std::string_view value);    // digits only, < 2^31
Result<uint32_t> parseDeltaSeconds(std::string_view value);     // Expires: 0..2^32-1
Result<std::string_view> parseCallId(std::string_view value);   // word [ "@" word ]
Result<void> checkDate(std::string_view value);                 // rfc1123-date in GMT

struct ContentType {
  std::string_view type;
  std::string_view subtype;
  ParamList params;
  bool is(std::string_view t, std::string_view st) const noexcept;
};
Result<ContentType> parseContentType(std::string_view value, Arena& arena);

// A comma-separated list of tokens (option tags, methods, event packages).
Result<void> parseTokenList(std::string_view value, Arena& arena,
                            ArenaVector<std::string_view>& out);

}  // namespace pinhole::sip
