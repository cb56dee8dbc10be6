#pragma once
// A writer for one flat JSON object (RFC 8259) appended straight onto the caller's string: the
// event stream's text form is written once per event on the call path, and building a DOM first
// (boost::json::object) cost about ten times as much as the writing itself. Writing onto a
// string the caller reuses saves an allocation per event.

#include <cstdint>
#include <string>
#include <string_view>

namespace sessioncore::session::detail {

class JsonLine {
public:
    /// Opens an object at the end of `out`, which must outlive the writer.
    explicit JsonLine(std::string& out) : out_(out) { out_ += '{'; }

    // Every `key` is a literal of the event writer: ASCII letters, digits and '_' only. It is
    // written as it is, unescaped (escaping ~100 keys per call was a third of the writer's
    // work).
    void add(std::string_view key, std::string_view value);
    /// `value` is ours and plain by construction (an event or enum name, a time): printable
    /// ASCII without '"' or '\\'. Copied without the scan for bytes to escape, which costs
    /// a few instructions per byte and most of a line's text is of this kind.
    void add_plain(std::string_view key, std::string_view value);
    void add(std::string_view key, std::uint64_t value);
    // Named apart from add(): with overloads for every arithmetic type a small unsigned value
    // would be ambiguous.
    void add_signed(std::string_view key, std::int64_t value);
    /// Three decimals, enough for milliseconds and MOS; non-finite values become null.
    void add_real(std::string_view key, double value);

    /// Closes the object.
    void finish() { out_ += '}'; }

private:
    void add_key(std::string_view key);
    /// `value` as a JSON string: quotes, backslashes and control characters escaped, valid
    /// UTF-8 kept, each byte of an invalid sequence replaced by U+FFFD (a JSON text must be
    /// UTF-8, and SIP header bytes need not be).
    void add_string(std::string_view value);

    std::string& out_;
    bool empty_ = true;  // no member yet: no comma before the next key
};

}  // namespace sessioncore::session::detail
