#include "parts.hpp"

#include <cctype>

#include <sessioncore/sip/name_addr.hpp>

namespace sessioncore::dialog::detail {
namespace {

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto x = static_cast<unsigned char>(a[i]);
        auto y = static_cast<unsigned char>(b[i]);
        if (std::tolower(x) != std::tolower(y))
            return false;
    }
    return true;
}

}  // namespace

Result<std::optional<std::string>> optional_contact_uri(const sip::Message& message) {
    auto values = message.values(sip::HeaderId::Contact);
    if (values.empty())
        return std::optional<std::string>{};
    auto contact = sip::parse_contact(*values.begin());
    if (!contact || contact->wildcard)
        return errc::bad_contact;
    return std::optional<std::string>{std::string(contact->address.uri.raw)};
}

Result<std::string> contact_uri(const sip::Message& message) {
    auto uri = optional_contact_uri(message);
    if (!uri)
        return uri.error();
    if (!*uri)
        return errc::bad_contact;
    return std::move(**uri);
}

Result<std::vector<std::string>> record_route(const sip::Message& message) {
    std::vector<std::string> routes;
    for (std::string_view element : message.values(sip::HeaderId::RecordRoute)) {
        if (!sip::parse_name_addr(element, sip::HeaderId::RecordRoute))
            return errc::bad_route;
        routes.emplace_back(element);
    }
    return routes;
}

Result<std::string> request_uri_of_route(std::string_view route) {
    auto address = sip::parse_name_addr(route, sip::HeaderId::Route);
    if (!address)
        return errc::bad_route;
    const sip::Uri& uri = address->uri;
    std::string_view raw = uri.raw;
    if (!uri.headers.empty())
        raw = raw.substr(0, static_cast<std::size_t>(uri.headers.data() - raw.data()) - 1);
    if (uri.params.empty())
        return std::string(raw);
    std::string text(raw.substr(0, static_cast<std::size_t>(uri.params.raw().data() - raw.data())));
    for (const sip::Param& p : uri.params) {
        if (iequals(p.name, "method"))
            continue;
        text += ';';
        text += p.name;
        if (p.has_value) {
            text += '=';
            text += p.value;
        }
    }
    return text;
}

bool is_loose(std::string_view route) {
    auto address = sip::parse_name_addr(route, sip::HeaderId::Route);
    return address && address->uri.params.contains("lr");
}

}  // namespace sessioncore::dialog::detail
