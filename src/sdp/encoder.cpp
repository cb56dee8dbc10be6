// Serialization in the canonical order of RFC 8866 §5, each line ending in CRLF.
#include <sessioncore/sdp/parser.hpp>

namespace sessioncore::sdp {
namespace {

class Writer {
public:
    void line(char type, std::string_view value) {
        out_ += type;
        out_ += '=';
        out_ += value;
        out_ += "\r\n";
    }
    void optional(char type, const std::optional<std::string>& value) {
        if (value)
            line(type, *value);
    }
    void connection(const Connection& c) {
        std::string v = c.nettype + ' ' + c.addrtype + ' ' + c.address;
        if (c.ttl)
            v += '/' + std::to_string(*c.ttl);
        if (c.count)
            v += '/' + std::to_string(*c.count);
        line('c', v);
    }
    void bandwidths(const std::vector<Bandwidth>& bs) {
        for (const Bandwidth& b : bs)
            line('b', b.type + ':' + std::to_string(b.value));
    }
    void attributes(const std::vector<Attribute>& as) {
        for (const Attribute& a : as)
            line('a', a.value ? a.name + ':' + *a.value : a.name);
    }
    void media(const MediaDescription& m) {
        std::string v = m.media + ' ' + std::to_string(m.port);
        if (m.port_count)
            v += '/' + std::to_string(*m.port_count);
        v += ' ' + m.proto;
        for (const std::string& f : m.formats)
            v += ' ' + f;
        line('m', v);
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
    w.line('v', std::to_string(d.version));
    const Origin& o = d.origin;
    w.line('o', o.username + ' ' + o.sess_id + ' ' + o.sess_version + ' ' + o.nettype + ' ' +
                    o.addrtype + ' ' + o.address);
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
        w.line('t', std::to_string(t.start) + ' ' + std::to_string(t.stop));
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
