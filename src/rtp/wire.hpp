#pragma once
// Network byte order reads and writes over byte spans (private to the rtp layer). Callers
// check the bounds first: these index the span directly.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

namespace sessioncore::rtp::wire {

inline std::uint8_t u8(std::span<const std::byte> b, std::size_t at) noexcept {
    return std::to_integer<std::uint8_t>(b[at]);
}

inline std::uint16_t u16(std::span<const std::byte> b, std::size_t at) noexcept {
    return static_cast<std::uint16_t>((u8(b, at) << 8) | u8(b, at + 1));
}

inline std::uint32_t u24(std::span<const std::byte> b, std::size_t at) noexcept {
    return (std::uint32_t{u8(b, at)} << 16) | (std::uint32_t{u8(b, at + 1)} << 8) |
           std::uint32_t{u8(b, at + 2)};
}

inline std::uint32_t u32(std::span<const std::byte> b, std::size_t at) noexcept {
    return (std::uint32_t{u16(b, at)} << 16) | std::uint32_t{u16(b, at + 2)};
}

inline void put_u8(std::span<std::byte> b, std::size_t at, std::uint8_t v) noexcept {
    b[at] = std::byte{v};
}

inline void put_u16(std::span<std::byte> b, std::size_t at, std::uint16_t v) noexcept {
    put_u8(b, at, static_cast<std::uint8_t>(v >> 8));
    put_u8(b, at + 1, static_cast<std::uint8_t>(v));
}

inline void put_u24(std::span<std::byte> b, std::size_t at, std::uint32_t v) noexcept {
    put_u8(b, at, static_cast<std::uint8_t>(v >> 16));
    put_u16(b, at + 1, static_cast<std::uint16_t>(v));
}

inline void put_u32(std::span<std::byte> b, std::size_t at, std::uint32_t v) noexcept {
    put_u16(b, at, static_cast<std::uint16_t>(v >> 16));
    put_u16(b, at + 2, static_cast<std::uint16_t>(v));
}

/// Copies `from` to `b` at `at`; returns the offset past it.
inline std::size_t put_bytes(std::span<std::byte> b, std::size_t at,
                             std::span<const std::byte> from) noexcept {
    std::copy(from.begin(), from.end(), b.subspan(at, from.size()).begin());
    return at + from.size();
}

/// Writes `count` zero octets at `at`; returns the offset past them.
inline std::size_t put_zeros(std::span<std::byte> b, std::size_t at, std::size_t count) noexcept {
    std::span<std::byte> zeros = b.subspan(at, count);
    std::fill(zeros.begin(), zeros.end(), std::byte{0});
    return at + count;
}

}  // namespace sessioncore::rtp::wire
