#include "hubspot/account_seed.hpp"

#include <stdexcept>

#include "hubspot/crm_writer.hpp"
#include "hubspot/property_endpoints.hpp"

namespace ledgersync::sandbox::hubspot {

namespace {

class Seeder {
public:
    Seeder(CrmAccount& account, std::int64_t now_ms)
        : account_(account), writer_(account, now_ms, changes_, "IMPORT") {}

    std::uint64_t create(const std::string& type_name, nlohmann::json input) {
        const ObjectType& type = object_type(type_name);
        if (!input.contains("properties"))
            input = {{"properties", input}};
        CrmObject& object = writer_.commit(writer_.prepare_create(type, input));
        writer_.finish();
        changes_.clear();
        created_[type_name].push_back(std::to_string(object.id));
        return object.id;
    }

    void update(const std::string& type_name, std::uint64_t id, const nlohmann::json& properties) {
        const ObjectType& type = object_type(type_name);
        CrmObject* object = account_.live(type, id);
        writer_.commit(writer_.prepare_update(type, *object, properties));
        writer_.finish();
        changes_.clear();
    }

    static nlohmann::json to(std::uint64_t id, int type_id) {
        return {{"to", {{"id", std::to_string(id)}}},
                {"types",
                 {{{"associationCategory", "HUBSPOT_DEFINED"}, {"associationTypeId", type_id}}}}};
    }

    // An invoice with `lines` line items and the contact; moved to `status`.
    std::uint64_t invoice(const std::string& status, std::uint64_t contact,
                          const std::vector<std::pair<std::string, std::string>>& lines,
                          const std::string& currency) {
        nlohmann::json associations = nlohmann::json::array({to(contact, 177)});
        for (const auto& [price, quantity] : lines) {
            const std::uint64_t line =
                create("line_items",
                       {{"name", "Consulting hours"}, {"price", price}, {"quantity", quantity}});
            associations.push_back(to(line, 409));
        }
        const std::uint64_t id = create("invoices", {{"properties", {{"hs_currency", currency}}},
                                                     {"associations", associations}});
        if (status == "draft")
            return id;
        update("invoices", id, {{"hs_invoice_status", "open"}});
        if (status == "paid") {
            const CrmObject* invoice = account_.live(object_type("invoices"), id);
            create("commerce_payments", {{"properties",
                                          {{"hs_initial_amount", invoice->value("hs_balance_due")},
                                           {"hs_initiated_date", "2025-01-15T10:00:00Z"},
                                           {"hs_currency_code", currency},
                                           {"hs_latest_status", "succeeded"},
                                           {"hs_processor_type", "none"},
                                           {"hs_payment_method_type", "check"}}},
                                         {"associations", {to(id, 542)}}});
        } else if (status == "voided") {
            update("invoices", id, {{"hs_invoice_status", "voided"}});
        } else if (status != "open") {
            throw std::invalid_argument("invoice status " + status +
                                        " is not draft, open, paid or voided");
        }
        return id;
    }

