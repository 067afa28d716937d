#pragma once
/// `expand[]` (stripe.md §1.4): replaces an id member by the object it names, for members the
/// spec lists in the object's `x-expandableFields`, nested with dots
/// (`payment_intent.customer`) up to four levels; on lists every path starts with `data.`.
/// Asking to expand anything else is refused as Stripe refuses it.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ledgersync::sandbox::stripe {

class StripeSpec;

/// Where expansion finds objects: the account.
class ExpansionSource {
public:
    virtual ~ExpansionSource() = default;
    /// The object `id` as the API shows it now, or nullopt when there is none.
    virtual std::optional<nlohmann::json> render_by_id(const std::string& id) const = 0;
    /// A member that exists only when expanded (a charge's `refunds` list since 2022-11-15),
    /// or nullopt.
    virtual std::optional<nlohmann::json> expanded_only(const nlohmann::json& owner,
                                                        const std::string& field) const = 0;
};

class Expander {
public:
    Expander(const StripeSpec& spec, const ExpansionSource& source) : spec_(spec), source_(source) {}

    /// `object` with `paths` expanded; throws StripeError for a path that cannot be expanded.
    nlohmann::json expand(nlohmann::json object, const std::vector<std::string>& paths) const;
    /// A list's elements with `paths` ("data.customer") expanded.
    nlohmann::json expand_list(nlohmann::json data, const std::vector<std::string>& paths) const;

private:
    void expand_path(nlohmann::json& object, const std::vector<std::string>& segments,
                     std::size_t index, const std::string& path) const;

    const StripeSpec& spec_;
    const ExpansionSource& source_;
};

/// The `expand` parameter of validated request parameters (empty when absent).
std::vector<std::string> expand_paths(const nlohmann::json& parameters);

}  // namespace ledgersync::sandbox::stripe
