#include "bus/record_array_scan.hpp"

#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace ledgersync::bus {

namespace {

// A SAX handler that builds nothing: it follows the nesting and keeps only the members of each
// record's "identity" object.
class IdentityCollector {
public:
    using json = nlohmann::json;

    std::vector<sdk::RecordIdentity> identities;
    std::string error;

    bool null() { return value(); }
    bool boolean(bool) { return value(); }
    bool number_integer(json::number_integer_t) { return value(); }
    bool number_unsigned(json::number_unsigned_t) { return value(); }
    // A template, so that no floating-point type is named on the bus (the value is ignored).
    template <class Ignored>
    bool number_float(Ignored, const json::string_t&) { return value(); }
    bool binary(json::binary_t&) { return value(); }
    bool string(json::string_t& text) {
        if (depth_ == 3 && in_identity_) {
            auto& id = identities.back();
            if (key_ == "system") id.system = text;
            else if (key_ == "connection") id.connection = text;
            else if (key_ == "type") id.type = text;
            else if (key_ == "id") id.id = text;
        }
        return value();
    }
    bool start_object(std::size_t) {
        if (depth_ == 0) return fail("expected an array of records, got an object");
        if (depth_ == 1) identities.emplace_back();
        if (depth_ == 2 && key_ == "identity") in_identity_ = true;
        ++depth_;
        return true;
    }
    bool end_object() {
        --depth_;
        if (depth_ == 2) in_identity_ = false;
        return true;
    }
    bool start_array(std::size_t) {
        if (depth_ == 1) return fail("expected records (objects) in the array, got an array");
        ++depth_;
        return true;
    }
    bool end_array() {
        --depth_;
        return true;
    }
    bool key(json::string_t& name) {
        key_ = name;
        return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) { return fail(e.what()); }

private:
    bool value() { return depth_ == 1 ? fail("expected records (objects) in the array") : (depth_ == 0 ? fail("expected an array of records") : true); }
    bool fail(std::string message) {
        error = std::move(message);
        return false;
    }

    int depth_ = 0;
    bool in_identity_ = false;
    std::string key_;
};

}  // namespace

std::vector<sdk::RecordIdentity> scan_record_array(std::string_view text) {
    IdentityCollector collector;
    if (!nlohmann::json::sax_parse(text.begin(), text.end(), &collector)) {
        throw std::invalid_argument(collector.error.empty() ? "malformed JSON" : collector.error);
    }
    for (std::size_t i = 0; i < collector.identities.size(); ++i) {
        const auto& id = collector.identities[i];
        if (id.type.empty() || id.id.empty()) {
            throw std::invalid_argument("record " + std::to_string(i) + " has no identity with a type and an id");
        }
    }
    return collector.identities;
}

}  // namespace ledgersync::bus
