#include "stripe/stripe_account.hpp"

#include "common/sandbox_clock.hpp"
#include "stripe/list_pager.hpp"
#include "stripe/object_id.hpp"
#include "stripe/webhook_sender.hpp"

namespace ledgersync::sandbox::stripe {

StripeAccount::StripeAccount(const SandboxClock& clock) : clock_(clock) {
    reset();
}

std::int64_t StripeAccount::now() const {
    if (time_override_)
        return *time_override_;
    const std::int64_t ms = clock_.now_ms();
    return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
}

void StripeAccount::reset() {
    store_.clear();
    ledger_.clear();
    fees_ = FeeSchedule{};
    rates_ = ExchangeRates{};
    payouts_.reset(now());
    context_ = RequestContext{};
    outbox_.clear();
    events_muted_ = false;
    time_override_.reset();
}

std::size_t StripeAccount::endpoints_for(const std::string& type) const {
    std::size_t count = 0;
    for (const auto& [key, id] : store_.ordered("webhook_endpoint")) {
        const nlohmann::json* endpoint = store_.find(id);
        if (endpoint == nullptr || endpoint->value("status", "") != "enabled")
            continue;
        for (const auto& pattern : endpoint->value("enabled_events", nlohmann::json::array())) {
            if (pattern.is_string() && WebhookSender::type_enabled({pattern.get<std::string>()}, type)) {
                ++count;
                break;
            }
        }
    }
    return count;
}

void StripeAccount::record_event(const std::string& type, const nlohmann::json& object,
                                 const nlohmann::json& previous_attributes, std::int64_t created) {
    if (events_muted_)
        return;
    nlohmann::json data = {{"object", render(object)}};
    if (!previous_attributes.is_null())
        data["previous_attributes"] = previous_attributes;
    nlohmann::json request = {
        {"id", context_.request_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(context_.request_id)},
        {"idempotency_key", context_.idempotency_key.empty()
                                ? nlohmann::json(nullptr)
                                : nlohmann::json(context_.idempotency_key)}};
    nlohmann::json event = {{"id", new_object_id("evt")},
                            {"object", "event"},
                            {"api_version", "2023-08-16"},
                            {"created", created != 0 ? created : now()},
                            {"data", std::move(data)},
                            {"livemode", context_.livemode},
                            {"pending_webhooks", endpoints_for(type)},
                            {"request", std::move(request)},
                            {"type", type}};
    outbox_.push_back(store_.insert(std::move(event)));
}

std::vector<nlohmann::json> StripeAccount::take_outbox() {
    std::vector<nlohmann::json> out;
    out.swap(outbox_);
    return out;
}

nlohmann::json StripeAccount::render(const nlohmann::json& stored) const {
    nlohmann::json out = stored;
    if (out.value("object", "") == "balance_transaction")
        out["status"] = balance_status(out.at("available_on").get<std::int64_t>(), now());
    return out;
}

std::optional<nlohmann::json> StripeAccount::render_by_id(const std::string& id) const {
    const nlohmann::json* object = store_.find(id);
    if (object == nullptr)
        return std::nullopt;
    return render(*object);
}

std::optional<nlohmann::json> StripeAccount::expanded_only(const nlohmann::json& owner,
                                                           const std::string& field) const {
    if (owner.value("object", "") != "charge" || field != "refunds")
        return std::nullopt;
    // Since 2022-11-15 a charge's refunds are only shown when expanded: the first page of
    // the charge's refunds, newest first, as GET /v1/charges/{id}/refunds lists them.
    const std::string charge_id = owner.at("id");
    nlohmann::json data = nlohmann::json::array();
    std::size_t total = 0;
    const auto& refunds = store_.ordered("refund");
    for (auto it = refunds.rbegin(); it != refunds.rend(); ++it) {
        const nlohmann::json* refund = store_.find(it->second);
        if (refund == nullptr || refund->value("charge", "") != charge_id)
            continue;
        if (++total <= 10)
            data.push_back(render(*refund));
    }
    return list_envelope("/v1/charges/" + charge_id + "/refunds", total > 10, std::move(data));
}

void apply_metadata(nlohmann::json& object, const nlohmann::json& metadata) {
    nlohmann::json& current = object["metadata"];
    if (!current.is_object())
        current = nlohmann::json::object();
    if (metadata.is_string()) {
        if (metadata.get<std::string>().empty())
            current = nlohmann::json::object();
        return;
    }
    if (!metadata.is_object())
        return;
    for (auto it = metadata.begin(); it != metadata.end(); ++it) {
        if (it->is_string() && it->get<std::string>().empty()) {
            current.erase(it.key());
        } else {
            current[it.key()] = *it;
        }
    }
}

void update_metadata(StripeAccount& account, nlohmann::json& object, const nlohmann::json& params,
                     const std::string& event_type) {
    if (!params.contains("metadata"))
        return;
    const nlohmann::json previous = {{"metadata", object.at("metadata")}};
    apply_metadata(object, params.at("metadata"));
    account.record_event(event_type, object, previous);
}

}  // namespace ledgersync::sandbox::stripe
