// Reading a PROTOS c07-sip case file: two length-prefixed records (the anomalous INVITE and its
// teardown) with placeholders filled in, as the suite's README describes.
#pragma once

#include <optional>
#include <string>

namespace pinhole::test {

struct ProtosCase {
  std::string invite;
  std::string teardown;
};

// Reads and fills in one case; nullopt if the file is missing or not in the two-record format.
std::optional<ProtosCase> loadProtosCase(const std::string& path, int case_number);

}  // namespace pinhole::test
