// Dialog creation by a UAC (RFC 3261 §12.1.2) and a UAS (§12.1.1), early and confirmed states.
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <sessioncore/dialog/dialog.hpp>

#include "messages.hpp"

namespace sessioncore::dialog {
namespace {

using namespace test;
using Routes = std::vector<std::string>;

struct CreateCase {
    const char* name;
    int status;
    std::string_view record_route;
    DialogState state;
    Routes uac_routes;  // reverse of Record-Route (§12.1.2)
    Routes uas_routes;  // Record-Route in order (§12.1.1)
};

const CreateCase create_cases[] = {
    {"ringing_loose",
     180,
     rr_loose,
     DialogState::Early,
     {"<sip:p1.atlanta.example.com;lr>", "<sip:p2.biloxi.example.com;lr>"},
     {"<sip:p2.biloxi.example.com;lr>", "<sip:p1.atlanta.example.com;lr>"}},
    {"ok_no_record_route", 200, "", DialogState::Confirmed, {}, {}},
    {"progress_strict",
     183,
     rr_strict,
     DialogState::Early,
     {"<sip:p1.atlanta.example.com;transport=tcp;method=INVITE?Subject=x>",
      "<sip:p2.biloxi.example.com>"},
     {"<sip:p2.biloxi.example.com>",
      "<sip:p1.atlanta.example.com;transport=tcp;method=INVITE?Subject=x>"}},
    {"ok_loose",
     200,
     rr_loose,
     DialogState::Confirmed,
     {"<sip:p1.atlanta.example.com;lr>", "<sip:p2.biloxi.example.com;lr>"},
     {"<sip:p2.biloxi.example.com;lr>", "<sip:p1.atlanta.example.com;lr>"}},
};

TEST(DialogCreate, UacFromInviteAndResponse) {
    for (const auto& c : create_cases) {
        SCOPED_TRACE(c.name);
        auto invite = parse(invite_text());
        auto response = parse(response_text(c.status, c.record_route));
        auto d = Dialog::create_uac(invite, response, Transport::Other);
        ASSERT_TRUE(d) << d.error().message();
        EXPECT_EQ(d->role(), Role::Uac);
        EXPECT_EQ(d->state(), c.state);
        EXPECT_EQ(d->id(), (DialogId{"a84b4c76e66710", "1928301774", "a6c85cf"}));
        EXPECT_EQ(d->route_set(), c.uac_routes);
        EXPECT_EQ(d->remote_target(), "sip:bob@192.0.2.4");
        EXPECT_EQ(d->local_cseq(), std::optional<std::uint32_t>{314159});
        EXPECT_EQ(d->remote_cseq(), std::nullopt);
        EXPECT_EQ(d->local_uri(), "sip:alice@atlanta.example.com");
        EXPECT_EQ(d->remote_uri(), "sip:bob@biloxi.example.com");
        EXPECT_EQ(d->local_contact(), "sip:alice@pc33.atlanta.example.com");
        EXPECT_FALSE(d->secure());
    }
}

TEST(DialogCreate, UasFromInviteAndItsResponse) {
    for (const auto& c : create_cases) {
        SCOPED_TRACE(c.name);
        auto invite = parse(invite_text(c.record_route));
        auto response = parse(response_text(c.status, c.record_route));
        auto d = Dialog::create_uas(invite, response, Transport::Other);
        ASSERT_TRUE(d) << d.error().message();
        EXPECT_EQ(d->role(), Role::Uas);
        EXPECT_EQ(d->state(), c.state);
        EXPECT_EQ(d->id(), (DialogId{"a84b4c76e66710", "a6c85cf", "1928301774"}));
        EXPECT_EQ(d->route_set(), c.uas_routes);
        EXPECT_EQ(d->remote_target(), "sip:alice@pc33.atlanta.example.com");
        EXPECT_EQ(d->local_cseq(), std::nullopt);
        EXPECT_EQ(d->remote_cseq(), std::optional<std::uint32_t>{314159});
        EXPECT_EQ(d->local_uri(), "sip:bob@biloxi.example.com");
        EXPECT_EQ(d->remote_uri(), "sip:alice@atlanta.example.com");
        EXPECT_EQ(d->local_contact(), "sip:bob@192.0.2.4");
    }
}

struct SecureCase {
    const char* name;
    std::string_view request_uri;
    Transport transport;
    bool secure;
};

TEST(DialogCreate, SecureNeedsSipsAndTls) {
    const SecureCase cases[] = {
        {"sips_over_tls", "sips:bob@biloxi.example.com", Transport::Tls, true},
        {"sips_not_tls", "sips:bob@biloxi.example.com", Transport::Other, false},
        {"sip_over_tls", "sip:bob@biloxi.example.com", Transport::Tls, false},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto invite = parse(invite_text({}, c.request_uri));
        auto response = parse(response_text(200));
        auto uac = Dialog::create_uac(invite, response, c.transport);
        auto uas = Dialog::create_uas(invite, response, c.transport);
        ASSERT_TRUE(uac);
        ASSERT_TRUE(uas);
        EXPECT_EQ(uac->secure(), c.secure);
        EXPECT_EQ(uas->secure(), c.secure);
    }
}

struct FailCase {
    const char* name;
    std::string response;
    errc uac_error;
};

TEST(DialogCreate, RejectsResponsesThatCreateNoDialog) {
    const FailCase cases[] = {
        {"trying", response_text(100), errc::not_dialog_creating},
        {"ringing_without_to_tag", response_text(180, {}, ""), errc::not_dialog_creating},
        {"busy", response_text(486), errc::not_dialog_creating},
        {"ok_without_contact", response_text(200, {}, "a6c85cf", ""), errc::bad_contact},
        {"ok_wildcard_contact", response_text(200, {}, "a6c85cf", "*"), errc::bad_contact},
        {"bad_record_route", response_text(200, "Record-Route: sip:p1.example.com;lr?x\r\n"),
         errc::bad_route},
    };
    auto invite = parse(invite_text());
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto response = parse(c.response);
        auto d = Dialog::create_uac(invite, response, Transport::Other);
        ASSERT_FALSE(d);
        EXPECT_EQ(d.error(), make_error_code(c.uac_error));
    }
}

TEST(DialogCreate, RejectsNonInviteAndUasWithoutPeerContact) {
    auto response = parse(response_text(200));
    auto options = parse(bob_request_text("OPTIONS", 1));
    auto d = Dialog::create_uac(options, response, Transport::Other);
    ASSERT_FALSE(d);
    EXPECT_EQ(d.error(), make_error_code(errc::not_dialog_creating));

    std::string no_contact = invite_text();
    no_contact.erase(no_contact.find("Contact:"),
                     no_contact.find("Content-Length") - no_contact.find("Contact:"));
    auto invite = parse(no_contact);
    auto uas = Dialog::create_uas(invite, response, Transport::Other);
    ASSERT_FALSE(uas);
    EXPECT_EQ(uas.error(), make_error_code(errc::bad_contact));
}

TEST(DialogCreate, UacAcceptsRfc2543OkWithoutToTag) {
    auto invite = parse(invite_text());
    auto response = parse(response_text(200, {}, ""));
    auto d = Dialog::create_uac(invite, response, Transport::Other);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->id().remote_tag, "");
}

}  // namespace
}  // namespace sessioncore::dialog
