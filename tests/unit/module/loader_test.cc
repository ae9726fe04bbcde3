// loadModules() with real shared objects: a good module loaded by name, its parameters and
// functions; every refusal (ABI, signature, name, missing, dependencies, parameters, init)
// with the message an operator would read.
#include "module/loader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "unit/module/fake_core_api.h"
#include "unit/module/test_request.h"

namespace pinhole::mod {
namespace {

const std::string kDir = PINHOLE_TEST_MODULE_DIR;

std::string libPath(std::string_view name) {
  return (std::filesystem::path(kDir) / ("lib" + std::string(name) + ".so")).string();
}

const std::string kCoreAbi =
    std::to_string(PINHOLE_ABI_MAJOR) + "." + std::to_string(PINHOLE_ABI_MINOR);

class LoaderTest : public ::testing::Test {
 protected:
  LoaderOptions options(std::vector<std::string> names, std::string_view toml_text = "") {
    config_ = toml::parse(toml_text, std::string("pinhole.toml"));
    LoaderOptions o;
    o.names = std::move(names);
    o.search_path = {kDir};
    o.module_params = config_["modules"].as_table();
    o.config_file = "pinhole.toml";
    return o;
  }
  // The message of the first error loading (and, when `init`, starting) `o`.
  std::string errorOf(const LoaderOptions& o, bool init = false) {
    try {
      Registry r = loadModules(o);
      if (init) r.initAll(core_);
    } catch (const std::exception& e) {
      return e.what();
    }
    return "no error";
  }

