// EditList (recording rules, conflicts, branch layers) and render() (application order,
// Content-Length upkeep), checked against exact output strings.
#include "pinhole/sip/edit.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "pinhole/sip/errors.h"
#include "pinhole/sip/serializer.h"

namespace pinhole::sip {
namespace {

// A layout built by hand, as the parser would: CRLF or bare-LF headers, first Content-Length.
MessageLayout layoutOf(std::string_view msg) {
  MessageLayout l;
  l.buffer = msg;
  std::size_t end = msg.find("\r\n\r\n");
  std::size_t blank = 2;
  if (end == std::string_view::npos) {
    end = msg.find("\n\n");
    blank = 1;
  }
  l.headers_end = static_cast<uint32_t>(end + blank);
  l.first_header = static_cast<uint32_t>(std::min(msg.find('\n') + 1, std::size_t{l.headers_end}));
  l.body_offset = static_cast<uint32_t>(end + 2 * blank);
  l.body_length = static_cast<uint32_t>(msg.size() - l.body_offset);
  for (std::string_view name : {"\nContent-Length:", "\nl:"}) {
    std::size_t at = msg.find(name);
    if (at == std::string_view::npos || at > end) continue;
    std::size_t v = at + name.size();
    while (msg[v] == ' ') ++v;
    std::size_t e = msg.find_first_of("\r\n", v);
    l.content_length_value = msg.substr(v, e - v);
    break;
  }
  return l;
}

uint32_t offsetOf(std::string_view msg, std::string_view needle) {
  std::size_t at = msg.find(needle);
  EXPECT_NE(at, std::string_view::npos) << needle;
  return static_cast<uint32_t>(at);
}

uint32_t endOf(std::string_view msg, std::string_view needle) {
  return offsetOf(msg, needle) + static_cast<uint32_t>(needle.size());
}

std::string renderOk(const MessageLayout& l, const EditList& edits) {
  std::string out = "stale";
  Result<void> r = render(l, edits, out);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().detail);
  EXPECT_EQ(out.size(), renderedSize(l, edits));
  return out;
}

Errc errcOfResult(const Result<void>& r) { return r.ok() ? Errc::Ok : errcOf(r.error()); }

constexpr std::string_view kInvite =
    "INVITE sip:bob@b.example SIP/2.0\r\n"
    "Via: SIP/2.0/UDP a.example;branch=z9hG4bK1\r\n"
    "Content-Length: 4\r\n"
    "\r\n"
    "abcd";

constexpr std::string_view kNoLength =
    "MESSAGE sip:bob@b.example SIP/2.0\r\n"
    "Via: SIP/2.0/UDP a.example;branch=z9hG4bK2\r\n"
    "\r\n"
    "hello";

TEST(EditList, NoEditsRenderTheOriginal) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList edits(arena, l);
  EXPECT_EQ(renderOk(l, edits), kInvite);
  EXPECT_EQ(edits.sizeDelta(), 0);
}

TEST(EditList, InsertReplaceDelete) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList edits(arena, l);
  ASSERT_TRUE(edits.replace(offsetOf(kInvite, "b.example"), 9, "10.0.0.1:5060").ok());
  ASSERT_TRUE(edits.insert(endOf(kInvite, "a.example"), ";rport").ok());
  ASSERT_TRUE(edits.remove(offsetOf(kInvite, ";branch"), 16).ok());
  EXPECT_EQ(renderOk(l, edits),
            "INVITE sip:bob@10.0.0.1:5060 SIP/2.0\r\n"
            "Via: SIP/2.0/UDP a.example;rport\r\n"
            "Content-Length: 4\r\n"
            "\r\n"
            "abcd");
}

TEST(EditList, RecordOrderDoesNotMatterForDifferentOffsets) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList edits(arena, l);
  ASSERT_TRUE(edits.insert(endOf(kInvite, "a.example"), ";rport").ok());
  ASSERT_TRUE(edits.insert(0, "X").ok());
  ASSERT_TRUE(edits.replace(offsetOf(kInvite, "INVITE"), 6, "OPTIONS").ok());
  EXPECT_EQ(renderOk(l, edits),
            "XOPTIONS sip:bob@b.example SIP/2.0\r\n"
            "Via: SIP/2.0/UDP a.example;rport;branch=z9hG4bK1\r\n"
            "Content-Length: 4\r\n"
            "\r\n"
            "abcd");
}

