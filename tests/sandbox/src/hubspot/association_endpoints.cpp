#include "hubspot/association_endpoints.hpp"

#include "common/iso_time.hpp"
#include "hubspot/hubspot_error.hpp"
#include "hubspot/hubspot_http.hpp"

namespace ledgersync::sandbox::hubspot {

namespace {

std::uint64_t numeric(const std::string& id) {
    if (id.empty() || id.size() > 19 || id.find_first_not_of("0123456789") != std::string::npos)
        return 0;
    return std::stoull(id);
}

// The live record or a 404 naming it.
CrmObject& record(ApiCall& call, const ObjectType& type, const std::string& id) {
    CrmObject* object = call.account.live(type, numeric(id));
    if (object == nullptr) {
        throw errors::object_not_found("No " + type.singular + " with id " + id + " exists")
            .context({{"id", {id}}});
    }
    return *object;
}

const AssociationDefinition& association_type(ApiCall& call, const ObjectType& from,
                                              const ObjectType& to, const nlohmann::json& spec) {
    if (!spec.is_object())
        throw errors::validation(
            "each association type must be {associationCategory, "
            "associationTypeId}");
    const std::string category = spec.value("associationCategory", std::string());
    const int type_id =
        spec.contains("associationTypeId") && spec.at("associationTypeId").is_number_integer()
            ? spec.at("associationTypeId").get<int>()
            : 0;
    const AssociationDefinition* definition =
        call.account.association_types().find(from.name, to.name, category, type_id);
    if (definition == nullptr) {
        throw errors::validation("associationTypeId " + std::to_string(type_id) + " (" + category +
                                 ") is not a type from " + from.name + " to " + to.name +
                                 "; GET /crm/v4/associations/" + from.name + "/" + to.name +
                                 "/labels lists them")
            .sub_category("INVALID_ASSOCIATION_TYPE");
    }
    return *definition;
}

const AssociationDefinition& default_type(ApiCall& call, const ObjectType& from,
                                          const ObjectType& to) {
    const AssociationDefinition* definition =
        call.account.association_types().default_for(from.name, to.name);
    if (definition == nullptr)
        throw errors::validation(from.name + " cannot be associated with " + to.name)
            .sub_category("INVALID_ASSOCIATION_TYPE");
    return *definition;
}

nlohmann::json labels_json(ApiCall& call, const ObjectType& from, const ObjectType& to,
                           const std::set<AssociationLabel>& labels, bool with_label_text) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& label : labels) {
        const AssociationDefinition* d = call.account.association_types().find(
            from.name, to.name, label.category, label.type_id);
        if (d == nullptr)
            continue;
        if (with_label_text) {
            out.push_back(d->to_json());
        } else if (d->label) {
            out.push_back(*d->label);
        }
    }
    return out;
}

// LabelsBetweenObjectPair: v4 gives object ids as numbers.
nlohmann::json pair_json(ApiCall& call, const ObjectType& from, std::uint64_t from_id,
                         const ObjectType& to, std::uint64_t to_id) {
    const auto& targets = call.account.associations().targets(from.name, from_id, to.name);
    const auto it = targets.find(to_id);
    return {{"fromObjectTypeId", from.type_id},
            {"fromObjectId", from_id},
            {"toObjectTypeId", to.type_id},
            {"toObjectId", to_id},
            {"labels", it == targets.end() ? nlohmann::json::array()
                                           : labels_json(call, from, to, it->second, false)}};
}

nlohmann::json default_result(const AssociationDefinition& d, std::uint64_t from_id,
                              std::uint64_t to_id) {
    return {{"from", {{"id", std::to_string(from_id)}}},
            {"to", {{"id", std::to_string(to_id)}}},
            {"associationSpec",
             {{"associationCategory", d.category}, {"associationTypeId", d.type_id}}}};
}

nlohmann::json batch_body(ApiCall& call, nlohmann::json results, const nlohmann::json& errors) {
    const std::string now = format_iso_datetime(call.now_ms, 0, true, true);
    nlohmann::json body = {{"status", "COMPLETE"},
                           {"results", std::move(results)},
                           {"startedAt", now},
                           {"completedAt", now}};
    if (!errors.empty()) {
        body["numErrors"] = errors.size();
        body["errors"] = errors;
    }
    return body;
}

const nlohmann::json& inputs_of(const nlohmann::json& body, int limit) {
    if (!body.is_object() || !body.contains("inputs") || !body.at("inputs").is_array())
        throw errors::validation("The batch body needs \"inputs\": [...]");
    const auto& inputs = body.at("inputs");
    if (inputs.size() > static_cast<std::size_t>(limit)) {
        throw errors::validation("Too many inputs: " + std::to_string(inputs.size()) +
                                 " were sent; this batch takes at most " + std::to_string(limit))
            .sub_category("BATCH_INPUT_LIMIT_EXCEEDED");
    }
    return inputs;
}

