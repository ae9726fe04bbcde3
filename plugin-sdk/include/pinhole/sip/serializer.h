// render(): the one place edits are applied. Writes the framed message of `layout` with every edit
// of the chain (parent layers first) in offset order, and keeps Content-Length true to the body.
#pragma once

#include <cstddef>
#include <string>

#include "pinhole/result.h"
#include "pinhole/sip/edit.h"
#include "pinhole/sip/layout.h"

namespace pinhole::sip {

// `out` is cleared first and reserved once. If the body length changed, the Content-Length value
// is rewritten (or "Content-Length: N" added at the end of the headers when there is none); a
// caller's edit touching that value then fails with EditConflict. `edits` must belong to the
// message of `layout` (same buffer), else EditOutOfRange. On error `out` is left empty.
Result<void> render(const MessageLayout& layout, const EditList& edits, std::string& out);

// The exact size render() would produce (0 if the layout and edits do not belong together).
std::size_t renderedSize(const MessageLayout& layout, const EditList& edits) noexcept;

}  // namespace pinhole::sip
