#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <sessioncore/sip/auth.hpp>

#include "value_error.hpp"

namespace sessioncore::sip {
namespace {

using test::expect_error;
using test::no_error;

std::string describe(const AuthValue& value) {
    std::string out;
    for (const AuthParam& p : value) {
        out += std::string(p.name) + (p.quoted ? "=\"" : "=") + std::string(p.value) +
               (p.quoted ? "\"|" : "|");
    }
    return out;
}

struct AuthCase {
    const char* name;
    std::string_view text;
    HeaderId which;
    std::string_view scheme;
    std::string_view params_raw;
    std::string_view params;  ///< describe() of the iterated params
    std::uint32_t error_at = no_error;
};

TEST(Auth, ParseAuthValue) {
    constexpr HeaderId authz = HeaderId::Authorization;
    constexpr HeaderId www = HeaderId::WwwAuthenticate;
    constexpr HeaderId info = HeaderId::AuthenticationInfo;
    constexpr AuthCase cases[] = {
        {"unknown_scheme_rfc4475_regaut01", "NoOneKnowsThisScheme opaque-data=here", authz,
         "NoOneKnowsThisScheme", "opaque-data=here", "opaque-data=here|"},
        {"challenge", "Digest realm=\"atlanta.com\", nonce=\"84a4cc6f\", qop=\"auth\"", www,
         "Digest", "realm=\"atlanta.com\", nonce=\"84a4cc6f\", qop=\"auth\"",
         "realm=\"atlanta.com\"|nonce=\"84a4cc6f\"|qop=\"auth\"|"},
        {"lws_and_folding", " Digest\r\n  realm = \"a\" ,\r\n nc=00000001\t,algorithm=MD5 ", authz,
         "Digest", "realm = \"a\" ,\r\n nc=00000001\t,algorithm=MD5",
         "realm=\"a\"|nc=00000001|algorithm=MD5|"},
        {"quoted_pair_kept", "Digest realm=\"a\\\"b,c\"", www, "Digest", "realm=\"a\\\"b,c\"",
         "realm=\"a\\\"b,c\"|"},
        {"empty_quoted", "Digest realm=\"\"", www, "Digest", "realm=\"\"", "realm=\"\"|"},
        {"scheme_only", " Negotiate ", www, "Negotiate", "", ""},
        {"authentication_info_has_no_scheme", "nextnonce=\"47364c23432d2e131a5fb210812c\"", info,
         "", "nextnonce=\"47364c23432d2e131a5fb210812c\"",
         "nextnonce=\"47364c23432d2e131a5fb210812c\"|"},
        {"empty", "", authz, "", "", "", 0},
        {"blank", "  ", authz, "", "", "", 2},
        {"no_equal", "Digest realm", authz, "", "", "", 12},
        {"no_value", "Digest realm=", authz, "", "", "", 13},
        {"unterminated_quote", "Digest realm=\"abc", authz, "", "", "", 13},
        {"trailing_comma", "Digest realm=x,", authz, "", "", "", 15},
        {"empty_element", "Digest realm=x,,nonce=y", authz, "", "", "", 15},
        {"comma_after_scheme", "Digest,realm=x", authz, "", "", "", 6},
        {"missing_comma", "Digest realm=x nonce=y", authz, "", "", "", 15},
        {"value_not_token", "Digest realm=a/b", www, "", "", "", 14},
        {"proxy_header_reported", "Digest =x", HeaderId::ProxyAuthorization, "", "", "", 7},
        {"info_needs_param", "", info, "", "", "", 0},
        {"info_scheme_rejected", "Digest nextnonce=\"a\"", info, "", "", "", 7},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto r = parse_auth_value(c.text, c.which);
        if (c.error_at != no_error) {
            expect_error(r, c.which, c.error_at);
            continue;
        }
        ASSERT_TRUE(r.has_value()) << r.error().message();
        EXPECT_EQ(r->scheme, c.scheme);
        EXPECT_EQ(r->params_raw, c.params_raw);
        EXPECT_EQ(describe(*r), c.params);
    }
}

TEST(Auth, FindIsCaseInsensitiveAndUnquotes) {
    auto r = parse_auth_value("Digest Realm=\"atlanta.com\", NONCE=abc, realm=second",
                              HeaderId::WwwAuthenticate);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->find("realm"), "atlanta.com");
    EXPECT_EQ(r->find("nonce"), "abc");
    EXPECT_EQ(r->find("opaque"), std::nullopt);
}

TEST(Auth, IteratorEquality) {
    auto r = parse_auth_value("Digest a=1, b=2", HeaderId::Authorization);
    ASSERT_TRUE(r.has_value());
    auto it = r->begin();
    EXPECT_EQ(it, r->begin());
    EXPECT_NE(it, r->end());
    ++it;
    EXPECT_EQ(it->name, "b");
    ++it;
    EXPECT_EQ(it, r->end());
    EXPECT_EQ(AuthValue{}.begin(), AuthValue{}.end());
}

TEST(Auth, IterationStopsAtMalformedRawText) {
    AuthValue value;
    value.scheme = "Digest";
    value.params_raw = "a=1, b=\"unterminated, c=3";
    std::vector<std::string_view> names;
    for (const AuthParam& p : value)
        names.push_back(p.name);
    EXPECT_EQ(names, std::vector<std::string_view>{"a"});
}

struct DigestCase {
    const char* name;
    std::string_view text;
    HeaderId which;
    std::string_view fields;  ///< describe(Digest): the non-empty fields in declaration order
    std::uint32_t error_at = no_error;
};

std::string describe(const Digest& d) {
    const std::pair<const char*, std::string_view> fields[] = {
        {"realm", d.realm},         {"nonce", d.nonce},    {"opaque", d.opaque},
        {"algorithm", d.algorithm}, {"qop", d.qop},        {"domain", d.domain},
        {"username", d.username},   {"uri", d.uri},        {"response", d.response},
        {"cnonce", d.cnonce},       {"nc", d.nc},          {"userhash", d.userhash},
        {"nextnonce", d.nextnonce}, {"rspauth", d.rspauth}};
    std::string out;
    for (const auto& [name, value] : fields) {
        if (!value.empty())
            out += std::string(name) + "=" + std::string(value) + "|";
    }
    return d.stale ? out + "stale" : out;
}

TEST(Auth, ParseDigest) {
    constexpr HeaderId authz = HeaderId::Authorization;
    constexpr HeaderId www = HeaderId::WwwAuthenticate;
    constexpr HeaderId info = HeaderId::AuthenticationInfo;
    constexpr DigestCase cases[] = {
        {"challenge_rfc8760_algorithm",
         "Digest realm=\"atlanta.com\", domain=\"sip:ss1.carrier.com\", qop=\"auth,auth-int\",\r\n"
         " nonce=\"f84f1cec41e6cbe5aea9c8e88d359\", opaque=\"\", stale=FALSE,"
         " algorithm=SHA-512-256",
         www,
         "realm=atlanta.com|nonce=f84f1cec41e6cbe5aea9c8e88d359|algorithm=SHA-512-256|"
         "qop=auth,auth-int|domain=sip:ss1.carrier.com|"},
        {"credentials_rfc7616_userhash",
         "Digest username=\"488869477bf257147b804c45308cd62ac4e25eb717b12b298c79e62dcea254ec\","
         " realm=\"api@example.org\", uri=\"sip:bob@biloxi.com\", algorithm=SHA-256,"
         " nonce=\"5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK\", nc=00000001,"
         " cnonce=\"NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v\", qop=auth,"
         " response=\"ae66e67d6b427bd3f120414a82e4acff38e8ecd9101d6c861229025f607a79dd\","
         " opaque=\"HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS\", userhash=true",
         authz,
         "realm=api@example.org|nonce=5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK|"
         "opaque=HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS|algorithm=SHA-256|qop=auth|"
         "username=488869477bf257147b804c45308cd62ac4e25eb717b12b298c79e62dcea254ec|"
         "uri=sip:bob@biloxi.com|"
         "response=ae66e67d6b427bd3f120414a82e4acff38e8ecd9101d6c861229025f607a79dd|"
         "cnonce=NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v|nc=00000001|userhash=true|"},
        {"stale_upper", "digest realm=r, stale=TRUE", www, "realm=r|stale"},
        {"stale_quoted", "DIGEST stale=\"true\"", www, "stale"},
        {"stale_other", "Digest stale=maybe", www, ""},
        {"unknown_params_ignored", "Digest charset=UTF-8, realm=r, x=\"y\"", www, "realm=r|"},
        {"authentication_info", "nextnonce=\"47364c23\", rspauth=\"ab12\", qop=auth", info,
         "qop=auth|nextnonce=47364c23|rspauth=ab12|"},
        {"not_digest", "Basic realm=\"x\"", www, "", 0},
        {"unknown_scheme_rfc4475_regaut01", "NoOneKnowsThisScheme opaque-data=here", authz, "", 0},
        {"duplicate_realm", "Digest realm=a, nonce=n, REALM=b", www, "", 18},
        {"duplicate_stale", "Digest stale=true,stale=false", www, "", 11},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto value = parse_auth_value(c.text, c.which);
        ASSERT_TRUE(value.has_value()) << value.error().message();
        auto r = parse_digest(*value, c.which);
        if (c.error_at != no_error) {
            expect_error(r, c.which, c.error_at);
            continue;
        }
        ASSERT_TRUE(r.has_value()) << r.error().message();
        EXPECT_EQ(describe(*r), c.fields);
    }
}

TEST(Auth, DigestNeedsSchemeOutsideAuthenticationInfo) {
    AuthValue value;
    value.params_raw = "realm=x";
    expect_error(parse_digest(value, HeaderId::Authorization), HeaderId::Authorization, 0);
    auto r = parse_digest(value, HeaderId::AuthenticationInfo);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->realm, "x");
}

// Every prefix of valid values must parse or fail cleanly; ASan checks the reads.
TEST(Auth, PrefixesNeverReadOutOfBounds) {
    constexpr std::string_view inputs[] = {
        "Digest realm=\"a\\\"b\", nonce=abc,\r\n qop=auth",
        "NoOneKnowsThisScheme opaque-data=here",
    };
    for (std::string_view input : inputs) {
        for (std::size_t n = 0; n <= input.size(); ++n) {
            std::string copy(input.substr(0, n));
            for (HeaderId which : {HeaderId::Authorization, HeaderId::AuthenticationInfo}) {
                auto r = parse_auth_value(copy, which);
                if (!r)
                    continue;
                (void)describe(*r);
                (void)parse_digest(*r, which);
            }
        }
    }
}

}  // namespace
}  // namespace sessioncore::sip
