#include <algorithm>
#include <cctype>

#include <ledgersync/sdk/utf8_text.hpp>

#include "qbo_json.hpp"
#include "timestamps.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::quickbooks {

using nlohmann::json;

const std::vector<EntityKind>& entity_kinds() {
    static const std::vector<EntityKind> kinds = {
        {"invoice", "Invoice", "invoice", true},          {"customer", "Customer", "customer", false},
        {"product", "Item", "item", false},               {"payment", "Payment", "payment", true},
        {"refund", "RefundReceipt", "refundreceipt", true}, {"refund", "CreditMemo", "creditmemo", true, "creditmemo-"},
        {"expense", "Purchase", "purchase", true},
    };
    return kinds;
}

const std::vector<EntityKind>& written_only_kinds() {
    static const std::vector<EntityKind> kinds = {
        {"payout", "Transfer", "transfer", true},
        {"payout", "Deposit", "deposit", true, "deposit-"},
        {"dispute", "Purchase", "purchase", true, "purchase-"},
        {"dispute", "Deposit", "deposit", true, "deposit-"},
    };
    return kinds;
}

const EntityKind* find_entity(std::string_view entity) {
    for (const auto& kind : entity_kinds()) {
        if (kind.entity == entity) return &kind;
    }
    return nullptr;
}

std::vector<const EntityKind*> entities_of_stream(std::string_view type) {
    std::vector<const EntityKind*> out;
    for (const auto& kind : entity_kinds()) {
        if (kind.type == type) out.push_back(&kind);
    }
    return out;
}

const EntityKind* find_kind(std::string_view type, std::string_view entity) {
    for (const auto* kinds : {&entity_kinds(), &written_only_kinds()}) {
        for (const auto& kind : *kinds) {
            if (kind.type == type && kind.entity == entity) return &kind;
        }
    }
    return nullptr;
}

std::string link_id(const EntityKind& kind, const std::string& qbo_id) { return std::string(kind.id_prefix) + qbo_id; }

LinkedEntity entity_of_link(std::string_view type, const std::string& id) {
    LinkedEntity plain;
    for (const auto* kinds : {&entity_kinds(), &written_only_kinds()}) {
        for (const auto& kind : *kinds) {
            if (kind.type != type) continue;
            if (kind.id_prefix.empty()) {
                if (plain.kind == nullptr) plain = {&kind, id};
            } else if (id.size() > kind.id_prefix.size() && id.compare(0, kind.id_prefix.size(), kind.id_prefix) == 0) {
                return {&kind, id.substr(kind.id_prefix.size())};
            }
        }
    }
    return plain;
}

namespace {

template <class T>
sdk::Record make_record(const T& body, std::string_view type, const json& object, const std::string& updated_at) {
    sdk::Record record;
    record.identity.system = "quickbooks";
    record.identity.type = std::string(type);
    record.identity.id = string_member(object, "Id").value_or("");
    record.version = string_member(object, "SyncToken").value_or("");
    record.updated_at = updated_at;
    record.schema = std::string(T::kSchemaId);
    record.schema_version = T::kSchemaVersion;
    record.body = body.to_json();
    record.raw = object;
    record.links = sdk::model::to_record_links(body.references());
    return record;
}

}  // namespace

