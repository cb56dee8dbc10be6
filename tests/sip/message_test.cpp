// Message modification and serialization: untouched fields re-emit byte for byte, modified ones
// in canonical form; typed accessors report missing and duplicate headers.
#include <memory>
#include <string>
#include <utility>

#include <gtest/gtest.h>

#include <sessioncore/sip/message.hpp>
#include <sessioncore/sip/parser.hpp>

namespace sessioncore::sip {
namespace {

const std::string kInvite =
    "INVITE sip:bob@example.com SIP/2.0\r\n"
    "v:  SIP/2.0/UDP  pc33.example.com;branch=z9hG4bK776asdhds\r\n"
    "Max-Forwards: 70\r\n"
    "To: Bob <sip:bob@example.com>\r\n"
    "From: Alice <sip:alice@example.com>;tag=1928301774\r\n"
    "i: a84b4c76e66710@pc33.example.com\r\n"
    "CSeq: 314159 INVITE\r\n"
    "X-Odd:   spaced\r\n"
    "  folded\r\n"
    "l: 4\r\n\r\nbody";

Message parsed(const std::string& bytes) {
    auto m = parse(bytes);
    EXPECT_TRUE(m) << m.error().message();
    return m ? std::move(*m) : Message{};
}

// The decoded top Via, From and To follow every change, whether the message keeps them decoded
// (the default) or decodes them on each call (decode_common_headers off), and survive moves
// and clones.
TEST(Message, DecodedViaFromToFollowChanges) {
    for (const bool decode : {true, false}) {
        SCOPED_TRACE(decode ? "decoded at parse" : "decoded on demand");
        ParseOptions options;
        options.decode_common_headers = decode;
        auto m = parse(kInvite, options);
        ASSERT_TRUE(m);
        EXPECT_EQ(m->top_via()->host, "pc33.example.com");
        EXPECT_EQ(m->from()->tag(), "1928301774");
        EXPECT_FALSE(m->to()->tag());

        m->set_header(HeaderId::To, "Bob <sip:bob@example.com>;tag=new1");
        EXPECT_EQ(m->to()->tag(), "new1");
        m->set_header(HeaderId::From, "<sip:carol@example.org>;tag=c2");
        EXPECT_EQ(m->from()->uri.host, "example.org");
        m->remove_header(HeaderId::Via);
        ASSERT_FALSE(m->top_via());
        EXPECT_EQ(m->top_via().error().code, errc::missing_header);
        m->add_header("v", "SIP/2.0/TCP relay.example.net;branch=z9hG4bKr1");
        EXPECT_EQ(m->top_via()->host, "relay.example.net");
        m->add_header("To", "<sip:dave@example.com>");
        ASSERT_FALSE(m->to()) << "two To fields";
        m->set_header(HeaderId::CallId, "new-call@example.com");
        EXPECT_EQ(m->call_id().value(), "new-call@example.com");
        m->set_header(HeaderId::CSeq, "7 BYE");
        EXPECT_EQ(m->cseq()->number, 7u);
        EXPECT_EQ(m->cseq()->method, Method::Bye);
        m->add_header("i", "other@example.com");
        ASSERT_FALSE(m->call_id()) << "two different Call-ID fields";
        m->remove_header(HeaderId::CallId);
        EXPECT_EQ(m->call_id().error().code, errc::missing_header);
        m->set_header(HeaderId::CallId, "new-call@example.com");

        Message moved = std::move(*m);
        EXPECT_EQ(moved.top_via()->transport, "TCP");
        EXPECT_FALSE(m->top_via()) << "the moved-from message is empty";
        Message copy = moved.clone();
        EXPECT_EQ(copy.from()->tag(), "c2");
        EXPECT_EQ(copy.top_via()->branch, "z9hG4bKr1");
        Message plain = parsed(kInvite).clone();  // the unmodified path
        EXPECT_EQ(plain.from()->tag(), "1928301774");
        EXPECT_EQ(plain.top_via()->branch, "z9hG4bK776asdhds");
    }
}

// A clone's decoded values are the original's with their views moved onto the clone's bytes:
// each one lies inside the clone and reads what a fresh parse reads (the original is gone first,
// so under ASan a view left behind is a use after free).
TEST(Message, CloneDecodedValuesPointIntoTheClone) {
    const std::string invite =
        "INVITE sip:bob@example.com SIP/2.0\r\n"
        "Via: SIP/2.0/UDP "
        "[2001:db8::9]:5070;branch=z9hG4bKx1;received=192.0.2.1;maddr=relay.example"
        ";rport=5071;ttl=3;ext=1\r\n"
        "Via: SIP/2.0/TCP second.example\r\n"
        "From: \"A. Lice\" <sips:alice:pw@example.org:5061;transport=tls?subject=x>;tag=f1;x\r\n"
        "To: tel:+1-555-0100;tag=t9\r\n"
        "Call-ID: c@1\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    auto original = std::make_unique<Message>(parsed(invite));
    Message copy = original->clone();
    original.reset();
    const Message fresh = parsed(invite);
    const std::string_view wire = copy.wire();
    const auto inside = [wire](std::string_view v) {
        return v.data() == nullptr ||
               (v.data() >= wire.data() && v.data() + v.size() <= wire.data() + wire.size());
    };
    auto via = copy.top_via();
    auto via_fresh = fresh.top_via();
    ASSERT_TRUE(via && via_fresh);
    for (auto [v, f] : {std::pair{via->protocol_name, via_fresh->protocol_name},
                        {via->protocol_version, via_fresh->protocol_version},
                        {via->transport, via_fresh->transport},
                        {via->host, via_fresh->host},
                        {via->params.raw(), via_fresh->params.raw()},
                        {*via->branch, *via_fresh->branch},
                        {*via->received, *via_fresh->received},
                        {*via->maddr, *via_fresh->maddr}}) {
        EXPECT_TRUE(inside(v)) << v;
        EXPECT_EQ(v, f);
    }
    EXPECT_EQ(via->rport, 5071);
    EXPECT_EQ(via->ttl, 3);
    for (bool from : {true, false}) {
        SCOPED_TRACE(from ? "From" : "To");
        auto na = from ? copy.from() : copy.to();
        auto na_fresh = from ? fresh.from() : fresh.to();
        ASSERT_TRUE(na && na_fresh);
        const Uri& u = na->uri;
        const Uri& uf = na_fresh->uri;
        for (auto [v, f] : {std::pair{na->display_name, na_fresh->display_name},
                            {na->params.raw(), na_fresh->params.raw()},
                            {*na->tag(), *na_fresh->tag()},
                            {u.scheme_name, uf.scheme_name},
                            {u.user, uf.user},
                            {u.password, uf.password},
                            {u.host, uf.host},
                            {u.params.raw(), uf.params.raw()},
                            {u.headers, uf.headers},
                            {u.opaque, uf.opaque},
                            {u.raw, uf.raw}}) {
            EXPECT_TRUE(inside(v)) << v;
            EXPECT_EQ(v, f);
        }
        EXPECT_EQ(u.port, uf.port);
    }
    ASSERT_TRUE(copy.call_id() && copy.cseq());
    EXPECT_TRUE(inside(*copy.call_id()));
    EXPECT_EQ(*copy.call_id(), "c@1");
    EXPECT_TRUE(inside(copy.cseq()->method_name));
    EXPECT_EQ(copy.cseq()->method_name, "INVITE");
    EXPECT_EQ(copy.from()->uri.password, "pw");
    EXPECT_EQ(copy.to()->tag(), "t9");
}

TEST(Message, UnmodifiedReEmitsExactly) {
    Message m = parsed(kInvite);
    EXPECT_FALSE(m.modified());
    EXPECT_EQ(m.encode(), kInvite);
    EXPECT_EQ(m.encoded_size(), kInvite.size());
}

TEST(Message, ModifiedHeaderIsCanonicalTheRestExact) {
    Message m = parsed(kInvite);
    m.set_header(HeaderId::MaxForwards, "69");
    std::string out = m.encode();
    EXPECT_NE(out.find("\r\nMax-Forwards: 69\r\n"), std::string::npos);
    EXPECT_NE(out.find("\r\nv:  SIP/2.0/UDP  pc33.example.com;branch=z9hG4bK776asdhds\r\n"),
              std::string::npos);
    EXPECT_NE(out.find("X-Odd:   spaced\r\n  folded\r\n"), std::string::npos);
    auto again = parse(out);
    ASSERT_TRUE(again);
    EXPECT_EQ(**again->max_forwards(), 69);
}

TEST(Message, AddRemoveAndBody) {
    Message m = parsed(kInvite);
    m.add_header("Record-Route", "<sip:p1.example.com;lr>");
    m.add_header("X-New", "yes");
    EXPECT_EQ(m.remove_header(HeaderId::Via), 1u);
    m.set_body("v=0\r\n", "application/sdp");
    auto again = parse(m.encode());
    ASSERT_TRUE(again) << again.error().message();
    EXPECT_EQ(again->body(), "v=0\r\n");
    EXPECT_EQ(**again->content_length(), 5u);
    EXPECT_TRUE((*again->content_type())->matches("application", "sdp"));
    EXPECT_EQ(again->find("x-new")->value, "yes");
    EXPECT_EQ(again->find(HeaderId::Via), nullptr);
    EXPECT_EQ(again->find(HeaderId::RecordRoute)->value, "<sip:p1.example.com;lr>");
}

TEST(Message, SetHeaderReplacesEveryField) {
    Message m = parsed(kInvite);
    m.add_header("Via", "SIP/2.0/TCP second.example.com;branch=z9hG4bK2");
    EXPECT_EQ(m.count(HeaderId::Via), 2u);
    m.set_header(HeaderId::Via, "SIP/2.0/TLS only.example.com;branch=z9hG4bK3");
    EXPECT_EQ(m.count(HeaderId::Via), 1u);
    EXPECT_EQ(m.top_via()->transport, "TLS");
}

TEST(Message, CanonicalFormUsesFullNamesAndUnfolds) {
    Message m = parsed(kInvite);
    std::string c = m.encode_canonical();
    EXPECT_NE(c.find("\r\nVia: SIP/2.0/UDP  pc33"), std::string::npos);
    EXPECT_NE(c.find("\r\nCall-ID: a84b4c76e66710@pc33.example.com\r\n"), std::string::npos);
    EXPECT_NE(c.find("\r\nX-Odd: spaced folded\r\n"), std::string::npos);
    EXPECT_NE(c.find("\r\nContent-Length: 4\r\n\r\nbody"), std::string::npos);
}

TEST(Message, TypedAccessorsReportMissingAndDuplicates) {
    Message m = parsed("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\nCall-ID: y\r\nl: 0\r\n\r\n");
    auto from = m.from();
    ASSERT_FALSE(from);
    EXPECT_EQ(from.error().code, errc::missing_header);
    EXPECT_EQ(from.error().header, HeaderId::From);
    EXPECT_EQ(from.error().message(), "missing From header");
    EXPECT_EQ(from.error().reason_phrase(), "Bad Request - Missing From");
    auto id = m.call_id();
    ASSERT_FALSE(id);
    EXPECT_EQ(id.error().code, errc::duplicate_header);
    EXPECT_EQ(id.error().message().rfind("Call-ID header appears more than once (byte ", 0), 0u);
    auto hops = m.max_forwards();
    ASSERT_TRUE(hops);
    EXPECT_FALSE(hops->has_value());
}

TEST(Message, AccessorErrorOffsetsPointIntoTheMessage) {
    std::string bytes = "OPTIONS sip:a@b SIP/2.0\r\nCSeq: 12x OPTIONS\r\nl: 0\r\n\r\n";
    Message m = parsed(bytes);
    auto cseq = m.cseq();
    ASSERT_FALSE(cseq);
    EXPECT_EQ(cseq.error().header, HeaderId::CSeq);
    EXPECT_GE(cseq.error().offset, bytes.find("12x"));
    EXPECT_LT(cseq.error().offset, bytes.find("\r\nl:"));
}

}  // namespace
}  // namespace sessioncore::sip

namespace sessioncore::sip {
namespace {

// A moved-from message is empty and can be parsed into again (its storage went with the move;
// a reused receive buffer in the transport does exactly this).
TEST(Message, MovedFromMessageIsEmptyAndReusable) {
    constexpr std::string_view text =
        "OPTIONS sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKmv\r\n"
        "To: <sip:bob@example.com>\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: mv1\r\n"
        "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    Message reused;
    ASSERT_TRUE(parse_into(reused, text));
    Message taken(std::move(reused));
    EXPECT_EQ(taken.wire(), text);
    EXPECT_TRUE(reused.headers().empty());  // NOLINT(bugprone-use-after-move): the point
    EXPECT_EQ(reused.wire(), "");
    ASSERT_TRUE(parse_into(reused, text));
    EXPECT_EQ(reused.wire(), text);

    Message assigned;
    assigned = std::move(reused);
    EXPECT_EQ(assigned.wire(), text);
    ASSERT_TRUE(parse_into(reused, text));  // NOLINT(bugprone-use-after-move)
    EXPECT_EQ(*reused.call_id(), "mv1");
    EXPECT_EQ(*taken.call_id(), "mv1");
}

}  // namespace
}  // namespace sessioncore::sip
