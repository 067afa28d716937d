#include "store/sql_transaction.hpp"

#include <cctype>

#include <ledgersync/sdk/decimal.hpp>
#include <ledgersync/sdk/timestamp.hpp>

namespace ledgersync::store::sql {

std::string json_array(const std::vector<std::string>& values) { return nlohmann::json(values).dump(); }

bool has_reference_fields(std::string_view type) {
#define LS_IS_REFERRING_TYPE(TYPE, FIELD) type == TYPE ||
    return LS_REFERENCE_FIELDS(LS_IS_REFERRING_TYPE) false;
#undef LS_IS_REFERRING_TYPE
}

std::string header_block(const std::vector<std::pair<std::string, std::string>>& headers) {
    std::string block;
    for (const auto& [name, value] : headers) block += name + ": " + value + "\r\n";
    return block;
}

std::vector<std::pair<std::string, std::string>> headers_of(const std::string& block) {
    std::vector<std::pair<std::string, std::string>> headers;
    std::size_t start = 0;
    while (start < block.size()) {
        const std::size_t end = block.find("\r\n", start);
        const std::string line = block.substr(start, end == std::string::npos ? std::string::npos : end - start);
        const std::size_t colon = line.find(": ");
        if (colon != std::string::npos) headers.emplace_back(line.substr(0, colon), line.substr(colon + 2));
        if (end == std::string::npos) break;
        start = end + 2;
    }
    return headers;
}

bool is_older(const std::string& incoming, const std::string& stored) {
    if (incoming.empty() || stored.empty()) return false;
    if (const auto order = sdk::compare_instants(incoming, stored)) return *order < 0;
    return incoming < stored;
}

std::string decimal_key(std::string_view amount) {
    std::string text;
    try {
        text = sdk::Decimal::parse(amount).to_string();
    } catch (const sdk::DecimalError&) {
        return "";
    }
    // As the index computes total_key in SQL: rtrim(rtrim(total, '0'), '.') when it has a point.
    if (text.find('.') != std::string::npos) {
        text.erase(text.find_last_not_of('0') + 1);
        if (text.back() == '.') text.pop_back();
    }
    return text;
}

std::string contains_pattern(std::string_view text) {
    std::string pattern = "%";
    for (const char c : text) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return pattern + "%";
}

void add_to(JobCounts& counts, std::string_view state, std::int64_t n) {
    switch (job_state_from_string(state).value_or(JobState::failed)) {
        case JobState::pending: counts.pending += n; break;
        case JobState::leased: counts.leased += n; break;
        case JobState::waiting: counts.waiting += n; break;
        case JobState::done: counts.done += n; break;
        case JobState::failed: counts.failed += n; break;
        case JobState::dismissed: counts.dismissed += n; break;
    }
}

}  // namespace ledgersync::store::sql
