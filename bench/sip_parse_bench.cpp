// SIP parse benchmark: our parser against sofia-sip and libre on the same messages, in one run.
//
// Every contender does the same work per message (sip_parse_contenders.hpp): start line with the
// Request-URI, every header split, every Via, From, To, CSeq, Call-ID and Contact decoded, each
// decoded field read into benchmark::DoNotOptimize. Before any timing a self-check parses each
// message with each contender and aborts unless all extract the same Call-ID, CSeq number, top
// Via branch, From/To tags, Contact host and Via count.
//
// Ours reuses one Message (parse_into), so after the first parse it should not allocate; the
// counting operator new (counting_allocator.cpp) reports allocations per parse as the counter
// "allocs_per_parse".
//
// Messages: bench/data/{invite,200ok,register,bye}.sip (CRLF, exact Content-Length); the
// directory is compiled in and may be overridden with the environment variable SC_BENCH_DATA.
// Benchmarks are named parse/<message>/<contender>; scripts/bench-parse.sh runs them.
// parse/invite/ours_split_only is a diagnostic (parse_into alone), not a contender.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>

#include <sessioncore/sip/header_id.hpp>
#include <sessioncore/sip/message.hpp>
#include <sessioncore/sip/name_addr.hpp>
#include <sessioncore/sip/parser.hpp>
#include <sessioncore/sip/via.hpp>

#include "counting_allocator.hpp"
#include "sip_parse_contenders.hpp"

namespace sessioncore::bench {
namespace {

namespace sip = sessioncore::sip;

constexpr const char* message_names[] = {"invite", "200ok", "register", "bye"};

struct TestMessage {
    std::string name;
    std::string bytes;
};

[[noreturn]] void fail(const std::string& what) {
    std::fprintf(stderr, "bench_sip_parse: %s\n", what.c_str());
    std::exit(1);
}

std::string data_dir() {
    if (const char* dir = std::getenv("SC_BENCH_DATA"))
        return dir;
    return SC_BENCH_DATA_DIR;
}

std::vector<TestMessage> load_messages() {
    std::vector<TestMessage> messages;
    for (const char* name : message_names) {
        const std::string path = data_dir() + "/" + name + ".sip";
        std::ifstream in(path, std::ios::binary);
        if (!in)
            fail("cannot read " + path);
        messages.push_back({name, std::string(std::istreambuf_iterator<char>(in), {})});
    }
    return messages;
}

std::string text(std::optional<std::string_view> v) {
    return v ? std::string(*v) : std::string();
}

// --- ours ---------------------------------------------------------------------------------------

/// Parses `bytes` into `msg` (reusing its storage) and decodes what the peers decode.
bool ours_parse_and_touch(sip::Message& msg, std::string_view bytes) {
    if (!sip::parse_into(msg, bytes))
        return false;
    if (msg.is_request()) {
        auto uri = msg.parsed_request_uri();
        if (!uri)
            return false;
        benchmark::DoNotOptimize(msg.method_name());
        benchmark::DoNotOptimize(uri->host);
    } else {
        benchmark::DoNotOptimize(msg.status_code());
    }
    for (std::string_view element : msg.values(sip::HeaderId::Via)) {
        auto via = sip::parse_via(element);
        if (!via)
            return false;
        benchmark::DoNotOptimize(via->host);
        benchmark::DoNotOptimize(via->branch);
    }
    auto from = msg.from();
    auto to = msg.to();
    auto cseq = msg.cseq();
    auto call_id = msg.call_id();
    if (!from || !to || !cseq || !call_id)
        return false;
    benchmark::DoNotOptimize(from->uri.host);
    benchmark::DoNotOptimize(from->tag());
    benchmark::DoNotOptimize(to->uri.host);
    benchmark::DoNotOptimize(to->tag());
    benchmark::DoNotOptimize(cseq->number);
    benchmark::DoNotOptimize(cseq->method_name);
    benchmark::DoNotOptimize(*call_id);
    for (std::string_view element : msg.values(sip::HeaderId::Contact)) {
        auto contact = sip::parse_name_addr(element, sip::HeaderId::Contact);
        if (!contact)
            return false;
        benchmark::DoNotOptimize(contact->uri.host);
    }
    return true;
}

std::optional<Extracted> ours_extract(std::string_view bytes) {
    sip::Message msg;
    auto consumed = sip::parse_into(msg, bytes);
    if (!consumed || *consumed != bytes.size())
        return std::nullopt;
    auto top = msg.top_via();
    auto from = msg.from();
    auto to = msg.to();
    auto cseq = msg.cseq();
    auto call_id = msg.call_id();
    if (!top || !from || !to || !cseq || !call_id)
        return std::nullopt;
    Extracted out;
    out.call_id = std::string(*call_id);
    out.cseq = cseq->number;
    out.top_via_branch = text(top->branch);
    out.from_tag = text(from->tag());
    out.to_tag = text(to->tag());
    for (std::string_view element : msg.values(sip::HeaderId::Contact)) {
        auto contact = sip::parse_name_addr(element, sip::HeaderId::Contact);
        if (!contact)
            return std::nullopt;
        out.contact_host = std::string(contact->uri.host);
        break;
    }
    out.via_count = msg.values(sip::HeaderId::Via).size();
    return out;
}

// --- self-check ---------------------------------------------------------------------------------

void self_check(const std::vector<TestMessage>& messages, LibreParser& libre) {
    const SofiaParser sofia;
    for (const auto& m : messages) {
        const auto ours = ours_extract(m.bytes);
        const auto theirs_sofia = sofia.extract(m.bytes);
        const auto theirs_libre = libre.extract(m.bytes);
        if (!ours)
            fail(m.name + ": our parser rejected the message");
        if (!theirs_sofia)
            fail(m.name + ": sofia-sip rejected the message");
        if (!theirs_libre)
            fail(m.name + ": libre rejected the message");
        if (*ours != *theirs_sofia || *ours != *theirs_libre) {
            fail(m.name + ": contenders disagree\n  ours:  " + describe(*ours) +
                 "\n  sofia: " + describe(*theirs_sofia) + "\n  libre: " + describe(*theirs_libre));
        }
        sip::Message reused;
        if (!ours_parse_and_touch(reused, m.bytes))
            fail(m.name + ": ours failed to decode");
        const auto before = allocation_count();
        if (!ours_parse_and_touch(reused, m.bytes))
            fail(m.name + ": ours failed to reparse");
        const auto allocs = allocation_count() - before;
        if (!sofia.parse_and_touch(m.bytes))
            fail(m.name + ": sofia-sip failed to decode");
        libre.load(m.bytes);
        if (!libre.parse_and_touch())
            fail(m.name + ": libre failed to decode");
        std::printf("self-check %-8s %4zu bytes ok: %s; ours reparse allocs=%llu\n", m.name.c_str(),
                    m.bytes.size(), describe(*ours).c_str(),
                    static_cast<unsigned long long>(allocs));
    }
}

// --- benchmarks ---------------------------------------------------------------------------------

void count_work(benchmark::State& state, const TestMessage& m) {
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * m.bytes.size()));
}