std::string member_id(const nlohmann::json& input, const char* member) {
    if (!input.is_object() || !input.contains(member) || !input.at(member).is_object())
        return {};
    return id_text(input.at(member).value("id", nlohmann::json()));
}

HttpResponse list_associations(ApiCall& call, const ObjectType& from, std::uint64_t from_id,
                               const ObjectType& to) {
    const auto limit = int_param(call.request, "limit", call.limits.association_page, 1,
                                 call.limits.association_page);
    const auto after = int_param(call.request, "after", 0, 0, 999'999'999'999);
    const auto& targets = call.account.associations().targets(from.name, from_id, to.name);
    nlohmann::json results = nlohmann::json::array();
    auto it = targets.lower_bound(static_cast<std::uint64_t>(after));
    for (; it != targets.end() && results.size() < static_cast<std::size_t>(limit); ++it) {
        results.push_back({{"toObjectId", it->first},
                           {"associationTypes", labels_json(call, from, to, it->second, true)}});
    }
    nlohmann::json body = {{"results", std::move(results)}};
    if (it != targets.end())
        body["paging"] = {{"next", {{"after", std::to_string(it->first)}}}};
    return json_response(200, body);
}

}  // namespace

HttpResponse handle_record_associations(ApiCall& call, const ObjectType& from,
                                        const std::string& from_id,
                                        const std::vector<std::string>& rest) {
    const std::string& method = call.request.method;
    CrmObject& source = record(call, from, from_id);
    if (rest.size() == 3 && rest[0] == "default" && method == "PUT") {
        const ObjectType& to = object_type(rest[1]);
        CrmObject& target = record(call, to, rest[2]);
        const AssociationDefinition& d = default_type(call, from, to);
        call.writer.associate(from, source.id, to, target.id, d);
        call.writer.finish();
        nlohmann::json results = nlohmann::json::array({default_result(d, source.id, target.id)});
        if (const AssociationDefinition* inverse = call.account.association_types().inverse_of(d))
            results.push_back(default_result(*inverse, target.id, source.id));
        return json_response(200, batch_body(call, std::move(results), nlohmann::json::array()));
    }
    if (rest.size() == 1 && method == "GET")
        return list_associations(call, from, source.id, object_type(rest[0]));
    if (rest.size() == 2 && method == "PUT") {
        const ObjectType& to = object_type(rest[0]);
        CrmObject& target = record(call, to, rest[1]);
        const nlohmann::json body = parse_body(call.request);
        if (!body.is_array() || body.empty())
            throw errors::validation(
                "The body must be a non-empty array of {associationCategory, associationTypeId}");
        std::vector<const AssociationDefinition*> types;
        for (const auto& spec : body) {
            types.push_back(&association_type(call, from, to, spec));
            call.writer.check_association(from, source.id, to, target.id, *types.back());
        }
        for (const AssociationDefinition* d : types)
            call.writer.associate(from, source.id, to, target.id, *d);
        call.writer.finish();
        return json_response(201, pair_json(call, from, source.id, to, target.id));
    }
    if (rest.size() == 2 && method == "DELETE") {
        const ObjectType& to = object_type(rest[0]);
        call.writer.dissociate(from, source.id, to, numeric(rest[1]));
        call.writer.finish();
        return no_content();
    }
    throw errors::no_route(method, call.request.path);
}

