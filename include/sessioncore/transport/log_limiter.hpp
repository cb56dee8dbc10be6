#pragma once
// A rate limit for log lines about bad input (STYLE.md §3: nothing per packet), so a flood of
// garbage cannot flood the log. Sans-IO: the caller passes `now`. One instance per worker: not
// synchronised.

#include <cstddef>
#include <cstdint>

#include <sessioncore/base/time.hpp>

namespace sessioncore::transport {

class LogLimiter {
public:
    /// At most `lines_per_second` lines in each one-second window; 0 silences every line.
    explicit LogLimiter(std::size_t lines_per_second) noexcept : limit_(lines_per_second) {}

    /// True when a line may be written now; false counts it as suppressed.
    bool allow(TimePoint now) noexcept {
        if (!started_ || now - window_start_ >= std::chrono::seconds(1)) {
            started_ = true;
            window_start_ = now;
            used_ = 0;
        }
        if (used_ < limit_) {
            ++used_;
            return true;
        }
        ++suppressed_;
        return false;
    }

    /// Lines suppressed since the last call (then reset): log it with the next allowed line.
    std::uint64_t take_suppressed() noexcept {
        std::uint64_t n = suppressed_;
        suppressed_ = 0;
        return n;
    }
    [[nodiscard]] std::uint64_t suppressed() const noexcept { return suppressed_; }

private:
    std::size_t limit_;
    std::size_t used_ = 0;
    std::uint64_t suppressed_ = 0;
    TimePoint window_start_{};
    bool started_ = false;
};

}  // namespace sessioncore::transport
