#include <gtest/gtest.h>

#include <sessioncore/sdp/offer_answer.hpp>

#include "sdp/offers.hpp"

namespace sdp = sessioncore::sdp;
namespace offers = sdp_offers;
using offers::phone;
using sdp::errc;
using State = sdp::OfferAnswerState;

namespace {

const std::string_view pcmu_answer =
    "v=0\r\n"
    "o=bob 7 8 IN IP4 198.51.100.20\r\n"
    "s=-\r\n"
    "c=IN IP4 198.51.100.20\r\n"
    "t=0 0\r\n"
    "m=audio 5004 RTP/AVP 0\r\n"
    "a=rtpmap:0 PCMU/8000\r\n";

std::string version_of(const std::string& text) {
    return sdp::parse(text).value().origin.sess_version;
}

sdp::MediaCapabilities on_port(std::uint16_t port) {
    auto caps = phone();
    caps.port = port;
    return caps;
}

TEST(SdpOfferAnswer, OffererReachesComplete) {
    sdp::OfferAnswer oa;
    EXPECT_EQ(oa.state(), State::None);
    auto offer = oa.local_offer(phone());
    ASSERT_TRUE(offer) << offer.error().message();
    EXPECT_EQ(oa.state(), State::OfferSent);
    EXPECT_TRUE(oa.negotiated().empty());
    auto streams = oa.remote_answer(pcmu_answer);
    ASSERT_TRUE(streams) << streams.error().message();
    EXPECT_EQ(oa.state(), State::Complete);
    ASSERT_EQ(oa.negotiated().size(), 1u);
    EXPECT_EQ(oa.negotiated().front().payload_type, 0);
    EXPECT_EQ(oa.negotiated().front().remote_address, "198.51.100.20");
    EXPECT_EQ(sdp::encode(*oa.local()), *offer);
    EXPECT_EQ(*oa.remote(), sdp::parse(pcmu_answer).value());
}

TEST(SdpOfferAnswer, AnswererReachesComplete) {
    sdp::OfferAnswer oa;
    ASSERT_TRUE(oa.remote_offer(offers::baresip));
    EXPECT_EQ(oa.state(), State::OfferReceived);
    auto answer = oa.local_answer(phone());
    ASSERT_TRUE(answer) << answer.error().message();
    EXPECT_EQ(oa.state(), State::Complete);
    EXPECT_EQ(oa.negotiated().front().codec.name, "opus");
    EXPECT_EQ(offers::formats_of(sdp::parse(*answer).value().media.front()), "96 0 8 101");
}

TEST(SdpOfferAnswer, VersionGoesUpOnlyWhenOurDescriptionChanges) {
    struct Step {
        const char* name;
        std::uint16_t port;
        const char* version;
    };
    // Each step is a re-offer after the previous exchange completed.
    const Step steps[] = {{"first", 40000, "1"},
                          {"same_caps", 40000, "1"},
                          {"new_port", 40002, "2"},
                          {"same_again", 40002, "2"},
                          {"back", 40000, "3"}};
    sdp::OfferAnswer oa;
    int session_id = 999;
    for (const auto& s : steps) {
        SCOPED_TRACE(s.name);
        auto caps = on_port(s.port);
        caps.session_id = std::to_string(session_id++);  // only the first one counts
        auto offer = oa.local_offer(caps);
        ASSERT_TRUE(offer) << offer.error().message();
        auto d = sdp::parse(*offer).value();
        EXPECT_EQ(d.origin.sess_version, s.version);
        EXPECT_EQ(d.origin.sess_id, "999");
        ASSERT_TRUE(oa.remote_answer(pcmu_answer));
    }
}

TEST(SdpOfferAnswer, OurAnswersShareTheVersionCounter) {
    sdp::OfferAnswer oa({.first_version = 5, .limits = {}});
    ASSERT_TRUE(oa.remote_offer(offers::sipp));
    EXPECT_EQ(version_of(oa.local_answer(phone()).value()), "5");
    // A re-offer of the same session (a session refresh) gets the same answer, same version.
    ASSERT_TRUE(oa.remote_offer(offers::sipp));
    EXPECT_EQ(version_of(oa.local_answer(phone()).value()), "5");
    // Put on hold: our answer becomes recvonly, so it is a new version.
    std::string hold(offers::sipp);
    hold += "a=sendonly\r\n";
    ASSERT_TRUE(oa.remote_offer(hold));
    EXPECT_EQ(version_of(oa.local_answer(phone()).value()), "6");
    EXPECT_FALSE(oa.negotiated().front().send);
    // A hold the RFC 2543 way (c=0.0.0.0, RFC 3264 §8.4) gives the same answer.
    std::string old_hold(offers::sipp);
    old_hold.replace(old_hold.find("c=IN IP4 127.0.0.1"), 18, "c=IN IP4 0.0.0.0");
    ASSERT_TRUE(oa.remote_offer(old_hold));
    EXPECT_EQ(version_of(oa.local_answer(phone()).value()), "6");
    EXPECT_FALSE(oa.negotiated().front().send);
    EXPECT_TRUE(oa.negotiated().front().receive);
}

enum class Call { LocalOffer, RemoteOffer, LocalAnswer, RemoteAnswer, Rollback };

errc call(sdp::OfferAnswer& oa, Call c) {
    auto code = [](const auto& r) { return r ? errc{} : r.error().code; };
    switch (c) {
        case Call::LocalOffer:
            return code(oa.local_offer(phone()));
        case Call::RemoteOffer:
            return code(oa.remote_offer(offers::sipp));
        case Call::LocalAnswer:
            return code(oa.local_answer(phone()));
        case Call::RemoteAnswer:
            return code(oa.remote_answer(pcmu_answer));
        case Call::Rollback:
            return code(oa.rollback());
    }
    return errc{};
}

TEST(SdpOfferAnswer, CallsInTheWrongStateAreRefused) {
    struct Case {
        const char* name;
        std::vector<Call> setup;
        Call call;
        errc error;
        std::uint16_t status;
    };
    const Case cases[] = {
        {"answer_without_offer", {}, Call::LocalAnswer, errc::wrong_state, 500},
        {"remote_answer_without_offer", {}, Call::RemoteAnswer, errc::wrong_state, 500},
        {"rollback_with_nothing_pending", {}, Call::Rollback, errc::wrong_state, 500},
        {"glare_remote_offer_while_ours_pending",
         {Call::LocalOffer},
         Call::RemoteOffer,
         errc::offer_pending,
         491},
        {"second_local_offer", {Call::LocalOffer}, Call::LocalOffer, errc::offer_pending, 491},
        {"answering_our_own_offer", {Call::LocalOffer}, Call::LocalAnswer, errc::wrong_state, 500},
        {"second_remote_offer", {Call::RemoteOffer}, Call::RemoteOffer, errc::offer_pending, 491},
        {"offer_before_answering", {Call::RemoteOffer}, Call::LocalOffer, errc::offer_pending, 491},
        {"remote_answer_to_their_offer",
         {Call::RemoteOffer},
         Call::RemoteAnswer,
         errc::wrong_state,
         500},
        {"second_answer",
         {Call::LocalOffer, Call::RemoteAnswer},
         Call::RemoteAnswer,
         errc::wrong_state,
         500},
        {"rollback_when_complete",
         {Call::RemoteOffer, Call::LocalAnswer},
         Call::Rollback,
         errc::wrong_state,
         500},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        sdp::OfferAnswer oa;
        for (Call step : c.setup)
            ASSERT_EQ(call(oa, step), errc{});
        State before = oa.state();
        EXPECT_EQ(call(oa, c.call), c.error);
        EXPECT_EQ((sdp::Error{c.error, 0}.status()), c.status);
        EXPECT_EQ(oa.state(), before);
    }
}

TEST(SdpOfferAnswer, UnparsableOfferIsA488WithTheParsersReason) {
    sdp::OfferAnswer oa;
    std::string bad(offers::sipp);
    bad.replace(bad.find("a=rtpmap:0 PCMU/8000"), 20, "a=rtpmap:zero PCMU");
    auto r = oa.remote_offer(bad);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, errc::bad_rtpmap);
    EXPECT_EQ(r.error().status(), 488);
    EXPECT_EQ(r.error().reason(), "malformed a=rtpmap (line 7)");
    EXPECT_EQ(oa.state(), State::None);
    EXPECT_FALSE(oa.remote());
}

