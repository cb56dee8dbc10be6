#pragma once
// Digital silence (all zero samples), for a muted or held stream and as a test input.

#include <chrono>
#include <optional>

#include <sessioncore/media/audio_source.hpp>

namespace sessioncore::media {

class SilenceSource final : public AudioSource {
public:
    /// `sample_rate` in Hz (> 0); `duration` none: silence forever.
    explicit SilenceSource(int sample_rate,
                           std::optional<std::chrono::milliseconds> duration = std::nullopt);

    [[nodiscard]] int sample_rate() const noexcept override { return sample_rate_; }
    std::size_t read(std::span<std::int16_t> frame) override;
    [[nodiscard]] bool finished() const noexcept override;

private:
    int sample_rate_;
    std::optional<std::int64_t> remaining_;
};

}  // namespace sessioncore::media
