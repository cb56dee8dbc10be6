// Requests and responses inside a dialog: the CSeq verdict (RFC 3261 §12.2.2), target refresh
// (§12.2.1.2, §12.2.2 with RFC 6141's commit on success), and the state flows of §12.3/§15.
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include <sessioncore/dialog/dialog.hpp>

#include "messages.hpp"

namespace sessioncore::dialog {
namespace {

using namespace test;
using Kind = RequestVerdict::Kind;

Dialog uac(int status = 200, std::string_view record_route = {}) {
    auto invite = parse(invite_text());
    auto response = parse(response_text(status, record_route));
    auto d = Dialog::create_uac(invite, response, Transport::Other);
    EXPECT_TRUE(d);
    return std::move(*d);
}

Dialog uas(int status = 200) {
    auto invite = parse(invite_text());
    auto response = parse(response_text(status));
    auto d = Dialog::create_uas(invite, response, Transport::Other);
    EXPECT_TRUE(d);
    return std::move(*d);
}

struct CSeqCase {
    std::uint32_t cseq;
    Kind kind;
    std::uint16_t status;
    std::uint32_t remote_after;
};

TEST(DialogOnRequest, OutOfOrderCSeqGets500) {
    // Alice (UAC) has seen no request from Bob yet: the first one sets the remote CSeq.
    const CSeqCase cases[] = {
        {5, Kind::Accept, 0, 5},       {4, Kind::OutOfOrder, 500, 5},
        {5, Kind::Accept, 0, 5},       {9, Kind::Accept, 0, 9},  // gaps are fine (§12.2.2)
        {6, Kind::OutOfOrder, 500, 9}, {10, Kind::Accept, 0, 10},
    };
    auto d = uac();
    ASSERT_EQ(d.remote_cseq(), std::nullopt);
    for (const auto& c : cases) {
        SCOPED_TRACE(c.cseq);
        auto v = d.on_request(parse(bob_request_text("INFO", c.cseq)));
        ASSERT_TRUE(v);
        EXPECT_EQ(v->kind, c.kind);
        EXPECT_EQ(v->status, c.status);
        EXPECT_EQ(d.remote_cseq(), std::optional<std::uint32_t>{c.remote_after});
    }
}

TEST(DialogOnRequest, UasComparesWithTheInvitesCSeq) {
    auto alice = uac();
    auto bob = uas();
    auto ack = alice.make_request("ACK");  // 314159, equal to the INVITE's
    auto stale = alice.make_request("INFO", {.cseq = 314158});
    auto info = alice.make_request("INFO", {.cseq = 314160});
    ASSERT_TRUE(ack && stale && info);
    auto v_ack = bob.on_request(*ack);
    auto v_stale = bob.on_request(*stale);
    auto v_info = bob.on_request(*info);
    ASSERT_TRUE(v_ack && v_stale && v_info);
    EXPECT_EQ(v_ack->kind, Kind::Accept);
    EXPECT_EQ(v_stale->kind, Kind::OutOfOrder);
    EXPECT_EQ(v_stale->status, 500);
    EXPECT_EQ(v_info->kind, Kind::Accept);
    EXPECT_EQ(bob.remote_cseq(), std::optional<std::uint32_t>{314160});
}

struct RefreshCase {
    const char* name;
    std::string_view method;
    std::string_view contact;
    std::optional<std::string> pending;
};

TEST(DialogOnRequest, TargetRefreshWaitsForCommit) {
    const RefreshCase cases[] = {
        {"reinvite_with_contact", "INVITE", "<sip:bob@192.0.2.99>", "sip:bob@192.0.2.99"},
        {"update_with_contact", "UPDATE", "Bob <sip:bob@192.0.2.98;transport=tcp>",
         "sip:bob@192.0.2.98;transport=tcp"},
        {"reinvite_without_contact", "INVITE", "", std::nullopt},
        {"info_is_no_target_refresh", "INFO", "<sip:bob@192.0.2.97>", std::nullopt},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto d = uac();
        auto v = d.on_request(parse(bob_request_text(c.method, 1, c.contact)));
        ASSERT_TRUE(v);
        EXPECT_EQ(v->kind, Kind::Accept);
        EXPECT_EQ(v->pending_remote_target, c.pending);
        // RFC 6141 §4: nothing changes until the request succeeds.
        EXPECT_EQ(d.remote_target(), "sip:bob@192.0.2.4");
        if (!v->pending_remote_target)
            continue;
        d.commit_remote_target(*v->pending_remote_target);
        EXPECT_EQ(d.remote_target(), *c.pending);
        auto bye = d.make_request("BYE");
        ASSERT_TRUE(bye);
        EXPECT_EQ(bye->request_uri(), *c.pending);
    }
}

TEST(DialogOnRequest, RejectsOtherDialogsAndBadContact) {
    auto d = uac();
    auto other = d.on_request(parse(bob_request_text("INFO", 1, {}, "someone-else")));
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error(), make_error_code(errc::wrong_dialog));
    auto star = d.on_request(parse(bob_request_text("INVITE", 2, "*")));
    ASSERT_FALSE(star);
    EXPECT_EQ(star.error(), make_error_code(errc::bad_contact));
    EXPECT_EQ(d.remote_cseq(), std::nullopt);  // neither was recorded
}

struct ResponseRefreshCase {
    const char* name;
    int status;
    std::string_view cseq;
    std::string target_after;
};

TEST(DialogOnResponse, TwoHundredToTargetRefreshUpdatesRemoteTarget) {
    const ResponseRefreshCase cases[] = {
        {"ok_to_reinvite", 200, "314160 INVITE", "sip:bob@192.0.2.77"},
        {"ok_to_update", 200, "314160 UPDATE", "sip:bob@192.0.2.77"},
        {"ok_to_info", 200, "314160 INFO", "sip:bob@192.0.2.4"},
        {"rejected_reinvite", 488, "314160 INVITE", "sip:bob@192.0.2.4"},
        {"provisional_reinvite", 180, "314160 INVITE", "sip:bob@192.0.2.4"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto d = uac();
        auto r = d.on_response(
            parse(response_text(c.status, {}, "a6c85cf", "<sip:bob@192.0.2.77>", c.cseq)));
        ASSERT_TRUE(r);
        EXPECT_EQ(d.remote_target(), c.target_after);
        EXPECT_EQ(d.state(), DialogState::Confirmed);
    }
}

TEST(DialogOnResponse, RejectsOtherDialogs) {
    auto d = uac();
    auto r = d.on_response(parse(response_text(200, {}, "forked-tag")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), make_error_code(errc::wrong_dialog));
}

TEST(DialogFlow, UacEarlyConfirmedThenBye) {
    auto d = uac(180, rr_loose);
    EXPECT_EQ(d.state(), DialogState::Early);
    // The 2xx recomputes the route set (§13.2.2.4): here the proxies stopped using lr.
    ASSERT_TRUE(
        d.on_response(parse(response_text(200, rr_strict, "a6c85cf", "<sip:bob@192.0.2.5>"))));
    EXPECT_EQ(d.state(), DialogState::Confirmed);
    EXPECT_EQ(d.remote_target(), "sip:bob@192.0.2.5");
    ASSERT_EQ(d.route_set().size(), 2u);
    EXPECT_EQ(d.route_set()[1], "<sip:p2.biloxi.example.com>");
    auto bye = d.make_request("BYE");
    ASSERT_TRUE(bye);
    EXPECT_EQ(bye->request_uri(), "sip:p1.atlanta.example.com;transport=tcp");
    ASSERT_TRUE(d.on_response(parse(response_text(200, {}, "a6c85cf", {}, "314160 BYE"))));
    EXPECT_EQ(d.state(), DialogState::Terminated);
}

TEST(DialogFlow, UasEarlyConfirmedThenByeReceived) {
    auto alice = uac();
    auto bob = uas(180);
    EXPECT_EQ(bob.state(), DialogState::Early);
    bob.on_final_sent(200);
    EXPECT_EQ(bob.state(), DialogState::Confirmed);
    auto bye = alice.make_request("BYE");
    ASSERT_TRUE(bye);
    auto v = bob.on_request(*bye);
    ASSERT_TRUE(v);
    EXPECT_EQ(v->kind, Kind::Accept);
    EXPECT_EQ(bob.state(), DialogState::Terminated);
}

TEST(DialogFlow, EarlyDialogEndsWithBusy) {
    auto a = uac(180);
    ASSERT_TRUE(a.on_response(parse(response_text(486))));
    EXPECT_EQ(a.state(), DialogState::Terminated);

    auto b = uas(180);
    b.on_final_sent(486);
    EXPECT_EQ(b.state(), DialogState::Terminated);
    b.on_final_sent(200);  // terminated stays terminated
    EXPECT_EQ(b.state(), DialogState::Terminated);
}

TEST(DialogFlow, LateFinalDoesNotReviveAConfirmedDialog) {
    auto d = uac(200);
    ASSERT_TRUE(d.on_response(parse(response_text(486))));  // a stray final for the INVITE
    EXPECT_EQ(d.state(), DialogState::Confirmed);
}

TEST(DialogFlow, ProvisionalKeepsAnEarlyDialogEarly) {
    auto d = uac(180);
    ASSERT_TRUE(d.on_response(parse(response_text(183))));
    EXPECT_EQ(d.state(), DialogState::Early);
    EXPECT_EQ(d.remote_target(), "sip:bob@192.0.2.4");
}

struct RefreshMethodCase {
    sip::Method method;
    bool target_refresh;
};

TEST(TargetRefresh, Methods) {
    const RefreshMethodCase cases[] = {
        {sip::Method::Invite, true}, {sip::Method::Update, true}, {sip::Method::Subscribe, true},
        {sip::Method::Notify, true}, {sip::Method::Ack, false},   {sip::Method::Bye, false},
        {sip::Method::Info, false},  {sip::Method::Prack, false}, {sip::Method::Unknown, false},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(sip::method_name(c.method));
        EXPECT_EQ(is_target_refresh(c.method), c.target_refresh);
    }
}

}  // namespace
}  // namespace sessioncore::dialog
