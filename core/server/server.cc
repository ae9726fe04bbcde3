#include "server/server.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/syslog_sink.h>
#include <spdlog/spdlog.h>
#include <toml++/toml.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>

#include "module/config_error.h"
#include "module/load_error.h"
#include "module/loader.h"
#include "net/listen_spec.h"
#include "net/worker_pool.h"
#include "proxy/stateless.h"
#include "route/compiler.h"
#include "route/function_lookup.h"
#include "route/interpreter.h"
#include "server/config.h"
#include "server/core_services.h"
#include "server/dispatcher.h"
#include "server/version.h"
#include "txn/layer.h"

namespace pinhole::server {
namespace {

std::shared_ptr<spdlog::logger> makeLogger(const CoreConfig& core) {
  std::vector<spdlog::sink_ptr> sinks{std::make_shared<spdlog::sinks::stderr_color_sink_mt>()};
  if (core.syslog)
    sinks.push_back(
        std::make_shared<spdlog::sinks::syslog_sink_mt>("pinhole", LOG_PID, LOG_LOCAL0, false));
  auto log = std::make_shared<spdlog::logger>("pinhole", sinks.begin(), sinks.end());
  log->set_level(spdlog::level::from_str(core.log_level));
  log->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ [%t] %v");
  return log;
}

// Directories searched for modules: -L first, then [modules] path, then the build tree's
// modules next to this binary (so a build runs without installing), then the installed ones.
std::vector<std::string> modulePath(const Options& o, const toml::table& root) {
  std::vector<std::string> path = o.module_path;
  if (const auto* p = root.at_path("modules.path").as_array())
    for (const auto& n : *p)
      if (const auto* s = n.as_string()) path.push_back(s->get());
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto build_modules = exe.parent_path().parent_path() / "modules";
    if (std::filesystem::is_directory(build_modules, ec)) path.push_back(build_modules.string());
  }
  for (auto& d : mod::defaultSearchPath()) path.push_back(d);
  return path;
}

std::vector<std::string> moduleNames(const toml::table& root, const std::string& file) {
  std::vector<std::string> names;
  const toml::node* load = root.at_path("modules.load").node();
  if (!load) return names;
  const toml::array* arr = load->as_array();
  if (!arr) {
    throw ConfigError(file, static_cast<int>(load->source().begin.line),
                      static_cast<int>(load->source().begin.column),
                      "[modules] load must be an array of module names");
  }
  for (const auto& n : *arr) {
    const auto* s = n.as_string();
    if (!s) {
      throw ConfigError(file, static_cast<int>(n.source().begin.line),
                        static_cast<int>(n.source().begin.column), "module names are strings");
    }
    names.push_back(s->get());
  }
  return names;
}

// A wildcard listener without `advertise` has no address to put in Via and Record-Route: use
// the first address of that family on a non-loopback interface (loopback if there is none).
void fillAdvertised(std::vector<net::LocalSocket>& sockets, spdlog::logger& log) {
  for (net::LocalSocket& s : sockets) {
    if (!s.advertised_host.empty()) continue;
    bool v6 = s.bound.address.is_v6();
    std::string chosen = v6 ? "[::1]" : "127.0.0.1";
    ifaddrs* ifs = nullptr;
    if (getifaddrs(&ifs) == 0) {
      for (ifaddrs* i = ifs; i; i = i->ifa_next) {
        if (!i->ifa_addr || i->ifa_addr->sa_family != (v6 ? AF_INET6 : AF_INET)) continue;
        char buf[64];
        const void* addr =
            v6 ? static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(i->ifa_addr)->sin6_addr)
               : static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(i->ifa_addr)->sin_addr);
        if (!inet_ntop(v6 ? AF_INET6 : AF_INET, addr, buf, sizeof buf)) continue;
        std::string text = buf;
        if (text == "127.0.0.1" || text == "::1" || text.rfind("fe80", 0) == 0) continue;
        chosen = v6 ? "[" + text + "]" : text;
        break;
      }
      freeifaddrs(ifs);
    }
    s.advertised_host = chosen;
    if (!s.advertised_port) s.advertised_port = s.bound.port;
    log.warn(
        "{} listens on a wildcard address without advertise: using {} in Via and "
        "Record-Route",
        s.name(), chosen);
  }
}

