#pragma once
// A list of 32-bit source identifiers as they are on the wire: the CSRC list of an RTP packet
// (RFC 3550 §5.1) or the sources of an RTCP BYE (§6.6). A view; it reads the identifiers on
// demand and must not outlive the packet bytes.

#include <cstddef>
#include <cstdint>
#include <span>

#include <sessioncore/rtp/ids.hpp>

namespace sessioncore::rtp {

class SsrcList {
public:
    SsrcList() = default;
    /// Precondition: `words` holds a whole number of 4-octet identifiers.
    explicit SsrcList(std::span<const std::byte> words) noexcept : words_(words) {}

    [[nodiscard]] std::size_t size() const noexcept { return words_.size() / 4; }
    [[nodiscard]] bool empty() const noexcept { return words_.empty(); }
    /// Precondition: i < size().
    [[nodiscard]] Ssrc operator[](std::size_t i) const noexcept {
        std::size_t at = i * 4;
        auto octet = [&](std::size_t k) { return std::to_integer<std::uint32_t>(words_[at + k]); };
        return Ssrc{(octet(0) << 24) | (octet(1) << 16) | (octet(2) << 8) | octet(3)};
    }
    /// The identifiers' octets (size() × 4).
    [[nodiscard]] std::span<const std::byte> bytes() const noexcept { return words_; }

private:
    std::span<const std::byte> words_{};
};

}  // namespace sessioncore::rtp
