#include "support/process.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <poll.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace pinhole::test {
namespace {

int decode(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

Process::Process(std::vector<std::string> argv, std::string log_file)
    : log_file_(std::move(log_file)) {
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    int fd = open(log_file_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int null_fd = open("/dev/null", O_RDONLY);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
    }
    if (null_fd >= 0) dup2(null_fd, 0);
    setpgid(0, 0);  // own process group: stop() reaches children too
    execvp(args[0], args.data());
    _exit(127);
  }
  setpgid(pid_, pid_);
}

Process::~Process() {
  if (pid_ > 0 && !status_) stop(std::chrono::milliseconds(500));
}

bool Process::running() {
  if (status_) return false;
  int st = 0;
  pid_t r = waitpid(pid_, &st, WNOHANG);
  if (r == pid_) {
    status_ = decode(st);
    return false;
  }
  return true;
}

std::optional<int> Process::wait(std::chrono::milliseconds timeout) {
  if (!running()) return status_;
  // A pidfd becomes readable when the child exits: no sleeping, no SIGCHLD handler.
  int fd = static_cast<int>(syscall(SYS_pidfd_open, pid_, 0));
  if (fd >= 0) {
    pollfd p{fd, POLLIN, 0};
    poll(&p, 1, static_cast<int>(timeout.count()));
    close(fd);
    running();
    return status_;
  }
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (running()) {  // old kernels without pidfd: bounded polling
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return status_;
}

int Process::stop(std::chrono::milliseconds grace) {
  if (!running()) return *status_;
  kill(pid_, SIGTERM);
  if (auto s = wait(grace)) return *s;
  kill(-pid_, SIGKILL);
  kill(pid_, SIGKILL);
  int st = 0;
  waitpid(pid_, &st, 0);
  status_ = decode(st);
  return *status_;
}

std::string Process::output() const { return readFile(log_file_); }

std::optional<int> run(std::vector<std::string> argv, const std::string& log_file,
                       std::chrono::milliseconds timeout) {
  Process p(std::move(argv), log_file);
  auto s = p.wait(timeout);
  if (!s) p.stop(std::chrono::milliseconds(1000));
  return s;
}

uint16_t freePort(const std::string& ip) {
  bool v6 = ip.find(':') != std::string::npos;
  for (int attempt = 0; attempt < 50; ++attempt) {
    int u = socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM, 0);
    sockaddr_storage ss{};
    socklen_t len;
    if (v6) {
      auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
      a->sin6_family = AF_INET6;
      inet_pton(AF_INET6, ip.c_str(), &a->sin6_addr);
      len = sizeof(*a);
    } else {
      auto* a = reinterpret_cast<sockaddr_in*>(&ss);
      a->sin_family = AF_INET;
      inet_pton(AF_INET, ip.c_str(), &a->sin_addr);
      len = sizeof(*a);
    }
    if (bind(u, reinterpret_cast<sockaddr*>(&ss), len) != 0) {
      close(u);
      continue;
    }
    getsockname(u, reinterpret_cast<sockaddr*>(&ss), &len);
    uint16_t port = ntohs(v6 ? reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port
                             : reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
    // The same port must be free for TCP too.
    int t = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
    bool ok = bind(t, reinterpret_cast<sockaddr*>(&ss), len) == 0;
    close(t);
    close(u);
    if (ok) return port;
  }
  throw std::runtime_error("no free port on " + ip);
}

std::string findInPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/usr/sbin:/bin:/sbin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    std::string full = dir + "/" + name;
    if (access(full.c_str(), X_OK) == 0) return full;
  }
  for (const char* d : {"/usr/sbin", "/sbin"}) {
    std::string full = std::string(d) + "/" + name;
    if (access(full.c_str(), X_OK) == 0) return full;
  }
  return {};
}

std::string tempDir(const std::string& prefix) {
  const char* base = std::getenv("TEST_TMPDIR");
  std::string tmpl = std::string(base ? base : "/tmp") + "/" + prefix + "-XXXXXX";
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  return tmpl;
}

void writeFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace pinhole::test
