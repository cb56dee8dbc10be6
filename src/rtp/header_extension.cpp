// RFC 8285 header extension elements (the layout is drawn in header_extension.hpp).
#include <sessioncore/base/assert.hpp>
#include <sessioncore/rtp/header_extension.hpp>

#include "wire.hpp"

namespace sessioncore::rtp {
namespace {

constexpr std::uint8_t one_byte_stop_id = 15;  // §4.2: ends the list, its length is ignored

// One step through the element list from `at`: an element and where the next step starts, or
// the end of the list (no element).
struct Step {
    std::optional<ExtensionElement> element;
    std::size_t next = 0;
};

Result<Step> step_one_byte(std::span<const std::byte> data, std::size_t at) noexcept {
    while (at < data.size()) {
        std::uint8_t octet = wire::u8(data, at);
        auto id = static_cast<std::uint8_t>(octet >> 4);
        if (octet == 0) {
            ++at;  // padding
            continue;
        }
        if (id == 0)
            return errc::extension_bad_padding;
        if (id == one_byte_stop_id)
            return Step{std::nullopt, data.size()};
        std::size_t length = std::size_t{static_cast<std::uint8_t>(octet & 0x0F)} + 1;
        if (data.size() - at - 1 < length)
            return errc::extension_element_truncated;
        return Step{ExtensionElement{id, data.subspan(at + 1, length)}, at + 1 + length};
    }
    return Step{std::nullopt, data.size()};
}

Result<Step> step_two_byte(std::span<const std::byte> data, std::size_t at) noexcept {
    while (at < data.size()) {
        std::uint8_t id = wire::u8(data, at);
        if (id == 0) {
            ++at;  // padding
            continue;
        }
        if (data.size() - at < 2)
            return errc::extension_element_truncated;
        std::size_t length = wire::u8(data, at + 1);
        if (data.size() - at - 2 < length)
            return errc::extension_element_truncated;
        return Step{ExtensionElement{id, data.subspan(at + 2, length)}, at + 2 + length};
    }
    return Step{std::nullopt, data.size()};
}

Result<Step> step(ExtensionForm form, std::span<const std::byte> data, std::size_t at) noexcept {
    return form == ExtensionForm::OneByte ? step_one_byte(data, at) : step_two_byte(data, at);
}

}  // namespace

ExtensionElements::Iterator::Iterator(ExtensionForm form, std::span<const std::byte> data) noexcept
    : form_(form), data_(data), done_(false) {
    advance();
}

void ExtensionElements::Iterator::advance() noexcept {
    // parse() walked the same steps without an error, so every step succeeds here.
    Result<Step> s = step(form_, data_, next_);
    if (!s || !s->element) {
        *this = Iterator{};
        return;
    }
    current_ = *s->element;
    next_ = s->next;
}

ExtensionElements::Iterator& ExtensionElements::Iterator::operator++() noexcept {
    advance();
    return *this;
}

ExtensionElements::Iterator ExtensionElements::Iterator::operator++(int) noexcept {
    Iterator before = *this;
    advance();
    return before;
}

Result<ExtensionElements> ExtensionElements::parse(const HeaderExtension& extension) noexcept {
    ExtensionForm form;
    std::uint8_t appbits = 0;
    if (extension.profile == one_byte_extension_profile) {
        form = ExtensionForm::OneByte;
    } else if ((extension.profile & 0xFFF0) == two_byte_extension_profile) {
        form = ExtensionForm::TwoByte;
        appbits = static_cast<std::uint8_t>(extension.profile & 0x000F);
    } else {
        return errc::extension_not_rfc8285;
    }
    std::size_t at = 0;
    while (true) {
        Result<Step> s = step(form, extension.data, at);
        if (!s)
            return s.error();
        if (!s->element)
            break;
        at = s->next;
    }
    return ExtensionElements{form, appbits, extension.data};
}

std::optional<std::span<const std::byte>> ExtensionElements::find(std::uint8_t id) const noexcept {
    for (const ExtensionElement& e : *this)
        if (e.id == id)
            return e.data;
    return std::nullopt;
}

ExtensionWriter::ExtensionWriter(ExtensionForm form, std::span<std::byte> out, std::uint8_t appbits)
    : form_(form), appbits_(appbits), out_(out) {
    SC_ASSERT(appbits < 16, "RFC 8285 appbits are 4 bits");
}

Result<void> ExtensionWriter::add(std::uint8_t id, std::span<const std::byte> data) noexcept {
    bool one_byte = form_ == ExtensionForm::OneByte;
    if (id == 0 || (one_byte && id >= one_byte_stop_id))
        return errc::bad_extension_id;
    if (one_byte ? (data.empty() || data.size() > 16) : data.size() > 255)
        return errc::extension_element_too_long;
    std::size_t header = one_byte ? 1 : 2;
    if (out_.size() - size_ < header + data.size())
        return errc::buffer_too_small;
    if (one_byte) {
        wire::put_u8(out_, size_,
                     static_cast<std::uint8_t>((std::size_t{id} << 4) | (data.size() - 1)));
    } else {
        wire::put_u8(out_, size_, id);
        wire::put_u8(out_, size_ + 1, static_cast<std::uint8_t>(data.size()));
    }
    size_ = wire::put_bytes(out_, size_ + header, data);
    return {};
}

Result<HeaderExtension> ExtensionWriter::finish() noexcept {
    std::size_t padded = (size_ + 3) / 4 * 4;
    if (out_.size() < padded)
        return errc::buffer_too_small;
    wire::put_zeros(out_, size_, padded - size_);
    auto profile = form_ == ExtensionForm::OneByte
                       ? one_byte_extension_profile
                       : static_cast<std::uint16_t>(two_byte_extension_profile | appbits_);
    return HeaderExtension{profile, out_.first(padded)};
}

}  // namespace sessioncore::rtp
