#pragma once
/// Exporting a plugin: one macro per kind turns an ordinary C++ class into the C entry symbol
/// the host loads.
///
///     class MyConnector : public ledgersync::sdk::Connector {
///     public:
///         MyConnector(ledgersync::sdk::HostServices host, const nlohmann::json& config);
///         ...
///     };
///     LEDGERSYNC_CONNECTOR(MyConnector, "my_connector", "1.0.0")
///
/// The class is constructed with the host's services and the connection's configuration (secrets
/// already resolved); it should read the configuration with sdk::ConfigReader and throw on
/// problems. Every exception thrown by plugin code is caught here and becomes a status with a
/// message: nothing ever unwinds into the host.

#include <exception>
#include <string>
#include <string_view>
#include <utility>

#include "ledgersync/abi.h"
#include "ledgersync/sdk/bytes.hpp"
#include "ledgersync/sdk/connector.hpp"
#include "ledgersync/sdk/host_services.hpp"
#include "ledgersync/sdk/json.hpp"
#include "ledgersync/sdk/mapper.hpp"
#include "ledgersync/sdk/outcome.hpp"
#include "ledgersync/sdk/version.hpp"
#include "ledgersync/sdk/wire.hpp"

namespace ledgersync::sdk::detail {

/// Runs `body`, turning any exception into a status and a message written to `out`.
template <class Body>
ls_status guarded(ls_output* out, Body&& body) noexcept {
    const OutputWriter writer(out);
    try {
        body();
        return LS_STATUS_OK;
    } catch (const Error& e) {
        const Outcome& o = e.outcome();
        const ls_status status = o.kind == OutcomeClass::ok ? LS_STATUS_FATAL : to_status(o.kind);
        if (!o.fix_hint.empty()) writer.attribute("fix_hint", o.fix_hint);
        writer.fail(status, o.reason, o.retry_after.count());
        return status;
    } catch (const Unsupported& e) {
        writer.fail(LS_STATUS_UNAVAILABLE, e.what());
        return LS_STATUS_UNAVAILABLE;
    } catch (const std::exception& e) {
        writer.fail(LS_STATUS_FATAL, std::string("unexpected exception in plugin: ") + e.what());
        return LS_STATUS_FATAL;
    } catch (...) {
        writer.fail(LS_STATUS_FATAL, "unexpected exception of unknown type in plugin");
        return LS_STATUS_FATAL;
    }
}

template <class Base, class Impl>
ls_status create_instance(const ls_host_services* host, ls_host_context* context, ls_bytes config,
                          ls_instance** instance, ls_output* error) noexcept {
    return guarded(error, [&] {
        const nlohmann::json parsed = config.size == 0 ? nlohmann::json::object() : parse_json_exact(to_view(config));
        Base* created = new Impl(HostServices(host, context), parsed);
        *instance = reinterpret_cast<ls_instance*>(created);
    });
}

template <class Base>
void destroy_instance(ls_instance* instance) noexcept {
    delete reinterpret_cast<Base*>(instance);
}

template <class Base>
Base& self(ls_instance* instance) noexcept {
    return *reinterpret_cast<Base*>(instance);
}

inline void append_json(ls_output* out, const nlohmann::json& j) { OutputWriter(out).append(j.dump()); }

struct ConnectorShim {
    static ls_status check(ls_instance* instance, ls_output* out) noexcept {
        return guarded(out, [&] { append_json(out, wire::to_json(self<Connector>(instance).check())); });
    }
    static ls_status read(ls_instance* instance, ls_bytes request, ls_output* out) noexcept {
        return guarded(out, [&] {
            const auto parsed = wire::read_request_from_json(parse_json_exact(to_view(request)));
            append_json(out, wire::to_json(self<Connector>(instance).read(parsed)));
        });
    }
    static ls_status webhook(ls_instance* instance, const ls_http_request* request, ls_output* out) noexcept {
        return guarded(out, [&] {
            append_json(out, wire::to_json(self<Connector>(instance).webhook(from_wire(*request))));
        });
    }
    static ls_status write(ls_instance* instance, ls_bytes batch, ls_output* out) noexcept {
        return guarded(out, [&] {
            const auto items = wire::write_batch_from_json(parse_json_exact(to_view(batch)));
            const auto outcomes = self<Connector>(instance).write(items);
            if (outcomes.size() != items.size()) {
                throw Error(Outcome::fatal("connector returned " + std::to_string(outcomes.size()) +
                                           " outcomes for " + std::to_string(items.size()) + " items"));
            }
            append_json(out, wire::outcomes_to_json(outcomes));
        });
    }
    static ls_status fetch(ls_instance* instance, ls_bytes request, ls_output* out) noexcept {
        return guarded(out, [&] {
            const auto parsed = wire::fetch_request_from_json(parse_json_exact(to_view(request)));
            const Document document = self<Connector>(instance).fetch(parsed);
            const OutputWriter writer(out);
            writer.attribute("content_type", document.content_type);
            writer.append(document.bytes);
        });
    }
};

struct MapperShim {
    static ls_status map(ls_instance* instance, ls_bytes record, ls_output* out) noexcept {
        return guarded(out, [&] {
            Record input = Record::from_json(parse_json_exact(to_view(record)));
            append_json(out, wire::records_to_json(self<Mapper>(instance).map(std::move(input))));
        });
    }
};

template <class Impl>
const ls_plugin_descriptor* connector_descriptor(const char* id, const char* version) noexcept {
    static const ls_connector_vtable vtable = {
        sizeof(ls_connector_vtable),
        &create_instance<Connector, Impl>,
        &destroy_instance<Connector>,
        &ConnectorShim::check,
        &ConnectorShim::read,
        &ConnectorShim::webhook,
        &ConnectorShim::write,
        &ConnectorShim::fetch,
    };
    static const ls_plugin_descriptor descriptor = {
        sizeof(ls_plugin_descriptor), LS_ABI_MAJOR, LS_ABI_MINOR, LS_KIND_CONNECTOR, id, version,
        &vtable, nullptr, LEDGERSYNC_SDK_VERSION,
    };
    return &descriptor;
}

template <class Impl>
const ls_plugin_descriptor* mapper_descriptor(const char* id, const char* version) noexcept {
    static const ls_mapper_vtable vtable = {
        sizeof(ls_mapper_vtable),
        &create_instance<Mapper, Impl>,
        &destroy_instance<Mapper>,
        &MapperShim::map,
    };
    static const ls_plugin_descriptor descriptor = {
        sizeof(ls_plugin_descriptor), LS_ABI_MAJOR, LS_ABI_MINOR, LS_KIND_MAPPER, id, version,
        nullptr, &vtable, LEDGERSYNC_SDK_VERSION,
    };
    return &descriptor;
}

}  // namespace ledgersync::sdk::detail

