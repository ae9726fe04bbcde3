#include "pinhole/sip/serializer.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>

#include "pinhole/sip/errors.h"

namespace pinhole::sip {
namespace {

constexpr std::string_view kClName = "Content-Length: ";
// Rank of the synthetic "Content-Length: N" line: after every insert at the end of the headers.
constexpr uint8_t kAddedClRank = 2;

// What render adds on its own to keep Content-Length true. Views into `text`: never copied.
struct Plan {
  Plan() = default;
  Plan(const Plan&) = delete;
  Plan& operator=(const Plan&) = delete;

  bool ok = false;
  uint32_t message_end = 0;
  bool has_synthetic = false;
  Edit synthetic;          // the rewritten value, or the added header line
  uint8_t synthetic_rank = 0;
  std::array<char, kClName.size() + 24> text{};
  std::size_t size = 0;    // rendered size
};

bool sameMessage(const MessageLayout& a, const MessageLayout& b) noexcept {
  return a.buffer.data() == b.buffer.data() && a.buffer.size() == b.buffer.size() &&
         a.headers_end == b.headers_end && a.body_offset == b.body_offset &&
         a.body_length == b.body_length;
}

bool layoutValid(const MessageLayout& l) noexcept {
  if (l.headers_end > l.body_offset || l.body_offset > l.buffer.size()) return false;
  if (l.body_length > l.buffer.size() - l.body_offset) return false;
  if (l.content_length_value.data() != nullptr) {
    const char* b = l.buffer.data();
    const char* v = l.content_length_value.data();
    if (v < b || v + l.content_length_value.size() > b + l.headers_end) return false;
  }
  return true;
}

void makePlan(const MessageLayout& layout, const EditList& edits, Plan& p) noexcept {
  if (!sameMessage(layout, edits.layout()) || !layoutValid(layout)) return;
  if (edits.depth() > EditList::kMaxLayers) return;
  p.ok = true;
  p.message_end = layout.body_offset + layout.body_length;
  int64_t size = int64_t{p.message_end} + edits.sizeDelta();
  int64_t body = int64_t{layout.body_length} + edits.bodyDelta();
  if (body != layout.body_length) {
    char* t = p.text.data();
    std::size_t n = 0;
    bool add = layout.content_length_value.data() == nullptr;
    if (add) {
      std::memcpy(t, kClName.data(), kClName.size());
      n = kClName.size();
    }
    n = static_cast<std::size_t>(std::to_chars(t + n, t + p.text.size() - 2, body).ptr - t);
    if (add) {
      t[n++] = '\r';
      t[n++] = '\n';
      p.synthetic = Edit{layout.headers_end, 0, {t, n}};
      p.synthetic_rank = kAddedClRank;
    } else {
      auto off = static_cast<uint32_t>(layout.content_length_value.data() - layout.buffer.data());
      auto len = static_cast<uint32_t>(layout.content_length_value.size());
      p.synthetic = Edit{off, len, {t, n}};
      p.synthetic_rank = static_cast<uint8_t>(EditKind::Replace);
    }
    p.has_synthetic = true;
    size += static_cast<int64_t>(n) - p.synthetic.length;
  }
  p.size = static_cast<std::size_t>(size);
}

struct Cursor {
  const RecordedEdit* it;
  const RecordedEdit* end;
};

// Render order: offset, then rank (EditKind, or kAddedClRank). Ties between layers are broken
// in render(): a branch's prepends go above its parent's, its inserts after them.
bool keyLess(uint32_t ao, uint8_t ar, uint32_t bo, uint8_t br) noexcept {
  return ao != bo ? ao < bo : ar < br;
}

}  // namespace

std::size_t renderedSize(const MessageLayout& layout, const EditList& edits) noexcept {
  Plan p;
  makePlan(layout, edits, p);
  return p.ok ? p.size : 0;
}

Result<void> render(const MessageLayout& layout, const EditList& edits, std::string& out) {
  out.clear();
  Plan plan;
  makePlan(layout, edits, plan);
  if (!plan.ok) return makeError(Errc::EditOutOfRange, "edit list does not match the layout");

  // Layers root first, so equal keys resolve parent-before-branch by index.
  std::array<Cursor, EditList::kMaxLayers> layers{};
  uint32_t n = 0;
  for (const EditList* l = &edits; l; l = l->parent()) {
    auto own = l->own();
    layers[n++] = Cursor{own.data(), own.data() + own.size()};
  }
  std::reverse(layers.begin(), layers.begin() + n);

  out.reserve(plan.size);
  const char* buf = layout.buffer.data();
  uint32_t pos = 0;
  bool synthetic_pending = plan.has_synthetic;
  for (;;) {
    constexpr uint32_t kNone = UINT32_MAX;
    uint32_t best = kNone;
    uint32_t bo = 0;
    uint8_t br = 0;
    for (uint32_t i = 0; i < n; ++i) {
      if (layers[i].it == layers[i].end) continue;
      const RecordedEdit& r = *layers[i].it;
      auto rank = static_cast<uint8_t>(r.kind);
      bool take = best == kNone || keyLess(r.edit.offset, rank, bo, br) ||
                  (r.edit.offset == bo && rank == br && r.kind == EditKind::Prepend);
      if (take) {
        best = i;
        bo = r.edit.offset;
        br = rank;
      }
    }
    const Edit* e = nullptr;
    if (synthetic_pending &&
        (best == kNone || keyLess(plan.synthetic.offset, plan.synthetic_rank, bo, br))) {
      e = &plan.synthetic;
      synthetic_pending = false;
    } else if (best != kNone) {
      e = &layers[best].it->edit;
      ++layers[best].it;
    } else {
      break;
    }
    // Checked again here: a parent may have recorded after its branch, and the rewritten
    // Content-Length may meet a caller's edit of that header.
    if (e->offset < pos || uint64_t{e->offset} + e->length > plan.message_end) {
      out.clear();
      return makeError(Errc::EditConflict, "edit overlaps another edit at render", e->offset);
    }
    out.append(buf + pos, e->offset - pos);
    out.append(e->text);
    pos = e->offset + e->length;
  }
  out.append(buf + pos, plan.message_end - pos);
  return {};
}

}  // namespace pinhole::sip
