#pragma once
/// Testing a mapper without a host: construct it from a config, feed it records (or a JSONL
/// file of records), and get back the records it produced or the failure it reported, each
/// output record checked against the canonical schemas exactly as the host checks it.
///
/// The kit calls the mapper through the same C entry point, function table and JSON wire format
/// the host uses, so what passes here behaves the same once loaded. It works with any test
/// framework (plain asserts, GoogleTest, Catch2): it only returns values and throws
/// std::exceptions. Compile the mapper's source into the test executable:
///
///     #include <ledgersync/sdk/testing/mapper_test_kit.hpp>
///     namespace kit = ledgersync::sdk::testing;
///
///     kit::MapperTestKit mapper({{"prefix", "HS-"}});            // this executable's mapper
///     kit::MapResult result = mapper.map(kit::read_jsonl("tests/records.jsonl").at(0));
///     assert(result.ok() && result.records.at(0).body["memo"] == "HS-...");
///
/// A config the mapper refuses throws MapperConfigRejected listing each problem at its path.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "ledgersync/abi.h"
#include "ledgersync/sdk/bytes.hpp"
#include "ledgersync/sdk/json.hpp"
#include "ledgersync/sdk/model/record_validation.hpp"
#include "ledgersync/sdk/outcome.hpp"
#include "ledgersync/sdk/record.hpp"
#include "ledgersync/sdk/wire.hpp"

extern "C" const ls_plugin_descriptor* ledgersync_plugin_entry(void);

namespace ledgersync::sdk::testing {

/// The mapper refused its configuration; what() has one "/key: problem" line per problem.
class MapperConfigRejected : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// What mapping one record gave: the records the mapper returned, or its failure.
struct MapResult {
    /// The records produced (none when the mapper filtered the record out or failed).
    std::vector<Record> records;
    /// The failure: the mapper's own (class data for a record it cannot map, with reason and
    /// fix hint), or a fatal one when an output record breaks the canonical schemas.
    std::optional<Outcome> failure;
    /// When an output record breaks the canonical schemas: each problem, its path prefixed
    /// with the record's index ("/0/body/total: ...").
    model::ValidationProblems schema_problems;

    bool ok() const noexcept { return !failure.has_value(); }
};

/// A line of a JSONL file that is not a record.
class RecordFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The records of a JSONL file (one record envelope per line, blank lines skipped), numbers
/// kept exact. Throws RecordFileError naming the file and line of the first bad line.
inline std::vector<Record> read_jsonl(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw RecordFileError(file.string() + ": cannot open the file");
    std::vector<Record> records;
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        try {
            records.push_back(Record::from_json(parse_json_exact(line)));
        } catch (const std::exception& e) {
            throw RecordFileError(file.string() + ":" + std::to_string(number) + ": not a record: " + e.what());
        }
    }
    return records;
}

/// One mapper instance, created through the plugin's C entry point.
class MapperTestKit {
public:
    /// The mapper this test executable exports with LEDGERSYNC_MAPPER(...), given `config`
    /// (the object a route's `via[].config` holds).
    explicit MapperTestKit(const nlohmann::json& config = nlohmann::json::object())
        : MapperTestKit(ledgersync_plugin_entry(), config) {}

    /// The mapper `descriptor` describes (for a test that holds several plugins' descriptors).
    MapperTestKit(const ls_plugin_descriptor* descriptor, const nlohmann::json& config) {
        if (descriptor == nullptr || descriptor->kind != LS_KIND_MAPPER || descriptor->mapper == nullptr) {
            throw std::invalid_argument("the plugin entry point does not describe a mapper; export the class with LEDGERSYNC_MAPPER");
        }
        vtable_ = descriptor->mapper;
        id_ = descriptor->id == nullptr ? "" : descriptor->id;
        const std::string text = config.dump();
        OutputBuffer error;
        ls_instance* instance = nullptr;
        const ls_status status = vtable_->create(&host_services(), reinterpret_cast<ls_host_context*>(&log_),
                                                 to_bytes(text), &instance, error.output());
        if (status != LS_STATUS_OK || instance == nullptr) {
            throw MapperConfigRejected(id_ + " refused its config:\n" + error.failure_message());
        }
        instance_ = instance;
    }

