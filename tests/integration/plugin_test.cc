// The third-party example module (plugin-sdk/examples/hello), built out of tree against the
// installed SDK by the SdkInstallBuildsHelloExample fixture, loaded by the daemon and called
// from a route: the forwarded request carries the header it adds.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "integration/daemon_fixture.h"

namespace pinhole::test {
namespace {

using namespace std::chrono_literals;

TEST(PluginInDaemon, HelloGreetsFromARoute) {
  const std::string hello_dir = PINHOLE_SDK_HELLO_DIR;
  ASSERT_FALSE(readFile(hello_dir + "/libhello.so").empty())
      << "the example module was not built at " << hello_dir;
  SipClient uas(SipClient::Kind::Udp, "127.0.0.1", "127.0.0.1", 9);
  DaemonOptions o;
  o.load = {"sl", "hello"};
  o.extra_args = {"-L", hello_dir};
  o.routes = "[[route.request]]\nif = \"method == 'OPTIONS' and uri == myself\"\n"
             "then = [\"sl.send_reply(200, 'OK')\", \"exit\"]\n"
             "[[route.request]]\ndo = [\"hello.greet('world')\", \"$du = 'sip:127.0.0.1:" +
             std::to_string(uas.localPort()) + "'\", \"forward()\"]\n";
  Daemon d(o);
  ASSERT_TRUE(d.ready()) << d.log();
  SipClient c(SipClient::Kind::Udp, "127.0.0.1", "127.0.0.1", d.port());
  std::string msg = c.options("sip:bob@example.invalid", 1);
  msg.replace(0, 7, "MESSAGE");
  msg.replace(msg.find("1 OPTIONS"), 9, "1 MESSAGE");
  ASSERT_TRUE(c.send(msg));
  auto forwarded = uas.receive(3s);
  ASSERT_TRUE(forwarded.has_value()) << d.log();
  EXPECT_NE(forwarded->find("\r\nX-Hello: world\r\n"), std::string::npos) << *forwarded;
}

}  // namespace
}  // namespace pinhole::test
