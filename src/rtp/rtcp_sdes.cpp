// SDES packets (RFC 3550 §6.5): chunks of an SSRC/CSRC and items, each chunk's item list ended
// by one or more zero octets that pad it to the next 32-bit boundary.
#include <sessioncore/rtp/rtcp_packets.hpp>

#include "rtcp_parse.hpp"
#include "wire.hpp"

namespace sessioncore::rtp {
namespace {

// Where one chunk's items end (the offset of its null octet) and the chunk's size with its
// padding, for the chunk at the start of `rest`.
struct ChunkExtent {
    std::size_t items_end = 0;
    std::size_t size = 0;
};

Result<ChunkExtent> measure_chunk(std::span<const std::byte> rest) noexcept {
    if (rest.size() < 4)
        return errc::rtcp_sdes_truncated;
    std::size_t at = 4;
    while (true) {
        if (at >= rest.size())
            return errc::rtcp_sdes_truncated;  // no null octet before the end
        if (wire::u8(rest, at) == 0)
            break;
        if (rest.size() - at < 2)
            return errc::rtcp_sdes_truncated;
        std::size_t length = wire::u8(rest, at + 1);
        if (rest.size() - at - 2 < length)
            return errc::rtcp_sdes_truncated;
        at += 2 + length;
    }
    std::size_t size = (at + 1 + 3) / 4 * 4;
    if (size > rest.size())
        return errc::rtcp_sdes_truncated;
    return ChunkExtent{at, size};
}

std::string_view as_text(std::span<const std::byte> b) noexcept {
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

}  // namespace

SdesItems::Iterator::Iterator(std::span<const std::byte> items) noexcept : rest_(items) {
    if (rest_.empty()) {
        rest_ = {};
        return;
    }
    std::size_t length = wire::u8(rest_, 1);
    current_ =
        SdesItem{static_cast<SdesType>(wire::u8(rest_, 0)), as_text(rest_.subspan(2, length))};
}

SdesItems::Iterator& SdesItems::Iterator::operator++() noexcept {
    *this = Iterator{rest_.subspan(2 + current_.text.size())};
    return *this;
}

SdesItems::Iterator SdesItems::Iterator::operator++(int) noexcept {
    Iterator before = *this;
    ++*this;
    return before;
}

std::optional<std::string_view> SdesItems::find(SdesType type) const noexcept {
    for (const SdesItem& item : *this)
        if (item.type == type)
            return item.text;
    return std::nullopt;
}

SdesChunks::Iterator::Iterator(std::span<const std::byte> chunks, std::size_t count) noexcept
    : rest_(chunks), left_(count) {
    read();
}

void SdesChunks::Iterator::read() noexcept {
    if (left_ == 0)
        return;
    // parse_sdes() measured every chunk already, so this succeeds.
    Result<ChunkExtent> extent = measure_chunk(rest_);
    if (!extent) {
        left_ = 0;
        return;
    }
    current_.source = Ssrc{wire::u32(rest_, 0)};
    current_.items = SdesItems{rest_.subspan(4, extent->items_end - 4)};
    current_size_ = extent->size;
}

SdesChunks::Iterator& SdesChunks::Iterator::operator++() noexcept {
    rest_ = rest_.subspan(current_size_);
    --left_;
    read();
    return *this;
}

SdesChunks::Iterator SdesChunks::Iterator::operator++(int) noexcept {
    Iterator before = *this;
    ++*this;
    return before;
}

std::optional<std::string_view> SourceDescription::cname(Ssrc source) const noexcept {
    for (const SdesChunk& chunk : chunks)
        if (chunk.source == source)
            return chunk.items.find(SdesType::Cname);
    return std::nullopt;
}

namespace detail {

Result<SourceDescription> parse_sdes(std::uint8_t count, std::span<const std::byte> body) noexcept {
    std::size_t at = 0;
    for (std::uint8_t i = 0; i < count; ++i) {
        Result<ChunkExtent> extent = measure_chunk(body.subspan(at));
        if (!extent)
            return extent.error();
        at += extent->size;
    }
    return SourceDescription{SdesChunks{body.first(at), count}};
}

}  // namespace detail
}  // namespace sessioncore::rtp
