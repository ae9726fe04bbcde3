// Heap allocation counter for benchmarks: alloc_counter.cc replaces the global operator new and
// delete (every form) with malloc/free wrappers that count calls. Compile it into a benchmark
// executable only; a program that links it counts every `new` it makes, whoever makes it.
// Direct malloc calls are not seen; the SIP core allocates only through operator new (the arena's
// upstream is std::pmr::new_delete_resource()).
#pragma once

#include <cstddef>
#include <cstdint>

namespace pinhole::bench {

struct HeapCounts {
  uint64_t allocations = 0;  // operator new calls (scalar, array, aligned, nothrow)
  uint64_t bytes = 0;        // bytes requested by those calls
};

// Totals since the process started. Take one before and one after the code under test.
HeapCounts heapCounts() noexcept;

}  // namespace pinhole::bench