  toml::table config_;
  test::FakeCoreApi core_;  // outlives every registry made in a test
};

TEST_F(LoaderTest, LoadsAModuleByNameWithItsParameters) {
  Registry r = loadModules(options({"testmod"}, R"(
[modules]
load = ["testmod"]
[modules.testmod]
timeout = 90
enabled = false
backend = "redis"
peers = ["a", "b"]
)"));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r.entry(0).name, "testmod");
  EXPECT_EQ(r.entry(0).path, libPath("testmod"));
  EXPECT_EQ(r.entry(0).version, "0.0.1");
  EXPECT_EQ(r.param("testmod", "timeout")->integer, 90);
  r.initAll(core_);
  ASSERT_FALSE(core_.lines.empty());
  EXPECT_EQ(core_.lines[0], "testmod: init timeout=90 enabled=false backend=redis peers=a;b;");
}

TEST_F(LoaderTest, AppliesDefaults) {
  Registry r = loadModules(options({"testmod"}));
  r.initAll(core_);
  EXPECT_EQ(core_.lines.at(0), "testmod: init timeout=30 enabled=true backend=memory peers=");
}

TEST_F(LoaderTest, FunctionsAreFoundAndCallable) {
  Registry r = loadModules(options({"testmod"}, "[modules.testmod]\ntimeout = 15\n"));
  r.initAll(core_);
  const ResolvedFunction* f = r.find("testmod", "is_timeout");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->module_name, "testmod");
  EXPECT_EQ(f->spec->hooks, kInAnyHook);
  ASSERT_EQ(f->spec->args.size(), 1u);
  EXPECT_EQ(f->spec->args[0].type, ArgType::Int);
  EXPECT_EQ(r.find("testmod", "no_such_function"), nullptr);

  test::TestRequest req(core_);
  ASSERT_TRUE(req.ok());
  Arg fifteen{.type = ArgType::Int, .present = true, .integer = 15};
  Arg sixteen{.type = ArgType::Int, .present = true, .integer = 16};
  EXPECT_EQ(f->spec->handler(*f->module, req.ctx(), {&fifteen, 1}), Outcome::True);
  EXPECT_EQ(f->spec->handler(*f->module, req.ctx(), {&sixteen, 1}), Outcome::False);

  // has_header calls sip::Message::header(), which the module takes from this program.
  const ResolvedFunction* h = r.find("testmod", "has_header");
  ASSERT_NE(h, nullptr);
  Arg call_id{.type = ArgType::String, .present = true, .text = "call-id"};
  Arg route{.type = ArgType::String, .present = true, .text = "Route"};
  EXPECT_EQ(h->spec->handler(*h->module, req.ctx(), {&call_id, 1}), Outcome::True);
  EXPECT_EQ(h->spec->handler(*h->module, req.ctx(), {&route, 1}), Outcome::False);
}

TEST_F(LoaderTest, TwoRegistriesGetTheirOwnModuleObjects) {
  Registry a = loadModules(options({"testmod"}));
  Registry b = loadModules(options({"testmod"}));
  EXPECT_NE(a.module("testmod"), b.module("testmod"));
}

TEST_F(LoaderTest, ShutdownAndDeletionInReverseOfInit) {
  {
    // Listed out of order; ord_a needs ord_b, which needs ord_c.
    Registry r = loadModules(options({"ord_a", "ord_c", "ord_b"}));
    EXPECT_EQ(r.names(), (std::vector<std::string_view>{"ord_c", "ord_b", "ord_a"}));
    r.initAll(core_);
    r.shutdownAll();
  }
  EXPECT_EQ(core_.lines,
            (std::vector<std::string>{"order: init ord_c", "order: init ord_b", "order: init ord_a",
                                      "order: shutdown ord_a", "order: shutdown ord_b",
                                      "order: shutdown ord_c", "order: delete ord_a",
                                      "order: delete ord_b", "order: delete ord_c"}));
}

TEST_F(LoaderTest, RefusesAnotherAbiMajorNamingBothVersions) {
  EXPECT_EQ(errorOf(options({"bad_major"})),
            "module 'bad_major' (" + libPath("bad_major") + "): ABI 99." +
                std::to_string(PINHOLE_ABI_MINOR) + ", this core speaks " + kCoreAbi +
                "; rebuild it against this SDK");
}

TEST_F(LoaderTest, RefusesANewerAbiMinor) {
  EXPECT_EQ(errorOf(options({"bad_minor"})),
            "module 'bad_minor' (" + libPath("bad_minor") + "): ABI " +
                std::to_string(PINHOLE_ABI_MAJOR) + "." + std::to_string(PINHOLE_ABI_MINOR + 1) +
                ", this core speaks " + kCoreAbi +
                " (the module needs a newer core); rebuild it against this SDK or upgrade the "
                "core");
}

TEST_F(LoaderTest, RefusesAShortHeader) {
  EXPECT_EQ(errorOf(options({"bad_size"})),
            "module 'bad_size' (" + libPath("bad_size") + "): its module header has 12 bytes, " +
                "this core (ABI " + kCoreAbi + ") reads " +
                std::to_string(sizeof(pinhole_module_header)) + "; rebuild it against this SDK");
}

TEST_F(LoaderTest, RefusesAnotherBuildSignatureNamingBoth) {
  EXPECT_EQ(errorOf(options({"bad_signature"})),
            "module 'bad_signature' (" + libPath("bad_signature") +
                "): build signature 'othercc/stdlib-other/ptr8/abi1', this core's is '" +
                PINHOLE_BUILD_SIGNATURE +
                "'; rebuild it with the compiler and standard library of the core");
}

TEST_F(LoaderTest, RefusesALibraryCallingItselfSomethingElse) {
  // libbad_name.so's header says "someone_else".
  EXPECT_EQ(errorOf(options({"bad_name"})),
            "module 'bad_name' (" + libPath("bad_name") +
                "): the library is module 'someone_else', not 'bad_name'; rename the file or fix "
                "PINHOLE_MODULE");
}

TEST_F(LoaderTest, RefusesALibraryWithoutTheExport) {
  EXPECT_EQ(errorOf(options({"no_export"})),
            "module 'no_export' (" + libPath("no_export") +
                "): exports no 'pinhole_module' header; not a Pinhole module (PINHOLE_MODULE "
                "missing?)");
}

TEST_F(LoaderTest, ReportsUnresolvedSymbols) {
  std::string error = errorOf(options({"unresolved"}));
  EXPECT_EQ(error.rfind("module 'unresolved' (" + libPath("unresolved") + "): cannot be loaded: ",
                        0),
            0u)
      << error;
  EXPECT_NE(error.find("undefined symbol: pinhole_test_symbol_nobody_defines"), std::string::npos)
      << error;
}

TEST_F(LoaderTest, MissingModuleListsEveryPathTried) {
  LoaderOptions o = options({"testmod", "nosuch"});
  o.search_path = {"/nonexistent/pinhole", kDir};
  EXPECT_EQ(errorOf(o), "module 'nosuch' not found; tried /nonexistent/pinhole/libnosuch.so, " +
                            libPath("nosuch"));
}

TEST_F(LoaderTest, SearchPathOrderDecides) {
  LoaderOptions o = options({"testmod"});
  o.search_path = {"/nonexistent/pinhole", kDir, "/also/not/here"};
  EXPECT_EQ(loadModules(o).entry(0).path, libPath("testmod"));
}

TEST_F(LoaderTest, EmptySearchPathMeansTheInstalledModules) {
  LoaderOptions o = options({"nosuch"});
  o.search_path.clear();
  ASSERT_EQ(defaultSearchPath().size(), 1u);
  EXPECT_NE(errorOf(o).find(defaultSearchPath()[0] + "/libnosuch.so"), std::string::npos)
      << errorOf(o);
}

TEST_F(LoaderTest, RefusesBadLoadLists) {
  EXPECT_EQ(errorOf(options({"testmod", "testmod"})), "module 'testmod' is listed twice");
  EXPECT_EQ(errorOf(options({"../testmod"})),
            "invalid module name '../testmod' (letters, digits, '_' and '-' only)");
}

TEST_F(LoaderTest, RefusesAMissingDependency) {
  // libregistrar.so declares depends = {"usrloc"}.
  EXPECT_EQ(errorOf(options({"registrar"})),
            "module 'registrar' depends on 'usrloc', which is not loaded");
}

TEST_F(LoaderTest, RefusesADependencyCycle) {
  EXPECT_EQ(errorOf(options({"ord_c", "cyc_a", "cyc_b"})),
            "module dependency cycle: cyc_a -> cyc_b -> cyc_a");
}

TEST_F(LoaderTest, UnknownParameterWithPlaceInTheFile) {
  EXPECT_EQ(errorOf(options({"testmod"}, "[modules.testmod]\ntimeout = 5\ntimeuot = 6\n")),
            "pinhole.toml:3:1: module 'testmod' has no parameter 'timeuot'; known parameters: "
            "timeout, enabled, backend, peers, label");
}

TEST_F(LoaderTest, MistypedParameter) {
  EXPECT_EQ(errorOf(options({"testmod"}, "[modules.testmod]\nenabled = \"yes\"\n")),
            "pinhole.toml:2:11: module 'testmod' parameter 'enabled': expected a boolean, found "
            "a string");
}

TEST_F(LoaderTest, IntegerParameterOutOfRange) {
  EXPECT_EQ(errorOf(options({"testmod"}, "[modules.testmod]\ntimeout = 4000\n")),
            "pinhole.toml:2:11: module 'testmod' parameter 'timeout': 4000 is out of range "
            "[1, 3600]");
}

TEST_F(LoaderTest, StringParameterNotAChoice) {
  EXPECT_EQ(errorOf(options({"testmod"}, "[modules.testmod]\nbackend = \"mysql\"\n")),
            "pinhole.toml:2:11: module 'testmod' parameter 'backend': 'mysql' is not one of "
            "memory, sqlite, redis");
}

TEST_F(LoaderTest, ParametersForAModuleNotLoaded) {
  EXPECT_EQ(errorOf(options({"testmod"}, "[modules]\nload = [\"testmod\"]\n\n[modules.usrloc]\n"
                                         "db_mode = 1\n")),
            "pinhole.toml:4:10: parameters for module 'usrloc', which is not loaded (add it to "
            "the modules to load)");
}

TEST_F(LoaderTest, ModuleParametersMustBeATable) {
  EXPECT_EQ(errorOf(options({"testmod"}, "[modules]\ntestmod = 5\n")),
            "pinhole.toml:2:11: modules.testmod must be a table of parameters, found an integer");
}

TEST_F(LoaderTest, InitFailureReasonPropagates) {
  EXPECT_EQ(errorOf(options({"ord_c", "init_fails"}), true),
            "module 'init_fails' failed to start: cannot open /nonexistent/db");
  // ord_c had started and is shut down again; init_fails is not; both are deleted.
  EXPECT_EQ(core_.lines,
            (std::vector<std::string>{"order: init ord_c", "order: init init_fails",
                                      "order: shutdown ord_c", "order: delete init_fails",
                                      "order: delete ord_c"}));
}

TEST_F(LoaderTest, InitExceptionBecomesAnError) {
  EXPECT_EQ(errorOf(options({"init_throws"}), true),
            "module 'init_throws' failed to start: it threw an exception: exploded");
  EXPECT_EQ(errorOf(options({"testmod"}, "[modules.testmod]\nlabel = \"throw\"\n"), true),
            "module 'testmod' failed to start: it threw an exception: thrown from init");
}

TEST_F(LoaderTest, InitFailureFromAParameter) {
  EXPECT_EQ(errorOf(options({"testmod"}, "[modules.testmod]\nlabel = \"fail\"\n"), true),
            "module 'testmod' failed to start: label asked me to fail");
  EXPECT_EQ(errorOf(options({"testmod"}, "[modules.testmod]\nlabel = \"undeclared\"\n"), true),
            "module 'testmod' failed to start: it asked for parameter 'no_such_param', which it "
            "does not declare (a bug in the module)");
}

TEST_F(LoaderTest, WorkerInitFailureNamesTheWorker) {
  Registry r = loadModules(options({"testmod"}));
  r.initAll(core_);
  r.workerInitAll(0, 13, core_);
  try {
    r.workerInitAll(1, 13, core_);
    FAIL();
  } catch (const ModuleLoadError& e) {
    EXPECT_STREQ(e.what(), "module 'testmod' failed to start on worker 1 of 13: workerInit() "
                           "returned false");
  }
}

}  // namespace
}  // namespace pinhole::mod
