// Fuzz target: SIP/SIPS/TEL URIs (RFC 3261 §19.1, RFC 3966, RFC 5118) and the name-addr around
// them (RFC 3261 §20.10).
//
// Properties checked (SC_FUZZ_CHECK): every field of a parsed URI is a view into the input; the
// host kind agrees with is_ipv4_address()/is_ipv6_address(); iterating the params yields size()
// params, each found again by name; unescaping never grows the text.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <sessioncore/sip/name_addr.hpp>
#include <sessioncore/sip/uri.hpp>

#include "fuzz_check.hpp"

namespace sip = sessioncore::sip;

namespace {

bool inside(std::string_view part, std::string_view whole) {
    if (part.empty())
        return true;
    auto begin = reinterpret_cast<std::uintptr_t>(whole.data());
    auto at = reinterpret_cast<std::uintptr_t>(part.data());
    return at >= begin && at + part.size() <= begin + whole.size();
}

void check_params(const sip::Params& params, std::string_view text) {
    SC_FUZZ_CHECK(inside(params.raw(), text));
    std::size_t n = 0;
    for (const sip::Param& p : params) {
        ++n;
        SC_FUZZ_CHECK(inside(p.name, text) && inside(p.value, text));
        SC_FUZZ_CHECK(p.has_value || p.value.empty());
        SC_FUZZ_CHECK(params.contains(p.name));
        (void)sip::unquote(p.value);
    }
    SC_FUZZ_CHECK(n == params.size());
}

void check_uri(const sip::Uri& uri, std::string_view text) {
    for (std::string_view part :
         {uri.scheme_name, uri.user, uri.password, uri.host, uri.headers, uri.opaque, uri.raw}) {
        SC_FUZZ_CHECK(inside(part, text));
    }
    SC_FUZZ_CHECK(uri.has_user || uri.user.empty());
    SC_FUZZ_CHECK(uri.has_password || uri.password.empty());
    if (uri.host_kind == sip::HostKind::Ipv6)
        SC_FUZZ_CHECK(sip::is_ipv6_address(uri.host));
    if (uri.host_kind == sip::HostKind::Ipv4)
        SC_FUZZ_CHECK(sip::is_ipv4_address(uri.host));

    std::string user = uri.user_unescaped();
    SC_FUZZ_CHECK(user.size() <= uri.user.size());
    SC_FUZZ_CHECK(sip::unescape(uri.headers).size() <= uri.headers.size());
    SC_FUZZ_CHECK(sip::unescape(uri.password).size() <= uri.password.size());
    check_params(uri.params, text);
    (void)uri.param("transport");
    (void)uri.param("lr");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);

    if (auto uri = sip::parse_uri(text)) {
        SC_FUZZ_CHECK(uri->raw == text);
        check_uri(*uri, text);
    } else {
        SC_FUZZ_CHECK(uri.error().code == sip::errc::bad_uri);
        SC_FUZZ_CHECK(uri.error().offset <= size);
    }

    // The same bytes as a From-style value: display name, <uri>, header parameters.
    if (auto na = sip::parse_name_addr(text, sip::HeaderId::From)) {
        SC_FUZZ_CHECK(inside(na->display_name, text));
        (void)na->display_name_text();
        (void)na->tag();
        check_uri(na->uri, text);
        check_params(na->params, text);
    } else {
        SC_FUZZ_CHECK(na.error().offset <= size);
    }
    (void)sip::is_ipv4_address(text);
    (void)sip::is_ipv6_address(text);
    return 0;
}
