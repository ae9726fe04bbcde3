#include "pinhole/sip/sdp.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "pinhole/strings.h"
#include "pinhole/sip/errors.h"

namespace pinhole::sdp {
namespace {

using namespace std::string_view_literals;

// True when v is a non-null view into body (an empty view may sit at body's end).
bool inside(std::string_view body, std::string_view v) {
  return v.data() >= body.data() && v.data() + v.size() <= body.data() + body.size() &&
         (v.empty() || v.data() < body.data() + body.size());
}

uint32_t offsetOf(std::string_view body, std::string_view v) { return str::offsetIn(body, v); }

class Sdp : public ::testing::Test {
 protected:
  const Session& ok(std::string_view body) {
    auto r = parse(body, arena_);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().detail) << " at "
                        << (r.ok() ? 0 : r.error().offset);
    if (!r.ok()) {
      static const Session empty{};
      return empty;
    }
    return *r.value();
  }
  // Expects a BadSdp error and returns its offset.
  uint32_t bad(std::string_view body) {
    auto r = parse(body, arena_);
    EXPECT_FALSE(r.ok()) << "parsed: " << body;
    if (r.ok()) return Error::kNoOffset;
    EXPECT_EQ(sip::errcOf(r.error()), sip::Errc::BadSdp);
    EXPECT_FALSE(r.error().detail.empty());
    EXPECT_TRUE(r.error().hasOffset());
    EXPECT_LE(r.error().offset, body.size());
    return r.error().offset;
  }
  std::string_view detail(std::string_view body) {
    auto r = parse(body, arena_);
    return r.ok() ? "" : r.error().detail;
  }

