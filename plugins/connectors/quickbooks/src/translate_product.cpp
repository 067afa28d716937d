// Item <-> canonical product: Name, Sku, Description, UnitPrice (in the home currency), Type
// (Service, Inventory, NonInventory) and IncomeAccountRef. Other item types (Group, Category,
// Discount, ...) have no canonical form.

#include "qbo_json.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::quickbooks {

using nlohmann::json;
using sdk::model::Product;
using sdk::model::ProductType;

Product product_from_qbo(const json& item, const MappingSettings& mapping) {
    const std::string id = string_member(item, "Id").value_or("?");
    Product product;
    product.name = string_member(item, "Name").value_or("");
    if (product.name.empty()) throw TranslationError("item " + id + " has no Name");
    const std::string type = string_member(item, "Type").value_or("");
    if (type == "Service") {
        product.type = ProductType::service;
    } else if (type == "Inventory") {
        product.type = ProductType::inventory;
    } else if (type == "NonInventory") {
        product.type = ProductType::non_inventory;
    } else {
        throw TranslationError("item " + id + " (" + product.name + ") is of type \"" + type +
                               "\", which has no canonical form (service, inventory and non-inventory items do)");
    }
    product.sku = string_member(item, "Sku");
    if (product.sku && product.sku->empty()) product.sku.reset();
    product.description = string_member(item, "Description");
    if (product.description && product.description->empty()) product.description.reset();
    if (auto price = decimal_member(item, "UnitPrice")) {
        product.unit_price = *price;
        product.currency = mapping.home_currency;
    }
    if (auto account = ref_value(item, "IncomeAccountRef")) {
        product.income_account = sdk::model::Reference("account", *account, ref_name(item, "IncomeAccountRef"));
    }
    return product;
}

QboBody product_to_qbo(const sdk::Record& record, const MappingSettings& mapping, bool for_update) {
    const Product product = canonical_body<Product>(record);
    const ResolvedLinks links(record);
    QboBody out;
    out.entity = "Item";
    out.label = "product '" + product.name + "'";
    out.display_name = product.name;
    if (product.name.find_first_of(":\t\n") != std::string::npos) {
        refuse(out.label, "QuickBooks item names may not contain a colon (it separates sub-items), a tab or a line break",
               "rename the product in the source (or map its name), then retry");
    }
    require_length(out.label, "Name", product.name, 100, "shorten the name in the source or in the mapping, then retry");
    json& body = out.body;
    body["Name"] = product.name;
    if (product.sku) body["Sku"] = *product.sku;
    if (product.description) body["Description"] = *product.description;
    if (product.unit_price) {
        if (product.currency && *product.currency != mapping.home_currency) {
            refuse(out.label, "it is priced in " + *product.currency + ", and QuickBooks item prices are in the company's home currency " +
                                  mapping.home_currency,
                   "price the product in " + mapping.home_currency + " or leave its price out of the mapping, then retry");
        }
        body["UnitPrice"] = qbo_number(*product.unit_price);
    }
    if (!for_update) {
        if (product.type == ProductType::inventory) {
            refuse(out.label, "inventory items need quantities, asset and cost accounts that the canonical product does not carry",
                   "create the inventory item in QuickBooks and link it to this product, or sync it as a non-inventory "
                   "product");
        }
        body["Type"] = product.type == ProductType::service ? "Service" : "NonInventory";
    }
    std::string income_account;
    if (product.income_account) income_account = links.qbo_id("/income_account", *product.income_account);
    if (income_account.empty()) income_account = mapping.income_account_id;
    if (!income_account.empty()) {
        body["IncomeAccountRef"] = qbo_ref(income_account);
    } else if (!for_update) {
        refuse(out.label, "QuickBooks items need an income account, and neither the product nor the mapping names one",
               "set mapping.income_account_id to the QuickBooks income account for new items, then retry");
    }
    return out;
}

}  // namespace ledgersync::connectors::quickbooks
