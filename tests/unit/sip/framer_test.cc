// frameStream(): keep-alives, complete messages at every split point, and each refusal.
// Every call gets an exact-size heap copy, so a read past the buffer trips AddressSanitizer.
#include "pinhole/sip/framer.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pinhole/sip/errors.h"

namespace pinhole::sip {
namespace {

constexpr std::size_t kMax = 65535;

FrameResult frame(std::string_view bytes, std::size_t max = kMax) {
  std::unique_ptr<char[]> copy(new char[bytes.size() ? bytes.size() : 1]);
  if (!bytes.empty()) std::memcpy(copy.get(), bytes.data(), bytes.size());
  return frameStream(std::string_view(copy.get(), bytes.size()), max);
}

void expectMessage(std::string_view bytes, std::size_t length, std::size_t body_offset) {
  FrameResult r = frame(bytes);
  ASSERT_EQ(r.kind, FrameKind::Message) << bytes;
  EXPECT_EQ(r.length, length) << bytes;
  EXPECT_EQ(r.body_offset, body_offset) << bytes;
}

void expectError(std::string_view bytes, Errc code, std::size_t max = kMax) {
  FrameResult r = frame(bytes, max);
  ASSERT_EQ(r.kind, FrameKind::Error) << bytes;
  EXPECT_EQ(errcOf(r.error), code) << bytes << ": " << r.error.detail;
}

constexpr std::string_view kInvite =
    "INVITE sip:bob@b.example SIP/2.0\r\n"
    "Via: SIP/2.0/TCP a.example;branch=z9hG4bK1\r\n"
    "Content-Length: 9\r\n"
    "\r\n"
    "a\r\n\r\nbcde";  // a CRLFCRLF inside the body must not end anything

constexpr std::string_view kOk =
    "SIP/2.0 200 OK\r\n"
    "Via: SIP/2.0/TCP a.example;branch=z9hG4bK1\r\n"
    "l : 0\r\n"
    "\r\n";

// A connection's receive side: buffer, frame, consume.
struct Drain {
  std::string buffered;
  std::vector<std::string> messages;
  std::size_t keepalive_bytes = 0;
  std::size_t pings = 0;
  bool failed = false;