TEST(SdpOfferAnswer, RefusedInitialOfferRollsBackToNone) {
    sdp::OfferAnswer oa;
    ASSERT_TRUE(oa.remote_offer(offers::sipp));
    auto answer = oa.local_answer(phone({sdp::opus()}));
    ASSERT_FALSE(answer);
    EXPECT_EQ(answer.error().code, errc::no_common_codec);
    EXPECT_EQ(oa.state(), State::OfferReceived);
    ASSERT_TRUE(oa.rollback());
    EXPECT_EQ(oa.state(), State::None);
    EXPECT_FALSE(oa.remote());
}

TEST(SdpOfferAnswer, RejectedReofferRestoresTheSessionAndNeverReusesAVersion) {
    sdp::OfferAnswer oa;
    auto first = oa.local_offer(phone()).value();
    ASSERT_TRUE(oa.remote_answer(pcmu_answer));
    auto agreed_local = *oa.local();
    auto agreed_streams = oa.negotiated();

    auto hold = phone();
    hold.direction = sdp::Direction::SendOnly;
    EXPECT_EQ(version_of(oa.local_offer(hold).value()), "2");
    ASSERT_TRUE(oa.rollback());  // the peer said 491 or 488
    EXPECT_EQ(oa.state(), State::Complete);
    EXPECT_EQ(*oa.local(), agreed_local);
    EXPECT_EQ(oa.negotiated(), agreed_streams);
    // The peer saw version 2 with other content, so the first description comes back as 3.
    auto again = oa.local_offer(phone()).value();
    EXPECT_EQ(version_of(again), "3");
    EXPECT_EQ(again.substr(again.find("s=")), first.substr(first.find("s=")));
}