    // Not copyable (it owns the instance). Declared with non-const references on purpose: a
    // `const MapperTestKit&` overload would make `MapperTestKit kit({{"key", "value"}})`
    // ambiguous, since the braces could also build a MapperTestKit to copy from.
    MapperTestKit(MapperTestKit&) = delete;
    MapperTestKit& operator=(MapperTestKit&) = delete;
    ~MapperTestKit() {
        if (instance_ != nullptr) vtable_->destroy(instance_);
    }

    /// Maps one record as the host would.
    MapResult map(const Record& record) const { return map_text(record.to_json().dump()); }

    /// Maps one record given in its JSON form (checked as a record first).
    MapResult map(const nlohmann::json& record) const { return map(Record::from_json(record)); }

    /// Maps every record of a JSONL file, one result per record, in order.
    std::vector<MapResult> map_file(const std::filesystem::path& jsonl) const {
        std::vector<MapResult> results;
        for (const auto& record : read_jsonl(jsonl)) results.push_back(map(record));
        return results;
    }

    /// The mapper's id, as its entry point reports it.
    const std::string& id() const noexcept { return id_; }
    /// What the mapper logged through the host services, one line per message.
    const std::vector<std::string>& log() const noexcept { return log_; }

private:
    MapResult map_text(const std::string& text) const {
        MapResult result;
        OutputBuffer out;
        const ls_status status = vtable_->map(instance_, to_bytes(text), out.output());
        if (status != LS_STATUS_OK) {
            Outcome failure = Outcome::fatal(out.failure_message(), out.attribute("fix_hint"));
            failure.kind = outcome_class_from_status(status);
            result.failure = std::move(failure);
            return result;
        }
        nlohmann::json produced;
        try {
            produced = parse_json_exact(out.payload());
        } catch (const std::exception& e) {
            result.failure = Outcome::fatal(id_ + ".map returned malformed JSON: " + e.what(), "fix the mapper");
            return result;
        }
        if (!produced.is_array()) {
            result.failure = Outcome::fatal(id_ + ".map returned " + std::string(produced.type_name()) +
                                                " instead of an array of records",
                                            "fix the mapper");
            return result;
        }
        for (std::size_t i = 0; i < produced.size(); ++i) {
            result.schema_problems.append(model::validate_record_json(produced[i]), "/" + std::to_string(i));
        }
        if (!result.schema_problems.empty()) {
            result.failure = Outcome::fatal(id_ + ".map returned records that break the canonical schemas:\n" +
                                                result.schema_problems.to_string(),
                                            "fix the mapper so that every record it returns is valid");
            return result;
        }
        result.records = wire::records_from_json(std::move(produced));
        return result;
    }

    // The host services a mapper gets: logging and the clock (fixed, so mapping is
    // deterministic); no state and no HTTP, exactly as the host lends mappers.
    static const ls_host_services& host_services() {
        static const ls_host_services services = [] {
            ls_host_services s{};
            s.struct_size = sizeof(ls_host_services);
            s.abi_major = LS_ABI_MAJOR;
            s.abi_minor = LS_ABI_MINOR;
            s.log = [](ls_host_context* ctx, ls_log_level, ls_bytes message) {
                reinterpret_cast<std::vector<std::string>*>(ctx)->emplace_back(to_view(message));
            };
            s.now_ms = [](ls_host_context*) -> std::int64_t { return 1'767'225'600'000;  /* 2026-01-01T00:00:00Z */ };
            s.counter_add = [](ls_host_context*, ls_bytes, ls_bytes, std::int64_t) {};
            s.gauge_set = [](ls_host_context*, ls_bytes, ls_bytes, std::int64_t) {};
            return s;
        }();
        return services;
    }

    const ls_mapper_vtable* vtable_ = nullptr;
    ls_instance* instance_ = nullptr;
    std::string id_;
    std::vector<std::string> log_;
};

}  // namespace ledgersync::sdk::testing
