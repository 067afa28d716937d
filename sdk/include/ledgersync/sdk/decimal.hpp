#pragma once
/// An exact decimal number: a 64-bit integer mantissa and a decimal scale (the number of digits
/// after the point), so 19.99 is {1999, 2}. Sums and differences are exact; products are exact
/// (computed with 128-bit intermediates); division and rounding take an explicit scale and mode.
/// Overflow is detected and reported, never wrapped. No binary floating point is used anywhere
/// in this file, and none may be: tests/unit/sdk checks it.

#include <cstdint>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "ledgersync/sdk/json_number.hpp"

namespace ledgersync::sdk {

namespace detail {
// 128-bit intermediates for products and rescaling (GCC and Clang); __extension__ keeps
// -Wpedantic quiet in partners' builds.
__extension__ using Int128 = __int128;
__extension__ using UInt128 = unsigned __int128;
}  // namespace detail

/// A decimal operation that cannot be carried out exactly: malformed text, overflow, division by
/// zero, or more precision than a Decimal holds. The message says which and on what value.
class DecimalError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// How to round a value that has more digits than wanted.
enum class RoundingMode {
    half_up,       ///< ties away from zero: 2.345 -> 2.35, -2.345 -> -2.35 (QuickBooks Online)
    half_even,     ///< ties to the even neighbour: 2.345 -> 2.34, 2.355 -> 2.36 (banker's)
    toward_zero,   ///< drop the extra digits: 2.349 -> 2.34
};

class Decimal {
    using Int128 = detail::Int128;
    using UInt128 = detail::UInt128;

public:
    /// Most digits after the point a Decimal holds.
    static constexpr int kMaxScale = 18;

    constexpr Decimal() noexcept = default;
    /// The integer `value`.
    constexpr Decimal(std::int64_t value) noexcept : mantissa_(value), scale_(0) {}  // NOLINT: implicit by design
    /// mantissa x 10^-scale, e.g. from_parts(1999, 2) == 19.99.
    static Decimal from_parts(std::int64_t mantissa, int scale) {
        if (scale < 0 || scale > kMaxScale) throw DecimalError("scale " + std::to_string(scale) + " is out of range 0.." + std::to_string(kMaxScale));
        Decimal d;
        d.mantissa_ = mantissa;
        d.scale_ = static_cast<std::int8_t>(scale);
        return d;
    }

    /// Parses decimal text: optional sign, digits, optional fraction, optional exponent
    /// ("19.99", "-0.5", "1e3", "2.50E-1"). The scale is the number of fraction digits written
    /// (after the exponent is applied), so "19.90" keeps scale 2.
    static Decimal parse(std::string_view text) {
        const std::string_view original = text;
        auto fail = [&](const std::string& why) -> DecimalError {
            return DecimalError("\"" + std::string(original) + "\" is not an exact decimal: " + why);
        };
        bool negative = false;
        if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
            negative = text.front() == '-';
            text.remove_prefix(1);
        }
        UInt128 mantissa = 0;
        int scale = 0;
        int pending_zeros = 0;  // fraction zeros not yet applied: trailing ones may be dropped
        bool any_digit = false;
        bool in_fraction = false;
        std::size_t i = 0;
        for (; i < text.size(); ++i) {
            const char c = text[i];
            if (c == '.') {
                if (in_fraction) throw fail("two decimal points");
                in_fraction = true;
                continue;
            }
            if (c < '0' || c > '9') break;
            any_digit = true;
            if (in_fraction && c == '0') {
                ++pending_zeros;
                continue;
            }
            for (; pending_zeros > 0; --pending_zeros, ++scale) mantissa *= 10;
            mantissa = mantissa * 10 + static_cast<unsigned>(c - '0');
            if (mantissa > kMantissaParseLimit) throw fail("too many significant digits (at most 18)");
            if (in_fraction) ++scale;
        }
        // Written trailing zeros keep the scale ("19.90" has scale 2) as far as it fits.
        for (; pending_zeros > 0 && scale < kMaxScale && mantissa * 10 <= kMantissaParseLimit; --pending_zeros, ++scale) {
            mantissa *= 10;
        }
        if (!any_digit) throw fail("no digits");
        if (i < text.size()) {
            if (text[i] != 'e' && text[i] != 'E') throw fail("unexpected character '" + std::string(1, text[i]) + "'");
            ++i;
            bool exponent_negative = false;
            if (i < text.size() && (text[i] == '-' || text[i] == '+')) exponent_negative = text[i++] == '-';
            if (i >= text.size()) throw fail("exponent has no digits");
            int exponent = 0;
            for (; i < text.size(); ++i) {
                if (text[i] < '0' || text[i] > '9') throw fail("unexpected character in exponent");
                exponent = exponent * 10 + (text[i] - '0');
                if (exponent > 1000) throw fail("exponent too large");
            }
            scale += exponent_negative ? exponent : -exponent;
        }
        while (scale < 0) {
            mantissa *= 10;
            if (mantissa > kMantissaParseLimit) throw fail("value too large (overflow)");
            ++scale;
        }
        // Trailing zeros beyond the maximum scale carry no value and may be dropped exactly.
        while (scale > kMaxScale && mantissa % 10 == 0) {
            mantissa /= 10;
            --scale;
        }
        if (scale > kMaxScale) throw fail("more than " + std::to_string(kMaxScale) + " digits after the point");
        if (mantissa > static_cast<UInt128>(INT64_MAX)) throw fail("value too large (overflow)");
        const auto signed_mantissa = static_cast<std::int64_t>(mantissa);
        return from_parts(negative ? -signed_mantissa : signed_mantissa, scale);
    }

