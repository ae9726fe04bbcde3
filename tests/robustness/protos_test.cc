// PROTOS c07-sip: 4,527 anomalous INVITEs (and their CANCEL teardowns), one test per mutation
// group. Every message must be accepted, or refused with a reason and an offset inside it; an
// accepted one must survive the proxy's edits and parse again. The sanitizers of the build catch
// any read outside a buffer. Case 0000000 is the valid base INVITE and must be accepted.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "robustness/protos_case.h"
#include "pinhole/sip/errors.h"
#include "support/message_exercise.h"

namespace pinhole::test {
namespace {

struct Group {
  std::string name;
  int first = 0;
  int last = -1;
};

// Shown by GoogleTest (and so by ctest) instead of the raw bytes of the struct.
void PrintTo(const Group& g, std::ostream* os) {
  *os << g.name << " [" << g.first << ".." << g.last << "]";
}

std::vector<Group> loadGroups() {
  std::ifstream in(std::string(PINHOLE_PROTOS_DIR) + "/groups.tsv");
  std::vector<Group> groups;
  std::string line;
  std::getline(in, line);  // header row
  while (std::getline(in, line)) {
    std::istringstream row(line);
    Group g;
    std::string first, last;
    if (!std::getline(row, g.name, '\t') || !std::getline(row, first, '\t') ||
        !std::getline(row, last, '\t'))
      continue;
    g.first = std::stoi(first);
    g.last = std::stoi(last);
    groups.push_back(g);
  }
  if (groups.empty()) groups.push_back({"corpus_missing", 0, -1});
  return groups;
}

std::string casePath(int n) {
  char name[16];
  std::snprintf(name, sizeof name, "%07d", n);
  return std::string(PINHOLE_PROTOS_DIR) + "/cases/" + name;
}

// Both a datagram-sized limit and a stream-sized one: oversized cases are refused by the first
// and parsed for real by the second.
const sip::ParseLimits kDatagram{};
const sip::ParseLimits kStream{1 << 20, 1024};

void checkOne(const std::string& bytes, const sip::ParseLimits& limits, const std::string& what,
              int& accepted, int& refused) {
  Arena arena;
  ExerciseOutcome out = exerciseMessage(bytes, arena, limits);
  if (!out.accepted) {
    ++refused;
    EXPECT_FALSE(out.error.detail.empty()) << what;
    if (out.error.hasOffset()) {
      EXPECT_LE(out.error.offset, bytes.size()) << what;
    }
    return;
  }
  ++accepted;
  // The proxy's own edits on an accepted message may only conflict, never corrupt it.
  if (!out.rendered) {
    EXPECT_EQ(sip::errcOf(out.render_error), sip::Errc::EditConflict) << what;
    return;
  }
  EXPECT_TRUE(out.reparsed) << what << ": rendered message refused: " << out.render_error.detail;
}

class Protos : public ::testing::TestWithParam<Group> {};

TEST_P(Protos, EveryCaseAcceptedOrRefusedWithAReason) {
  const Group& g = GetParam();
  if (g.last < g.first)
    GTEST_SKIP() << "PROTOS c07-sip corpus not found at " << PINHOLE_PROTOS_DIR
                 << " (set PINHOLE_SHARED_CORPUS)";
  int accepted = 0, refused = 0;
  for (int n = g.first; n <= g.last; ++n) {
    auto c = loadProtosCase(casePath(n), n);
    ASSERT_TRUE(c.has_value()) << "unreadable case " << casePath(n);
    std::string what = "case " + std::to_string(n);
    checkOne(c->invite, kDatagram, what + " INVITE (datagram)", accepted, refused);
    checkOne(c->invite, kStream, what + " INVITE (stream limits)", accepted, refused);
    checkOne(c->teardown, kDatagram, what + " teardown", accepted, refused);
  }
  RecordProperty("accepted", accepted);
  RecordProperty("refused", refused);
  EXPECT_EQ(accepted + refused, 3 * (g.last - g.first + 1));
}

TEST(ProtosBase, ValidInviteIsAccepted) {
  auto c = loadProtosCase(casePath(0), 0);
  if (!c) GTEST_SKIP() << "PROTOS c07-sip corpus not found at " << PINHOLE_PROTOS_DIR;
  Arena arena;
  ExerciseOutcome out = exerciseMessage(c->invite, arena);
  ASSERT_TRUE(out.accepted) << out.error.detail;
  EXPECT_TRUE(out.reparsed) << out.render_error.detail;
  Arena arena2;
  EXPECT_TRUE(exerciseMessage(c->teardown, arena2).accepted);
}

std::string groupName(const ::testing::TestParamInfo<Group>& info) {
  std::string s;
  for (char ch : info.param.name) s += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return s;
}

INSTANTIATE_TEST_SUITE_P(C07Sip, Protos, ::testing::ValuesIn(loadGroups()), groupName);

}  // namespace
}  // namespace pinhole::test
