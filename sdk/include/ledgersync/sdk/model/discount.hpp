#pragma once
/// A discount on a line or on a whole invoice: a percentage of the amount it applies to, or a
/// fixed amount. {"percent": "10"} or {"amount": "2.00"}, never both.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "ledgersync/sdk/decimal.hpp"
#include "ledgersync/sdk/model/canonical_reader.hpp"

namespace ledgersync::sdk::model {

class Discount {
public:
    enum class Kind { percent, amount };

    /// `percent` of the amount it applies to, 0 to 100 ("10" = 10%).
    static Discount percent(Decimal percent) { return Discount(Kind::percent, percent); }
    /// A fixed amount in the document's currency, >= 0.
    static Discount amount(Decimal amount) { return Discount(Kind::amount, amount); }

    Kind kind() const noexcept { return kind_; }
    bool is_percent() const noexcept { return kind_ == Kind::percent; }
    /// The percentage or the amount, as written.
    const Decimal& value() const noexcept { return value_; }

    /// The amount this discount takes off `base`, in a currency with `exponent` minor-unit
    /// digits: a fixed amount as it is; a percentage of `base` rounded half-up to the minor
    /// unit (10% of 33.35 USD = 3.34 USD). Throws DecimalError on overflow.
    Decimal applied_to(const Decimal& base, int exponent) const {
        if (kind_ == Kind::amount) return value_;
        return Decimal::divide(base * value_, Decimal(100), exponent, RoundingMode::half_up);
    }

    nlohmann::json to_json() const {
        return {{kind_ == Kind::percent ? "percent" : "amount", value_.to_string()}};
    }

    /// Reads the discount at `key` of `parent`. The schema's minProperties/maxProperties count
    /// every key of the object, so this does too.
    static std::optional<Discount> read(CanonicalReader& parent, std::string_view key) {
        const nlohmann::json* value = parent.raw(key);
        if (value == nullptr) return std::nullopt;
        const std::string path = parent.path_of(key);
        if (value->is_object() && value->empty()) {
            parent.problems().add(path, "give the discount as {\"percent\": \"10\"} or {\"amount\": \"2.00\"}");
        } else if (value->is_object() && value->size() > 1) {
            parent.problems().add(path, "give either \"percent\" or \"amount\", not both");
        }
        CanonicalReader r(*value, parent.problems(), path);
        if (!r.is_object()) return std::nullopt;
        const auto percent_value = r.decimal("percent", Presence::optional, DecimalForm::percent);
        const auto amount_value = r.decimal("amount", Presence::optional, DecimalForm::non_negative);
        r.finish();
        if (value->size() != 1) return std::nullopt;
        if (percent_value) return percent(*percent_value);
        if (amount_value) return amount(*amount_value);
        return std::nullopt;
    }

    bool operator==(const Discount& o) const { return kind_ == o.kind_ && value_ == o.value_; }
    bool operator!=(const Discount& o) const { return !(*this == o); }

private:
    Discount(Kind kind, Decimal value) : kind_(kind), value_(value) {}

    Kind kind_;
    Decimal value_;
};

}  // namespace ledgersync::sdk::model
