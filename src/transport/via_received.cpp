// RFC 3261 §18.2.1 (received) and RFC 3581 §4 (rport) on the top Via of a received request.
#include <charconv>

#include <sessioncore/sip/via.hpp>
#include <sessioncore/transport/via_received.hpp>

namespace sessioncore::transport {
namespace {

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
        if (lower(a[i]) != lower(b[i]))
            return false;
    }
    return true;
}

// The sent-by host "matches" the source only when it is the same IP literal; a domain name
// never does (RFC 3261 §18.2.1: received is added when the host is not that address).
bool host_is_source(const sip::Via& via, const Endpoint& source) noexcept {
    auto host = Endpoint::from_ip(via.host);
    return host && host->v6 == source.v6 && host->bytes == source.bytes;
}

void append_port(std::string& out, std::uint16_t port) {
    char digits[8];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, port);
    (void)ec;
    out.append(digits, end);
}

// rewrite_via_element() on an element already parsed into `via` (whose views point into
// `element`).
bool rewrite_parsed(const sip::Via& via, std::string_view element, const Endpoint& source,
                    std::string& out) {
    const bool fill_rport = via.has_rport && !via.rport;
    const bool need_received = via.has_rport || !host_is_source(via, source);
    if (!fill_rport && !need_received)
        return false;
    const std::string address = source.address_string();
    if (!fill_rport && via.received && *via.received == address)
        return false;  // already says exactly this

    // Everything before the parameters stays byte for byte; parameters are re-emitted in
    // order, received replaced and rport filled where they stood.
    std::string_view params = via.params.raw();
    auto head_size =
        params.empty() ? element.size() : static_cast<std::size_t>(params.data() - element.data());
    out.assign(element.substr(0, head_size));
    while (!out.empty() && (out.back() == ' ' || out.back() == '\t'))
        out.pop_back();
    bool wrote_received = false;
    for (const sip::Param& p : via.params) {
        if (iequals(p.name, "received")) {
            if (need_received && !wrote_received) {
                out.append(";received=").append(address);
                wrote_received = true;
            }
            continue;
        }
        out.push_back(';');
        out.append(p.name);
        if (iequals(p.name, "rport") && fill_rport) {
            out.push_back('=');
            append_port(out, source.port);
        } else if (p.has_value) {
            out.push_back('=');
            out.append(p.value);
        }
    }
    if (need_received && !wrote_received)
        out.append(";received=").append(address);
    return true;
}

}  // namespace

bool rewrite_via_element(std::string_view element, const Endpoint& source, std::string& out) {
    auto via = sip::parse_via(element);
    return via && rewrite_parsed(*via, element, source, out);
}

bool rewrite_top_via(const sip::Message& request, const Endpoint& source, std::string& out,
                     std::string& element_scratch) {
    auto vias = request.values(sip::HeaderId::Via);
    if (vias.empty())
        return false;
    std::string_view element = *vias.begin();
    // The top Via is decoded at parse (sip::Message::top_via()): no second parse of it here.
    auto via = request.top_via();
    if (!via || !rewrite_parsed(*via, element, source, element_scratch))
        return false;
    std::string_view wire = request.wire();
    auto at = static_cast<std::size_t>(element.data() - wire.data());
    if (element.data() < wire.data() || at + element.size() > wire.size())
        return false;  // precondition broken: the message was modified
    out.assign(wire.substr(0, at));
    out.append(element_scratch);
    out.append(wire.substr(at + element.size()));
    return true;
}

}  // namespace sessioncore::transport