  void feed(std::string_view bytes) {
    buffered.append(bytes);
    for (;;) {
      FrameResult r = frame(buffered);
      if (r.needMore()) return;
      if (r.failed()) {
        failed = true;
        return;
      }
      ASSERT_GT(r.length, 0u);
      ASSERT_LE(r.length, buffered.size());
      if (r.message()) messages.push_back(buffered.substr(0, r.length));
      if (r.keepAlive()) {
        keepalive_bytes += r.length;
        pings += r.ping;
      }
      buffered.erase(0, r.length);
    }
  }
};

TEST(Framer, OneCompleteMessage) {
  expectMessage(kInvite, kInvite.size(), kInvite.find("\r\n\r\n") + 4);
  expectMessage(kOk, kOk.size(), kOk.size());
}

TEST(Framer, OnlyTheFirstMessageIsFramed) {
  std::string two = std::string(kInvite) + std::string(kOk);
  expectMessage(two, kInvite.size(), kInvite.find("\r\n\r\n") + 4);
}

TEST(Framer, TwoMessagesAtEverySplitPoint) {
  const std::string stream =
      "\r\n\r\n" + std::string(kInvite) + "\r\n" + std::string(kOk) + "\r\n\r\n";
  for (std::size_t split = 0; split <= stream.size(); ++split) {
    SCOPED_TRACE(split);
    Drain d;
    d.feed(std::string_view(stream).substr(0, split));
    d.feed(std::string_view(stream).substr(split));
    ASSERT_FALSE(d.failed);
    ASSERT_EQ(d.messages.size(), 2u);
    EXPECT_EQ(d.messages[0], kInvite);
    EXPECT_EQ(d.messages[1], kOk);
    EXPECT_EQ(d.keepalive_bytes, 10u);
    EXPECT_TRUE(d.buffered.empty());
  }
}

TEST(Framer, ByteByByte) {
  const std::string stream = std::string(kOk) + "\r\n\r\n" + std::string(kInvite);
  Drain d;
  for (char c : stream) d.feed(std::string_view(&c, 1));
  ASSERT_FALSE(d.failed);
  ASSERT_EQ(d.messages.size(), 2u);
  EXPECT_EQ(d.messages[0], kOk);
  EXPECT_EQ(d.messages[1], kInvite);
  // A ping cut after its first CRLF reads as two lone CRLFs (a lone CRLF is framed at once).
  EXPECT_EQ(d.keepalive_bytes, 4u);
  EXPECT_EQ(d.pings, 0u);
}

TEST(Framer, KeepAlives) {
  FrameResult r = frame("\r\n\r\n");
  EXPECT_EQ(r.kind, FrameKind::KeepAlive);
  EXPECT_EQ(r.length, 4u);
  EXPECT_TRUE(r.ping);

  r = frame("\r\n");  // a lone CRLF: the pong to our ping
  EXPECT_EQ(r.kind, FrameKind::KeepAlive);
  EXPECT_EQ(r.length, 2u);
  EXPECT_FALSE(r.ping);

  r = frame("\n");
  EXPECT_EQ(r.kind, FrameKind::KeepAlive);
  EXPECT_EQ(r.length, 1u);

  r = frame("\r\n\r\n\r\nINVITE");  // one ping per call, so each gets its pong
  EXPECT_EQ(r.kind, FrameKind::KeepAlive);
  EXPECT_EQ(r.length, 4u);
  EXPECT_TRUE(r.ping);

  r = frame("\r\nOPTIONS");
  EXPECT_EQ(r.kind, FrameKind::KeepAlive);
  EXPECT_EQ(r.length, 2u);
  EXPECT_FALSE(r.ping);

  EXPECT_TRUE(frame("").needMore());
  EXPECT_TRUE(frame("\r").needMore());
  EXPECT_TRUE(frame("\r\n\r").needMore());
}

TEST(Framer, KeepAlivesBeforeAMessage) {
  Drain d;
  d.feed("\r\n\r\n\r\n\n" + std::string(kOk));
  ASSERT_FALSE(d.failed);
  EXPECT_EQ(d.keepalive_bytes, 7u);
  EXPECT_EQ(d.pings, 1u);
  ASSERT_EQ(d.messages.size(), 1u);
  EXPECT_EQ(d.messages[0], kOk);
}

TEST(Framer, ContentLengthSpellings) {
  expectMessage("OPTIONS sip:a SIP/2.0\r\nl: 2\r\n\r\nok", 33, 31);
  expectMessage("OPTIONS sip:a SIP/2.0\r\nL:2\r\n\r\nok", 32, 30);
  expectMessage("OPTIONS sip:a SIP/2.0\r\nCONTENT-length: 2\r\n\r\nok", 46, 44);
  expectMessage("OPTIONS sip:a SIP/2.0\r\ncontent-LENGTH \t : 2\r\n\r\nok", 49, 47);
  expectMessage("OPTIONS sip:a SIP/2.0\r\nContent-Length:\r\n  2 \r\n\r\nok", 50, 48);
  expectMessage("OPTIONS sip:a SIP/2.0\r\nContent-Length: 0002\r\n\r\nok", 49, 47);
}

TEST(Framer, LookalikeHeadersDoNotCount) {
  expectError("OPTIONS sip:a SIP/2.0\r\nContent-Length-X: 2\r\n\r\nok", Errc::MissingContentLength);
  expectError("OPTIONS sip:a SIP/2.0\r\nLength: 2\r\n\r\nok", Errc::MissingContentLength);
  expectError("OPTIONS sip:a SIP/2.0\r\nX-L: 2\r\n l: 2\r\n\r\nok", Errc::MissingContentLength);
  expectError("l: 2\r\n\r\nok", Errc::MissingContentLength);  // a start line, not a header
}

TEST(Framer, BareLfEndOfHeaders) {
  expectMessage("OPTIONS sip:a SIP/2.0\nl: 2\n\nok", 30, 28);
  expectMessage("OPTIONS sip:a SIP/2.0\r\nl: 2\r\n\nok", 32, 30);
  expectMessage("OPTIONS sip:a SIP/2.0\nl: 2\n\r\nok", 31, 29);
}

TEST(Framer, NeedMoreUntilEverythingIsThere) {
  EXPECT_TRUE(frame("OPTIONS sip:a SIP/2.0\r\nl: 2\r\n").needMore());
  EXPECT_TRUE(frame("OPTIONS sip:a SIP/2.0\r\nl: 2\r\n\r").needMore());
  EXPECT_TRUE(frame("OPTIONS sip:a SIP/2.0\r\nl: 2\r\n\r\n").needMore());
  EXPECT_TRUE(frame("OPTIONS sip:a SIP/2.0\r\nl: 2\r\n\r\no").needMore());
  EXPECT_TRUE(frame("OPTIONS sip:a SIP/2.0\nl: 2\n").needMore());
  for (std::size_t n = 0; n < kInvite.size(); ++n)
    EXPECT_TRUE(frame(kInvite.substr(0, n)).needMore()) << n;
}

TEST(Framer, MissingContentLength) {
  FrameResult r = frame("OPTIONS sip:a SIP/2.0\r\nVia: x\r\n\r\n");
  ASSERT_TRUE(r.failed());
  EXPECT_EQ(errcOf(r.error), Errc::MissingContentLength);
  EXPECT_EQ(r.error.offset, 31u);  // the empty line
  expectError("OPTIONS sip:a SIP/2.0\r\n\r\n", Errc::MissingContentLength);
}

TEST(Framer, BadContentLength) {
  for (std::string_view v : {"abc", "-1", "+3", "", " ", "3 4", "0x10", "99999999999999999999"}) {
    expectError("OPTIONS sip:a SIP/2.0\r\nContent-Length: " + std::string(v) + "\r\n\r\n",
                Errc::BadContentLength);
  }
  FrameResult r = frame("OPTIONS sip:a SIP/2.0\r\nl: 12x\r\n\r\n");
  ASSERT_TRUE(r.failed());
  EXPECT_EQ(r.error.offset, 26u);  // the value
  // Above the limit even before the body arrives.
  expectError("OPTIONS sip:a SIP/2.0\r\nl: 101\r\n\r\n", Errc::BadContentLength, 100);
}

TEST(Framer, ConflictingContentLength) {
  FrameResult r = frame("OPTIONS sip:a SIP/2.0\r\nl: 2\r\nContent-Length: 3\r\n\r\nabc");
  ASSERT_TRUE(r.failed());
  EXPECT_EQ(errcOf(r.error), Errc::ConflictingContentLength);
  EXPECT_EQ(r.error.offset, 45u);
  // The same value twice (however spelled) is fine.
  expectMessage("OPTIONS sip:a SIP/2.0\r\nl: 2\r\nContent-Length: 02\r\n\r\nab", 53, 51);
  // A malformed later copy is malformed, not conflicting.
  expectError("OPTIONS sip:a SIP/2.0\r\nl: 2\r\nl: x\r\n\r\nab", Errc::BadContentLength);
}

TEST(Framer, MessageTooLarge) {
  std::string headers = "OPTIONS sip:a SIP/2.0\r\nl: 4\r\n";
  // Headers not ended within the limit.
  expectError(headers + std::string(80, 'x'), Errc::MessageTooLarge, 100);
  EXPECT_TRUE(frame(headers + std::string(20, 'x'), 100).needMore());  // not yet
  // Whole message above the limit, reported as soon as the headers end.
  std::string msg = headers + "\r\nabcd";  // 35 bytes
  ASSERT_EQ(msg.size(), 35u);
  expectError(msg.substr(0, 31), Errc::MessageTooLarge, 34);
  expectError(msg, Errc::MessageTooLarge, 34);
  // Exactly at the limit is fine.
  FrameResult r = frame(msg, 35);
  EXPECT_EQ(r.kind, FrameKind::Message);
  EXPECT_EQ(r.length, 35u);
  // Headers ending exactly at the limit with an empty body.
  std::string empty = "OPTIONS sip:a SIP/2.0\r\nl: 0\r\n\r\n";
  EXPECT_EQ(frame(empty, empty.size()).kind, FrameKind::Message);
  expectError(empty, Errc::MessageTooLarge, empty.size() - 1);
  expectError("OPTIONS", Errc::MessageTooLarge, 0);
}

TEST(Framer, ContentLengthInTheBodyIsIgnored) {
  expectMessage("OPTIONS sip:a SIP/2.0\r\nl: 23\r\n\r\nContent-Length: 999\r\n\r\n", 55, 32);
}

}  // namespace
}  // namespace pinhole::sip
