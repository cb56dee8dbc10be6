#pragma once
// Counts calls to the global operator new of the benchmark binary. counting_allocator.cpp
// replaces every replaceable form of operator new and delete (plain, array, nothrow, aligned,
// sized) with versions that count and forward to malloc/free. C libraries calling malloc
// directly (sofia-sip, libre) are not counted.

#include <cstdint>

namespace sessioncore::bench {

/// Number of operator new calls (any form) since the program started.
std::uint64_t allocation_count() noexcept;

}  // namespace sessioncore::bench