#define LEDGERSYNC_DETAIL_TEXT(x) #x
#define LEDGERSYNC_DETAIL_EXPAND_TEXT(x) LEDGERSYNC_DETAIL_TEXT(x)

// ledgersync_add_plugin() passes the manifest's id, kind, version and abi to the compiler, so
// that a plugin whose code and manifest disagree fails to build rather than being refused by
// the host at load time.
#if defined(LEDGERSYNC_MANIFEST_ID) && defined(LEDGERSYNC_MANIFEST_KIND) && defined(LEDGERSYNC_MANIFEST_VERSION)
#define LEDGERSYNC_DETAIL_CHECK_MANIFEST(kind, id, version)                                              \
    static_assert(std::string_view(LEDGERSYNC_MANIFEST_KIND) == kind,                                    \
                  "the plugin is exported as a " kind " but its manifest declares another \"kind\"");   \
    static_assert(std::string_view(LEDGERSYNC_MANIFEST_ID) == id,                                        \
                  "the id given to the export macro differs from \"id\" in the plugin's manifest");      \
    static_assert(std::string_view(LEDGERSYNC_MANIFEST_VERSION) == version,                              \
                  "the version given to the export macro differs from \"version\" in the manifest");     \
    static_assert(std::string_view(LEDGERSYNC_MANIFEST_ABI) ==                                           \
                      LEDGERSYNC_DETAIL_EXPAND_TEXT(LS_ABI_MAJOR) "." LEDGERSYNC_DETAIL_EXPAND_TEXT(LS_ABI_MINOR), \
                  "the manifest's \"abi\" differs from the ABI of the SDK this plugin is built against; "  \
                  "set it to the SDK's MAJOR.MINOR or leave it out")
#else
#define LEDGERSYNC_DETAIL_CHECK_MANIFEST(kind, id, version) static_assert(true, "")
#endif

/// Exports `Class` (derived from ledgersync::sdk::Connector) as this library's plugin.
/// `id` and `version` must match the plugin's manifest (checked at compile time when the plugin
/// is built with ledgersync_add_plugin()). Use once per shared library.
#define LEDGERSYNC_CONNECTOR(Class, id, version)                                             \
    LEDGERSYNC_DETAIL_CHECK_MANIFEST("connector", id, version);                              \
    extern "C" LS_PLUGIN_EXPORT const ls_plugin_descriptor* ledgersync_plugin_entry(void) { \
        return ::ledgersync::sdk::detail::connector_descriptor<Class>(id, version);         \
    }

/// Exports `Class` (derived from ledgersync::sdk::Mapper) as this library's plugin; the same
/// rules as LEDGERSYNC_CONNECTOR.
#define LEDGERSYNC_MAPPER(Class, id, version)                                                \
    LEDGERSYNC_DETAIL_CHECK_MANIFEST("mapper", id, version);                                 \
    extern "C" LS_PLUGIN_EXPORT const ls_plugin_descriptor* ledgersync_plugin_entry(void) { \
        return ::ledgersync::sdk::detail::mapper_descriptor<Class>(id, version);            \
    }
