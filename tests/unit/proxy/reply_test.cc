#include "proxy/reply.h"

#include <gtest/gtest.h>

#include <string>

#include "pinhole/sip/message.h"

namespace pinhole::proxy {
namespace {

const std::string kRequest =
    "OPTIONS sip:proxy.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 192.168.1.10:5062;branch=z9hG4bKabc;rport, SIP/2.0/UDP 10.0.0.1\r\n"
    "Via: SIP/2.0/UDP 10.0.0.2:5070;branch=z9hG4bK2\r\n"
    "From: <sip:alice@example.com>;tag=f1\r\n"
    "To: <sip:proxy.example.com>\r\n"
    "Call-ID: c1@192.168.1.10\r\n"
    "CSeq: 7 OPTIONS\r\n"
    "Max-Forwards: 70\r\n"
    "Content-Length: 0\r\n\r\n";

class ReplyTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(msg_.parse(kRequest).ok()); }
  Arena arena_;
  sip::Message msg_{arena_};
  Source natted_{"203.0.113.9", 40000, false};
};

TEST_F(ReplyTest, StampsReceivedAndRportOnTheTopVia) {
  auto via = msg_.topVia();
  ASSERT_TRUE(via.ok());
  EXPECT_EQ(stampVia(**via, natted_, false, arena_),
            "SIP/2.0/UDP 192.168.1.10:5062;branch=z9hG4bKabc;rport=40000;received=203.0.113.9");
  // The sent-by matches the source: nothing to add unless rport asks for the port.
  Source same{"192.168.1.10", 5062, false};
  EXPECT_EQ(stampVia(**via, same, false, arena_),
            "SIP/2.0/UDP 192.168.1.10:5062;branch=z9hG4bKabc;rport=5062");
}

TEST_F(ReplyTest, ForceRportAddsTheParameter) {
  sip::Message m(arena_);
  ASSERT_TRUE(m.parse("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP 10.1.1.1;branch=z9hG4bK1;"
                      "received=1.1.1.1\r\n\r\n").ok());
  auto via = m.topVia();
  EXPECT_EQ(stampVia(**via, natted_, true, arena_),
            "SIP/2.0/UDP 10.1.1.1;branch=z9hG4bK1;received=203.0.113.9;rport=40000");
  EXPECT_EQ(stampVia(**via, natted_, false, arena_),
            "SIP/2.0/UDP 10.1.1.1;branch=z9hG4bK1;received=203.0.113.9");
}

TEST_F(ReplyTest, DestinationFollowsRfc3261And3581) {
  auto via = msg_.topVia();
  Destination d = replyDestination(**via, natted_, false);
  EXPECT_EQ(d.host, "203.0.113.9");
  EXPECT_EQ(d.port, 40000);  // rport asked: the source port
  sip::Message m(arena_);
  ASSERT_TRUE(m.parse("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP 10.1.1.1:5099;branch=z9hG4bK1"
                      "\r\n\r\n").ok());
  EXPECT_EQ(replyDestination(**m.topVia(), natted_, false).port, 5099);  // sent-by port
  EXPECT_EQ(replyDestination(**m.topVia(), natted_, true).port, 40000);  // force_rport
  Source tcp{"203.0.113.9", 40001, true};
  EXPECT_EQ(replyDestination(**m.topVia(), tcp, false).port, 40001);  // the connection
}

TEST_F(ReplyTest, BuildsACompleteReply) {
  std::string out;
  ASSERT_TRUE(buildReply(msg_, 200, "OK", natted_, false, "tag42", out).ok());
  EXPECT_EQ(out,
            "SIP/2.0 200 OK\r\n"
            "Via: SIP/2.0/UDP 192.168.1.10:5062;branch=z9hG4bKabc;rport=40000;"
            "received=203.0.113.9, SIP/2.0/UDP 10.0.0.1\r\n"
            "Via: SIP/2.0/UDP 10.0.0.2:5070;branch=z9hG4bK2\r\n"
            "From: <sip:alice@example.com>;tag=f1\r\n"
            "To: <sip:proxy.example.com>;tag=tag42\r\n"
            "Call-ID: c1@192.168.1.10\r\n"
            "CSeq: 7 OPTIONS\r\n"
            "Server: Pinhole\r\nContent-Length: 0\r\n\r\n");
  sip::Message reply(arena_);
  ASSERT_TRUE(reply.parse(out).ok());
  EXPECT_EQ(reply.statusCode(), 200);
  EXPECT_EQ((*reply.to())->tag(), "tag42");
}

TEST_F(ReplyTest, NoToTagOn100AndKeepsAnExistingOne) {
  std::string out;
  ASSERT_TRUE(buildReply(msg_, 100, "Trying", natted_, false, "tag42", out).ok());
  EXPECT_NE(out.find("To: <sip:proxy.example.com>\r\n"), std::string::npos);
  sip::Message m(arena_);
  ASSERT_TRUE(m.parse("BYE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
                      "To: <sip:a@b>;tag=x\r\nFrom: <sip:c@d>;tag=y\r\nCall-ID: 1\r\n"
                      "CSeq: 2 BYE\r\n\r\n").ok());
  ASSERT_TRUE(buildReply(m, 481, "Call Does Not Exist", natted_, false, "new", out).ok());
  EXPECT_NE(out.find("To: <sip:a@b>;tag=x\r\n"), std::string::npos);
}

TEST_F(ReplyTest, StatelessTagIsStablePerRequest) {
  std::string_view a = statelessToTag(msg_, 1);
  std::string_view b = statelessToTag(msg_, 1);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.size(), 16u);
  EXPECT_NE(statelessToTag(msg_, 2), a);
}

TEST_F(ReplyTest, ReasonForErrorIsPrintable) {
  Error e = sip::makeError(sip::Errc::BadVia, "empty\r\nparameter");
  EXPECT_EQ(reasonForError(e, arena_), "malformed Via: empty  parameter");
  // A detail that only repeats the kind is not said twice.
  Error same = sip::makeError(sip::Errc::CSeqMethodMismatch,
                              "CSeq method differs from the request method");
  EXPECT_EQ(reasonForError(same, arena_), "CSeq method differs from the request method");
}

TEST_F(ReplyTest, NoTopViaNoReply) {
  sip::Message m(arena_);
  ASSERT_TRUE(m.parse("OPTIONS sip:a@b SIP/2.0\r\n\r\n").ok());
  std::string out;
  EXPECT_FALSE(buildReply(m, 400, "Bad", natted_, false, "t", out).ok());
}

}  // namespace
}  // namespace pinhole::proxy
