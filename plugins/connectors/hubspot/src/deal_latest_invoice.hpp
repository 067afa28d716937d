#pragma once
/// The deal rule (docs/connectors/hubspot.md, "Deals"): when several invoices written from
/// QuickBooks update one HubSpot deal, the most recently updated one wins for the deal's
/// properties. A deal holds its latest QuickBooks invoice in the properties below (group
/// "ledgersync" on deals, created with the connector's other properties, custom_properties.hpp);
/// an invoice written to HubSpot that is associated with a deal (it came from HubSpot with it,
/// or a user associated it) replaces them only when its (updated_at, then source id) is at least
/// the deal's: a later time, or the same time and a source id not lower (numerically when both
/// are digits). An older invoice arriving later leaves the deal alone, and says so (log at info,
/// and the write's outcome details).
///
/// The state lives on the deal, so the rule holds across restarts and hosts. Read, decision and
/// write are one step at a time per connector instance (a mutex): two workers writing two
/// invoices of one deal cannot interleave (hosts sharing work lease a connection to one host).
///
/// Cost per batch: no call when no invoice of it existed before (a new invoice has no deal);
/// else one v4 association batch read (1,000 invoices a call), and only when deals are found a
/// batch read of the deals and a batch update of those that change (100 a call).

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "client.hpp"

namespace ledgersync::connectors::hubspot {

inline constexpr const char* kDealInvoiceIdProperty = "ledgersync_qbo_invoice_id";
inline constexpr const char* kDealInvoiceNumberProperty = "ledgersync_qbo_invoice_number";
inline constexpr const char* kDealInvoiceStatusProperty = "ledgersync_qbo_invoice_status";
inline constexpr const char* kDealInvoiceTotalProperty = "ledgersync_qbo_invoice_total";
inline constexpr const char* kDealInvoiceBalanceDueProperty = "ledgersync_qbo_invoice_balance_due";
inline constexpr const char* kDealInvoiceCurrencyProperty = "ledgersync_qbo_invoice_currency";
inline constexpr const char* kDealInvoiceUpdatedAtProperty = "ledgersync_qbo_invoice_updated_at";
inline constexpr const char* kDealInvoiceHubSpotIdProperty = "ledgersync_invoice_id";

/// The definitions of the deal properties, for POST /crm/v3/properties/deals.
std::vector<nlohmann::json> deal_invoice_property_definitions();

/// An invoice just written to HubSpot, as a candidate for its deals' properties.
struct DealCandidate {
    std::string invoice_id;  ///< the HubSpot invoice
    std::string label;       ///< "invoice 1037 (quickbooks invoice 130)", for the log
    std::string source_id;   ///< the source invoice's id (QuickBooks Id)
    std::string number;
    std::string status;
    std::string total;
    std::string balance_due;
    std::string currency;
    /// When the source last changed the invoice (QuickBooks MetaData.LastUpdatedTime), epoch ms.
    std::optional<std::int64_t> updated_ms;
};

/// What became of one candidate on one deal.
struct DealDecision {
    std::string deal_id;
    bool written = false;
    /// Why not, when not written ("deal 7 holds quickbooks invoice 131, updated later").
    std::string reason;
};

/// (updated_ms, source id) of `a` is at least `b`'s: `a` may replace `b` on a deal.
bool at_least_as_recent(std::int64_t a_ms, const std::string& a_id, std::int64_t b_ms, const std::string& b_id);

/// The deal properties `candidate` sets.
nlohmann::json deal_properties_of(const DealCandidate& candidate);

class DealLatestInvoice {
public:
    explicit DealLatestInvoice(HubSpotClient& client);

    /// Applies the rule to the deals of `invoices`; per candidate, in order, its decisions (none
    /// when it has no deal). Throws sdk::Error when a call fails: the write is retried whole
    /// (every step is idempotent), so the deals are not left behind.
    std::vector<std::vector<DealDecision>> apply(const std::vector<DealCandidate>& invoices);

private:
    HubSpotClient& client_;
    std::mutex mutex_;
};

}  // namespace ledgersync::connectors::hubspot
