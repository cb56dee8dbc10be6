// Whether an Opus packet carries in-band FEC (LBRR frames), read from its first header bits.
//
// libopus 1.3 (Debian 12) rebuilds a lost frame from the next packet with decode_fec = 1 but
// silently conceals instead when that packet has no LBRR data, and has no call that tells
// which happened. The SILK layer starts with one VAD flag per 20 ms SILK frame and then the
// LBRR flag, for the mid channel and then (stereo) the side channel, each coded with
// probability 1/2 (RFC 6716 §4.2.3). The range decoder starts with a range of 2^31 over the
// first 31 bits (§4.1.1), and halving a power of two keeps it one: these first symbols are the
// frame's leading bits, most significant first, and can be read without running the decoder.
#include <opus.h>

#include "codec_impl.hpp"

namespace sessioncore::media::detail {
namespace {

// SILK frames in one Opus frame of this TOC configuration (RFC 6716 §3.1, Table 2); 0 for
// CELT-only configurations, which have no SILK layer.
int silk_frames(int config) {
    if (config >= 16)
        return 0;
    if (config >= 12)
        return 1;  // hybrid: 10 or 20 ms
    switch (config % 4) {
        case 2:
            return 2;  // 40 ms
        case 3:
            return 3;  // 60 ms
        default:
            return 1;  // 10 or 20 ms
    }
}

bool bit_at(const unsigned char* frame, int frame_size, int index) {
    const int octet = index / 8;
    return octet < frame_size && ((frame[octet] >> (7 - index % 8)) & 1) != 0;
}

}  // namespace

bool opus_packet_has_lbrr(std::span<const std::byte> packet) noexcept {
    if (packet.empty())
        return false;
    const auto* data = reinterpret_cast<const unsigned char*>(packet.data());
    const int frames_per_channel = silk_frames(data[0] >> 3);
    if (frames_per_channel == 0)
        return false;
    unsigned char toc = 0;
    const unsigned char* frames[48] = {};
    opus_int16 sizes[48] = {};
    if (opus_packet_parse(data, static_cast<opus_int32>(packet.size()), &toc, frames, sizes,
                          nullptr) < 1)
        return false;
    const bool stereo = (toc & 0x04) != 0;
    const int mid_flag = frames_per_channel;
    const int side_flag = 2 * frames_per_channel + 1;
    return bit_at(frames[0], sizes[0], mid_flag) ||
           (stereo && bit_at(frames[0], sizes[0], side_flag));
}

}  // namespace sessioncore::media::detail
