#include "company_currency.hpp"

#include <cctype>

namespace ledgersync::connectors::hubspot {

namespace {

bool currency_code(const std::string& text) {
    if (text.size() != 3) return false;
    for (const char c : text) {
        if (!std::isupper(static_cast<unsigned char>(c))) return false;
    }
    return true;
}

}  // namespace

CompanyCurrency::CompanyCurrency(HubSpotClient& client) : client_(client) {}

std::string CompanyCurrency::get() {
    std::lock_guard lock(mutex_);
    if (currency_) return *currency_;
    const nlohmann::json answer = client_.json_call({"GET", "/account-info/v3/details", {}, "", ""},
                                                    {"reading", "the account's details (its company currency)"});
    const auto found = answer.find("companyCurrency");
    const std::string code = found != answer.end() && found->is_string() ? found->get<std::string>() : std::string();
    if (!currency_code(code)) {
        throw sdk::Error(sdk::Outcome::transient(
            "HubSpot's account details (GET /account-info/v3/details) carry no company currency (companyCurrency: " +
            (found == answer.end() ? std::string("absent") : found->dump()) +
            "); product prices are not read without it"));
    }
    currency_ = code;
    return code;
}

}  // namespace ledgersync::connectors::hubspot
