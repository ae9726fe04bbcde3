// scan(): header lines at every offset and length around the scanner's 16-byte blocks, folding,
// bare LF, short messages, every prefix of a message, and each refusal with its offset. Every
// call gets an exact-size heap copy, so a read past the buffer trips AddressSanitizer. Expected
// values are computed from the text as the test builds it.
#include "pinhole/sip/scanner.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pinhole/sip/errors.h"

namespace pinhole::sip {
namespace {

// One header as the test expects it: offsets into the message text.
struct Expected {
  std::size_t name_at = 0, name_size = 0;
  std::size_t value_at = 0, value_size = 0;
  std::size_t line_at = 0, line_size = 0;
  HeaderType type = HeaderType::Other;
};

// Builds a message line by line, recording where each name, value and line lies.
class Builder {
 public:
  explicit Builder(std::string_view start_line, std::string_view eol = "\r\n") : eol_(eol) {
    text_ += start_line;
    text_ += eol_;
  }
  // `name` + `before_colon` + ':' + `after_colon` + `value` + `trailing` + line end; the value
  // is expected without the white space around it.
  Builder& header(std::string_view name, std::string_view value, std::string_view before_colon = "",
                  std::string_view after_colon = " ", std::string_view trailing = "") {
    Expected e;
    e.line_at = text_.size();
    e.name_at = text_.size();
    e.name_size = name.size();
    e.type = classifyHeader(name);
    text_ += name;
    text_ += before_colon;
    text_ += ':';
    text_ += after_colon;
    e.value_at = value.empty() ? text_.size() + trailing.size() : text_.size();
    e.value_size = value.size();
    text_ += value;
    text_ += trailing;
    text_ += eol_;
    e.line_size = text_.size() - e.line_at;
    headers_.push_back(e);
    return *this;
  }
  // A continuation line: `lead` (SP/HT) + `more` + line end. The previous value grows to the
  // end of `more` (or starts there when it was empty).
  Builder& fold(std::string_view lead, std::string_view more) {
    Expected& prev = headers_.back();
    text_ += lead;
    if (!more.empty()) {
      if (prev.value_size == 0) prev.value_at = text_.size();
      prev.value_size = text_.size() + more.size() - prev.value_at;
    }
    text_ += more;
    text_ += eol_;
    prev.line_size = text_.size() - prev.line_at;
    return *this;
  }
  // The empty line, then the body.
  std::string finish(std::string_view body = "") {
    headers_end_ = text_.size();
    text_ += eol_;
    body_offset_ = text_.size();
    text_ += body;
    return text_;
  }
  const std::vector<Expected>& headers() const { return headers_; }
  std::size_t headersEnd() const { return headers_end_; }
  std::size_t bodyOffset() const { return body_offset_; }

 private:
  std::string text_;
  std::string eol_;
  std::vector<Expected> headers_;
  std::size_t headers_end_ = 0;
  std::size_t body_offset_ = 0;
};

// scan() over an exact-size heap copy of `text`.
class Scanned {
 public:
  explicit Scanned(std::string_view text, ParseLimits limits = {})
      : copy_(new char[text.empty() ? 1 : text.size()]) {
    if (!text.empty()) std::memcpy(copy_.get(), text.data(), text.size());
    buf_ = std::string_view(copy_.get(), text.size());
    first_.fill(0);
    result_.emplace_back(scan(buf_, limits, arena_, headers_, &first_));
  }
  const Result<ScanResult>& result() const { return result_.front(); }
  bool ok() const { return result().ok(); }
  Errc errc() const { return errcOf(result().error()); }
  uint32_t errorOffset() const { return result().error().offset; }
  const ArenaVector<HeaderField>& headers() const { return headers_; }
  const FirstOfType& firstOfType() const { return first_; }
  std::size_t offsetOf(std::string_view part) const {
    return static_cast<std::size_t>(part.data() - buf_.data());
  }

