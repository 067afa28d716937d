// The Reader's part for commerce payments: payments and the refunds derived from them.

#include <set>

#include "reader.hpp"
#include "translate.hpp"
#include "translate_payment.hpp"

namespace ledgersync::connectors::hubspot {

using nlohmann::json;

void Reader::translate_payments(const std::string& stream, const std::vector<json>& payments, sdk::ReadResult& result) {
    // Only refunded payments need the history of hs_refunds_amount: one batch read (50 a call)
    // for those of the page, none for a page without refunds.
    std::vector<std::string> refunded;
    for (const auto& payment : payments) {
        if (has_refunds(payment) && !payment.contains("propertiesWithHistory")) refunded.push_back(payment.value("id", std::string()));
    }
    const auto with_history = refunded.empty() ? std::map<std::string, json>() : batch_read("commerce_payments", refunded, {"hs_refunds_amount"});
    for (const auto& listed : payments) {
        json payment = listed;
        if (const auto it = with_history.find(payment.value("id", std::string())); it != with_history.end()) {
            payment["propertiesWithHistory"] = it->second.value("propertiesWithHistory", json::object());
        }
        if (stream == "payment") {
            try {
                result.records.push_back(payment_record(payment, config_.customer_from));
            } catch (const TranslationError& e) {
                report_untranslated("payment", payment, e.what(), result);
            }
        }
        try {
            for (auto& refund : refund_records(payment)) result.records.push_back(std::move(refund));
        } catch (const TranslationError& e) {
            report_untranslated("refund", payment, e.what(), result);
        }
    }
}

sdk::ReadResult Reader::read_refund_ids(const std::vector<std::string>& ids) {
    std::set<std::string> wanted(ids.begin(), ids.end());
    // A payment id stands for all its refunds: the id of an untranslated refund is its payment's
    // (its refunds could not be told apart).
    std::set<std::string> payment_ids;
    for (const auto& id : ids) {
        const std::string payment = payment_id_of_refund(id);
        payment_ids.insert(payment.empty() ? id : payment);
    }
    sdk::ReadResult found = read_ids("payment", {payment_ids.begin(), payment_ids.end()});
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
