#include "stripe/customers.hpp"

#include "stripe/object_id.hpp"
#include "stripe/stripe_account.hpp"
#include "stripe/stripe_error.hpp"

namespace ledgersync::sandbox::stripe {

namespace {

// Members a create or update copies as given (strings or null).
constexpr const char* kPlainMembers[] = {"description", "email", "name", "phone"};

// The members a create or an update sets from its parameters.
void apply_customer_fields(nlohmann::json& customer, const nlohmann::json& params) {
    for (const char* member : kPlainMembers) {
        if (params.contains(member))
            customer[member] = params.at(member);
    }
    if (params.contains("address"))
        customer["address"] = params.at("address");
    if (params.contains("metadata"))
        apply_metadata(customer, params.at("metadata"));
}

nlohmann::json previous_values(const nlohmann::json& object, const nlohmann::json& params) {
    nlohmann::json previous = nlohmann::json::object();
    for (auto it = params.begin(); it != params.end(); ++it) {
        if (it.key() != "expand" && object.contains(it.key()))
            previous[it.key()] = object.at(it.key());
    }
    return previous;
}

}  // namespace

nlohmann::json& require_customer(StripeAccount& account, const std::string& id,
                                 const std::string& param) {
    nlohmann::json* customer = account.store().find("customer", id);
    if (customer == nullptr)
        throw errors::resource_missing("customer", id, param);
    return *customer;
}

nlohmann::json& create_customer(StripeAccount& account, const nlohmann::json& params) {
    nlohmann::json customer = {{"id", new_object_id("cus")},
                               {"object", "customer"},
                               {"address", nullptr},
                               {"balance", params.value("balance", std::int64_t{0})},
                               {"created", account.now()},
                               {"currency", nullptr},
                               {"default_source", nullptr},
                               {"delinquent", false},
                               {"description", nullptr},
                               {"discount", nullptr},
                               {"email", nullptr},
                               {"invoice_prefix", new_object_id("x").substr(2, 8)},
                               {"invoice_settings",
                                {{"custom_fields", nullptr},
                                 {"default_payment_method", nullptr},
                                 {"footer", nullptr},
                                 {"rendering_options", nullptr}}},
                               {"livemode", account.request_context().livemode},
                               {"metadata", nlohmann::json::object()},
                               {"name", nullptr},
                               {"next_invoice_sequence", 1},
                               {"phone", nullptr},
                               {"preferred_locales", nlohmann::json::array()},
                               {"shipping", nullptr},
                               {"tax_exempt", params.value("tax_exempt", "none")},
                               {"test_clock", nullptr}};
    apply_customer_fields(customer, params);
    nlohmann::json& stored = account.store().insert(std::move(customer));
    account.record_event("customer.created", stored);
    return stored;
}

nlohmann::json& update_customer(StripeAccount& account, const std::string& id,
                                const nlohmann::json& params) {
    nlohmann::json& customer = require_customer(account, id);
    const nlohmann::json previous = previous_values(customer, params);
    apply_customer_fields(customer, params);
    if (!previous.empty())
        account.record_event("customer.updated", customer, previous);
    return customer;
}

nlohmann::json delete_customer(StripeAccount& account, const std::string& id) {
    const nlohmann::json customer = require_customer(account, id);
    account.record_event("customer.deleted", customer);
    account.store().erase(id);
    return {{"id", id}, {"object", "customer"}, {"deleted", true}};
}

}  // namespace ledgersync::sandbox::stripe
