#pragma once
/// Reading HubSpot CRM objects into streams, the part both HubSpot plugins share: each plugin
/// derives from ObjectReader and says which object type a stream reads, with which properties
/// and associations, and how a page of objects translates (docs/connectors/hubspot.md,
/// "Reading").
///
/// - Backfill: list paging (GET /crm/v3/objects/{type}?after=), 100 objects a page in creation
///   order, so the search API's 10,000-result ceiling never applies.
/// - Then incremental polls: search on hs_lastmodifieddate >= watermark, oldest first, 200 a
///   page, on the host's "search" budget. Each next page is a new search from where the page
///   before ended, with the id as tie-break ((modified > t) OR (modified = t AND id > last id)),
///   not the search's next offset (an object changed during the poll moves to the end and would
///   shift one it had yet to read past that offset); so no poll meets the 10,000-result search
///   ceiling either. A finished poll moves the watermark to the latest change
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
#include "connection_config.hpp"

namespace ledgersync::connectors::hubspot {

/// Objects of `object_type` by id with these `properties` (batch read, limits.page_size ids
/// per call, 50 with history); missing ids are left out.
std::map<std::string, nlohmann::json> batch_read(HubSpotClient& client, const std::string& object_type,
                                                 const std::vector<std::string>& ids, const std::vector<std::string>& properties,
                                                 const std::vector<std::string>& properties_with_history = {});

class ObjectReader {
public:
    /// A finished poll is not started again sooner than this: the host polls every stream of a
    /// connection while one of them has more to read, and each poll reads the overlap again.
    static constexpr std::int64_t kMinPollSpacingMs = 30'000;
    /// How far before the latest change seen a poll that is not a sweep starts (at most
    /// limits.poll_overlap_seconds): changes committed while the last poll ran.
    static constexpr std::int64_t kRecentOverlapMs = 10'000;
    /// Objects per batch read that asks for propertiesWithHistory (HubSpot reads fewer objects
    /// per request with history).
    static constexpr std::size_t kHistoryBatchInputs = 50;

    /// `system`: the connector's id, which names its untranslated objects ("hubspot").
    ObjectReader(HubSpotClient& client, const HubSpotConnectionConfig& config, std::string system);
    virtual ~ObjectReader() = default;
    ObjectReader(const ObjectReader&) = delete;
    ObjectReader& operator=(const ObjectReader&) = delete;

    sdk::ReadResult read(const sdk::ReadRequest& request);

    /// The objects of `stream` with these ids, translated; ids HubSpot no longer has are left out.
    virtual sdk::ReadResult read_ids(const std::string& stream, const std::vector<std::string>& ids);

    /// The HubSpot object type a stream reads ("invoices", "commerce_payments"...); throws
    /// sdk::Unsupported for a stream the connector does not have.
    virtual std::string object_type_of(const std::string& stream) const = 0;

    /// Objects by id with the properties the connector reads of `object_type`.
    std::map<std::string, nlohmann::json> batch_read(const std::string& object_type, const std::vector<std::string>& ids,
                                                     const std::vector<std::string>& properties_with_history = {});

protected:
    /// The properties the connector reads of an object type.
    virtual std::vector<std::string> properties_of(const std::string& object_type) const = 0;
    /// The associations an object of `object_type` is read with (none by default).
    virtual std::vector<std::string> associations_of(const std::string& object_type) const;
    /// The properties whose history a read by ids of `object_type` asks for (none by default).
    virtual std::vector<std::string> history_read_by_id(const std::string& object_type) const;
    /// Translates `objects` of `stream` into `result`, reading what they reference.
    virtual void translate(const std::string& stream, const std::vector<nlohmann::json>& objects, sdk::ReadResult& result) = 0;
    void report_untranslated(const std::string& stream, const nlohmann::json& object, const std::string& reason,
                             sdk::ReadResult& result);

    HubSpotClient& client_;

private:
    const HubSpotConnectionConfig& config_;
    std::string system_;
    CommittedVersions committed_;
};

}  // namespace ledgersync::connectors::hubspot
