#include "pinhole/sip/message.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "pinhole/sip/errors.h"
#include "pinhole/sip/scanner.h"
#include "pinhole/strings.h"
#include "pinhole/sip/sdp.h"
#include "pinhole/sip/validate.h"

namespace pinhole::sip {
namespace {

const std::string kInvite =
    "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK74bf9;rport\r\n"
    "v: SIP/2.0/TCP [2001:db8::1]:5062;branch=z9hG4bK2, SIP/2.0/UDP p.example;branch=z9hG4bK3\r\n"
    "Max-Forwards: 70\r\n"
    "Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\n"
    "Route: <sip:p3.example.com;lr>\r\n"
    "f: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n"
    "t: Bob <sip:bob@biloxi.example.com>\r\n"
    "i: 3848276298220188511@atlanta.example.com\r\n"
    "CSeq: 2 INVITE\r\n"
    "m: <sip:alice@192.168.1.10:5060;transport=udp>;expires=60\r\n"
    "Subject: folded\r\n"
    "  across two lines\r\n"
    "X-Custom : kept as is ;;,\r\n"
    "c: application/sdp\r\n"
    "l: 130\r\n"
    "\r\n"
    "v=0\r\n"
    "o=alice 2890844526 2890844526 IN IP4 192.168.1.10\r\n"
    "s=-\r\n"
    "c=IN IP4 192.168.1.10\r\n"
    "t=0 0\r\n"
    "m=audio 49170 RTP/AVP 0 8\r\n"
    "a=sendrecv\r\n";

class MessageTest : public ::testing::Test {
 protected:
  Result<void> parse(std::string_view s) { return msg_.parse(s); }
  Arena arena_;
  Message msg_{arena_};
};

TEST_F(MessageTest, IndexesStartLineAndHeaders) {
  ASSERT_TRUE(parse(kInvite).ok());
  EXPECT_TRUE(msg_.isRequest());
  EXPECT_EQ(msg_.method(), Method::Invite);
  EXPECT_EQ(msg_.requestUriText(), "sip:bob@biloxi.example.com");
  EXPECT_EQ(msg_.headers().size(), 14u);
  EXPECT_EQ(msg_.count(HeaderType::Via), 2u);
  EXPECT_EQ(msg_.count(HeaderType::Route), 2u);
  EXPECT_EQ(msg_.header(HeaderType::From)->name, "f");
  EXPECT_EQ(msg_.header("FROM"), msg_.header(HeaderType::From));
  EXPECT_EQ(msg_.header("x-custom")->name, "X-Custom");
  EXPECT_EQ(msg_.header("X-Custom")->value, "kept as is ;;,");
  EXPECT_EQ(msg_.header("Subject")->value, "folded\r\n  across two lines");
  EXPECT_EQ(msg_.header("X-Missing"), nullptr);
  EXPECT_EQ(msg_.header(HeaderType::Expires), nullptr);
}

TEST_F(MessageTest, TypedAccessors) {
  ASSERT_TRUE(parse(kInvite).ok());
  auto ruri = msg_.requestUri();
  ASSERT_TRUE(ruri.ok());
  EXPECT_EQ((*ruri)->host.host, "biloxi.example.com");

  auto vias = msg_.vias();
  ASSERT_TRUE(vias.ok());
  ASSERT_EQ(vias->size(), 3u);
  EXPECT_EQ((*vias)[0].host.host, "10.0.0.5");
  EXPECT_TRUE((*vias)[0].has_rport);
  EXPECT_EQ((*vias)[1].host.address(), "2001:db8::1");
  EXPECT_EQ((*vias)[2].branch, "z9hG4bK3");
  EXPECT_EQ((*msg_.topVia())->branch, "z9hG4bK74bf9");

  EXPECT_EQ((*msg_.from())->tag(), "9fxced76sl");
  EXPECT_EQ((*msg_.to())->tag(), "");
  EXPECT_EQ(*msg_.callId(), "3848276298220188511@atlanta.example.com");
  EXPECT_EQ(msg_.cseq()->number, 2u);
  EXPECT_EQ(msg_.cseq()->method, "INVITE");
  EXPECT_EQ(**msg_.maxForwards(), 70u);
  EXPECT_FALSE(msg_.expires()->has_value());

  auto contacts = msg_.contacts();
  ASSERT_TRUE(contacts.ok());
  EXPECT_FALSE((*contacts)->star);
  ASSERT_EQ((*contacts)->contacts.size(), 1u);
  EXPECT_EQ((*contacts)->contacts[0].uri().host.host, "192.168.1.10");
  EXPECT_EQ((*contacts)->contacts[0].params.value("expires"), "60");

  auto routes = msg_.routes();
  ASSERT_TRUE(routes.ok());
  ASSERT_EQ(routes->size(), 3u);
  EXPECT_EQ((*routes)[2].uri().host.host, "p3.example.com");
  EXPECT_TRUE(msg_.recordRoutes()->empty());

  EXPECT_EQ(**msg_.contentLength(), 130u);
  EXPECT_EQ(msg_.body().size(), 130u);
  EXPECT_TRUE((*msg_.contentType())->is("application", "sdp"));

  auto sdp = msg_.sdp();
  ASSERT_TRUE(sdp.ok()) << sdp.error().detail;
  ASSERT_NE(*sdp, nullptr);
  ASSERT_EQ((*sdp)->media.size(), 1u);
  EXPECT_EQ((*sdp)->media[0].port, 49170);
  EXPECT_EQ((*sdp)->connection->address, "192.168.1.10");
  // Views point into the original buffer: offsets are usable for edits.
  EXPECT_EQ(kInvite.substr(msg_.offsetOf((*sdp)->media[0].port_text), 5), "49170");

  EXPECT_TRUE(validate(msg_).ok());
}

TEST_F(MessageTest, LazyValuesAreCached) {
  ASSERT_TRUE(parse(kInvite).ok());
  auto a = msg_.from();
  auto b = msg_.from();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(msg_.vias()->data(), msg_.vias()->data());
}

TEST_F(MessageTest, ReparseClearsState) {
  ASSERT_TRUE(parse(kInvite).ok());
  ASSERT_TRUE(msg_.from().ok());
  arena_.reset();
  ASSERT_TRUE(parse("SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
                    "From: <sip:x@y>;tag=other\r\nContent-Length: 0\r\n\r\n")
                  .ok());
  EXPECT_TRUE(msg_.isResponse());
  EXPECT_EQ(msg_.statusCode(), 180);
  EXPECT_EQ(msg_.reason(), "Ringing");
  EXPECT_EQ((*msg_.from())->tag(), "other");
  EXPECT_EQ(msg_.header(HeaderType::Route), nullptr);
  EXPECT_FALSE(msg_.requestUri().ok());
}

TEST_F(MessageTest, ResponsesAndReasonPhrases) {
  ASSERT_TRUE(parse("SIP/2.0 100 \r\nContent-Length: 0\r\n\r\n").ok());
  EXPECT_EQ(msg_.statusCode(), 100);
  EXPECT_EQ(msg_.reason(), "");
  ASSERT_TRUE(parse("SIP/2.0 200\r\n\r\n").ok());
  EXPECT_EQ(msg_.statusCode(), 200);
  ASSERT_TRUE(parse("sip/2.0 603 Decline \xe2\x98\x83\r\n\r\n").ok());
  EXPECT_EQ(msg_.reason(), "Decline \xe2\x98\x83");
  EXPECT_EQ(errcOf(parse("SIP/2.0 4294967301 Big\r\n\r\n").error()), Errc::BadStatusCode);
  EXPECT_EQ(errcOf(parse("SIP/2.0 099 Low\r\n\r\n").error()), Errc::BadStatusCode);
  EXPECT_EQ(errcOf(parse("SIP/2.0 20 x\r\n\r\n").error()), Errc::BadStatusCode);
  EXPECT_EQ(errcOf(parse("SIP/3.0 200 OK\r\n\r\n").error()), Errc::VersionNotSupported);
}

TEST_F(MessageTest, StartLineErrors) {
  EXPECT_EQ(errcOf(parse("").error()), Errc::Empty);
  EXPECT_EQ(errcOf(parse("\r\n\r\n").error()), Errc::Empty);
  EXPECT_EQ(errcOf(parse("INVITE sip:a@b SIP/2.0").error()), Errc::BadStartLine);
  EXPECT_EQ(errcOf(parse("INVITE  sip:a@b SIP/2.0\r\n\r\n").error()), Errc::BadStartLine);
  EXPECT_EQ(errcOf(parse("INVITE sip:a@b SIP/2.0 \r\n\r\n").error()), Errc::BadStartLine);
  EXPECT_EQ(errcOf(parse("INVITE sip:a@b\r\n\r\n").error()), Errc::BadStartLine);
  EXPECT_EQ(errcOf(parse("INVITE\r\n\r\n").error()), Errc::BadStartLine);
  EXPECT_EQ(errcOf(parse("INV@TE sip:a@b SIP/2.0\r\n\r\n").error()), Errc::BadMethod);
  EXPECT_EQ(errcOf(parse("INVITE sip:a@b SIP/2\r\n\r\n").error()), Errc::BadVersion);
  EXPECT_EQ(errcOf(parse("INVITE sip:a@b HTTP/1.1\r\n\r\n").error()), Errc::BadVersion);
  EXPECT_EQ(errcOf(parse("INVITE sip:a@b SIP/7.0\r\n\r\n").error()), Errc::VersionNotSupported);
}

TEST_F(MessageTest, HeaderSectionErrors) {
  auto no_end = parse("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n");
  ASSERT_FALSE(no_end.ok());
  EXPECT_EQ(errcOf(no_end.error()), Errc::MissingHeaderEnd);
  auto no_colon = parse("OPTIONS sip:a@b SIP/2.0\r\nFoobar roobar\r\n\r\n");
  ASSERT_FALSE(no_colon.ok());
  EXPECT_EQ(errcOf(no_colon.error()), Errc::BadHeaderLine);
  EXPECT_EQ(no_colon.error().offset, 25u);
  EXPECT_EQ(errcOf(parse("OPTIONS sip:a@b SIP/2.0\r\n continuation\r\n\r\n").error()),
            Errc::BadHeaderLine);
  EXPECT_EQ(errcOf(parse("OPTIONS sip:a@b SIP/2.0\r\n: novalue\r\n\r\n").error()),
            Errc::BadHeaderLine);
}

TEST_F(MessageTest, BareLfLeadingCrlfAndHeaderNameSpaces) {
  ASSERT_TRUE(parse("\r\n\r\nOPTIONS sip:a@b SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\n"
                    "X-Bypass-me : lol\nContent-Length: 0\n\n")
                  .ok());
  EXPECT_EQ(msg_.method(), Method::Options);
  // New headers (a proxy's Via) go after the start line, not after the skipped CRLFs.
  EXPECT_EQ(msg_.buffer().substr(msg_.layout().first_header, 4), "Via:");
  EXPECT_EQ(msg_.header("X-Bypass-me")->name, "X-Bypass-me");
  EXPECT_EQ(msg_.header("X-Bypass-me")->value, "lol");
  EXPECT_EQ((*msg_.topVia())->host.host, "h");
}

TEST_F(MessageTest, DatagramBodyFraming) {
  const std::string head = "MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 5\r\n\r\n";
  std::string extra = head + "hello and trailing octets";
  ASSERT_TRUE(parse(extra).ok());
  EXPECT_EQ(msg_.body(), "hello");
  EXPECT_EQ(msg_.buffer().size(), head.size() + 5);
  EXPECT_EQ(msg_.layout().content_length_value, "5");
  EXPECT_EQ(msg_.layout().headers_end, head.size() - 2);

  auto short_body = parse(head + "hi");
  ASSERT_FALSE(short_body.ok());
  EXPECT_EQ(errcOf(short_body.error()), Errc::BodyTooShort);

  ASSERT_TRUE(parse("MESSAGE sip:a@b SIP/2.0\r\n\r\nno length given").ok());
  EXPECT_EQ(msg_.body(), "no length given");
  EXPECT_FALSE(msg_.contentLength()->has_value());

  EXPECT_EQ(errcOf(parse("MESSAGE sip:a@b SIP/2.0\r\nl: -1\r\n\r\n").error()),
            Errc::BadContentLength);
  ASSERT_TRUE(parse("MESSAGE sip:a@b SIP/2.0\r\nl: 3\r\nContent-Length: 4\r\n\r\nabcd").ok());
  EXPECT_EQ(errcOf(msg_.contentLength().error()), Errc::ConflictingContentLength);
  ASSERT_TRUE(parse("MESSAGE sip:a@b SIP/2.0\r\nl: 4\r\nContent-Length: 4\r\n\r\nabcd").ok());
  EXPECT_EQ(**msg_.contentLength(), 4u);
}

TEST_F(MessageTest, Limits) {
  std::string many = "OPTIONS sip:a@b SIP/2.0\r\n";
  for (int i = 0; i < 20; ++i) many += "X-H: v\r\n";
  many += "\r\n";
  ParseLimits limits;
  limits.max_headers = 10;
  EXPECT_EQ(errcOf(msg_.parse(many, limits).error()), Errc::TooManyHeaders);
  limits = {};
  limits.max_message_size = 30;
  EXPECT_EQ(errcOf(msg_.parse(many, limits).error()), Errc::MessageTooLarge);
  EXPECT_TRUE(msg_.parse(many).ok());
}

TEST_F(MessageTest, ErrorsCarryOffsetsIntoTheBuffer) {
  std::string m =
      "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:a@b\r\n\r\n";
  ASSERT_TRUE(parse(m).ok());
  auto to = msg_.to();
  ASSERT_FALSE(to.ok());
  EXPECT_EQ(errcOf(to.error()), Errc::BadNameAddr);
  EXPECT_GE(to.error().offset, m.find("To:"));
  EXPECT_LT(to.error().offset, m.size());
  // The failure is cached too: asking again gives the same error.
  EXPECT_EQ(msg_.to().error().offset, to.error().offset);
}

TEST_F(MessageTest, MissingHeadersAreReportedNotCrashed) {
  ASSERT_TRUE(parse("OPTIONS sip:a@b SIP/2.0\r\n\r\n").ok());
  EXPECT_EQ(errcOf(msg_.topVia().error()), Errc::MissingHeader);
  EXPECT_EQ(errcOf(msg_.from().error()), Errc::MissingHeader);
  EXPECT_EQ(errcOf(msg_.callId().error()), Errc::MissingHeader);
  EXPECT_EQ(errcOf(msg_.cseq().error()), Errc::MissingHeader);
  EXPECT_TRUE(msg_.vias()->empty());
  EXPECT_TRUE((*msg_.contacts())->contacts.empty());
  EXPECT_EQ(*msg_.sdp(), nullptr);
  EXPECT_EQ(*msg_.contentType(), nullptr);
}

TEST_F(MessageTest, ContactStar) {
  ASSERT_TRUE(parse("REGISTER sip:b SIP/2.0\r\nContact: *\r\nExpires: 0\r\n\r\n").ok());
  EXPECT_TRUE((*msg_.contacts())->star);
  EXPECT_EQ(**msg_.expires(), 0u);
  ASSERT_TRUE(parse("REGISTER sip:b SIP/2.0\r\nContact: *\r\nm: <sip:a@b>\r\n\r\n").ok());
  EXPECT_EQ(errcOf(msg_.contacts().error()), Errc::BadNameAddr);
}

TEST_F(MessageTest, SeveralContactsAcrossHeaders) {
  ASSERT_TRUE(parse("REGISTER sip:b SIP/2.0\r\nContact: <sip:a@1.2.3.4>;q=1, <sip:b@5.6.7.8>\r\n"
                    "m: sip:c@[::1];expires=5\r\n\r\n")
                  .ok());
  auto c = msg_.contacts();
  ASSERT_TRUE(c.ok()) << c.error().detail;
  ASSERT_EQ((*c)->contacts.size(), 3u);
  EXPECT_EQ((*c)->contacts[2].params.value("expires"), "5");
  EXPECT_EQ((*c)->contacts[2].uri().host.kind, HostKind::IPv6);
}

TEST_F(MessageTest, SdpOnlyForApplicationSdp) {
  ASSERT_TRUE(parse("MESSAGE sip:a@b SIP/2.0\r\nContent-Type: text/plain\r\nl: 3\r\n\r\nv=0").ok());
  EXPECT_EQ(*msg_.sdp(), nullptr);
  ASSERT_TRUE(parse("INVITE sip:a@b SIP/2.0\r\nc: application/sdp\r\nl: 7\r\n\r\ngarbage").ok());
  EXPECT_EQ(errcOf(msg_.sdp().error()), Errc::BadSdp);
}

TEST_F(MessageTest, ValidateChecksEveryInstance) {
  ASSERT_TRUE(parse("OPTIONS sip:a@b SIP/2.0\r\nCSeq: 1 OPTIONS\r\nCSeq: 2 INVITE\r\n\r\n").ok());
  EXPECT_EQ(errcOf(validate(msg_).error()), Errc::CSeqMethodMismatch);
  ASSERT_TRUE(parse("OPTIONS sip:a@b?Route=x SIP/2.0\r\n\r\n").ok());
  EXPECT_EQ(errcOf(validate(msg_).error()), Errc::BadRequestUri);
  ASSERT_TRUE(parse("OPTIONS <sip:a@b> SIP/2.0\r\n\r\n").ok());
  EXPECT_EQ(errcOf(validate(msg_).error()), Errc::BadRequestUri);
  ASSERT_TRUE(parse("REGISTER sip:b SIP/2.0\r\nContact: <sip:a@b>;expires=99999999999\r\n\r\n").ok());
  EXPECT_EQ(errcOf(validate(msg_).error()), Errc::BadExpires);
  const std::string no_value = "REGISTER sip:b SIP/2.0\r\nContact: <sip:a@b>\r\n  ;expires\r\n\r\n";
  ASSERT_TRUE(parse(no_value).ok());
  auto e = validate(msg_);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(errcOf(e.error()), Errc::BadExpires);
  EXPECT_EQ(e.error().offset, no_value.find("expires"));
  ASSERT_TRUE(parse("OPTIONS sip:a@b SIP/2.0\r\nSupported: a b\r\n\r\n").ok());
  EXPECT_EQ(errcOf(validate(msg_).error()), Errc::BadTokenList);
  ASSERT_TRUE(parse("OPTIONS sip:a@b SIP/2.0\r\nUnknown: ;;,,\r\n\r\n").ok());
  EXPECT_TRUE(validate(msg_).ok());
}

TEST_F(MessageTest, NameAddrUrisParseOnDemandAndValidateChecksThem) {
  const std::string m =
      "OPTIONS sip:a@b SIP/2.0\r\nFrom: <sip:a@bad host>;tag=1\r\nTo: <sip:b@h>\r\n"
      "Route: <sip:p1;lr>, <sip:p2:70000;lr>\r\nContact: <sip:c@h>\r\n\r\n";
  ASSERT_TRUE(parse(m).ok());
  // The accessors read the name-addrs without their URIs: the tag is there.
  auto from = msg_.from();
  ASSERT_TRUE(from.ok());
  EXPECT_EQ((*from)->tag(), "1");
  EXPECT_EQ(errcOf((*from)->checkUri().error()), Errc::BadHost);
  auto routes = msg_.routes();
  ASSERT_TRUE(routes.ok());
  ASSERT_EQ(routes->size(), 2u);
  EXPECT_EQ((*routes)[0].uri().host.host, "p1");
  EXPECT_EQ(errcOf((*routes)[1].checkUri().error()), Errc::BadPort);
  // validate() parses every URI: the From's comes first, at its offset in the buffer.
  auto v = validate(msg_);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(errcOf(v.error()), Errc::BadHost);
  EXPECT_EQ(v.error().offset, m.find(" host>"));
  ASSERT_TRUE(parse("OPTIONS sip:a@b SIP/2.0\r\nRoute: <sip:p1;lr>, <sip:p2:70000;lr>\r\n\r\n")
                  .ok());
  EXPECT_EQ(errcOf(validate(msg_).error()), Errc::BadPort);
  ASSERT_TRUE(parse("OPTIONS sip:a@b SIP/2.0\r\nContact: <sip:c@h>, <sips:>\r\n\r\n").ok());
  EXPECT_EQ(errcOf(validate(msg_).error()), Errc::BadHost);
}

TEST_F(MessageTest, ValidateReportsTheFirstErrorInTheText) {
  // A bad URI before bad parameters: the accessor (URIs on demand) fails on the parameters,
  // validate() still reports the URI, as a parse of everything at once does.
  const std::string m =
      "OPTIONS sip:a@b SIP/2.0\r\nContact: <sip:c@h:99999>, <sip:d@h>;;\r\n\r\n";
  ASSERT_TRUE(parse(m).ok());
  EXPECT_EQ(errcOf(msg_.contacts().error()), Errc::BadParam);
  auto v = validate(msg_);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(errcOf(v.error()), Errc::BadPort);
  EXPECT_EQ(v.error().offset, m.find("99999"));
  ASSERT_TRUE(parse("OPTIONS sip:a@b SIP/2.0\r\nTo: <sip:a@h:99999>;;\r\n\r\n").ok());
  EXPECT_EQ(errcOf(msg_.to().error()), Errc::BadParam);
  EXPECT_EQ(errcOf(validate(msg_).error()), Errc::BadPort);
  // Contact '*' with other contacts stays the accessor's error.
  ASSERT_TRUE(parse("REGISTER sip:b SIP/2.0\r\nContact: *\r\nm: <sip:a@b>\r\n\r\n").ok());
  EXPECT_EQ(errcOf(validate(msg_).error()), Errc::BadNameAddr);
}

TEST(HeaderTypes, CanonicalNames) {
  EXPECT_EQ(headerCanonicalName(HeaderType::CallId), "Call-ID");
  EXPECT_EQ(headerCanonicalName(HeaderType::RecordRoute), "Record-Route");
  EXPECT_EQ(headerCanonicalName(HeaderType::WwwAuthenticate), "WWW-Authenticate");
  EXPECT_EQ(headerCanonicalName(HeaderType::Via), "Via");
  EXPECT_EQ(headerCanonicalName(HeaderType::Other), "");
  EXPECT_EQ(classifyHeader("v"), HeaderType::Via);
  EXPECT_EQ(classifyHeader("K"), HeaderType::Supported);
  EXPECT_EQ(classifyHeader("record-ROUTE"), HeaderType::RecordRoute);
  EXPECT_EQ(classifyHeader("C%6Fntact"), HeaderType::Other);
  EXPECT_EQ(classifyHeader("q"), HeaderType::Other);
}

TEST(HeaderTypes, CarriageReturnIsNotAHyphen) {
  // CR | 0x20 is '-': a case-folding compare must not take "Max\rForwards" for Max-Forwards.
  EXPECT_EQ(classifyHeader("Max\rForwards"), HeaderType::Other);
  EXPECT_EQ(classifyHeader("Call\rID"), HeaderType::Other);
  EXPECT_EQ(classifyHeader("MAX-FORWARDS"), HeaderType::MaxForwards);
  EXPECT_EQ(classifyHeader("cAlL-iD"), HeaderType::CallId);
  EXPECT_EQ(classifyHeader("To"), HeaderType::To);
  EXPECT_EQ(classifyHeader("T\x0f"), HeaderType::Other);
  EXPECT_EQ(classifyHeader("Via"), HeaderType::Via);
  EXPECT_EQ(classifyHeader("V\x09\x01"), HeaderType::Other);
  Arena arena;
  Message msg(arena);
  EXPECT_EQ(errcOf(msg.parse("OPTIONS sip:a SIP/2.0\r\nMax\rForwards: 1\r\n\r\n").error()),
            Errc::BadHeaderLine);
}

TEST(HeaderTypes, EveryNameInEveryCase) {
  for (int i = 1; i < 64; ++i) {
    auto t = static_cast<HeaderType>(i);
    std::string name(headerName(t));
    if (name.empty()) break;
    EXPECT_EQ(classifyHeader(name), t) << name;
    std::string upper = name;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(classifyHeader(upper), t) << upper;
    EXPECT_EQ(classifyHeader(headerCanonicalName(t)), t) << name;
    // One byte off anywhere: not this header.
    for (std::size_t k = 0; k < name.size(); ++k) {
      std::string off = name;
      off[k] = static_cast<char>(off[k] ^ 0x01);
      EXPECT_NE(classifyHeader(off), t) << off;
    }
  }
}

// ---------------------------------------------------------------- the SIMD searches

// An exactly sized heap copy: ASan flags any byte read past its end.
std::unique_ptr<char[]> exactCopy(std::string_view s) {
  std::unique_ptr<char[]> p(new char[s.size() ? s.size() : 1]);
  if (!s.empty()) std::memcpy(p.get(), s.data(), s.size());
  return p;
}

TEST(StrFind, SimdAgreesWithBytewiseOnEveryRange) {
  std::mt19937 rng(4475);
  const std::string alphabet = "ab:\n\r \t;,=<>\"";
  for (int round = 0; round < 300; ++round) {
    std::size_t n = rng() % 80;
    std::string text(n, 'x');
    for (char& c : text)
      c = rng() % 4 == 0 ? alphabet[rng() % alphabet.size()] : static_cast<char>('a' + rng() % 26);
    auto buf = exactCopy(text);
    const char* b = buf.get();
    for (std::size_t from = 0; from <= n; ++from) {
      for (std::size_t to = from; to <= n; ++to) {
        const char* p = b + from;
        const char* e = b + to;
        ASSERT_EQ(str::findByte(p, e, '\n'), str::findByteScalar(p, e, '\n')) << from << " " << to;
        ASSERT_EQ(str::findByte(p, e, ':'), str::findByteScalar(p, e, ':'));
        ASSERT_EQ(str::findEither(p, e, ':', '\n'), str::findEitherScalar(p, e, ':', '\n'));
        ASSERT_EQ(str::findEither(p, e, ';', ','), str::findEitherScalar(p, e, ';', ','));
      }
    }
  }
}

TEST(StrFind, MatchesAtEveryPositionOfLongRanges) {
  for (std::size_t n : {15u, 16u, 17u, 31u, 32u, 33u, 47u, 64u, 100u}) {
    for (std::size_t at = 0; at < n; ++at) {
      std::string text(n, '.');
      text[at] = '\n';
      auto buf = exactCopy(text);
      EXPECT_EQ(str::findByte(buf.get(), buf.get() + n, '\n'), buf.get() + at);
      EXPECT_EQ(str::findEither(buf.get(), buf.get() + n, ':', '\n'), buf.get() + at);
      EXPECT_EQ(str::findByte(buf.get(), buf.get() + n, ':'), buf.get() + n);
      EXPECT_EQ(str::findByte(buf.get() + at + 1, buf.get() + n, '\n'), buf.get() + n);
    }
  }
}

// ---------------------------------------------------------------- the scanner against a reference

// The header section as the bytewise scanner (before the SIMD one) indexed it: one line at a
// time, std::string_view searches only, header names classified by comparing with every name.
struct Reference {
  bool ok = true;
  Errc errc = Errc::Ok;
  uint32_t offset = 0;
  std::vector<HeaderField> headers;
  uint32_t headers_end = 0, body_offset = 0;
};

HeaderType referenceClassify(std::string_view name) {
  if (name.size() == 1) return classifyHeader(name);  // the compact forms
  for (int i = 1; i < 64; ++i) {
    auto t = static_cast<HeaderType>(i);
    if (headerName(t).empty()) break;
    if (str::iequals(name, headerName(t))) return t;
  }
  return HeaderType::Other;
}

std::string_view trimSpTab(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Reference referenceScan(std::string_view buf, std::size_t pos, uint32_t max_headers) {
  Reference r;
  auto fail = [&](Errc e, std::size_t at) {
    r.ok = false;
    r.errc = e;
    r.offset = static_cast<uint32_t>(at);
    return r;
  };
  for (;;) {
    std::size_t lf = buf.find('\n', pos);
    if (lf == std::string_view::npos) return fail(Errc::MissingHeaderEnd, pos);
    std::string_view content = buf.substr(pos, lf - pos);
    if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
    if (content.empty()) {
      r.headers_end = static_cast<uint32_t>(pos);
      r.body_offset = static_cast<uint32_t>(lf + 1);
      return r;
    }
    if (content[0] == ' ' || content[0] == '\t') {
      if (r.headers.empty()) return fail(Errc::BadHeaderLine, pos);
      HeaderField& prev = r.headers.back();
      std::string_view more = trimSpTab(content);
      if (!more.empty()) {
        const char* start = prev.value.empty() ? more.data() : prev.value.data();
        prev.value = std::string_view(start, more.data() + more.size() - start);
      }
      prev.line = std::string_view(prev.line.data(), buf.data() + lf + 1 - prev.line.data());
      pos = lf + 1;
      continue;
    }
    std::size_t colon = content.find(':');
    std::string_view name =
        colon == std::string_view::npos ? std::string_view{} : trimSpTab(content.substr(0, colon));
    HeaderType type = name.empty() ? HeaderType::Other : referenceClassify(name);
    if (name.empty() || (type == HeaderType::Other && !str::isTokenString(name)))
      return fail(Errc::BadHeaderLine, pos);
    if (r.headers.size() >= max_headers) return fail(Errc::TooManyHeaders, pos);
    r.headers.push_back(
        {type, name, trimSpTab(content.substr(colon + 1)), buf.substr(pos, lf + 1 - pos)});
    pos = lf + 1;
  }
}

// Compares scan() with the reference on `text` (copied to an exactly sized buffer).
void expectScanAgrees(std::string_view text, const std::string& what, uint32_t max_headers = 256) {
  auto copy = exactCopy(text);
  std::string_view buf(copy.get(), text.size());
  Arena arena;
  ArenaVector<HeaderField> headers;
  ParseLimits limits;
  limits.max_headers = max_headers;
  FirstOfType first{};
  auto scanned = scan(buf, limits, arena, headers, &first);
  // Where the start line ends (the reference covers the header section only).
  std::size_t pos = 0;
  while (pos < buf.size() && (buf[pos] == '\r' || buf[pos] == '\n')) ++pos;
  std::size_t lf = buf.find('\n', pos);
  if (!scanned && (lf == std::string_view::npos || scanned.error().offset <= lf)) return;
  Reference ref = referenceScan(buf, lf + 1, max_headers);
  ASSERT_EQ(scanned.ok(), ref.ok) << what;
  if (!ref.ok) {
    EXPECT_EQ(errcOf(scanned.error()), ref.errc) << what;
    EXPECT_EQ(scanned.error().offset, ref.offset) << what;
    return;
  }
  EXPECT_EQ(scanned->first_header, lf + 1) << what;
  EXPECT_EQ(scanned->headers_end, ref.headers_end) << what;
  EXPECT_EQ(scanned->body_offset, ref.body_offset) << what;
  ASSERT_EQ(headers.size(), ref.headers.size()) << what;
  FirstOfType expected_first{};
  for (std::size_t i = 0; i < headers.size(); ++i) {
    EXPECT_EQ(headers[i].type, ref.headers[i].type) << what << " header " << i;
    EXPECT_EQ(headers[i].name.data(), ref.headers[i].name.data()) << what << " header " << i;
    EXPECT_EQ(headers[i].name.size(), ref.headers[i].name.size()) << what << " header " << i;
    EXPECT_EQ(headers[i].value.data(), ref.headers[i].value.data()) << what << " header " << i;
    EXPECT_EQ(headers[i].value.size(), ref.headers[i].value.size()) << what << " header " << i;
    EXPECT_EQ(headers[i].line.data(), ref.headers[i].line.data()) << what << " header " << i;
    EXPECT_EQ(headers[i].line.size(), ref.headers[i].line.size()) << what << " header " << i;
    auto t = static_cast<std::size_t>(ref.headers[i].type);
    if (expected_first[t] == 0) expected_first[t] = static_cast<uint16_t>(i + 1);
  }
  EXPECT_EQ(first, expected_first) << what;
}

std::vector<std::pair<std::string, std::string>> corpusFiles() {
  std::vector<std::pair<std::string, std::string>> files;
  const char* root = std::getenv("PINHOLE_SOURCE_DIR");
  if (root == nullptr) return files;
  for (const char* dir : {"/tests/corpus/data/rfc4475", "/tests/corpus/data/regressions"}) {
    std::filesystem::path path = std::string(root) + dir;
    if (!std::filesystem::exists(path)) continue;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(path)) {
      if (!entry.is_regular_file() || entry.path().extension() == ".tsv") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      files.emplace_back(entry.path().filename().string(),
                         std::string(std::istreambuf_iterator<char>(in), {}));
    }
  }
  return files;
}

TEST(ScannerAgreement, EveryCorpusFileAndEveryPrefixOfIt) {
  auto files = corpusFiles();
  ASSERT_GE(files.size(), 40u) << "RFC 4475 corpus not found (PINHOLE_SOURCE_DIR)";
  for (const auto& [name, text] : files) {
    expectScanAgrees(text, name);
    expectScanAgrees(text, name + " (4 headers at most)", 4);
    // Every prefix: line ends and colons close to the end of the buffer.
    for (std::size_t n = 0; n < text.size() && n < 2048; ++n)
      expectScanAgrees(std::string_view(text).substr(0, n), name + " prefix " + std::to_string(n));
  }
}

TEST(ScannerAgreement, RandomHeaderSections) {
  std::mt19937 rng(3261);
  const std::vector<std::string> pieces = {
      "Via", "v", "From", "To", "Call-ID", "Max-Forwards", "X-Long-Header-Name", "Route",
      ":", ": ", " : ", "\t", " ", "\r\n", "\n", "\r", "\r\n ", "\r\n\t", "value", "a;b=c",
      "<sip:a@b>", ",", "\r\n\r\n", "0123456789abcdef", "\x7f", std::string(1, '\0')};
  for (int round = 0; round < 20000; ++round) {
    std::string m = round % 2 ? "INVITE sip:a@b SIP/2.0\r\n" : "SIP/2.0 200 OK\n";
    int parts = 1 + static_cast<int>(rng() % 40);
    for (int k = 0; k < parts; ++k) m += pieces[rng() % pieces.size()];
    if (rng() % 2) m += "\r\n\r\nbody";
    expectScanAgrees(m, "random #" + std::to_string(round));
  }
}

}  // namespace
}  // namespace pinhole::sip
