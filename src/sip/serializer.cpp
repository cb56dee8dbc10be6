// Serialization of a Message: byte-exact re-emission of what was received (modified fields in
// canonical form), and the canonical form itself (RFC 3261 §7: one SP in the start line,
// "Name: value" CRLF, full header names).
#include <cstring>

#include <sessioncore/sip/message.hpp>

#include "lex.hpp"

namespace sessioncore::sip {
namespace {

/// Appends to a span, counting; used for both sizing and writing so the two cannot disagree.
class Writer {
public:
    explicit Writer(std::span<char> out) noexcept : out_(out) {}
    Writer& operator<<(std::string_view s) noexcept {
        if (!out_.empty() && !s.empty())
            std::memcpy(out_.data() + written_, s.data(), s.size());
        written_ += s.size();
        return *this;
    }
    [[nodiscard]] std::size_t written() const noexcept { return written_; }

private:
    std::span<char> out_;  // empty: count only
    std::size_t written_ = 0;
};

void write_field(Writer& w, const HeaderField& f) {
    if (!f.raw.empty()) {
        w << f.raw;
        return;
    }
    std::string_view name = f.id == HeaderId::Other ? f.name : canonical_name(f.id);
    w << name << ": " << f.value << "\r\n";
}

/// Writes `value` with every fold (CRLF + WSP) turned into one space.
void write_unfolded(Writer& w, std::string_view value) {
    std::size_t from = 0;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] != '\r' && value[i] != '\n')
            continue;
        w << value.substr(from, i - from);
        std::size_t lws = lex::lws_length_at(value, i);
        std::size_t skip = lws > 0 ? lws : 1;
        w << " ";
        i += skip - 1;
        from = i + 1;
    }
    w << value.substr(from);
}

void write_message(Writer& w, const Message& m, std::string_view start_line,
                   std::string_view head_end) {
    w << start_line;
    for (const HeaderField& f : m.headers())
        write_field(w, f);
    w << head_end << m.body();
}

void write_canonical(Writer& w, const Message& m) {
    if (m.is_request()) {
        w << m.method_name() << " " << m.request_uri() << " SIP/2.0\r\n";
    } else {
        char code[3] = {static_cast<char>('0' + m.status_code() / 100),
                        static_cast<char>('0' + m.status_code() / 10 % 10),
                        static_cast<char>('0' + m.status_code() % 10)};
        w << "SIP/2.0 " << std::string_view(code, 3) << " " << m.reason() << "\r\n";
    }
    std::string length = std::to_string(m.body().size());
    bool wrote_length = false;
    for (const HeaderField& f : m.headers()) {
        if (f.id == HeaderId::ContentLength) {
            if (!wrote_length)
                w << "Content-Length: " << length << "\r\n";
            wrote_length = true;
            continue;
        }
        w << (f.id == HeaderId::Other ? f.name : canonical_name(f.id)) << ": ";
        write_unfolded(w, f.value);
        w << "\r\n";
    }
    if (!wrote_length)
        w << "Content-Length: " << length << "\r\n";
    w << "\r\n" << m.body();
}

}  // namespace

std::size_t Message::encoded_size() const noexcept {
    return encode_to({});
}

std::size_t Message::encode_to(std::span<char> out) const noexcept {
    // A datagram may have ended without the empty line; once we change it, we write one.
    std::string_view head_end = head_end_raw_.empty() && modified_ ? "\r\n" : head_end_raw_;
    Writer w(out);
    write_message(w, *this, start_line_raw_, head_end);
    return w.written();
}

std::string Message::encode() const {
    std::string out(encoded_size(), '\0');
    encode_to(out);
    return out;
}

std::string Message::encode_canonical() const {
    Writer counter({});
    write_canonical(counter, *this);
    std::string out(counter.written(), '\0');
    Writer w(out);
    write_canonical(w, *this);
    return out;
}

namespace {

/// Compares two values reading each run of LWS (folds included) as one space.
bool same_value(std::string_view a, std::string_view b) noexcept {
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        std::size_t la = lex::lws_length_at(a, i), lb = lex::lws_length_at(b, j);
        if (la > 0 || lb > 0) {
            if (la == 0 || lb == 0)
                return false;
            i = lex::skip_lws(a, i);
            j = lex::skip_lws(b, j);
            continue;
        }
        if (a[i++] != b[j++])
            return false;
    }
    return i == a.size() && j == b.size();
}

bool same_field(const HeaderField& a, const HeaderField& b) noexcept {
    if (a.id != b.id)
        return false;
    if (a.id == HeaderId::Other && !lex::iequals(a.name, b.name))
        return false;
    return same_value(a.value, b.value);
}

}  // namespace

bool equivalent(const Message& a, const Message& b) noexcept {
    if (a.kind() != b.kind() || a.method_name() != b.method_name() ||
        a.request_uri() != b.request_uri() || a.status_code() != b.status_code() ||
        a.reason() != b.reason() || a.body() != b.body()) {
        return false;
    }
    auto ha = a.headers(), hb = b.headers();
    // Content-Length is framing, not content: the canonical form adds it when it was absent.
    auto skip_length = [](std::span<const HeaderField> h, std::size_t i) {
        while (i < h.size() && h[i].id == HeaderId::ContentLength)
            ++i;
        return i;
    };
    std::size_t i = skip_length(ha, 0), j = skip_length(hb, 0);
    while (i < ha.size() && j < hb.size()) {
        if (!same_field(ha[i], hb[j]))
            return false;
        i = skip_length(ha, i + 1);
        j = skip_length(hb, j + 1);
    }
    return i == ha.size() && j == hb.size();
}

}  // namespace sessioncore::sip
