#pragma once
/// One QBO company (realm) and everything kept per company: its data, its exchange rates, the
/// responses stored for requestid replays, and the lock that serializes its requests (Poco
/// serves requests on a thread pool; a company's operations run one at a time, as a consistent
/// ledger needs).

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/http_message.hpp"
#include "qbo/company_store.hpp"
#include "qbo/exchange_rates.hpp"

namespace ledgersync::sandbox::qbo {

/// Responses already sent, by requestid, so that a retry gets the first answer again (RID).
/// Bounded: the oldest are forgotten first (Intuit documents no retention window).
class RequestIdCache {
public:
    static constexpr std::size_t kCapacity = 50'000;

    std::optional<HttpResponse> find(const std::string& requestid) const;
    void store(const std::string& requestid, const HttpResponse& response);

private:
    std::map<std::string, HttpResponse> responses_;
    std::deque<std::string> order_;
};

class Company {
public:
    explicit Company(std::string realm_id) : store_(realm_id), realm_id_(std::move(realm_id)) {}

    const std::string& realm_id() const noexcept { return realm_id_; }
    /// Held for the whole of each request to this company.
    std::mutex& mutex() { return mutex_; }
    CompanyStore& store() { return store_; }
    RequestIdCache& requestids() { return requestids_; }
    ExchangeRateTable& exchange_rates() { return exchange_rates_; }

private:
    std::mutex mutex_;
    CompanyStore store_;
    RequestIdCache requestids_;
    ExchangeRateTable exchange_rates_;
    std::string realm_id_;
};

/// Every company of the sandbox, by realm id.
class RealmRegistry {
public:
    std::shared_ptr<Company> find(const std::string& realm_id) const;
    /// A new, empty company; replaces one with the same id.
    std::shared_ptr<Company> create(const std::string& realm_id);
    std::vector<std::string> realm_ids() const;
    void clear();

private:
    mutable std::mutex mutex_;
    std::map<std::string, std::shared_ptr<Company>> companies_;
};

}  // namespace ledgersync::sandbox::qbo