sdk::Record record_from_qbo(std::string_view entity, const json& object, const MappingSettings& mapping,
                            const std::string& fallback_time) {
    const std::string id = string_member(object, "Id").value_or("");
    if (id.empty()) throw TranslationError(std::string(entity) + " without an Id");
    const std::string updated_at = qbo_updated_at(object, fallback_time);
    sdk::Record record;
    try {
        if (entity == "Invoice") {
            record = make_record(invoice_from_qbo(object, mapping, updated_at), "invoice", object, updated_at);
        } else if (entity == "Customer") {
            record = make_record(customer_from_qbo(object), "customer", object, updated_at);
        } else if (entity == "Item") {
            record = make_record(product_from_qbo(object, mapping), "product", object, updated_at);
        } else if (entity == "Payment") {
            record = make_record(payment_from_qbo(object, mapping), "payment", object, updated_at);
        } else if (entity == "RefundReceipt" || entity == "CreditMemo") {
            record = make_record(refund_from_qbo(entity, object, mapping), "refund", object, updated_at);
        } else if (entity == "Purchase") {
            record = make_record(expense_from_qbo(object, mapping), "expense", object, updated_at);
        } else {
            throw TranslationError("the connector does not map QuickBooks " + std::string(entity) + " entities");
        }
    } catch (const sdk::DecimalError& e) {
        throw TranslationError(std::string(entity) + " " + id + " holds an amount that is not an exact decimal: " + e.what());
    } catch (const sdk::MoneyError& e) {
        throw TranslationError(std::string(entity) + " " + id + ": " + e.what());
    }
    if (record.version.empty()) throw TranslationError(std::string(entity) + " " + id + " has no SyncToken");
    record.identity.id = link_id(*find_entity(entity), id);
    // The host names the connection when it ingests the record; any identifier does here.
    sdk::Record checked = record;
    if (checked.identity.connection.empty()) checked.identity.connection = "quickbooks";
    const auto problems = sdk::model::validate_record(checked);
    if (!problems.empty()) {
        throw TranslationError(std::string(entity) + " " + id + " does not translate into a valid canonical " +
                               record.identity.type + ":\n" + problems.to_string());
    }
    return record;
}

sdk::Record deleted_record(std::string_view entity, const std::string& id, const std::string& updated_at) {
    const EntityKind* kind = find_entity(entity);
    sdk::Record record;
    record.identity.system = "quickbooks";
    record.identity.type = kind == nullptr ? std::string() : std::string(kind->type);
    record.identity.id = kind == nullptr ? id : link_id(*kind, id);
    record.operation = sdk::RecordOperation::remove;
    record.version = "deleted";
    record.updated_at = updated_at;
    record.schema = "ledgersync." + record.identity.type;
    record.schema_version = 1;
    record.body = json::object();
    record.raw = json{{"Id", id}, {"status", "Deleted"}, {"entity", std::string(entity)}};
    return record;
}

ResolvedLinks::ResolvedLinks(const sdk::Record& record) : record_(record) {}

std::string ResolvedLinks::qbo_id(const std::string& path, const sdk::model::Reference& reference) const {
    for (const auto& link : record_.links) {
        if (link.path == path && !link.target_id.empty()) return link.target_id;
    }
    for (const auto& link : record_.links) {
        if (link.path.empty() && link.type == reference.type && link.id == reference.id && !link.target_id.empty()) {
            return link.target_id;
        }
    }
    if (reference.type == "account" || reference.type == "vendor") return reference.id;
    refuse(record_.identity.type + " " + record_.identity.id,
           "its " + reference.type + " " + reference.id + (reference.name ? " (" + *reference.name + ")" : "") + " at " + path +
               " has no QuickBooks id: the reference is unresolved",
           "sync the " + reference.type + " to QuickBooks first (check that a route carries it and that its failures are "
           "resolved), then retry");
}

sdk::Decimal qbo_amount(const sdk::Decimal& value, const sdk::Currency& currency, const std::string& what) {
    if (!value.fits_scale(currency.exponent)) {
        throw TranslationError(what + " " + value.to_string() + " is not a whole number of " + std::string(currency.code) +
                               " minor units");
    }
    return value.scale() == currency.exponent ? value : value.rescaled(currency.exponent);
}

sdk::Money qbo_money(const json& object, std::string_view key, const sdk::Currency& currency, const std::string& what,
                     const std::optional<sdk::Money>& fallback) {
    if (const auto value = decimal_member(object, key)) return sdk::Money(qbo_amount(*value, currency, what), currency);
    if (fallback) return *fallback;
    return sdk::Money::zero(currency.code);
}