TEST(EditList, SameOffsetInsertsKeepRecordOrder) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList edits(arena, l);
  uint32_t at = endOf(kInvite, "a.example");
  ASSERT_TRUE(edits.insert(at, ";a").ok());
  ASSERT_TRUE(edits.insert(at, ";b").ok());
  ASSERT_TRUE(edits.insert(at, ";c").ok());
  EXPECT_EQ(renderOk(l, edits),
            "INVITE sip:bob@b.example SIP/2.0\r\n"
            "Via: SIP/2.0/UDP a.example;a;b;c;branch=z9hG4bK1\r\n"
            "Content-Length: 4\r\n"
            "\r\n"
            "abcd");
}

TEST(EditList, InsertsAtTheEdgesOfADeleteComeBeforeAndAfterIt) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList edits(arena, l);
  uint32_t at = offsetOf(kInvite, "b.example");
  ASSERT_TRUE(edits.insert(at + 9, "]").ok());
  ASSERT_TRUE(edits.replace(at, 9, "h").ok());
  ASSERT_TRUE(edits.insert(at, "[").ok());  // recorded after the replace, still rendered before
  EXPECT_EQ(renderOk(l, edits).substr(0, 25), "INVITE sip:bob@[h] SIP/2.");
}

TEST(EditList, AdjacentDeletesAreAllowed) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList edits(arena, l);
  ASSERT_TRUE(edits.remove(0, 7).ok());
  ASSERT_TRUE(edits.replace(7, 4, "tel:").ok());
  EXPECT_EQ(renderOk(l, edits).substr(0, 13), "tel:bob@b.exa");
}

TEST(EditList, OverlappingDeletesAreRefused) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList edits(arena, l);
  ASSERT_TRUE(edits.remove(10, 10).ok());
  EXPECT_EQ(errcOfResult(edits.remove(15, 10)), Errc::EditConflict);   // overlaps the end
  EXPECT_EQ(errcOfResult(edits.remove(5, 6)), Errc::EditConflict);     // overlaps the start
  EXPECT_EQ(errcOfResult(edits.remove(12, 2)), Errc::EditConflict);    // inside
  EXPECT_EQ(errcOfResult(edits.remove(5, 30)), Errc::EditConflict);    // around
  EXPECT_EQ(errcOfResult(edits.replace(10, 10, "x")), Errc::EditConflict);  // identical
  EXPECT_EQ(errcOfResult(edits.replace(19, 1, "x")), Errc::EditConflict);
  Result<void> r = edits.replace(15, 1, "x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().offset, 15u);
  // The refused edits left nothing behind.
  ASSERT_EQ(edits.own().size(), 1u);
  std::string expected = std::string(kInvite.substr(0, 10)) + std::string(kInvite.substr(20));
  EXPECT_EQ(renderOk(l, edits), expected);
}

TEST(EditList, InsertStrictlyInsideADeleteIsRefused) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList edits(arena, l);
  ASSERT_TRUE(edits.replace(10, 10, "y").ok());
  EXPECT_EQ(errcOfResult(edits.insert(11, "x")), Errc::EditConflict);
  EXPECT_EQ(errcOfResult(edits.insert(19, "x")), Errc::EditConflict);
  EXPECT_TRUE(edits.insert(10, "<").ok());
  EXPECT_TRUE(edits.insert(20, ">").ok());
}

TEST(EditList, DeleteAroundAnEarlierInsertIsRefused) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList edits(arena, l);
  ASSERT_TRUE(edits.insert(15, "x").ok());
  EXPECT_EQ(errcOfResult(edits.remove(10, 10)), Errc::EditConflict);
  EXPECT_TRUE(edits.remove(15, 5).ok());  // starts at the insert: insert stays before it
  EXPECT_TRUE(edits.remove(10, 5).ok());  // ends at the insert
  EXPECT_EQ(renderOk(l, edits).substr(0, 15), "INVITE sipxmple");
}

