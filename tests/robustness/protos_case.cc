#include "robustness/protos_case.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace pinhole::test {
namespace {

void replaceAll(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
}

// "<decimal length><SP><bytes>" at `pos`; advances pos past the record.
std::optional<std::string> readRecord(const std::string& file, std::size_t& pos) {
  std::size_t sp = file.find(' ', pos);
  if (sp == std::string::npos || sp == pos) return std::nullopt;
  char* end = nullptr;
  unsigned long len = std::strtoul(file.c_str() + pos, &end, 10);
  if (end != file.c_str() + sp || sp + 1 + len > file.size()) return std::nullopt;
  std::string record = file.substr(sp + 1, len);
  pos = sp + 1 + len;
  return record;
}

void fill(std::string& msg, int n) {
  std::string id = std::to_string(n);
  replaceAll(msg, "<To>", "bob@127.0.0.1:5060");
  replaceAll(msg, "<From>", "alice@127.0.0.1");
  replaceAll(msg, "<From-Address>", "127.0.0.1");
  replaceAll(msg, "<From-IP>", "127.0.0.1");
  replaceAll(msg, "<Local-Port>", "5061");
  replaceAll(msg, "<Branch-ID>", id);
  replaceAll(msg, "<Call-ID>", "protos-" + id);
  replaceAll(msg, "<CSeq>", "1");
  replaceAll(msg, "<Teardown-Method>", "CANCEL");
  // Content-Length is the body after the first CRLFCRLF, counted after the other substitutions.
  std::size_t sep = msg.find("\r\n\r\n");
  std::size_t body = sep == std::string::npos ? msg.size() : sep + 4;
  std::string cl = "<Content-Length>";
  std::size_t at = msg.find(cl);
  std::size_t body_len = msg.size() - body - (at != std::string::npos && at > body ? cl.size() : 0);
  replaceAll(msg, cl, std::to_string(body_len));
}

}  // namespace

std::optional<ProtosCase> loadProtosCase(const std::string& path, int case_number) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  std::string file = ss.str();
  std::size_t pos = 0;
  auto invite = readRecord(file, pos);
  if (!invite) return std::nullopt;
  while (pos < file.size() && (file[pos] == '\r' || file[pos] == '\n')) ++pos;
  auto teardown = readRecord(file, pos);
  if (!teardown) return std::nullopt;
  ProtosCase c{std::move(*invite), std::move(*teardown)};
  fill(c.invite, case_number);
  fill(c.teardown, case_number);
  return c;
}

}  // namespace pinhole::test
