// Serializer properties: a parsed message re-emits byte for byte; parse -> canonical -> parse
// gives an equivalent message; both for every valid corpus message and for generated ones.
#include <optional>
#include <random>

#include <gtest/gtest.h>

#include <sessioncore/sip/parser.hpp>
#include <sessioncore/sip/validate.hpp>

#include "test_data.hpp"

namespace sessioncore::sip {
namespace {

// True when `view` lies inside `whole` (an empty view anywhere counts).
bool inside(std::string_view view, std::string_view whole) {
    return view.empty() || (view.data() >= whole.data() &&
                            view.data() + view.size() <= whole.data() + whole.size());
}

// A clone says the same, re-emits the same bytes, and keeps no view into the original: it is
// read after the original is gone (ASan reports any view left behind).
void expect_clone_stands_alone(Message original) {
    const std::string bytes = original.encode();
    std::optional<Message> kept(std::move(original));
    Message copy = kept->clone();
    EXPECT_TRUE(equivalent(copy, *kept));
    kept.reset();
    EXPECT_EQ(copy.encode(), bytes);
    const std::string_view wire = copy.wire();
    EXPECT_TRUE(inside(copy.method_name(), wire));
    EXPECT_TRUE(inside(copy.request_uri(), wire));
    EXPECT_TRUE(inside(copy.reason(), wire));
    EXPECT_TRUE(inside(copy.body(), wire));
    for (const HeaderField& f : copy.headers()) {
        EXPECT_TRUE(inside(f.name, wire)) << f.name;
        EXPECT_TRUE(inside(f.value, wire)) << f.name;
        EXPECT_TRUE(inside(f.raw, wire)) << f.name;
    }
    auto again = parse(bytes);
    ASSERT_TRUE(again);
    EXPECT_TRUE(equivalent(copy, *again));
}

void expect_round_trips(const std::string& bytes) {
    auto first = parse(bytes);
    ASSERT_TRUE(first) << first.error().message();
    EXPECT_EQ(first->encode(), first->wire()) << "byte-exact re-emission";
    std::string canonical = first->encode_canonical();
    auto second = parse(canonical);
    ASSERT_TRUE(second) << second.error().message() << "\n" << canonical;
    EXPECT_TRUE(equivalent(*first, *second)) << canonical;
    EXPECT_EQ(second->encode_canonical(), canonical) << "canonical form is a fixed point";
    expect_clone_stands_alone(std::move(*first));
    second->set_header(HeaderId::MaxForwards, "69");  // a modified message clones too
    expect_clone_stands_alone(std::move(*second));
}

TEST(RoundTrip, EveryValidCorpusMessage) {
    for (const auto& row : test::load_all_manifests()) {
        if (!test::is_valid_category(row.category))
            continue;
        SCOPED_TRACE(row.name);
        expect_round_trips(row.bytes);
    }
}

/// Builds random but well-formed messages: random header choice, case, compact forms, folding,
/// spacing and body sizes.
class MessageGenerator {
public:
    explicit MessageGenerator(std::uint32_t seed) : rng_(seed) {}

    std::string next() {
        std::string body = random_body();
        std::string m = pick({"INVITE", "OPTIONS", "REGISTER", "BYE", "MESSAGE", "X-CUSTOM"});
        m += " sip:" + word() + "@" + label() + ".example.com" + (coin() ? ";transport=tcp" : "") +
             " SIP/2.0\r\n";
        std::vector<std::string> headers = {
            name("Via", "v") + sep() + "SIP/2.0/UDP " + label() + ".example.com;branch=z9hG4bK" +
                word(),
            name("From", "f") + sep() + "\"" + word() + " " + word() + "\" <sip:" + word() +
                "@a.com>;tag=" + word(),
            name("To", "t") + sep() + "<sip:" + word() + "@b.com>",
            name("Call-ID", "i") + sep() + word() + "@" + word(),
            "CSeq" + sep() + std::to_string(rng_() % 100000) + " INVITE",
            "Max-Forwards" + sep() + std::to_string(rng_() % 256),
            name("Contact", "m") + sep() + "<sip:" + word() + "@c.com>" + fold() + ";expires=60",
            name("Supported", "k") + sep() + "100rel," + fold() + "timer",
            "X-" + word() + sep() + word() + fold() + word(),
            name("Content-Length", "l") + sep() + std::to_string(body.size()),
        };
        std::shuffle(headers.begin() + 1, headers.end(), rng_);
        for (const auto& h : headers)
            m += h + "\r\n";
        return m + "\r\n" + body;
    }

private:
    bool coin() { return rng_() % 2 == 0; }
    std::string pick(std::initializer_list<const char*> options) {
        auto it = options.begin();
        std::advance(it, rng_() % options.size());
        return *it;
    }
    /// Unreserved characters: valid in a token, a URI user part and a Call-ID word.
    std::string word() { return from_chars("abcdefghijklmnopqrstuvwxyz0123456789-_.!~*'"); }
    /// A host name label.
    std::string label() { return from_chars("abcdefghijklmnopqrstuvwxyz0123456789"); }
    std::string from_chars(std::string_view chars) {
        std::string w(1 + rng_() % 12, 'a');
        for (char& c : w)
            c = chars[rng_() % chars.size()];
        return w;
    }
    std::string name(const std::string& full, const std::string& compact) {
        if (rng_() % 4 == 0)
            return compact;
        std::string n = full;
        for (char& c : n)
            c = (rng_() % 3 == 0) ? static_cast<char>(std::toupper(c)) : c;
        return n;
    }
    std::string sep() { return pick({":", ": ", " : ", ":\t", ":  "}); }
    std::string fold() { return rng_() % 4 == 0 ? "\r\n  " : " "; }
    std::string random_body() {
        std::string body(rng_() % 3 == 0 ? 0 : rng_() % 400, 'x');
        for (char& c : body)
            c = static_cast<char>(rng_() % 256);
        return body;
    }
    std::mt19937 rng_;
};

TEST(RoundTrip, GeneratedMessages) {
    MessageGenerator gen(20261125);
    for (int i = 0; i < 3000; ++i) {
        std::string bytes = gen.next();
        SCOPED_TRACE(bytes.substr(0, 300));
        auto parsed = parse(bytes);
        ASSERT_TRUE(parsed) << parsed.error().message();
        auto valid = validate(*parsed);
        ASSERT_TRUE(valid) << valid.error().message();
        expect_round_trips(bytes);
        if (HasFatalFailure())
            return;
    }
}

}  // namespace
}  // namespace sessioncore::sip
