#pragma once
/// What a person sees of a stored sales form (invoice, credit memo, ...): the figures and texts
/// QBO prints on it, taken from the transaction once, so that its PDF (invoice_pdf.hpp) and its
/// page in the sandbox's app view (invoice_page.hpp) show the same thing.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ledgersync::sandbox::qbo {

struct SalesFormView {
    struct Line {
        std::string description;
        /// Empty when the line has none (a description-only line has neither).
        std::string quantity;
        std::string rate;
        std::string amount;
    };

    std::string number;
    std::string date;
    std::string due_date;
    std::string customer;
    std::string billing_address;
    std::string currency;
    std::vector<Line> lines;
    /// Money, rounded to cents as printed.
    std::string subtotal;
    std::string discount;  ///< empty when there is no discount line
    std::string tax;
    std::string total;
    std::string balance;  ///< empty when the form has no balance
    std::string memo;
    /// Custom fields with a value: name and value.
    std::vector<std::pair<std::string, std::string>> custom_fields;

    static SalesFormView of(const nlohmann::json& txn);
};

}  // namespace ledgersync::sandbox::qbo
