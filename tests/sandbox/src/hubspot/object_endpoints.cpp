#include "hubspot/object_endpoints.hpp"

#include <set>

#include "common/iso_time.hpp"
#include "hubspot/hubspot_error.hpp"
#include "hubspot/hubspot_http.hpp"
#include "hubspot/object_search.hpp"
#include "hubspot/object_view.hpp"

namespace ledgersync::sandbox::hubspot {

namespace {

ReadOptions read_options_from_query(const HttpRequest& request) {
    return {list_param(request, "properties"), list_param(request, "propertiesWithHistory"),
            list_param(request, "associations")};
}

HttpResponse not_found(const ObjectType& type, const std::string& id) {
    return errors::object_not_found("resource not found: no " + type.singular + " with id " + id)
        .context({{"id", {id}}})
        .response();
}

const nlohmann::json& batch_inputs(ApiCall& call, const nlohmann::json& body) {
    if (!body.is_object() || !body.contains("inputs") || !body.at("inputs").is_array())
        throw errors::validation("The batch body needs \"inputs\": [...]");
    const auto& inputs = body.at("inputs");
    if (inputs.size() > static_cast<std::size_t>(call.limits.batch_inputs)) {
        throw errors::validation("Too many inputs: " + std::to_string(inputs.size()) +
                                 " were sent; a batch takes at most " +
                                 std::to_string(call.limits.batch_inputs))
            .context({{"limit", {std::to_string(call.limits.batch_inputs)}}})
            .sub_category("BATCH_INPUT_LIMIT_EXCEEDED");
    }
    return inputs;
}

std::string timestamp(std::int64_t ms) {
    return format_iso_datetime(ms, 0, true, true);
}

// BatchResponse...: status COMPLETE, results, and on partial failure numErrors + errors (207).
HttpResponse batch_answer(ApiCall& call, int success_status, nlohmann::json results,
                          const nlohmann::json& failures) {
    nlohmann::json body = {{"status", "COMPLETE"},
                           {"results", std::move(results)},
                           {"startedAt", timestamp(call.now_ms)},
                           {"completedAt", timestamp(call.now_ms)}};
    if (failures.empty())
        return json_response(success_status, body);
    body["numErrors"] = failures.size();
    body["errors"] = failures;
    return json_response(207, body);
}

std::string write_trace_id(const nlohmann::json& input) {
    return input.is_object() && input.contains("objectWriteTraceId")
               ? id_text(input.at("objectWriteTraceId"))
               : std::string();
}

// Multi-status is only possible when every input carries its own objectWriteTraceId
// (error-handling guide); otherwise one bad input fails the whole batch.
bool every_input_traced(const nlohmann::json& inputs) {
    std::set<std::string> seen;
    for (const auto& input : inputs) {
        const std::string id = write_trace_id(input);
        if (id.empty() || !seen.insert(id).second)
            return false;
    }
    return true;
}

// The 207 entry for inputs naming no live record.
nlohmann::json missing_ids_error(const ObjectType& type, const nlohmann::json& missing) {
    return errors::object_not_found("Could not get some " + type.name +
                                    " objects, they may be deleted or not exist. Check that ids "
                                    "are valid.")
        .context({{"ids", missing}})
        .standard_error();
}

// A written record as batch results show it: the properties the input set, the trace id.
nlohmann::json written_result(ApiCall& call, const ObjectType& type, const CrmObject& object,
                              const PreparedWrite& write, const std::string& trace) {
    ReadOptions options;
    for (const auto& [name, value] : write.values)
        options.properties.push_back(name);
    nlohmann::json out = render_object(call.account, type, object, options);
    if (!trace.empty())
        out["objectWriteTraceId"] = trace;
    return out;
}

nlohmann::json traced_error(const HubSpotError& error, const std::string& trace_id) {
    nlohmann::json out = error.standard_error();
    out["context"]["objectWriteTraceId"] = {trace_id};
    return out;
}

HttpResponse list(ApiCall& call, const ObjectType& type) {
    const auto limit = int_param(call.request, "limit", 10, 1, call.limits.list_page);
    const auto after = int_param(call.request, "after", 0, 0, 999'999'999'999);
    const bool archived = bool_param(call.request, "archived");
    const ReadOptions options = read_options_from_query(call.request);
    nlohmann::json results = nlohmann::json::array();
    const auto& objects = call.account.table(type).objects();
    auto it = objects.lower_bound(static_cast<std::uint64_t>(after));
    for (; it != objects.end() && results.size() < static_cast<std::size_t>(limit); ++it) {
        if (it->second.archived == archived)
            results.push_back(render_object(call.account, type, it->second, options));
    }
    while (it != objects.end() && it->second.archived != archived)
        ++it;
    nlohmann::json body = {{"results", std::move(results)}};
    if (it != objects.end()) {
        const std::string next = std::to_string(it->first);
        body["paging"] = {
            {"next",
             {{"after", next}, {"link", "/crm/v3/objects/" + type.name + "?after=" + next}}}};
    }
    return json_response(200, body);
}

HttpResponse get_one(ApiCall& call, const ObjectType& type, const std::string& id) {
    const std::string id_property = call.request.query_param("idProperty").value_or("");
    CrmObject* object = nullptr;
    if (bool_param(call.request, "archived") && id_property.empty()) {
        const auto numeric = id.find_first_not_of("0123456789") == std::string::npos && !id.empty()
                                 ? call.account.table(type).find(std::stoull(id))
                                 : nullptr;
        object = numeric != nullptr && numeric->archived ? numeric : nullptr;
    } else {
        object = call.writer.resolve(type, id, id_property);
    }
    if (object == nullptr)
        return not_found(type, id);
    return json_response(
        200, render_object(call.account, type, *object, read_options_from_query(call.request)));
}

HttpResponse create(ApiCall& call, const ObjectType& type) {
    const nlohmann::json body = parse_body(call.request);
    PreparedWrite write = call.writer.prepare_create(type, body);
    CrmObject& object = call.writer.commit(write);
    call.writer.finish();
    return json_response(201, written_result(call, type, object, write, ""));
}

HttpResponse update(ApiCall& call, const ObjectType& type, const std::string& id) {
    const nlohmann::json body = parse_body(call.request);
    CrmObject* object =
        call.writer.resolve(type, id, call.request.query_param("idProperty").value_or(""));
    if (object == nullptr)
        return not_found(type, id);
    if (body.contains("associations"))
        throw errors::validation("Updates cannot change associations; use the associations API");
    PreparedWrite write = call.writer.prepare_update(
        type, *object, body.contains("properties") ? body.at("properties") : nlohmann::json());
    call.writer.commit(write);
    call.writer.finish();
    return json_response(200, written_result(call, type, *object, write, ""));
}

HttpResponse archive(ApiCall& call, const ObjectType& type, const std::string& id) {
    // Archiving a record that does not exist is a 204 too, as HubSpot answers.
    if (CrmObject* object = call.writer.resolve(type, id, ""))
        call.writer.archive(type, *object);
    call.writer.finish();
    return no_content();
}

HttpResponse batch_read(ApiCall& call, const ObjectType& type) {
    const nlohmann::json body = parse_body(call.request);
    const auto& inputs = batch_inputs(call, body);
    const std::string id_property = body.value("idProperty", std::string());
    call.writer.check_id_property(type, id_property);
    ReadOptions options{
        string_list(body, "properties"), string_list(body, "propertiesWithHistory"), {}};
    const bool archived = bool_param(call.request, "archived");
    nlohmann::json results = nlohmann::json::array();
    nlohmann::json missing = nlohmann::json::array();
    for (const auto& input : inputs) {
        const std::string id =
            input.is_object() ? id_text(input.value("id", nlohmann::json())) : std::string();
        CrmObject* object = call.writer.resolve(type, id, id_property);
        if (archived && object == nullptr && id_property.empty() && !id.empty() &&
            id.find_first_not_of("0123456789") == std::string::npos) {
            CrmObject* candidate = call.account.table(type).find(std::stoull(id));
            object = candidate != nullptr && candidate->archived ? candidate : nullptr;
        }
        if (object == nullptr) {
            missing.push_back(id);
            continue;
        }
        results.push_back(render_object(call.account, type, *object, options));
    }
    nlohmann::json failures = nlohmann::json::array();
    if (!missing.empty())
        failures.push_back(missing_ids_error(type, missing));
    return batch_answer(call, 200, std::move(results), failures);
}

HttpResponse batch_create(ApiCall& call, const ObjectType& type) {
    const nlohmann::json body = parse_body(call.request);
    const auto& inputs = batch_inputs(call, body);
    const bool multi_status = every_input_traced(inputs);
    std::vector<PreparedWrite> writes;
    std::vector<std::string> traces;
    nlohmann::json failures = nlohmann::json::array();
    for (const auto& input : inputs) {
        try {
            writes.push_back(call.writer.prepare_create(type, input));
            traces.push_back(write_trace_id(input));
        } catch (const HubSpotError& error) {
            if (!multi_status)
                throw;
            failures.push_back(traced_error(error, write_trace_id(input)));
        }
    }
    std::vector<CrmObject*> created;
    for (const auto& write : writes)
        created.push_back(&call.writer.commit(write));
    call.writer.finish();
    nlohmann::json results = nlohmann::json::array();
    for (std::size_t i = 0; i < created.size(); ++i)
        results.push_back(written_result(call, type, *created[i], writes[i], traces[i]));
    return batch_answer(call, 201, std::move(results), failures);
}

HttpResponse batch_update(ApiCall& call, const ObjectType& type, bool upsert) {
    const nlohmann::json body = parse_body(call.request);
    const auto& inputs = batch_inputs(call, body);
    const bool multi_status = every_input_traced(inputs);
    struct Item {
        PreparedWrite write;
        bool created = false;
        std::string trace;
    };
    std::vector<Item> items;
    nlohmann::json failures = nlohmann::json::array();
    nlohmann::json missing = nlohmann::json::array();
    for (const auto& input : inputs) {
        const std::string trace = write_trace_id(input);
        try {
            if (!input.is_object())
                throw errors::validation("each input must be an object with id and properties");
            const std::string id = id_text(input.value("id", nlohmann::json()));
            const std::string id_property = input.value("idProperty", std::string());
            const nlohmann::json properties =
                input.contains("properties") ? input.at("properties") : nlohmann::json::object();
            CrmObject* object = call.writer.resolve(type, id, id_property);
            if (object != nullptr) {
                items.push_back(
                    {call.writer.prepare_update(type, *object, properties), false, trace});
                continue;
            }
            if (!upsert || id_property.empty() || id_property == "hs_object_id") {
                missing.push_back(id);
                continue;
            }
            // Upsert of an unmatched unique value creates the record with that value.
            nlohmann::json create_input = {{"properties", properties}};
            create_input["properties"][id_property] = id;
            items.push_back({call.writer.prepare_create(type, create_input), true, trace});
        } catch (const HubSpotError& error) {
            if (!multi_status)
                throw;
            failures.push_back(traced_error(error, trace));
        }
    }
    std::vector<CrmObject*> written;
    for (const auto& item : items)
        written.push_back(&call.writer.commit(item.write));
    call.writer.finish();
    nlohmann::json results = nlohmann::json::array();
    for (std::size_t i = 0; i < items.size(); ++i) {
        nlohmann::json object =
            written_result(call, type, *written[i], items[i].write, items[i].trace);
        if (upsert)
            object["new"] = items[i].created;
        results.push_back(std::move(object));
    }
    if (!missing.empty())
        failures.push_back(missing_ids_error(type, missing));
    return batch_answer(call, 200, std::move(results), failures);
}

HttpResponse batch_archive(ApiCall& call, const ObjectType& type) {
    const nlohmann::json body = parse_body(call.request);
    const auto& inputs = batch_inputs(call, body);
    std::vector<CrmObject*> targets;
    for (const auto& input : inputs) {
        const std::string id =
            input.is_object() ? id_text(input.value("id", nlohmann::json())) : std::string();
        if (CrmObject* object = call.writer.resolve(type, id, ""))
            targets.push_back(object);
    }
    for (CrmObject* object : targets)
        call.writer.archive(type, *object);
    call.writer.finish();
    return no_content();
}

}  // namespace

HttpResponse handle_objects(ApiCall& call, const ObjectType& type,
                            const std::vector<std::string>& rest) {
    const std::string& method = call.request.method;
    if (rest.empty()) {
        if (method == "GET")
            return list(call, type);
        if (method == "POST")
            return create(call, type);
    } else if (rest.size() == 1 && rest[0] == "search" && method == "POST") {
        return search_objects(call, type);
    } else if (rest.size() == 2 && rest[0] == "batch" && method == "POST") {
        if (rest[1] == "read")
            return batch_read(call, type);
        if (rest[1] == "create")
            return batch_create(call, type);
        if (rest[1] == "update")
            return batch_update(call, type, false);
        if (rest[1] == "upsert")
            return batch_update(call, type, true);
        if (rest[1] == "archive")
            return batch_archive(call, type);
    } else if (rest.size() == 1) {
        if (method == "GET")
            return get_one(call, type, rest[0]);
        if (method == "PATCH")
            return update(call, type, rest[0]);
        if (method == "DELETE")
            return archive(call, type, rest[0]);
    }
    throw errors::no_route(method, call.request.path);
}

}  // namespace ledgersync::sandbox::hubspot