// Every address of this host's interfaces, for "myself" when a socket is bound to a wildcard
// address (a request to any of them is for us, as Kamailio does when it expands 0.0.0.0).
std::vector<std::string> interfaceAddresses(const std::vector<net::LocalSocket>& sockets) {
  std::vector<std::string> out;
  bool wildcard = false;
  for (const auto& s : sockets) wildcard = wildcard || s.bound.address.is_unspecified();
  if (!wildcard) return out;
  ifaddrs* ifs = nullptr;
  if (getifaddrs(&ifs) != 0) return out;
  for (ifaddrs* i = ifs; i; i = i->ifa_next) {
    if (!i->ifa_addr) continue;
    int family = i->ifa_addr->sa_family;
    if (family != AF_INET && family != AF_INET6) continue;
    char buf[64];
    const void* addr =
        family == AF_INET6
            ? static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(i->ifa_addr)->sin6_addr)
            : static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(i->ifa_addr)->sin_addr);
    if (inet_ntop(family, addr, buf, sizeof buf)) out.emplace_back(buf);
  }
  freeifaddrs(ifs);
  return out;
}

uint64_t randomSecret() {
  std::random_device rd;
  return (uint64_t{rd()} << 32) ^ rd();
}

}  // namespace

int run(const Options& options) {
  std::shared_ptr<spdlog::logger> log;
  try {
    toml::table root;
    try {
      root = toml::parse_file(options.config);
    } catch (const toml::parse_error& e) {
      const auto& src = e.source();
      throw ConfigError(options.config, static_cast<int>(src.begin.line),
                        static_cast<int>(src.begin.column), std::string(e.description()));
    }
    CoreConfig core = parseCoreConfig(root, options.config);
    if (!options.listen.empty()) core.listen = options.listen;
    if (options.log_level) core.log_level = *options.log_level;
    if (options.workers) core.workers = *options.workers;
    log = makeLogger(core);

    // Listen addresses are checked before anything else is loaded.
    std::vector<net::ListenSpec> listen;
    for (const std::string& l : core.listen) {
      auto spec = net::parseListen(l);
      if (!spec)  // only -l can still be wrong here: [core] listen was checked with its place
        throw std::runtime_error("bad listen address '" + l +
                                 "' on the command line: " + std::string(spec.error().detail));
      listen.push_back(*spec);
    }

    mod::LoaderOptions lo;
    lo.names = moduleNames(root, options.config);
    lo.search_path = modulePath(options, root);
    lo.module_params = root["modules"].as_table();
    lo.config_file = options.config;
    mod::Registry modules = mod::loadModules(lo);

    route::ModuleFunctions functions;
    for (std::size_t i = 0; i < modules.size(); ++i)
      functions.add(modules.entry(i).name, *modules.entry(i).module);
    route::CompileResult compiled = route::compile(root, options.config, functions);
    for (const auto& w : compiled.warnings) log->warn("{}", w.text());
    const route::Program& program = *compiled.program;

    if (options.check) {
      std::cout << "configuration " << options.config << " is valid\n";
      std::cout << "listen:";
      for (const auto& l : listen) std::cout << " " << l.toString();
      std::cout << "\nworkers: " << core.workers << "\nmodules:";
      for (std::size_t i = 0; i < modules.size(); ++i)
        std::cout << " " << modules.entry(i).name << "(" << modules.entry(i).path << ")";
      std::cout << "\nroutes:";
      for (Hook h : {Hook::Request, Hook::Reply, Hook::Branch, Hook::Failure})
        std::cout << " " << hookName(h) << "=" << program.hook(h).size() << " rules";
      for (const auto& r : program.routes)
        std::cout << ", route " << r.name << "=" << r.rules.size() << " rules";
      std::cout << "\n";
      return 0;
    }

    // The transports call the dispatcher, which needs the proxy, which needs the bound
    // sockets: the handler is bound through a pointer set once before the workers start.
    PathCounters counters;
    Dispatcher* dispatcher = nullptr;
    net::TransportConfig tc;
    tc.workers = core.workers;
    tc.max_message_size = core.max_message_size;
    tc.udp_rcvbuf = core.udp_rcvbuf;
    tc.tcp_idle_timeout = std::chrono::seconds(core.tcp_idle_timeout);
    tc.tcp_max_connections = core.tcp_max_connections;
    tc.log = [log](std::string_view line) { log->info("{}", line); };
    net::WorkerPool pool(tc, listen, [&dispatcher](const net::Received& r) {
      if (dispatcher) dispatcher->onMessage(r);
    });
    pool.start();
    std::vector<net::LocalSocket> sockets = pool.localSockets();
    fillAdvertised(sockets, *log);
    std::vector<std::string> myself = core.domains;
    for (auto& a : interfaceAddresses(sockets)) myself.push_back(std::move(a));
    proxy::StatelessProxy proxy(
        sockets, myself, randomSecret(),
        [&pool](const net::LocalSocket& from, const net::Endpoint& to, std::string_view data,
                uint64_t connection) { return pool.send(from, to, data, connection); });
    CoreServices services(pool, proxy, log, counters);
    // Declared after the pool: destroyed first, while the workers' event loops still exist.
    txn::Layer transactions(pool, proxy, services, log);
    transactions.start();
    services.setTransactions(&transactions);
    transactions.setArrival([] { return CoreServices::arrival(); });
    transactions.setHooks(
        [&program](Hook h, uint32_t route, MsgContext& ctx, const txn::Origin& origin) {
          ArrivalScope scope(&origin);
          return route == TransactionArms::kNoRoute ? route::run(program, h, ctx)
                                                    : route::runNamed(program, route, ctx);
        },
        {!program.hook(Hook::Request).empty(), !program.hook(Hook::Reply).empty(),
         !program.hook(Hook::Branch).empty(), !program.hook(Hook::Failure).empty()});
    modules.initAll(services);
    sip::ParseLimits limits;
    limits.max_message_size = core.max_message_size;
    Dispatcher d(
        services, proxy,
        [&program](Hook h, MsgContext& ctx) { return route::run(program, h, ctx); },
        !program.hook(Hook::Reply).empty(), limits, log, counters);
    if (transactions.enabled()) {
      d.setTransactions(&transactions, &pool);
      log->info("transactions on: fr_timer {} ms, fr_inv_timer {} ms, T1 {} ms",
                transactions.settings().fr_ms, transactions.settings().fr_inv_ms,
                transactions.settings().t1_ms);
    }
    dispatcher = &d;

    for (const auto& s : sockets)
      log->info("listening on {} (advertised {}:{})", s.name(), s.advertised_host,
                s.advertised_port);
    log->info("pinhole {} started: {} workers, {} modules", kVersion, core.workers, modules.size());

    boost::asio::io_context main_io;
    boost::asio::signal_set signals(main_io, SIGTERM, SIGINT);
    signals.async_wait(
        [&](const boost::system::error_code&, int sig) { log->info("signal {}: stopping", sig); });
    main_io.run();

    dispatcher = nullptr;
    transactions.stop();
    pool.stop();
    modules.shutdownAll();
    log->info("stopped: {} requests, {} replies, {} malformed, {} forwarded",
              counters.requests.load(), counters.replies.load(),
              counters.parse_errors.load() + counters.invalid_requests.load(),
              counters.forwarded_requests.load());
    return 0;
  } catch (const std::exception& e) {
    if (log) log->critical("{}", e.what());
    std::cerr << "pinhole: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace pinhole::server
