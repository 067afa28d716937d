#include "common/exact_json_writer.hpp"

#include <ledgersync/sdk/decimal.hpp>

namespace ledgersync::sandbox {

namespace {

class ExactJsonWriter {
public:
    ExactJsonWriter(const DecimalMemberPolicy& policy, std::string& out)
        : policy_(policy), out_(out) {}

    void write(const nlohmann::json& value, std::string_view parent_key) {
        switch (value.type()) {
            case nlohmann::json::value_t::object: {
                out_.push_back('{');
                bool first = true;
                for (auto it = value.begin(); it != value.end(); ++it) {
                    if (!first)
                        out_.push_back(',');
                    first = false;
                    write_string(it.key());
                    out_.push_back(':');
                    write_member(it.value(), parent_key, it.key());
                }
                out_.push_back('}');
                break;
            }
            case nlohmann::json::value_t::array: {
                out_.push_back('[');
                bool first = true;
                for (const auto& element : value) {
                    if (!first)
                        out_.push_back(',');
                    first = false;
                    // Elements of an array belong to the member that holds the array.
                    write(element, parent_key);
                }
                out_.push_back(']');
                break;
            }
            default:
                out_ += value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        }
    }

private:
    void write_member(const nlohmann::json& value, std::string_view parent_key,
                      std::string_view key) {
        if (value.is_string() && policy_(parent_key, key)) {
            if (auto token = decimal_number_token(value.get_ref<const std::string&>())) {
                out_ += *token;
                return;
            }
        }
        if (value.is_object() || value.is_array()) {
            write(value, key);
        } else {
            out_ += value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        }
    }

    void write_string(const std::string& text) {
        out_ += nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }

    const DecimalMemberPolicy& policy_;
    std::string& out_;
};

}  // namespace

std::optional<std::string> decimal_number_token(std::string_view text) {
    try {
        // Decimal's own text is always a valid JSON number: optional '-', digits, optional
        // fraction; it keeps the scale that was written ("100.0" stays "100.0").
        return sdk::Decimal::parse(text).to_string();
    } catch (const sdk::DecimalError&) {
        return std::nullopt;
    }
}

std::string write_exact_json(const nlohmann::json& value,
                             const DecimalMemberPolicy& is_decimal_member) {
    std::string out;
    ExactJsonWriter writer(is_decimal_member, out);
    writer.write(value, {});
    return out;
}

}  // namespace ledgersync::sandbox
