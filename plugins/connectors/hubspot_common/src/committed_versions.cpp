#include "committed_versions.hpp"

#include <algorithm>
#include <cstring>

#include <ledgersync/sdk/crypto.hpp>

namespace ledgersync::connectors::hubspot {

void CommittedVersions::confirm(const std::string& stream, const std::optional<std::string>& cursor) {
    std::lock_guard lock(mutex_);
    const auto handed = handed_.find(stream);
    if (handed == handed_.end()) return;
    if (cursor && *cursor == handed->second.cursor) {
        auto& committed = committed_[stream];
        for (const auto& version : handed->second.versions) {
            auto [it, inserted] = committed.try_emplace(version.id, Remembered{version.modified_ms, version.content});
            if (!inserted && it->second.modified_ms <= version.modified_ms) it->second = {version.modified_ms, version.content};
        }
        bound(committed);
    }
    handed_.erase(handed);
}

void CommittedVersions::handed_out(const std::string& stream, const std::string& cursor, std::vector<Version> versions) {
    std::lock_guard lock(mutex_);
    handed_[stream] = Handed{cursor, std::move(versions)};
}

bool CommittedVersions::committed(const std::string& stream, const Version& version) const {
    std::lock_guard lock(mutex_);
    const auto by_stream = committed_.find(stream);
    if (by_stream == committed_.end()) return false;
    const auto it = by_stream->second.find(version.id);
    if (it == by_stream->second.end()) return false;
    const Remembered& known = it->second;
    return known.modified_ms == version.modified_ms || (version.content != 0 && known.content == version.content);
}

void CommittedVersions::bound(std::map<std::string, Remembered>& versions) {
    if (versions.size() <= kMaxRememberedPerStream) return;
    std::vector<std::int64_t> times;
    times.reserve(versions.size());
    for (const auto& [id, remembered] : versions) times.push_back(remembered.modified_ms);
    const auto cut = times.begin() + static_cast<std::ptrdiff_t>(times.size() / 10);
    std::nth_element(times.begin(), cut, times.end());
    const std::int64_t oldest_kept = *cut;
    for (auto it = versions.begin(); it != versions.end();) {
        it = it->second.modified_ms < oldest_kept ? versions.erase(it) : std::next(it);
    }
}

std::uint64_t content_digest(const nlohmann::json& object, const std::vector<std::string>& properties,
                             const std::string& modified_property) {
    const auto values = object.find("properties");
    if (values == object.end() || !values->is_object()) return 0;
    // Only the properties asked for: HubSpot's list and search answers add different defaults.
    nlohmann::json content = nlohmann::json::array();
    for (const auto& name : properties) {
        if (name == modified_property) continue;
        const auto value = values->find(name);
        content.push_back(value == values->end() ? nlohmann::json() : *value);
    }
    const std::string digest = sdk::sha256(content.dump());
    std::uint64_t folded = 0;
    std::memcpy(&folded, digest.data(), sizeof folded);
    return folded == 0 ? 1 : folded;
}

}  // namespace ledgersync::connectors::hubspot
