#include <string>
#include <string_view>

#include <sessioncore/transport/resolver_error.hpp>

namespace sessioncore::transport {
namespace {

constexpr std::string_view text_for(resolver_errc e) noexcept {
    switch (e) {
        case resolver_errc::bad_target:
            return "malformed SIP target host";
        case resolver_errc::insecure_transport:
            return "sips target with a transport that cannot carry TLS";
        case resolver_errc::host_not_found:
            return "host not found";
        case resolver_errc::no_addresses:
            return "host has no A or AAAA record";
        case resolver_errc::timeout:
            return "DNS query timed out";
        case resolver_errc::server_failure:
            return "DNS server failure";
        case resolver_errc::resolver_unavailable:
            return "DNS resolver could not be initialised";
    }
    return "unknown resolver error";
}

class ResolverCategory final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "sessioncore.transport"; }
    std::string message(int ev) const override {
        return std::string(text_for(static_cast<resolver_errc>(ev)));
    }
};

}  // namespace

const boost::system::error_category& resolver_category() noexcept {
    static const ResolverCategory category;
    return category;
}

}  // namespace sessioncore::transport
