// G.711 blocks: one frame of samples at a time (the scalar rules are in g711.hpp).
#include <sessioncore/base/assert.hpp>
#include <sessioncore/media/g711.hpp>

namespace sessioncore::media::g711 {
namespace {

template <std::uint8_t (*Encode)(std::int16_t)>
std::size_t encode_block(std::span<const std::int16_t> pcm, std::span<std::byte> out) {
    SC_ASSERT(out.size() >= pcm.size(), "one code per sample");
    for (std::size_t i = 0; i < pcm.size(); ++i)
        out[i] = std::byte{Encode(pcm[i])};
    return pcm.size();
}

std::size_t decode_block(const std::array<std::int16_t, 256>& table,
                         std::span<const std::byte> codes, std::span<std::int16_t> out) {
    SC_ASSERT(out.size() >= codes.size(), "one sample per code");
    for (std::size_t i = 0; i < codes.size(); ++i)
        out[i] = table[std::to_integer<std::uint8_t>(codes[i])];
    return codes.size();
}

}  // namespace

std::size_t encode_ulaw(std::span<const std::int16_t> pcm, std::span<std::byte> out) {
    return encode_block<ulaw_encode>(pcm, out);
}

std::size_t encode_alaw(std::span<const std::int16_t> pcm, std::span<std::byte> out) {
    return encode_block<alaw_encode>(pcm, out);
}

std::size_t decode_ulaw(std::span<const std::byte> codes, std::span<std::int16_t> out) {
    return decode_block(detail::ulaw_table, codes, out);
}

std::size_t decode_alaw(std::span<const std::byte> codes, std::span<std::int16_t> out) {
    return decode_block(detail::alaw_table, codes, out);
}

}  // namespace sessioncore::media::g711
