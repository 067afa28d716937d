#include "cli/object_report.hpp"

#include <iomanip>
#include <ostream>

#include "bus/outcome_event.hpp"

namespace ledgersync::cli {

void print_sync_statuses(std::ostream& out, const std::vector<store::SyncStatus>& statuses, const std::string& indent) {
    for (const auto& s : statuses) {
        out << indent << std::left << std::setw(28) << s.route << " -> " << s.target_connection << ": "
            << store::to_string(s.state);
        if (!s.target_id.empty()) out << " (id " << s.target_id << ")";
        if (!s.reason.empty()) out << ": " << s.reason;
        out << "\n";
    }
}

void print_timeline(std::ostream& out, const std::vector<store::TimelineEntry>& timeline, const std::string& indent) {
    for (const auto& t : timeline) {
        out << indent << bus::rfc3339_utc(t.at_ms) << "  " << std::left << std::setw(16) << t.event << " "
            << (t.route.empty() ? "" : t.route + ": ") << t.detail << "\n";
    }
}

}  // namespace ledgersync::cli
