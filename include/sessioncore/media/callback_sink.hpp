#pragma once
// Audio handed to the application: a function called once per frame with a view of it.

#include <functional>

#include <sessioncore/media/audio_sink.hpp>

namespace sessioncore::media {

class CallbackSink final : public AudioSink {
public:
    /// Sees each frame; the span is valid only during the call. An error it returns is
    /// returned by write().
    using Consume = std::function<boost::system::error_code(std::span<const std::int16_t> frame)>;

    /// `sample_rate` in Hz (> 0); `consume` must not be empty.
    CallbackSink(int sample_rate, Consume consume);

    [[nodiscard]] int sample_rate() const noexcept override { return sample_rate_; }
    boost::system::error_code write(std::span<const std::int16_t> frame) override;

private:
    int sample_rate_;
    Consume consume_;
};

}  // namespace sessioncore::media
