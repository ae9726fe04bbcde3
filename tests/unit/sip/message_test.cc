#include "pinhole/sip/message.h"

#include <gtest/gtest.h>

#include <string>

#include "pinhole/sip/errors.h"
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

}  // namespace
}  // namespace pinhole::sip
