// Requests inside a dialog (RFC 3261 §12.2.1.1): Request-URI and Route under loose and strict
// routing, From/To/Call-ID/CSeq, Contact on target refresh, byte for byte.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <sessioncore/dialog/dialog.hpp>

#include "messages.hpp"

namespace sessioncore::dialog {
namespace {

using namespace test;

Dialog make_dialog(Role role, std::string_view record_route, int status = 200) {
    auto invite = parse(invite_text(record_route));
    auto response = parse(response_text(status, record_route));
    auto d = role == Role::Uac ? Dialog::create_uac(invite, response, Transport::Other)
                               : Dialog::create_uas(invite, response, Transport::Other);
    EXPECT_TRUE(d);
    return std::move(*d);
}

struct BuildCase {
    const char* name;
    Role role;
    std::string_view record_route;
    std::string_view method;
    std::string expected;
};

const std::string alice_bye_tail =
    "From: <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
    "To: <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n"
    "Call-ID: a84b4c76e66710\r\n"
    "CSeq: 314160 BYE\r\n"
    "Content-Length: 0\r\n\r\n";
const std::string bob_tail =
    "From: <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n"
    "To: <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710\r\n";
const std::string head =
    "Via: SIP/2.0/UDP sessioncore.invalid;branch=z9hG4bKtest\r\n"
    "Max-Forwards: 70\r\n";

const BuildCase build_cases[] = {
    {"uac_loose_bye", Role::Uac, rr_loose, "BYE",
     "BYE sip:bob@192.0.2.4 SIP/2.0\r\n" + head +
         "Route: <sip:p1.atlanta.example.com;lr>, <sip:p2.biloxi.example.com;lr>\r\n" +
         alice_bye_tail},
    {"uac_strict_bye", Role::Uac, rr_strict, "BYE",
     "BYE sip:p1.atlanta.example.com;transport=tcp SIP/2.0\r\n" + head +
         "Route: <sip:p2.biloxi.example.com>, <sip:bob@192.0.2.4>\r\n" + alice_bye_tail},
    {"uac_no_route_bye", Role::Uac, "", "BYE",
     "BYE sip:bob@192.0.2.4 SIP/2.0\r\n" + head + alice_bye_tail},
    {"uas_loose_bye", Role::Uas, rr_loose, "BYE",
     "BYE sip:alice@pc33.atlanta.example.com SIP/2.0\r\n" + head +
         "Route: <sip:p2.biloxi.example.com;lr>, <sip:p1.atlanta.example.com;lr>\r\n" + bob_tail +
         "CSeq: 1 BYE\r\nContent-Length: 0\r\n\r\n"},
    {"uas_strict_bye", Role::Uas, rr_strict, "BYE",
     "BYE sip:p2.biloxi.example.com SIP/2.0\r\n" + head +
         "Route: <sip:p1.atlanta.example.com;transport=tcp;method=INVITE?Subject=x>, "
         "<sip:alice@pc33.atlanta.example.com>\r\n" +
         bob_tail + "CSeq: 1 BYE\r\nContent-Length: 0\r\n\r\n"},
    {"uas_reinvite_has_contact", Role::Uas, "", "INVITE",
     "INVITE sip:alice@pc33.atlanta.example.com SIP/2.0\r\n" + head + bob_tail +
         "CSeq: 1 INVITE\r\nContact: <sip:bob@192.0.2.4>\r\nContent-Length: 0\r\n\r\n"},
    {"uas_update_has_contact", Role::Uas, "", "UPDATE",
     "UPDATE sip:alice@pc33.atlanta.example.com SIP/2.0\r\n" + head + bob_tail +
         "CSeq: 1 UPDATE\r\nContact: <sip:bob@192.0.2.4>\r\nContent-Length: 0\r\n\r\n"},
};

TEST(DialogRequest, BuildsRequestUriRouteAndHeaders) {
    for (const auto& c : build_cases) {
        SCOPED_TRACE(c.name);
        auto d = make_dialog(c.role, c.record_route);
        auto request = d.make_request(c.method, {.branch = "z9hG4bKtest"});
        ASSERT_TRUE(request) << request.error().message();
        EXPECT_EQ(request->encode(), c.expected);
    }
}

TEST(DialogRequest, FreshBranchAndBody) {
    auto d = make_dialog(Role::Uac, "");
    auto a = d.make_request("INFO", {.content_type = "application/dtmf-relay", .body = "x"});
    auto b = d.make_request("INFO");
    ASSERT_TRUE(a);
    ASSERT_TRUE(b);
    auto via_a = a->top_via();
    auto via_b = b->top_via();
    ASSERT_TRUE(via_a);
    ASSERT_TRUE(via_b);
    ASSERT_TRUE(via_a->branch);
    EXPECT_TRUE(via_a->branch->starts_with("z9hG4bK"));
    EXPECT_NE(via_a->branch, via_b->branch);
    EXPECT_EQ(a->body(), "x");
}

struct CSeqStep {
    std::string_view method;
    std::optional<std::uint32_t> override_cseq;
    std::uint32_t expected;
};

TEST(DialogRequest, CSeqIncrementsAndAckCancelReuseTheInvites) {
    // UAC: the dialog's INVITE was 314159 (§12.1.2 local CSeq = the INVITE's).
    const CSeqStep steps[] = {
        {"ACK", std::nullopt, 314159},     // ACK of the initial 2xx (§13.2.2.4)
        {"INFO", std::nullopt, 314160},    // +1 (§12.2.1.1)
        {"INVITE", std::nullopt, 314161},  // re-INVITE
        {"CANCEL", std::nullopt, 314161},  // CANCEL of the re-INVITE (§9.1)
        {"ACK", std::nullopt, 314161},     // its ACK
        {"UPDATE", std::uint32_t{314170}, 314170},
        {"BYE", std::nullopt, 314171},
        {"ACK", std::uint32_t{99}, 99},  // explicit number
        {"OPTIONS", std::nullopt, 314172},
    };
    auto d = make_dialog(Role::Uac, rr_loose);
    for (const auto& s : steps) {
        SCOPED_TRACE(std::string(s.method) + " " + std::to_string(s.expected));
        auto request = d.make_request(s.method, {.cseq = s.override_cseq});
        ASSERT_TRUE(request);
        auto cseq = request->cseq();
        ASSERT_TRUE(cseq);
        EXPECT_EQ(cseq->number, s.expected);
        EXPECT_EQ(cseq->method_name, s.method);
    }
    EXPECT_EQ(d.local_cseq(), std::optional<std::uint32_t>{314172});
}

TEST(DialogRequest, UasStartsItsLocalCSeq) {
    auto d = make_dialog(Role::Uas, "");
    ASSERT_EQ(d.local_cseq(), std::nullopt);
    auto first = d.make_request("INFO");
    auto second = d.make_request("BYE");
    ASSERT_TRUE(first);
    ASSERT_TRUE(second);
    EXPECT_EQ(first->cseq()->number, 1u);
    EXPECT_EQ(second->cseq()->number, 2u);
}

}  // namespace
}  // namespace sessioncore::dialog
