#include "fee_lines.hpp"

#include "comparable_name.hpp"
#include "data_failure.hpp"

namespace ledgersync::mappers::qbo_invoice_rules {

using sdk::model::LineKind;

namespace {

bool is_alphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
}

bool type_matches(const std::string& type, const std::string& description) {
    if (type.empty() || description.compare(0, type.size(), type) != 0) return false;
    return description.size() == type.size() || !is_alphanumeric(description[type.size()]);
}

}  // namespace

std::optional<sdk::model::Reference> fee_product(const FeeSettings& settings, const std::string& description) {
    const std::string key = comparable_name(description);
    const sdk::model::Reference* best = nullptr;
    std::size_t best_length = 0;
    for (const auto& [type, product] : settings.products) {
        const std::string type_key = comparable_name(type);
        if (type_matches(type_key, key) && type_key.size() > best_length) {
            best = &product;
            best_length = type_key.size();
        }
    }
    if (best != nullptr) return *best;
    return settings.default_product;
}

void assign_fee_products(sdk::model::Invoice& invoice, const FeeSettings& settings, const std::string& label) {
    for (std::size_t i = 0; i < invoice.lines.size(); ++i) {
        auto& line = invoice.lines[i];
        if (line.kind != LineKind::fee || line.product) continue;
        const std::string description = line.description.value_or("");
        if (auto product = fee_product(settings, description)) {
            line.product = *product;
            continue;
        }
        if (settings.use_connector_fee_item) continue;
        const std::string type = description.empty() ? std::string("(no description)") : "\"" + description + "\"";
        refuse(label,
               "line " + std::to_string(i + 1) + " is a fee " + type +
                   " without a product, no fee product is configured for it, and QuickBooks books a fee only as a line on an item",
               "add its fee type to fees.products in the qbo_invoice_rules config (e.g. {\"" +
                   (description.empty() ? std::string("Shipping") : description) +
                   "\": \"<product id>\"}, a product that is synced to QuickBooks), set fees.default_product, or set "
                   "fees.use_connector_fee_item to true to book it on the QuickBooks connection's mapping.fee_item_id; then retry");
    }
}

}  // namespace ledgersync::mappers::qbo_invoice_rules