    nlohmann::json created() const { return created_; }
    void record_invoice(const std::string& status, std::uint64_t id) {
        invoices_by_status_[status].push_back(std::to_string(id));
    }
    nlohmann::json invoices_by_status() const { return invoices_by_status_; }

private:
    CrmAccount& account_;
    std::vector<ChangeEvent> changes_;
    CrmWriter writer_;
    nlohmann::json created_ = nlohmann::json::object();
    nlohmann::json invoices_by_status_ = nlohmann::json::object();
};

void seed_defaults(Seeder& seeder) {
    const std::uint64_t acme =
        seeder.create("companies", {{"name", "Acme Corporation"}, {"domain", "acme.example"}});
    const std::uint64_t globex =
        seeder.create("companies", {{"name", "Globex"}, {"domain", "globex.example"}});
    const std::uint64_t ada = seeder.create(
        "contacts",
        {{"properties",
          {{"email", "ada@acme.example"}, {"firstname", "Ada"}, {"lastname", "Lovelace"}}},
         {"associations", {Seeder::to(acme, 279)}}});
    const std::uint64_t grace = seeder.create(
        "contacts",
        {{"properties",
          {{"email", "grace@globex.example"}, {"firstname", "Grace"}, {"lastname", "Hopper"}}},
         {"associations", {Seeder::to(globex, 279)}}});
    seeder.create("contacts",
                  {{"email", "alan@example.com"}, {"firstname", "Alan"}, {"lastname", "Turing"}});
    seeder.create("products", {{"name", "Consulting"}, {"price", "150.00"}, {"hs_sku", "CONSULT"}});
    seeder.create("products", {{"name", "Design"}, {"price", "95.50"}, {"hs_sku", "DESIGN"}});
    seeder.create("products",
                  {{"name", "Support plan"}, {"price", "49.99"}, {"hs_sku", "SUPPORT"}});
    seeder.record_invoice("draft", seeder.invoice("draft", ada, {{"150.00", "2"}}, "USD"));
    seeder.record_invoice("open",
                          seeder.invoice("open", ada, {{"150.00", "3"}, {"95.50", "1"}}, "USD"));
    seeder.record_invoice("paid", seeder.invoice("paid", grace, {{"49.99", "12"}}, "USD"));
    seeder.record_invoice("voided", seeder.invoice("voided", grace, {{"95.50", "2"}}, "USD"));
}

void seed_bulk(Seeder& seeder, const nlohmann::json& bulk) {
    const auto count = bulk.value("invoices", 0);
    const auto lines = bulk.value("line_items_per_invoice", 1);
    const auto contacts = bulk.value("contacts", 10);
    const std::string status = bulk.value("status", std::string("open"));
    const std::string currency = bulk.value("currency", std::string("USD"));
    if (count < 0 || count > 200'000 || lines < 1 || lines > 50 || contacts < 1)
        throw std::invalid_argument(
            "bulk: invoices 0..200000, line_items_per_invoice 1..50, "
            "contacts >= 1");
    std::vector<std::uint64_t> contact_ids;
    for (int i = 0; i < contacts; ++i) {
        contact_ids.push_back(
            seeder.create("contacts", {{"email", "bulk" + std::to_string(i) + "@example.com"},
                                       {"firstname", "Bulk"},
                                       {"lastname", "Customer " + std::to_string(i)}}));
    }
    const char* statuses[] = {"draft", "open", "paid", "voided"};
    for (int i = 0; i < count; ++i) {
        const std::string this_status = status == "mixed" ? statuses[i % 4] : status;
        std::vector<std::pair<std::string, std::string>> line_list;
        for (int l = 0; l < lines; ++l)
            line_list.emplace_back(std::to_string(10 + (i + l) % 90) + ".25",
                                   std::to_string(1 + l % 3));
        seeder.record_invoice(
            this_status,
            seeder.invoice(this_status,
                           contact_ids[static_cast<std::size_t>(i) % contact_ids.size()], line_list,
                           currency));
    }
}

}  // namespace

nlohmann::json seed_account(CrmAccount& account, const nlohmann::json& options,
                            std::int64_t now_ms) {
    Seeder seeder(account, now_ms);
    if (options.contains("properties")) {
        const auto& by_type = options.at("properties");
        if (!by_type.is_object())
            throw std::invalid_argument("\"properties\" maps object types to definitions");
        for (auto it = by_type.begin(); it != by_type.end(); ++it) {
            for (const auto& definition : *it)
                define_property(account, object_type(it.key()), definition, now_ms);
        }
    }
    if (options.value("defaults", true))
        seed_defaults(seeder);
    if (options.contains("objects")) {
        const auto& by_type = options.at("objects");
        if (!by_type.is_object())
            throw std::invalid_argument("\"objects\" maps object types to create inputs");
        for (auto it = by_type.begin(); it != by_type.end(); ++it) {
            for (const auto& input : *it)
                seeder.create(it.key(), input);
        }
    }
    if (options.contains("bulk"))
        seed_bulk(seeder, options.at("bulk"));
    nlohmann::json out = seeder.created();
    out["invoices_by_status"] = seeder.invoices_by_status();
    return out;
}

}  // namespace ledgersync::sandbox::hubspot
