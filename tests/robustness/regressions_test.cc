// Advisory regressions (tests/corpus/data/regressions): messages that once crashed or fooled
// Kamailio/OpenSIPS go through the whole message path; the header-removal bypass of
// CVE-2020-28361 is checked against the edit path a remove_hf() uses.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "pinhole/sip/edit.h"
#include "pinhole/sip/message.h"
#include "pinhole/sip/serializer.h"
#include "support/message_exercise.h"

namespace pinhole::test {
namespace {

std::string readFile(const std::string& name) {
  std::ifstream in(std::string(PINHOLE_REGRESSIONS_DIR) + "/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(Regressions, LongFromTagIsHandledTwice) {
  std::string bytes = readFile("cve-2018-8828-kamailio-tmx-long-from-tag.sip");
  ASSERT_FALSE(bytes.empty());
  for (int i = 0; i < 2; ++i) {  // the advisory sends it twice
    Arena arena;
    ExerciseOutcome out = exerciseMessage(bytes, arena);
    ASSERT_TRUE(out.accepted) << out.error.detail;
    EXPECT_TRUE(out.reparsed) << out.render_error.detail;
  }
}

TEST(Regressions, MalformedViaIsRefusedWithAReason) {
  std::string bytes = readFile("ghsa-wxfg-3gwh-rhvx-opensips-malformed-via.sip");
  ASSERT_FALSE(bytes.empty());
  Arena arena;
  ExerciseOutcome out = exerciseMessage(bytes, arena);
  EXPECT_FALSE(out.accepted);
  EXPECT_FALSE(out.error.detail.empty());
  EXPECT_LE(out.error.offset, bytes.size());
}

TEST(Regressions, HeaderWithSpaceBeforeColonIsRemovedLikeAnyOther) {
  std::string bytes = readFile("cve-2020-28361-kamailio-header-name-trailing-space.sip");
  ASSERT_FALSE(bytes.empty());
  Arena arena;
  sip::Message msg(arena);
  ASSERT_TRUE(msg.parse(bytes).ok());
  sip::EditList edits(arena, msg.layout());
  int removed = 0;
  for (const sip::HeaderField& h : msg.headers()) {
    if (h.name != "X-Bypass-me") continue;  // the name is stored without the trailing space
    ASSERT_TRUE(edits.remove(msg.offsetOf(h.line), static_cast<uint32_t>(h.line.size())).ok());
    ++removed;
  }
  EXPECT_EQ(removed, 1);
  std::string out;
  ASSERT_TRUE(sip::render(msg.layout(), edits, out).ok());
  EXPECT_EQ(out.find("X-Bypass-me"), std::string::npos) << out;
  sip::Message again(arena);
  ASSERT_TRUE(again.parse(out).ok());
  EXPECT_EQ(again.header("X-Bypass-me"), nullptr);
}

}  // namespace
}  // namespace pinhole::test
