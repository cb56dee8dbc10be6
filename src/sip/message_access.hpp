#pragma once
// Private helpers for Message's typed accessors: find the single field of a header, parse it,
// and express a value-relative error offset as an offset into the message.

#include <cstddef>
#include <optional>
#include <string_view>

#include <sessioncore/base/assert.hpp>
#include <sessioncore/sip/message.hpp>

#include "lex.hpp"

#define SC_SIP_ASSERT(expr, why) SC_ASSERT(expr, why)

namespace sessioncore::sip {

using lex::offset_in;

/// The error of a parse of `value`, with its offset made relative to the whole message.
inline Error rebased(Error e, std::string_view wire, std::string_view value) noexcept {
    e.offset = static_cast<std::uint32_t>(offset_in(wire, value) + e.offset);
    return e;
}

/// Rebases an error from a parse of `value` to an offset in the whole message.
template <class T>
Result<T> in_message(Result<T> r, std::string_view wire, std::string_view value) noexcept {
    if (!r)
        r = rebased(r.error(), wire, value);
    return r;
}

/// The one field of `id`: missing_header when absent, duplicate_header when there are several
/// with different values (RFC 4475 multi01); identical repeats are tolerated.
inline Result<const HeaderField*> the_field(const Message& m, HeaderId id) noexcept {
    const HeaderField* first = m.find(id);
    if (first == nullptr)
        return Error{errc::missing_header, id, 0};
    if (m.count(id) == 1)
        return first;
    for (const HeaderField& f : m.headers()) {
        if (f.id == id && f.value != first->value)
            return Error{errc::duplicate_header, id, offset_in(m.wire(), f.value)};
    }
    return first;
}

template <class Parse>
auto single(const Message& m, HeaderId id, Parse parse) noexcept -> decltype(parse({})) {
    auto field = the_field(m, id);
    if (!field)
        return field.error();
    // One named result, returned on every path, so the (large) value is built in place.
    auto r = parse((*field)->value);
    if (!r)
        r = rebased(r.error(), m.wire(), (*field)->value);
    return r;
}

template <class Parse>
auto optional_single(const Message& m, HeaderId id, Parse parse) noexcept
    -> Result<std::optional<typename decltype(parse({}))::value_type>> {
    auto field = the_field(m, id);
    if (!field) {
        if (field.error().code == errc::missing_header)
            return std::nullopt;
        return field.error();
    }
    auto value = in_message(parse((*field)->value), m.wire(), (*field)->value);
    if (!value)
        return value.error();
    return std::optional(*value);
}

}  // namespace sessioncore::sip
