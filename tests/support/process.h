// Test processes (the daemon, SIPp, kamailio later): started with fork/exec, given a bounded
// time, stopped by PID. Output goes to a file the test can read when something fails.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace pinhole::test {

class Process {
 public:
  // Starts argv[0] (a path, or a name looked up in PATH) with stdout+stderr to `log_file`.
  Process(std::vector<std::string> argv, std::string log_file);
  ~Process();  // kills the process if it still runs
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const noexcept { return pid_; }
  bool running();
  // Waits for the exit; nullopt on timeout. The exit code, or 128+signal.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  // SIGTERM, then SIGKILL after `grace`; returns the exit status.
  int stop(std::chrono::milliseconds grace = std::chrono::seconds(5));
  std::string output() const;  // the log file's content

 private:
  pid_t pid_ = -1;
  std::optional<int> status_;
  std::string log_file_;
};

// Runs a command to completion within `timeout`; returns its exit code (nullopt on timeout,
// the process is then killed). Output goes to log_file.
std::optional<int> run(std::vector<std::string> argv, const std::string& log_file,
                       std::chrono::milliseconds timeout);

// A port free for both UDP and TCP on `ip` right now (bind to port 0, read it, close).
uint16_t freePort(const std::string& ip = "127.0.0.1");

// Full path of an executable in PATH, or "" (to skip tests whose peer is not installed).
std::string findInPath(const std::string& name);

// A fresh directory under the test temp dir (TEST_TMPDIR, else /tmp).
std::string tempDir(const std::string& prefix);

void writeFile(const std::string& path, const std::string& content);
std::string readFile(const std::string& path);

}  // namespace pinhole::test
