#pragma once
/// Stripe's OpenAPI description (shared/specs/stripe/spec3.subset.2023-08-16.json), loaded once
/// at start: which operations exist, the parameters each accepts (query parameters of GET and
/// DELETE, the form body of POST), and per object schema which members `expand[]` may expand
/// (`x-expandableFields`). The emulator validates every request against it, so an unknown or
/// missing parameter is refused exactly where Stripe refuses it.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ledgersync::sandbox::stripe {

/// One operation of the spec: "POST /v1/refunds".
struct SpecOperation {
    std::string method;         ///< "GET", "POST", "DELETE"
    std::string path_template;  ///< "/v1/charges/{charge}"
    /// What the request's parameters must match: an object schema built from the query
    /// parameters (GET, DELETE) or the form body's schema (POST).
    nlohmann::json parameters_schema;
};

class StripeSpec {
public:
    /// Reads and indexes the spec file; throws std::runtime_error naming the file and the
    /// problem when it cannot be read or is not the Stripe spec.
    static std::shared_ptr<const StripeSpec> load(const std::string& file);
    /// Indexes an already parsed spec document.
    explicit StripeSpec(nlohmann::json document);

    /// The operation serving `method` `path` ("/v1/charges/ch_1"), literal segments winning
    /// over templated ones (/v1/charges/search before /v1/charges/{charge}); nullptr if none.
    const SpecOperation* find(const std::string& method, const std::string& path) const;
    /// The component schema `#/components/schemas/<name>`, or null.
    const nlohmann::json* schema(const std::string& name) const;
    /// Resolves `node` when it is a {"$ref": "#/components/schemas/..."}; `node` otherwise.
    const nlohmann::json& resolve(const nlohmann::json& node) const;
    /// The members of objects of type `object_name` ("charge") that expand[] may expand.
    const std::vector<std::string>& expandable_fields(const std::string& object_name) const;
    /// "2023-08-16".
    const std::string& api_version() const { return api_version_; }
    std::size_t operation_count() const { return operations_.size(); }

private:
    nlohmann::json document_;
    std::string api_version_;
    std::vector<SpecOperation> operations_;
    std::map<std::string, std::vector<std::string>> expandable_;
};

}  // namespace ledgersync::sandbox::stripe