 private:
  std::unique_ptr<char[]> copy_;
  std::string_view buf_;
  Arena arena_;
  ArenaVector<HeaderField> headers_;
  FirstOfType first_{};
  std::vector<Result<ScanResult>> result_;  // Result has no default constructor
};

// Checks every field of a scan of b's message against what the builder recorded.
void expectScan(const std::string& text, const Builder& b) {
  Scanned s(text);
  ASSERT_TRUE(s.ok()) << text;
  EXPECT_EQ(s.result()->headers_end, b.headersEnd()) << text;
  EXPECT_EQ(s.result()->body_offset, b.bodyOffset()) << text;
  ASSERT_EQ(s.headers().size(), b.headers().size()) << text;
  for (std::size_t i = 0; i < b.headers().size(); ++i) {
    const HeaderField& h = s.headers()[i];
    const Expected& e = b.headers()[i];
    SCOPED_TRACE("header " + std::to_string(i) + " of: " + text);
    EXPECT_EQ(s.offsetOf(h.name), e.name_at);
    EXPECT_EQ(h.name.size(), e.name_size);
    EXPECT_EQ(h.value.size(), e.value_size);
    if (e.value_size != 0) {
      EXPECT_EQ(s.offsetOf(h.value), e.value_at);
    }
    EXPECT_EQ(s.offsetOf(h.line), e.line_at);
    EXPECT_EQ(h.line.size(), e.line_size);
    EXPECT_EQ(h.type, e.type);
  }
}

constexpr std::string_view kRequestLine = "INVITE sip:bob@biloxi.example.com SIP/2.0";

// A token name of `size` bytes ("Xaaaa...").
std::string tokenName(std::size_t size) {
  std::string n(size, 'a');
  if (size > 0) n[0] = 'X';
  return n;
}

// A value of `size` bytes without white space at its ends, with some inside.
std::string valueOf(std::size_t size) {
  std::string v;
  for (std::size_t i = 0; i < size; ++i)
    v += (i % 7 == 3 && i + 1 < size) ? ' ' : char('a' + i % 26);
  return v;
}

TEST(ScannerTest, NamesAndValuesOfEveryLengthAtEveryBlockOffset) {
  // The padding header moves the lines under test across 16- and 64-byte block boundaries.
  for (std::size_t pad : {0, 1, 7, 14, 15, 16, 31, 47, 63}) {
    for (std::size_t name_size = 1; name_size <= 34; ++name_size) {
      for (std::size_t value_size = 0; value_size <= 130; ++value_size) {
        Builder b(kRequestLine);
        b.header("P", std::string(pad, 'p'));
        b.header(tokenName(name_size), valueOf(value_size));
        b.header("Via", valueOf(value_size), "", "");
        b.header(tokenName(name_size), valueOf(130 - value_size), " \t", "\t ", " ");
        const std::string text = b.finish("body");
        expectScan(text, b);
        if (::testing::Test::HasFailure()) return;
      }
    }
  }
}

TEST(ScannerTest, ColonAtEachPositionOfTheFirstBlocks) {
  // Names of 13..36 bytes put the colon on both sides of the ends of the first two blocks,
  // with and without white space before it.
  for (std::size_t size = 13; size <= 36; ++size) {
    Builder b(kRequestLine);
    b.header(tokenName(size), "v");
    b.header(tokenName(size - 2), "w", "  ");
    b.header(tokenName(size), "", "", "");
    const std::string text = b.finish();
    expectScan(text, b);
  }
}

TEST(ScannerTest, KnownNamesInAnyCaseAndCompactForms) {
  Builder b(kRequestLine);
  b.header("Via", "a").header("VIA", "b").header("v", "c").header("V", "d");
  b.header("P-Asserted-Identity", "<sip:a@b>").header("p-asserted-identity", "e");
  b.header("Proxy-Authenticate", "f").header("Request-Disposition", "g");
  b.header("WWW-Authenticate", "h").header("Content-Length", "0").header("l", "0");
  b.header("Call-ID", "x@y").header("i", "z").header("Vias", "not Via").header("Vi", "nor this");
  b.header("Content-Lengthy", "unknown").header("X-A-Header-Name-Longer-Than-Thirty-Two", "x");
  const std::string text = b.finish();
  expectScan(text, b);

  Scanned s(text);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s.headers()[0].type, HeaderType::Via);
  EXPECT_EQ(s.headers()[1].type, HeaderType::Via);
  EXPECT_EQ(s.headers()[2].type, HeaderType::Via);
  EXPECT_EQ(s.headers()[3].type, HeaderType::Via);
  EXPECT_EQ(s.headers()[4].type, HeaderType::PAssertedIdentity);
  EXPECT_EQ(s.headers()[5].type, HeaderType::PAssertedIdentity);
  EXPECT_EQ(s.headers()[9].type, HeaderType::ContentLength);
  EXPECT_EQ(s.headers()[10].type, HeaderType::ContentLength);
  EXPECT_EQ(s.headers()[12].type, HeaderType::CallId);
  EXPECT_EQ(s.headers()[13].type, HeaderType::Other);
  EXPECT_EQ(s.headers()[14].type, HeaderType::Other);
  EXPECT_EQ(s.headers()[15].type, HeaderType::Other);
  EXPECT_EQ(s.headers()[16].type, HeaderType::Other);
  // First of each type: index + 1.
  EXPECT_EQ(s.firstOfType()[static_cast<std::size_t>(HeaderType::Via)], 1);
  EXPECT_EQ(s.firstOfType()[static_cast<std::size_t>(HeaderType::ContentLength)], 10);
  EXPECT_EQ(s.firstOfType()[static_cast<std::size_t>(HeaderType::CallId)], 12);
  EXPECT_EQ(s.firstOfType()[static_cast<std::size_t>(HeaderType::Other)], 14);
  EXPECT_EQ(s.firstOfType()[static_cast<std::size_t>(HeaderType::Route)], 0);
}

TEST(ScannerTest, WhiteSpaceAroundNamesAndValues) {
  Builder b(kRequestLine);
  b.header("A", "v", "", "");    // A:v
  b.header("B", "v", " ", " ");  // B : v
  b.header("C", "v w", "\t \t", " \t ", " \t");
  b.header("D", "", "", "");          // D:
  b.header("E", "", "", "   ");       // E:   (an empty value)
  b.header("F", "", " ", "\t", " ");  // F :\t<SP>
  b.header("G", "x", "", "  ");
  const std::string text = b.finish();
  expectScan(text, b);
}

TEST(ScannerTest, FoldingAcrossBlockBoundaries) {
  for (std::size_t first = 0; first <= 70; ++first) {
    for (std::size_t more : {0, 1, 15, 16, 17, 63, 64, 65}) {
      Builder b(kRequestLine);
      b.header("Subject", valueOf(first));
      b.fold(" ", valueOf(more));
      b.fold("\t \t", valueOf(more / 2));
      b.header("Via", "after the fold");
      b.fold("   ", "");  // white space only: the value stays, the line grows
      const std::string text = b.finish("x");
      expectScan(text, b);
      if (::testing::Test::HasFailure()) return;
    }
  }
}

TEST(ScannerTest, BareLfLineEnds) {
  for (std::size_t value_size = 0; value_size <= 70; ++value_size) {
    Builder b(kRequestLine, "\n");
    b.header("Via", valueOf(value_size));
    b.header("Max-Forwards", "70", "", " ", " ");
    b.fold(" ", valueOf(value_size));
    b.header(tokenName(value_size % 20 + 1), valueOf(value_size));
    const std::string text = b.finish("body");
    expectScan(text, b);
  }
  // CRLF and LF mixed in one message.
  Scanned s("OPTIONS sip:a SIP/2.0\nA: 1\r\nB: 2\n\r\nbody");
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s.headers().size(), 2u);
  EXPECT_EQ(s.headers()[0].value, "1");
  EXPECT_EQ(s.headers()[0].line, "A: 1\r\n");
  EXPECT_EQ(s.headers()[1].value, "2");
  EXPECT_EQ(s.headers()[1].line, "B: 2\n");
  EXPECT_EQ(s.result()->headers_end, 33u);
  EXPECT_EQ(s.result()->body_offset, 35u);
}