    /// Reads a JSON value that holds a number exactly: a string of decimal text, an exact
    /// JsonNumber (json_number.hpp), or an integer. A JSON floating-point number has already
    /// lost exactness and is refused: parse the document with sdk::parse_json_exact, which
    /// keeps such numbers as text.
    static Decimal from_json(const nlohmann::json& value) {
        if (value.is_string()) return parse(value.get_ref<const std::string&>());
        if (JsonNumber::is(value)) return parse(JsonNumber::text(value));
        if (value.is_number_integer() && !value.is_number_unsigned()) return Decimal(value.get<std::int64_t>());
        if (value.is_number_unsigned()) {
            const auto u = value.get<std::uint64_t>();
            if (u > static_cast<std::uint64_t>(INT64_MAX)) throw DecimalError(std::to_string(u) + " is too large (overflow)");
            return Decimal(static_cast<std::int64_t>(u));
        }
        if (value.is_number_float()) {
            throw DecimalError("a floating-point JSON number lost its exact value; parse the document with "
                               "sdk::parse_json_exact or send the amount as a string");
        }
        throw DecimalError("expected a decimal number as a string or an integer, got " + std::string(value.type_name()));
    }

    /// Decimal text with exactly scale() fraction digits: "19.90", "-0.05", "42".
    std::string to_string() const {
        const bool negative = mantissa_ < 0;
        // Work on the magnitude in unsigned 128 bits so INT64_MIN is handled.
        UInt128 magnitude = negative ? static_cast<UInt128>(-(static_cast<Int128>(mantissa_)))
                                               : static_cast<UInt128>(mantissa_);
        std::string digits;
        do {
            digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
            magnitude /= 10;
        } while (magnitude != 0);
        if (scale_ > 0) {
            if (digits.size() <= static_cast<std::size_t>(scale_)) digits.insert(0, static_cast<std::size_t>(scale_) - digits.size() + 1, '0');
            digits.insert(digits.size() - static_cast<std::size_t>(scale_), 1, '.');
        }
        return negative ? "-" + digits : digits;
    }

    /// The JSON form: a string, so that no reader ever turns it into a double.
    nlohmann::json to_json() const { return to_string(); }

    /// The value as a JSON number token with exactly this text ("19.90"), for APIs that want
    /// amounts as numbers; write the document with sdk::write_json_exact (json_writer.hpp).
    nlohmann::json to_json_number() const { return JsonNumber::from_text(to_string()); }

    std::int64_t mantissa() const noexcept { return mantissa_; }
    int scale() const noexcept { return scale_; }
    bool is_zero() const noexcept { return mantissa_ == 0; }
    bool is_negative() const noexcept { return mantissa_ < 0; }
    /// -1, 0 or 1.
    int sign() const noexcept { return mantissa_ < 0 ? -1 : (mantissa_ > 0 ? 1 : 0); }