TEST(SdpOfferAnswer, RejectedRemoteReofferRestoresTheirDescription) {
    sdp::OfferAnswer oa;
    ASSERT_TRUE(oa.remote_offer(offers::baresip));
    ASSERT_TRUE(oa.local_answer(phone()));
    auto agreed_remote = *oa.remote();
    ASSERT_TRUE(oa.remote_offer(offers::audio_video));
    EXPECT_NE(*oa.remote(), agreed_remote);
    ASSERT_TRUE(oa.rollback());
    EXPECT_EQ(oa.state(), State::Complete);
    EXPECT_EQ(*oa.remote(), agreed_remote);
}

TEST(SdpOfferAnswer, BadAnswerLeavesTheOfferPending) {
    sdp::OfferAnswer oa;
    ASSERT_TRUE(oa.local_offer(phone()));
    std::string bad(pcmu_answer);
    bad.replace(bad.find("RTP/AVP 0"), 9, "RTP/AVP 0 18");
    auto r = oa.remote_answer(bad);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, errc::answer_format_not_offered);
    EXPECT_EQ(oa.state(), State::OfferSent);
    EXPECT_TRUE(oa.remote_answer(pcmu_answer));
}

TEST(SdpOfferAnswer, StateNames) {
    EXPECT_EQ(sdp::to_string(State::None), "none");
    EXPECT_EQ(sdp::to_string(State::OfferSent), "offer-sent");
    EXPECT_EQ(sdp::to_string(State::OfferReceived), "offer-received");
    EXPECT_EQ(sdp::to_string(State::Complete), "complete");
}

}  // namespace
