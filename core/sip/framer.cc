#include "pinhole/sip/framer.h"

#include <algorithm>
#include <cstring>

#include "pinhole/strings.h"
#include "pinhole/sip/errors.h"

namespace pinhole::sip {
namespace {

FrameResult needMore() noexcept { return {}; }

FrameResult keepAlive(std::size_t length, bool ping) noexcept {
  FrameResult r;
  r.kind = FrameKind::KeepAlive;
  r.ping = ping;
  r.length = length;
  return r;
}

uint32_t errorOffset(std::size_t at) noexcept {
  return static_cast<uint32_t>(std::min<std::size_t>(at, Error::kNoOffset - 1));
}

FrameResult fail(Errc code, std::string_view detail, std::size_t at) noexcept {
  FrameResult r;
  r.kind = FrameKind::Error;
  r.error = makeError(code, detail, errorOffset(at));
  return r;
}

bool isContentLengthName(const char* begin, const char* end) noexcept {
  while (end > begin && (end[-1] == ' ' || end[-1] == '\t')) --end;  // "Content-Length :" is legal
  std::string_view name(begin, static_cast<std::size_t>(end - begin));
  return str::iequals(name, "content-length") || str::iequals(name, "l");
}

// The Content-Length values seen so far: all must agree.
struct LengthState {
  bool seen = false;
  uint64_t value = 0;
};

// Folds one Content-Length value (the bytes after its colon, continuation lines included).
bool takeLength(const char* buf, std::size_t begin, std::size_t end, uint64_t max,
                LengthState& st, FrameResult& err) noexcept {
  std::string_view raw(buf + begin, end - begin);
  std::string_view v = str::trimLws(raw);
  std::size_t at = v.empty() ? begin : static_cast<std::size_t>(v.data() - buf);
  auto n = str::parseUnsigned(v, max);
  if (!n) {
    err = fail(Errc::BadContentLength, "Content-Length not a number within the size limit", at);
    return false;
  }
  if (st.seen && st.value != *n) {
    err = fail(Errc::ConflictingContentLength, "Content-Length headers disagree", at);
    return false;
  }
  st.seen = true;
  st.value = *n;
  return true;
}

}  // namespace

FrameResult frameStream(std::string_view buffered, std::size_t max_message_size) noexcept {
  const char* p = buffered.data();
  const std::size_t n = buffered.size();
  if (n == 0) return needMore();

  // RFC 5626 keep-alives (and RFC 3261 7.5 CRLFs before a start line), one unit per call so
  // that every ping gets its pong.
  if (p[0] == '\n') return keepAlive(1, false);
  if (p[0] == '\r') {
    if (n < 2) return needMore();
    if (p[1] == '\n') {
      if (n >= 4 && p[2] == '\r' && p[3] == '\n') return keepAlive(4, true);
      if (n == 3 && p[2] == '\r') return needMore();  // maybe the first half of a ping
      return keepAlive(2, false);
    }
    // A CR not followed by LF starts a (malformed) message: framed here, refused by the parser.
  }

  // End of headers: an LF followed by an empty line ("\r\n" or a bare "\n"), within the limit.
  const std::size_t limit = std::min(n, max_message_size);
  std::size_t first_lf = SIZE_MAX;
  std::size_t headers_end = 0;  // first byte of the empty line
  std::size_t body = 0;         // first byte of the body
  for (std::size_t i = 0; i < limit;) {
    const void* hit = std::memchr(p + i, '\n', limit - i);
    if (hit == nullptr) break;
    std::size_t j = static_cast<std::size_t>(static_cast<const char*>(hit) - p);
    if (first_lf == SIZE_MAX) first_lf = j;
    if (j + 1 < limit && p[j + 1] == '\n') {
      headers_end = j + 1;
      body = j + 2;
      break;
    }
    if (j + 2 < limit && p[j + 1] == '\r' && p[j + 2] == '\n') {
      headers_end = j + 1;
      body = j + 3;
      break;
    }
    i = j + 1;
  }
  if (body == 0) {
    if (n >= max_message_size)
      return fail(Errc::MessageTooLarge, "headers not ended within the size limit", limit);
    return needMore();
  }

  // Content-Length of every header line after the start line; folded lines continue a value.
  const uint64_t max_length = std::min<uint64_t>(max_message_size, UINT32_MAX);
  LengthState st;
  FrameResult err;
  bool pending = false;
  std::size_t value_begin = 0;
  std::size_t value_end = 0;
  for (std::size_t line = first_lf + 1; line < headers_end;) {
    const void* hit = std::memchr(p + line, '\n', headers_end - line);
    std::size_t le = hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - p)
                         : headers_end;
    char c = p[line];
    if (c == ' ' || c == '\t') {
      if (pending) value_end = le;
    } else {
      if (pending && !takeLength(p, value_begin, value_end, max_length, st, err)) return err;
      pending = false;
      char lc = str::toLower(c);
      if (lc == 'c' || lc == 'l') {
        const void* colon = std::memchr(p + line, ':', le - line);
        if (colon != nullptr && isContentLengthName(p + line, static_cast<const char*>(colon))) {
          pending = true;
          value_begin = static_cast<std::size_t>(static_cast<const char*>(colon) - p) + 1;
          value_end = le;
        }
      }
    }
    line = le + 1;
  }
  if (pending && !takeLength(p, value_begin, value_end, max_length, st, err)) return err;
  if (!st.seen)
    return fail(Errc::MissingContentLength, "stream message without Content-Length", headers_end);

  const uint64_t total = uint64_t{body} + st.value;
  if (total > max_message_size)
    return fail(Errc::MessageTooLarge, "message larger than the size limit", body);
  if (n < total) return needMore();
  FrameResult r;
  r.kind = FrameKind::Message;
  r.length = static_cast<std::size_t>(total);
  r.body_offset = body;
  return r;
}

}  // namespace pinhole::sip
