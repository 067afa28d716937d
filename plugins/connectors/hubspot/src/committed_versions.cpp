#include "committed_versions.hpp"

namespace ledgersync::connectors::hubspot {

void CommittedVersions::confirm(const std::string& stream, const std::optional<std::string>& cursor) {
    std::lock_guard lock(mutex_);
    const auto handed = handed_.find(stream);
    if (handed == handed_.end()) return;
    if (cursor && *cursor == handed->second.cursor) {
        auto& committed = committed_[stream];
        for (const auto& [id, modified] : handed->second.versions) {
            auto [it, inserted] = committed.emplace(id, modified);
            if (!inserted && it->second < modified) it->second = modified;
        }
    }
    handed_.erase(handed);
}

void CommittedVersions::handed_out(const std::string& stream, const std::string& cursor, std::vector<Version> versions) {
    std::lock_guard lock(mutex_);
    handed_[stream] = Handed{cursor, std::move(versions)};
}

bool CommittedVersions::committed(const std::string& stream, const std::string& id, std::int64_t modified_ms) const {
    std::lock_guard lock(mutex_);
    const auto by_stream = committed_.find(stream);
    if (by_stream == committed_.end()) return false;
    const auto it = by_stream->second.find(id);
    return it != by_stream->second.end() && it->second == modified_ms;
}

void CommittedVersions::forget_before(const std::string& stream, std::int64_t since_ms) {
    std::lock_guard lock(mutex_);
    const auto by_stream = committed_.find(stream);
    if (by_stream == committed_.end()) return;
    auto& versions = by_stream->second;
    for (auto it = versions.begin(); it != versions.end();) {
        it = it->second < since_ms ? versions.erase(it) : std::next(it);
    }
}

}  // namespace ledgersync::connectors::hubspot
