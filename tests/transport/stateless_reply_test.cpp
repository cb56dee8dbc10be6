// Stateless answers to the RFC 4475 messages that parse() or validate() refuse: each one is
// either answered with the right status or dropped, as the table says. Read in place from
// ../shared/testdata (SC_SHARED_TESTDATA).
#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>

#include <gtest/gtest.h>

#include <sessioncore/sip/parser.hpp>
#include <sessioncore/sip/validate.hpp>
#include <sessioncore/transport/stateless_reply.hpp>

namespace sessioncore::transport {
namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

struct Row {
    std::string name, category, bytes;
};

std::vector<Row> load_rfc4475() {
    const std::string dir = std::string(SC_SHARED_TESTDATA) + "/rfc4475";
    std::istringstream lines(read_file(dir + "/MANIFEST.tsv"));
    std::vector<Row> rows;
    std::string line;
    std::getline(lines, line);  // column names
    while (std::getline(lines, line)) {
        std::vector<std::string> cols;
        std::istringstream fields(line);
        for (std::string col; std::getline(fields, col, '\t');)
            cols.push_back(col);
        if (cols.size() >= 4)
            rows.push_back({cols[0], cols[2], read_file(dir + "/" + cols[0] + ".dat")});
    }
    return rows;
}

// The first problem parse() or validate() finds, as the transport sees it (datagram framing).
std::optional<sip::Error> refusal(const std::string& bytes) {
    auto message = sip::parse(bytes);
    if (!message)
        return message.error();
    if (auto valid = sip::validate(*message); !valid)
        return valid.error();
    return std::nullopt;
}

struct Expectation {
    const char* name;
    std::uint16_t status;  // 0: dropped
};

// Every RFC 4475 message the transport refuses. Drops: responses (never answered) and a
// request without From/To/Call-ID (nothing to build an answer from).
constexpr Expectation expectations[] = {
    {"badinv01", 400}, {"clerr", 400},    {"ncl", 400},       {"scalar02", 400}, {"scalarlg", 0},
    {"quotbal", 400},  {"ltgtruri", 400}, {"lwsruri", 400},   {"lwsstart", 400}, {"trws", 400},
    {"escruri", 400},  {"baddate", 400},  {"regbadct", 400},  {"badaspec", 400}, {"baddn", 400},
    {"badvers", 505},  {"bigcode", 0},    {"badbranch", 400}, {"insuf", 0},      {"multi01", 400},
    {"mcl01", 400},
};

constexpr sip::HeaderId copied[] = {sip::HeaderId::Via, sip::HeaderId::From, sip::HeaderId::To,
                                    sip::HeaderId::CallId, sip::HeaderId::CSeq};

TEST(StatelessReply, Rfc4475RefusedMessages) {
    auto rows = load_rfc4475();
    ASSERT_GE(rows.size(), 49u);
    std::size_t refused = 0;
    ReplyHeaders scratch;
    for (const Row& row : rows) {
        SCOPED_TRACE(row.name);
        auto error = refusal(row.bytes);
        auto it = std::find_if(std::begin(expectations), std::end(expectations),
                               [&](const Expectation& e) { return row.name == e.name; });
        if (!error) {
            EXPECT_EQ(it, std::end(expectations)) << "listed but accepted";
            continue;
        }
        ++refused;
        ASSERT_NE(it, std::end(expectations)) << "refused but not listed: " << error->message();
        std::string reply;
        bool answered = build_stateless_reply(row.bytes, *error, reply, scratch);
        if (it->status == 0) {
            EXPECT_FALSE(answered) << reply;
            continue;
        }
        ASSERT_TRUE(answered);
        // Our own answer is well-formed SIP with the status, reason and copied headers.
        auto response = sip::parse(reply);
        ASSERT_TRUE(response) << response.error().message() << "\n" << reply;
        // Via, From, To, Call-ID and CSeq are copied as they came (RFC 3261 §8.2.6.2), so a
        // request refused for one of them gets it back: the answer fails validate() on that
        // header only.
        auto answer_problem = refusal(reply);
        // (A duplicate is not: only the first of each is copied.)
        const bool copied_header_at_fault =
            error->code != sip::errc::duplicate_header &&
            std::find(std::begin(copied), std::end(copied), error->header) != std::end(copied);
        if (copied_header_at_fault) {
            ASSERT_TRUE(answer_problem) << reply;
            EXPECT_EQ(answer_problem->header, error->header);
        } else {
            EXPECT_FALSE(answer_problem) << answer_problem->message() << "\n" << reply;
        }
        EXPECT_EQ(response->status_code(), it->status);
        EXPECT_EQ(response->status_code(), error->status());
        EXPECT_EQ(response->reason(), error->reason_phrase());
        EXPECT_NE(response->find(sip::HeaderId::To)->value.find(";tag="), std::string::npos);
        EXPECT_EQ(response->call_id().value(), scratch.call_id);
    }
    EXPECT_EQ(refused, std::size(expectations));
}

using namespace std::string_view_literals;

struct BuildCase {
    const char* name;
    std::string_view raw;
    const char* expected;  // nullptr: dropped
};

constexpr BuildCase build_cases[] = {
    {"folded_and_compact",
     "INVITE sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP h.example;branch=z9hG4bK1,\r\n SIP/2.0/UDP "
     "p.example\r\nf: <sip:x@y>;tag=9\r\nt: <sip:a@b>\r\ni: id1\r\nCSeq: 1 INVITE\r\n\r\n",
     "SIP/2.0 400 R\r\nVia: SIP/2.0/UDP h.example;branch=z9hG4bK1, SIP/2.0/UDP "
     "p.example\r\nFrom: <sip:x@y>;tag=9\r\nTo: <sip:a@b>;tag=sc"},
    {"existing_tag_kept",
     "BYE sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h\r\nFrom: a;tag=1\r\nTo: <sip:a@b> ; tag = 7\r\n"
     "Call-ID: c\r\nCSeq: 2 BYE\r\n\r\n",
     "SIP/2.0 400 R\r\nVia: SIP/2.0/TCP h\r\nFrom: a;tag=1\r\nTo: <sip:a@b> ; tag = 7\r\n"
     "Call-ID: c\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n"},
    {"ack_dropped",
     "ACK sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nFrom: a\r\nTo: b\r\nCall-ID: c\r\nCSeq: 1 "
     "ACK\r\n\r\n",
     nullptr},
    {"response_dropped",
     "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h\r\nFrom: a\r\nTo: b\r\nCall-ID: c\r\nCSeq: 1 "
     "X\r\n\r\n",
     nullptr},
    {"no_via", "OPTIONS sip:a@b SIP/2.0\r\nFrom: a\r\nTo: b\r\nCall-ID: c\r\nCSeq: 1 X\r\n\r\n",
     nullptr},
    {"via_not_sip",
     "OPTIONS sip:a@b SIP/2.0\r\nVia: garbage\r\nFrom: a\r\nTo: b\r\nCall-ID: "
     "c\r\nCSeq: 1 X\r\n\r\n",
     nullptr},
    {"no_cseq",
     "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nFrom: a\r\nTo: b\r\nCall-ID: "
     "c\r\n\r\n",
     nullptr},
    {"nul_in_call_id",
     "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nFrom: a\r\nTo: b\r\nCall-ID: "
     "c\0d\r\nCSeq: 1 X\r\n\r\n"sv,
     nullptr},
    {"headers_after_body_ignored",
     "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nFrom: a\r\nTo: b\r\n\r\nCall-ID: "
     "c\r\nCSeq: 1 X\r\n",
     nullptr},
};

TEST(StatelessReply, LenientHeaderReading) {
    ReplyHeaders scratch;
    sip::Error error(sip::errc::bad_header_value, sip::HeaderId::Via);
    for (const auto& c : build_cases) {
        SCOPED_TRACE(c.name);
        std::string raw(c.raw);
        std::string reply;
        bool answered = build_stateless_reply(raw, error, reply, scratch);
        if (c.expected == nullptr) {
            EXPECT_FALSE(answered) << reply;
            continue;
        }
        ASSERT_TRUE(answered);
        std::string expected = c.expected;
        expected.replace(expected.find(" R\r\n"), 4, " " + error.reason_phrase() + "\r\n");
        EXPECT_EQ(reply.substr(0, expected.size()), expected);
        EXPECT_TRUE(sip::parse(reply)) << reply;
    }
}

}  // namespace
}  // namespace sessioncore::transport