TEST(ScannerTest, MessagesShorterThanABlock) {
  {
    Scanned s("M u SIP/2.0\n\n");  // 13 bytes, no header
    ASSERT_TRUE(s.ok());
    EXPECT_TRUE(s.result()->start.is_request);
    EXPECT_EQ(s.result()->start.method, "M");
    EXPECT_EQ(s.result()->start.uri, "u");
    EXPECT_EQ(s.headers().size(), 0u);
    EXPECT_EQ(s.result()->first_header, 12u);
    EXPECT_EQ(s.result()->headers_end, 12u);
    EXPECT_EQ(s.result()->body_offset, 13u);
  }
  {
    Scanned s("M u SIP/2.0\nv:\n\n");  // 16 bytes
    ASSERT_TRUE(s.ok());
    ASSERT_EQ(s.headers().size(), 1u);
    EXPECT_EQ(s.headers()[0].type, HeaderType::Via);
    EXPECT_EQ(s.headers()[0].name, "v");
    EXPECT_EQ(s.headers()[0].value, "");
    EXPECT_EQ(s.headers()[0].line, "v:\n");
    EXPECT_EQ(s.result()->body_offset, 16u);
  }
  {
    Scanned s("M u SIP/2.0\nA:b\n");  // 16 bytes, no empty line
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.errc(), Errc::MissingHeaderEnd);
    EXPECT_EQ(s.errorOffset(), 16u);
  }
  {
    Scanned s("M u SIP/2.0\nA:b");  // the header's line end is missing
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.errc(), Errc::MissingHeaderEnd);
    EXPECT_EQ(s.errorOffset(), 12u);
  }
}

