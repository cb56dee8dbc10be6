#include <algorithm>

#include <speex/speex_resampler.h>

#include <sessioncore/media/resampler.hpp>

namespace sessioncore::media {

struct Resampler::State {
    SpeexResamplerState* speex = nullptr;
    ~State() {
        if (speex != nullptr)
            speex_resampler_destroy(speex);
    }
};

namespace {

bool supported(std::uint32_t rate) {
    return rate == 8000 || rate == 16000 || rate == 48000;
}

}  // namespace

Result<Resampler> Resampler::make(const ResamplerOptions& o) {
    if (!supported(o.input_rate) || !supported(o.output_rate))
        return errc::unsupported_sample_rate;
    if (o.quality < SPEEX_RESAMPLER_QUALITY_MIN || o.quality > SPEEX_RESAMPLER_QUALITY_MAX ||
        o.frame.count() < 1 || o.frame.count() > 120)
        return errc::bad_option;
    auto ms = static_cast<std::size_t>(o.frame.count());
    std::size_t in = o.input_rate * ms / 1000;
    std::size_t out = o.output_rate * ms / 1000;
    if (o.input_rate == o.output_rate)
        return Resampler(nullptr, in, out);
    auto state = std::make_unique<State>();
    int error = RESAMPLER_ERR_SUCCESS;
    state->speex = speex_resampler_init(1, o.input_rate, o.output_rate, o.quality, &error);
    if (state->speex == nullptr || error != RESAMPLER_ERR_SUCCESS)
        return errc::codec_failure;
    return Resampler(std::move(state), in, out);
}

Resampler::Resampler(std::unique_ptr<State> state, std::size_t in, std::size_t out) noexcept
    : state_(std::move(state)), input_samples_(in), output_samples_(out) {}
Resampler::Resampler(Resampler&&) noexcept = default;
Resampler& Resampler::operator=(Resampler&&) noexcept = default;
Resampler::~Resampler() = default;

Result<std::size_t> Resampler::process(std::span<const std::int16_t> in,
                                       std::span<std::int16_t> out) {
    if (in.size() != input_samples_)
        return errc::bad_frame_size;
    if (out.size() < output_samples_)
        return errc::buffer_too_small;
    if (!state_) {
        std::copy(in.begin(), in.end(), out.begin());
        return in.size();
    }
    // The rates are whole multiples of each other and the frames whole milliseconds, so
    // speexdsp consumes the whole frame and writes exactly the matching output count.
    auto in_len = static_cast<spx_uint32_t>(in.size());
    auto out_len = static_cast<spx_uint32_t>(output_samples_);
    int r = speex_resampler_process_int(state_->speex, 0, in.data(), &in_len, out.data(), &out_len);
    if (r != RESAMPLER_ERR_SUCCESS || in_len != in.size())
        return errc::codec_failure;
    // Should speexdsp ever write fewer, the frame is padded with its last sample rather than
    // being returned short, as the callers run on fixed frames.
    std::fill(out.begin() + out_len, out.begin() + static_cast<std::ptrdiff_t>(output_samples_),
              out_len == 0 ? std::int16_t{0} : out[out_len - 1]);
    return output_samples_;
}

}  // namespace sessioncore::media