TEST(EditList, OutOfRange) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList edits(arena, l);
  auto size = static_cast<uint32_t>(kInvite.size());
  EXPECT_EQ(errcOfResult(edits.insert(size + 1, "x")), Errc::EditOutOfRange);
  EXPECT_EQ(errcOfResult(edits.remove(size - 2, 3)), Errc::EditOutOfRange);
  EXPECT_EQ(errcOfResult(edits.remove(1, UINT32_MAX)), Errc::EditOutOfRange);
  EXPECT_EQ(errcOfResult(edits.replace(UINT32_MAX, 1, "x")), Errc::EditOutOfRange);
  // The empty line ending the headers is the serializer's.
  EXPECT_EQ(errcOfResult(edits.remove(l.headers_end, 2)), Errc::EditOutOfRange);
  EXPECT_EQ(errcOfResult(edits.remove(l.headers_end - 2, 3)), Errc::EditOutOfRange);
  EXPECT_EQ(errcOfResult(edits.insert(l.headers_end + 1, "x")), Errc::EditOutOfRange);
  EXPECT_TRUE(edits.insert(size, "!").ok());  // at the very end is inside
  EXPECT_TRUE(edits.own().size() == 1);
}

TEST(EditList, BytesBeyondTheFramedBodyAreNeitherEditableNorRendered) {
  Arena arena;
  std::string_view msg = "OPTIONS sip:a SIP/2.0\r\nContent-Length: 2\r\n\r\nokJUNK";
  MessageLayout l = layoutOf(msg);
  l.body_length = 2;
  EditList edits(arena, l);
  EXPECT_EQ(errcOfResult(edits.insert(static_cast<uint32_t>(msg.size()), "x")),
            Errc::EditOutOfRange);
  EXPECT_EQ(renderOk(l, edits), "OPTIONS sip:a SIP/2.0\r\nContent-Length: 2\r\n\r\nok");
}

TEST(EditList, NoOpEditsRecordNothing) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList edits(arena, l);
  EXPECT_TRUE(edits.insert(3, "").ok());
  EXPECT_TRUE(edits.remove(3, 0).ok());
  EXPECT_TRUE(edits.replace(3, 0, "").ok());
  EXPECT_TRUE(edits.own().empty());
  EXPECT_TRUE(edits.replace(3, 0, "Z").ok());  // a zero-length replace is an insert
  ASSERT_EQ(edits.own().size(), 1u);
  EXPECT_EQ(edits.own()[0].kind, EditKind::Insert);
}

TEST(EditList, TextsAreCopiedIntoTheArena) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList edits(arena, l);
  {
    std::string via = "Via: SIP/2.0/UDP proxy.example;branch=z9hG4bKp";
    std::string param = ";lr-that-is-long-enough-to-live-on-the-heap";
    ASSERT_TRUE(edits.prependHeader(via).ok());
    ASSERT_TRUE(edits.insert(endOf(kInvite, "b.example"), param).ok());
    via.assign(via.size(), '#');
    param.assign(param.size(), '#');
  }
  EXPECT_EQ(renderOk(l, edits),
            "INVITE sip:bob@b.example;lr-that-is-long-enough-to-live-on-the-heap SIP/2.0\r\n"
            "Via: SIP/2.0/UDP proxy.example;branch=z9hG4bKp\r\n"
            "Via: SIP/2.0/UDP a.example;branch=z9hG4bK1\r\n"
            "Content-Length: 4\r\n"
            "\r\n"
            "abcd");
}

TEST(EditList, AddedHeadersGoAtTheEndInCallOrder) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList edits(arena, l);
  ASSERT_TRUE(edits.addHeader("Record-Route: <sip:p1;lr>").ok());
  ASSERT_TRUE(edits.addHeader("X-Two: 2").ok());
  EXPECT_EQ(renderOk(l, edits),
            "INVITE sip:bob@b.example SIP/2.0\r\n"
            "Via: SIP/2.0/UDP a.example;branch=z9hG4bK1\r\n"
            "Content-Length: 4\r\n"
            "Record-Route: <sip:p1;lr>\r\n"
            "X-Two: 2\r\n"
            "\r\n"
            "abcd");
}

