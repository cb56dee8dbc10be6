// The message parser: framing (RFC 3261 §7.5, §18.3), start line (§7.1, §7.2) and the split of
// every header field into name and value (§7.3). One pass over the bytes, no allocation once
// the target Message has warmed up; the parsed views are rebased onto the Message's own copy.
#include <cstring>

#include <sessioncore/sip/parser.hpp>

#include "lex.hpp"

namespace sessioncore::sip {

class MessageParser {
public:
    MessageParser(Message& out, std::string_view in, const ParseOptions& options) noexcept
        : m_(out),
          in_(in),
          limits_(options.limits),
          stream_(options.framing == Framing::Stream),
          decode_common_(options.decode_common_headers) {}

    Result<std::size_t> run();

private:
    bool parse_start_line();
    bool parse_request_line(std::string_view line, std::size_t at);
    bool parse_status_line(std::string_view line, std::size_t at);
    bool check_version(std::string_view version, std::size_t at);
    bool parse_headers();
    bool add_field(std::size_t begin, std::string_view first_line, std::size_t value_end,
                   std::size_t end);
    bool note_content_length(std::string_view value, std::size_t at);
    std::string_view field_value(std::size_t from, std::size_t end) const noexcept;
    /// End of the message (index into the input), or 0 after fail().
    std::size_t frame_body();
    /// End of the line starting at `from` (index of its '\n'), or npos.
    std::size_t line_end(std::size_t from) const noexcept;
    std::string_view line_at(std::size_t from, std::size_t nl) const noexcept;
    /// Records why parsing stopped; the helpers return false (or 0) right after.
    bool fail(Error e) noexcept {
        error_ = e;
        return false;
    }
    bool need_more(std::size_t needed = 0) noexcept;
    std::size_t fail_end(Error e) noexcept {
        fail(e);
        return 0;
    }
    void commit(std::size_t end);

    Message& m_;
    std::string_view in_;
    const Limits& limits_;
    bool stream_;
    bool decode_common_ = true;
    std::size_t begin_ = 0;  // first byte of the start line
    std::size_t pos_ = 0;
    std::optional<std::uint32_t> content_length_;
    std::size_t content_length_at_ = 0;
    // The helpers report failure as false and leave the reason here: returning a Result from
    // the per-header helpers cost about 9% of a parse (store-forwarding stalls, measured).
    Error error_;
};

std::size_t MessageParser::line_end(std::size_t from) const noexcept {
    if (from >= in_.size())
        return std::string_view::npos;
    const void* nl = std::memchr(in_.data() + from, '\n', in_.size() - from);
    return nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - in_.data())
              : std::string_view::npos;
}

std::string_view MessageParser::line_at(std::size_t from, std::size_t nl) const noexcept {
    std::size_t end = nl;
    if (end > from && in_[end - 1] == '\r')
        --end;
    return in_.substr(from, end - from);
}

bool MessageParser::need_more(std::size_t needed) noexcept {
    Error e{errc::need_more, HeaderId::None, in_.size()};
    e.needed = static_cast<std::uint32_t>(needed);
    return fail(e);
}

Result<std::size_t> MessageParser::run() {
    // RFC 3261 §7.5: CRLFs before the start line are ignored (and are keep-alives on streams).
    while (begin_ < in_.size() && (in_[begin_] == '\r' || in_[begin_] == '\n'))
        ++begin_;
    if (begin_ == in_.size()) {
        if (stream_)
            need_more();
        else
            fail(Error{errc::empty_message, HeaderId::None, begin_});
        return error_;
    }
    if (!stream_ && in_.size() - begin_ > limits_.max_message_size) {
        return Error{errc::message_too_large, HeaderId::None, begin_ + limits_.max_message_size};
    }
    pos_ = begin_;
    if (!parse_start_line() || !parse_headers())
        return error_;
    std::size_t end = frame_body();
    if (end == 0)
        return error_;
    commit(end);
    return end;
}

