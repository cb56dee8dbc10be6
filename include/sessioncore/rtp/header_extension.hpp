#pragma once
// RFC 8285 header extension elements inside an RTP header extension (RFC 3550 §5.3.1).
//
// One-byte form, profile 0xBEDE (§4.2): each element is a 4-bit ID (1-14), a 4-bit L, then
// L + 1 octets of data. Two-byte form, profile 0x100 followed by 4 "appbits" (§4.3): an 8-bit
// ID (1-255), an 8-bit length, then that many octets (0-255). In both forms a zero octet
// between elements is padding; in the one-byte form ID 15 ends the list (§4.2).
//
//  0                   1                   2                   3
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |       0xBE    |    0xDE       |           length=3            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  ID   | L=0   |     data      |  ID   |  L=1  |   data...
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <span>

#include <sessioncore/rtp/error.hpp>
#include <sessioncore/rtp/packet.hpp>

namespace sessioncore::rtp {

enum class ExtensionForm : std::uint8_t { OneByte, TwoByte };

inline constexpr std::uint16_t one_byte_extension_profile = 0xBEDE;
inline constexpr std::uint16_t two_byte_extension_profile = 0x1000;  ///< | appbits (0-15)

/// One element: its local identifier and its data (a view into the packet).
struct ExtensionElement {
    std::uint8_t id = 0;
    std::span<const std::byte> data{};
};

/// The elements of a header extension, checked once by parse() and then iterated without
/// further checks. A view: it must not outlive the packet bytes.
class ExtensionElements {
public:
    class Iterator {
    public:
        using value_type = ExtensionElement;
        using difference_type = std::ptrdiff_t;
        Iterator() = default;
        const ExtensionElement& operator*() const noexcept { return current_; }
        const ExtensionElement* operator->() const noexcept { return &current_; }
        Iterator& operator++() noexcept;
        Iterator operator++(int) noexcept;
        friend bool operator==(const Iterator& a, const Iterator& b) noexcept {
            return a.next_ == b.next_ && a.done_ == b.done_;
        }

    private:
        friend class ExtensionElements;
        Iterator(ExtensionForm form, std::span<const std::byte> data) noexcept;
        void advance() noexcept;
        ExtensionForm form_ = ExtensionForm::OneByte;
        std::span<const std::byte> data_;
        std::size_t next_ = 0;
        bool done_ = true;
        ExtensionElement current_;
    };

    /// Checks every element of `extension`. Errors: extension_not_rfc8285 (another profile),
    /// extension_element_truncated, extension_bad_padding.
    [[nodiscard]] static Result<ExtensionElements> parse(const HeaderExtension& extension) noexcept;

    [[nodiscard]] ExtensionForm form() const noexcept { return form_; }
    /// The two-byte form's 4 application bits (RFC 8285 §4.3); 0 in the one-byte form.
    [[nodiscard]] std::uint8_t appbits() const noexcept { return appbits_; }
    [[nodiscard]] Iterator begin() const noexcept { return Iterator{form_, data_}; }
    [[nodiscard]] Iterator end() const noexcept { return Iterator{}; }
    /// The data of the first element with `id`, if there is one.
    [[nodiscard]] std::optional<std::span<const std::byte>> find(std::uint8_t id) const noexcept;

private:
    ExtensionElements(ExtensionForm form, std::uint8_t appbits,
                      std::span<const std::byte> data) noexcept
        : form_(form), appbits_(appbits), data_(data) {}
    ExtensionForm form_{};
    std::uint8_t appbits_{};
    std::span<const std::byte> data_{};
};

/// Writes RFC 8285 elements into a caller's buffer, for RtpPacketSpec::extension.
class ExtensionWriter {
public:
    /// `out` receives the element octets (not the 4-octet extension header, which
    /// encode_to() writes). Precondition (SC_ASSERT): appbits < 16 (two-byte form only).
    ExtensionWriter(ExtensionForm form, std::span<std::byte> out, std::uint8_t appbits = 0);

    /// Appends one element. Errors: bad_extension_id, extension_element_too_long (one-byte:
    /// 1-16 octets, two-byte: 0-255), buffer_too_small; on error nothing is appended.
    [[nodiscard]] Result<void> add(std::uint8_t id, std::span<const std::byte> data) noexcept;

    /// Pads the elements with zero octets to a whole word and returns the extension to put in
    /// RtpPacketSpec (its data aliases `out`). Errors: buffer_too_small (no room to pad).
    [[nodiscard]] Result<HeaderExtension> finish() noexcept;

private:
    ExtensionForm form_{};
    std::uint8_t appbits_{};
    std::span<std::byte> out_{};
    std::size_t size_ = 0;
};

}  // namespace sessioncore::rtp
