// Reading the corpus: whole files as bytes (NULs and bare CR/LF included) and manifest.tsv rows.
// PINHOLE_CORPUS_DATA is the absolute path of tests/corpus/data, set by CMake.
#pragma once

#include <cctype>
#include <fstream>
#include <iterator>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace pinhole::corpus {

inline std::string dataPath(std::string_view relative) {
  return std::string(PINHOLE_CORPUS_DATA) + "/" + std::string(relative);
}

// The file's bytes; throws so that a missing corpus file fails the test loudly.
inline std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct ManifestRow {
  std::string file;         // relative to the manifest's folder ("variants/x.dat" possible)
  std::string section;      // RFC section, or the advisory the file comes from
  std::string expectation;  // valid / invalid / semantic-error, or no-crash / header-removed
  std::string note;
};

// GoogleTest prints a parameter with this (and CTest shows it in test names): the file alone.
inline void PrintTo(const ManifestRow& row, std::ostream* os) { *os << row.file; }

// Rows of a manifest.tsv (tab-separated, one header line). Every row needs at least three
// columns; a short row is a broken manifest, not a row to skip.
inline std::vector<ManifestRow> readManifest(const std::string& path) {
  std::string text = readFile(path);
  std::vector<ManifestRow> rows;
  std::size_t pos = text.find('\n');  // skip the header line
  while (pos != std::string::npos && pos + 1 < text.size()) {
    std::size_t start = pos + 1;
    pos = text.find('\n', start);
    std::string line = text.substr(start, pos == std::string::npos ? std::string::npos
                                                                    : pos - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> cols;
    std::size_t c = 0;
    for (;;) {
      std::size_t tab = line.find('\t', c);
      cols.push_back(line.substr(c, tab == std::string::npos ? std::string::npos : tab - c));
      if (tab == std::string::npos) break;
      c = tab + 1;
    }
    if (cols.size() < 3) throw std::runtime_error("short manifest row in " + path + ": " + line);
    cols.resize(4);
    rows.push_back({cols[0], cols[1], cols[2], cols[3]});
  }
  return rows;
}

// A GoogleTest parameter name from a file name: "variants/baddn-terminated.dat" ->
// "variants_baddn_terminated" (only letters, digits and '_' are allowed there).
inline std::string testName(std::string_view file) {
  std::size_t dot = file.rfind('.');
  if (dot != std::string_view::npos && file.find('/', dot) == std::string_view::npos)
    file = file.substr(0, dot);
  std::string out;
  for (char c : file)
    out.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  return out;
}

}  // namespace pinhole::corpus
