#pragma once
// Audio the application produces itself: a function called once per frame.

#include <functional>

#include <sessioncore/media/audio_source.hpp>

namespace sessioncore::media {

class CallbackSource final : public AudioSource {
public:
    /// Fills the frame's first samples and returns how many it wrote (at most frame.size()).
    /// Writing fewer than frame.size() ends the source: the rest is silence and the function
    /// is not called again.
    using Fill = std::function<std::size_t(std::span<std::int16_t> frame)>;

    /// `sample_rate` in Hz (> 0); `fill` must not be empty.
    CallbackSource(int sample_rate, Fill fill);

    [[nodiscard]] int sample_rate() const noexcept override { return sample_rate_; }
    std::size_t read(std::span<std::int16_t> frame) override;
    [[nodiscard]] bool finished() const noexcept override { return finished_; }

private:
    int sample_rate_;
    Fill fill_;
    bool finished_ = false;
};

}  // namespace sessioncore::media
