// StreamFramer: every valid torture message split at every byte offset and fed one byte at a
// time gives the same message as a one-shot parse, and never earlier than its last byte.
#include <gtest/gtest.h>

#include <sessioncore/sip/framer.hpp>
#include <sessioncore/sip/parser.hpp>

#include "test_data.hpp"

namespace sessioncore::sip {
namespace {

/// Drains the framer; every item must be a message (keep-alives are tested separately).
std::vector<Message> drain(StreamFramer& framer) {
    std::vector<Message> out;
    for (;;) {
        auto item = framer.next();
        if (!item) {
            ADD_FAILURE() << "framer error: " << item.error().message();
            return out;
        }
        if (!*item)
            return out;
        auto* message = std::get_if<Message>(&**item);
        if (message == nullptr) {
            ADD_FAILURE() << "unexpected keep-alive";
            continue;
        }
        out.push_back(std::move(*message));
    }
}

std::vector<test::ManifestRow> stream_cases() {
    std::vector<test::ManifestRow> rows;
    for (auto& row : test::load_all_manifests()) {
        // inv2543 has no Content-Length: it can only be framed as a datagram (RFC 3261 §18.3).
        if (test::is_valid_category(row.category) && row.name != "inv2543")
            rows.push_back(row);
    }
    return rows;
}

TEST(StreamFramer, EveryValidMessageSplitAtEveryOffset) {
    auto rows = stream_cases();
    ASSERT_GT(rows.size(), 25u);
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto reference = parse(row.bytes);
        ASSERT_TRUE(reference);
        std::string_view wire(row.bytes.data(), reference->wire().size());
        for (std::size_t split = 1; split < wire.size(); ++split) {
            StreamFramer framer;
            framer.feed(wire.substr(0, split));
            auto early = drain(framer);
            ASSERT_TRUE(early.empty()) << "message before its last byte, split at " << split;
            framer.feed(wire.substr(split));
            auto got = drain(framer);
            ASSERT_EQ(got.size(), 1u) << "split at " << split;
            ASSERT_TRUE(equivalent(got[0], *reference)) << "split at " << split;
            ASSERT_EQ(got[0].wire(), reference->wire());
        }
    }
}

TEST(StreamFramer, EveryValidMessageOneByteAtATime) {
    for (const auto& row : stream_cases()) {
        SCOPED_TRACE(row.name);
        auto reference = parse(row.bytes);
        ASSERT_TRUE(reference);
        std::string_view wire(row.bytes.data(), reference->wire().size());
        StreamFramer framer;
        std::vector<Message> got;
        for (std::size_t i = 0; i < wire.size(); ++i) {
            framer.feed(wire.substr(i, 1));
            auto items = drain(framer);
            ASSERT_TRUE(items.empty() || i + 1 == wire.size()) << "early at byte " << i;
            for (auto& m : items)
                got.push_back(std::move(m));
        }
        ASSERT_EQ(got.size(), 1u);
        EXPECT_TRUE(equivalent(got[0], *reference));
        EXPECT_EQ(framer.buffered(), 0u);
    }
}

TEST(StreamFramer, DblreqOnAStreamIsARegisterThenMoreBytes) {
    auto bytes = test::read_bytes(std::string(SC_SHARED_TESTDATA) + "/rfc4475/dblreq.dat");
    StreamFramer framer;
    framer.feed(bytes);
    auto first = framer.next();
    ASSERT_TRUE(first && *first);
    EXPECT_EQ(std::get<Message>(**first).method(), Method::Register);
    EXPECT_GT(framer.buffered(), 0u);
}

TEST(StreamFramer, ManyMessagesInOneRead) {
    std::string one = test::read_bytes(std::string(SC_PROJECT_DIR) + "/examples/invite.sip");
    StreamFramer framer;
    framer.feed(one + one + "\r\n\r\n" + one);
    std::size_t messages = 0, pings = 0;
    for (;;) {
        auto item = framer.next();
        ASSERT_TRUE(item);
        if (!*item)
            break;
        messages += std::holds_alternative<Message>(**item) ? 1 : 0;
        pings += std::holds_alternative<KeepAlivePing>(**item) ? 1 : 0;
    }
    EXPECT_EQ(messages, 3u);
    EXPECT_EQ(pings, 1u);
    EXPECT_EQ(framer.buffered(), 0u);
}

TEST(StreamFramer, KeepAlives) {
    struct Case {
        const char* name;
        std::vector<std::string> chunks;
        std::size_t pings, pongs;
    };
    const Case cases[] = {
        {"ping", {"\r\n\r\n"}, 1, 0},
        {"ping_split", {"\r\n", "\r\n"}, 1, 0},
        {"two_pings", {"\r\n\r\n\r\n\r\n"}, 2, 0},
        {"pong_then_bytes", {"\r\nINVI"}, 0, 1},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        StreamFramer framer;
        std::size_t pings = 0, pongs = 0;
        for (const auto& chunk : c.chunks) {
            framer.feed(chunk);
            for (;;) {
                auto item = framer.next();
                ASSERT_TRUE(item);
                if (!*item)
                    break;
                pings += std::holds_alternative<KeepAlivePing>(**item) ? 1 : 0;
                pongs += std::holds_alternative<KeepAlivePong>(**item) ? 1 : 0;
            }
        }
        EXPECT_EQ(pings, c.pings);
        EXPECT_EQ(pongs, c.pongs);
    }
}

TEST(StreamFramer, StrayLineEndsBetweenMessagesAreDropped) {
    // Found by fuzz/sip_framer_fuzz.cpp: a lone CR before a message reached the parser, which
    // asked for more bytes, and the framer took that for a failure.
    std::string one = test::read_bytes(std::string(SC_PROJECT_DIR) + "/examples/invite.sip");
    StreamFramer framer;
    framer.feed("\r\n\r\r\n\r\n\r\n\n\xfe d");
    for (;;) {
        auto item = framer.next();
        ASSERT_TRUE(item) << item.error().message();
        if (!*item)
            break;
    }
    StreamFramer second;
    second.feed("\r\n\n\r" + one);
    std::size_t messages = 0;
    for (;;) {
        auto item = second.next();
        ASSERT_TRUE(item) << item.error().message();
        if (!*item)
            break;
        messages += std::holds_alternative<Message>(**item) ? 1 : 0;
    }
    EXPECT_EQ(messages, 1u);
}

TEST(StreamFramer, Errors) {
    struct Case {
        const char* name;
        std::string bytes;
        errc code;
        Limits limits;
    };
    const Case cases[] = {
        {"missing_content_length",
         "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h\r\n\r\n",
         errc::missing_content_length,
         {}},
        {"negative_length",
         "OPTIONS sip:a@b SIP/2.0\r\nContent-Length: -1\r\n\r\n",
         errc::bad_content_length,
         {}},
        {"endless_headers", "OPTIONS sip:a@b SIP/2.0\r\n" + std::string(300, 'X'),
         errc::message_too_large, Limits{.max_message_size = 200}},
        {"body_over_limit", "OPTIONS sip:a@b SIP/2.0\r\nl: 5000\r\n\r\n", errc::body_too_large,
         Limits{.max_body_size = 1000}},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        StreamFramer framer(c.limits);
        framer.feed(c.bytes);
        auto item = framer.next();
        ASSERT_FALSE(item);
        EXPECT_EQ(item.error().code, c.code);
        auto again = framer.next();  // the stream cannot resynchronise: the error sticks
        ASSERT_FALSE(again);
        EXPECT_EQ(again.error().code, c.code);
    }
}

/// What a framer makes of some bytes: the first item's kind, or the error, or "wait".
std::string first_outcome(StreamFramer& framer) {
    auto item = framer.next();
    if (!item)
        return std::string("error:") + make_error_code(item.error().code).message();
    if (!*item)
        return "wait";
    return std::holds_alternative<Message>(**item) ? "message" : "keep-alive";
}

TEST(StreamFramer, InvalidMessagesGiveTheSameOutcomeHoweverSplit) {
    // RFC 4475 README, stream test 3: the parser reports the same error or keeps waiting.
    for (const auto& row : test::load_all_manifests()) {
        if (test::is_valid_category(row.category))
            continue;
        SCOPED_TRACE(row.name);
        StreamFramer whole;
        whole.feed(row.bytes);
        std::string reference = first_outcome(whole);
        for (std::size_t split = 1; split < row.bytes.size(); ++split) {
            StreamFramer framer;
            framer.feed(std::string_view(row.bytes).substr(0, split));
            std::string early = first_outcome(framer);
            if (early != "wait") {
                ASSERT_EQ(early, reference) << "split at " << split;
                continue;
            }
            framer.feed(std::string_view(row.bytes).substr(split));
            ASSERT_EQ(first_outcome(framer), reference) << "split at " << split;
        }
    }
}

TEST(StreamFramer, FramingErrorsOfTheTortureSet) {
    struct Case {
        const char* name;
        std::string outcome;
    };
    const Case cases[] = {
        {"clerr", "wait"},  // Content-Length 9999: a stream can only wait for more
        {"ncl", "error:" + make_error_code(errc::bad_content_length).message()},
        {"mcl01", "error:" + make_error_code(errc::bad_content_length).message()},
        {"baddn", "wait"},  // no empty line after the headers
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        StreamFramer framer;
        framer.feed(
            test::read_bytes(std::string(SC_SHARED_TESTDATA) + "/rfc4475/" + c.name + ".dat"));
        EXPECT_EQ(first_outcome(framer), c.outcome);
    }
}

}  // namespace
}  // namespace sessioncore::sip