bool MessageParser::parse_start_line() {
    std::size_t nl = line_end(pos_);
    if (nl == std::string_view::npos) {
        if (stream_) {
            if (in_.size() - begin_ > limits_.max_message_size) {
                return fail(Error{errc::message_too_large, HeaderId::None, in_.size()});
            }
            return need_more();
        }
        nl = in_.size();  // a datagram holding only a start line
    }
    std::string_view line = line_at(pos_, nl);
    m_.start_line_raw_ = in_.substr(pos_, std::min(nl + 1, in_.size()) - pos_);
    std::size_t at = pos_;
    pos_ = std::min(nl + 1, in_.size());
    if (line.size() >= 4 && lex::iequals(line.substr(0, 4), "SIP/")) {
        return parse_status_line(line, at);
    }
    return parse_request_line(line, at);
}

bool MessageParser::check_version(std::string_view version, std::size_t at) {
    // SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT; anything well-formed but 2.0 is a 505.
    std::size_t dot = version.find('.');
    bool well_formed = version.size() > 4 && lex::iequals(version.substr(0, 4), "SIP/") &&
                       dot != std::string_view::npos && dot > 4 && dot + 1 < version.size();
    for (std::size_t i = 4; well_formed && i < version.size(); ++i) {
        well_formed = i == dot || lex::is_digit(version[i]);
    }
    if (!well_formed)
        return fail(Error{errc::bad_start_line, HeaderId::None, at});
    if (version.substr(4) != "2.0")
        return fail(Error{errc::bad_version, HeaderId::None, at});
    return true;
}

bool MessageParser::parse_request_line(std::string_view line, std::size_t at) {
    // Request-Line = Method SP Request-URI SP SIP-Version CRLF: exactly two single spaces.
    std::size_t sp1 = line.find(' ');
    std::size_t sp2 = line.rfind(' ');
    if (sp1 == std::string_view::npos || sp2 == sp1) {
        return fail(Error{errc::bad_start_line, HeaderId::None, at});
    }
    std::string_view method = line.substr(0, sp1);
    if (method.empty() || lex::token_length(method, 0) != method.size()) {
        return fail(Error{errc::bad_method, HeaderId::None, at});
    }
    std::string_view uri = line.substr(sp1 + 1, sp2 - sp1 - 1);
    if (uri.size() > limits_.max_uri_length) {
        return fail(Error{errc::uri_too_long, HeaderId::None, at + sp1 + 1});
    }
    if (uri.empty())
        return fail(Error{errc::bad_request_uri, HeaderId::None, at + sp1 + 1});
    // No LWS inside the Request-URI (RFC 4475 lwsruri, lwsstart). Other bad bytes are the URI
    // grammar's business: validate() parses it.
    for (char ws : {' ', '\t'}) {
        if (const void* hit = std::memchr(uri.data(), ws, uri.size())) {
            auto i = static_cast<std::size_t>(static_cast<const char*>(hit) - uri.data());
            return fail(Error{errc::bad_request_uri, HeaderId::None, at + sp1 + 1 + i});
        }
    }
    if (!check_version(line.substr(sp2 + 1), at + sp2 + 1))
        return false;
    m_.kind_ = MessageKind::Request;
    m_.method_name_ = method;
    m_.method_ = method_of(method);
    m_.request_uri_ = uri;
    m_.version_ = line.substr(sp2 + 1);
    return true;
}

