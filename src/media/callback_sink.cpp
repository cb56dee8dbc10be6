#include <sessioncore/base/assert.hpp>
#include <sessioncore/media/callback_sink.hpp>

namespace sessioncore::media {

CallbackSink::CallbackSink(int sample_rate, Consume consume)
    : sample_rate_(sample_rate), consume_(std::move(consume)) {
    SC_ASSERT(sample_rate > 0, "a sample rate is positive");
    SC_ASSERT(static_cast<bool>(consume_), "a callback sink needs a function");
}

boost::system::error_code CallbackSink::write(std::span<const std::int16_t> frame) {
    return consume_(frame);
}

}  // namespace sessioncore::media
