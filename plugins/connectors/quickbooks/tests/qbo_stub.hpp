#pragma once
// A minimal stand-in for the QBO API inside unit tests (the real emulator, ledgersync-sandbox,
// serves the integration tests): entities by id with SyncTokens, create / sparse update / void
// / deactivate, /batch, requestid replay, a tiny query, and faults and lost answers on demand.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <ledgersync/sdk.hpp>

#include "fake_host.hpp"

namespace ledgersync::connectors::quickbooks::testing {

class QboStub {
public:
    /// Answers `host`'s HTTP and gives it a valid access token, so no refresh happens.
    explicit QboStub(FakeHost& host);

    sdk::HttpResponse handle(const sdk::HttpRequest& request);

    /// Entities by "Entity/Id".
    std::map<std::string, nlohmann::json> entities;
    /// Answers kept per requestid, replayed as QBO does.
    std::map<std::string, std::string> replay;
    /// "METHOD /path" of every API call (no token calls).
    std::vector<std::string> calls;
    /// The next request is executed and committed, then its answer is lost.
    int drop_after_commit = 0;
    /// The next request is lost before it arrives.
    int drop_before = 0;
    /// Per-item fault injection: returns a Fault JSON object for the entity about to be
    /// written, or nullopt to proceed.
    std::function<std::optional<nlohmann::json>(const std::string& entity, const nlohmann::json& body)> fault;
    /// Changes an entity as QBO stores it after a create or update (QBO adding sales tax).
    std::function<void(const std::string& entity, nlohmann::json& stored)> adjust;
    /// The company's Preferences (GET preferences), answered apart from the faults and drops
    /// above and not in `calls`: custom transaction numbers on, so invoices keep their numbers.
    nlohmann::json preferences = {{"Id", "1"}, {"SyncToken", "0"}, {"SalesFormsPrefs", {{"CustomTxnNumbers", true}}}};
    /// GET preferences calls answered.
    int preference_reads = 0;
    /// Answers the next API call with this response instead (throttling, gateway errors).
    std::optional<sdk::HttpResponse> next_response;

    /// Puts an entity as if it existed in QBO.
    void put(const std::string& entity, nlohmann::json body);
    std::size_t count(const std::string& entity) const;

private:
    /// One write operation; the entity (as QBO answers it) or a {"Fault": ...} object.
    nlohmann::json apply(const std::string& entity, const std::string& operation, bool include_void, nlohmann::json body);
    nlohmann::json query(const std::string& sql);
    std::string next_id_ = "1";
    FakeHost& host_;
};

/// A QBO Fault object with one error.
nlohmann::json fault_object(const std::string& code, const std::string& message, const std::string& detail);

}  // namespace ledgersync::connectors::quickbooks::testing
