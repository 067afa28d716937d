#pragma once
// The configuration of qbo_invoice_rules (docs/mappings.md, "qbo_invoice_rules"), read strictly
// with sdk::ConfigReader: every problem at its JSON path, unknown keys refused.

#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include <ledgersync/sdk/model/reference.hpp>

#include "text_template.hpp"

namespace ledgersync::mappers::qbo_invoice_rules {

/// How the company computes sales tax in QuickBooks Online.
enum class TaxMode {
    /// A US company with automated sales tax: QuickBooks may only be given "TAX" or "NON".
    us_automated,
    /// A company with tax codes (VAT, GST, HST): every tax must map to one of its codes.
    tax_codes,
};

struct LineDiscountSettings {
    /// The description of a line whose discount was folded into its amount, when the line
    /// has a comment saying why.
    TextTemplate description;
    /// The same, for a line without such a comment.
    TextTemplate description_without_reason;
};

struct InvoiceDiscountSettings {
    /// Several invoice-level discounts become one discount of their sum (else a failure).
    bool combine = false;
    /// Appended to the memo when discounts are combined, so the explanation of each stays on
    /// the invoice; empty: no note.
    TextTemplate note;
};

struct FeeSettings {
    /// Fee type (matched against the fee line's description) -> the product its lines go on.
    std::map<std::string, sdk::model::Reference> products;
    /// The product of fee lines no type matches.
    std::optional<sdk::model::Reference> default_product;
    /// Fee lines no type matches keep no product: the QuickBooks connection books them on its
    /// mapping.fee_item_id.
    bool use_connector_fee_item = false;
};

struct TaxSettings {
    TaxMode mode = TaxMode::us_automated;
    /// tax_codes mode: tax name (a tax line's description, case-insensitive) -> QBO TaxCode id.
    std::map<std::string, std::string> codes;
};

struct InvoiceNumberSettings {
    /// Put before the source's number to make the DocNumber ("HS-"), so that numbers from the
    /// source cannot collide with the company's own; at most kMaxDocNumberPrefix characters.
    std::string prefix;
};

struct RulesConfig {
    LineDiscountSettings line_discounts;
    InvoiceDiscountSettings invoice_discounts;
    FeeSettings fees;
    TaxSettings tax;
    InvoiceNumberSettings invoice_numbers;

    /// Reads and checks a configuration; throws sdk::Error (fatal) listing every problem.
    static RulesConfig parse(const nlohmann::json& config);
};

/// Placeholders of the line-discount descriptions.
inline const std::vector<std::string> kLineDiscountPlaceholders = {"description", "discount", "amount", "gross",
                                                                   "currency", "reason"};
/// Placeholders of the note on combined discounts.
inline const std::vector<std::string> kDiscountNotePlaceholders = {"amount", "currency", "parts"};

}  // namespace ledgersync::mappers::qbo_invoice_rules
