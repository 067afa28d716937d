#include "qbo/entity_kind.hpp"

#include <stdexcept>

#include "common/text_case.hpp"

namespace ledgersync::sandbox::qbo {

namespace {

std::vector<EntityKind> make_kinds() {
    using C = EntityCategory;
    std::vector<EntityKind> kinds;
    auto add = [&](const char* name, C category) -> EntityKind& {
        EntityKind k{name, to_lower(name), category};
        kinds.push_back(k);
        return kinds.back();
    };
    add("Account", C::name_list);
    add("Customer", C::name_list).shared_display_name = true;
    add("Vendor", C::name_list).shared_display_name = true;
    add("Employee", C::name_list).shared_display_name = true;
    add("Item", C::name_list);
    add("Term", C::name_list);
    add("PaymentMethod", C::name_list);
    add("TaxCode", C::name_list).webhook_events = false;
    add("TaxRate", C::name_list).webhook_events = false;
    for (const char* name : {"Invoice", "CreditMemo", "RefundReceipt", "SalesReceipt"}) {
        EntityKind& k = add(name, C::transaction);
        k.sales_form = true;
        k.voidable = true;
    }
    add("Estimate", C::transaction).sales_form = true;
    add("Payment", C::transaction).voidable = true;
    add("Purchase", C::transaction).voidable = true;
    // Money moved between the company's own accounts: deleted, never voided.
    add("Deposit", C::transaction);
    add("Transfer", C::transaction);
    add("Preferences", C::singleton);
    add("CompanyInfo", C::singleton).webhook_events = false;
    return kinds;
}

}  // namespace

std::string to_lower(std::string_view text) {
    return ascii_lower(text);
}

std::string to_upper(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
    return equals_ascii_ignore_case(a, b);
}

const std::vector<EntityKind>& all_entity_kinds() {
    static const std::vector<EntityKind> kinds = make_kinds();
    return kinds;
}

const EntityKind* find_kind_by_resource(std::string_view resource) {
    for (const auto& k : all_entity_kinds()) {
        if (equals_ignore_case(k.resource, resource))
            return &k;
    }
    return nullptr;
}

const EntityKind* find_kind_by_name(std::string_view name) {
    return find_kind_by_resource(name);
}

const EntityKind& kind(std::string_view name) {
    const EntityKind* k = find_kind_by_name(name);
    if (k == nullptr)
        throw std::logic_error("unknown entity kind " + std::string(name));
    return *k;
}

}  // namespace ledgersync::sandbox::qbo
