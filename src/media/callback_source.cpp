#include <algorithm>

#include <sessioncore/base/assert.hpp>
#include <sessioncore/media/callback_source.hpp>

namespace sessioncore::media {

CallbackSource::CallbackSource(int sample_rate, Fill fill)
    : sample_rate_(sample_rate), fill_(std::move(fill)) {
    SC_ASSERT(sample_rate > 0, "a sample rate is positive");
    SC_ASSERT(static_cast<bool>(fill_), "a callback source needs a function");
}

std::size_t CallbackSource::read(std::span<std::int16_t> frame) {
    std::size_t written = 0;
    if (!finished_) {
        // A callback claiming more than the frame is trusted only up to the frame.
        written = std::min(fill_(frame), frame.size());
        finished_ = written < frame.size();
    }
    std::fill(frame.begin() + static_cast<std::ptrdiff_t>(written), frame.end(), std::int16_t{0});
    return written;
}

}  // namespace sessioncore::media