    Decimal operator-() const {
        if (mantissa_ == INT64_MIN) throw DecimalError("negating " + to_string() + " overflows");
        return from_parts(-mantissa_, scale_);
    }
    Decimal abs() const { return is_negative() ? -*this : *this; }

    friend Decimal operator+(const Decimal& a, const Decimal& b) {
        const int scale = a.scale_ > b.scale_ ? a.scale_ : b.scale_;
        return from_wide(a.widened(scale) + b.widened(scale), scale, "adding", a, b);
    }
    friend Decimal operator-(const Decimal& a, const Decimal& b) {
        const int scale = a.scale_ > b.scale_ ? a.scale_ : b.scale_;
        return from_wide(a.widened(scale) - b.widened(scale), scale, "subtracting", a, b);
    }
    /// The exact product. Trailing zeros are dropped when the exact result needs more than
    /// kMaxScale digits; a product that still does not fit is an overflow error (round first).
    friend Decimal operator*(const Decimal& a, const Decimal& b) {
        Int128 product = static_cast<Int128>(a.mantissa_) * b.mantissa_;
        int scale = a.scale_ + b.scale_;
        while (scale > 0 && product % 10 == 0 && (scale > kMaxScale || !fits(product))) {
            product /= 10;
            --scale;
        }
        if (scale > kMaxScale) {
            throw DecimalError("multiplying " + a.to_string() + " by " + b.to_string() + " needs more than " +
                               std::to_string(kMaxScale) + " digits after the point; use multiply_rounded");
        }
        return from_wide(product, scale, "multiplying", a, b);
    }
    Decimal& operator+=(const Decimal& other) { return *this = *this + other; }
    Decimal& operator-=(const Decimal& other) { return *this = *this - other; }
    Decimal& operator*=(const Decimal& other) { return *this = *this * other; }

    /// a x b rounded to `scale` digits with `mode`, computed exactly before rounding.
    static Decimal multiply_rounded(const Decimal& a, const Decimal& b, int scale, RoundingMode mode) {
        check_scale(scale);
        const Int128 product = static_cast<Int128>(a.mantissa_) * b.mantissa_;
        return from_wide(rescale_wide(product, a.scale_ + b.scale_, scale, mode), scale, "multiplying", a, b);
    }

    /// a / b rounded to `scale` digits with `mode`. Division by zero is an error.
    static Decimal divide(const Decimal& a, const Decimal& b, int scale, RoundingMode mode) {
        check_scale(scale);
        if (b.is_zero()) throw DecimalError("dividing " + a.to_string() + " by zero");
        // a/b = (ma / mb) x 10^(sb - sa); we want the result x 10^scale as an integer quotient:
        // ma x 10^(scale + sb - sa) / mb, with the remainder deciding the rounding.
        const int shift = scale + b.scale_ - a.scale_;
        Int128 numerator = a.mantissa_;
        Int128 denominator = b.mantissa_;
        if (shift >= 0) {
            numerator = checked_scale_up(numerator, shift, a, b);
        } else {
            denominator = checked_scale_up(denominator, -shift, a, b);
        }
        return from_wide(divide_rounded(numerator, denominator, mode), scale, "dividing", a, b);
    }

    /// This value with exactly `scale` fraction digits, rounded with `mode` when digits go.
    Decimal rounded(int scale, RoundingMode mode) const {
        check_scale(scale);
        return from_wide(rescale_wide(mantissa_, scale_, scale, mode), scale, "rounding", *this, *this);
    }

    /// This value with exactly `scale` fraction digits; an error if that would lose a digit.
    Decimal rescaled(int scale) const {
        const Decimal r = rounded(scale, RoundingMode::toward_zero);
        if (r != *this) throw DecimalError(to_string() + " cannot be written with " + std::to_string(scale) + " decimal places without rounding");
        return r;
    }

    /// True when the value needs no more than `scale` fraction digits.
    bool fits_scale(int scale) const { return rounded(scale < kMaxScale ? scale : kMaxScale, RoundingMode::toward_zero) == *this; }

    /// The same value with trailing fraction zeros removed ("19.90" -> "19.9").
    Decimal normalized() const {
        Decimal d = *this;
        while (d.scale_ > 0 && d.mantissa_ % 10 == 0) {
            d.mantissa_ /= 10;
            --d.scale_;
        }
        return d;
    }

