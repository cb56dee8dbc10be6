#pragma once
// A writer for one flat JSON object (RFC 8259) appended straight into a string: the event
// stream's text form is written once per event on the call path, and building a DOM first
// (boost::json::object) cost about ten times as much as the writing itself.

#include <cstdint>
#include <string>
#include <string_view>

namespace sessioncore::session::detail {

class JsonLine {
public:
    JsonLine() { text_.reserve(192); }

    void add(std::string_view key, std::string_view value);
    void add(std::string_view key, std::uint64_t value);
    // Named apart from add(): with overloads for every arithmetic type a small unsigned value
    // would be ambiguous.
    void add_signed(std::string_view key, std::int64_t value);
    /// Three decimals, enough for milliseconds and MOS; non-finite values become null.
    void add_real(std::string_view key, double value);

    /// The object so far, closed.
    [[nodiscard]] std::string finish() &&;

private:
    void add_key(std::string_view key);
    /// `value` as a JSON string: quotes, backslashes and control characters escaped, valid
    /// UTF-8 kept, each byte of an invalid sequence replaced by U+FFFD (a JSON text must be
    /// UTF-8, and SIP header bytes need not be).
    void add_string(std::string_view value);

    std::string text_ = "{";
};

}  // namespace sessioncore::session::detail
