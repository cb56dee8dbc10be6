#pragma once
// Which side of a dialog we are: the UAC sent the dialog-creating INVITE (and so generated the
// Call-ID, which matters for glare, RFC 3261 §14.1), the UAS received it (§12.1).

#include <cstdint>

namespace sessioncore::dialog {

enum class Role : std::uint8_t { Uac, Uas };

}  // namespace sessioncore::dialog
