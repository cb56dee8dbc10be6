#include <algorithm>

#include <sessioncore/base/assert.hpp>
#include <sessioncore/media/silence_source.hpp>

namespace sessioncore::media {

SilenceSource::SilenceSource(int sample_rate, std::optional<std::chrono::milliseconds> duration)
    : sample_rate_(sample_rate) {
    SC_ASSERT(sample_rate > 0, "a sample rate is positive");
    if (duration)
        remaining_ = std::max<std::int64_t>(0, duration->count()) * sample_rate / 1000;
}

bool SilenceSource::finished() const noexcept {
    return remaining_ && *remaining_ == 0;
}

std::size_t SilenceSource::read(std::span<std::int16_t> frame) {
    std::fill(frame.begin(), frame.end(), std::int16_t{0});
    if (!remaining_)
        return frame.size();
    auto count = std::min<std::int64_t>(*remaining_, static_cast<std::int64_t>(frame.size()));
    *remaining_ -= count;
    return static_cast<std::size_t>(count);
}

}  // namespace sessioncore::media
