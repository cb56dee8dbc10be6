#include <array>

#include <sessioncore/sip/method.hpp>

namespace sessioncore::sip {
namespace {

constexpr std::array<std::string_view, 15> method_names = {
    "",          "INVITE", "ACK",     "BYE",  "CANCEL", "OPTIONS", "REGISTER", "PRACK",
    "SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO", "REFER",  "MESSAGE", "UPDATE"};

}  // namespace

Method method_of(std::string_view token) noexcept {
    // Methods are case-sensitive (RFC 3261 §7.1); a quick length/first-letter filter keeps this
    // off the profile for the common INVITE/ACK/BYE.
    for (std::size_t i = 1; i < method_names.size(); ++i) {
        if (method_names[i].size() == token.size() && method_names[i][0] == token[0] &&
            method_names[i] == token) {
            return static_cast<Method>(i);
        }
    }
    return Method::Unknown;
}

std::string_view method_name(Method m) noexcept {
    return method_names[static_cast<std::size_t>(m)];
}

}  // namespace sessioncore::sip
