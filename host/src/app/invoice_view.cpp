#include "app/invoice_view.hpp"

#include <algorithm>

#include <ledgersync/sdk/json.hpp>

#include "bus/operator_json.hpp"

namespace ledgersync::app {

namespace {

using Keys = std::vector<store::ObjectKey>;

bool contains(const Keys& keys, const store::ObjectKey& key) { return std::find(keys.begin(), keys.end(), key) != keys.end(); }

// Every mirrored object of `type` whose reference `field` (a reference or an array of them)
// names one of `targets`, in the connection its references carry (reference_connection). The
// store's reference index gives those that name a target's id in any connection; the routes
// decide which of them mean the target.
std::vector<store::MirrorEntry> referring(store::StoreTransaction& tx, const config::HostConfig& config,
                                          const std::string& type, const std::string& field, const std::string& rel,
                                          const Keys& targets, const std::string& target_type) {
    std::vector<std::string> ids;
    for (const auto& target : targets) {
        if (target.type == target_type && std::find(ids.begin(), ids.end(), target.id) == ids.end()) ids.push_back(target.id);
    }
    std::vector<store::MirrorEntry> found;
    if (ids.empty()) return found;
    for (const auto& entry : tx.mirror_referring(type, field, ids)) {
        nlohmann::json record;
        try {
            record = sdk::parse_json_exact(entry.record_json);
        } catch (const std::exception&) {
            continue;  // an event the store holds is always valid JSON; never stop the listing for one
        }
        const nlohmann::json body = record.value("body", nlohmann::json::object());
        if (!body.contains(field)) continue;
        const nlohmann::json& references = body.at(field);
        const std::string in = reference_connection(config, entry.object.connection, type, rel);
        const auto names_target = [&](const nlohmann::json& reference) {
            if (!reference.is_object()) return false;
            const auto id = reference.find("id");
            return id != reference.end() && id->is_string() && contains(targets, {in, target_type, id->get<std::string>()});
        };
        const bool refers = references.is_array() ? std::any_of(references.begin(), references.end(), names_target)
                                                  : names_target(references);
        if (refers) found.push_back(entry);
    }
    return found;
}

MoneyMovement movement_of(store::StoreTransaction& tx, const config::HostConfig& config, const store::MirrorEntry& entry) {
    MoneyMovement m;
    m.key = entry.object;
    m.body = sdk::parse_json_exact(entry.record_json).value("body", nlohmann::json::object());
    m.deleted = entry.deleted;
    m.copies = copies_of(tx, config, entry.object);
    m.statuses = tx.sync_statuses(entry.object);
    return m;
}

// Movements of one business object read in several connections (a Stripe payment and the
// QuickBooks payment written for it, read back) are shown once, as the original: the one routes
// carry (it has sync statuses), not the copy they wrote.
std::vector<MoneyMovement> distinct(store::StoreTransaction& tx, const config::HostConfig& config,
                                    const std::vector<store::MirrorEntry>& entries) {
    std::vector<MoneyMovement> movements;
    for (const auto& entry : entries) {
        MoneyMovement movement = movement_of(tx, config, entry);
        const auto same = std::find_if(movements.begin(), movements.end(),
                                       [&](const MoneyMovement& m) { return contains(m.copies, entry.object); });
        if (same == movements.end()) {
            movements.push_back(std::move(movement));
        } else if (same->statuses.empty() && !movement.statuses.empty()) {
            *same = std::move(movement);
        }
    }
    std::stable_sort(movements.begin(), movements.end(), [](const MoneyMovement& a, const MoneyMovement& b) {
        return a.body.value("date", "") < b.body.value("date", "");
    });
    return movements;
}

nlohmann::json links_json(const config::HostConfig& config, const std::vector<store::ObjectKey>& copies) {
    nlohmann::json links = nlohmann::json::object();
    for (const auto& copy : copies) {
        if (const std::string link = qbo_app_link(config, copy); !link.empty()) links[copy.str()] = link;
    }
    return links;
}

}  // namespace

nlohmann::json movement_json(const config::HostConfig& config, const MoneyMovement& m) {
    nlohmann::json j = {{"object", m.key.str()},
                        {"source", m.body.value("source", m.key.connection)},
                        {"date", m.body.value("date", "")},
                        {"amount", m.body.value("amount", "")},
                        {"currency", m.body.value("currency", "")},
                        {"status", m.body.value("status", "")},
                        {"deleted", m.deleted},
                        {"copies", nlohmann::json::array()},
                        {"sync_status", bus::sync_status_json(m.statuses)}};
    for (const char* optional : {"refunded_amount", "reason", "method", "processor_ids"}) {
        if (m.body.contains(optional)) j[optional] = m.body.at(optional);
    }
    for (const auto& copy : m.copies) j["copies"].push_back(copy.str());
    j["links"] = links_json(config, m.copies);
    if (m.key.type == "payment") {
        j["refunds"] = nlohmann::json::array();
        for (const auto& r : m.refunds) j["refunds"].push_back(movement_json(config, r));
    }
    return j;
}

std::string reference_connection(const config::HostConfig& config, const std::string& connection, const std::string& type,
                                 const std::string& rel) {
    for (const auto& route : config.routes) {
        if (!route.takes(connection, type)) continue;
        if (const auto in = route.references_in.find(rel); in != route.references_in.end()) return in->second;
    }
    return connection;
}

std::optional<InvoiceView> read_invoice_view(store::StoreTransaction& tx, const config::HostConfig& config,
                                             const store::ObjectKey& key, std::int64_t timeline_limit) {
    const auto mirrored = tx.mirror(key);
    if (!mirrored) return std::nullopt;
    InvoiceView view;
    view.key = key;
    view.mirrored = *mirrored;
    view.body = sdk::parse_json_exact(mirrored->record_json).value("body", nlohmann::json::object());
    view.deleted = mirrored->deleted;
    view.copies = copies_of(tx, config, key);
    view.statuses = tx.sync_statuses(key);
    view.timeline = tx.timeline(key, timeline_limit);

    Keys invoices = view.copies;
    invoices.push_back(key);
    view.payments = distinct(tx, config, referring(tx, config, "payment", "invoices", "invoice", invoices, "invoice"));
    if (!view.payments.empty()) {
        Keys payments;
        for (const auto& p : view.payments) {
            payments.push_back(p.key);
            payments.insert(payments.end(), p.copies.begin(), p.copies.end());
        }
        const auto refunds = distinct(tx, config, referring(tx, config, "refund", "payment", "payment", payments, "payment"));
        for (const auto& refund : refunds) {
            const std::string paid = refund.body.value("payment", nlohmann::json::object()).value("id", "");
            const store::ObjectKey of{reference_connection(config, refund.key.connection, "refund", "payment"), "payment", paid};
            for (auto& p : view.payments) {
                if ((p.key.connection == of.connection && p.key.id == of.id) || contains(p.copies, of)) {
                    p.refunds.push_back(refund);
                    break;
                }
            }
        }
    }
    return view;
}

std::string qbo_app_link(const config::HostConfig& config, const store::ObjectKey& copy) {
    const auto connection = config.connections.find(copy.connection);
    if (connection == config.connections.end() || connection->second.plugin != "quickbooks") return "";
    const char* page = copy.type == "payment" ? "recvpayment" : copy.type == "invoice" ? "invoice" : nullptr;
    if (page == nullptr) return "";
    const nlohmann::json environment = connection->second.config.value("environment", nlohmann::json("production"));
    std::string app = "https://app.qbo.intuit.com";
    if (environment == "sandbox") app = "https://app.sandbox.qbo.intuit.com";
    if (environment.is_object()) app = environment.value("base_url", app);
    return app + "/app/" + page + "?txnId=" + copy.id;
}

nlohmann::json invoice_view_json(const config::HostConfig& config, const InvoiceView& view) {
    nlohmann::json j = {{"object", view.key.str()},
                        {"deleted", view.deleted},
                        {"invoice", view.body},
                        {"copies", nlohmann::json::array()},
                        {"sync_status", bus::sync_status_json(view.statuses)},
                        {"payments", nlohmann::json::array()},
                        {"timeline", bus::timeline_json(view.timeline)}};
    for (const auto& copy : view.copies) j["copies"].push_back(copy.str());
    j["links"] = links_json(config, view.copies);
    for (const auto& p : view.payments) j["payments"].push_back(movement_json(config, p));
    return j;
}

}  // namespace ledgersync::app
