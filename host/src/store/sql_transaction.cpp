#include "store/sql_transaction.hpp"

#include <ledgersync/sdk/timestamp.hpp>

namespace ledgersync::store::sql {

std::string json_array(const std::vector<std::string>& values) { return nlohmann::json(values).dump(); }

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

}  // namespace ledgersync::store::sql
