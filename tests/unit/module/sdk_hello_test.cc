// The out-of-tree example, built by the SdkInstallBuildsHelloExample fixture against the
// installed SDK only, loaded by name and run the way a request hook would run it.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "module/loader.h"
#include "unit/module/fake_core_api.h"
#include "unit/module/test_request.h"

namespace pinhole::mod {
namespace {

TEST(SdkHelloTest, InstalledSdkBuildsAModuleTheLoaderRuns) {
  const std::string dir = PINHOLE_SDK_HELLO_DIR;
  ASSERT_TRUE(std::filesystem::exists(dir + "/libhello.so"))
      << dir << "/libhello.so is missing: the SdkInstallBuildsHelloExample fixture did not run";

  LoaderOptions options;
  options.names = {"hello"};
  options.search_path = {dir};
  test::FakeCoreApi core;
  Registry registry = loadModules(options);
  registry.initAll(core);

  const ResolvedFunction* greet = registry.find("hello", "greet");
  ASSERT_NE(greet, nullptr);
  EXPECT_EQ(greet->spec->hooks, kInRequest);
  ASSERT_EQ(greet->spec->args.size(), 1u);
  EXPECT_EQ(greet->spec->args[0].type, ArgType::String);

  test::TestRequest req(core);
  ASSERT_TRUE(req.ok());
  Arg name{.type = ArgType::String, .present = true, .text = "world"};
  EXPECT_EQ(greet->spec->handler(*greet->module, req.ctx(), {&name, 1}), Outcome::True);

  std::string out = req.render();
  EXPECT_NE(out.find("\r\nX-Hello: world\r\n"), std::string::npos) << out;
  // Appended at the end of the header section, the rest untouched.
  EXPECT_NE(out.find("Content-Length: 0\r\nX-Hello: world\r\n\r\n"), std::string::npos) << out;
  registry.shutdownAll();
}

TEST(SdkHelloTest, HeaderNameIsAParameter) {
  toml::table config = toml::parse("[modules.hello]\nheader = \"X-Greeting\"\n",
                                     std::string("hello.toml"));
  LoaderOptions options;
  options.names = {"hello"};
  options.search_path = {PINHOLE_SDK_HELLO_DIR};
  options.module_params = config["modules"].as_table();
  test::FakeCoreApi core;
  Registry registry = loadModules(options);
  registry.initAll(core);

  test::TestRequest req(core);
  ASSERT_TRUE(req.ok());
  const ResolvedFunction* greet = registry.find("hello", "greet");
  ASSERT_NE(greet, nullptr);
  Arg name{.type = ArgType::String, .present = true, .text = "Alice"};
  EXPECT_EQ(greet->spec->handler(*greet->module, req.ctx(), {&name, 1}), Outcome::True);
  EXPECT_NE(req.render().find("\r\nX-Greeting: Alice\r\n"), std::string::npos);
}

}  // namespace
}  // namespace pinhole::mod
