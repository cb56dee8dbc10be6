#pragma once
// Test helper shared by the typed-value tests: "this parse failed as a bad header value, at
// this header and byte offset".

#include <cstdint>

#include <gtest/gtest.h>

#include <sessioncore/sip/error.hpp>

namespace sessioncore::sip::test {

/// Marks a table case that must parse.
inline constexpr std::uint32_t no_error = 0xFFFF'FFFFu;

/// Checks that `r` failed with errc::bad_header_value at `header` and `offset`.
template <class T>
void expect_error(const Result<T>& r, HeaderId header, std::uint32_t offset) {
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, errc::bad_header_value);
    EXPECT_EQ(r.error().header, header);
    EXPECT_EQ(r.error().offset, offset);
}

}  // namespace sessioncore::sip::test
