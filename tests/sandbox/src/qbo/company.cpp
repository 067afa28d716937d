#include "qbo/company.hpp"

namespace ledgersync::sandbox::qbo {

std::optional<HttpResponse> RequestIdCache::find(const std::string& requestid) const {
    const auto it = responses_.find(requestid);
    if (it == responses_.end())
        return std::nullopt;
    return it->second;
}

void RequestIdCache::store(const std::string& requestid, const HttpResponse& response) {
    if (responses_.count(requestid) > 0)
        return;
    HttpResponse kept = response;
    kept.drop_connection = false;  // the replay is answered even if the first answer was lost
    responses_.emplace(requestid, std::move(kept));
    order_.push_back(requestid);
    while (order_.size() > kCapacity) {
        responses_.erase(order_.front());
        order_.pop_front();
    }
}

std::shared_ptr<Company> RealmRegistry::find(const std::string& realm_id) const {
    std::lock_guard lock(mutex_);
    const auto it = companies_.find(realm_id);
    return it == companies_.end() ? nullptr : it->second;
}

std::shared_ptr<Company> RealmRegistry::create(const std::string& realm_id) {
    std::lock_guard lock(mutex_);
    auto company = std::make_shared<Company>(realm_id);
    companies_[realm_id] = company;
    return company;
}

std::vector<std::string> RealmRegistry::realm_ids() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> ids;
    for (const auto& [id, company] : companies_)
        ids.push_back(id);
    return ids;
}

void RealmRegistry::clear() {
    std::lock_guard lock(mutex_);
    companies_.clear();
}

}  // namespace ledgersync::sandbox::qbo