TEST(EditList, PrependedHeadersStackLikeVias) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList edits(arena, l);
  ASSERT_TRUE(edits.prependHeader("Via: SIP/2.0/UDP p1;branch=z9hG4bK1a").ok());
  ASSERT_TRUE(edits.addHeader("X-End: 1").ok());
  ASSERT_TRUE(edits.prependHeader("Via: SIP/2.0/UDP p2;branch=z9hG4bK2a").ok());
  EXPECT_EQ(renderOk(l, edits),
            "INVITE sip:bob@b.example SIP/2.0\r\n"
            "Via: SIP/2.0/UDP p2;branch=z9hG4bK2a\r\n"
            "Via: SIP/2.0/UDP p1;branch=z9hG4bK1a\r\n"
            "Via: SIP/2.0/UDP a.example;branch=z9hG4bK1\r\n"
            "Content-Length: 4\r\n"
            "X-End: 1\r\n"
            "\r\n"
            "abcd");
}

TEST(EditList, PrependGoesAboveAnInsertAndADeleteOfTheFirstHeader) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList edits(arena, l);
  uint32_t first = edits.firstHeaderOffset();
  EXPECT_EQ(first, offsetOf(kInvite, "Via:"));
  ASSERT_TRUE(edits.insert(first, "X-Inserted: 1\r\n").ok());
  ASSERT_TRUE(edits.remove(first, offsetOf(kInvite, "Content-Length") - first).ok());
  ASSERT_TRUE(edits.prependHeader("Via: SIP/2.0/UDP p").ok());
  EXPECT_EQ(renderOk(l, edits),
            "INVITE sip:bob@b.example SIP/2.0\r\n"
            "Via: SIP/2.0/UDP p\r\n"
            "X-Inserted: 1\r\n"
            "Content-Length: 4\r\n"
            "\r\n"
            "abcd");
}

TEST(EditList, HeadersIntoAMessageWithoutHeaderLines) {
  Arena arena;
  std::string_view msg = "OPTIONS sip:a SIP/2.0\r\n\r\n";
  MessageLayout l = layoutOf(msg);
  EditList edits(arena, l);
  ASSERT_TRUE(edits.addHeader("B: 2").ok());
  ASSERT_TRUE(edits.prependHeader("A: 1").ok());
  EXPECT_EQ(renderOk(l, edits), "OPTIONS sip:a SIP/2.0\r\nA: 1\r\nB: 2\r\n\r\n");
}

TEST(EditList, AddedHeaderLinesMustBeOneNonEmptyLine) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList edits(arena, l);
  EXPECT_EQ(errcOfResult(edits.addHeader("")), Errc::BadHeaderLine);
  EXPECT_EQ(errcOfResult(edits.addHeader("A: 1\r\nB: 2")), Errc::BadHeaderLine);
  EXPECT_EQ(errcOfResult(edits.prependHeader("A: 1\n")), Errc::BadHeaderLine);
  EXPECT_TRUE(edits.own().empty());
}

TEST(EditList, AddedHeadersGetCrlfInABareLfMessage) {
  Arena arena;
  std::string_view msg = "OPTIONS sip:a SIP/2.0\nVia: x\nContent-Length: 0\n\n";
  MessageLayout l = layoutOf(msg);
  EditList edits(arena, l);
  ASSERT_TRUE(edits.addHeader("Y: 1").ok());
  ASSERT_TRUE(edits.prependHeader("V: 2").ok());
  EXPECT_EQ(renderOk(l, edits),
            "OPTIONS sip:a SIP/2.0\nV: 2\r\nVia: x\nContent-Length: 0\nY: 1\r\n\n");
}

TEST(EditList, BodyEditAfterSetBodyIsRefused) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList edits(arena, l);
  ASSERT_TRUE(edits.setBody("new").ok());
  EXPECT_EQ(errcOfResult(edits.insert(l.body_offset + 1, "x")), Errc::EditConflict);
  EXPECT_EQ(errcOfResult(edits.insert(l.body_offset + l.body_length, "x")), Errc::EditConflict);
  EXPECT_EQ(errcOfResult(edits.remove(l.body_offset, 1)), Errc::EditConflict);
  EXPECT_EQ(errcOfResult(edits.setBody("again")), Errc::EditConflict);
  EXPECT_TRUE(edits.addHeader("X: header edits are still fine").ok());
  EXPECT_TRUE(edits.bodyReplaced());
}

