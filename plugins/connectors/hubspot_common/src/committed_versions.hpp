#pragma once
/// The versions of a stream's objects the host has already committed, so that a poll reading
/// them again skips them before paying for their associations, line items and customers. A poll
/// reads an object again when the poll overlap (which catches changes HubSpot's search index
/// shows late) covers it again, and when the object was modified without a change the connector
/// reads: the sync-status properties the connector itself writes after each sync are the
/// common case. Such a version has the same content as the committed one: the properties the
/// connector reads are equal, only the modification time moved.
///
/// A page's versions count as committed only once the host hands back the cursor that page was
/// returned with: the host stores records and cursor in one transaction, so a read with that
/// cursor proves the records were stored. A read with any other cursor (the host could not
/// store the page, or restarted) drops them. Skipping a committed version loses nothing: the host
/// ignores a version it already has, and one with the same content makes the same record.

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ledgersync::connectors::hubspot {

class CommittedVersions {
public:
    /// At most this many objects are remembered per stream; past it the least recently
    /// modified tenth is forgotten (a poll then reads those in full again if they come back).
    static constexpr std::size_t kMaxRememberedPerStream = 200'000;

    /// One version of an object.
    struct Version {
        std::string id;
        /// Its modification time (the property HubSpot's search filters on), epoch ms.
        std::int64_t modified_ms = 0;
        /// A digest of the properties the connector reads, the modification time left out
        /// (0: unknown, never equal to another).
        std::uint64_t content = 0;
    };

    /// At the start of a read of `stream` with `cursor`: the versions handed out with exactly
    /// this cursor are committed; any others handed out are forgotten.
    void confirm(const std::string& stream, const std::optional<std::string>& cursor);
    /// The versions a page of `stream` returns with `cursor`.
    void handed_out(const std::string& stream, const std::string& cursor, std::vector<Version> versions);
    /// True when the host has committed this version of the object, or the latest committed
    /// version of it has the same content.
    bool committed(const std::string& stream, const Version& version) const;

private:
    struct Remembered {
        std::int64_t modified_ms = 0;
        std::uint64_t content = 0;
    };
    struct Handed {
        std::string cursor;
        std::vector<Version> versions;
    };
    /// Forgets the least recently modified tenth of `versions` once it holds too many.
    static void bound(std::map<std::string, Remembered>& versions);

    mutable std::mutex mutex_;
    std::map<std::string, Handed> handed_;
    std::map<std::string, std::map<std::string, Remembered>> committed_;
};

/// The content digest of a HubSpot object as CommittedVersions compares it: the values of
/// `properties` (in that order; a missing one counts as null) except `modified_property`.
std::uint64_t content_digest(const nlohmann::json& object, const std::vector<std::string>& properties,
                             const std::string& modified_property);

}  // namespace ledgersync::connectors::hubspot
