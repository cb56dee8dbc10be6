#pragma once
// Shared pieces of the transaction tests: sample messages (RFC 3261 §24.2 style), draining a
// machine's outputs, and running a machine on virtual time until it has no timer left.

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

#include <sessioncore/sip/parser.hpp>
#include <sessioncore/transaction/message_factory.hpp>
#include <sessioncore/transaction/output.hpp>

namespace sessioncore::transaction::test {

using namespace std::chrono_literals;

inline const TimePoint t0 = TimePoint{} + std::chrono::hours(1);

/// Parses text that the test knows to be a valid message.
inline sip::Message parse(std::string_view text) {
    auto m = sip::parse(text);
    EXPECT_TRUE(m) << m.error().message();
    return m ? std::move(*m) : sip::Message{};
}

/// A request with the given method, top Via branch and sent-by; two Vias (a proxy's client
/// side) and a Route set, so derived messages show what they copy.
inline std::string request_text(std::string_view method, std::string_view branch = "z9hG4bKnashds8",
                                std::string_view sent_by = "pc33.atlanta.example.com",
                                std::string_view to_tag = "", std::string_view cseq_method = "") {
    std::string to = "Bob <sip:bob@biloxi.example.com>";
    if (!to_tag.empty())
        to.append(";tag=").append(to_tag);
    std::string via = "SIP/2.0/UDP " + std::string(sent_by);
    if (!branch.empty())
        via.append(";branch=").append(branch);
    std::string text = std::string(method) + " sip:bob@biloxi.example.com SIP/2.0\r\n";
    text += "Via: " + via + "\r\n";
    text += "Via: SIP/2.0/UDP client.atlanta.example.com;branch=z9hG4bK74bf9\r\n";
    text += "Max-Forwards: 70\r\n";
    text += "Route: <sip:p1.example.com;lr>\r\n";
    text += "Route: <sip:p2.example.com;lr>\r\n";
    text += "To: " + to + "\r\n";
    text += "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n";
    text += "Call-ID: a84b4c76e66710\r\n";
    text += "CSeq: 314159 " + std::string(cseq_method.empty() ? method : cseq_method) + "\r\n";
    text += "Content-Length: 0\r\n\r\n";
    return text;
}

inline sip::Message request(std::string_view method, std::string_view branch = "z9hG4bKnashds8",
                            std::string_view sent_by = "pc33.atlanta.example.com",
                            std::string_view to_tag = "") {
    return parse(request_text(method, branch, sent_by, to_tag));
}

/// A response to `req` as the peer would send it (To tag "a6c85cf" on non-100).
inline sip::Message response(const sip::Message& req, std::uint16_t status) {
    auto r = make_response(req, status, {.to_tag = "a6c85cf"});
    EXPECT_TRUE(r);
    return r ? std::move(*r) : sip::Message{};
}

/// Every queued output of a machine.
template <class Tx>
std::vector<Output> drain(Tx& tx) {
    std::vector<Output> out;
    while (auto o = tx.poll_output())
        out.push_back(std::move(*o));
    return out;
}

/// The single output of a step, which must be a T (a default T when it is not).
template <class T>
T only(std::vector<Output> outputs) {
    EXPECT_EQ(outputs.size(), 1U);
    T* value = outputs.empty() ? nullptr : std::get_if<T>(&outputs.front());
    EXPECT_NE(value, nullptr);
    return value != nullptr ? std::move(*value) : T{};
}

/// What a machine did on virtual time: when it transmitted, and its other outputs.
struct Trace {
    std::vector<Duration> transmits;  ///< offsets from the trace's start
    std::vector<SendKind> kinds;
    std::vector<std::pair<Duration, Output>> events;  ///< non-Transmit outputs
    TimePoint end{};                                  ///< the last timer instant
};

inline void record(Trace& trace, TimePoint start, TimePoint now, std::vector<Output> outputs) {
    for (auto& o : outputs) {
        if (auto* t = std::get_if<Transmit>(&o)) {
            trace.transmits.push_back(now - start);
            trace.kinds.push_back(t->kind);
        } else {
            trace.events.emplace_back(now - start, std::move(o));
        }
    }
}

/// Drains what is queued at `now`, then steps to each next_wake() (STYLE.md §5) until none is
/// left. A machine that never stops fails the test after 1000 wakes.
template <class Tx>
Trace run(Tx& tx, TimePoint start, TimePoint now) {
    Trace trace;
    record(trace, start, now, drain(tx));
    int wakes = 0;
    while (auto wake = tx.next_wake()) {
        if (++wakes > 1000) {
            ADD_FAILURE() << "the machine does not stop";
            break;
        }
        EXPECT_GE(*wake, now) << "a deadline in the past";
        now = *wake;
        tx.on_timer(now);
        record(trace, start, now, drain(tx));
    }
    trace.end = now;
    return trace;
}

/// Offsets in milliseconds, for readable expectations.
inline std::vector<Duration> ms(std::initializer_list<long> values) {
    std::vector<Duration> out;
    for (long v : values)
        out.push_back(std::chrono::milliseconds(v));
    return out;
}

}  // namespace sessioncore::transaction::test
