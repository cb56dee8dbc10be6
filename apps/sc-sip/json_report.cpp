// Builds the JSON report of one parsed message. Every decoded value goes through the library's
// own typed parsers, so the report shows exactly what the stack understood.
#include "json_report.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include <sessioncore/sip/header_values.hpp>
#include <sessioncore/sip/name_addr.hpp>
#include <sessioncore/sip/uri.hpp>
#include <sessioncore/sip/via.hpp>

#include "text_encoding.hpp"

namespace sessioncore::tools {
namespace {

namespace json = boost::json;

json::string_view js(std::string_view s) {
    return {s.data(), s.size()};
}

json::value optional_string(const std::optional<std::string_view>& s) {
    return s ? json::value(js(*s)) : json::value(nullptr);
}

template <class T>
json::value optional_number(const std::optional<T>& n) {
    return n ? json::value(static_cast<std::uint64_t>(*n)) : json::value(nullptr);
}

json::object error_json(const sip::Error& e) {
    std::string_view header = sip::canonical_name(e.header);
    return {{"message", e.message()},
            {"status", e.status()},
            {"reason", e.reason_phrase()},
            {"header", header.empty() ? json::value(nullptr) : json::value(js(header))},
            {"offset", e.offset}};
}

/// Parameters as an object: name -> value, null for a flag; the first of a repeated name wins.
json::object params_json(const sip::Params& params) {
    json::object out;
    for (const sip::Param& p : params) {
        json::string_view name = js(p.name);
        if (!out.contains(name))
            out.emplace(name, p.has_value ? json::value(js(p.value)) : json::value(nullptr));
    }
    return out;
}

json::object uri_json(const sip::Uri& uri) {
    json::object out{{"scheme", js(uri.scheme_name)}};
    if (uri.scheme == sip::UriScheme::Other) {
        out["opaque"] = js(uri.opaque);
        return out;
    }
    out["user"] = uri.has_user ? json::value(js(uri.user)) : json::value(nullptr);
    out["host"] = js(uri.host);
    out["port"] = optional_number(uri.port);
    out["params"] = params_json(uri.params);
    if (!uri.headers.empty())
        out["headers"] = js(uri.headers);
    return out;
}

json::object via_json(const sip::Via& via) {
    std::string protocol = std::string(via.protocol_name) + "/" + std::string(via.protocol_version);
    json::value rport = optional_number(via.rport);
    if (via.has_rport && !via.rport)
        rport = true;  // present without a value: the client asks for it (RFC 3581 §3)
    return {{"protocol", protocol},
            {"transport", js(via.transport)},
            {"host", js(via.host)},
            {"port", optional_number(via.port)},
            {"branch", optional_string(via.branch)},
            {"received", optional_string(via.received)},
            {"rport", rport}};
}

json::object name_addr_json(const sip::NameAddr& na) {
    return {{"display",
             na.display_name.empty() ? json::value(nullptr) : json::value(na.display_name_text())},
            {"uri", js(na.uri.raw)},
            {"tag", optional_string(na.tag())}};
}

json::object contact_json(std::string_view element) {
    if (element == "*")
        return {{"wildcard", true}};
    auto contact = sip::parse_name_addr(element, sip::HeaderId::Contact);
    if (!contact)
        return {{"error", contact.error().message()}};
    json::object out = name_addr_json(*contact);
    out.erase("tag");
    out["params"] = params_json(contact->params);
    return out;
}

/// Adds decoded[key] from an accessor: absent headers give null, failures go to "errors".
template <class T, class ToJson>
void decode(json::object& decoded, json::object& errors, std::string_view key,
            const sip::Result<T>& r, ToJson to_json) {
    if (r) {
        decoded[js(key)] = to_json(*r);
    } else if (r.error().code == sip::errc::missing_header) {
        decoded[js(key)] = nullptr;
    } else {
        decoded[js(key)] = nullptr;
        errors[js(key)] = r.error().message();
    }
}

json::object decoded_json(const sip::Message& m) {
    json::object decoded, errors;
    if (m.is_request())
        decode(decoded, errors, "request_uri", m.parsed_request_uri(), uri_json);

    json::array vias;
    for (std::string_view element : m.values(sip::HeaderId::Via)) {
        auto via = sip::parse_via(element);
        vias.push_back(via ? json::value(via_json(*via))
                           : json::value({{"error", via.error().message()}}));
    }
    decoded["vias"] = std::move(vias);

    decode(decoded, errors, "from", m.from(), name_addr_json);
    decode(decoded, errors, "to", m.to(), name_addr_json);
    decode(decoded, errors, "call_id", m.call_id(), [](std::string_view id) { return js(id); });
    decode(decoded, errors, "cseq", m.cseq(), [](const sip::CSeq& c) {
        return json::object{{"number", c.number}, {"method", js(c.method_name)}};
    });

    json::array contacts;
    for (std::string_view element : m.values(sip::HeaderId::Contact))
        contacts.push_back(contact_json(element));
    decoded["contacts"] = std::move(contacts);

    auto number = [](const auto& n) { return optional_number(n); };
    decode(decoded, errors, "max_forwards", m.max_forwards(), number);
    decode(decoded, errors, "content_length", m.content_length(), number);
    decode(decoded, errors, "expires", m.expires(), number);
    decode(decoded, errors, "content_type", m.content_type(),
           [](const std::optional<sip::ContentType>& ct) {
               if (!ct)
                   return json::value(nullptr);
               return json::value(std::string(ct->type) + "/" + std::string(ct->subtype));
           });
    if (!errors.empty())
        decoded["errors"] = std::move(errors);
    return decoded;
}

json::array headers_json(const sip::Message& m) {
    json::array headers;
    for (const sip::HeaderField& f : m.headers()) {
        std::string_view canonical =
            f.id == sip::HeaderId::Other ? f.name : sip::canonical_name(f.id);
        headers.push_back(json::object{
            {"name", js(f.name)}, {"canonical", js(canonical)}, {"value", js(f.value)}});
    }
    return headers;
}

}  // namespace

json::object json_report(std::string_view file, const sip::Result<sip::Message>& parsed,
                         const sip::Result<void>& verdict) {
    json::object report{{"file", js(file)}};
    if (!parsed) {
        report["ok"] = false;
        report["error"] = error_json(parsed.error());
        return report;
    }
    const sip::Message& m = *parsed;
    report["ok"] = verdict.has_value();
    if (!verdict)
        report["error"] = error_json(verdict.error());
    report["kind"] = m.is_request() ? "request" : "response";
    if (m.is_request()) {
        report["method"] = js(m.method_name());
        report["request_uri"] = js(m.request_uri());
    } else {
        report["status"] = m.status_code();
        report["reason"] = js(m.reason());
    }
    report["version"] = js(m.version());
    report["headers"] = headers_json(m);
    report["decoded"] = decoded_json(m);
    report["body_length"] = m.body().size();
    if (is_valid_utf8(m.body()))
        report["body"] = js(m.body());
    else
        report["body_base64"] = base64_encode(m.body());
    return report;
}

}  // namespace sessioncore::tools
