#include "bus/filter.hpp"

#include <algorithm>

#include <ledgersync/sdk/calendar_date.hpp>
#include <ledgersync/sdk/decimal.hpp>
#include <ledgersync/sdk/timestamp.hpp>

namespace ledgersync::bus {

class Filter::Node {
public:
    virtual ~Node() = default;
    virtual bool matches(const nlohmann::json& body) const = 0;
    /// The condition as an admin wrote it, in words: `currency in ["USD"]`.
    virtual std::string describe() const = 0;
    /// Why `body` does not pass (called only when matches() is false).
    virtual std::string why_not(const nlohmann::json&) const { return "not " + describe(); }
};

namespace {

using model::FieldInfo;
using model::FieldKind;
using nlohmann::json;

enum class Op { eq, ne, in, not_in, gt, gte, lt, lte };

const std::vector<std::pair<std::string, Op>>& comparison_ops() {
    static const std::vector<std::pair<std::string, Op>> ops = {
        {"eq", Op::eq}, {"ne", Op::ne}, {"in", Op::in},   {"not_in", Op::not_in},
        {"gt", Op::gt}, {"gte", Op::gte}, {"lt", Op::lt}, {"lte", Op::lte},
    };
    return ops;
}

const json* lookup(const json& body, const std::vector<std::string>& path) {
    const json* node = &body;
    for (const auto& part : path) {
        if (!node->is_object()) return nullptr;
        auto it = node->find(part);
        if (it == node->end() || it->is_null()) return nullptr;
        node = &*it;
    }
    return node;
}

// A field path as the filter names it: "totals.total".
std::string dotted(const std::vector<std::string>& path) {
    std::string text;
    for (const auto& part : path) text += (text.empty() ? "" : ".") + part;
    return text;
}

// Three-way comparison of a record value with a filter constant of the field's kind;
// nullopt when the record's value cannot be read as that kind (then only ne/not_in match).
std::optional<int> compare_values(FieldKind kind, const json& value, const json& constant) {
    try {
        if (kind == FieldKind::decimal) {
            return compare(sdk::Decimal::from_json(value), sdk::Decimal::from_json(constant));  // found by ADL
        }
        if (kind == FieldKind::integer) {
            if (!value.is_number_integer()) return std::nullopt;
            const auto a = value.get<std::int64_t>();
            const auto b = constant.get<std::int64_t>();
            return a < b ? -1 : (a > b ? 1 : 0);
        }
        if (kind == FieldKind::boolean) {
            if (!value.is_boolean()) return std::nullopt;
            return value.get<bool>() == constant.get<bool>() ? 0 : 1;
        }
        if (!value.is_string()) return std::nullopt;
        const auto& a = value.get_ref<const std::string&>();
        const auto& b = constant.get_ref<const std::string&>();
        // Date-times compare as instants, never as text: "...00.5Z" is after "...00Z", and
        // "...01:00:00+01:00" is "...00:00:00Z".
        if (kind == FieldKind::datetime) return sdk::compare_instants(a, b);
        // Text, enumerations and ISO dates (fixed width) compare as text.
        return a < b ? -1 : (a > b ? 1 : 0);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

class Comparison final : public Filter::Node {
public:
    Comparison(Op op, std::vector<std::string> path, FieldKind kind, std::vector<json> constants)
        : op_(op), path_(std::move(path)), kind_(kind), constants_(std::move(constants)) {}

    bool matches(const json& body) const override {
        const json* value = lookup(body, path_);
        const bool negated = op_ == Op::ne || op_ == Op::not_in;
        if (value == nullptr) return negated;
        bool any_equal = false;
        for (const auto& constant : constants_) {
            const auto c = compare_values(kind_, *value, constant);
            if (!c) return negated;
            switch (op_) {
                case Op::gt: return *c > 0;
                case Op::gte: return *c >= 0;
                case Op::lt: return *c < 0;
                case Op::lte: return *c <= 0;
                default: any_equal = any_equal || *c == 0;
            }
        }
        return negated ? !any_equal : any_equal;
    }

    std::string describe() const override {
        std::string text = dotted(path_) + " " + op_text(op_) + " ";
        if (op_ == Op::in || op_ == Op::not_in) return text + json(constants_).dump();
        return text + constants_.front().dump();
    }

    std::string why_not(const json& body) const override {
        const json* value = lookup(body, path_);
        const std::string actual = value == nullptr ? "absent" : value->dump();
        return dotted(path_) + " is " + actual + ", and the route takes only " + describe();
    }

private:
    static const char* op_text(Op op) {
        switch (op) {
            case Op::eq: return "=";
            case Op::ne: return "!=";
            case Op::in: return "in";
            case Op::not_in: return "not in";
            case Op::gt: return ">";
            case Op::gte: return ">=";
            case Op::lt: return "<";
            default: return "<=";
        }
    }

    Op op_;
    std::vector<std::string> path_;
    FieldKind kind_;
    std::vector<json> constants_;
};

class Exists final : public Filter::Node {
public:
    explicit Exists(std::vector<std::string> path) : path_(std::move(path)) {}
    bool matches(const json& body) const override { return lookup(body, path_) != nullptr; }
    std::string describe() const override { return dotted(path_) + " exists"; }
    std::string why_not(const json&) const override {
        return dotted(path_) + " is absent, and the route takes only records where it exists";
    }

private:
    std::vector<std::string> path_;
};

class Combination final : public Filter::Node {
public:
    Combination(bool all, std::vector<std::unique_ptr<Filter::Node>> children)
        : all_(all), children_(std::move(children)) {}
    bool matches(const json& body) const override {
        for (const auto& child : children_) {
            if (child->matches(body) != all_) return !all_;
        }
        return all_;
    }
    std::string describe() const override {
        std::string text;
        for (const auto& child : children_) text += (text.empty() ? "(" : all_ ? " and " : " or ") + child->describe();
        return text + ")";
    }
    // `and`: every condition that fails, so an admin sees all reasons at once; `or`: each one.
    std::string why_not(const json& body) const override {
        std::string text;
        for (const auto& child : children_) {
            if (child->matches(body)) continue;
            text += (text.empty() ? "" : "; ") + child->why_not(body);
        }
        return all_ ? text : "none of the alternatives holds: " + text;
    }

private:
    bool all_;
    std::vector<std::unique_ptr<Filter::Node>> children_;
};

class Negation final : public Filter::Node {
public:
    explicit Negation(std::unique_ptr<Filter::Node> child) : child_(std::move(child)) {}
    bool matches(const json& body) const override { return !child_->matches(body); }
    std::string describe() const override { return "not " + child_->describe(); }
    std::string why_not(const json&) const override {
        return child_->describe() + " holds, and the route takes only records where it does not";
    }

private:
    std::unique_ptr<Filter::Node> child_;
};

class Nothing final : public Filter::Node {
public:
    bool matches(const json&) const override { return false; }
    std::string describe() const override { return "an invalid filter"; }
};

class Compiler {
public:
    Compiler(const std::string& type, const model::CanonicalSchemas& schemas, sdk::ConfigProblems& problems)
        : type_(type), schemas_(schemas), problems_(problems) {}

    std::unique_ptr<Filter::Node> compile(const json& spec, const std::string& path) {
        if (!spec.is_object() || spec.size() != 1) {
            problems_.add(path, "a filter is an object with exactly one operator, e.g. {\"eq\": [\"status\", \"open\"]}.");
            return std::make_unique<Nothing>();
        }
        const std::string op = spec.begin().key();
        const json& operand = spec.begin().value();
        const std::string at = path + "/" + op;
        if (op == "and" || op == "or") {
            if (!operand.is_array() || operand.empty()) {
                problems_.add(at, "expected a non-empty array of filters.");
                return std::make_unique<Nothing>();
            }
            std::vector<std::unique_ptr<Filter::Node>> children;
            for (std::size_t i = 0; i < operand.size(); ++i) children.push_back(compile(operand[i], at + "/" + std::to_string(i)));
            return std::make_unique<Combination>(op == "and", std::move(children));
        }
        if (op == "not") return std::make_unique<Negation>(compile(operand, at));
        if (op == "exists") {
            if (!operand.is_string()) {
                problems_.add(at, "expected a field name, e.g. {\"exists\": \"memo\"}.");
                return std::make_unique<Nothing>();
            }
            // Presence is a question any field answers, an array or object too ("invoices").
            if (!field(operand.get<std::string>(), at, true)) return std::make_unique<Nothing>();
            return std::make_unique<Exists>(model::split_field_path(operand.get<std::string>()));
        }
        const auto& ops = comparison_ops();
        const auto found = std::find_if(ops.begin(), ops.end(), [&](const auto& o) { return o.first == op; });
        if (found == ops.end()) {
            problems_.add(at, "unknown filter operator \"" + op +
                                  "\"; use eq, ne, in, not_in, gt, gte, lt, lte, exists, and, or, not.");
            return std::make_unique<Nothing>();
        }
        return comparison(found->second, operand, at);
    }

private:
    std::optional<FieldInfo> field(const std::string& name, const std::string& at, bool any_kind = false) {
        if (!schemas_.has_type(type_)) {
            problems_.add(at, "records of type \"" + type_ + "\" have no canonical schema, so their fields cannot be "
                              "filtered; remove the filter or route a canonical type.");
            return std::nullopt;
        }
        auto info = schemas_.field(type_, name);
        if (!info) {
            std::string message = "\"" + name + "\" is not a field of " + type_;
            std::string best;
            std::size_t best_distance = 3;
            for (const auto& candidate : schemas_.properties(type_)) {
                const auto d = sdk::detail::edit_distance(name, candidate);
                if (d < best_distance) {
                    best_distance = d;
                    best = candidate;
                }
            }
            message += best.empty() ? "; see docs/model.md for its fields." : "; did you mean \"" + best + "\"?";
            problems_.add(at, message);
            return std::nullopt;
        }
        if (!any_kind && (info->kind == FieldKind::object || info->kind == FieldKind::array)) {
            problems_.add(at, "\"" + name + "\" is " + (info->kind == FieldKind::object ? "an object" : "an array") +
                                  "; filters compare single values (use a field inside it, e.g. \"" + name + ".x\").");
            return std::nullopt;
        }
        return info;
    }

    bool valid_constant(const FieldInfo& info, const json& value, const std::string& at) {
        auto fail = [&](const std::string& expected) {
            problems_.add(at, "expected " + expected + ", got " + value.dump() + ".");
            return false;
        };
        switch (info.kind) {
            case FieldKind::decimal:
                try {
                    sdk::Decimal::from_json(value);
                    return true;
                } catch (const std::exception&) {
                    return fail("a decimal written as a string, e.g. \"100.00\"");
                }
            case FieldKind::integer: return value.is_number_integer() || fail("an integer");
            case FieldKind::boolean: return value.is_boolean() || fail("true or false");
            case FieldKind::date:
                return (value.is_string() && sdk::CalendarDate::parse(value.get<std::string>())) ||
                       fail("a date written \"YYYY-MM-DD\"");
            case FieldKind::datetime:
                return (value.is_string() && sdk::Timestamp::parse(value.get<std::string>())) ||
                       fail("an RFC 3339 date-time such as \"2026-11-26T14:03:20Z\" or \"2026-11-26T15:03:20.5+01:00\"");
            case FieldKind::enumeration: {
                if (value.is_string() &&
                    std::find(info.values.begin(), info.values.end(), value.get<std::string>()) != info.values.end()) {
                    return true;
                }
                std::string allowed;
                for (const auto& v : info.values) allowed += (allowed.empty() ? "" : ", ") + v;
                return fail("one of " + allowed);
            }
            default: return value.is_string() || fail("a string");
        }
    }

    std::unique_ptr<Filter::Node> comparison(Op op, const json& operand, const std::string& at) {
        if (!operand.is_array() || operand.size() != 2 || !operand[0].is_string()) {
            problems_.add(at, "expected [\"field\", value], e.g. {\"" + comparison_name(op) + "\": [\"status\", \"open\"]}.");
            return std::make_unique<Nothing>();
        }
        const std::string name = operand[0].get<std::string>();
        const auto info = field(name, at + "/0");
        if (!info) return std::make_unique<Nothing>();
        const bool ordered = op == Op::gt || op == Op::gte || op == Op::lt || op == Op::lte;
        if (ordered && info->kind != FieldKind::decimal && info->kind != FieldKind::integer &&
            info->kind != FieldKind::date && info->kind != FieldKind::datetime) {
            problems_.add(at, "\"" + name + "\" is " + std::string(model::to_string(info->kind)) +
                                  "; gt, gte, lt and lte compare decimals, integers, dates and date-times only.");
            return std::make_unique<Nothing>();
        }
        std::vector<json> constants;
        if (op == Op::in || op == Op::not_in) {
            if (!operand[1].is_array() || operand[1].empty()) {
                problems_.add(at + "/1", "expected a non-empty array of values.");
                return std::make_unique<Nothing>();
            }
            for (std::size_t i = 0; i < operand[1].size(); ++i) {
                if (!valid_constant(*info, operand[1][i], at + "/1/" + std::to_string(i))) return std::make_unique<Nothing>();
                constants.push_back(operand[1][i]);
            }
        } else {
            if (!valid_constant(*info, operand[1], at + "/1")) return std::make_unique<Nothing>();
            constants.push_back(operand[1]);
        }
        return std::make_unique<Comparison>(op, model::split_field_path(name), info->kind, std::move(constants));
    }

    static std::string comparison_name(Op op) {
        for (const auto& [name, value] : comparison_ops()) {
            if (value == op) return name;
        }
        return "eq";
    }

    const std::string& type_;
    const model::CanonicalSchemas& schemas_;
    sdk::ConfigProblems& problems_;
};

class Everything final : public Filter::Node {
public:
    bool matches(const json&) const override { return true; }
    std::string describe() const override { return "every record"; }
};

}  // namespace

Filter::Filter() : root_(std::make_unique<Everything>()) {}
Filter::Filter(std::unique_ptr<Node> root) : root_(std::move(root)) {}
Filter::~Filter() = default;
Filter::Filter(Filter&&) noexcept = default;
Filter& Filter::operator=(Filter&&) noexcept = default;

Filter Filter::compile(const json& spec, const std::string& type, const model::CanonicalSchemas& schemas,
                       const std::string& path, sdk::ConfigProblems& problems) {
    Compiler compiler(type, schemas, problems);
    return Filter(compiler.compile(spec, path));
}

bool Filter::matches(const json& body) const { return root_->matches(body); }

std::string Filter::why_not(const json& body) const { return root_->why_not(body); }

}  // namespace ledgersync::bus
