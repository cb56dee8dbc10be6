// What the RFC 4475 / RFC 5118 notes say about the accepted messages, value by value.
#include <gtest/gtest.h>

#include <sessioncore/sip/parser.hpp>

#include "test_data.hpp"

namespace sessioncore::sip {
namespace {

Message load(const std::string& suite, const std::string& name) {
    auto bytes =
        test::read_bytes(std::string(SC_SHARED_TESTDATA) + "/" + suite + "/" + name + ".dat");
    auto m = parse(bytes);
    if (!m)
        ADD_FAILURE() << name << ": " << m.error().message();
    return m ? std::move(*m) : Message{};
}

std::vector<Via> all_vias(const Message& m) {
    std::vector<Via> out;
    for (std::string_view v : m.values(HeaderId::Via)) {
        auto via = parse_via(v);
        EXPECT_TRUE(via) << v;
        if (via)
            out.push_back(*via);
    }
    return out;
}

TEST(TortureDetails, WsinvFoldingAndOddSpacing) {
    Message m = load("rfc4475", "wsinv");
    EXPECT_EQ(**m.max_forwards(), 68);
    EXPECT_EQ(m.cseq()->number, 9u);
    EXPECT_EQ(m.cseq()->method, Method::Invite);
    EXPECT_EQ(m.to()->tag(), "1918181833n");
    EXPECT_EQ(m.from()->tag(), "98asjd8");
    EXPECT_EQ(m.from()->display_name_text(), "J Rosenberg \\\"");
    auto vias = all_vias(m);
    ASSERT_EQ(vias.size(), 3u);
    EXPECT_EQ(vias[0].transport, "UDP");
    EXPECT_EQ(vias[0].host, "192.0.2.2");
    EXPECT_EQ(vias[0].branch, "390skdjuw");
    EXPECT_EQ(vias[1].transport, "TCP");
    EXPECT_EQ(vias[1].branch, "z9hG4bK9ikj8");
    EXPECT_EQ(vias[2].host, "192.168.255.111");
    EXPECT_EQ(vias[2].branch, "z9hG4bK30239");
    EXPECT_EQ(m.find(HeaderId::Subject)->value, "");
    EXPECT_EQ(m.find("UnknownHeaderWithUnusualValue")->value, ";;,,;;,;");
    auto contact = parse_name_addr(*m.values(HeaderId::Contact).begin(), HeaderId::Contact);
    ASSERT_TRUE(contact);
    EXPECT_EQ(contact->params.find("q"), "0.33");
    EXPECT_EQ(contact->params.find("newparam"), "newvalue");
    EXPECT_EQ(m.body().size(), 150u);
}

TEST(TortureDetails, IntmethKeepsEveryTokenCharacter) {
    Message m = load("rfc4475", "intmeth");
    EXPECT_EQ(m.method_name(), "!interesting-Method0123456789_*+`.%indeed'~");
    EXPECT_EQ(m.method(), Method::Unknown);
    EXPECT_EQ(*m.call_id(), "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
    auto to = m.to();
    ASSERT_TRUE(to);
    EXPECT_NE(to->display_name_text().find('\0'), std::string::npos);
    auto uri = m.parsed_request_uri();
    ASSERT_TRUE(uri);
    EXPECT_EQ(uri->user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
    EXPECT_EQ(uri->host, "example.com");
}

TEST(TortureDetails, Esc01UnescapesOnce) {
    Message m = load("rfc4475", "esc01");
    EXPECT_EQ(m.parsed_request_uri()->user_unescaped(), "sips:user@example.com");
    EXPECT_EQ(m.to()->uri.user_unescaped(), "user");
    EXPECT_EQ(m.from()->uri.user_unescaped(), "I have spaces");
    auto contact = parse_name_addr(*m.values(HeaderId::Contact).begin(), HeaderId::Contact);
    ASSERT_TRUE(contact);
    EXPECT_EQ(contact->uri.user_unescaped(), "caller");
    bool found = false;
    for (const Param& p : contact->uri.params) {
        if (unescape(p.name) == "name") {
            EXPECT_EQ(unescape(p.value), "value%41");
            found = true;
        }
    }
    EXPECT_TRUE(found);
}

TEST(TortureDetails, EscnullKeepsBytesAfterNul) {
    Message m = load("rfc4475", "escnull");
    EXPECT_EQ(m.to()->uri.user_unescaped(), std::string("null-\0-null", 11));
    std::vector<std::string> users;
    for (std::string_view c : m.values(HeaderId::Contact)) {
        users.push_back(parse_name_addr(c, HeaderId::Contact)->uri.user_unescaped());
    }
    ASSERT_EQ(users.size(), 2u);
    EXPECT_EQ(users[0], std::string(1, '\0'));
    EXPECT_EQ(users[1], std::string(2, '\0'));
}

TEST(TortureDetails, Esc02HasTwoContactsAndAnUnknownMethod) {
    Message m = load("rfc4475", "esc02");
    EXPECT_EQ(m.method(), Method::Unknown);
    EXPECT_EQ(m.method_name(), "RE%47IST%45R");
    EXPECT_EQ(m.values(HeaderId::Contact).size(), 2u);
    ASSERT_NE(m.find("C%6Fntact"), nullptr);
    EXPECT_EQ(m.find("C%6Fntact")->id, HeaderId::Other);
}

TEST(TortureDetails, LwsdispAcceptsNoSpaceBeforeAngle) {
    Message m = load("rfc4475", "lwsdisp");
    EXPECT_EQ(m.from()->display_name_text(), "caller");
    EXPECT_EQ(m.from()->uri.user, "caller");
}

TEST(TortureDetails, LongreqKeepsEveryVia) {
    Message m = load("rfc4475", "longreq");
    EXPECT_GE(all_vias(m).size(), 30u);
    EXPECT_GT(m.from()->tag()->size(), 100u);
}

TEST(TortureDetails, DblreqIgnoresTrailingOctets) {
    auto bytes = test::read_bytes(std::string(SC_SHARED_TESTDATA) + "/rfc4475/dblreq.dat");
    Message m;
    auto used = parse_into(m, bytes);
    ASSERT_TRUE(used);
    EXPECT_EQ(m.method(), Method::Register);
    EXPECT_TRUE(m.body().empty());
    EXPECT_EQ(bytes.size() - *used, 450u);
    EXPECT_EQ(m.encode().find("INVITE"), std::string::npos) << "noise must not be re-emitted";
}

TEST(TortureDetails, SemiuriUserHoldsSemicolon) {
    Message m = load("rfc4475", "semiuri");
    auto uri = m.parsed_request_uri();
    ASSERT_TRUE(uri);
    EXPECT_EQ(uri->user, "user;par=u%40example.net");
    EXPECT_EQ(uri->host, "example.com");
}

TEST(TortureDetails, TransportsAreKept) {
    Message m = load("rfc4475", "transports");
    std::vector<std::string_view> transports;
    for (const Via& v : all_vias(m))
        transports.push_back(v.transport);
    EXPECT_EQ(transports, (std::vector<std::string_view>{"UDP", "SCTP", "TLS", "UNKNOWN", "TCP"}));
}

TEST(TortureDetails, Mpart01FramesBinaryBodyByLength) {
    Message m = load("rfc4475", "mpart01");
    EXPECT_EQ(m.body().size(), 553u);
    EXPECT_TRUE((*m.content_type())->matches("multipart", "mixed"));
}

TEST(TortureDetails, ResponsesWithOddReasons) {
    Message unreason = load("rfc4475", "unreason");
    EXPECT_EQ(unreason.status_code(), 200);
    EXPECT_TRUE(std::any_of(unreason.reason().begin(), unreason.reason().end(),
                            [](char c) { return static_cast<unsigned char>(c) >= 0x80; }));
    Message noreason = load("rfc4475", "noreason");
    EXPECT_EQ(noreason.status_code(), 100);
    EXPECT_EQ(noreason.reason(), "");
}

TEST(TortureDetails, ContactParamsBelongWhereTheBracketsSay) {
    Message m1 = load("rfc4475", "cparam01");
    auto c1 = parse_name_addr(*m1.values(HeaderId::Contact).begin());
    ASSERT_TRUE(c1);
    EXPECT_TRUE(c1->params.contains("unknownparam"));
    EXPECT_FALSE(c1->uri.params.contains("unknownparam"));
    Message m2 = load("rfc4475", "cparam02");
    auto c2 = parse_name_addr(*m2.values(HeaderId::Contact).begin());
    ASSERT_TRUE(c2);
    EXPECT_FALSE(c2->params.contains("unknownparam"));
    EXPECT_TRUE(c2->uri.params.contains("unknownparam"));
}

TEST(TortureDetails, RegescrtKeepsEscapedRouteInContact) {
    Message m = load("rfc4475", "regescrt");
    auto c = parse_name_addr(*m.values(HeaderId::Contact).begin());
    ASSERT_TRUE(c);
    EXPECT_EQ(c->uri.headers, "Route=%3Csip:sip.example.com%3E");
}

TEST(TortureDetails, Inv2543BodyIsRestOfDatagram) {
    Message m = load("rfc4475", "inv2543");
    EXPECT_EQ(m.body().size(), 105u);
    EXPECT_FALSE(m.top_via()->branch.has_value());
    EXPECT_FALSE(m.from()->tag().has_value());
    EXPECT_FALSE(m.find(HeaderId::MaxForwards));
}

TEST(TortureDetails, Unksm2AcceptsForeignSchemes) {
    Message m = load("rfc4475", "unksm2");
    EXPECT_EQ(m.to()->uri.scheme, UriScheme::Other);
    EXPECT_EQ(m.to()->uri.scheme_name, "isbn");
    EXPECT_EQ(m.from()->uri.scheme_name, "http");
}

TEST(TortureDetails, BcastSecondViaIsBroadcast) {
    Message m = load("rfc4475", "bcast");
    auto vias = all_vias(m);
    ASSERT_EQ(vias.size(), 2u);
    EXPECT_EQ(vias[1].host, "255.255.255.255");
    EXPECT_EQ(vias[1].host_kind, HostKind::Ipv4);
}

TEST(TortureDetails, Ipv6References) {
    struct Case {
        const char* name;
        std::string_view host;
        std::optional<std::uint16_t> port;
    };
    const Case cases[] = {
        {"ipv6-good", "2001:db8::10", std::nullopt},
        {"port-ambiguous", "2001:db8::10:5070", std::nullopt},
        {"port-unambiguous", "2001:db8::10", 5070},
        {"ipv6-bug-abnf-3-colons", "2001:db8:::192.0.2.1", std::nullopt},
        {"ipv6-correct-abnf-2-colons", "2001:db8::192.0.2.1", std::nullopt},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        Message m = load("rfc5118", c.name);
        auto uri = m.parsed_request_uri();
        ASSERT_TRUE(uri);
        EXPECT_EQ(uri->host, c.host);
        EXPECT_EQ(uri->host_kind, HostKind::Ipv6);
        EXPECT_EQ(uri->port, c.port);
    }
}

TEST(TortureDetails, ViaReceivedIpv6WithAndWithoutBrackets) {
    for (const char* name : {"via-received-param-with-delim", "via-received-param-no-delim"}) {
        SCOPED_TRACE(name);
        Message m = load("rfc5118", name);
        auto vias = all_vias(m);
        ASSERT_FALSE(vias.empty());
        EXPECT_EQ(vias[0].received, "2001:db8::9:255");
    }
}

TEST(TortureDetails, MixedAddressFamilies) {
    Message m = load("rfc5118", "mult-ip-in-header");
    auto vias = all_vias(m);
    ASSERT_EQ(vias.size(), 3u);
    EXPECT_EQ(vias[0].host, "2001:db8::9:1");
    EXPECT_EQ(vias[0].port, 6050);
    EXPECT_EQ(vias[1].host_kind, HostKind::Ipv4);
    EXPECT_EQ(vias[2].received, "192.0.2.200");
    Message m2 = load("rfc5118", "ipv4-mapped-ipv6");
    auto mapped = all_vias(m2);
    ASSERT_FALSE(mapped.empty());
    EXPECT_EQ(mapped[0].host, "::ffff:192.0.2.10");
    EXPECT_EQ(mapped[0].port, 19823);
    EXPECT_NE(load("rfc5118", "ipv6-in-sdp").body().find("IN IP6"), std::string_view::npos);
}

TEST(TortureDetails, RegautKeepsUnknownScheme) {
    Message m = load("rfc4475", "regaut01");
    ASSERT_NE(m.find(HeaderId::Authorization), nullptr);
    EXPECT_EQ(m.find(HeaderId::Authorization)->value.substr(0, 20), "NoOneKnowsThisScheme");
}

}  // namespace
}  // namespace sessioncore::sip
