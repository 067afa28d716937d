#pragma once
/// The versions of a stream's objects the host has already committed, so that a poll reading
/// them again (the poll overlap, which catches changes HubSpot's search index shows late) skips
/// them before paying for their associations, line items and customers.
///
/// A page's versions count as committed only once the host hands back the cursor that page was
/// returned with: the host stores records and cursor in one transaction, so a read with that
/// cursor proves the records were stored. A read with any other cursor (the host could not
/// store the page, or restarted) drops them. Skipping a committed version loses nothing: the host
/// ignores a version it already has.

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ledgersync::connectors::hubspot {

class CommittedVersions {
public:
    /// An object id and its modification time (the version HubSpot's search filters on).
    using Version = std::pair<std::string, std::int64_t>;

    /// At the start of a read of `stream` with `cursor`: the versions handed out with exactly
    /// this cursor are committed; any others handed out are forgotten.
    void confirm(const std::string& stream, const std::optional<std::string>& cursor);
    /// The versions a page of `stream` returns with `cursor`.
    void handed_out(const std::string& stream, const std::string& cursor, std::vector<Version> versions);
    /// True when the host has committed this version of the object.
    bool committed(const std::string& stream, const std::string& id, std::int64_t modified_ms) const;
    /// Forgets committed versions older than `since_ms`: a search from there cannot return them.
    void forget_before(const std::string& stream, std::int64_t since_ms);

private:
    struct Handed {
        std::string cursor;
        std::vector<Version> versions;
    };
    mutable std::mutex mutex_;
    std::map<std::string, Handed> handed_;
    std::map<std::string, std::map<std::string, std::int64_t>> committed_;
};

}  // namespace ledgersync::connectors::hubspot
