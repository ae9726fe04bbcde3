// CANCEL and ACK built for a branch (RFC 3261 9.1, 17.1.1.3).
#include "txn/messages.h"

#include <gtest/gtest.h>

#include <string>

#include "pinhole/arena.h"
#include "support/fake_core.h"

namespace pinhole::txn {
namespace {

using test::crlf;

const std::string kBranchRequest = crlf(R"(INVITE sip:bob@192.0.2.20:5062 SIP/2.0
Via: SIP/2.0/UDP 198.51.100.1:5060;branch=z9hG4bKt00000000000101.1234abcd
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport=5060
Route: <sip:edge.example.net;lr>
Record-Route: <sip:198.51.100.1:5060;lr>
Max-Forwards: 69
To: Bob <sip:bob@example.com>
From: Alice <sip:alice@example.org>;tag=1928301774
Call-ID: a84b4c76e66710@pc33.example.org
CSeq: 314159 INVITE
Contact: <sip:alice@192.0.2.10>
Content-Type: application/sdp
Content-Length: 4

v=0
)");

const std::string kBusy = crlf(R"(SIP/2.0 486 Busy Here
Via: SIP/2.0/UDP 198.51.100.1:5060;branch=z9hG4bKt00000000000101.1234abcd
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport=5060
To: Bob <sip:bob@example.com>;tag=b0b
From: Alice <sip:alice@example.org>;tag=1928301774
Call-ID: a84b4c76e66710@pc33.example.org
CSeq: 314159 INVITE
Content-Length: 0

)");

TEST(BranchMessages, CancelRepeatsTheBranchRequest) {
  Arena arena;
  sip::Message req(arena);
  ASSERT_TRUE(req.parse(kBranchRequest).ok());
  std::string out;
  ASSERT_TRUE(buildCancel(req, out).ok());
  EXPECT_EQ(out, crlf(R"(CANCEL sip:bob@192.0.2.20:5062 SIP/2.0
Via: SIP/2.0/UDP 198.51.100.1:5060;branch=z9hG4bKt00000000000101.1234abcd
Route: <sip:edge.example.net;lr>
From: Alice <sip:alice@example.org>;tag=1928301774
To: Bob <sip:bob@example.com>
Call-ID: a84b4c76e66710@pc33.example.org
CSeq: 314159 CANCEL
Max-Forwards: 70
Content-Length: 0

)"));
  sip::Message parsed(arena);
  EXPECT_TRUE(parsed.parse(out).ok());
}

TEST(BranchMessages, AckTakesTheToTagOfTheResponse) {
  Arena arena;
  sip::Message req(arena), resp(arena);
  ASSERT_TRUE(req.parse(kBranchRequest).ok());
  ASSERT_TRUE(resp.parse(kBusy).ok());
  std::string out;
  ASSERT_TRUE(buildAck(req, resp, out).ok());
  EXPECT_NE(out.find("ACK sip:bob@192.0.2.20:5062 SIP/2.0\r\n"), std::string::npos);
  EXPECT_NE(out.find("To: Bob <sip:bob@example.com>;tag=b0b\r\n"), std::string::npos);
  EXPECT_NE(out.find("CSeq: 314159 ACK\r\n"), std::string::npos);
  EXPECT_EQ(out.find("192.0.2.10:5060"), std::string::npos);  // only our Via
  EXPECT_EQ(out.find("Contact"), std::string::npos);
}

}  // namespace
}  // namespace pinhole::txn