void bm_ours(benchmark::State& state, const TestMessage& m) {
    sip::Message msg;
    if (!ours_parse_and_touch(msg, m.bytes))
        state.SkipWithError("parse failed");  // warm-up
    const auto before = allocation_count();
    for (auto _ : state) {
        if (!ours_parse_and_touch(msg, m.bytes)) {
            state.SkipWithError("parse failed");
            break;
        }
    }
    state.counters["allocs_per_parse"] = benchmark::Counter(
        static_cast<double>(allocation_count() - before), benchmark::Counter::kAvgIterations);
    count_work(state, m);
}

// Diagnostic, not a contender: parse_into() alone (framing, start line, header split), to show
// how our time divides between splitting and the on-demand decoding the peers do eagerly.
void bm_ours_split_only(benchmark::State& state, const TestMessage& m) {
    sip::Message msg;
    if (!sip::parse_into(msg, m.bytes))
        state.SkipWithError("parse failed");  // warm-up
    for (auto _ : state) {
        auto consumed = sip::parse_into(msg, m.bytes);
        benchmark::DoNotOptimize(consumed);
        if (!consumed) {
            state.SkipWithError("parse failed");
            break;
        }
        benchmark::DoNotOptimize(msg.headers().data());
    }
    count_work(state, m);
}

void bm_sofia(benchmark::State& state, const TestMessage& m) {
    const SofiaParser sofia;
    for (auto _ : state) {
        if (!sofia.parse_and_touch(m.bytes)) {
            state.SkipWithError("parse failed");
            break;
        }
    }
    count_work(state, m);
}

void bm_libre(benchmark::State& state, const TestMessage& m, LibreParser& libre) {
    libre.load(m.bytes);
    for (auto _ : state) {
        if (!libre.parse_and_touch()) {
            state.SkipWithError("parse failed");
            break;
        }
    }
    count_work(state, m);
}

void register_benchmarks(const std::vector<TestMessage>& messages, LibreParser& libre) {
    for (const auto& m : messages) {
        const std::string prefix = "parse/" + m.name + "/";
        benchmark::RegisterBenchmark((prefix + "ours").c_str(), bm_ours, m)
            ->Unit(benchmark::kNanosecond);
        benchmark::RegisterBenchmark((prefix + "sofia").c_str(), bm_sofia, m)
            ->Unit(benchmark::kNanosecond);
        benchmark::RegisterBenchmark((prefix + "libre").c_str(),
                                     [&libre](benchmark::State& state, const TestMessage& msg) {
                                         bm_libre(state, msg, libre);
                                     },
                                     m)
            ->Unit(benchmark::kNanosecond);
        if (m.name == "invite") {
            benchmark::RegisterBenchmark((prefix + "ours_split_only").c_str(), bm_ours_split_only,
                                         m)
                ->Unit(benchmark::kNanosecond);
        }
    }
}

}  // namespace

std::string describe(const Extracted& e) {
    std::ostringstream out;
    out << "call_id=" << e.call_id << " cseq=" << e.cseq << " branch=" << e.top_via_branch
        << " from_tag=" << e.from_tag << " to_tag=" << e.to_tag
        << " contact_host=" << e.contact_host << " vias=" << e.via_count;
    return out.str();
}

}  // namespace sessioncore::bench

int main(int argc, char** argv) {
    using namespace sessioncore::bench;
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    const auto messages = load_messages();  // outlives the registered benchmarks
    LibreParser libre;
    self_check(messages, libre);
    register_benchmarks(messages, libre);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
