#include "store/store_types.hpp"

#include <array>
#include <utility>

namespace ledgersync::store {

namespace {

template <class Enum, std::size_t N>
std::optional<Enum> parse(const std::array<std::pair<Enum, std::string_view>, N>& names, std::string_view text) {
    for (const auto& [value, name] : names) {
        if (name == text) return value;
    }
    return std::nullopt;
}

template <class Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum value) {
    for (const auto& [candidate, name] : names) {
        if (candidate == value) return name;
    }
    return "unknown";
}

constexpr std::array<std::pair<JobState, std::string_view>, 6> kJobStates = {{
    {JobState::pending, "pending"},
    {JobState::leased, "leased"},
    {JobState::waiting, "waiting"},
    {JobState::done, "done"},
    {JobState::failed, "failed"},
    {JobState::dismissed, "dismissed"},
}};

constexpr std::array<std::pair<SyncState, std::string_view>, 4> kSyncStates = {{
    {SyncState::pending, "pending"},
    {SyncState::synced, "synced"},
    {SyncState::failed, "failed"},
    {SyncState::refused, "refused"},
}};

constexpr std::array<std::pair<FailureState, std::string_view>, 4> kFailureStates = {{
    {FailureState::open, "open"},
    {FailureState::retried, "retried"},
    {FailureState::dismissed, "dismissed"},
    {FailureState::resolved, "resolved"},
}};

constexpr std::array<std::pair<FailureStage, std::string_view>, 4> kFailureStages = {{
    {FailureStage::read, "read"},
    {FailureStage::map, "map"},
    {FailureStage::write, "write"},
    {FailureStage::conflict, "conflict"},
}};

}  // namespace

std::string_view to_string(JobState state) { return name_of(kJobStates, state); }
std::optional<JobState> job_state_from_string(std::string_view text) { return parse(kJobStates, text); }
std::string_view to_string(SyncState state) { return name_of(kSyncStates, state); }
std::optional<SyncState> sync_state_from_string(std::string_view text) { return parse(kSyncStates, text); }
std::string_view to_string(FailureState state) { return name_of(kFailureStates, state); }
std::optional<FailureState> failure_state_from_string(std::string_view text) { return parse(kFailureStates, text); }
std::string_view to_string(FailureStage stage) { return name_of(kFailureStages, stage); }
std::optional<FailureStage> failure_stage_from_string(std::string_view text) { return parse(kFailureStages, text); }

}  // namespace ledgersync::store
