// pinhole-sipdump's JSON building (tools/sipdump/json_dump.h), called directly: field names,
// values, nulls for what is absent, the error object, and text that is not UTF-8.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "pinhole/sip/errors.h"
#include "sipdump/json_dump.h"

namespace pinhole::sipdump {
namespace {

using namespace std::string_view_literals;

std::string withLength(std::string head, std::string_view body) {
  head += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  head += body;
  return head;
}

constexpr std::string_view kSdp =
    "v=0\r\n"
    "o=alice 2890844526 2890844526 IN IP4 10.0.0.1\r\n"
    "s=-\r\n"
    "c=IN IP4 10.0.0.1\r\n"
    "t=0 0\r\n"
    "m=audio 49170 RTP/AVP 0 8 101\r\n"
    "a=rtcp:49171 IN IP4 10.0.0.2\r\n"
    "a=sendonly\r\n"
    "m=video 0 RTP/AVP 31\r\n"
    "c=IN IP4 10.0.0.3\r\n"
    "a=candidate:1 1 UDP 2130706431 10.0.0.1 49172 typ host\r\n";

std::string invite() {
  return withLength(
      "INVITE sip:bob@example.com;transport=udp SIP/2.0\r\n"
      "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776asdhds;rport\r\n"
      "v: SIP/2.0/TCP proxy.example.net;branch=z9hG4bKx1;received=192.0.2.9;rport=6000;ttl=16"
      ";maddr=239.1.1.1\r\n"
      "Max-Forwards: 70\r\n"
      "To: Bob <sip:bob@example.com>\r\n"
      "From: \"Alice\" <sip:alice:secret@example.org:5070>;tag=1928301774\r\n"
      "Call-ID: a84b4c76e66710@pc33.example.org\r\n"
      "CSeq: 314159 INVITE\r\n"
      "Contact: <sip:alice@10.0.0.1:5060>;expires=3600;q=0.7\r\n"
      "Route: <sip:p1.example.net;lr>\r\n"
      "Record-Route: <sip:rr.example.net;lr>, <sip:[2001:db8::1]:5062>\r\n"
      "X-Odd: caf\xE9\r\n"
      "Content-Type: application/sdp\r\n",
      kSdp);
}

class SipdumpJson : public ::testing::Test {
 protected:
  Json dump(std::string_view bytes, bool expect_ok = true) {
    buffer_ = bytes;
    Dump d = dumpMessage("msg.sip", buffer_, arena_);
    EXPECT_EQ(d.ok, expect_ok) << render(d.json, true);
    return d.json;
  }
  std::string buffer_;
  Arena arena_;
};

TEST_F(SipdumpJson, InviteStartLineAndRequestUri) {
  Json j = dump(invite());
  EXPECT_EQ(j["file"], "msg.sip");
  EXPECT_EQ(j["kind"], "request");
  EXPECT_EQ(j["method"], "INVITE");
  EXPECT_FALSE(j.contains("status"));
  EXPECT_FALSE(j.contains("error"));
  const Json& ruri = j["request_uri"];
  EXPECT_EQ(ruri["raw"], "sip:bob@example.com;transport=udp");
  EXPECT_EQ(ruri["scheme"], "sip");
  EXPECT_EQ(ruri["user"], "bob");
  EXPECT_TRUE(ruri["password"].is_null());
  EXPECT_EQ(ruri["host"], "example.com");
  EXPECT_EQ(ruri["host_kind"], "name");
  EXPECT_TRUE(ruri["port"].is_null());
  EXPECT_EQ(ruri["params"], Json::parse(R"([{"name":"transport","value":"udp"}])"));
  EXPECT_EQ(ruri["headers"], Json::array());
  // Keys come out in message order, not sorted.
  EXPECT_EQ(j.begin().key(), "file");
  EXPECT_EQ(std::next(j.begin()).key(), "kind");
}

TEST_F(SipdumpJson, InviteVias) {
  Json j = dump(invite());
  ASSERT_EQ(j["via"].size(), 2u);
  const Json& v0 = j["via"][0];
  EXPECT_EQ(v0["transport"], "UDP");
  EXPECT_EQ(v0["host"], "10.0.0.1");
  EXPECT_EQ(v0["port"], 5060);
  EXPECT_EQ(v0["branch"], "z9hG4bK776asdhds");
  EXPECT_EQ(v0["rport"], true);  // requested, no value yet
  EXPECT_TRUE(v0["received"].is_null());
  EXPECT_TRUE(v0["maddr"].is_null());
  EXPECT_TRUE(v0["ttl"].is_null());
  EXPECT_EQ(v0["params"].size(), 2u);
  EXPECT_TRUE(v0["params"][1]["value"].is_null());

  const Json& v1 = j["via"][1];
  EXPECT_EQ(v1["transport"], "TCP");
  EXPECT_EQ(v1["host"], "proxy.example.net");
  EXPECT_TRUE(v1["port"].is_null());
  EXPECT_EQ(v1["received"], "192.0.2.9");
  EXPECT_EQ(v1["rport"], 6000);
  EXPECT_EQ(v1["ttl"], 16);
  EXPECT_EQ(v1["maddr"], "239.1.1.1");
  EXPECT_EQ(v1["params"].size(), 5u);
}

TEST_F(SipdumpJson, InviteAddressesAndScalars) {
  Json j = dump(invite());
  const Json& from = j["from"];
  EXPECT_EQ(from["display"], "\"Alice\"");
  EXPECT_EQ(from["tag"], "1928301774");
  EXPECT_EQ(from["uri"]["raw"], "sip:alice:secret@example.org:5070");
  EXPECT_EQ(from["uri"]["user"], "alice");
  EXPECT_EQ(from["uri"]["password"], "secret");
  EXPECT_EQ(from["uri"]["port"], 5070);
  EXPECT_EQ(from["params"], Json::parse(R"([{"name":"tag","value":"1928301774"}])"));

  const Json& to = j["to"];
  EXPECT_EQ(to["display"], "Bob");
  EXPECT_TRUE(to["tag"].is_null());
  EXPECT_EQ(to["params"], Json::array());

  EXPECT_EQ(j["call_id"], "a84b4c76e66710@pc33.example.org");
  EXPECT_EQ(j["cseq"], Json::parse(R"({"number":314159,"method":"INVITE"})"));
  EXPECT_EQ(j["max_forwards"], 70);

  ASSERT_TRUE(j["contacts"].is_array());
  ASSERT_EQ(j["contacts"].size(), 1u);
  const Json& c = j["contacts"][0];
  EXPECT_TRUE(c["display"].is_null());
  EXPECT_EQ(c["uri"]["host"], "10.0.0.1");
  EXPECT_EQ(c["uri"]["host_kind"], "ipv4");
  EXPECT_EQ(c["expires"], 3600);
  EXPECT_EQ(c["q"], "0.7");
  EXPECT_EQ(c["params"].size(), 2u);

  ASSERT_EQ(j["route"].size(), 1u);
  EXPECT_EQ(j["route"][0]["uri"]["params"], Json::parse(R"([{"name":"lr","value":null}])"));
  ASSERT_EQ(j["record_route"].size(), 2u);
  EXPECT_EQ(j["record_route"][1]["uri"]["host"], "[2001:db8::1]");
  EXPECT_EQ(j["record_route"][1]["uri"]["host_kind"], "ipv6");
  EXPECT_EQ(j["record_route"][1]["uri"]["port"], 5062);

  EXPECT_EQ(j["content_length"], kSdp.size());
  EXPECT_EQ(j["content_type"],
            Json::parse(R"({"type":"application","subtype":"sdp","params":[]})"));
  EXPECT_EQ(j["body_length"], kSdp.size());
  EXPECT_FALSE(j.contains("field_errors"));
}

TEST_F(SipdumpJson, InviteHeadersInOrder) {
  Json j = dump(invite());
  const Json& h = j["headers"];
  ASSERT_EQ(h.size(), 13u);
  EXPECT_EQ(h[0], Json::parse(R"({"name":"Via","type":"Via",
      "value":"SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776asdhds;rport"})"));
  EXPECT_EQ(h[1]["name"], "v");  // as received
  EXPECT_EQ(h[1]["type"], "Via");
  EXPECT_EQ(h[2]["type"], "Max-Forwards");
  EXPECT_EQ(h[5]["type"], "Call-ID");
  EXPECT_EQ(h[6]["type"], "CSeq");
  EXPECT_EQ(h[9]["type"], "Record-Route");
  EXPECT_EQ(h[9]["value"], "<sip:rr.example.net;lr>, <sip:[2001:db8::1]:5062>");
  EXPECT_EQ(h[10]["name"], "X-Odd");
  EXPECT_EQ(h[10]["type"], "other");
  EXPECT_EQ(h[10]["value"], "caf\xC3\xA9");  // Latin-1 0xE9 read as U+00E9
  EXPECT_EQ(h[12], Json::parse(R"({"name":"Content-Length","type":"Content-Length",
      "value":")" + std::to_string(kSdp.size()) + "\"}"));
}

TEST_F(SipdumpJson, InviteSdpSummary) {
  Json j = dump(invite());
  const Json& sdp = j["sdp"];
  ASSERT_TRUE(sdp.is_object()) << render(j, true);
  EXPECT_EQ(sdp["origin"], "10.0.0.1");
  EXPECT_EQ(sdp["connection"], "10.0.0.1");
  ASSERT_EQ(sdp["media"].size(), 2u);
  const Json& audio = sdp["media"][0];
  EXPECT_EQ(audio["type"], "audio");
  EXPECT_EQ(audio["port"], 49170);
  EXPECT_EQ(audio["port_count"], 1);
  EXPECT_EQ(audio["proto"], "RTP/AVP");
  EXPECT_EQ(audio["formats"], Json::parse(R"(["0","8","101"])"));
  EXPECT_TRUE(audio["connection"].is_null());  // only the session-level c=
  EXPECT_EQ(audio["direction"], "sendonly");
  EXPECT_EQ(audio["rtcp"], Json::parse(R"({"port":49171,"address":"10.0.0.2"})"));
  EXPECT_EQ(audio["candidates"], 0);
  const Json& video = sdp["media"][1];
  EXPECT_EQ(video["type"], "video");
  EXPECT_EQ(video["port"], 0);
  EXPECT_EQ(video["formats"], Json::parse(R"(["31"])"));
  EXPECT_EQ(video["connection"], "10.0.0.3");
  EXPECT_EQ(video["direction"], "sendrecv");  // RFC 3264 default
  EXPECT_TRUE(video["rtcp"].is_null());
  EXPECT_EQ(video["candidates"], 1);
}

TEST_F(SipdumpJson, RenderIsOneLineAndRoundTrips) {
  Json j = dump(invite());
  std::string line = render(j, false);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(Json::parse(line), j);
  std::string pretty = render(j, true);
  EXPECT_NE(pretty.find("\n  \"kind\": \"request\""), std::string::npos);
  EXPECT_EQ(Json::parse(pretty), j);
}

TEST_F(SipdumpJson, ResponseStatusAndAbsentFields) {
  Json j = dump(
      "SIP/2.0 180 Ringing\r\n"
      "Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKa\r\n"
      "Call-ID: x@y\r\n"
      "CSeq: 1 INVITE\r\n"
      "\r\n");
  EXPECT_EQ(j["kind"], "response");
  EXPECT_EQ(j["status"], 180);
  EXPECT_EQ(j["reason"], "Ringing");
  EXPECT_FALSE(j.contains("method"));
  EXPECT_FALSE(j.contains("request_uri"));
  // No From/To (a semantic error, RFC 4475 insuf.dat): null, not a failure.
  EXPECT_TRUE(j["from"].is_null());
  EXPECT_TRUE(j["to"].is_null());
  EXPECT_TRUE(j["max_forwards"].is_null());
  EXPECT_TRUE(j["content_length"].is_null());
  EXPECT_TRUE(j["content_type"].is_null());
  EXPECT_TRUE(j["sdp"].is_null());
  EXPECT_EQ(j["contacts"], Json::array());
  EXPECT_EQ(j["route"], Json::array());
  EXPECT_EQ(j["body_length"], 0);
  EXPECT_FALSE(j.contains("field_errors"));
}

TEST_F(SipdumpJson, ContactStarAndOtherSchemes) {
  Json j = dump(withLength(
      "REGISTER sip:example.com SIP/2.0\r\n"
      "Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKb\r\n"
      "To: <tel:+1-201-555-0123;phone-context=example.com>\r\n"
      "From: <urn:service:sos>;tag=9\r\n"
      "Call-ID: r@h\r\n"
      "CSeq: 2 REGISTER\r\n"
      "Contact: *\r\n"
      "Expires: 0\r\n",
      ""));
  EXPECT_EQ(j["contacts"], "*");
  EXPECT_EQ(j["to"]["uri"]["scheme"], "tel");
  EXPECT_EQ(j["to"]["uri"]["number"], "+1-201-555-0123");
  EXPECT_EQ(j["to"]["uri"]["params"][0]["name"], "phone-context");
  EXPECT_EQ(j["from"]["uri"]["scheme"], "urn");
  EXPECT_EQ(j["from"]["uri"]["opaque"], "service:sos");
  EXPECT_FALSE(j["from"]["uri"].contains("host"));
  EXPECT_EQ(j["content_length"], 0);
}

TEST_F(SipdumpJson, ConflictingContentLengthIsAFieldError) {
  Json j = dump(
      "OPTIONS sip:a@example.com SIP/2.0\r\n"
      "Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKc\r\n"
      "Content-Length: 13\r\n"
      "Content-Length: 5\r\n"
      "\r\n"
      "hello");
  EXPECT_TRUE(j["content_length"].is_null());
  ASSERT_TRUE(j.contains("field_errors"));
  ASSERT_EQ(j["field_errors"].size(), 1u);
  EXPECT_EQ(j["field_errors"][0]["field"], "content_length");
  EXPECT_EQ(j["field_errors"][0]["error"], "ConflictingContentLength");
  EXPECT_EQ(j["field_errors"][0]["offset"], buffer_.find("5\r\n"));
  EXPECT_EQ(j["body_length"], 5);
}

TEST_F(SipdumpJson, ParseErrorObject) {
  Json j = dump("INVITE sip:a@example.com SIP/3.0\r\n\r\n", false);
  EXPECT_EQ(j, Json::parse(R"({"file":"msg.sip","stage":"parse","error":"VersionNotSupported",
      "reason":"SIP version is not 2.0","offset":25})"));
}

TEST_F(SipdumpJson, ValidateErrorObject) {
  Json j = dump(
      "OPTIONS sip:a@example.com SIP/2.0\r\n"
      "Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKd\r\n"
      "CSeq: 7 INVITE\r\n"
      "\r\n",
      false);
  EXPECT_EQ(j["stage"], "validate");
  EXPECT_EQ(j["error"], "CSeqMethodMismatch");
  EXPECT_EQ(j["reason"], "CSeq method differs from the request method");
  EXPECT_EQ(j["offset"], buffer_.find("INVITE"));
  EXPECT_FALSE(j.contains("kind"));
}

TEST(SipdumpJsonText, Utf8KeptOtherBytesReadAsLatin1) {
  EXPECT_EQ(jsonText("plain"), "plain");
  constexpr std::string_view kUtf8 = "\xD0\xBF\xE2\x82\xAC\xF0\x9F\x98\x80";  // п€😀
  EXPECT_EQ(jsonText(kUtf8), kUtf8);
  EXPECT_EQ(jsonText("\x91"), "\xC2\x91");
  EXPECT_EQ(jsonText("a\xFF"), "a\xC3\xBF");
  EXPECT_EQ(jsonText("\xC0\xAF"), "\xC3\x80\xC2\xAF");          // overlong '/'
  EXPECT_EQ(jsonText("\xED\xA0\x80"), "\xC3\xAD\xC2\xA0\xC2\x80");  // a surrogate
  EXPECT_EQ(jsonText("\xE2\x82"), "\xC3\xA2\xC2\x82");          // truncated sequence
  EXPECT_EQ(jsonText(std::string_view("a\0b", 3)), std::string_view("a\0b", 3));
}

TEST(SipdumpJsonText, NulAndControlBytesAreEscaped) {
  Json j{{"v", jsonText(std::string_view("a\0\x07\x91", 4))}};
  EXPECT_EQ(render(j, false), R"({"v":"a\u0000\u0007)" "\xC2\x91" R"("})");
}

}  // namespace
}  // namespace pinhole::sipdump
