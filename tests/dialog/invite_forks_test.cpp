// The UAC side of a forked INVITE (RFC 3261 §13.2.2.4, §12.1.2, §12.3): early dialogs per To
// tag, the kept dialog, ACK + BYE for further 2xx, the same ACK for retransmissions, the
// 64·T1 window after the first 2xx, and the ACK's content.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <sessioncore/dialog/invite_forks.hpp>

#include "messages.hpp"

namespace sessioncore::dialog {
namespace {

using namespace std::chrono_literals;
using namespace test;

const TimePoint t0 = TimePoint{} + std::chrono::hours(1);

// Each fork answers from its own host, so its dialog has its own remote target.
sip::Message fork_response(int status, std::string_view tag, std::string_view extra = {}) {
    std::string contact = "<sip:bob@" + std::string(tag.empty() ? "rfc2543" : tag) + ".example>";
    return parse(response_text(status, extra, tag, status < 300 ? contact : ""));
}

struct Step {
    int status;
    std::string_view to_tag;
    Duration at;  // from t0
    ForkAction expected;
};

struct ScenarioCase {
    const char* name;
    std::vector<Step> steps;
    InviteForks::State final_state;
    std::string_view kept;  // "-" for none
    std::vector<std::string> early;
};

const ScenarioCase scenario_cases[] = {
    {"one_fork",
     {{180, "a", 0s, ForkAction::EarlyDialog},
      {180, "a", 1s, ForkAction::EarlyUpdate},
      {200, "a", 2s, ForkAction::AckKept},
      {200, "a", 3s, ForkAction::ResendAck}},
     InviteForks::State::Accepted,
     "a",
     {}},
    {"second_2xx_is_acked_and_byed",
     {{180, "a", 0s, ForkAction::EarlyDialog},
      {183, "b", 0s, ForkAction::EarlyDialog},
      {200, "b", 1s, ForkAction::AckKept},
      {200, "a", 2s, ForkAction::AckAndBye},
      {200, "a", 3s, ForkAction::ResendAck},
      {200, "b", 3s, ForkAction::ResendAck}},
     InviteForks::State::Accepted,
     "b",
     {}},
    {"2xx_without_early_dialog",
     {{100, "", 0s, ForkAction::None},
      {180, "", 0s, ForkAction::None},  // no To tag: no dialog (§12.1)
      {200, "c", 1s, ForkAction::AckKept},
      {200, "d", 1s, ForkAction::AckAndBye}},
     InviteForks::State::Accepted,
     "c",
     {}},
    {"early_fork_outlives_2xx_until_window",
     {{180, "a", 0s, ForkAction::EarlyDialog},
      {200, "b", 1s, ForkAction::AckKept},
      {180, "e", 2s, ForkAction::EarlyDialog}},
     InviteForks::State::Accepted,
     "b",
     {"a", "e"}},
    {"failure_ends_every_early_dialog",
     {{180, "a", 0s, ForkAction::EarlyDialog},
      {180, "b", 0s, ForkAction::EarlyDialog},
      {486, "b", 1s, ForkAction::Failed},
      {200, "a", 2s, ForkAction::Ignored},
      {180, "c", 2s, ForkAction::Ignored}},
     InviteForks::State::Failed,
     "-",
     {}},
    // 64·T1 = 32 s after the first 2xx the window closes.
    {"window_open_until_64_t1",
     {{200, "b", 0s, ForkAction::AckKept}, {200, "c", 31999ms, ForkAction::AckAndBye}},
     InviteForks::State::Accepted,
     "b",
     {}},
    {"window_closed_at_64_t1",
     {{180, "a", 0s, ForkAction::EarlyDialog},
      {200, "b", 0s, ForkAction::AckKept},
      {200, "c", 32s, ForkAction::Ignored},
      {200, "a", 33s, ForkAction::Ignored},  // its early dialog ended with the window
      {180, "d", 33s, ForkAction::Ignored},
      {200, "b", 40s, ForkAction::ResendAck}},
     InviteForks::State::Done,
     "b",
     {}},
};

TEST(InviteForks, Scenarios) {
    for (const auto& c : scenario_cases) {
        SCOPED_TRACE(c.name);
        InviteForks forks{parse(invite_text())};
        for (const auto& step : c.steps) {
            SCOPED_TRACE(std::to_string(step.status) + " " + std::string(step.to_tag));
            auto event = forks.on_response(fork_response(step.status, step.to_tag), t0 + step.at);
            ASSERT_TRUE(event) << event.error().message();
            EXPECT_EQ(event->action, step.expected);
            if (step.expected != ForkAction::None) {
                EXPECT_EQ(event->to_tag, step.to_tag);
            }
        }
        EXPECT_EQ(forks.state(), c.final_state);
        if (c.kept == "-") {
            EXPECT_EQ(forks.kept(), nullptr);
        } else {
            ASSERT_NE(forks.kept(), nullptr);
            EXPECT_EQ(forks.kept()->id().remote_tag, c.kept);
            EXPECT_EQ(forks.kept()->state(), DialogState::Confirmed);
        }
        EXPECT_EQ(forks.early_tags(), c.early);
    }
}

TEST(InviteForks, WindowOpensAtFirst2xxAndEndsEarlyDialogs) {
    InviteForks forks{parse(invite_text())};
    ASSERT_TRUE(forks.on_response(fork_response(180, "a"), t0));
    EXPECT_EQ(forks.next_wake(), std::nullopt);  // no window before a 2xx
    ASSERT_TRUE(forks.on_response(fork_response(200, "b"), t0 + 5s));
    ASSERT_EQ(forks.next_wake(), t0 + 5s + 32s);

    forks.on_timer(t0 + 36s);  // early: nothing changes
    EXPECT_EQ(forks.state(), InviteForks::State::Accepted);
    EXPECT_EQ(forks.dialog("a")->state(), DialogState::Early);

    forks.on_timer(*forks.next_wake());
    EXPECT_EQ(forks.state(), InviteForks::State::Done);
    EXPECT_EQ(forks.dialog("a")->state(), DialogState::Terminated);
    EXPECT_EQ(forks.dialog("b")->state(), DialogState::Confirmed);
    EXPECT_EQ(forks.next_wake(), std::nullopt);
}

TEST(InviteForks, WindowFollowsT1) {
    ForkOptions options;
    options.timers.t1 = 100us;
    InviteForks forks{parse(invite_text()), options};
    ASSERT_TRUE(forks.on_response(fork_response(200, "b"), t0));
    EXPECT_EQ(forks.next_wake(), t0 + 6400us);
}

TEST(InviteForks, FailureTerminatesEarlyDialogs) {
    InviteForks forks{parse(invite_text())};
    ASSERT_TRUE(forks.on_response(fork_response(180, "a"), t0));
    ASSERT_TRUE(forks.on_response(fork_response(183, "b"), t0));
    auto failed = forks.on_response(fork_response(603, "z"), t0 + 1s);
    ASSERT_TRUE(failed);
    EXPECT_EQ(failed->action, ForkAction::Failed);
    for (std::string_view tag : {"a", "b"}) {
        SCOPED_TRACE(tag);
        ASSERT_NE(forks.dialog(tag), nullptr);
        EXPECT_EQ(forks.dialog(tag)->state(), DialogState::Terminated);
    }
}

const std::string_view credentials =
    "Authorization: Digest username=\"alice\", realm=\"atlanta.example.com\", nonce=\"n1\", "
    "uri=\"sip:bob@biloxi.example.com\", response=\"42\"\r\n"
    "Proxy-Authorization: Digest username=\"alice\", realm=\"p1.atlanta.example.com\", "
    "nonce=\"n2\", uri=\"sip:bob@biloxi.example.com\", response=\"43\"\r\n";

TEST(InviteForks, AckIsAnInDialogRequestWithTheInvitesCSeqAndCredentials) {
    InviteForks forks{parse(invite_text(credentials))};
    // The early dialog has no route set; the 2xx's Record-Route replaces it (§13.2.2.4).
    ASSERT_TRUE(forks.on_response(fork_response(180, "a"), t0));
    ASSERT_TRUE(forks.on_response(fork_response(200, "a", rr_loose), t0));
    AckOptions options;
    options.branch = "z9hG4bKack1";
    auto ack = forks.make_ack("a", options);
    ASSERT_TRUE(ack) << ack.error().message();
    // §13.2.2.4: built like any in-dialog request (remote target, route set, tags), CSeq
    // number of the INVITE with method ACK, the INVITE's credentials.
    const std::string expected =
        "ACK sip:bob@a.example SIP/2.0\r\n"
        "Via: SIP/2.0/UDP sessioncore.invalid;branch=z9hG4bKack1\r\n"
        "Max-Forwards: 70\r\n"
        "Route: <sip:p1.atlanta.example.com;lr>, <sip:p2.biloxi.example.com;lr>\r\n"
        "From: <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
        "To: <sip:bob@biloxi.example.com>;tag=a\r\n"
        "Call-ID: a84b4c76e66710\r\n"
        "CSeq: 314159 ACK\r\n"
        "Content-Length: 0\r\n" +
        std::string(credentials) + "\r\n";
    EXPECT_EQ(ack->encode_canonical(), expected);
    auto invite = parse(invite_text(credentials));
    for (auto id : {sip::HeaderId::Authorization, sip::HeaderId::ProxyAuthorization}) {
        ASSERT_NE(ack->find(id), nullptr);
        EXPECT_EQ(ack->find(id)->value, invite.find(id)->value);
    }
    ASSERT_NE(forks.last_ack("a"), nullptr);
    EXPECT_EQ(forks.last_ack("a")->encode(), ack->encode());
    // The ACK leaves the dialog's CSeq alone: the next request is one above the INVITE.
    auto bye = forks.dialog("a")->make_request("BYE");
    ASSERT_TRUE(bye);
    EXPECT_EQ(bye->cseq()->number, 314160u);
}

TEST(InviteForks, AckWithAnswerBody) {
    InviteForks forks{parse(invite_text())};
    ASSERT_TRUE(forks.on_response(fork_response(200, "a"), t0));
    AckOptions options;
    options.content_type = "application/sdp";
    options.body = "v=0\r\n";
    auto ack = forks.make_ack("a", options);
    ASSERT_TRUE(ack);
    EXPECT_EQ(ack->body(), "v=0\r\n");
}

TEST(InviteForks, AckOnlyForA2xxFork) {
    InviteForks forks{parse(invite_text())};
    ASSERT_TRUE(forks.on_response(fork_response(180, "a"), t0));
    for (std::string_view tag : {"a", "nobody"}) {
        SCOPED_TRACE(tag);
        auto ack = forks.make_ack(tag);
        ASSERT_FALSE(ack);
        EXPECT_EQ(ack.error(), make_error_code(errc::wrong_dialog));
        EXPECT_EQ(forks.last_ack(tag), nullptr);
    }
}

TEST(InviteForks, ExtraForkGetsItsOwnAckAndBye) {
    InviteForks forks{parse(invite_text())};
    ASSERT_TRUE(forks.on_response(fork_response(200, "b"), t0));
    auto extra = forks.on_response(fork_response(200, "c"), t0);
    ASSERT_TRUE(extra);
    ASSERT_EQ(extra->action, ForkAction::AckAndBye);
    auto ack = forks.make_ack("c");
    ASSERT_TRUE(ack);
    EXPECT_EQ(ack->request_uri(), "sip:bob@c.example");
    auto bye = forks.dialog("c")->make_request("BYE");
    ASSERT_TRUE(bye);
    EXPECT_EQ(bye->request_uri(), "sip:bob@c.example");
    EXPECT_EQ(bye->to()->tag(), "c");
    EXPECT_EQ(forks.kept()->id().remote_tag, "b");  // the kept dialog is still the first
}

struct BadCase {
    const char* name;
    std::string response;
    errc expected;
};

TEST(InviteForks, ResponsesOfOtherRequestsAreRefused) {
    std::string other_call = response_text(200);
    other_call.replace(other_call.find("a84b4c76e66710"), 14, "someothercall1");
    std::string other_from = response_text(200);
    other_from.replace(other_from.find("1928301774"), 10, "9999999999");
    const BadCase cases[] = {
        {"other_call_id", other_call, errc::wrong_dialog},
        {"other_from_tag", other_from, errc::wrong_dialog},
        {"other_cseq_number", response_text(200, {}, "a", "<sip:bob@a.example>", "314160 INVITE"),
         errc::wrong_dialog},
        {"other_method", response_text(200, {}, "a", "<sip:bob@a.example>", "314159 CANCEL"),
         errc::wrong_dialog},
        {"2xx_without_contact", response_text(200, {}, "a", ""), errc::bad_contact},
        {"1xx_without_contact", response_text(180, {}, "a", ""), errc::bad_contact},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        InviteForks forks{parse(invite_text())};
        auto event = forks.on_response(parse(c.response), t0);
        ASSERT_FALSE(event);
        EXPECT_EQ(event.error(), make_error_code(c.expected));
        EXPECT_EQ(forks.state(), InviteForks::State::Proceeding);
    }
}

TEST(InviteForks, RequiresAnInvite) {
    EXPECT_THROW(InviteForks{parse(bob_request_text("BYE", 1))}, std::logic_error);
}

}  // namespace
}  // namespace sessioncore::dialog
