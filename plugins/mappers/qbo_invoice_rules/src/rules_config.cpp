#include "rules_config.hpp"

#include <ledgersync/sdk/config_reader.hpp>

#include <ledgersync/sdk/utf8_text.hpp>

#include "comparable_name.hpp"
#include "doc_number.hpp"

namespace ledgersync::mappers::qbo_invoice_rules {

namespace {

constexpr const char* kDefaultDescription = "{description} (incl. {discount} discount: {reason})";
constexpr const char* kDefaultDescriptionWithoutReason = "{description} (incl. {discount} discount)";
constexpr const char* kDefaultNote = "Discount of {amount} {currency}: {parts}";

TextTemplate read_template(sdk::ConfigReader& r, const std::string& key, const std::string& fallback,
                           const std::vector<std::string>& placeholders) {
    const std::string text = r.value_or<std::string>(key, fallback, "a text with placeholders such as " + fallback);
    return TextTemplate::parse(text, placeholders, r.path_of(key), r.problems());
}

/// A product reference written as its id ("1290060") or {"id": ..., "name": ...}.
std::optional<sdk::model::Reference> read_product(const nlohmann::json& value, const std::string& path,
                                                  sdk::ConfigProblems& problems) {
    if (value.is_string() && !value.get<std::string>().empty()) return sdk::model::Reference("product", value.get<std::string>());
    if (value.is_object()) {
        sdk::ConfigReader p(value, problems, path);
        const auto id = p.required<std::string>("id", "the product's id in the invoices' source system");
        const auto name = p.optional<std::string>("name", "the product's name, for people reading records");
        p.finish();
        if (id.empty()) return std::nullopt;
        return sdk::model::Reference("product", id, name);
    }
    problems.add(path, "expected a product id (a non-empty string) or {\"id\": ..., \"name\": ...}, got " +
                           sdk::ConfigReader::describe(value) + ".");
    return std::nullopt;
}

/// The reader of the optional object `key` of `root`; an absent key reads as {} (every default).
sdk::ConfigReader section(sdk::ConfigReader& root, const std::string& key) {
    static const nlohmann::json empty = nlohmann::json::object();
    const nlohmann::json* value = root.raw(key);
    return sdk::ConfigReader(value ? *value : empty, root.problems(), root.path_of(key));
}

LineDiscountSettings read_line_discounts(sdk::ConfigReader& root) {
    sdk::ConfigReader r = section(root, "line_discounts");
    LineDiscountSettings s;
    s.description = read_template(r, "description", kDefaultDescription, kLineDiscountPlaceholders);
    s.description_without_reason =
        read_template(r, "description_without_reason", kDefaultDescriptionWithoutReason, kLineDiscountPlaceholders);
    r.finish();
    return s;
}

InvoiceDiscountSettings read_invoice_discounts(sdk::ConfigReader& root) {
    sdk::ConfigReader r = section(root, "invoice_discounts");
    InvoiceDiscountSettings s;
    s.combine = r.value_or<bool>("combine", false, "true to book several invoice-level discounts as one of their sum");
    s.note = read_template(r, "note", kDefaultNote, kDiscountNotePlaceholders);
    r.finish();
    return s;
}

FeeSettings read_fees(sdk::ConfigReader& root) {
    sdk::ConfigReader r = section(root, "fees");
    FeeSettings s;
    if (const nlohmann::json* products = r.raw("products")) {
        if (!products->is_object()) {
            r.problems().add(r.path_of("products"), "expected an object of fee type -> product, such as "
                                                    "{\"Shipping\": \"1290060\"}, got " + sdk::ConfigReader::describe(*products) + ".");
        } else {
            sdk::ConfigReader types(*products, r.problems(), r.path_of("products"));
            for (const auto& [type, product] : products->items()) {
                if (comparable_name(type).empty()) {
                    r.problems().add(types.path_of(type), "a fee type must have a name (the start of the fee line's description).");
                    continue;
                }
                if (auto reference = read_product(product, types.path_of(type), r.problems())) s.products.emplace(type, *reference);
            }
        }
    }
    if (const nlohmann::json* fallback = r.raw("default_product")) {
        s.default_product = read_product(*fallback, r.path_of("default_product"), r.problems());
    }
    s.use_connector_fee_item = r.value_or<bool>(
        "use_connector_fee_item", false, "true to leave fee lines without a product to the QuickBooks connection's fee item");
    if (s.default_product && s.use_connector_fee_item) {
        r.problems().add(r.path_of("use_connector_fee_item"),
                         "cannot be true together with default_product: fee lines no type matches go to default_product; "
                         "remove one of the two.");
    }
    r.finish();
    return s;
}

TaxSettings read_tax(sdk::ConfigReader& r) {
    TaxSettings s;
    const bool has_mode = r.raw("tax_mode") != nullptr;
    s.mode = r.enumeration<TaxMode>("tax_mode", TaxMode::us_automated,
                                    {{"us_automated", TaxMode::us_automated}, {"tax_codes", TaxMode::tax_codes}},
                                    "how the QuickBooks company computes sales tax");
    if (!has_mode) {
        r.problems().add(r.path_of("tax_mode"), "required key is missing; set it to \"us_automated\" (a US company with "
                                                "automated sales tax) or \"tax_codes\" (VAT, GST, HST: taxes map to tax codes).");
    }
    const nlohmann::json* codes = r.raw("tax_codes");
    if (codes != nullptr) {
        if (s.mode != TaxMode::tax_codes) {
            r.problems().add(r.path_of("tax_codes"), "tax codes are used only with \"tax_mode\": \"tax_codes\"; remove them or "
                                                     "change tax_mode.");
        } else if (!codes->is_object()) {
            r.problems().add(r.path_of("tax_codes"), "expected an object of tax name -> QuickBooks TaxCode id, such as "
                                                     "{\"VAT 20%\": \"7\"}, got " + sdk::ConfigReader::describe(*codes) + ".");
        } else {
            sdk::ConfigReader names(*codes, r.problems(), r.path_of("tax_codes"));
            for (const auto& [name, code] : codes->items()) {
                if (!code.is_string() || code.get<std::string>().empty()) {
                    r.problems().add(names.path_of(name), "expected a QuickBooks TaxCode id (a non-empty string), got " +
                                                              sdk::ConfigReader::describe(code) + ".");
                    continue;
                }
                if (!s.codes.emplace(comparable_name(name), code.get<std::string>()).second) {
                    r.problems().add(names.path_of(name), "the tax \"" + name + "\" is mapped twice (names are compared "
                                                          "without regard to case); keep one.");
                }
            }
        }
    }
    if (s.mode == TaxMode::tax_codes && (codes == nullptr || (codes->is_object() && codes->empty()))) {
        r.problems().add(r.path_of("tax_codes"), "with \"tax_mode\": \"tax_codes\" every tax must map to a QuickBooks tax "
                                                 "code; list them, such as {\"VAT 20%\": \"7\"}.");
    }
    return s;
}

InvoiceNumberSettings read_invoice_numbers(sdk::ConfigReader& root) {
    sdk::ConfigReader r = section(root, "invoice_numbers");
    InvoiceNumberSettings s;
    s.prefix = r.value_or<std::string>("prefix", "", "a short text put before every invoice number, such as \"HS-\"");
    const std::size_t length = sdk::character_count(s.prefix, sdk::CharacterUnit::utf16);
    if (length > kMaxDocNumberPrefix) {
        r.problems().add(r.path_of("prefix"), "\"" + s.prefix + "\" has " + std::to_string(length) +
                                                  " characters; a prefix has at most " + std::to_string(kMaxDocNumberPrefix) +
                                                  " (QuickBooks' DocNumber holds 21), such as \"HS-\".");
    }
    r.finish();
    return s;
}

}  // namespace

RulesConfig RulesConfig::parse(const nlohmann::json& config) {
    sdk::ConfigProblems problems;
    sdk::ConfigReader r(config, problems);
    RulesConfig c;
    c.line_discounts = read_line_discounts(r);
    c.invoice_discounts = read_invoice_discounts(r);
    c.fees = read_fees(r);
    c.tax = read_tax(r);
    c.invoice_numbers = read_invoice_numbers(r);
    r.finish();
    problems.throw_if_any();
    return c;
}

}  // namespace ledgersync::mappers::qbo_invoice_rules
