#include "repeat_fade_concealer.hpp"

#include <algorithm>
#include <cmath>

namespace sessioncore::media {

RepeatFadeConcealer::RepeatFadeConcealer(std::size_t max_frame, std::size_t fade_samples)
    : last_(max_frame), step_(1.0 / static_cast<double>(std::max<std::size_t>(fade_samples, 1))) {}

void RepeatFadeConcealer::remember(std::span<const std::int16_t> pcm) noexcept {
    last_size_ = std::min(pcm.size(), last_.size());
    std::copy_n(pcm.begin(), last_size_, last_.begin());
    position_ = 0;
    gain_ = 1.0;
}

void RepeatFadeConcealer::conceal(std::span<std::int16_t> out) noexcept {
    for (auto& sample : out) {
        if (last_size_ == 0 || gain_ <= 0.0) {
            sample = 0;
            continue;
        }
        sample = static_cast<std::int16_t>(std::lround(last_[position_] * gain_));
        position_ = (position_ + 1) % last_size_;
        gain_ = std::max(0.0, gain_ - step_);
    }
}

}  // namespace sessioncore::media