  Arena arena_;
};

constexpr std::string_view kAudio =
    "v=0\r\n"
    "o=alice 2890844526 2890844527 IN IP4 192.0.2.10\r\n"
    "s=Call\r\n"
    "c=IN IP4 192.0.2.4\r\n"
    "t=0 0\r\n"
    "m=audio 49170 RTP/AVP 0 8 97\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=rtpmap:97 iLBC/8000\r\n"
    "m=video 51372 RTP/AVP 31 32\r\n"
    "c=IN IP4 192.0.2.5\r\n"
    "a=sendonly\r\n";

TEST_F(Sdp, ParsesBasicAudioVideoOffer) {
  const Session& s = ok(kAudio);
  EXPECT_EQ(s.version, 0u);
  ASSERT_NE(s.origin, nullptr);
  EXPECT_EQ(s.origin->username, "alice");
  EXPECT_EQ(s.origin->sess_id, "2890844526");
  EXPECT_EQ(s.origin->sess_version, "2890844527");
  EXPECT_EQ(s.origin->net_type, "IN");
  EXPECT_EQ(s.origin->addr_type, "IP4");
  EXPECT_EQ(s.origin->address, "192.0.2.10");
  EXPECT_FALSE(s.origin->ipv6);
  EXPECT_EQ(s.origin->line, "o=alice 2890844526 2890844527 IN IP4 192.0.2.10");
  EXPECT_EQ(s.session_name, "Call");
  ASSERT_NE(s.connection, nullptr);
  EXPECT_EQ(s.connection->net_type, "IN");
  EXPECT_EQ(s.connection->addr_type, "IP4");
  EXPECT_EQ(s.connection->address, "192.0.2.4");
  EXPECT_EQ(s.connection->line, "c=IN IP4 192.0.2.4");
  EXPECT_TRUE(s.connection->suffix.empty());
  EXPECT_EQ(s.connection->ttl, 0);
  EXPECT_EQ(s.connection->address_count, 1);
  EXPECT_FALSE(s.connection->ipv6);
  EXPECT_EQ(s.direction, Direction::Unspecified);

  ASSERT_EQ(s.media.size(), 2u);
  const Media& a = s.media[0];
  EXPECT_EQ(a.type, "audio");
  EXPECT_EQ(a.port, 49170);
  EXPECT_EQ(a.port_text, "49170");
  EXPECT_EQ(a.port_count, 1);
  EXPECT_EQ(a.proto, "RTP/AVP");
  EXPECT_EQ(a.formats, "0 8 97");
  EXPECT_EQ(a.format_count, 3u);
  EXPECT_EQ(a.line, "m=audio 49170 RTP/AVP 0 8 97");
  EXPECT_EQ(a.section,
            "m=audio 49170 RTP/AVP 0 8 97\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:97 iLBC/8000\r\n");
  EXPECT_EQ(a.connection(), nullptr);
  EXPECT_EQ(effectiveConnection(s, a), s.connection);
  EXPECT_EQ(a.direction, Direction::Unspecified);
  EXPECT_EQ(effectiveDirection(s, a), Direction::SendRecv);
  EXPECT_EQ(a.rtcp, nullptr);
  EXPECT_TRUE(a.candidates.empty());

  const Media& v = s.media[1];
  EXPECT_EQ(v.type, "video");
  EXPECT_EQ(v.port, 51372);
  EXPECT_EQ(v.formats, "31 32");
  EXPECT_EQ(v.format_count, 2u);
  ASSERT_NE(v.connection(), nullptr);
  EXPECT_EQ(v.connection()->address, "192.0.2.5");
  EXPECT_EQ(effectiveConnection(s, v), v.connection());
  EXPECT_EQ(v.direction, Direction::SendOnly);
  EXPECT_EQ(effectiveDirection(s, v), Direction::SendOnly);
  EXPECT_EQ(v.section, "m=video 51372 RTP/AVP 31 32\r\nc=IN IP4 192.0.2.5\r\na=sendonly\r\n");
  // The sections tile the body from the first m= line to its end.
  EXPECT_EQ(a.section.data() + a.section.size(), v.section.data());
  EXPECT_EQ(v.section.data() + v.section.size(), kAudio.data() + kAudio.size());
}

TEST_F(Sdp, ViewsPointIntoTheOriginalBuffer) {
  // A heap copy, so that a view into some other copy (e.g. a literal) would be caught.
  std::string storage(kAudio);
  std::string_view body = storage;
  const Session& s = ok(body);
  ASSERT_EQ(s.media.size(), 2u);
  EXPECT_EQ(s.body.data(), body.data());
  for (std::string_view v :
       {s.origin->line, s.origin->username, s.origin->sess_id, s.origin->sess_version,
        s.origin->net_type, s.origin->addr_type, s.origin->address, s.session_name,
        s.connection->line, s.connection->net_type, s.connection->addr_type,
        s.connection->address}) {
    EXPECT_TRUE(inside(body, v)) << v;
    EXPECT_TRUE(v.data() >= body.data() && v.data() < body.data() + body.size()) << v;
  }
  for (const Media& m : s.media) {
    for (std::string_view v : {m.section, m.line, m.type, m.port_text, m.proto, m.formats}) {
      EXPECT_TRUE(v.data() >= body.data() && v.data() < body.data() + body.size()) << v;
    }
  }
  // The offsets an editor records land on the right bytes of the original message.
  uint32_t addr = offsetOf(body, s.connection->address);
  EXPECT_EQ(body.substr(addr, s.connection->address.size()), "192.0.2.4");
  EXPECT_EQ(addr, body.find("192.0.2.4"));
  uint32_t port = offsetOf(body, s.media[1].port_text);
  EXPECT_EQ(port, body.find("51372"));
  EXPECT_EQ(offsetOf(body, s.media[1].connection()->address), body.find("192.0.2.5"));
}

TEST_F(Sdp, Ipv6Connection) {
  constexpr auto body =
      "v=0\r\no=- 1 1 IN IP6 2001:db8::10\r\ns=-\r\nc=IN IP6 2001:db8::1\r\nt=0 0\r\n"
      "m=audio 5004 RTP/AVP 0\r\nc=IN IP6 ::ffff:192.0.2.1\r\n"sv;
  const Session& s = ok(body);
  ASSERT_NE(s.connection, nullptr);
  EXPECT_TRUE(s.connection->ipv6);
  EXPECT_EQ(s.connection->addr_type, "IP6");
  EXPECT_EQ(s.connection->address, "2001:db8::1");
  EXPECT_TRUE(s.origin->ipv6);
  EXPECT_EQ(s.origin->address, "2001:db8::10");
  ASSERT_EQ(s.media.size(), 1u);
  ASSERT_NE(s.media[0].connection(), nullptr);
  EXPECT_TRUE(s.media[0].connection()->ipv6);
  EXPECT_EQ(s.media[0].connection()->address, "::ffff:192.0.2.1");
}

TEST_F(Sdp, HostNameConnections) {
  const Session& s = ok("v=0\r\nc=IN IP4 media.example.com\r\nm=audio 1 RTP/AVP 0\r\n"
                        "c=IN IP6 v6.example.net.\r\n");
  EXPECT_EQ(s.connection->address, "media.example.com");
  EXPECT_FALSE(s.connection->ipv6);
  EXPECT_EQ(s.media[0].connection()->address, "v6.example.net.");
  EXPECT_TRUE(s.media[0].connection()->ipv6);
}

TEST_F(Sdp, RejectsBadConnectionAddresses) {
  constexpr std::string_view pre = "v=0\r\nc=IN ";
  for (std::string_view addr :
       {"IP6 2001:db8:::1", "IP6 2001:db8::g", "IP6 1:2:3:4:5:6:7:8:9", "IP6 1.2.3.4",
        "IP6 fe80::1%eth0", "IP4 2001:db8::1", "IP4 256.1.1.1", "IP4 1.2.3", "IP4 1.2.3.4.5",
        "IP4 -bad-.example.com", "IP4 a..b", "IP4 under_score.example", "IP4 [1.2.3.4]"}) {
    std::string body = std::string(pre) + std::string(addr) + "\r\n";
    uint32_t off = bad(body);
    EXPECT_EQ(off, pre.size() + 4) << addr;  // at the address, after "IPx "
    EXPECT_EQ(detail(body), "bad connection address") << addr;
  }
}

TEST_F(Sdp, MulticastTtlAndCount) {
  const Session& s = ok("v=0\r\nc=IN IP4 224.2.1.1/127/3\r\nm=video 1 RTP/AVP 0\r\n"
                        "c=IN IP4 224.2.1.2/64\r\nc=IN IP4 224.2.1.9/64\r\n"
                        "m=audio 2 RTP/AVP 0\r\nc=IN IP6 FF15::101/3\r\n");
  ASSERT_NE(s.connection, nullptr);
  EXPECT_EQ(s.connection->address, "224.2.1.1");
  EXPECT_EQ(s.connection->suffix, "/127/3");
  EXPECT_EQ(s.connection->ttl, 127);
  EXPECT_EQ(s.connection->address_count, 3);
  // address and suffix are adjacent: together they are the connection-address as written.
  EXPECT_EQ(s.connection->address.data() + s.connection->address.size(),
            s.connection->suffix.data());
  ASSERT_EQ(s.media.size(), 2u);
  ASSERT_EQ(s.media[0].connections.size(), 2u);  // layered multicast: several c= per section
  EXPECT_EQ(s.media[0].connections[0].address, "224.2.1.2");
  EXPECT_EQ(s.media[0].connections[0].ttl, 64);
  EXPECT_EQ(s.media[0].connections[0].address_count, 1);
  EXPECT_EQ(s.media[0].connections[1].address, "224.2.1.9");
  const Connection* c6 = s.media[1].connection();
  ASSERT_NE(c6, nullptr);
  EXPECT_EQ(c6->address, "FF15::101");
  EXPECT_EQ(c6->suffix, "/3");
  EXPECT_EQ(c6->ttl, 0);
  EXPECT_EQ(c6->address_count, 3);
}

// Dotted quads are read as inet_pton(AF_INET) reads them: exactly four decimal octets up to 255,
// no leading zeros. Anything else made of digits and dots is a bad address, not a host name.
TEST_F(Sdp, DottedQuadsAsInetPtonReadsThem) {
  for (std::string_view addr : {"0.0.0.0", "255.255.255.255", "10.0.0.1", "1.22.133.244"}) {
    std::string body = "v=0\r\nc=IN IP4 " + std::string(addr) + "\r\n";
    EXPECT_EQ(ok(body).connection->address, addr);
  }
  constexpr std::string_view pre = "v=0\r\nc=IN IP4 ";
  for (std::string_view addr :
       {"192.168.01.20", "01.2.3.4", "1.2.3.00", "1.2.3.0255", "1.2.3.1000", "1.2.3.4.", ".1.2.3",
        "1..2.3", "1.2.3.", "1.2.3.256", "300.1.1.1", "1.2.3.4.5.6.7.8"}) {
    std::string body = std::string(pre) + std::string(addr) + "\r\n";
    EXPECT_EQ(bad(body), pre.size()) << addr;
    EXPECT_EQ(detail(body), "bad connection address") << addr;
  }
  // The same rule in a=rtcp and in candidates.
  constexpr std::string_view media = "v=0\r\nm=audio 1 RTP/AVP 0\r\n";  // 26 bytes
  EXPECT_EQ(bad(std::string(media) + "a=rtcp:9 IN IP4 10.0.0.01\r\n"), 42u);
  std::string cand = std::string(media) + "a=candidate:1 1 udp 1 192.168.01.20 9 typ host\r\n";
  EXPECT_EQ(bad(cand), cand.find("192.168.01.20"));
  EXPECT_EQ(detail(cand), "bad candidate address");
  cand = std::string(media) + "a=candidate:1 1 udp 1 10.0.0.1 9 typ srflx raddr 10.00.0.1\r\n";
  EXPECT_EQ(bad(cand), cand.find("10.00.0.1"));
  EXPECT_EQ(detail(cand), "bad candidate raddr");
}

// Lines and fields are found 16 bytes at a time where the body allows: fields across block
// edges, values of 64 bytes and more, tabs and runs of spaces, and a last line with no line end.
TEST_F(Sdp, FieldsOfEveryLengthAndPlace) {
  for (std::size_t len = 1; len <= 80; ++len) {
    const std::string user(len, 'u');
    const std::string body = "v=0\r\no=" + user + " 1\t2  IN IP4 \t192.0.2.1\r\ns=-\r\n" +
                             "c=IN IP4 " + std::string(len % 7, 'h') + "x.example\r\n" +
                             "m=audio " + std::to_string(len) + "/2 RTP/AVP 0 \t" + user;
    arena_.reset();
    const Session& s = ok(body);
    ASSERT_NE(s.origin, nullptr) << len;
    EXPECT_EQ(s.origin->username, user);
    EXPECT_EQ(s.origin->sess_id, "1");
    EXPECT_EQ(s.origin->sess_version, "2");
    EXPECT_EQ(s.origin->addr_type, "IP4");
    EXPECT_EQ(s.origin->address, "192.0.2.1");
    EXPECT_EQ(s.connection->address, std::string(len % 7, 'h') + "x.example");
    ASSERT_EQ(s.media.size(), 1u);
    EXPECT_EQ(s.media[0].port, len);
    EXPECT_EQ(s.media[0].port_count, 2);
    EXPECT_EQ(s.media[0].format_count, 2u);
    EXPECT_EQ(s.media[0].formats, "0 \t" + user);
    EXPECT_EQ(s.media[0].formats.data() + s.media[0].formats.size(), body.data() + body.size());

    // The same lines with a field too many, each refused at that field.
    const std::string extra = "v=0\r\no=" + user + " 1 2 IN IP4 h " + user + "\r\n";
    EXPECT_EQ(bad(extra), extra.size() - 2 - len) << len;
    EXPECT_EQ(detail(extra), "o= line has more than six fields");
    const std::string last = "v=0\r\nc=IN IP4 h\t" + user;
    EXPECT_EQ(bad(last), last.size() - len) << len;
    EXPECT_EQ(detail(last), "connection has extra fields");
  }
}

// A direction attribute is its whole value (but for trailing white space), in any case.
TEST_F(Sdp, DirectionIsTheWholeValue) {
  EXPECT_EQ(ok("v=0\r\na=SendRecv \t\r\n").direction, Direction::SendRecv);
  EXPECT_EQ(ok("v=0\r\na=InActive").direction, Direction::Inactive);
  for (std::string_view attr : {"a=sendrecvx", "a=sendrec", "a=send recv", "a= sendrecv",
                                "a=sendrecv:1", "a=sendrecw", "a=sendre\x03v"}) {
    std::string body = "v=0\r\n" + std::string(attr) + "\r\na=inactive\r\n";
    EXPECT_EQ(ok(body).direction, Direction::Inactive) << attr;
  }
}

TEST_F(Sdp, RejectsBadFormatAtItsStart) {
  constexpr std::string_view body = "v=0\r\nm=audio 1 RTP/AVP 0 \t 12x\"4 8\r\n";
  EXPECT_EQ(bad(body), body.find("12x"));
  EXPECT_EQ(detail(body), "bad format in m= line");
}

TEST_F(Sdp, RejectsBadMulticastSuffix) {
  EXPECT_EQ(bad("v=0\r\nc=IN IP4 224.2.1.1/256\r\n"), 24u);
  EXPECT_EQ(bad("v=0\r\nc=IN IP4 224.2.1.1/127/0\r\n"), 28u);
  EXPECT_EQ(bad("v=0\r\nc=IN IP4 224.2.1.1/1/2/3\r\n"), 27u);
  EXPECT_EQ(bad("v=0\r\nc=IN IP4 224.2.1.1/\r\n"), 24u);
  EXPECT_EQ(bad("v=0\r\nc=IN IP4 224.2.1.1/x\r\n"), 24u);
  EXPECT_EQ(bad("v=0\r\nc=IN IP6 ff15::1/1/2\r\n"), 23u);  // at the extra "/2"
  EXPECT_EQ(bad("v=0\r\nc=IN IP6 ff15::1/70000\r\n"), 22u);
}

TEST_F(Sdp, RejectsMissingFieldsOnConnection) {
  EXPECT_EQ(bad("v=0\r\nc=\r\n"), 7u);
  EXPECT_EQ(detail("v=0\r\nc=\r\n"), "connection without network type");
  EXPECT_EQ(bad("v=0\r\nc=IN\r\n"), 9u);
  EXPECT_EQ(detail("v=0\r\nc=IN\r\n"), "connection without address type");
  EXPECT_EQ(bad("v=0\r\nc=IN IP4\r\n"), 13u);
  EXPECT_EQ(detail("v=0\r\nc=IN IP4\r\n"), "connection without address");
  EXPECT_EQ(bad("v=0\r\nc=IN IP4 \r\n"), 13u);
  EXPECT_EQ(bad("v=0\r\nc=XX IP4 1.2.3.4\r\n"), 7u);
  EXPECT_EQ(detail("v=0\r\nc=XX IP4 1.2.3.4\r\n"), "network type is not IN");
  EXPECT_EQ(bad("v=0\r\nc=IN IPX 1.2.3.4\r\n"), 10u);
  EXPECT_EQ(bad("v=0\r\nc=IN IP4 1.2.3.4 extra\r\n"), 22u);
  // In a media section too.
  EXPECT_EQ(bad("v=0\r\nm=audio 1 RTP/AVP 0\r\nc=IN IP4\r\n"), 34u);
}

TEST_F(Sdp, PortZeroAndMaximum) {
  const Session& s = ok("v=0\r\nm=audio 0 RTP/AVP 0\r\nm=video 65535 RTP/AVP 0\r\n");
  ASSERT_EQ(s.media.size(), 2u);
  EXPECT_EQ(s.media[0].port, 0);
  EXPECT_EQ(s.media[1].port, 65535);
}

TEST_F(Sdp, PortCount) {
  constexpr auto body = "v=0\r\nc=IN IP4 192.0.2.1\r\nm=audio 49170/2 RTP/AVP 0\r\n"sv;
  const Session& s = ok(body);
  ASSERT_EQ(s.media.size(), 1u);
  EXPECT_EQ(s.media[0].port, 49170);
  EXPECT_EQ(s.media[0].port_text, "49170");
  EXPECT_EQ(s.media[0].port_count, 2);
  EXPECT_EQ(offsetOf(body, s.media[0].port_text), body.find("49170"));
  EXPECT_EQ(s.media[0].formats, "0");
  EXPECT_EQ(s.media[0].format_count, 1u);
}

TEST_F(Sdp, RejectsBadPorts) {
  EXPECT_EQ(bad("v=0\r\nm=audio 70000 RTP/AVP 0\r\n"), 13u);
  EXPECT_EQ(detail("v=0\r\nm=audio 70000 RTP/AVP 0\r\n"), "bad port in m= line");
  EXPECT_EQ(bad("v=0\r\nm=audio 65536 RTP/AVP 0\r\n"), 13u);
  EXPECT_EQ(bad("v=0\r\nm=audio -1 RTP/AVP 0\r\n"), 13u);
  EXPECT_EQ(bad("v=0\r\nm=audio x RTP/AVP 0\r\n"), 13u);
  EXPECT_EQ(bad("v=0\r\nm=audio 99999999999999999999999 RTP/AVP 0\r\n"), 13u);
  EXPECT_EQ(bad("v=0\r\nm=audio 49170/0 RTP/AVP 0\r\n"), 19u);
  EXPECT_EQ(bad("v=0\r\nm=audio 49170/ RTP/AVP 0\r\n"), 19u);
  EXPECT_EQ(bad("v=0\r\nm=audio 49170/2/2 RTP/AVP 0\r\n"), 19u);
  EXPECT_EQ(bad("v=0\r\nm=audio /2 RTP/AVP 0\r\n"), 13u);
}

TEST_F(Sdp, RejectsMissingFieldsOnMedia) {
  EXPECT_EQ(bad("v=0\r\nm=\r\n"), 7u);
  EXPECT_EQ(detail("v=0\r\nm=\r\n"), "m= line without media type");
  EXPECT_EQ(bad("v=0\r\nm=audio\r\n"), 12u);
  EXPECT_EQ(detail("v=0\r\nm=audio\r\n"), "m= line without port");
  EXPECT_EQ(bad("v=0\r\nm=audio 49170\r\n"), 18u);
  EXPECT_EQ(detail("v=0\r\nm=audio 49170\r\n"), "m= line without transport protocol");
  EXPECT_EQ(bad("v=0\r\nm=audio 49170 RTP/AVP\r\n"), 26u);
  EXPECT_EQ(detail("v=0\r\nm=audio 49170 RTP/AVP\r\n"), "m= line without formats");
  EXPECT_EQ(bad("v=0\r\nm=audio 49170 RTP/AVP   \r\n"), 26u);
  EXPECT_EQ(bad("v=0\r\nm=au\"dio 1 RTP/AVP 0\r\n"), 7u);
  EXPECT_EQ(bad("v=0\r\nm=audio 1 RTP;AVP 0\r\n"), 15u);
  EXPECT_EQ(bad("v=0\r\nm=audio 1 RTP/AVP 0 \"8\"\r\n"), 25u);
}

TEST_F(Sdp, MediaProtocolsAndFormats) {
  const Session& s = ok(
      "v=0\r\n"
      "m=audio 9 UDP/TLS/RTP/SAVPF 111 0 8 126\r\n"
      "m=audio 5004 RTP/SAVP 0\r\n"
      "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"
      "m=image 0 udptl t38\r\n"
      "m=video 6000 RTP/AVP  96   97\t98\r\n");
  ASSERT_EQ(s.media.size(), 5u);
  EXPECT_EQ(s.media[0].proto, "UDP/TLS/RTP/SAVPF");
  EXPECT_EQ(s.media[0].formats, "111 0 8 126");
  EXPECT_EQ(s.media[0].format_count, 4u);
  EXPECT_EQ(s.media[1].proto, "RTP/SAVP");
  EXPECT_EQ(s.media[2].type, "application");
  EXPECT_EQ(s.media[2].formats, "webrtc-datachannel");
  EXPECT_EQ(s.media[3].type, "image");
  EXPECT_EQ(s.media[3].proto, "udptl");
  EXPECT_EQ(s.media[3].formats, "t38");
  EXPECT_EQ(s.media[4].formats, "96   97\t98");
  EXPECT_EQ(s.media[4].format_count, 3u);
}

TEST_F(Sdp, RejectsGarbageLines) {
  EXPECT_EQ(bad("v=0\r\nhello world\r\n"), 5u);
  EXPECT_EQ(detail("v=0\r\nhello world\r\n"), "line is not <type>=<value>");
  EXPECT_EQ(bad("v=0\r\n=x\r\n"), 5u);
  EXPECT_EQ(bad("v=0\r\n1=x\r\n"), 5u);
  EXPECT_EQ(bad("v=0\r\nc\r\n"), 5u);
  EXPECT_EQ(bad("v=0\r\nm =audio 1 RTP/AVP 0\r\n"), 5u);
  EXPECT_EQ(bad("v=0\r\n c=IN IP4 1.2.3.4\r\n"), 5u);
  EXPECT_EQ(bad("v=0\r\nm=audio 1 RTP/AVP 0\r\n\x01\x02\r\n"), 26u);
  EXPECT_EQ(bad(std::string_view("v=0\r\n\0=x\r\n", 10)), 5u);
  // A bare CR inside a line is not a line end: the address then carries it and is refused.
  EXPECT_EQ(bad("v=0\r\nc=IN IP4 1.2.3.4\r\r\n"), 14u);
}

TEST_F(Sdp, SkipsUnknownTypesAndAttributes) {
  const Session& s = ok(
      "v=0\r\no=- 1 2 IN IP4 192.0.2.1\r\ns= \r\ni=info\r\nu=http://x\r\ne=a@b\r\np=+1\r\n"
      "b=AS:64\r\nt=0 0\r\nr=7d 1h 0 25h\r\nz=0 0\r\nk=prompt\r\nx=whatever it is\r\n"
      "Q=upper case type\r\na=tool:foo bar\r\na=weird attribute without colon\r\n"
      "m=audio 1 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=fmtp:0 x\r\na=\r\na=:\r\nb=AS:1\r\n");
  EXPECT_EQ(s.session_name, " ");
  ASSERT_EQ(s.media.size(), 1u);
  EXPECT_EQ(s.media[0].port, 1);
  EXPECT_EQ(s.direction, Direction::Unspecified);
}

TEST_F(Sdp, VersionMustComeFirstAndBeZero) {
  EXPECT_EQ(bad(""), 0u);
  EXPECT_EQ(detail(""), "empty SDP body");
  EXPECT_EQ(bad("o=- 1 1 IN IP4 1.2.3.4\r\nv=0\r\n"), 0u);
  EXPECT_EQ(detail("o=- 1 1 IN IP4 1.2.3.4\r\nv=0\r\n"), "SDP does not start with a v= line");
  EXPECT_EQ(bad("\r\nv=0\r\n"), 0u);
  EXPECT_EQ(bad("v=1\r\n"), 2u);
  EXPECT_EQ(detail("v=1\r\n"), "SDP version is not 0");
  EXPECT_EQ(bad("v=\r\n"), 2u);
  EXPECT_EQ(bad("v=00\r\n"), 2u);
  EXPECT_EQ(bad("v=0\r\nv=0\r\n"), 5u);
  EXPECT_EQ(bad("V=0\r\n"), 0u);
  const Session& s = ok("v=0");
  EXPECT_EQ(s.version, 0u);
  EXPECT_EQ(s.origin, nullptr);
  EXPECT_EQ(s.session_name.data(), nullptr);
  EXPECT_EQ(s.connection, nullptr);
  EXPECT_TRUE(s.media.empty());
  EXPECT_TRUE(ok("v=0 \r\n").media.empty());  // trailing white space on a line is tolerated
}

TEST_F(Sdp, LfOnlyLineEndsAndNoFinalNewline) {
  constexpr auto body =
      "v=0\no=- 7 7 IN IP4 192.0.2.3\ns=-\nc=IN IP4 192.0.2.4\nt=0 0\n"
      "m=audio 49217 RTP/AVP 0 12\r\nm=video 3227 RTP/AVP 31"sv;
  const Session& s = ok(body);
  EXPECT_EQ(s.origin->address, "192.0.2.3");
  EXPECT_EQ(s.connection->address, "192.0.2.4");
  EXPECT_EQ(s.connection->line, "c=IN IP4 192.0.2.4");
  ASSERT_EQ(s.media.size(), 2u);
  EXPECT_EQ(s.media[0].formats, "0 12");
  EXPECT_EQ(s.media[0].section, "m=audio 49217 RTP/AVP 0 12\r\n");
  EXPECT_EQ(s.media[1].line, "m=video 3227 RTP/AVP 31");
  EXPECT_EQ(s.media[1].formats, "31");
  EXPECT_EQ(s.media[1].section, "m=video 3227 RTP/AVP 31");
  EXPECT_EQ(s.media[1].section.data() + s.media[1].section.size(), body.data() + body.size());

  // An unterminated last line that ends in a bare CR: the CR is its line end.
  const Session& t = ok("v=0\nc=IN IP4 10.0.0.1\r");
  EXPECT_EQ(t.connection->address, "10.0.0.1");
}

TEST_F(Sdp, EmptyLinesOnlyAtTheEnd) {
  constexpr auto body = "v=0\r\nm=audio 1 RTP/AVP 0\r\n\r\n\r\n"sv;
  const Session& s = ok(body);
  ASSERT_EQ(s.media.size(), 1u);
  EXPECT_EQ(s.media[0].section, "m=audio 1 RTP/AVP 0\r\n\r\n\r\n");
  ok("v=0\n\n");
  EXPECT_EQ(bad("v=0\r\n\r\nm=audio 1 RTP/AVP 0\r\n"), 7u);
  EXPECT_EQ(detail("v=0\r\n\r\nm=audio 1 RTP/AVP 0\r\n"), "SDP line after an empty line");
}

TEST_F(Sdp, MediaLimit) {
  std::string body = "v=0\r\n";
  for (std::size_t i = 0; i < kMaxMedia; ++i)
    body += "m=audio " + std::to_string(i) + " RTP/AVP 0\r\n";
  {
    const Session& s = ok(body);
    ASSERT_EQ(s.media.size(), kMaxMedia);
    EXPECT_EQ(s.media[63].port, 63);
    EXPECT_EQ(s.media[17].port_text, "17");
    for (std::size_t i = 0; i + 1 < kMaxMedia; ++i)
      EXPECT_EQ(s.media[i].section.data() + s.media[i].section.size(), s.media[i + 1].line.data());
  }
  std::size_t extra = body.size();
  body += "m=audio 64 RTP/AVP 0\r\n";
  arena_.reset();
  EXPECT_EQ(bad(body), extra);
  EXPECT_EQ(detail(body), "more than 64 m= lines");
}

TEST_F(Sdp, CandidateLimit) {
  std::string body = "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";
  for (std::size_t i = 0; i < kMaxCandidatesPerMedia; ++i)
    body += "a=candidate:" + std::to_string(i) + " 1 udp 2122260223 192.0.2." +
            std::to_string(i) + " " + std::to_string(50000 + i) + " typ host\r\n";
  {
    const Session& s = ok(body);
    ASSERT_EQ(s.media.size(), 1u);
    ASSERT_EQ(s.media[0].candidates.size(), kMaxCandidatesPerMedia);
    EXPECT_EQ(s.media[0].candidates[63].address, "192.0.2.63");
    EXPECT_EQ(s.media[0].candidates[63].port, 50063);
    EXPECT_EQ(s.media[0].candidates[0].foundation, "0");
  }
  std::size_t extra = body.size();
  body += "a=candidate:x 1 udp 1 192.0.2.99 1 typ host\r\n";
  arena_.reset();
  EXPECT_EQ(bad(body), extra);
  // The limit is per media section.
  std::string two = body.substr(0, extra) + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\n" +
                    "a=candidate:x 1 udp 1 192.0.2.99 1 typ host\r\n";
  arena_.reset();
  const Session& s = ok(two);
  ASSERT_EQ(s.media.size(), 2u);
  EXPECT_EQ(s.media[1].candidates.size(), 1u);
}

TEST_F(Sdp, LineLengthLimit) {
  std::string body = "v=0\r\na=";
  body += std::string(kMaxLineLength - 2, 'x');
  body += "\r\n";
  ok(body);
  std::string longer = "v=0\r\na=" + std::string(kMaxLineLength - 1, 'x') + "\r\n";
  EXPECT_EQ(bad(longer), 5u);
  EXPECT_EQ(detail(longer), "line longer than 4096 bytes");
  std::string first(kMaxLineLength + 1, '0');
  first[0] = 'v';
  first[1] = '=';
  EXPECT_EQ(bad(first), 0u);
}

TEST_F(Sdp, Directions) {
  const Session& s = ok(
      "v=0\r\na=recvonly\r\na=recvonly\r\n"
      "m=audio 1 RTP/AVP 0\r\n"
      "m=audio 2 RTP/AVP 0\r\na=sendonly\r\n"
      "m=audio 3 RTP/AVP 0\r\na=inactive\r\n"
      "m=audio 4 RTP/AVP 0\r\na=sendrecv\r\n"
      "m=audio 5 RTP/AVP 0\r\na=SENDONLY\r\n");
  EXPECT_EQ(s.direction, Direction::RecvOnly);
  ASSERT_EQ(s.media.size(), 5u);
  EXPECT_EQ(s.media[0].direction, Direction::Unspecified);
  EXPECT_EQ(effectiveDirection(s, s.media[0]), Direction::RecvOnly);
  EXPECT_EQ(effectiveDirection(s, s.media[1]), Direction::SendOnly);
  EXPECT_EQ(effectiveDirection(s, s.media[2]), Direction::Inactive);
  EXPECT_EQ(effectiveDirection(s, s.media[3]), Direction::SendRecv);
  EXPECT_EQ(s.media[4].direction, Direction::SendOnly);
  EXPECT_EQ(directionName(Direction::SendRecv), "sendrecv");
  EXPECT_EQ(directionName(Direction::SendOnly), "sendonly");
  EXPECT_EQ(directionName(Direction::RecvOnly), "recvonly");
  EXPECT_EQ(directionName(Direction::Inactive), "inactive");
  EXPECT_EQ(directionName(Direction::Unspecified), "");

  EXPECT_EQ(bad("v=0\r\na=sendonly\r\na=recvonly\r\n"), 17u);
  EXPECT_EQ(detail("v=0\r\na=sendonly\r\na=recvonly\r\n"), "conflicting direction attributes");
  EXPECT_EQ(bad("v=0\r\nm=audio 1 RTP/AVP 0\r\na=inactive\r\na=sendrecv\r\n"), 38u);
  // Session and media level are separate: different values there are fine.
  ok("v=0\r\na=inactive\r\nm=audio 1 RTP/AVP 0\r\na=sendrecv\r\n");
  // A direction name with a value is some other attribute.
  EXPECT_EQ(ok("v=0\r\na=sendonly:x\r\n").direction, Direction::Unspecified);
}

TEST_F(Sdp, Rtcp) {
  constexpr auto body =
      "v=0\r\nc=IN IP4 192.0.2.1\r\n"
      "m=audio 49170 RTP/AVP 0\r\na=rtcp:53020\r\n"
      "m=audio 49172 RTP/AVP 0\r\na=rtcp:53020 IN IP4 126.16.64.4\r\n"
      "m=audio 49174 RTP/AVP 0\r\na=rtcp:9 IN IP6 2001:db8::2\r\n"
      "m=audio 49176 RTP/AVP 0\r\na=rtcp-mux\r\na=rtcp-fb:* nack\r\n"sv;
  const Session& s = ok(body);
  ASSERT_EQ(s.media.size(), 4u);
  const Rtcp* r0 = s.media[0].rtcp;
  ASSERT_NE(r0, nullptr);
  EXPECT_EQ(r0->port, 53020);
  EXPECT_EQ(r0->port_text, "53020");
  EXPECT_EQ(r0->line, "a=rtcp:53020");
  EXPECT_EQ(r0->connection, nullptr);
  const Rtcp* r1 = s.media[1].rtcp;
  ASSERT_NE(r1, nullptr);
  ASSERT_NE(r1->connection, nullptr);
  EXPECT_EQ(r1->connection->address, "126.16.64.4");
  EXPECT_EQ(r1->connection->net_type, "IN");
  EXPECT_FALSE(r1->connection->ipv6);
  EXPECT_EQ(r1->connection->line, "a=rtcp:53020 IN IP4 126.16.64.4");
  EXPECT_EQ(offsetOf(body, r1->connection->address), body.find("126.16.64.4"));
  EXPECT_EQ(offsetOf(body, r1->port_text), body.find("53020 IN"));
  const Rtcp* r2 = s.media[2].rtcp;
  ASSERT_NE(r2, nullptr);
  EXPECT_EQ(r2->port, 9);
  ASSERT_NE(r2->connection, nullptr);
  EXPECT_TRUE(r2->connection->ipv6);
  EXPECT_EQ(r2->connection->address, "2001:db8::2");
  EXPECT_EQ(s.media[3].rtcp, nullptr);  // rtcp-mux and rtcp-fb are other attributes
  // At session level a=rtcp means nothing and is skipped.
  EXPECT_TRUE(ok("v=0\r\na=rtcp:70000\r\n").media.empty());
}

TEST_F(Sdp, RejectsBadRtcp) {
  constexpr std::string_view pre = "v=0\r\nm=audio 1 RTP/AVP 0\r\n";  // 26 bytes
  auto b = [&](std::string_view line) { return bad(std::string(pre) + std::string(line)); };
  EXPECT_EQ(b("a=rtcp:70000\r\n"), 33u);
  EXPECT_EQ(b("a=rtcp:\r\n"), 33u);
  EXPECT_EQ(b("a=rtcp:x1\r\n"), 33u);
  EXPECT_EQ(b("a=rtcp:5 IN IP4\r\n"), 41u);
  EXPECT_EQ(b("a=rtcp:5 IN\r\n"), 37u);
  EXPECT_EQ(b("a=rtcp:5 IN IP4 1.2.3.256\r\n"), 42u);
  EXPECT_EQ(b("a=rtcp:5 IN IP6 1.2.3.4\r\n"), 42u);
  EXPECT_EQ(b("a=rtcp:5\r\na=rtcp:6\r\n"), 36u);
}

constexpr std::string_view kWebRtc =
    "v=0\r\n"
    "o=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n"
    "s=-\r\n"
    "t=0 0\r\n"
    "a=group:BUNDLE 0 1\r\n"
    "a=msid-semantic: WMS stream\r\n"
    "m=audio 54400 UDP/TLS/RTP/SAVPF 111 103 0 8 126\r\n"
    "c=IN IP4 203.0.113.7\r\n"
    "a=rtcp:9 IN IP4 0.0.0.0\r\n"
    "a=candidate:842163049 1 udp 1677729535 203.0.113.7 54400 typ srflx raddr 10.0.1.1 "
    "rport 54400 generation 0 network-cost 999\r\n"
    "a=candidate:2157334355 1 udp 2122260223 10.0.1.1 54400 typ host generation 0\r\n"
    "a=candidate:3470282924 1 tcp 1518280447 10.0.1.1 9 typ host tcptype active generation 0\r\n"
    "a=candidate:1 1 UDP 2130706431 2001:db8::5 54401 typ host\r\n"
    "a=candidate:2 1 udp 2113937151 a5b3c1d2-1111-4e2b-9c3d-0123456789ab.local 54402 typ host\r\n"
    "a=candidate:3 2 udp 16777215 198.51.100.9 61000 typ relay raddr 2001:db8::5 rport 54401\r\n"
    "a=ice-ufrag:EsAw\r\n"
    "a=ice-pwd:P2uYro0UCOQ4zxjKXaWCBui1\r\n"
    "a=fingerprint:sha-256 D2:FA:0E:C3:22:59:5E:14:95:69:92:3D:13:B4:84:24\r\n"
    "a=setup:actpass\r\n"
    "a=mid:0\r\n"
    "a=sendrecv\r\n"
    "a=rtcp-mux\r\n"
    "a=rtpmap:111 opus/48000/2\r\n"
    "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\n"
    "c=IN IP4 0.0.0.0\r\n"
    "a=mid:1\r\n"
    "a=recvonly\r\n"
    "a=candidate:4 1 udp 2122260223 10.0.1.1 54500 typ host\r\n";

TEST_F(Sdp, WebRtcOfferWithCandidates) {
  std::string storage(kWebRtc);
  std::string_view body = storage;
  const Session& s = ok(body);
  EXPECT_EQ(s.origin->sess_id, "4611731400430051336");
  EXPECT_EQ(s.origin->address, "127.0.0.1");
  EXPECT_EQ(s.connection, nullptr);
  ASSERT_EQ(s.media.size(), 2u);

  const Media& a = s.media[0];
  EXPECT_EQ(a.port, 54400);
  EXPECT_EQ(a.proto, "UDP/TLS/RTP/SAVPF");
  EXPECT_EQ(a.format_count, 5u);
  EXPECT_EQ(a.direction, Direction::SendRecv);
  ASSERT_NE(a.rtcp, nullptr);
  EXPECT_EQ(a.rtcp->port, 9);
  ASSERT_NE(a.rtcp->connection, nullptr);
  EXPECT_EQ(a.rtcp->connection->address, "0.0.0.0");
  ASSERT_EQ(a.candidates.size(), 6u);

  const Candidate& c0 = a.candidates[0];
  EXPECT_EQ(c0.foundation, "842163049");
  EXPECT_EQ(c0.component, 1);
  EXPECT_EQ(c0.transport, "udp");
  EXPECT_EQ(c0.priority, 1677729535u);
  EXPECT_EQ(c0.address, "203.0.113.7");
  EXPECT_FALSE(c0.ipv6);
  EXPECT_EQ(c0.port, 54400);
  EXPECT_EQ(c0.port_text, "54400");
  EXPECT_EQ(c0.type, "srflx");
  EXPECT_EQ(c0.raddr, "10.0.1.1");
  EXPECT_FALSE(c0.raddr_ipv6);
  EXPECT_EQ(c0.rport, 54400);
  EXPECT_EQ(c0.rport_text, "54400");
  EXPECT_EQ(c0.line.substr(0, 22), "a=candidate:842163049 ");
  EXPECT_EQ(c0.line.back(), '9');
  EXPECT_EQ(offsetOf(body, c0.address), body.find("203.0.113.7 54400"));
  EXPECT_EQ(offsetOf(body, c0.raddr), body.find("10.0.1.1 rport"));

  const Candidate& c1 = a.candidates[1];
  EXPECT_EQ(c1.type, "host");
  EXPECT_EQ(c1.priority, 2122260223u);
  EXPECT_EQ(c1.raddr.data(), nullptr);
  EXPECT_EQ(c1.rport_text.data(), nullptr);
  EXPECT_EQ(c1.rport, 0);

  const Candidate& c2 = a.candidates[2];
  EXPECT_EQ(c2.transport, "tcp");
  EXPECT_EQ(c2.port, 9);

  const Candidate& c3 = a.candidates[3];
  EXPECT_EQ(c3.transport, "UDP");
  EXPECT_TRUE(c3.ipv6);
  EXPECT_EQ(c3.address, "2001:db8::5");
  EXPECT_EQ(c3.port, 54401);

  const Candidate& c4 = a.candidates[4];
  EXPECT_EQ(c4.address, "a5b3c1d2-1111-4e2b-9c3d-0123456789ab.local");
  EXPECT_FALSE(c4.ipv6);

  const Candidate& c5 = a.candidates[5];
  EXPECT_EQ(c5.component, 2);
  EXPECT_EQ(c5.type, "relay");
  EXPECT_EQ(c5.raddr, "2001:db8::5");
  EXPECT_TRUE(c5.raddr_ipv6);
  EXPECT_EQ(c5.rport, 54401);

  const Media& v = s.media[1];
  EXPECT_EQ(v.port, 9);
  EXPECT_EQ(v.direction, Direction::RecvOnly);
  ASSERT_EQ(v.candidates.size(), 1u);
  EXPECT_EQ(v.candidates[0].port, 54500);
  EXPECT_EQ(v.connection()->address, "0.0.0.0");
  EXPECT_EQ(v.section.substr(0, 8), "m=video ");
  EXPECT_EQ(a.section.data() + a.section.size(), v.section.data());

  for (const Media& m : s.media) {
    for (const Candidate& c : m.candidates) {
      for (std::string_view f : {c.line, c.foundation, c.transport, c.address, c.port_text, c.type})
        EXPECT_TRUE(f.data() >= body.data() && f.data() < body.data() + body.size()) << f;
      if (c.raddr.data()) {
        EXPECT_TRUE(inside(body, c.raddr));
      }
      if (c.rport_text.data()) {
        EXPECT_TRUE(inside(body, c.rport_text));
      }
    }
  }
}

TEST_F(Sdp, RejectsBadCandidates) {
  constexpr std::string_view pre = "v=0\r\nm=audio 1 RTP/AVP 0\r\na=candidate:";  // 38 bytes
  auto b = [&](std::string_view rest) { return bad(std::string(pre) + std::string(rest)); };
  EXPECT_EQ(b("1 1 udp 1 192.0.2.1 1 host\r\n"), 60u);           // no "typ"
  EXPECT_EQ(b("1 1 udp 1 192.0.2.1 1 typ\r\n"), 63u);            // typ without a type
  EXPECT_EQ(b("1 0 udp 1 192.0.2.1 1 typ host\r\n"), 40u);       // component 0
  EXPECT_EQ(b("1 257 udp 1 192.0.2.1 1 typ host\r\n"), 40u);     // component > 256
  EXPECT_EQ(b("1 1 udp 4294967296 192.0.2.1 1 typ host\r\n"), 46u);  // priority > 2^32-1
  EXPECT_EQ(b("1 1 udp 1 192.0.2.300 1 typ host\r\n"), 48u);
  EXPECT_EQ(b("1 1 udp 1 2001:db8:::1 1 typ host\r\n"), 48u);
  EXPECT_EQ(b("1 1 udp 1 192.0.2.1 70000 typ host\r\n"), 58u);
  EXPECT_EQ(b("1 1 udp 1 192.0.2.1 1 typ host raddr\r\n"), 74u);  // name without value
  EXPECT_EQ(b("1 1 udp 1 192.0.2.1 1 typ srflx raddr x..y rport 1\r\n"), 76u);
  EXPECT_EQ(b("1 1 udp 1 192.0.2.1 1 typ srflx raddr 1.2.3.4 rport 65536\r\n"), 90u);
  EXPECT_EQ(b("f;x 1 udp 1 192.0.2.1 1 typ host\r\n"), 38u);     // not an ice-char
  EXPECT_EQ(b("123456789012345678901234567890123 1 udp 1 1.2.3.4 1 typ host\r\n"), 38u);
  EXPECT_EQ(b("\r\n"), 38u);
  EXPECT_EQ(b("1 1\r\n"), 41u);
  // At session level a=candidate means nothing and is skipped.
  ok("v=0\r\na=candidate:garbage\r\n");
}

TEST_F(Sdp, RejectsBadOrigin) {
  EXPECT_EQ(bad("v=0\r\no=- 1 1 IN IP4\r\n"), 19u);
  EXPECT_EQ(detail("v=0\r\no=- 1 1 IN IP4\r\n"), "o= line needs six fields");
  EXPECT_EQ(bad("v=0\r\no=\r\n"), 7u);
  EXPECT_EQ(bad("v=0\r\no=- 1 1 IN IP4 1.2.3.4 extra\r\n"), 28u);
  EXPECT_EQ(bad("v=0\r\no=a 1 1 IN IP4 h\r\no=b 1 1 IN IP4 h\r\n"), 23u);
  EXPECT_EQ(bad("v=0\r\nm=audio 1 RTP/AVP 0\r\no=- 1 1 IN IP4 h\r\n"), 26u);
}

TEST_F(Sdp, RejectsDuplicatesAtSessionLevel) {
  EXPECT_EQ(bad("v=0\r\ns=a\r\ns=b\r\n"), 10u);
  EXPECT_EQ(bad("v=0\r\nm=audio 1 RTP/AVP 0\r\ns=b\r\n"), 26u);
  EXPECT_EQ(bad("v=0\r\nc=IN IP4 1.2.3.4\r\nc=IN IP4 1.2.3.5\r\n"), 23u);
  std::string many = "v=0\r\nm=audio 1 RTP/AVP 0\r\n";
  for (std::size_t i = 0; i < kMaxConnectionsPerMedia; ++i) many += "c=IN IP4 224.0.0.1/1\r\n";
  ok(many);
  std::size_t extra = many.size();
  many += "c=IN IP4 224.0.0.1/1\r\n";
  EXPECT_EQ(bad(many), extra);
}

// The SDP body of RFC 4475 section 3.1.1.1 (wsinv.dat), byte for byte.
constexpr std::string_view kWsinvBody =
    "v=0\r\n"
    "o=mhandley 29739 7272939 IN IP4 192.0.2.3\r\n"
    "s=-\r\n"
    "c=IN IP4 192.0.2.4\r\n"
    "t=0 0\r\n"
    "m=audio 49217 RTP/AVP 0 12\r\n"
    "m=video 3227 RTP/AVP 31\r\n"
    "a=rtpmap:31 LPC\r\n";

void expectWsinv(const Session& s) {
  EXPECT_EQ(s.origin->username, "mhandley");
  EXPECT_EQ(s.origin->sess_id, "29739");
  EXPECT_EQ(s.origin->sess_version, "7272939");
  EXPECT_EQ(s.origin->address, "192.0.2.3");
  EXPECT_EQ(s.session_name, "-");
  EXPECT_EQ(s.connection->address, "192.0.2.4");
  ASSERT_EQ(s.media.size(), 2u);
  EXPECT_EQ(s.media[0].type, "audio");
  EXPECT_EQ(s.media[0].port, 49217);
  EXPECT_EQ(s.media[0].formats, "0 12");
  EXPECT_EQ(s.media[1].type, "video");
  EXPECT_EQ(s.media[1].port, 3227);
  EXPECT_EQ(s.media[1].formats, "31");
  EXPECT_EQ(s.media[1].section, "m=video 3227 RTP/AVP 31\r\na=rtpmap:31 LPC\r\n");
}

TEST_F(Sdp, Rfc4475WsinvBody) {
  ASSERT_EQ(kWsinvBody.size(), 150u);  // its Content-Length
  expectWsinv(ok(kWsinvBody));
}

TEST_F(Sdp, Rfc4475WsinvFile) {
  // The CMake build defines PINHOLE_CORPUS_DATA; a standalone build looks in the source tree.
  std::vector<std::string> paths;
#ifdef PINHOLE_CORPUS_DATA
  paths.push_back(std::string(PINHOLE_CORPUS_DATA) + "/rfc4475/wsinv.dat");
#endif
  if (const char* src = std::getenv("PINHOLE_SOURCE_DIR"))
    paths.push_back(std::string(src) + "/tests/corpus/data/rfc4475/wsinv.dat");
  paths.push_back("tests/corpus/data/rfc4475/wsinv.dat");
  std::string message;
  for (const std::string& path : paths) {
    std::ifstream in(path, std::ios::binary);
    if (in) {
      message.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      break;
    }
  }
  if (message.empty()) GTEST_SKIP() << "wsinv.dat not found";
  std::size_t split = message.find("\r\n\r\n");
  ASSERT_NE(split, std::string::npos);
  std::string_view body = std::string_view(message).substr(split + 4);
  EXPECT_EQ(body, kWsinvBody);
  const Session& s = ok(body);
  expectWsinv(s);
  EXPECT_EQ(s.connection->address.data(), message.data() + message.find("192.0.2.4"));
}

TEST_F(Sdp, ArenaResetAndReuse) {
  for (int i = 0; i < 3; ++i) {
    arena_.reset();
    const Session& s = ok(kWebRtc);
    EXPECT_EQ(s.media.size(), 2u);
    EXPECT_EQ(s.media[0].candidates.size(), 6u);
  }
}

TEST_F(Sdp, ErrorsAreBadSdpValues) {

  auto r = parse("v=0\r\nm=audio 70000 RTP/AVP 0\r\n", arena_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, sip::Errc::BadSdp);
  EXPECT_EQ(r.error().code.category(), sip::sipCategory());
  EXPECT_EQ(r.error().offset, 13u);
  EXPECT_EQ(r.error().detail, "bad port in m= line");
}

}  // namespace
}  // namespace pinhole::sdp