TEST(EditList, SetBodyAfterABodyEditIsRefused) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList edits(arena, l);
  ASSERT_TRUE(edits.insert(l.body_offset + l.body_length, "e").ok());
  EXPECT_EQ(errcOfResult(edits.setBody("new")), Errc::EditConflict);
  EXPECT_EQ(renderOk(l, edits),
            "INVITE sip:bob@b.example SIP/2.0\r\n"
            "Via: SIP/2.0/UDP a.example;branch=z9hG4bK1\r\n"
            "Content-Length: 5\r\n"
            "\r\n"
            "abcde");
}

TEST(EditList, SetBodyOnAnEmptyBodyTwiceIsRefused) {
  Arena arena;
  std::string_view msg = "OPTIONS sip:a SIP/2.0\r\nContent-Length: 0\r\n\r\n";
  MessageLayout l = layoutOf(msg);
  EditList edits(arena, l);
  ASSERT_TRUE(edits.setBody("v=0\r\n").ok());
  EXPECT_EQ(errcOfResult(edits.setBody("v=1\r\n")), Errc::EditConflict);
  EXPECT_EQ(renderOk(l, edits), "OPTIONS sip:a SIP/2.0\r\nContent-Length: 5\r\n\r\nv=0\r\n");
}

TEST(EditList, BranchEditsDoNotLeakIntoTheParent) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList request(arena, l);
  ASSERT_TRUE(request.prependHeader("Via: SIP/2.0/UDP p;branch=z9hG4bKreq").ok());
  EditList branch(arena, request);
  EXPECT_EQ(branch.depth(), 2u);
  ASSERT_TRUE(branch.replace(offsetOf(kInvite, "b.example"), 9, "10.0.0.9").ok());
  ASSERT_TRUE(branch.setBody("xy").ok());
  EXPECT_EQ(renderOk(l, request),
            "INVITE sip:bob@b.example SIP/2.0\r\n"
            "Via: SIP/2.0/UDP p;branch=z9hG4bKreq\r\n"
            "Via: SIP/2.0/UDP a.example;branch=z9hG4bK1\r\n"
            "Content-Length: 4\r\n"
            "\r\n"
            "abcd");
  EXPECT_EQ(renderOk(l, branch),
            "INVITE sip:bob@10.0.0.9 SIP/2.0\r\n"
            "Via: SIP/2.0/UDP p;branch=z9hG4bKreq\r\n"
            "Via: SIP/2.0/UDP a.example;branch=z9hG4bK1\r\n"
            "Content-Length: 2\r\n"
            "\r\n"
            "xy");
  EXPECT_FALSE(request.bodyEdited());
  EXPECT_TRUE(branch.bodyEdited());
}

TEST(EditList, SiblingBranchesAreIndependent) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList request(arena, l);
  EditList b1(arena, request);
  EditList b2(arena, request);
  uint32_t host = offsetOf(kInvite, "b.example");
  ASSERT_TRUE(b1.replace(host, 9, "h1").ok());
  ASSERT_TRUE(b2.replace(host, 9, "h2").ok());  // no conflict: different layers, same parent
  EXPECT_EQ(renderOk(l, b1).substr(0, 17), "INVITE sip:bob@h1");
  EXPECT_EQ(renderOk(l, b2).substr(0, 17), "INVITE sip:bob@h2");
}

TEST(EditList, BranchEditConflictingWithTheParentIsRefused) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList request(arena, l);
  ASSERT_TRUE(request.remove(10, 10).ok());
  ASSERT_TRUE(request.setBody("sdp").ok());
  EditList branch(arena, request);
  EXPECT_EQ(errcOfResult(branch.remove(15, 10)), Errc::EditConflict);
  EXPECT_EQ(errcOfResult(branch.insert(12, "x")), Errc::EditConflict);
  EXPECT_EQ(errcOfResult(branch.insert(l.body_offset + 1, "x")), Errc::EditConflict);
  EXPECT_EQ(errcOfResult(branch.setBody("other")), Errc::EditConflict);
  EXPECT_TRUE(branch.own().empty());
}

