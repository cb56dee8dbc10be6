#include <sessioncore/sip/params.hpp>

#include "lex.hpp"

namespace sessioncore::sip {

Params::iterator::iterator(std::string_view rest) noexcept : rest_(rest), at_end_(false) {
    ++*this;
}

Params::iterator& Params::iterator::operator++() noexcept {
    // Grammar handled: *( LWS ";" LWS name [ LWS "=" LWS value ] ), value a quoted-string or a
    // run of anything but ';' and LWS. The raw text was validated by whoever built the Params.
    std::size_t pos = lex::skip_lws(rest_, 0);
    while (pos < rest_.size() && rest_[pos] == ';')
        pos = lex::skip_lws(rest_, pos + 1);
    if (pos >= rest_.size()) {
        at_end_ = true;
        next_ = nullptr;
        rest_ = {};
        return *this;
    }
    std::size_t name_end = pos;
    while (name_end < rest_.size() && rest_[name_end] != '=' && rest_[name_end] != ';' &&
           lex::lws_length_at(rest_, name_end) == 0) {
        ++name_end;
    }
    current_ = Param{rest_.substr(pos, name_end - pos), {}, false};
    std::size_t after = lex::skip_lws(rest_, name_end);
    if (after < rest_.size() && rest_[after] == '=') {
        std::size_t value_begin = lex::skip_lws(rest_, after + 1);
        std::size_t value_end = value_begin;
        if (value_begin < rest_.size() && rest_[value_begin] == '"') {
            auto q = lex::quoted_string_length(rest_, value_begin);
            value_end = q ? value_begin + *q : rest_.size();
        } else {
            while (value_end < rest_.size() && rest_[value_end] != ';' &&
                   lex::lws_length_at(rest_, value_end) == 0) {
                ++value_end;
            }
        }
        current_.value = rest_.substr(value_begin, value_end - value_begin);
        current_.has_value = true;
        after = value_end;
    }
    next_ = rest_.data() + pos;
    rest_ = rest_.substr(after);
    return *this;
}

Params::iterator Params::begin() const noexcept {
    return iterator(raw_);
}
Params::iterator Params::end() const noexcept {
    return iterator();
}

std::optional<std::string_view> Params::find(std::string_view name) const noexcept {
    for (const Param& p : *this) {
        if (lex::iequals(p.name, name))
            return p.value;
    }
    return std::nullopt;
}

std::size_t Params::size() const noexcept {
    std::size_t n = 0;
    for (auto it = begin(); it != end(); ++it)
        ++n;
    return n;
}

std::string_view unquote(std::string_view text) noexcept {
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
        return text.substr(1, text.size() - 2);
    }
    return text;
}

}  // namespace sessioncore::sip
