// checkParams(): defaults, set values, and every refusal with its place in the file.
#include "module/params.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "module/load_error.h"

namespace pinhole::mod {
namespace {

constexpr std::string_view kBackends[] = {"memory", "sqlite", "redis"};
constexpr std::string_view kModes[] = {"udp", "sip"};

constexpr ParamSpec kSpecs[] = {
    {.name = "timer_interval", .type = ParamType::Int, .default_int = 60, .min = 1, .max = 3600},
    {.name = "min_expires", .type = ParamType::Int, .default_int = 0, .min = 0},
    {.name = "enabled", .type = ParamType::Bool, .default_bool = true},
    {.name = "backend", .type = ParamType::String, .default_string = "memory",
     .choices = kBackends},
    {.name = "db_path", .type = ParamType::String},
    {.name = "peers", .type = ParamType::StringList},
    {.name = "modes", .type = ParamType::StringList, .choices = kModes},
};

toml::table parse(std::string_view text) { return toml::parse(text, std::string("usrloc.toml")); }

// The error text for `text` (the [modules.usrloc] table), or "no error".
std::string errorOf(std::string_view text) {
  toml::table root = parse(text);
  try {
    checkParams("usrloc", kSpecs, root["modules"]["usrloc"].as_table(), "fallback.toml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ModuleParamsTest, DefaultsWhenNoTable) {
  ParamSet set = checkParams("usrloc", kSpecs, nullptr, "x.toml");
  ASSERT_EQ(set.values().size(), std::size(kSpecs));
  EXPECT_EQ(set.find("timer_interval")->integer, 60);
  EXPECT_EQ(set.find("timer_interval")->type, ParamType::Int);
  EXPECT_TRUE(set.find("enabled")->boolean);
  EXPECT_EQ(set.find("backend")->text, "memory");
  EXPECT_EQ(set.find("db_path")->text, "");
  EXPECT_TRUE(set.find("peers")->list.empty());
  EXPECT_EQ(set.find("nope"), nullptr);
}

TEST(ModuleParamsTest, SetValuesAndDefaultsForTheRest) {
  toml::table root = parse(R"(
[modules.usrloc]
timer_interval = 120
enabled = false
backend = "sqlite"
peers = ["10.0.0.1", "10.0.0.2"]
)");
  ParamSet set = checkParams("usrloc", kSpecs, root["modules"]["usrloc"].as_table(), "");
  EXPECT_EQ(set.find("timer_interval")->integer, 120);
  EXPECT_FALSE(set.find("enabled")->boolean);
  EXPECT_EQ(set.find("backend")->text, "sqlite");
  ASSERT_EQ(set.find("peers")->list.size(), 2u);
  EXPECT_EQ(set.find("peers")->list[1], "10.0.0.2");
  EXPECT_EQ(set.find("min_expires")->integer, 0);  // default
  EXPECT_EQ(set.find("db_path")->text, "");        // default
}

TEST(ModuleParamsTest, ValuesOutliveTheTomlAndSurviveMoves) {
  ParamSet moved;
  {
    toml::table root = parse(R"(
[modules.usrloc]
db_path = "/var/lib/pinhole/a-path-long-enough-to-leave-the-small-string-buffer.db"
peers = ["a", "b", "c"]
)");
    ParamSet set = checkParams("usrloc", kSpecs, root["modules"]["usrloc"].as_table(), "");
    moved = std::move(set);
  }
  EXPECT_EQ(moved.find("db_path")->text,
            "/var/lib/pinhole/a-path-long-enough-to-leave-the-small-string-buffer.db");
  ASSERT_EQ(moved.find("peers")->list.size(), 3u);
  EXPECT_EQ(moved.find("peers")->list[2], "c");
}

TEST(ModuleParamsTest, UnknownKeyWithPositionAndKnownNames) {
  EXPECT_EQ(errorOf("[modules.usrloc]\ntimer_interval = 5\n  bakend = \"redis\"\n"),
            "usrloc.toml:3:3: module 'usrloc' has no parameter 'bakend'; known parameters: "
            "timer_interval, min_expires, enabled, backend, db_path, peers, modes");
}

TEST(ModuleParamsTest, FirstMistakeInFileOrderIsReported) {
  // toml++ keeps keys sorted; the error must still be the first one written.
  EXPECT_EQ(errorOf("[modules.usrloc]\nzzz = 1\naaa = 2\n"),
            "usrloc.toml:2:1: module 'usrloc' has no parameter 'zzz'; known parameters: "
            "timer_interval, min_expires, enabled, backend, db_path, peers, modes");
}

TEST(ModuleParamsTest, ModuleWithoutParameters) {
  toml::table root = parse("[modules.rr]\nappend_fromtag = true\n");
  try {
    checkParams("rr", {}, root["modules"]["rr"].as_table(), "");
    FAIL() << "accepted a parameter for a module that takes none";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(),
                 "usrloc.toml:2:1: module 'rr' has no parameter 'append_fromtag'; it takes no "
                 "parameters");
    EXPECT_EQ(e.file, "usrloc.toml");
    EXPECT_EQ(e.line, 2);
    EXPECT_EQ(e.column, 1);
  }
}

TEST(ModuleParamsTest, WrongTypeNamesExpectedAndFound) {
  EXPECT_EQ(errorOf("[modules.usrloc]\ntimer_interval = \"60\"\n"),
            "usrloc.toml:2:18: module 'usrloc' parameter 'timer_interval': expected an integer, "
            "found a string");
  EXPECT_EQ(errorOf("[modules.usrloc]\nenabled = 1\n"),
            "usrloc.toml:2:11: module 'usrloc' parameter 'enabled': expected a boolean, found "
            "an integer");
  EXPECT_EQ(errorOf("[modules.usrloc]\nbackend = 1.5\n"),
            "usrloc.toml:2:11: module 'usrloc' parameter 'backend': expected a string, found a "
            "floating-point number");
  EXPECT_EQ(errorOf("[modules.usrloc]\npeers = \"10.0.0.1\"\n"),
            "usrloc.toml:2:9: module 'usrloc' parameter 'peers': expected an array of strings, "
            "found a string");
  EXPECT_EQ(errorOf("[modules.usrloc]\npeers = [\"a\", 2]\n"),
            "usrloc.toml:2:15: module 'usrloc' parameter 'peers' element 1: expected a string, "
            "found an integer");
}

TEST(ModuleParamsTest, IntegerOutOfRange) {
  EXPECT_EQ(errorOf("[modules.usrloc]\ntimer_interval = 0\n"),
            "usrloc.toml:2:18: module 'usrloc' parameter 'timer_interval': 0 is out of range "
            "[1, 3600]");
  EXPECT_EQ(errorOf("[modules.usrloc]\ntimer_interval = 3601\n"),
            "usrloc.toml:2:18: module 'usrloc' parameter 'timer_interval': 3601 is out of range "
            "[1, 3600]");
  EXPECT_EQ(errorOf("[modules.usrloc]\nmin_expires = -5\n"),
            "usrloc.toml:2:15: module 'usrloc' parameter 'min_expires': -5 is below the minimum "
            "0");
  EXPECT_EQ(errorOf("[modules.usrloc]\ntimer_interval = 1\n"), "no error");
  EXPECT_EQ(errorOf("[modules.usrloc]\ntimer_interval = 3600\n"), "no error");
}

TEST(ModuleParamsTest, StringNotInChoices) {
  EXPECT_EQ(errorOf("[modules.usrloc]\nbackend = \"mysql\"\n"),
            "usrloc.toml:2:11: module 'usrloc' parameter 'backend': 'mysql' is not one of "
            "memory, sqlite, redis");
  EXPECT_EQ(errorOf("[modules.usrloc]\nmodes = [\"udp\", \"tcp\"]\n"),
            "usrloc.toml:2:17: module 'usrloc' parameter 'modes' element 1: 'tcp' is not one of "
            "udp, sip");
  EXPECT_EQ(errorOf("[modules.usrloc]\nmodes = [\"udp\", \"sip\"]\n"), "no error");
}

TEST(ModuleParamsTest, FileFallsBackToTheConfiguredName) {
  toml::table root = toml::parse("[modules.usrloc]\nbackend = \"x\"\n");  // no source path
  try {
    checkParams("usrloc", kSpecs, root["modules"]["usrloc"].as_table(), "pinhole.toml");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.file, "pinhole.toml");
    EXPECT_EQ(std::string(e.what()).rfind("pinhole.toml:2:11: ", 0), 0u) << e.what();
  }
}

TEST(ModuleParamsTest, BrokenDeclarationIsTheModulesBug) {
  const ParamSpec dup[] = {{.name = "a"}, {.name = "a"}};
  EXPECT_THROW(checkParams("m", dup, nullptr, ""), ModuleLoadError);
  const ParamSpec bad_default[] = {
      {.name = "n", .type = ParamType::Int, .default_int = 0, .min = 1, .max = 2}};
  try {
    checkParams("m", bad_default, nullptr, "");
    FAIL();
  } catch (const ModuleLoadError& e) {
    EXPECT_STREQ(e.what(), "module 'm' declares parameter 'n' with a default (0) out of range "
                           "[1, 2] (a bug in the module)");
  }
  const ParamSpec bad_choice[] = {
      {.name = "s", .type = ParamType::String, .default_string = "tcp", .choices = kModes}};
  EXPECT_THROW(checkParams("m", bad_choice, nullptr, ""), ModuleLoadError);
}

TEST(ModuleParamsTest, ConfigErrorFormats) {
  EXPECT_STREQ(ConfigError("a.toml", 3, 7, "bad").what(), "a.toml:3:7: bad");
  EXPECT_STREQ(ConfigError("a.toml", 0, 0, "bad").what(), "a.toml: bad");
  EXPECT_STREQ(ConfigError("", 2, 1, "bad").what(), "2:1: bad");
}

}  // namespace
}  // namespace pinhole::mod