void require_length(const std::string& label, std::string_view field, std::string_view text, std::size_t max_characters,
                    std::string_view fix) {
    const std::size_t length = sdk::character_count(text, sdk::CharacterUnit::utf16);
    if (length <= max_characters) return;
    constexpr std::size_t kShown = 60;
    const std::string shown = truncate_for_qbo(text, kShown) + (length > kShown ? "..." : "");
    refuse(label, "its " + std::string(field) + " \"" + shown + "\" has " + std::to_string(length) +
                      " characters; QuickBooks allows at most " + std::to_string(max_characters),
           std::string(fix));
}

std::string truncate_for_qbo(std::string_view text, std::size_t max_characters) {
    return std::string(sdk::truncate_to_characters(text, max_characters, sdk::CharacterUnit::utf16));
}

sdk::Currency qbo_currency(const json& entity, const MappingSettings& mapping) {
    const std::string code = ref_value(entity, "CurrencyRef").value_or(mapping.home_currency);
    const auto currency = sdk::Currency::find(code);
    if (!currency) throw TranslationError("currency \"" + code + "\" is not an ISO 4217 code");
    return *currency;
}

std::string qbo_updated_at(const json& entity, const std::string& fallback) {
    if (const json* meta = object_member(entity, "MetaData")) {
        if (auto text = string_member(*meta, "LastUpdatedTime")) {
            if (auto ms = parse_timestamp_ms(*text)) return format_utc(*ms);
            throw TranslationError("MetaData.LastUpdatedTime \"" + *text + "\" is not a date-time");
        }
    }
    if (!fallback.empty()) {
        if (auto ms = parse_timestamp_ms(fallback)) return format_utc(*ms);
    }
    throw TranslationError("the entity has no MetaData.LastUpdatedTime");
}

bool detail_type_is(const json& line, std::string_view detail) {
    const std::string type = string_member(line, "DetailType").value_or("");
    auto normalized = [](std::string_view text) {
        std::string out;
        for (char c : text) {
            if (c != '_') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        return out;
    };
    return normalized(type) == normalized(detail);
}

bool is_voided(const json& transaction) {
    const std::string note = string_member(transaction, "PrivateNote").value_or("");
    const auto total = decimal_member(transaction, "TotalAmt");
    return note.rfind("Voided", 0) == 0 && total && total->is_zero();
}

std::string refund_marker(const std::string& payment_id, std::string_view reason) {
    return "[ledgersync] payment=" + payment_id + "; reason=" + std::string(reason);
}

RefundMarker read_refund_marker(const std::string& private_note) {
    RefundMarker marker;
    static const std::string kPrefix = "[ledgersync] ";
    std::string note;
    std::size_t start = 0;
    while (start <= private_note.size()) {
        const std::size_t end = private_note.find('\n', start);
        const std::string line = private_note.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (line.rfind(kPrefix, 0) == 0) {
            std::string rest = line.substr(kPrefix.size());
            std::size_t pos = 0;
            while (pos < rest.size()) {
                const std::size_t semi = rest.find(';', pos);
                std::string part = rest.substr(pos, semi == std::string::npos ? std::string::npos : semi - pos);
                while (!part.empty() && part.front() == ' ') part.erase(part.begin());
                const auto eq = part.find('=');
                if (eq != std::string::npos) {
                    const std::string key = part.substr(0, eq);
                    const std::string value = part.substr(eq + 1);
                    if (key == "payment") marker.payment_id = value;
                    if (key == "reason") marker.reason = value;
                }
                if (semi == std::string::npos) break;
                pos = semi + 1;
            }
        } else {
            if (!note.empty()) note += '\n';
            note += line;
        }
        if (end == std::string::npos) break;
        start = end + 1;
    }
    marker.note = note;
    return marker;
}

void refuse(const std::string& label, const std::string& what, const std::string& fix) {
    throw sdk::Error(sdk::Outcome::data("QuickBooks cannot take " + label + ": " + what, fix));
}

}  // namespace ledgersync::connectors::quickbooks
