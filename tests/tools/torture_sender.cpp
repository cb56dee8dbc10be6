// torture_sender: every RFC 4475 message, byte for byte, to a SIP UAS over real sockets.
//
//   torture_sender IP:PORT TESTDATA_DIR --transport udp|tcp [--wait-ms N] [--only NAME]
//
// For each row of TESTDATA_DIR/rfc4475/MANIFEST.tsv it sends <name>.dat over UDP (a fresh
// socket each) or over TCP (a fresh connection each), waits at most --wait-ms (default 1000) for
// the reply the manifest asks for (`reject 400`, `reply NNN`, `drop` = nothing), then sends a
// valid OPTIONS over the same transport and requires a 200 within the same bound: the server
// keeps answering. Valid rows are the control: a request gets the final response sc-responder
// gives its method (see control_status), a response gets nothing.
//
// Where the manifest's answer cannot hold for a UAS, or for a byte stream (RFC 3261 §18.3),
// the table `exceptions` (torture_expectations.hpp) says what holds instead and why; every such
// line is printed with its reason, nothing is skipped.
//
// One run per transport, each against a freshly started server: the same bytes over UDP and
// then TCP would be one transaction (RFC 3261 §17.2.3 matches branch, sent-by and method, not
// the transport), and the server would rightly answer the TCP copy as a retransmission.
//
// Replies are matched to the message by Call-ID (by CSeq when the message has none), so late
// retransmissions for an earlier message are not taken for this one's answer. Some RFC 4475
// messages share branch and sent-by (cparam01/cparam02, escnull/regescrt, unkscm/novelsc): by
// §17.2.3 the second may be answered as a retransmission of the first, with the first's
// Call-ID, so a reply with the same top Via branch and sent-by matches too. UDP replies: the
// server answers a request at the top Via's received address and sent-by port (RFC 3261
// §18.2.2; 5060 when absent) and a stateless reply at the source; the UDP socket is bound to
// 127.0.0.1 on that port, so both land on it.
//
// Prints "ok NAME udp 400" / "FAIL NAME tcp expected 400 got none" per message and transport.
// Exit status: 0 all ok, 1 any failure, 2 usage or input error.

#include <algorithm>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <sessioncore/sip/parser.hpp>

#include "torture_channel.hpp"
#include "torture_expectations.hpp"

namespace sip = sessioncore::sip;
using namespace sessioncore::torture;

namespace {

struct Args {
    sockaddr_in server{};
    std::string dir, only;
    std::optional<Transport> transport;
    milliseconds wait{1000};
};

/// How a reply is told apart from replies to other messages (see the top of the file).
struct Key {
    std::string call_id, cseq;    // cseq only when the message has no Call-ID
    std::string branch, sent_by;  // an RFC 3261 branch and host:port, when the message parses

