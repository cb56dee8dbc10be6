#pragma once
// SC_ASSERT: a broken precondition is a programming error (STYLE.md §3): it throws
// std::logic_error with the place and the reason, in every build type.

#include <stdexcept>
#include <string>

namespace sessioncore::detail {
[[noreturn]] inline void assertion_failed(const char* expr, const char* why, const char* file,
                                          int line) {
    throw std::logic_error(std::string(file) + ":" + std::to_string(line) + ": " + why + " (" +
                           expr + ")");
}
}  // namespace sessioncore::detail

#define SC_ASSERT(expr, why)                                                         \
    do {                                                                             \
        if (!(expr))                                                                 \
            ::sessioncore::detail::assertion_failed(#expr, why, __FILE__, __LINE__); \
    } while (false)