    /// Numeric comparison: 19.9 == 19.90.
    friend int compare(const Decimal& a, const Decimal& b) {
        const int scale = a.scale_ > b.scale_ ? a.scale_ : b.scale_;
        const Int128 x = a.widened(scale);
        const Int128 y = b.widened(scale);
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    friend bool operator==(const Decimal& a, const Decimal& b) { return compare(a, b) == 0; }
    friend bool operator!=(const Decimal& a, const Decimal& b) { return compare(a, b) != 0; }
    friend bool operator<(const Decimal& a, const Decimal& b) { return compare(a, b) < 0; }
    friend bool operator<=(const Decimal& a, const Decimal& b) { return compare(a, b) <= 0; }
    friend bool operator>(const Decimal& a, const Decimal& b) { return compare(a, b) > 0; }
    friend bool operator>=(const Decimal& a, const Decimal& b) { return compare(a, b) >= 0; }

private:
    // 10^18 is the largest power of ten in int64; 18 scale digits need at most 10^36 in 128 bits.
    static constexpr UInt128 kMantissaParseLimit = static_cast<UInt128>(INT64_MAX) * 10;

    static void check_scale(int scale) {
        if (scale < 0 || scale > kMaxScale) throw DecimalError("scale " + std::to_string(scale) + " is out of range 0.." + std::to_string(kMaxScale));
    }
    static bool fits(Int128 value) { return value >= INT64_MIN && value <= INT64_MAX; }
    static Int128 power_of_ten(int exponent) {
        Int128 p = 1;
        for (int i = 0; i < exponent; ++i) p *= 10;
        return p;
    }
    // The mantissa at a larger scale; both scales are <= 18, so the result fits in 128 bits.
    Int128 widened(int scale) const { return static_cast<Int128>(mantissa_) * power_of_ten(scale - scale_); }

    static Int128 checked_scale_up(Int128 value, int digits, const Decimal& a, const Decimal& b) {
        // |value| < 2^127 / 10 keeps each step exact; mantissas start below 2^63.
        static constexpr Int128 kLimit = (static_cast<Int128>(1) << 122);
        for (int i = 0; i < digits; ++i) {
            if (value > kLimit || value < -kLimit) throw DecimalError("dividing " + a.to_string() + " by " + b.to_string() + " overflows");
            value *= 10;
        }
        return value;
    }

    static Int128 divide_rounded(Int128 numerator, Int128 denominator, RoundingMode mode) {
        Int128 quotient = numerator / denominator;
        const Int128 remainder = numerator % denominator;
        if (remainder == 0 || mode == RoundingMode::toward_zero) return quotient;
        const bool negative = (numerator < 0) != (denominator < 0);
        const Int128 twice = (remainder < 0 ? -remainder : remainder) * 2;
        const Int128 divisor = denominator < 0 ? -denominator : denominator;
        bool away = twice > divisor;
        if (twice == divisor) away = mode == RoundingMode::half_up || (quotient % 2 != 0);
        if (away) quotient += negative ? -1 : 1;
        return quotient;
    }

    static Int128 rescale_wide(Int128 mantissa, int from_scale, int to_scale, RoundingMode mode) {
        if (to_scale < from_scale) return divide_rounded(mantissa, power_of_ten(from_scale - to_scale), mode);
        for (int i = from_scale; i < to_scale; ++i) {
            // Out of the 64-bit range already: from_wide will report it; stop before 128 bits overflow.
            if (!fits(mantissa)) return mantissa;
            mantissa *= 10;
        }
        return mantissa;
    }

    static Decimal from_wide(Int128 value, int scale, const char* operation, const Decimal& a, const Decimal& b) {
        if (!fits(value)) {
            throw DecimalError(std::string(operation) + " " + a.to_string() + (&a == &b ? "" : " and " + b.to_string()) +
                               " overflows the 64-bit decimal range");
        }
        return from_parts(static_cast<std::int64_t>(value), scale);
    }

    std::int64_t mantissa_ = 0;
    std::int8_t scale_ = 0;
};

inline std::ostream& operator<<(std::ostream& out, const Decimal& d) { return out << d.to_string(); }

}  // namespace ledgersync::sdk
