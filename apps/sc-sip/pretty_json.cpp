// Indented JSON output (Boost.JSON 1.81 serializes on one line only). Scalars and strings use
// Boost.JSON's own serializer, so escaping stays its business.
#include <string>

#include <boost/json.hpp>

#include "json_report.hpp"

namespace sessioncore::tools {
namespace {

namespace json = boost::json;

void indent(std::string& out, int depth) {
    out.push_back('\n');
    out.append(static_cast<std::size_t>(depth) * 2, ' ');
}

void write(std::string& out, const json::value& v, int depth) {
    if (const json::object* object = v.if_object()) {
        if (object->empty()) {
            out += "{}";
            return;
        }
        out.push_back('{');
        bool first = true;
        for (const json::key_value_pair& member : *object) {
            out += first ? "" : ",";
            first = false;
            indent(out, depth + 1);
            out += json::serialize(member.key());
            out += ": ";
            write(out, member.value(), depth + 1);
        }
        indent(out, depth);
        out.push_back('}');
        return;
    }
    if (const json::array* array = v.if_array()) {
        if (array->empty()) {
            out += "[]";
            return;
        }
        out.push_back('[');
        for (std::size_t i = 0; i < array->size(); ++i) {
            out += i == 0 ? "" : ",";
            indent(out, depth + 1);
            write(out, (*array)[i], depth + 1);
        }
        indent(out, depth);
        out.push_back(']');
        return;
    }
    out += json::serialize(v);
}

}  // namespace

std::string pretty_json(const json::value& value) {
    std::string out;
    write(out, value, 0);
    out.push_back('\n');
    return out;
}

}  // namespace sessioncore::tools