TEST(ScannerTest, MessageEndingAtTheEmptyLine) {
  Builder b(kRequestLine);
  b.header("Via", "SIP/2.0/UDP h;branch=z9hG4bK1").header("Call-ID", "c@h");
  const std::string text = b.finish();
  expectScan(text, b);
  Scanned s(text);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s.result()->body_offset, text.size());
}

TEST(ScannerTest, EveryPrefixOfAMessage) {
  Builder b(kRequestLine);
  b.header("Via", "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds");
  b.header("Max-Forwards", "70").header("To", "Bob <sip:bob@biloxi.example.com>");
  b.header("Subject", "a long subject that runs past a block or two of the scanner");
  b.fold(" ", "and goes on");
  b.header("P-Asserted-Identity", "<sip:alice@atlanta.example.com>").header("l", "4");
  const std::string text = b.finish("body");
  const std::size_t start_line_end = kRequestLine.size() + 2;
  for (std::size_t cut = 0; cut <= text.size(); ++cut) {
    const std::string prefix = text.substr(0, cut);
    Scanned s(prefix);
    if (cut >= b.bodyOffset()) {
      ASSERT_TRUE(s.ok()) << cut;
      EXPECT_EQ(s.result()->body_offset, b.bodyOffset());
      EXPECT_EQ(s.headers().size(), b.headers().size());
      continue;
    }
    ASSERT_FALSE(s.ok()) << cut;
    if (cut == 0) {
      EXPECT_EQ(s.errc(), Errc::Empty);
    } else if (cut < start_line_end) {
      EXPECT_EQ(s.errc(), Errc::BadStartLine) << cut;
      EXPECT_EQ(s.errorOffset(), 0u) << cut;
    } else {
      // The line the cut falls in (or the next one, after a complete line) has no end.
      EXPECT_EQ(s.errc(), Errc::MissingHeaderEnd) << cut;
      EXPECT_EQ(s.errorOffset(), prefix.rfind('\n') + 1) << cut;
    }
  }
}

