// The session's offer/answer wishes for hold and resume (RFC 3264 §8.4): the direction our
// offers name, what our answers say while we hold, and o= versions that move only when the
// description changes (§8). Pure values: two Negotiation objects answer each other.
#include "../../src/session/negotiation.hpp"

#include <gtest/gtest.h>

namespace sessioncore::session::detail {
namespace {

bool has_line(const std::string& sdp, std::string_view line) {
    return sdp.find(std::string(line) + "\r\n") != std::string::npos;
}

/// Offers from `from`, answered by `to`; returns {offer, answer}.
std::pair<std::string, std::string> exchange(Negotiation& from, Negotiation& to) {
    MediaOptions media;
    media.codecs = default_codecs();
    auto offer = from.make_offer(media, "127.0.0.1", 20000);
    EXPECT_TRUE(offer);
    EXPECT_TRUE(to.take_offer(*offer));
    auto answer = to.local_description(media, "127.0.0.1", 20002);
    EXPECT_TRUE(answer);
    EXPECT_TRUE(from.take_answer(*answer));
    return {*offer, *answer};
}

struct HoldCase {
    const char* name;
    bool alice_holds;
    bool bob_holds;
    const char* offer_line;   // Alice's re-offer after the holds are set
    const char* answer_line;  // Bob's answer to it
};

const HoldCase hold_cases[] = {
    {"nobody_holds", false, false, "a=sendrecv", "a=sendrecv"},
    {"alice_holds", true, false, "a=sendonly", "a=recvonly"},
    {"bob_holds_alice_offers_sendrecv", false, true, "a=sendrecv", "a=sendonly"},
};

TEST(Negotiation, HoldDirections) {
    for (const auto& c : hold_cases) {
        SCOPED_TRACE(c.name);
        Negotiation alice, bob;
        exchange(alice, bob);
        alice.set_local_hold(c.alice_holds);
        bob.set_local_hold(c.bob_holds);
        auto [offer, answer] = exchange(alice, bob);
        EXPECT_TRUE(has_line(offer, c.offer_line)) << offer;
        EXPECT_TRUE(has_line(answer, c.answer_line)) << answer;
        EXPECT_EQ(alice.on_hold(), c.alice_holds || c.bob_holds);
    }
}

TEST(Negotiation, HoldWhileHeldIsInactive) {
    Negotiation alice, bob;
    exchange(alice, bob);
    bob.set_local_hold(true);
    exchange(bob, alice);  // Bob holds Alice: she is recvonly now
    EXPECT_EQ(alice.summary().direction, "recvonly");
    alice.set_local_hold(true);
    EXPECT_EQ(alice.offer_direction(), sdp::Direction::Inactive);
    auto [offer, answer] = exchange(alice, bob);
    EXPECT_TRUE(has_line(offer, "a=inactive"));
    EXPECT_TRUE(has_line(answer, "a=inactive"));
    // Bob resumes while Alice still holds: her answer never asks to receive.
    bob.set_local_hold(false);
    auto [resume, held_answer] = exchange(bob, alice);
    EXPECT_TRUE(has_line(resume, "a=sendrecv"));
    EXPECT_TRUE(has_line(held_answer, "a=sendonly"));
}

std::uint64_t version_of(const std::string& sdp) {
    auto o = sdp.find("o=");
    auto id = sdp.find(' ', o);
    auto version = sdp.find(' ', id + 1);
    return std::stoull(sdp.substr(version + 1));
}

TEST(Negotiation, VersionMovesOnlyWhenTheOfferChanges) {
    Negotiation alice, bob;
    auto first = exchange(alice, bob).first;
    alice.set_local_hold(true);
    auto held = exchange(alice, bob).first;
    auto held_again = exchange(alice, bob).first;
    alice.set_local_hold(false);
    auto resumed = exchange(alice, bob).first;
    EXPECT_EQ(version_of(held), version_of(first) + 1);
    EXPECT_EQ(version_of(held_again), version_of(held));
    EXPECT_EQ(version_of(resumed), version_of(held) + 1);
}

TEST(Negotiation, RefusedReofferRollsBack) {
    Negotiation alice, bob;
    exchange(alice, bob);
    alice.set_local_hold(true);
    MediaOptions media;
    media.codecs = default_codecs();
    ASSERT_TRUE(alice.make_offer(media, "127.0.0.1", 20000));
    EXPECT_TRUE(alice.awaiting_answer());
    alice.rollback();  // a 488 or 491 to it
    EXPECT_TRUE(alice.complete());
    EXPECT_EQ(alice.summary().direction, "sendrecv");
}

}  // namespace
}  // namespace sessioncore::session::detail
