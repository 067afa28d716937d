#pragma once
/// Reading the streams "invoice", "customer" (contacts or companies, as customer_from says),
/// "product", and "payment" / "refund" (commerce payments; docs/connectors/hubspot.md, "Reading"
/// and "Payments").
///
/// - Backfill: list paging (GET /crm/v3/objects/{type}?after=), 100 objects a page in creation
///   order, so the search API's 10,000-result ceiling never applies. Invoices come with their
///   association ids; what a page references (line items, contacts, companies) is read with
///   batch reads of 100 ids, so a page of 100 invoices costs about 5 calls.
/// - Then incremental polls: search on hs_lastmodifieddate >= watermark, oldest first, 200 a
///   page, on the host's "search" budget. When the result set would cross the ceiling, the next
///   slice starts at the last instant seen, with the id as tie-break ((modified > t) OR
///   (modified = t AND id > last id)). A finished poll moves the watermark to the latest change
///   seen less 10 seconds (changes committed while it ran, two in one millisecond included);
///   once every limits.poll_overlap_seconds a sweep searches that whole overlap again, for
///   changes the search index showed late. What comes again at a version, or with content, the
///   host already has is skipped before its parts are read. A stream polled less than 30
///   seconds ago is not searched again (webhooks bring changes sooner).
/// - A read by ids (a retried failure, a webhook) uses batch reads and the v4 association
///   batch reads. An object without a faithful canonical form becomes an untranslated object.

#include <map>
#include <string>
#include <vector>

#include <ledgersync/sdk/connector.hpp>

#include "client.hpp"
#include "committed_versions.hpp"
#include "company_currency.hpp"
#include "config.hpp"

namespace ledgersync::connectors::hubspot {

class Reader {
public:
    /// HubSpot's search returns at most this many results per query.
    static constexpr std::int64_t kSearchCeiling = 10'000;
    /// A finished poll is not started again sooner than this: the host polls every stream of a
    /// connection while one of them has more to read, and each poll reads the overlap again.
    static constexpr std::int64_t kMinPollSpacingMs = 30'000;
    /// How far before the latest change seen a poll that is not a sweep starts (at most
    /// limits.poll_overlap_seconds): changes committed while the last poll ran.
    static constexpr std::int64_t kRecentOverlapMs = 10'000;
    /// Objects per batch read that asks for propertiesWithHistory (HubSpot reads fewer objects
    /// per request with history).
    static constexpr std::size_t kHistoryBatchInputs = 50;

    /// `company_currency`: what product prices are in (the connector's, shared with check()).
    Reader(HubSpotClient& client, const HubSpotConfig& config, CompanyCurrency& company_currency);

    sdk::ReadResult read(const sdk::ReadRequest& request);

    /// The objects of `stream` with these ids, translated; ids HubSpot no longer has are left out.
    sdk::ReadResult read_ids(const std::string& stream, const std::vector<std::string>& ids);

    /// The HubSpot object type a stream reads: "invoices", "contacts", "companies", "products".
    std::string object_type_of(const std::string& stream) const;

    /// Objects by id (batch read, 100 ids per call, 50 with history); missing ids are left out.
    std::map<std::string, nlohmann::json> batch_read(const std::string& object_type, const std::vector<std::string>& ids,
                                                     const std::vector<std::string>& properties_with_history = {});

private:
    /// Commerce payments as payment records ("payment" stream) and refund records (both
    /// streams); reads the history of hs_refunds_amount of the refunded ones (reader_payments.cpp).
    void translate_payments(const std::string& stream, const std::vector<nlohmann::json>& payments, sdk::ReadResult& result);
    /// The refunds with these ids ("<payment id>-refund-<n>"), from their payments read again.
    sdk::ReadResult read_refund_ids(const std::vector<std::string>& ids);
    /// Translates `objects` of `stream` into `result`, reading what invoices reference.
    void translate(const std::string& stream, const std::vector<nlohmann::json>& objects, sdk::ReadResult& result);
    void report_untranslated(const std::string& stream, const nlohmann::json& object, const std::string& reason,
                             sdk::ReadResult& result);

    HubSpotClient& client_;
    const HubSpotConfig& config_;
    CommittedVersions committed_;
    /// What product prices are in; read at the first product.
    CompanyCurrency& company_currency_;
};

/// The properties the connector reads of an object type.
std::vector<std::string> properties_read(const std::string& object_type, const HubSpotConfig& config);

}  // namespace ledgersync::connectors::hubspot
