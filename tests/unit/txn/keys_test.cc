// Transaction matching keys (RFC 3261 17.2.3 and the RFC 2543 fallback) and our branch ids.
#include "txn/keys.h"

#include <gtest/gtest.h>

#include <string>

#include "pinhole/arena.h"
#include "support/fake_core.h"
#include "pinhole/sip/message.h"

namespace pinhole::txn {
namespace {

using test::crlf;

std::string keyOf(const std::string& text, std::string_view as_method = {}) {
  Arena arena;
  sip::Message m(arena);
  EXPECT_TRUE(m.parse(text).ok());
  std::string key;
  EXPECT_TRUE(serverKey(m, key, as_method));
  return key;
}

std::string request(std::string_view method, std::string_view branch, std::string_view cseq_method,
                    std::string_view to_tag = "") {
  std::string s = std::string(method) + " sip:bob@example.com SIP/2.0\n";
  s += "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=" + std::string(branch) + "\n";
  s += "From: <sip:alice@example.org>;tag=f1\n";
  s += "To: <sip:bob@example.com>" + std::string(to_tag) + "\n";
  s += "Call-ID: c1@example.org\nCSeq: 7 " + std::string(cseq_method) + "\n";
  s += "Content-Length: 0\n\n";
  return crlf(s);
}

TEST(ServerKey, AckMatchesItsInviteCancelDoesNotUnlessAsked) {
  std::string invite = keyOf(request("INVITE", "z9hG4bKabc", "INVITE"));
  EXPECT_EQ(keyOf(request("ACK", "z9hG4bKabc", "ACK", ";tag=t9")), invite);
  EXPECT_NE(keyOf(request("CANCEL", "z9hG4bKabc", "CANCEL")), invite);
  EXPECT_EQ(keyOf(request("CANCEL", "z9hG4bKabc", "CANCEL"), "INVITE"), invite);
  EXPECT_NE(keyOf(request("INVITE", "z9hG4bKabd", "INVITE")), invite);
}

TEST(ServerKey, Rfc2543RequestsMatchByTheirFields) {
  std::string invite = keyOf(request("INVITE", "old1", "INVITE"));
  EXPECT_EQ(keyOf(request("INVITE", "old1", "INVITE")), invite);  // retransmission
  EXPECT_EQ(keyOf(request("ACK", "old1", "ACK", ";tag=t9")), invite);
  EXPECT_NE(keyOf(request("INVITE", "old2", "INVITE")), invite);  // another top Via
  EXPECT_EQ(invite.substr(0, 2), "2|");
}

TEST(BranchId, RoundTripsWithAndWithoutTheLoopKey) {
  char text[kBranchIdLength];
  formatBranchId({3, 0xabcdef123456, 17}, text);
  std::string branch(text, kBranchIdLength);
  EXPECT_EQ(branch, "z9hG4bKt03abcdef12345611");
  auto id = parseBranchId(branch);
  ASSERT_TRUE(id);
  EXPECT_EQ(id->worker, 3u);
  EXPECT_EQ(id->transaction, 0xabcdef123456u);
  EXPECT_EQ(id->branch, 17u);
  auto with_key = parseBranchId(branch + ".0011aabb");
  ASSERT_TRUE(with_key);
  EXPECT_EQ(with_key->transaction, 0xabcdef123456u);
}

TEST(BranchId, OtherBranchesAreNotOurs) {
  EXPECT_FALSE(parseBranchId("z9hG4bK776asdhds"));
  EXPECT_FALSE(parseBranchId("z9hG4bK0123456789abcdef.00112233"));  // stateless
  EXPECT_FALSE(parseBranchId("z9hG4bKt03abcdef1234561"));           // short
  EXPECT_FALSE(parseBranchId("z9hG4bKt0Xabcdef12345611"));          // not hex
  EXPECT_FALSE(parseBranchId("z9hG4bKt03abcdef12345611x0011aabb"));  // no dot
}

}  // namespace
}  // namespace pinhole::txn