TEST(ScannerTest, Refusals) {
  struct Case {
    std::string text;
    Errc errc;
    uint32_t offset;
  };
  const std::string start = "INVITE sip:a@b SIP/2.0\r\n";  // 24 bytes
  const std::string long_name(40, 'n');
  const std::vector<Case> cases = {
      {"", Errc::Empty, 0},
      {"\r\n\r\n", Errc::Empty, 0},
      {start + "No colon here\r\n\r\n", Errc::BadHeaderLine, 24},
      {start + long_name + " no colon either\r\n\r\n", Errc::BadHeaderLine, 24},
      {start + long_name + "\r\n\r\n", Errc::BadHeaderLine, 24},
      {start + "A: 1\r\nBad Name: x\r\n\r\n", Errc::BadHeaderLine, 30},
      {start + "A: 1\r\n: no name\r\n\r\n", Errc::BadHeaderLine, 30},
      {start + "A: 1\r\nB@d: x\r\n\r\n", Errc::BadHeaderLine, 30},
      {start + " folded first\r\n\r\n", Errc::BadHeaderLine, 24},
      {start + "A: 1\r\n\rX: y\r\n\r\n", Errc::BadHeaderLine, 30},
      {start + "A: 1\r\n" + long_name, Errc::MissingHeaderEnd, 30},
      {start + "A: 1\r\n" + long_name + ": value", Errc::MissingHeaderEnd, 30},
      {start + "A: 1\r\n\r", Errc::MissingHeaderEnd, 30},
      {start + "A: 1\r\n ", Errc::MissingHeaderEnd, 30},
      {"INVITE sip:a@b SIP/2.0", Errc::BadStartLine, 0},
      {"\r\nINVITE sip:a@b SIP/2.0 \r\n\r\n", Errc::BadStartLine, 24},
      {"INVITE  sip:a@b SIP/2.0\r\n\r\n", Errc::BadStartLine, 7},
      {"INVITE sip:a@b\tx SIP/2.0\r\n\r\n", Errc::BadStartLine, 7},
      {"INVITE sip:a@b SIP/3.0\r\n\r\n", Errc::VersionNotSupported, 15},
      {"INV@TE sip:a@b SIP/2.0\r\n\r\n", Errc::BadMethod, 0},
      {"SIP/2.0 99 Too low\r\n\r\n", Errc::BadStatusCode, 8},
  };
  for (const Case& c : cases) {
    Scanned s(c.text);
    ASSERT_FALSE(s.ok()) << c.text;
    EXPECT_EQ(s.errc(), c.errc) << c.text;
    EXPECT_EQ(s.errorOffset(), c.offset) << c.text;
  }
}

TEST(ScannerTest, Limits) {
  const std::string text = "INVITE sip:a@b SIP/2.0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n";
  ParseLimits limits;
  limits.max_headers = 2;
  Scanned few(text, limits);
  ASSERT_FALSE(few.ok());
  EXPECT_EQ(few.errc(), Errc::TooManyHeaders);
  EXPECT_EQ(few.errorOffset(), 36u);  // the third header line
  limits.max_headers = 3;
  EXPECT_TRUE(Scanned(text, limits).ok());
  limits.max_message_size = static_cast<uint32_t>(text.size() - 1);
  Scanned large(text, limits);
  ASSERT_FALSE(large.ok());
  EXPECT_EQ(large.errc(), Errc::MessageTooLarge);
  EXPECT_EQ(large.errorOffset(), 0u);
}

TEST(ScannerTest, StartLines) {
  {
    Scanned s("\r\n\nREGISTER sip:registrar.example.com SIP/2.0\r\n\r\n");
    ASSERT_TRUE(s.ok());
    EXPECT_TRUE(s.result()->start.is_request);
    EXPECT_EQ(s.result()->start.method, "REGISTER");
    EXPECT_EQ(s.result()->start.uri, "sip:registrar.example.com");
    EXPECT_EQ(s.result()->start.version, "SIP/2.0");
    EXPECT_EQ(s.result()->first_header, 47u);
  }
  {
    Scanned s("INVITE sip:a@b sip/2.0\r\n\r\n");  // the version is case-insensitive
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.result()->start.version, "sip/2.0");
    EXPECT_EQ(s.result()->start.uri, "sip:a@b");
  }
  {
    Scanned s("SIP/2.0 180 Ringing\r\n\r\n");
    ASSERT_TRUE(s.ok());
    EXPECT_FALSE(s.result()->start.is_request);
    EXPECT_EQ(s.result()->start.status, 180);
    EXPECT_EQ(s.result()->start.reason, "Ringing");
  }
}

TEST(ScannerTest, WithoutFirstOfType) {
  Arena arena;
  ArenaVector<HeaderField> headers;
  const std::string text = "INVITE sip:a@b SIP/2.0\r\nVia: x\r\nTo: y\r\n\r\n";
  auto r = scan(text, ParseLimits{}, arena, headers);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(headers.size(), 2u);
  EXPECT_EQ(headers[0].type, HeaderType::Via);
  EXPECT_EQ(headers[1].type, HeaderType::To);
  EXPECT_EQ(headers[1].value, "y");
}

}  // namespace
}  // namespace pinhole::sip
