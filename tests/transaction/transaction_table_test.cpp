// TransactionTable lookups, CANCEL, merged requests (§8.2.2.2) and cleanup after every timer.
#include <gtest/gtest.h>

#include <sessioncore/transaction/error.hpp>
#include <sessioncore/transaction/transaction_table.hpp>

#include "test_support.hpp"

namespace sessioncore::transaction {
namespace {

using namespace test;

TEST(ServerTable, FindsRetransmissionsAcksAndCancelledInvite) {
    ServerTable table;
    auto inserted = table.insert(ServerInvite{request("INVITE"), t0});
    ASSERT_TRUE(inserted);
    auto* tx = *inserted;
    EXPECT_EQ(table.size(), 1U);
    EXPECT_EQ(table.find(request("INVITE")), tx);
    EXPECT_EQ(table.find(request("ACK", "z9hG4bKnashds8", "pc33.atlanta.example.com", "a6c85cf")),
              tx);
    EXPECT_EQ(table.find(request("ACK", "z9hG4bK2xxack")), nullptr);  // 2xx ACK: the TU's
    EXPECT_EQ(table.find(request("CANCEL")), nullptr);                // its own transaction
    EXPECT_EQ(table.find_cancelled_invite(request("CANCEL")), tx);
    EXPECT_EQ(table.find_cancelled_invite(request("CANCEL", "z9hG4bKother")), nullptr);
    EXPECT_EQ(table.find(request("INVITE", "z9hG4bKnashds8", "elsewhere.example.com")), nullptr);

    auto duplicate = table.insert(ServerInvite{request("INVITE"), t0});
    ASSERT_FALSE(duplicate);
    EXPECT_EQ(duplicate.error(), errc::duplicate_transaction);
    EXPECT_EQ(table.size(), 1U);
}

TEST(ServerTable, Rfc2543AckMatchesByTheToTagOfOurResponse) {
    ServerTable table;
    auto inserted = table.insert(ServerInvite{request("INVITE", ""), t0});
    ASSERT_TRUE(inserted);
    auto& invite = std::get<ServerInvite>(**inserted);
    const auto ack = [](std::string_view to_tag) {
        return request("ACK", "", "pc33.atlanta.example.com", to_tag);
    };
    EXPECT_EQ(table.find(ack("a6c85cf")), nullptr);  // no final response sent yet
    EXPECT_FALSE(invite.send_response(response(invite.request(), 486), t0));
    EXPECT_EQ(table.find(ack("a6c85cf")), *inserted);
    EXPECT_EQ(table.find(ack("someone-else")), nullptr);
    EXPECT_EQ(table.find(request("INVITE", "")), *inserted);
}

TEST(ServerTable, MergedRequestGets482Verdict) {
    ServerTable table;
    ASSERT_TRUE(table.insert(ServerNonInvite{request("OPTIONS"), t0}));
    struct Case {
        const char* name;
        sip::Message request;
        MergeVerdict verdict;
    };
    Case cases[] = {
        // The same request forked over another proxy: same From tag, Call-ID, CSeq, new branch.
        {"other_branch", request("OPTIONS", "z9hG4bKfork2", "proxy2.example.com"),
         MergeVerdict::Merged},
        {"retransmission", request("OPTIONS"), MergeVerdict::Distinct},
        {"other_cseq_method", request("INFO", "z9hG4bKfork2"), MergeVerdict::Distinct},
        {"in_dialog", request("OPTIONS", "z9hG4bKfork2", "proxy2.example.com", "t1"),
         MergeVerdict::Distinct},
        {"other_from_tag", parse([] {
             auto text = request_text("OPTIONS", "z9hG4bKfork2");
             return text.replace(text.find("1928301774"), 10, "55");
         }()),
         MergeVerdict::Distinct},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(table.check_merged(c.request), c.verdict);
    }
    // Once the transaction has ended, the same request is a new one.
    auto* tx = table.find(request("OPTIONS"));
    ASSERT_NE(tx, nullptr);
    on_transport_error(*tx, make_error_code(boost::system::errc::broken_pipe), t0);
    EXPECT_EQ(table.check_merged(cases[0].request), MergeVerdict::Distinct);
    EXPECT_EQ(table.remove_terminated(), 1U);
    EXPECT_EQ(table.size(), 0U);
    EXPECT_EQ(table.check_merged(cases[0].request), MergeVerdict::Distinct);
}

TEST(ServerTable, EraseByKeyDropsTheEntryAndItsMergeIndex) {
    ServerTable table;
    ASSERT_TRUE(table.insert(ServerNonInvite{request("OPTIONS"), t0}));
    const auto forked = request("OPTIONS", "z9hG4bKfork2", "proxy2.example.com");
    ASSERT_EQ(table.check_merged(forked), MergeVerdict::Merged);
    auto key = server_key(request("OPTIONS"));
    ASSERT_TRUE(key);
    EXPECT_TRUE(table.erase(*key));
    EXPECT_FALSE(table.erase(*key));
    EXPECT_EQ(table.size(), 0U);
    EXPECT_EQ(table.find(request("OPTIONS")), nullptr);
    EXPECT_EQ(table.check_merged(forked), MergeVerdict::Distinct);
}

// The overloads a driver uses with a key it built once give the same answers as the ones that
// build their own, and the stored key is the request's.
TEST(ServerTable, KeyedOverloadsMatchTheMessageOnes) {
    ServerTable table;
    auto invite = request("INVITE");
    auto key = server_key(invite);
    ASSERT_TRUE(key);
    auto inserted = table.insert(ServerInvite{invite.clone(), t0}, *key);
    ASSERT_TRUE(inserted);
    EXPECT_EQ(*inserted->key, *key);
    EXPECT_EQ(table.find(*inserted->key), inserted->tx);
    auto duplicate = table.insert(ServerInvite{invite.clone(), t0}, *key);
    ASSERT_FALSE(duplicate);
    EXPECT_EQ(duplicate.error(), errc::duplicate_transaction);

    const sip::Message probes[] = {
        request("INVITE"),
        request("ACK", "z9hG4bKnashds8", "pc33.atlanta.example.com", "a6c85cf"),
        request("ACK", "z9hG4bK2xxack"),
        request("INVITE", "z9hG4bKfork2", "proxy2.example.com"),  // merged
        request("INVITE", "z9hG4bKnashds8", "elsewhere.example.com"),
    };
    for (const auto& probe : probes) {
        SCOPED_TRACE(probe.wire());
        auto probe_key = server_key(probe);
        ASSERT_TRUE(probe_key);
        EXPECT_EQ(table.find(probe, *probe_key), table.find(probe));
        EXPECT_EQ(table.check_merged(probe, *probe_key), table.check_merged(probe));
    }
    EXPECT_EQ(table.check_merged(probes[3], *server_key(probes[3])), MergeVerdict::Merged);
}

TEST(ClientTable, EraseByKey) {
    ClientTable table;
    ASSERT_TRUE(table.insert(ClientNonInvite{request("OPTIONS"), t0}));
    auto key = client_key(request("OPTIONS"));
    ASSERT_TRUE(key);
    EXPECT_NE(table.find(*key), nullptr);
    EXPECT_TRUE(table.erase(*key));
    EXPECT_FALSE(table.erase(*key));
    EXPECT_EQ(table.size(), 0U);
}

// Feeds a response to the client transaction it belongs to.
void deliver(ClientTable& table, sip::Message response, TimePoint now) {
    auto* tx = table.find(response);
    ASSERT_NE(tx, nullptr);
    std::visit([&](auto& m) { m.on_response(std::move(response), now); }, *tx);
}

template <class Machine, class Table>
Machine& insert(Table& table, Machine machine) {
    auto inserted = table.insert(std::move(machine));
    EXPECT_TRUE(inserted);
    return std::get<Machine>(**inserted);
}

TEST(TransactionTables, EmptyAfterTimersBDFHIJKLM) {
    ClientTable clients;
    ServerTable servers;
    auto now = t0;
    auto& rejected = insert(clients, ClientInvite{request("INVITE", "z9hG4bKc1"), now});
    auto& accepted = insert(clients, ClientInvite{request("INVITE", "z9hG4bKc2"), now});
    insert(clients, ClientInvite{request("INVITE", "z9hG4bKc3"), now});  // Timer B
    auto& answered = insert(clients, ClientNonInvite{request("BYE", "z9hG4bKc4"), now});
    insert(clients, ClientNonInvite{request("BYE", "z9hG4bKc5"), now});  // Timer F
    deliver(clients, response(rejected.request(), 486), now);            // Timer D
    deliver(clients, response(accepted.request(), 200), now);            // Timer M
    deliver(clients, response(answered.request(), 200), now);            // Timer K

    auto& no_ack = insert(servers, ServerInvite{request("INVITE", "z9hG4bKs1"), now});
    auto& acked = insert(servers, ServerInvite{request("INVITE", "z9hG4bKs2"), now});
    auto& ok = insert(servers, ServerInvite{request("INVITE", "z9hG4bKs3"), now});
    auto& options = insert(servers, ServerNonInvite{request("OPTIONS", "z9hG4bKs4"), now});
    EXPECT_FALSE(no_ack.send_response(response(no_ack.request(), 486), now));  // Timer H
    EXPECT_FALSE(acked.send_response(response(acked.request(), 486), now));
    acked.on_request(request("ACK", "z9hG4bKs2"), now);                          // Timer I
    EXPECT_FALSE(ok.send_response(response(ok.request(), 200), now));            // Timer L
    EXPECT_FALSE(options.send_response(response(options.request(), 200), now));  // Timer J
    EXPECT_EQ(clients.size(), 5U);
    EXPECT_EQ(servers.size(), 4U);

    int timeouts = 0;
    const auto step = [&](auto& table) {
        table.for_each([&](const auto&, auto& tx) {
            if (auto wake = next_wake(tx); wake && *wake <= now)
                on_timer(tx, now);
            while (auto out = poll_output(tx))
                timeouts += std::holds_alternative<TimedOut>(*out) ? 1 : 0;
        });
        table.remove_terminated();
    };
    step(clients);
    step(servers);
    while (auto wake = earliest({clients.next_wake(), servers.next_wake()})) {
        now = *wake;
        step(clients);
        step(servers);
        if (now == t0 + 5s) {  // T4: Timers K and I have ended theirs
            EXPECT_EQ(clients.size(), 4U);
            EXPECT_EQ(servers.size(), 3U);
        }
    }
    EXPECT_EQ(clients.size(), 0U);
    EXPECT_EQ(servers.size(), 0U);
    EXPECT_EQ(timeouts, 3);    // B, F, H
    EXPECT_EQ(now - t0, 32s);  // the longest: 64·T1 (B, D, F, H, J, L, M)
}

}  // namespace
}  // namespace sessioncore::transaction
