#include "app/invoice_pdf_source.hpp"

#include <algorithm>

namespace ledgersync::app {

std::vector<std::string> pdf_connections(const config::HostConfig& config, const plugin::PluginCatalog& catalog) {
    std::vector<std::string> names;
    for (const auto& [name, connection] : config.connections) {
        const auto manifest = catalog.find(connection.plugin);
        if (!manifest) continue;
        if (std::find(manifest->documents.begin(), manifest->documents.end(), kInvoicePdfDocument) != manifest->documents.end()) {
            names.push_back(name);
        }
    }
    return names;
}

PdfLocation locate_invoice_pdf(store::Store& store, const store::ObjectKey& key, const std::vector<std::string>& makers) {
    PdfLocation found;
    const auto makes_pdfs = [&](const std::string& c) { return std::find(makers.begin(), makers.end(), c) != makers.end(); };
    const auto add = [&](const std::string& connection, const std::string& id) {
        for (const auto& s : found.sources) {
            if (s.connection == connection) return;
        }
        found.sources.push_back({connection, id});
    };
    store.read([&](store::StoreTransaction& tx) {
        const auto member = tx.link_member(key);
        const auto statuses = tx.sync_statuses(key);
        found.known = member.has_value() || !statuses.empty() || tx.mirror(key).has_value();
        if (!found.known) return;
        if (makes_pdfs(key.connection)) add(key.connection, key.id);
        if (member) {
            for (const auto& maker : makers) {
                if (maker == key.connection) continue;
                if (auto copy = tx.linked_member(member->entity_id, maker, key.type)) add(maker, copy->object.id);
            }
        }
        for (const auto& s : statuses) {
            if (!makes_pdfs(s.target_connection)) continue;
            if (s.state == store::SyncState::synced && !s.target_id.empty()) {
                add(s.target_connection, s.target_id);
            } else {
                found.not_synced.push_back(s.target_connection + ": " + std::string(store::to_string(s.state)) +
                                           (s.reason.empty() ? "" : ": " + s.reason));
            }
        }
    });
    return found;
}

std::vector<PdfSource> pdf_sources_to_use(const PdfLocation& located, const store::ObjectKey& key, const std::string& wanted) {
    std::vector<PdfSource> sources;
    for (const auto& s : located.sources) {
        if (!wanted.empty() && s.connection == wanted) return {s};
        if (wanted.empty() && s.connection == key.connection) return {s};
        if (wanted.empty()) sources.push_back(s);
    }
    return sources;
}

}  // namespace ledgersync::app
