#include <sessioncore/session/options.hpp>

namespace sessioncore::session {

std::vector<std::string> default_codecs() {
    return {"PCMU", "PCMA", "telephone-event"};
}

}  // namespace sessioncore::session
