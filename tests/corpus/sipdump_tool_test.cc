// The built pinhole-sipdump binary (path in PINHOLE_SIPDUMP) run over the RFC 4475 corpus:
// exit status, one JSON line per file, "kind" for accepted messages and "error" for refused ones.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>
#include <vector>

#include "corpus/corpus_files.h"
#include "sipdump/json_dump.h"

namespace pinhole::sipdump {
namespace {

struct ToolRun {
  int status = -1;  // exit status, -1 if killed by a signal
  std::string out;
};

std::string shellQuote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') q += "'\\''";
    else q += c;
  }
  return q + "'";
}

// Runs the tool with `args` (already quoted); stderr is dropped, stdout captured.
ToolRun runTool(const std::string& args) {
  std::string cmd = shellQuote(PINHOLE_SIPDUMP) + " " + args + " 2>/dev/null";
  ToolRun r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char chunk[4096];
  std::size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, p)) > 0) r.out.append(chunk, n);
  int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

std::vector<std::string> lines(const std::string& out) {
  std::vector<std::string> v;
  std::size_t start = 0;
  while (start < out.size()) {
    std::size_t nl = out.find('\n', start);
    if (nl == std::string::npos) nl = out.size();
    v.push_back(out.substr(start, nl - start));
    start = nl + 1;
  }
  return v;
}

std::string rfcFile(const std::string& name) { return corpus::dataPath("rfc4475/" + name); }

TEST(SipdumpTool, WholeRfc4475Corpus) {
  auto rows = corpus::readManifest(rfcFile("manifest.tsv"));
  ASSERT_EQ(rows.size(), 51u);
  std::string args;
  for (const auto& row : rows) args += " " + shellQuote(rfcFile(row.file));
  ToolRun r = runTool(args);
  EXPECT_EQ(r.status, 1);  // the invalid messages are in there
  auto out = lines(r.out);
  ASSERT_EQ(out.size(), rows.size()) << r.out;
  std::size_t accepted = 0;
  std::size_t refused = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    SCOPED_TRACE(rows[i].file);
    Json j = Json::parse(out[i], nullptr, false);  // must be valid JSON, even for binary input
    ASSERT_FALSE(j.is_discarded()) << out[i];
    EXPECT_EQ(j["file"], rfcFile(rows[i].file));
    if (rows[i].expectation == "invalid") {
      ++refused;
      EXPECT_FALSE(j.contains("kind"));
      ASSERT_TRUE(j.contains("error"));
      EXPECT_TRUE(j["error"].is_string());
      EXPECT_FALSE(j["reason"].get<std::string>().empty());
      EXPECT_TRUE(j["offset"].is_number_unsigned());
    } else {
      ++accepted;
      EXPECT_FALSE(j.contains("error")) << out[i];
      ASSERT_TRUE(j.contains("kind"));
      EXPECT_TRUE(j["kind"] == "request" || j["kind"] == "response");
      EXPECT_TRUE(j["headers"].is_array());
      EXPECT_FALSE(j["headers"].empty());
    }
  }
  EXPECT_EQ(accepted, 30u);
  EXPECT_EQ(refused, 21u);
}

TEST(SipdumpTool, AcceptedFilesExitZero) {
  ToolRun r = runTool(shellQuote(rfcFile("wsinv.dat")) + " " + shellQuote(rfcFile("bcast.dat")));
  EXPECT_EQ(r.status, 0);
  auto out = lines(r.out);
  ASSERT_EQ(out.size(), 2u);
  Json wsinv = Json::parse(out[0]);
  EXPECT_EQ(wsinv["method"], "INVITE");
  EXPECT_EQ(wsinv["max_forwards"], 68);
  EXPECT_EQ(wsinv["via"].size(), 3u);
  EXPECT_EQ(wsinv["body_length"], 150);
  Json bcast = Json::parse(out[1]);
  EXPECT_EQ(bcast["status"], 200);
  EXPECT_EQ(bcast["via"][1]["host"], "255.255.255.255");
}

TEST(SipdumpTool, RefusedFileExitsOne) {
  ToolRun r = runTool(shellQuote(rfcFile("badvers.dat")));
  EXPECT_EQ(r.status, 1);
  auto out = lines(r.out);
  ASSERT_EQ(out.size(), 1u);
  Json j = Json::parse(out[0]);
  EXPECT_EQ(j["error"], "VersionNotSupported");
  EXPECT_EQ(j["offset"], 33);
}

TEST(SipdumpTool, StandardInput) {
  ToolRun r = runTool("- < " + shellQuote(rfcFile("zeromf.dat")));
  EXPECT_EQ(r.status, 0);
  auto out = lines(r.out);
  ASSERT_EQ(out.size(), 1u);
  Json j = Json::parse(out[0]);
  EXPECT_EQ(j["file"], "-");
  EXPECT_EQ(j["max_forwards"], 0);
}

TEST(SipdumpTool, Pretty) {
  ToolRun r = runTool("--pretty " + shellQuote(rfcFile("noreason.dat")));
  EXPECT_EQ(r.status, 0);
  EXPECT_GT(lines(r.out).size(), 10u);
  Json j = Json::parse(r.out);
  EXPECT_EQ(j["status"], 100);
  EXPECT_EQ(j["reason"], "");
}

TEST(SipdumpTool, UsageErrorsExitTwo) {
  EXPECT_EQ(runTool("").status, 2);
  EXPECT_EQ(runTool("--no-such-option " + shellQuote(rfcFile("wsinv.dat"))).status, 2);
  ToolRun missing = runTool(shellQuote(rfcFile("does-not-exist.dat")));
  EXPECT_EQ(missing.status, 2);
  EXPECT_TRUE(missing.out.empty());
  EXPECT_EQ(runTool(shellQuote(corpus::dataPath("rfc4475"))).status, 2);  // a directory
  // A readable file next to an unreadable one is still dumped; the status reports the latter.
  ToolRun mixed = runTool(shellQuote(rfcFile("wsinv.dat")) + " " + shellQuote(rfcFile("nope.dat")));
  EXPECT_EQ(mixed.status, 2);
  EXPECT_EQ(lines(mixed.out).size(), 1u);
}

}  // namespace
}  // namespace pinhole::sipdump
