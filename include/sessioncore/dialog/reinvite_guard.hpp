#pragma once
// One INVITE transaction at a time per dialog (RFC 3261 §14.1, §14.2). A UA must not send a
// re-INVITE while an INVITE transaction is in progress in either direction; a received
// re-INVITE that crosses ours gets 491 (glare, see glare.hpp), and one that arrives before we
// answered the previous one gets 500 with a random Retry-After of 0 to 10 s. One guard per
// dialog; not thread-safe: the dialog's shard owns it.

#include <chrono>
#include <cstdint>
#include <optional>
#include <utility>

#include <sessioncore/dialog/random_source.hpp>

namespace sessioncore::dialog {

/// The answer to a received re-INVITE: accept it (status 0) or refuse it with `status`.
struct ReinviteVerdict {
    std::uint16_t status = 0;                         ///< 0, 491 or 500
    std::optional<std::chrono::seconds> retry_after;  ///< with 500: the Retry-After to send
    [[nodiscard]] bool accepted() const noexcept { return status == 0; }
};

class ReinviteGuard {
public:
    explicit ReinviteGuard(RandomSource random = default_random_source())
        : random_(std::move(random)) {}

    /// Whether we may send a re-INVITE now: no INVITE in progress either way (§14.1).
    [[nodiscard]] bool may_send() const noexcept { return !sent_pending_ && !received_pending_; }
    /// We sent a re-INVITE. Precondition (SC_ASSERT): may_send().
    void on_sent();
    /// Our re-INVITE's client transaction got its final response, or timed out or failed.
    void on_sent_finished() noexcept { sent_pending_ = false; }

    /// A re-INVITE arrived: accepted (then pending until on_answered()), or refused with the
    /// status to answer (§14.2). A refused one leaves the guard as it was.
    [[nodiscard]] ReinviteVerdict on_received();
    /// We sent the final response to the accepted re-INVITE.
    void on_answered() noexcept { received_pending_ = false; }

    [[nodiscard]] bool sent_pending() const noexcept { return sent_pending_; }
    [[nodiscard]] bool received_pending() const noexcept { return received_pending_; }

private:
    RandomSource random_;
    bool sent_pending_ = false;
    bool received_pending_ = false;
};

}  // namespace sessioncore::dialog