    static std::string sent_by_of(const sip::Via& via) {
        std::string text(via.host);
        std::transform(text.begin(), text.end(), text.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return text + ":" + std::to_string(via.port.value_or(5060));
    }
    static Key of(std::string_view bytes) {
        Key key{raw_header(bytes, "Call-ID", "i"), raw_header(bytes, "CSeq", "CSeq"), {}, {}};
        auto parsed = sip::parse(bytes);
        if (!parsed)
            return key;
        auto via = parsed->top_via();
        if (via && via->branch && via->branch->starts_with("z9hG4bK")) {
            key.branch = *via->branch;
            key.sent_by = sent_by_of(*via);
        }
        return key;
    }
    bool matches(const sip::Message& reply) const {
        auto via = reply.top_via();
        if (!branch.empty() && via && via->branch && *via->branch == branch &&
            sent_by_of(*via) == sent_by)
            return true;
        if (!call_id.empty()) {
            auto id = reply.call_id();
            return id && *id == call_id;
        }
        const sip::HeaderField* field = reply.find(sip::HeaderId::CSeq);
        return field != nullptr && trim(field->value) == cseq;
    }
};

struct Outcome {
    std::vector<std::uint16_t> statuses;  // every reply to this message, in order
    std::optional<sip::Message> final_reply;
};

/// Replies to `key` until a final one (and, when `until_close`, until the server closes), or
/// the deadline.
Outcome await_reply(Channel& channel, const Key& key, Clock::time_point deadline,
                    bool until_close) {
    Outcome out;
    while (auto reply = channel.next(deadline)) {
        if (!key.matches(*reply))
            continue;  // a retransmission for an earlier message, or dblreq's second request
        out.statuses.push_back(reply->status_code());
        if (reply->status_code() >= 200 && !out.final_reply) {
            out.final_reply = std::move(*reply);
            if (!until_close)
                break;
        }
    }
    return out;
}

std::string describe(const Outcome& o) {
    if (o.statuses.empty())
        return "none";
    std::string text;
    for (auto status : o.statuses)
        text += (text.empty() ? "" : "+") + std::to_string(status);
    return text;
}

/// "" when the reply lists every Require tag of `sent` in Unsupported (RFC 3261 §8.2.2.3).
std::string check_unsupported(std::string_view sent, const sip::Message& reply) {
    auto request = sip::parse(sent);
    if (!request)
        return "cannot parse the request to read its Require";
    auto listed = reply.values(sip::HeaderId::Unsupported);
    for (std::string_view tag : request->values(sip::HeaderId::Require)) {
        bool found = std::any_of(listed.begin(), listed.end(),
                                 [tag](std::string_view t) { return iequals(trim(t), tag); });
        if (!found)
            return "Unsupported lacks " + std::string(tag);
    }
    return {};
}

/// Sends a valid OPTIONS with a new Call-ID; "" when a 200 comes back in time.
std::string probe(Channel& channel, const Args& args, int serial, milliseconds grace) {
    const std::string port = std::to_string(ntohs(args.server.sin_port));
    const std::string id =
        "torture-probe-" + std::to_string(serial) + "-" + std::to_string(::getpid());
    std::string request = "OPTIONS sip:probe@127.0.0.1:" + port + " SIP/2.0\r\nVia: SIP/2.0/" +
                          (channel.transport() == Transport::Udp ? "UDP" : "TCP") +
                          " 127.0.0.1:" + std::to_string(channel.local_port()) +
                          ";branch=z9hG4bK-" + id + ";rport\r\n" +
                          "Max-Forwards: 70\r\nFrom: <sip:torture@127.0.0.1>;tag=" + id +
                          "\r\nTo: <sip:probe@" + "127.0.0.1:" + port + ">\r\nCall-ID: " + id +
                          "\r\nCSeq: 1 OPTIONS\r\n" + "Content-Length: 0\r\n\r\n";
    if (!channel.send(request))
        return "probe not sent";
    Outcome o = await_reply(channel, Key{id, {}, {}, {}}, Clock::now() + args.wait + grace, false);
    if (o.final_reply && o.final_reply->status_code() == 200)
        return {};
    return "probe got " + describe(o) + (channel.closed() ? " (connection closed)" : "");
}

/// The UDP port the server's answers go to: the top Via's sent-by port (RFC 3261 §18.2.2).
std::uint16_t reply_port(std::string_view bytes) {
    auto parsed = sip::parse(bytes);
    if (!parsed)
        return 5060;  // unparsable: a stateless reply goes to the source, any port does
    auto via = parsed->top_via();
    return via && via->port ? *via->port : 5060;
}

/// One message over one transport; prints its line; returns false on failure.
bool run_case(const Row& row, const std::string& bytes, Transport t, const Args& args, int serial) {
    const std::string tname = t == Transport::Udp ? "udp" : "tcp";
    auto fail = [&](const std::string& what) {
        std::cout << "FAIL " << row.name << " " << tname << " " << what << std::endl;
        return false;
    };
    auto e = expectation_for(row, bytes, t);
    if (!e)
        return fail("control message does not parse: tool or manifest error");
    Channel channel(t, args.server);
    if (auto error = channel.open(t == Transport::Udp ? reply_port(bytes) : 0); !error.empty())
        return fail(error);
    if (!channel.send(bytes))
        return fail("send failed");
    const Key key = Key::of(bytes);
    // After a framing error the server reads no more and closes the stream a little later
    // (TransportOptions::error_close_delay, 1 s), so waits that may end in that close are longer.
    const auto close_grace = t == Transport::Tcp ? milliseconds(1500) : milliseconds(0);
    Outcome o = await_reply(
        channel, key, Clock::now() + args.wait + (e->server_closes ? close_grace : milliseconds(0)),
        e->server_closes || !e->status);
    const std::string want = e->status ? std::to_string(*e->status) : "none";
    std::string problem;
    if (channel.unparsable())
        problem = "the server sent bytes that do not parse as SIP";
    else if (e->status ? (!o.final_reply || o.final_reply->status_code() != *e->status)
                       : !o.statuses.empty())
        problem = "expected " + want + " got " + describe(o);
    else if (e->unsupported)
        problem = check_unsupported(bytes, *o.final_reply);
    if (problem.empty() && e->server_closes && !channel.closed())
        problem = "expected the server to close the connection; it stayed open";
    // The probe: on the same socket or connection, unless the stream is mid-message or the
    // server closed it (before the probe, or instead of answering it).
    std::string probe_problem;
    bool new_connection = t == Transport::Tcp && (channel.closed() || e->mid_message);
    if (!new_connection) {
        probe_problem = probe(channel, args, serial, close_grace);
        new_connection = t == Transport::Tcp && channel.closed() && !probe_problem.empty();
    }
    Channel fresh(t, args.server);
    if (new_connection) {
        if (auto error = fresh.open(0); !error.empty())
            return fail(want + " then probe: " + error);
        probe_problem = probe(fresh, args, serial, milliseconds(0));
    }
    std::string notes = channel.closed() ? "; server closed" : "";
    notes += new_connection ? "; probe on a new connection" : "";
    notes += e->why.empty() ? "" : " [" + std::string(e->why) + "]";
    if (!problem.empty())
        return fail(problem + notes);
    if (!probe_problem.empty())
        return fail(describe(o) + " then " + probe_problem + notes);
    std::cout << "ok " << row.name << " " << tname << " " << describe(o) << notes << std::endl;
    return true;
}

std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::vector<Row> read_manifest(const std::string& text) {
    std::vector<Row> rows;
    std::istringstream in(text);
    std::string line;
    std::getline(in, line);  // the header row
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::istringstream cols(line);
        for (std::string cell; std::getline(cols, cell, '\t');)
            cells.push_back(cell);
        if (cells.size() >= 4)
            rows.push_back({cells[0], cells[3]});  // name, expected
    }
    return rows;
}

std::optional<Args> parse_args(int argc, char** argv) {
    if (argc < 3 || argc % 2 == 0)
        return std::nullopt;
    Args args;
    std::string_view target = argv[1];
    auto colon = target.rfind(':');
    if (colon == target.npos)
        return std::nullopt;
    args.server.sin_family = AF_INET;
    args.server.sin_port =
        htons(static_cast<std::uint16_t>(std::stoi(std::string(target.substr(colon + 1)))));
    if (::inet_pton(AF_INET, std::string(target.substr(0, colon)).c_str(), &args.server.sin_addr) !=
        1)
        return std::nullopt;
    args.dir = argv[2];
    for (int i = 3; i + 1 < argc; i += 2) {
        std::string_view flag = argv[i];
        std::string_view value = argv[i + 1];
        if (flag == "--transport" && (value == "udp" || value == "tcp"))
            args.transport = value == "udp" ? Transport::Udp : Transport::Tcp;
        else if (flag == "--wait-ms")
            args.wait = milliseconds(std::stoi(argv[i + 1]));
        else if (flag == "--only")
            args.only = argv[i + 1];
        else
            return std::nullopt;
    }
    if (!args.transport)
        return std::nullopt;
    return args;
}

}  // namespace

