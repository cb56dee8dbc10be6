// Serialization in the canonical order of RFC 8866 §5, each line ending in CRLF.
#include <charconv>
#include <cstdint>

#include <sessioncore/sdp/parser.hpp>

namespace sessioncore::sdp {
namespace {

// Each line is appended piece by piece onto one string: building each line's value first
// (a + ' ' + b ...) made a temporary string per piece.
class Writer {
public:
    Writer() { out_.reserve(256); }  // a telephony answer is 150-250 bytes

    /// Starts a "<type>=" line; end() closes it.
    Writer& begin(char type) {
        out_ += type;
        out_ += '=';
        return *this;
    }
    Writer& put(std::string_view text) {
        out_ += text;
        return *this;
    }
    Writer& put(char c) {
        out_ += c;
        return *this;
    }
    Writer& number(std::uint64_t value) {
        char digits[20];
        const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
        out_.append(digits, end);
        return *this;
    }
    void end() { out_ += "\r\n"; }

    void line(char type, std::string_view value) { begin(type).put(value).end(); }
    void optional(char type, const std::optional<std::string>& value) {
        if (value)
            line(type, *value);
    }
    void connection(const Connection& c) {
        begin('c').put(c.nettype).put(' ').put(c.addrtype).put(' ').put(c.address);
        if (c.ttl)
            put('/').number(*c.ttl);
        if (c.count)
            put('/').number(*c.count);
        end();
    }
    void bandwidths(const std::vector<Bandwidth>& bs) {
        for (const Bandwidth& b : bs)
            begin('b').put(b.type).put(':').number(b.value).end();
    }
    void attributes(const std::vector<Attribute>& as) {
        for (const Attribute& a : as) {
            begin('a').put(a.name);
            if (a.value)
                put(':').put(*a.value);
            end();
        }
    }
    void media(const MediaDescription& m) {
        begin('m').put(m.media).put(' ').number(m.port);
        if (m.port_count)
            put('/').number(*m.port_count);
        put(' ').put(m.proto);
        for (const std::string& f : m.formats)
            put(' ').put(f);
        end();
        optional('i', m.info);
        if (m.connection)
            connection(*m.connection);
        bandwidths(m.bandwidths);
        optional('k', m.key);
        attributes(m.attributes);
    }
    std::string take() { return std::move(out_); }

private:
    std::string out_;
};

}  // namespace

std::string encode(const SessionDescription& d) {
    Writer w;
    w.begin('v').number(d.version).end();
    const Origin& o = d.origin;
    w.begin('o').put(o.username).put(' ').put(o.sess_id).put(' ').put(o.sess_version).put(' ');
    w.put(o.nettype).put(' ').put(o.addrtype).put(' ').put(o.address).end();
    w.line('s', d.session_name);
    w.optional('i', d.info);
    w.optional('u', d.uri);
    for (const std::string& e : d.emails)
        w.line('e', e);
    for (const std::string& p : d.phones)
        w.line('p', p);
    if (d.connection)
        w.connection(*d.connection);
    w.bandwidths(d.bandwidths);
    for (const Timing& t : d.timings) {
        w.begin('t').number(t.start).put(' ').number(t.stop).end();
        for (const std::string& r : t.repeats)
            w.line('r', r);
    }
    w.optional('z', d.zone);
    w.optional('k', d.key);
    w.attributes(d.attributes);
    for (const MediaDescription& m : d.media)
        w.media(m);
    return w.take();
}

}  // namespace sessioncore::sdp