TEST(EditList, BranchLayerOrderAtOneOffset) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList request(arena, l);
  uint32_t at = endOf(kInvite, "a.example");
  ASSERT_TRUE(request.prependHeader("Via: req").ok());
  ASSERT_TRUE(request.insert(at, ";req").ok());
  ASSERT_TRUE(request.addHeader("X-Req: 1").ok());
  EditList branch(arena, request);
  ASSERT_TRUE(branch.prependHeader("Via: branch").ok());
  ASSERT_TRUE(branch.insert(at, ";branch").ok());
  ASSERT_TRUE(branch.addHeader("X-Branch: 1").ok());
  // Parent chain first for inserts and added headers; the branch's Via on top.
  EXPECT_EQ(renderOk(l, branch),
            "INVITE sip:bob@b.example SIP/2.0\r\n"
            "Via: branch\r\n"
            "Via: req\r\n"
            "Via: SIP/2.0/UDP a.example;req;branch;branch=z9hG4bK1\r\n"
            "Content-Length: 4\r\n"
            "X-Req: 1\r\n"
            "X-Branch: 1\r\n"
            "\r\n"
            "abcd");
}

TEST(EditList, ThreeLayers) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList request(arena, l);
  EditList branch(arena, request);
  EditList retry(arena, branch);
  ASSERT_TRUE(request.insert(0, "1").ok());
  ASSERT_TRUE(branch.insert(0, "2").ok());
  ASSERT_TRUE(retry.insert(0, "3").ok());
  EXPECT_EQ(renderOk(l, retry).substr(0, 9), "123INVITE");
  EXPECT_EQ(renderOk(l, branch).substr(0, 8), "12INVITE");
}

TEST(EditList, LayersNestedTooDeeplyAreRefused) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList l1(arena, l);
  EditList l2(arena, l1), l3(arena, l2), l4(arena, l3), l5(arena, l4), l6(arena, l5),
      l7(arena, l6), l8(arena, l7);
  EditList l9(arena, l8);
  EXPECT_TRUE(l8.insert(0, "x").ok());
  EXPECT_EQ(errcOfResult(l9.insert(0, "x")), Errc::EditOutOfRange);
  std::string out;
  EXPECT_EQ(errcOfResult(render(l, l9, out)), Errc::EditOutOfRange);
  EXPECT_EQ(renderOk(l, l8).substr(0, 7), "xINVITE");
}

TEST(EditList, ParentEditRecordedAfterTheBranchConflictIsCaughtAtRender) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList request(arena, l);
  EditList branch(arena, request);
  ASSERT_TRUE(branch.remove(10, 10).ok());
  ASSERT_TRUE(request.remove(15, 10).ok());  // the request cannot see its branches
  std::string out;
  EXPECT_EQ(errcOfResult(render(l, branch, out)), Errc::EditConflict);
  EXPECT_TRUE(out.empty());
}

TEST(Serializer, SetBodyLongerRewritesContentLength) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList edits(arena, l);
  ASSERT_TRUE(edits.setBody("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\n").ok());
  EXPECT_EQ(renderOk(l, edits),
            "INVITE sip:bob@b.example SIP/2.0\r\n"
            "Via: SIP/2.0/UDP a.example;branch=z9hG4bK1\r\n"
            "Content-Length: 30\r\n"
            "\r\n"
            "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\n");
}

TEST(Serializer, SetBodyShorterRewritesContentLength) {
  Arena arena;
  std::string_view msg = "INVITE sip:a SIP/2.0\r\nContent-Length:   12\r\n\r\n0123456789ab";
  MessageLayout l = layoutOf(msg);
  EditList edits(arena, l);
  ASSERT_TRUE(edits.setBody("xyz").ok());
  EXPECT_EQ(renderOk(l, edits), "INVITE sip:a SIP/2.0\r\nContent-Length:   3\r\n\r\nxyz");
}

