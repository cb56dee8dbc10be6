#pragma once
// Glare (RFC 3261 §14.1): when both ends of a dialog send a re-INVITE at once, each gets a
// 491 and retries after a random delay. The delays of the two ends do not overlap, so the
// retry of the Call-ID's owner (the UAC of the dialog-creating INVITE) comes after the other
// end's: 2.1 s to 4 s against 0 to 2 s, both in units of 10 ms.

#include <chrono>
#include <utility>

#include <sessioncore/dialog/random_source.hpp>
#include <sessioncore/dialog/role.hpp>

namespace sessioncore::dialog {

/// A retry window after a 491, both ends included; drawn in 10 ms steps.
struct GlareWindow {
    std::chrono::milliseconds low;
    std::chrono::milliseconds high;
};

/// §14.1's windows: the Call-ID's owner 2.1 s to 4 s, the other end 0 to 2 s.
inline constexpr GlareWindow rfc3261_owner_window{std::chrono::milliseconds(2100),
                                                  std::chrono::milliseconds(4000)};
inline constexpr GlareWindow rfc3261_other_window{std::chrono::milliseconds(0),
                                                  std::chrono::milliseconds(2000)};

class GlareBackoff {
public:
    explicit GlareBackoff(RandomSource random = default_random_source())
        : random_(std::move(random)) {}
    /// Other windows than §14.1's (tests shorten them). A window whose high is below its low
    /// is taken as its low alone.
    GlareBackoff(GlareWindow owner, GlareWindow other,
                 RandomSource random = default_random_source())
        : random_(std::move(random)), owner_(owner), other_(other) {}

    /// How long to wait before sending the re-INVITE again after a 491, for a dialog in which
    /// we have `role` (Dialog::role(): Uac means we own the Call-ID).
    /// Precondition (SC_ASSERT): the random source keeps to [0, count).
    [[nodiscard]] std::chrono::milliseconds delay(Role role) const;

private:
    RandomSource random_;
    GlareWindow owner_ = rfc3261_owner_window;
    GlareWindow other_ = rfc3261_other_window;
};

}  // namespace sessioncore::dialog
