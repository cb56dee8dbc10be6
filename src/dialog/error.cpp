#include <string>

#include <sessioncore/dialog/error.hpp>

namespace sessioncore::dialog {
namespace {

class Category final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "sessioncore.dialog"; }
    std::string message(int value) const override {
        switch (static_cast<errc>(value)) {
            case errc::bad_message:
                return "From, To, Call-ID or CSeq missing or malformed";
            case errc::not_dialog_creating:
                return "response does not create a dialog";
            case errc::bad_contact:
                return "Contact missing or malformed";
            case errc::bad_route:
                return "Record-Route or Route element malformed";
            case errc::wrong_dialog:
                return "message belongs to another dialog";
            case errc::duplicate_dialog:
                return "a dialog with this id exists already";
        }
        return "unknown dialog error";
    }
};

}  // namespace

const boost::system::error_category& dialog_category() noexcept {
    static const Category category;
    return category;
}

}  // namespace sessioncore::dialog
