// RFC 3261 §18.1.1: the client transport fills in the top Via's transport and sent-by.
#include <sessioncore/sip/parser.hpp>
#include <sessioncore/sip/via.hpp>
#include <sessioncore/transport/via_sent_by.hpp>

namespace sessioncore::transport {

bool rewrite_sent_by_element(std::string_view element, Protocol protocol, const Endpoint& local,
                             std::string& out) {
    auto via = sip::parse_via(element);
    if (!via)
        return false;
    out.assign("SIP/2.0/");
    out.append(via_token(protocol));
    out.push_back(' ');
    out.append(local.host_for_uri());
    out.push_back(':');
    out.append(std::to_string(local.port));
    std::string_view params = via->params.raw();
    out.append(params);
    while (!out.empty() && (out.back() == ' ' || out.back() == '\t'))
        out.pop_back();
    return true;
}

namespace {
bool splice(const sip::Message& request, Protocol protocol, const Endpoint& local, std::string& out,
            std::string& element_scratch) {
    auto vias = request.values(sip::HeaderId::Via);
    if (vias.empty())
        return false;
    std::string_view element = *vias.begin();
    std::string_view wire = request.wire();
    if (element.data() < wire.data() || element.data() + element.size() > wire.data() + wire.size())
        return false;
    if (!rewrite_sent_by_element(element, protocol, local, element_scratch))
        return false;
    auto at = static_cast<std::size_t>(element.data() - wire.data());
    out.assign(wire.substr(0, at));
    out.append(element_scratch);
    out.append(wire.substr(at + element.size()));
    return true;
}
}  // namespace

bool rewrite_sent_by(const sip::Message& request, Protocol protocol, const Endpoint& local,
                     std::string& out, std::string& element_scratch) {
    if (!request.modified())
        return splice(request, protocol, local, out, element_scratch);
    // Modified fields live outside wire(): serialize, parse again, then splice.
    auto reparsed = sip::parse(request.encode());
    return reparsed && splice(*reparsed, protocol, local, out, element_scratch);
}

}  // namespace sessioncore::transport
