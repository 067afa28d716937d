#include "hubspot/webhook_publisher.hpp"

#include <algorithm>
#include <stdexcept>

#include "common/webhook_retry_settings.hpp"
#include "hubspot/object_types.hpp"
#include "hubspot/webhook_signature.hpp"

namespace ledgersync::sandbox::hubspot {

namespace {

const char* verb_of(ChangeEvent::Kind kind) {
    switch (kind) {
        case ChangeEvent::Kind::creation:
            return "creation";
        case ChangeEvent::Kind::property_change:
            return "propertyChange";
        case ChangeEvent::Kind::deletion:
            return "deletion";
        case ChangeEvent::Kind::association_change:
            return "associationChange";
    }
    return "";
}

// Legacy subscription types exist only for these objects; invoices, payments, discounts, fees
// and taxes need generic object.* subscriptions.
bool has_legacy_events(const std::string& singular) {
    return singular == "contact" || singular == "company" || singular == "deal" ||
           singular == "product" || singular == "line_item";
}

bool subscription_matches(const WebhookSubscription& s, const ObjectType& type,
                          const ChangeEvent& change) {
    if (!s.active)
        return false;
    const std::string verb = verb_of(change.kind);
    const bool generic = s.event_type == "object." + verb && s.object_type_id == type.type_id;
    const bool legacy = s.event_type == type.singular + "." + verb;
    if (!generic && !legacy)
        return false;
    if (change.kind == ChangeEvent::Kind::property_change)
        return s.property_name == change.property;
    return true;
}

ChangeEvent inverse(const ChangeEvent& change) {
    ChangeEvent out = change;
    out.object_type = change.to_type;
    out.object_id = change.to_id;
    out.to_type = change.object_type;
    out.to_id = change.object_id;
    const std::string& name = change.association_name;
    const std::size_t middle = name.find("_TO_");
    if (middle != std::string::npos)
        out.association_name = name.substr(middle + 4) + "_TO_" + name.substr(0, middle);
    return out;
}

}  // namespace

WebhookPublisher::WebhookPublisher(WebhookDispatcher& dispatcher, const SandboxClock& clock,
                                   const AuthServer& auth)
    : dispatcher_(dispatcher), clock_(clock), auth_(auth) {
    reset();
}

void WebhookPublisher::reset() {
    {
        std::lock_guard lock(mutex_);
        apps_.clear();
        max_batch_size_ = 100;
        duplicate_ = false;
        out_of_order_ = false;
        seed_ = 1;
        random_.seed(seed_);
        next_event_id_ = 1;
        next_subscription_id_ = 1;
    }
    WebhookRetryPolicy policy;
    policy.any_2xx_acknowledges = true;
    policy.timeout_ms = 5000;  // HubSpot waits 5 s
    dispatcher_.set_retry_policy("hubspot", policy);
}

void WebhookPublisher::configure(const nlohmann::json& config) {
    if (!config.is_object())
        throw std::invalid_argument("the webhook configuration must be an object");
    const std::string app_id = config.value("app_id", std::string(AuthServer::kDefaultAppId));
    if (!auth_.app(app_id))
        throw std::invalid_argument("no app " + app_id + "; add it under /__sandbox/hubspot/apps");
    AppWebhooks hooks;
    WebhookRetryPolicy policy;
    policy.any_2xx_acknowledges = true;
    policy.timeout_ms = 5000;
    std::lock_guard lock(mutex_);
    int max_batch = max_batch_size_;
    bool duplicate = duplicate_;
    bool out_of_order = out_of_order_;
    std::uint64_t seed = seed_;
    std::int64_t next_id = next_subscription_id_;
    for (auto it = config.begin(); it != config.end(); ++it) {
        const std::string& key = it.key();
        if (key == "app_id") {
            continue;
        } else if (key == "target_url") {
            if (!it->is_string() || it->get<std::string>().rfind("http://", 0) != 0)
                throw std::invalid_argument("\"target_url\" must be an http:// URL");
            hooks.target_url = it->get<std::string>();
        } else if (key == "subscriptions") {
            if (!it->is_array())
                throw std::invalid_argument("\"subscriptions\" must be an array");
            for (const auto& s : *it) {
                WebhookSubscription sub;
                sub.id = next_id++;
                sub.event_type = s.value("eventType", std::string());
                sub.object_type_id = s.value("objectTypeId", std::string());
                sub.property_name = s.value("propertyName", std::string());
                sub.active = s.value("active", true);
                const std::size_t dot = sub.event_type.find('.');
                if (dot == std::string::npos)
                    throw std::invalid_argument(
                        "\"eventType\" must be like object.creation or "
                        "contact.propertyChange");
                const std::string prefix = sub.event_type.substr(0, dot);
                if (prefix == "object") {
                    const ObjectType* type = find_object_type(sub.object_type_id);
                    if (type == nullptr)
                        throw std::invalid_argument(
                            "generic subscriptions need an "
                            "\"objectTypeId\" such as 0-53");
                    sub.object_type_id = type->type_id;
                } else if (!has_legacy_events(prefix)) {
                    throw std::invalid_argument("there are no " + prefix +
                                                ".* subscriptions; use object.* with an "
                                                "objectTypeId");
                }
                if (sub.event_type.substr(dot + 1) == "propertyChange" && sub.property_name.empty())
                    throw std::invalid_argument(
                        "propertyChange subscriptions need "
                        "\"propertyName\"");
                hooks.subscriptions.push_back(std::move(sub));
            }
        } else if (key == "max_batch_size") {
            if (!it->is_number_integer() || it->get<int>() < 1 || it->get<int>() > 100)
                throw std::invalid_argument("\"max_batch_size\" is 1..100");
            max_batch = it->get<int>();
        } else if (key == "duplicate" || key == "out_of_order") {
            if (!it->is_boolean())
                throw std::invalid_argument("\"" + key + "\" must be true or false");
            (key == "duplicate" ? duplicate : out_of_order) = it->get<bool>();
        } else if (key == "seed") {
            if (!it->is_number_unsigned())
                throw std::invalid_argument("\"seed\" must be a non-negative integer");
            seed = it->get<std::uint64_t>();
        } else if (!apply_retry_setting(policy, key, *it)) {
            throw std::invalid_argument("unknown webhook setting \"" + key + "\"");
        }
    }
    if (hooks.target_url.empty() && !hooks.subscriptions.empty())
        throw std::invalid_argument("\"target_url\" is required with subscriptions");
    apps_[app_id] = std::move(hooks);
    max_batch_size_ = max_batch;
    duplicate_ = duplicate;
    out_of_order_ = out_of_order;
    seed_ = seed;
    random_.seed(seed);
    next_subscription_id_ = next_id;
    dispatcher_.set_retry_policy("hubspot", policy);
}

nlohmann::json WebhookPublisher::to_json() const {
    std::lock_guard lock(mutex_);
    nlohmann::json apps = nlohmann::json::object();
    for (const auto& [app_id, hooks] : apps_) {
        nlohmann::json subs = nlohmann::json::array();
        for (const auto& s : hooks.subscriptions) {
            nlohmann::json entry = {
                {"id", s.id}, {"eventType", s.event_type}, {"active", s.active}};
            if (!s.object_type_id.empty())
                entry["objectTypeId"] = s.object_type_id;
            if (!s.property_name.empty())
                entry["propertyName"] = s.property_name;
            subs.push_back(entry);
        }
        apps[app_id] = {{"target_url", hooks.target_url}, {"subscriptions", subs}};
    }
    return {{"apps", apps},
            {"max_batch_size", max_batch_size_},
            {"duplicate", duplicate_},
            {"out_of_order", out_of_order_},
            {"seed", seed_}};
}

std::vector<nlohmann::json> WebhookPublisher::events_for(const std::string& portal_id,
                                                         const std::string& app_id,
                                                         const AppWebhooks& hooks,
                                                         const std::vector<ChangeEvent>& changes) {
    std::vector<nlohmann::json> events;
    const auto add = [&](const ChangeEvent& change) {
        const ObjectType* type = find_object_type(change.object_type);
        if (type == nullptr)
            return;
        for (const auto& s : hooks.subscriptions) {
            if (!subscription_matches(s, *type, change))
                continue;
            nlohmann::json event = {{"eventId", next_event_id_++},
                                    {"subscriptionId", s.id},
                                    {"portalId", std::stoll(portal_id)},
                                    {"appId", std::stoll(app_id)},
                                    {"occurredAt", change.time_ms},
                                    {"subscriptionType", s.event_type},
                                    {"attemptNumber", 0},
                                    {"objectId", change.object_id},
                                    {"changeSource", "INTEGRATION"}};
            if (s.event_type.rfind("object.", 0) == 0)
                event["objectTypeId"] = type->type_id;
            if (change.kind == ChangeEvent::Kind::creation)
                event["changeFlag"] = "NEW";
            if (change.kind == ChangeEvent::Kind::deletion)
                event["changeFlag"] = "DELETED";
            if (change.kind == ChangeEvent::Kind::property_change) {
                event["propertyName"] = change.property;
                event["propertyValue"] = change.value;
            }
            if (change.kind == ChangeEvent::Kind::association_change) {
                const ObjectType* to = find_object_type(change.to_type);
                event.erase("objectId");
                event["associationType"] = change.association_name;
                event["fromObjectId"] = change.object_id;
                event["toObjectId"] = change.to_id;
                event["fromObjectTypeId"] = type->type_id;
                event["toObjectTypeId"] = to != nullptr ? to->type_id : "";
                event["associationTypeId"] = change.association_type_id;
                event["associationCategory"] = change.association_category;
                event["associationRemoved"] = change.association_removed;
                event["isPrimaryAssociation"] = change.primary;
            }
            events.push_back(std::move(event));
        }
    };
    for (const auto& change : changes) {
        add(change);
        if (change.kind == ChangeEvent::Kind::association_change)
            add(inverse(change));
    }
    return events;
}

void WebhookPublisher::publish(const std::string& portal_id,
                               const std::vector<ChangeEvent>& changes) {
    if (changes.empty())
        return;
    const std::vector<std::string> installed = auth_.installed_apps(portal_id);
    std::lock_guard lock(mutex_);
    for (const auto& app_id : installed) {
        const auto hooks = apps_.find(app_id);
        if (hooks == apps_.end() || hooks->second.target_url.empty())
            continue;
        const auto app = auth_.app(app_id);
        if (!app)
            continue;
        std::vector<nlohmann::json> events = events_for(portal_id, app_id, hooks->second, changes);
        if (out_of_order_)
            std::shuffle(events.begin(), events.end(), random_);
        for (std::size_t start = 0; start < events.size();
             start += static_cast<std::size_t>(max_batch_size_)) {
            const std::size_t end =
                std::min(events.size(), start + static_cast<std::size_t>(max_batch_size_));
            const nlohmann::json batch(
                std::vector<nlohmann::json>(events.begin() + static_cast<std::ptrdiff_t>(start),
                                            events.begin() + static_cast<std::ptrdiff_t>(end)));
            WebhookMessage message;
            message.api = "hubspot";
            message.url = hooks->second.target_url;
            message.body = batch.dump();
            message.summary = std::to_string(end - start) + " event(s) for app " + app_id +
                              " (portal " + portal_id + ")";
            message.headers["Content-Type"] = "application/json";
            message.headers["User-Agent"] = "HubSpot Connect 2.0 (http://dev.hubspot.com/)";
            const std::string secret = app->client_secret;
            const SandboxClock* clock = &clock_;
            message.prepare = [batch, secret, clock](WebhookMessage& m, int attempt) {
                nlohmann::json numbered = batch;
                for (auto& event : numbered)
                    event["attemptNumber"] = attempt;
                m.body = numbered.dump();
                const std::string timestamp = std::to_string(clock->now_ms());
                m.headers["X-HubSpot-Request-Timestamp"] = timestamp;
                m.headers["X-HubSpot-Signature-v3"] =
                    signature_v3(secret, "POST", m.url, m.body, timestamp);
                m.headers["X-HubSpot-Signature"] = signature_v1(secret, m.body);
                m.headers["X-HubSpot-Signature-Version"] = "v1";
            };
            const int copies = duplicate_ ? 2 : 1;
            for (int i = 0; i < copies; ++i)
                dispatcher_.enqueue(message);
        }
    }
}

}  // namespace ledgersync::sandbox::hubspot
