#include "payment_reader.hpp"

#include <set>

#include "hubspot_objects.hpp"
#include "translate_payment.hpp"

namespace ledgersync::connectors::hubspot {

using nlohmann::json;

PaymentReader::PaymentReader(HubSpotClient& client, const HubSpotPaymentsConfig& config)
    : ObjectReader(client, config, "hubspot_payments"), config_(config) {}

std::string PaymentReader::object_type_of(const std::string& stream) const {
    if (stream == "payment" || stream == "refund") return "commerce_payments";
    throw sdk::Unsupported("the hubspot_payments connector has no stream '" + stream + "' (it reads payment and refund)");
}

std::vector<std::string> PaymentReader::properties_of(const std::string&) const { return payment_properties_read(); }

std::vector<std::string> PaymentReader::associations_of(const std::string&) const { return payment_associations_read(); }

std::vector<std::string> PaymentReader::history_read_by_id(const std::string&) const { return {"hs_refunds_amount"}; }

sdk::ReadResult PaymentReader::read_ids(const std::string& stream, const std::vector<std::string>& ids) {
    if (stream == "refund") return read_refund_ids(ids);
    return ObjectReader::read_ids(stream, ids);
}

void PaymentReader::translate(const std::string& stream, const std::vector<json>& payments, sdk::ReadResult& result) {
    // Only refunded payments need the history of hs_refunds_amount: one batch read (50 a call)
    // for those of the page, none for a page without refunds.
    std::vector<std::string> refunded;
    for (const auto& payment : payments) {
        if (has_refunds(payment) && refunds_booked_here(payment, config_.payments) && !payment.contains("propertiesWithHistory")) {
            refunded.push_back(payment.value("id", std::string()));
        }
    }
    const auto with_history = refunded.empty() ? std::map<std::string, json>() : batch_read("commerce_payments", refunded, {"hs_refunds_amount"});
    for (const auto& listed : payments) {
        json payment = listed;
        if (const auto it = with_history.find(payment.value("id", std::string())); it != with_history.end()) {
            payment["propertiesWithHistory"] = it->second.value("propertiesWithHistory", json::object());
        }
        if (stream == "payment") {
            try {
                result.records.push_back(payment_record(payment, config_.payments));
            } catch (const TranslationError& e) {
                report_untranslated("payment", payment, e.what(), result);
            }
        }
        // A Stripe connection books the refunds of a payment it books (the byo_stripe rule); the
        // payment record keeps their total (refunded_amount) and its status.
        if (!refunds_booked_here(payment, config_.payments)) continue;
        try {
            for (auto& refund : refund_records(payment)) result.records.push_back(std::move(refund));
        } catch (const TranslationError& e) {
            report_untranslated("refund", payment, e.what(), result);
        }
    }
}

sdk::ReadResult PaymentReader::read_refund_ids(const std::vector<std::string>& ids) {
    std::set<std::string> wanted(ids.begin(), ids.end());
    // A payment id stands for all its refunds: the id of an untranslated refund is its payment's
    // (its refunds could not be told apart).
    std::set<std::string> payment_ids;
    for (const auto& id : ids) {
        const std::string payment = payment_id_of_refund(id);
        payment_ids.insert(payment.empty() ? id : payment);
    }
    sdk::ReadResult found = ObjectReader::read_ids("payment", {payment_ids.begin(), payment_ids.end()});
    sdk::ReadResult result;
    result.answers_ids = true;
    for (auto& record : found.records) {
        const bool asked = wanted.count(record.identity.id) > 0 || wanted.count(payment_id_of_refund(record.identity.id)) > 0;
        if (record.identity.type == "refund" && asked) result.records.push_back(std::move(record));
    }
    for (auto& untranslated : found.untranslated) {
        if (untranslated.identity.type == "refund") result.untranslated.push_back(std::move(untranslated));
    }
    return result;
}

}  // namespace ledgersync::connectors::hubspot
