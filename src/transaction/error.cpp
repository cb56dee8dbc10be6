#include <string>

#include <sessioncore/transaction/error.hpp>

namespace sessioncore::transaction {
namespace {

class Category final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "sessioncore.transaction"; }
    std::string message(int value) const override {
        switch (static_cast<errc>(value)) {
            case errc::wrong_state:
                return "command not allowed in the transaction's state";
            case errc::wrong_kind:
                return "request given where a response was expected, or the reverse";
            case errc::unkeyable:
                return "message lacks the headers a transaction key needs";
            case errc::duplicate_transaction:
                return "a transaction with this key exists already";
        }
        return "unknown transaction error";
    }
};

}  // namespace

const boost::system::error_category& transaction_category() noexcept {
    static const Category category;
    return category;
}

}  // namespace sessioncore::transaction