HttpResponse handle_association_batches(ApiCall& call, const ObjectType& from, const ObjectType& to,
                                        const std::vector<std::string>& rest) {
    const std::string& method = call.request.method;
    AssociationTypes& types = call.account.association_types();
    if (rest.size() == 1 && rest[0] == "labels") {
        if (method == "GET") {
            nlohmann::json results = nlohmann::json::array();
            for (const AssociationDefinition* d : types.between(from.name, to.name))
                results.push_back(d->to_json());
            return json_response(200, {{"results", results}});
        }
        if (method == "POST") {
            const nlohmann::json body = parse_body(call.request);
            const std::string label = body.value("label", std::string());
            const std::string name = body.value("name", std::string());
            if (label.empty() || name.empty())
                throw errors::validation("A label needs \"label\" and \"name\"");
            const AssociationDefinition& d = types.define_label(
                from.name, to.name, label, name, body.value("inverseLabel", std::string()));
            nlohmann::json results = nlohmann::json::array({d.to_json()});
            if (const AssociationDefinition* inverse = types.inverse_of(d);
                inverse != nullptr && inverse != &d)
                results.push_back(inverse->to_json());
            return json_response(200, {{"results", results}});
        }
    }
    if (rest.size() < 2 || rest[0] != "batch" || method != "POST")
        throw errors::no_route(method, call.request.path);
    const nlohmann::json body = parse_body(call.request);
    const std::string& action = rest.size() == 3 ? rest[1] + "/" + rest[2] : rest[1];

    if (action == "read") {
        const auto& inputs = inputs_of(body, call.limits.association_batch_read);
        nlohmann::json results = nlohmann::json::array();
        nlohmann::json missing = nlohmann::json::array();
        for (const auto& input : inputs) {
            const std::string id =
                input.is_object() ? id_text(input.value("id", nlohmann::json())) : std::string();
            const CrmObject* object = call.account.live(from, numeric(id));
            if (object == nullptr) {
                missing.push_back(id);
                continue;
            }
            nlohmann::json to_list = nlohmann::json::array();
            for (const auto& [to_id, labels] :
                 call.account.associations().targets(from.name, object->id, to.name)) {
                to_list.push_back(
                    {{"toObjectId", to_id},
                     {"associationTypes", labels_json(call, from, to, labels, true)}});
            }
            results.push_back({{"from", {{"id", id}}}, {"to", std::move(to_list)}});
        }
        nlohmann::json failures = nlohmann::json::array();
        if (!missing.empty()) {
            failures.push_back(
                errors::object_not_found("No " + from.singular + " records with these ids exist")
                    .context({{"fromIds", missing}})
                    .sub_category("crm.associations.NO_ASSOCIATIONS_FOUND")
                    .standard_error());
        }
        return json_response(failures.empty() ? 200 : 207, batch_body(call, results, failures));
    }
    if (action == "create" || action == "associate/default") {
        const bool labelled = action == "create";
        const auto& inputs = inputs_of(body, call.limits.association_batch_create);
        struct Pending {
            std::uint64_t from_id, to_id;
            std::vector<const AssociationDefinition*> types;
        };
        std::vector<Pending> pending;
        nlohmann::json failures = nlohmann::json::array();
        for (const auto& input : inputs) {
            try {
                const std::string from_id = member_id(input, "from");
                const std::string to_id = member_id(input, "to");
                Pending p{record(call, from, from_id).id, record(call, to, to_id).id, {}};
                if (labelled) {
                    if (!input.contains("types") || !input.at("types").is_array() ||
                        input.at("types").empty())
                        throw errors::validation("each input needs \"types\"");
                    for (const auto& spec : input.at("types"))
                        p.types.push_back(&association_type(call, from, to, spec));
                } else {
                    p.types.push_back(&default_type(call, from, to));
                }
                for (const AssociationDefinition* d : p.types)
                    call.writer.check_association(from, p.from_id, to, p.to_id, *d);
                pending.push_back(std::move(p));
            } catch (const HubSpotError& error) {
                failures.push_back(error.standard_error());
            }
        }
        nlohmann::json results = nlohmann::json::array();
        for (const auto& p : pending) {
            for (const AssociationDefinition* d : p.types)
                call.writer.associate(from, p.from_id, to, p.to_id, *d);
        }
        call.writer.finish();
        for (const auto& p : pending) {
            if (labelled) {
                results.push_back(pair_json(call, from, p.from_id, to, p.to_id));
            } else {
                results.push_back(default_result(*p.types.front(), p.from_id, p.to_id));
            }
        }
        if (!labelled)
            return json_response(failures.empty() ? 200 : 207, batch_body(call, results, failures));
        return json_response(failures.empty() ? 201 : 207, batch_body(call, results, failures));
    }
    if (action == "archive") {
        const auto& inputs = inputs_of(body, call.limits.association_batch_create);
        for (const auto& input : inputs) {
            const std::uint64_t from_id = numeric(member_id(input, "from"));
            if (!input.is_object() || !input.contains("to") || !input.at("to").is_array())
                throw errors::validation("each input needs \"from\": {id} and \"to\": [{id}]");
            for (const auto& target : input.at("to"))
                call.writer.dissociate(from, from_id, to,
                                       numeric(id_text(target.value("id", nlohmann::json()))));
        }
        call.writer.finish();
        return no_content();
    }
    if (action == "labels/archive") {
        const auto& inputs = inputs_of(body, call.limits.association_batch_create);
        for (const auto& input : inputs) {
            const std::uint64_t from_id = numeric(member_id(input, "from"));
            const std::uint64_t to_id = numeric(member_id(input, "to"));
            if (!input.contains("types") || !input.at("types").is_array())
                throw errors::validation("each input needs \"types\"");
            for (const auto& spec : input.at("types"))
                call.writer.dissociate_label(from, from_id, to, to_id,
                                             association_type(call, from, to, spec));
        }
        call.writer.finish();
        return no_content();
    }
    throw errors::no_route(method, call.request.path);
}

}  // namespace ledgersync::sandbox::hubspot