TEST(Serializer, SetBodyEmptyRewritesContentLengthToZero) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList edits(arena, l);
  ASSERT_TRUE(edits.setBody("").ok());
  EXPECT_EQ(renderOk(l, edits),
            "INVITE sip:bob@b.example SIP/2.0\r\n"
            "Via: SIP/2.0/UDP a.example;branch=z9hG4bK1\r\n"
            "Content-Length: 0\r\n"
            "\r\n");
}

TEST(Serializer, SetBodyOfTheSameLengthKeepsContentLength) {
  Arena arena;
  std::string_view msg = "INVITE sip:a SIP/2.0\r\nContent-Length: 004\r\n\r\nabcd";
  MessageLayout l = layoutOf(msg);
  EditList edits(arena, l);
  ASSERT_TRUE(edits.setBody("wxyz").ok());
  EXPECT_EQ(renderOk(l, edits), "INVITE sip:a SIP/2.0\r\nContent-Length: 004\r\n\r\nwxyz");
}

TEST(Serializer, SetBodyWithoutContentLengthAddsOneAfterAddedHeaders) {
  Arena arena;
  MessageLayout l = layoutOf(kNoLength);
  ASSERT_EQ(l.content_length_value.data(), nullptr);
  EditList edits(arena, l);
  ASSERT_TRUE(edits.setBody("hello, world").ok());
  ASSERT_TRUE(edits.addHeader("Record-Route: <sip:p;lr>").ok());
  EXPECT_EQ(renderOk(l, edits),
            "MESSAGE sip:bob@b.example SIP/2.0\r\n"
            "Via: SIP/2.0/UDP a.example;branch=z9hG4bK2\r\n"
            "Record-Route: <sip:p;lr>\r\n"
            "Content-Length: 12\r\n"
            "\r\n"
            "hello, world");
}

TEST(Serializer, NoContentLengthAndUnchangedBodyAddsNothing) {
  Arena arena;
  MessageLayout l = layoutOf(kNoLength);
  EditList edits(arena, l);
  ASSERT_TRUE(edits.addHeader("X: 1").ok());
  EXPECT_EQ(renderOk(l, edits),
            "MESSAGE sip:bob@b.example SIP/2.0\r\n"
            "Via: SIP/2.0/UDP a.example;branch=z9hG4bK2\r\n"
            "X: 1\r\n"
            "\r\n"
            "hello");
}

TEST(Serializer, EditsInsideTheBodyUpdateContentLength) {
  Arena arena;
  std::string_view msg =
      "INVITE sip:a SIP/2.0\r\nContent-Length: 38\r\n\r\n"
      "v=0\r\nc=IN IP4 192.168.1.2\r\nm=audio 4\r\n";
  MessageLayout l = layoutOf(msg);
  ASSERT_EQ(l.body_length, 38u);
  EditList edits(arena, l);
  ASSERT_TRUE(edits.replace(offsetOf(msg, "192.168.1.2"), 11, "203.0.113.77").ok());
  ASSERT_TRUE(edits.replace(offsetOf(msg, "4\r\n"), 1, "40000").ok());
  ASSERT_TRUE(edits.insert(l.body_offset + l.body_length, "a=rtcp:40001\r\n").ok());
  ASSERT_TRUE(edits.remove(l.body_offset, 5).ok());
  EXPECT_EQ(renderOk(l, edits),
            "INVITE sip:a SIP/2.0\r\nContent-Length: 52\r\n\r\n"
            "c=IN IP4 203.0.113.77\r\nm=audio 40000\r\na=rtcp:40001\r\n");
}

TEST(Serializer, BodyEditsThatKeepTheLengthLeaveContentLengthAlone) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList edits(arena, l);
  ASSERT_TRUE(edits.replace(l.body_offset + 1, 2, "BC").ok());
  EXPECT_EQ(edits.bodyDelta(), 0);
  EXPECT_EQ(renderOk(l, edits).substr(kInvite.size() - 25), "Content-Length: 4\r\n\r\naBCd");
}

