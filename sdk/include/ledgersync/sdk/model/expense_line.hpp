#pragma once
/// One line of an expense: a kind of fee, the expense account it is booked to, its amount.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "ledgersync/sdk/decimal.hpp"
#include "ledgersync/sdk/model/canonical_reader.hpp"
#include "ledgersync/sdk/model/enum_names.hpp"
#include "ledgersync/sdk/model/reference.hpp"

namespace ledgersync::sdk::model {

/// The kind of fee a line books, matching the payment's fees; "other" for anything else.
enum class FeeType { processing, platform, tax_on_fees, other };

template <>
struct EnumNames<FeeType> {
    static constexpr std::string_view kWhat = "fee type";
    static constexpr EnumName<FeeType> kNames[] = {{FeeType::processing, "processing"},
                                                   {FeeType::platform, "platform"},
                                                   {FeeType::tax_on_fees, "tax_on_fees"},
                                                   {FeeType::other, "other"}};
};

/// {"fee_type": "processing", "account": {"type": "account", "id": "92", "name": "Stripe Fees"},
///  "amount": "3.20", "description": "Stripe processing fee ch_..."}
struct ExpenseLine {
    FeeType fee_type = FeeType::other;
    /// The expense account charged (type "account").
    Reference account;
    /// >= 0, in whole minor units of the expense's currency.
    Decimal amount;
    std::optional<std::string> description;

    nlohmann::json to_json() const {
        nlohmann::json j{{"fee_type", enum_name(fee_type)}, {"account", account.to_json()}, {"amount", amount.to_string()}};
        if (description) j["description"] = *description;
        return j;
    }

    /// Reads the line at `path`; nullopt when it is not an object (reported).
    static std::optional<ExpenseLine> read(const nlohmann::json& json, const std::string& path,
                                           ValidationProblems& problems) {
        CanonicalReader r(json, problems, path);
        if (!r.is_object()) return std::nullopt;
        ExpenseLine line;
        line.fee_type = r.enumeration<FeeType>("fee_type", Presence::required).value_or(FeeType::other);
        line.account = r.reference("account", Presence::required, "account").value_or(Reference{});
        line.amount = r.required_decimal("amount", DecimalForm::non_negative);
        line.description = r.text("description", Presence::optional);
        r.finish();
        return line;
    }
};

}  // namespace ledgersync::sdk::model