int main(int argc, char** argv) {
    auto args = parse_args(argc, argv);
    if (!args) {
        std::cerr << "usage: torture_sender IP:PORT TESTDATA_DIR --transport udp|tcp "
                     "[--wait-ms N] [--only NAME]\n";
        return 2;
    }
    const std::string dir = args->dir + "/rfc4475/";
    auto manifest = read_file(dir + "MANIFEST.tsv");
    if (!manifest) {
        std::cerr << "torture_sender: cannot read " << dir << "MANIFEST.tsv\n";
        return 2;
    }
    int failures = 0, passes = 0, serial = 0;
    for (const Row& row : read_manifest(*manifest)) {
        if (!args->only.empty() && row.name != args->only)
            continue;
        auto bytes = read_file(dir + row.name + ".dat");
        if (!bytes) {
            std::cout << "FAIL " << row.name << " cannot read " << row.name << ".dat" << std::endl;
            ++failures;
            continue;
        }
        (run_case(row, *bytes, *args->transport, *args, ++serial) ? passes : failures)++;
    }
    std::cout << passes << " ok, " << failures << " failed" << std::endl;
    if (passes + failures == 0)
        return 2;  // nothing ran: a wrong --only or an empty manifest is not a pass
    return failures == 0 ? 0 : 1;
}