TEST(Serializer, CompactContentLengthIsRewritten) {
  Arena arena;
  std::string_view msg = "BYE sip:a SIP/2.0\r\nl:4\r\ni: abc\r\n\r\nabcd";
  MessageLayout l = layoutOf(msg);
  ASSERT_EQ(l.content_length_value, "4");
  EditList edits(arena, l);
  ASSERT_TRUE(edits.setBody("0123456789").ok());
  EXPECT_EQ(renderOk(l, edits), "BYE sip:a SIP/2.0\r\nl:10\r\ni: abc\r\n\r\n0123456789");
}

TEST(Serializer, CallerEditOfContentLengthWithABodyChangeConflicts) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  uint32_t cl = offsetOf(kInvite, "Content-Length");
  uint32_t cl_line = endOf(kInvite, "Content-Length: 4\r\n") - cl;
  {
    EditList edits(arena, l);  // the caller deletes the header line
    ASSERT_TRUE(edits.remove(cl, cl_line).ok());
    ASSERT_TRUE(edits.setBody("x").ok());
    std::string out = "stale";
    EXPECT_EQ(errcOfResult(render(l, edits, out)), Errc::EditConflict);
    EXPECT_TRUE(out.empty());
  }
  {
    EditList edits(arena, l);  // the caller replaces exactly the value
    ASSERT_TRUE(edits.replace(endOf(kInvite, "Content-Length: "), 1, "99").ok());
    ASSERT_TRUE(edits.insert(l.body_offset, "x").ok());
    std::string out;
    EXPECT_EQ(errcOfResult(render(l, edits, out)), Errc::EditConflict);
  }
  {
    EditList request(arena, l);  // the conflict sits in the parent layer
    ASSERT_TRUE(request.replace(endOf(kInvite, "Content-Length:"), 2, "  4").ok());
    EditList branch(arena, request);
    ASSERT_TRUE(branch.setBody("").ok());
    std::string out;
    EXPECT_EQ(errcOfResult(render(l, request, out)), Errc::Ok);
    EXPECT_EQ(errcOfResult(render(l, branch, out)), Errc::EditConflict);
  }
}

TEST(Serializer, CallerEditOfContentLengthWithoutABodyChangeIsKept) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList edits(arena, l);
  ASSERT_TRUE(edits.replace(offsetOf(kInvite, "Content-Length"), 14, "l").ok());
  EXPECT_EQ(renderOk(l, edits),
            "INVITE sip:bob@b.example SIP/2.0\r\n"
            "Via: SIP/2.0/UDP a.example;branch=z9hG4bK1\r\n"
            "l: 4\r\n"
            "\r\n"
            "abcd");
}

TEST(Serializer, EditNextToTheContentLengthValueStillRenders) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList edits(arena, l);
  ASSERT_TRUE(edits.replace(offsetOf(kInvite, "Content-Length"), 14, "l").ok());
  ASSERT_TRUE(edits.setBody("123456789012").ok());
  EXPECT_EQ(renderOk(l, edits),
            "INVITE sip:bob@b.example SIP/2.0\r\n"
            "Via: SIP/2.0/UDP a.example;branch=z9hG4bK1\r\n"
            "l: 12\r\n"
            "\r\n"
            "123456789012");
}

TEST(Serializer, OutIsClearedAndTheLayoutMustMatch) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList edits(arena, l);
  std::string out = "previous content";
  ASSERT_TRUE(render(l, edits, out).ok());
  EXPECT_EQ(out, kInvite);
  MessageLayout other = layoutOf(kNoLength);
  EXPECT_EQ(errcOfResult(render(other, edits, out)), Errc::EditOutOfRange);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(renderedSize(other, edits), 0u);
}

TEST(Serializer, RenderTwiceGivesTheSameBytes) {
  Arena arena;
  MessageLayout l = layoutOf(kInvite);
  EditList edits(arena, l);
  ASSERT_TRUE(edits.prependHeader("Via: SIP/2.0/TCP p").ok());
  ASSERT_TRUE(edits.setBody("12345").ok());
  std::string a = renderOk(l, edits);
  std::string b = renderOk(l, edits);
  EXPECT_EQ(a, b);
  EXPECT_EQ(static_cast<int64_t>(a.size()),
            static_cast<int64_t>(kInvite.size()) + edits.sizeDelta());
}

}  // namespace
}  // namespace pinhole::sip
