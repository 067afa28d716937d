#pragma once
/// The canonical product (schema sdk/schema/product.schema.json, "ledgersync.product" v1):
/// what a line sells. A HubSpot product, a QBO Item.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "ledgersync/sdk/decimal.hpp"
#include "ledgersync/sdk/model/canonical_reader.hpp"
#include "ledgersync/sdk/model/canonical_type.hpp"
#include "ledgersync/sdk/model/enum_names.hpp"
#include "ledgersync/sdk/model/money_rules.hpp"
#include "ledgersync/sdk/model/reference.hpp"

namespace ledgersync::sdk::model {

/// What kind of thing a product is (QBO Item.Type, HubSpot hs_product_type).
enum class ProductType { service, inventory, non_inventory };

template <>
struct EnumNames<ProductType> {
    static constexpr std::string_view kWhat = "product type";
    static constexpr EnumName<ProductType> kNames[] = {{ProductType::service, "service"},
                                                       {ProductType::inventory, "inventory"},
                                                       {ProductType::non_inventory, "non_inventory"}};
};

/// {"name": "Rock Fountain", "sku": "RF-01", "description": "Rock Fountain",
///  "unit_price": "275.00", "currency": "USD", "type": "inventory",
///  "income_account": {"type": "account", "id": "79", "name": "Sales of Product Income"}}
struct Product {
    static constexpr std::string_view kType = "product";
    static constexpr std::string_view kSchemaId = "ledgersync.product";
    static constexpr std::int64_t kSchemaVersion = 1;
    static constexpr std::string_view kSchemaUri = "https://schemas.ledgersync.dev/product/v1.json";

    std::string name;
    std::optional<std::string> sku;
    std::optional<std::string> description;
    /// The list price; may carry more digits than the currency's minor unit.
    std::optional<Decimal> unit_price;
    /// ISO 4217 code of unit_price; required with it.
    std::optional<std::string> currency;
    ProductType type = ProductType::service;
    /// The income account sales of the product post to (type "account").
    std::optional<Reference> income_account;

    static Product from_json(const nlohmann::json& json) { return from_canonical_json<Product>(json); }
    static ValidationProblems validate_json(const nlohmann::json& json) { return validate_canonical<Product>(json); }
    ValidationProblems validate() const { return validate_json(to_json()); }

    /// Every reference with its JSON pointer: the income account.
    std::vector<ReferenceSite> references() const {
        std::vector<ReferenceSite> sites;
        if (income_account) sites.push_back({"income_account", "/income_account", *income_account});
        return sites;
    }

    nlohmann::json to_json() const {
        nlohmann::json j{{"name", name}, {"type", enum_name(type)}};
        if (sku) j["sku"] = *sku;
        if (description) j["description"] = *description;
        if (unit_price) j["unit_price"] = unit_price->to_string();
        if (currency) j["currency"] = *currency;
        if (income_account) j["income_account"] = income_account->to_json();
        return j;
    }

    static Product read(CanonicalReader& r) {
        Product p;
        p.name = r.required_text("name", TextFormat::non_empty);
        p.sku = r.text("sku", Presence::optional);
        p.description = r.text("description", Presence::optional);
        p.unit_price = r.decimal("unit_price", Presence::optional);
        p.currency = r.text("currency", Presence::optional, TextFormat::currency_code);
        if (r.present("unit_price")) r.require("currency", "with unit_price");
        p.type = r.enumeration<ProductType>("type", Presence::required).value_or(ProductType::service);
        p.income_account = r.reference("income_account", Presence::optional, "account");
        return p;
    }

    void check_rules(ValidationProblems& problems) const {
        if (currency) (void)known_currency(*currency, "/currency", problems);
    }
};

}  // namespace ledgersync::sdk::model
