#pragma once
// Network byte order loads and stores for the relay's in-place rewrites (private to the media
// layer). Callers check the bounds first: these index the span directly.

#include <cstddef>
#include <cstdint>
#include <span>

namespace sessioncore::media::relay_wire {

inline std::uint16_t load_be16(std::span<const std::byte> bytes, std::size_t at) noexcept {
    return static_cast<std::uint16_t>((std::to_integer<unsigned>(bytes[at]) << 8) |
                                      std::to_integer<unsigned>(bytes[at + 1]));
}

inline std::uint32_t load_be32(std::span<const std::byte> bytes, std::size_t at) noexcept {
    return (std::uint32_t{load_be16(bytes, at)} << 16) | load_be16(bytes, at + 2);
}

inline void store_be16(std::span<std::byte> bytes, std::size_t at, std::uint16_t value) noexcept {
    bytes[at] = static_cast<std::byte>(value >> 8);
    bytes[at + 1] = static_cast<std::byte>(value & 0xFFu);
}

inline void store_be32(std::span<std::byte> bytes, std::size_t at, std::uint32_t value) noexcept {
    store_be16(bytes, at, static_cast<std::uint16_t>(value >> 16));
    store_be16(bytes, at + 2, static_cast<std::uint16_t>(value & 0xFFFFu));
}

}  // namespace sessioncore::media::relay_wire