bool MessageParser::parse_status_line(std::string_view line, std::size_t at) {
    // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF
    std::size_t sp = line.find(' ');
    if (sp == std::string_view::npos)
        return fail(Error{errc::bad_start_line, HeaderId::None, at});
    if (!check_version(line.substr(0, sp), at))
        return false;
    std::string_view rest = line.substr(sp + 1);
    bool three_digits = rest.size() >= 3 && lex::is_digit(rest[0]) && lex::is_digit(rest[1]) &&
                        lex::is_digit(rest[2]) && (rest.size() == 3 || rest[3] == ' ');
    if (!three_digits || rest[0] < '1' || rest[0] > '6') {
        return fail(Error{errc::bad_status_code, HeaderId::None, at + sp + 1});
    }
    std::string_view reason = rest.size() > 4 ? rest.substr(4) : std::string_view{};
    for (std::size_t i = 0; i < reason.size(); ++i) {
        auto c = static_cast<unsigned char>(reason[i]);
        if ((c < ' ' && c != '\t') || c == 0x7f) {
            return fail(Error{errc::bad_reason_phrase, HeaderId::None, at + sp + 5 + i});
        }
    }
    m_.kind_ = MessageKind::Response;
    m_.version_ = line.substr(0, sp);
    m_.status_code_ =
        static_cast<std::uint16_t>((rest[0] - '0') * 100 + (rest[1] - '0') * 10 + (rest[2] - '0'));
    m_.reason_ = reason;
    return true;
}

bool MessageParser::parse_headers() {
    // Most messages have 9 to 16 fields: one allocation instead of five doublings (and no more
    // memory than they end with). A reused message keeps its capacity.
    m_.headers_.reserve(16);
    m_.make_derived();
    for (;;) {
        if (stream_ && in_.size() - begin_ > limits_.max_message_size) {
            return fail(Error{errc::message_too_large, HeaderId::None, in_.size()});
        }
        if (pos_ >= in_.size()) {
            // A datagram may end without the empty line (RFC 4475 baddn): the headers end here.
            if (stream_)
                return need_more();
            return true;
        }
        std::size_t nl = line_end(pos_);
        if (nl == std::string_view::npos) {
            if (stream_)
                return need_more();
            nl = in_.size();
        }
        std::string_view line = line_at(pos_, nl);
        std::size_t next = std::min(nl + 1, in_.size());
        if (line.empty()) {
            m_.head_end_raw_ = in_.substr(pos_, next - pos_);
            pos_ = next;
            return true;
        }
        // Continuation lines (RFC 3261 §7.3.1 folding) belong to the field above.
        std::size_t end = next;
        while (end < in_.size() && lex::is_wsp(in_[end])) {
            std::size_t more = line_end(end);
            if (more == std::string_view::npos) {
                if (stream_)
                    return need_more();
                more = in_.size() - 1;
            }
            end = more + 1;
        }
        if (stream_ && end >= in_.size())
            return need_more();  // a fold may still follow
        // An unfolded field's value ends where its line does; a folded one at the last line end.
        std::size_t value_end = end == next ? pos_ + line.size() : end;
        if (!add_field(pos_, line, value_end, end))
            return false;
        pos_ = end;
    }
}

bool MessageParser::add_field(std::size_t begin, std::string_view first_line, std::size_t value_end,
                              std::size_t end) {
    // message-header = field-name *(SP / HTAB) ":" LWS field-value CRLF. One scan finds the
    // name (a token) and the colon.
    std::size_t name_end = lex::token_length(first_line, 0);
    std::size_t colon = name_end;
    while (colon < first_line.size() && lex::is_wsp(first_line[colon])) {
        ++colon;
    }
    if (name_end == 0 || colon == first_line.size() || first_line[colon] != ':') {
        return fail(Error{errc::bad_header_line, HeaderId::None, begin});
    }
    if (m_.headers_.size() >= limits_.max_header_count) {
        return fail(Error{errc::headers_too_many, HeaderId::None, begin});
    }
    std::string_view name = first_line.substr(0, name_end);
    HeaderId id = header_id_of(name);
    if (end - begin > limits_.max_header_length) {
        return fail(Error{errc::header_too_long, id, begin});
    }
    std::string_view value = field_value(begin + colon + 1, value_end);
    if (id == HeaderId::ContentLength) {
        if (!note_content_length(value, begin))
            return false;
    }
    m_.headers_.push_back(HeaderField{id, name, value, in_.substr(begin, end - begin)});
    m_.index_field(m_.headers_.size() - 1);
    return true;
}

