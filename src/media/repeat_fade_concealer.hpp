#pragma once
// Simple packet loss concealment for codecs without their own (G.711, G.722 here): repeat the
// last good frame, fading it out linearly so that a long gap ends in silence rather than a
// buzz. G.711 Appendix I describes a better pitch-based PLC; repeat-and-fade is the cheap
// baseline, and G.113 Appendix I's Bpl for "G.711 with PLC" does not claim to describe it.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace sessioncore::media {

class RepeatFadeConcealer {
public:
    /// `max_frame` bounds what remember() keeps (allocated once here); `fade_samples` is how
    /// long a repeated frame takes to fade from full level to silence.
    RepeatFadeConcealer(std::size_t max_frame, std::size_t fade_samples);

    /// Keeps a good frame (its first max_frame samples) as the one to repeat.
    void remember(std::span<const std::int16_t> pcm) noexcept;

    /// Fills `out` with the kept frame, cyclically, faded on from where the last call stopped;
    /// silence when nothing was kept or the fade has ended.
    void conceal(std::span<std::int16_t> out) noexcept;

private:
    std::vector<std::int16_t> last_;
    std::size_t last_size_ = 0;
    std::size_t position_ = 0;  // where in last_ the next concealed sample comes from
    double gain_ = 1.0;
    double step_;  // gain lost per concealed sample
};

}  // namespace sessioncore::media