std::string_view MessageParser::field_value(std::size_t from, std::size_t end) const noexcept {
    // The value without the line end and without LWS at either end; it may start with a fold
    // ("Route:" CRLF SP "<sip:...>", RFC 4475 wsinv).
    auto is_space = [](char c) {
        return static_cast<unsigned char>(c) <= ' ' &&
               (c == '\n' || c == '\r' || c == ' ' || c == '\t');
    };
    while (end > from && is_space(in_[end - 1]))
        --end;
    while (from < end && lex::is_wsp(in_[from]))
        ++from;
    if (from < end && (in_[from] == '\r' || in_[from] == '\n'))
        from = lex::skip_lws(in_.substr(0, end), from);
    return in_.substr(from, end - from);
}

bool MessageParser::note_content_length(std::string_view value, std::size_t at) {
    // A negative, non-numeric or conflicting length makes framing unknowable (RFC 4475 ncl,
    // mcl01): an error, never a guess.
    auto length = lex::parse_decimal(value, 0xffffffffu);
    if (!length || (content_length_ && *content_length_ != *length)) {
        return fail(Error{errc::bad_content_length, HeaderId::ContentLength, at});
    }
    content_length_ = static_cast<std::uint32_t>(*length);
    content_length_at_ = at;
    return true;
}

std::size_t MessageParser::frame_body() {
    std::size_t body_begin = pos_;
    std::size_t end = in_.size();  // datagram without Content-Length: the rest is the body
    if (content_length_) {
        if (*content_length_ > limits_.max_body_size) {
            return fail_end(
                Error{errc::body_too_large, HeaderId::ContentLength, content_length_at_});
        }
        end = body_begin + *content_length_;
        if (end > in_.size()) {
            if (stream_) {
                need_more(end);
                return 0;
            }
            return fail_end(
                Error{errc::content_length_mismatch, HeaderId::ContentLength, content_length_at_});
        }
    } else if (stream_) {
        return fail_end(Error{errc::missing_content_length, HeaderId::ContentLength, body_begin});
    }
    if (end - begin_ > limits_.max_message_size) {
        return fail_end(
            Error{errc::message_too_large, HeaderId::None, begin_ + limits_.max_message_size});
    }
    m_.body_ = in_.substr(body_begin, end - body_begin);
    return end;
}

void MessageParser::commit(std::size_t end) {
    // Copy the message's bytes into its own storage and move every view onto the copy.
    std::size_t size = end - begin_;
    if (m_.capacity_ < size) {
        m_.storage_ = std::make_unique<char[]>(size);
        m_.capacity_ = size;
    }
    if (size > 0)
        std::memcpy(m_.storage_.get(), in_.data() + begin_, size);
    m_.size_ = size;
    const char* from = in_.data() + begin_;
    char* to = m_.storage_.get();
    auto rebase = [from, to](std::string_view& v) {
        if (v.data() != nullptr)
            v = std::string_view(to + (v.data() - from), v.size());
    };
    for (auto* v : {&m_.method_name_, &m_.request_uri_, &m_.version_, &m_.reason_,
                    &m_.start_line_raw_, &m_.head_end_raw_, &m_.body_}) {
        rebase(*v);
    }
    for (HeaderField& f : m_.headers_) {
        rebase(f.name);
        rebase(f.value);
        rebase(f.raw);
    }
    if (decode_common_)
        m_.decode_typed();
}

Result<std::size_t> parse_into(Message& out, std::string_view bytes, const ParseOptions& options) {
    out.clear();
    MessageParser parser(out, bytes, options);
    auto r = parser.run();
    if (!r)
        out.clear();
    return r;
}

Result<Message> parse(std::string_view bytes, const ParseOptions& options) {
    Message message;
    auto r = parse_into(message, bytes, options);
    if (!r)
        return r.error();
    return message;
}

}  // namespace sessioncore::sip
