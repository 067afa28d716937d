#include "qbo/qbo_api.hpp"

#include <chrono>
#include <stdexcept>
#include <thread>

#include "common/control_plane.hpp"
#include "common/random_token.hpp"
#include "common/sandbox_clock.hpp"
#include "common/webhook_dispatcher.hpp"
#include "qbo/batch_processor.hpp"
#include "qbo/change_data_capture.hpp"
#include "qbo/company_seed.hpp"
#include "qbo/company_time.hpp"
#include "qbo/entity_schema.hpp"
#include "qbo/exchange_rate_resource.hpp"
#include "qbo/invoice_page.hpp"
#include "qbo/invoice_pdf.hpp"
#include "qbo/ledger.hpp"
#include "qbo/qbo_json.hpp"
#include "qbo/query_executor.hpp"
#include "qbo/query_parser.hpp"

namespace ledgersync::sandbox::qbo {

namespace {

constexpr std::size_t kMaxRequestIdLength = 50;  // RID

bool is_company_path(const std::vector<std::string>& parts) {
    return parts.size() >= 3 && parts[0] == "v3" && parts[1] == "company";
}

std::string endpoint_of(const HttpRequest& request, const std::vector<std::string>& parts) {
    if (!is_company_path(parts))
        return request.method + " " + request.path;
    std::string path = "/v3/company/{realmId}";
    for (std::size_t i = 3; i < parts.size(); ++i) {
        const bool id_segment = (i == 4 && parts.size() >= 5 && parts[3] != "query" &&
                                 parts[3] != "batch" && parts[3] != "cdc");
        path += "/" + (id_segment ? std::string("{id}") : to_lower(parts[i]));
    }
    const auto operation = request.query_param("operation");
    if (operation && !operation->empty())
        path += "?operation=" + *operation;
    if (request.query_param("include").value_or("") == "void")
        path += operation ? "&include=void" : "?include=void";
    return request.method + " " + path;
}

std::string pdf_title(const std::string& kind) {
    if (kind == "Invoice")
        return "INVOICE";
    if (kind == "CreditMemo")
        return "CREDIT MEMO";
    if (kind == "RefundReceipt")
        return "REFUND RECEIPT";
    if (kind == "SalesReceipt")
        return "SALES RECEIPT";
    return "ESTIMATE";
}

std::string new_realm_id() {
    std::string digits = random_hex(12);
    for (auto& c : digits)
        c = static_cast<char>('0' + (c % 10));
    return "9341" + digits;
}

}  // namespace

QboApi::QboApi(SandboxServices services, bool seed_default_realm)
    : services_(services), seed_default_realm_(seed_default_realm), webhooks_(services.webhooks) {
    reset();
}

std::int64_t QboApi::now_ms() const {
    return services_.clock.now_ms();
}

void QboApi::reset() {
    realms_.clear();
    oauth_.reset();
    throttle_.reset();
    webhooks_.reset();
    reject_old_minor_versions_ = false;
    if (seed_default_realm_) {
        auto company = realms_.create(kDefaultRealmId);
        std::lock_guard lock(company->mutex());
        Ledger ledger(company->store(), now_ms());
        seed_company(ledger, {{"realm_id", kDefaultRealmId}});
        ledger.commit();
    }
}

nlohmann::json QboApi::ready_info() const {
    nlohmann::json info = {{"client_id", OAuthServer::kDefaultClientId},
                           {"client_secret", OAuthServer::kDefaultClientSecret}};
    if (seed_default_realm_)
        info["realm_id"] = kDefaultRealmId;
    return info;
}

RequestFacts QboApi::describe(const HttpRequest& request) const {
    RequestFacts facts;
    const auto parts = split_path(request.path);
    if (is_company_path(parts))
        facts.realm = parts[2];
    facts.endpoint = endpoint_of(request, parts);
    facts.requestid = request.query_param("requestid").value_or("");
    return facts;
}

HttpResponse QboApi::envelope(const std::string& member, const nlohmann::json& value) const {
    nlohmann::json body = {{member, value}, {"time", company_response_time(now_ms())}};
    HttpResponse response = HttpResponse::json(200, render(body));
    response.headers["intuit_tid"] = random_uuid();
    return response;
}

HttpResponse QboApi::fault_response(const QboFault& fault) const {
    nlohmann::json body = {{"Fault", fault.to_json()}, {"time", company_response_time(now_ms())}};
    HttpResponse response = HttpResponse::json(fault.http_status(), render(body));
    response.headers["intuit_tid"] = random_uuid();
    return response;
}

HttpResponse QboApi::throttled_response() const {
    const QboFault fault = faults::throttle_exceeded();
    if (throttle_.format() != "xml")
        return fault_response(fault);
    // The XML body real QBO has sent even to JSON clients (too_many_requests_error.xml).
    const FaultError& error = fault.errors().front();
    std::string body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<IntuitResponse time=\"" +
        company_response_time(now_ms()) +
        "\" xmlns=\"http://schema.intuit.com/finance/v3\">\n  <Fault type=\"" + fault.type() +
        "\">\n    <Error code=\"" + error.code + "\">\n      <Message>" + error.message +
        "</Message>\n      <Detail>" + error.detail +
        "</Detail>\n    </Error>\n  </Fault>\n</IntuitResponse>\n";
    HttpResponse response =
        HttpResponse::text(429, std::move(body), "application/xml;charset=UTF-8");
    response.headers["intuit_tid"] = random_uuid();
    return response;
}

// Intuit's OpenID discovery document (samples/oauth/discovery.json) with this sandbox's URLs, so
// SDKs that discover their endpoints find the sandbox's.
HttpResponse QboApi::discovery_document(const HttpRequest& request) const {
    const std::string host = request.header("Host");
    const std::string base = "http://" + (host.empty() ? std::string("127.0.0.1") : host);
    const nlohmann::json document = {
        {"issuer", base + "/op/v1"},
        {"authorization_endpoint", base + "/connect/oauth2"},
        {"token_endpoint", base + "/oauth2/v1/tokens/bearer"},
        {"userinfo_endpoint", base + "/v1/openid_connect/userinfo"},
        {"revocation_endpoint", base + "/v2/oauth2/tokens/revoke"},
        {"jwks_uri", base + "/op/v1/jwks"},
        {"response_types_supported", {"code"}},
        {"subject_types_supported", {"public"}},
        {"id_token_signing_alg_values_supported", {"RS256"}},
        {"scopes_supported", {"openid", "email", "profile", "address", "phone"}},
        {"token_endpoint_auth_methods_supported", {"client_secret_post", "client_secret_basic"}},
        {"claims_supported", {"aud", "exp", "iat", "iss", "realmid", "sub"}}};
    return HttpResponse::json(200, document.dump());
}

HttpResponse QboApi::injected_error(int status) const {
    if (status == 502 || status == 503 || status == 504) {
        // Gateways in front of QBO answer these with HTML, not a Fault.
        const std::string reason = status == 502   ? "Bad Gateway"
                                   : status == 503 ? "Service Unavailable"
                                                   : "Gateway Timeout";
        return HttpResponse::text(status,
                                  "<html><head><title>" + std::to_string(status) + " " + reason +
                                      "</title></head><body><h1>" + reason +
                                      "</h1></body></html>\n",
                                  "text/html");
    }
    return fault_response(faults::system_failure(status, "injected by the sandbox's fault plan"));
}

HttpResponse QboApi::handle(const HttpRequest& request, RequestFacts& facts) {
    try {
        const auto parts = split_path(request.path);
        if (!is_company_path(parts) && facts.latency_ms > 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(facts.latency_ms));
        }
        if (request.path == "/connect/oauth2" && request.method == "GET") {
            const auto realms = realms_.realm_ids();
            const std::string consent_realm =
                seed_default_realm_ ? kDefaultRealmId : (realms.empty() ? "" : realms.front());
            return oauth_.authorize(request, consent_realm, now_ms());
        }
        if (request.path == "/.well-known/openid_sandbox_configuration" ||
            request.path == "/.well-known/openid_configuration") {
            return discovery_document(request);
        }
        if (request.path == "/oauth2/v1/tokens/bearer" && request.method == "POST")
            return oauth_.token(request, now_ms());
        if (request.path == "/v2/oauth2/tokens/revoke" && request.method == "POST")
            return oauth_.revoke(request);
        if (is_company_path(parts))
            return handle_company(request, parts, facts);
        if ((request.path == "/app/invoice" || request.path == "/app/invoice/pdf") && request.method == "GET")
            return app_invoice(request, request.path == "/app/invoice/pdf");
        throw faults::resource_not_found(request.path);
    } catch (const QboFault& fault) {
        return fault_response(fault);
    } catch (const std::exception& e) {
        return fault_response(faults::system_failure(500, e.what()));
    }
}

HttpResponse QboApi::app_invoice(const HttpRequest& request, bool pdf) {
    const auto missing = [](const std::string& message) {
        return HttpResponse::text(404, render_missing_invoice_page(message), "text/html; charset=utf-8");
    };
    const std::string id = request.query_param("txnId").value_or("");
    // Without realmId, the company the links of a one-company sandbox mean.
    std::string realm = request.query_param("realmId").value_or("");
    const auto realms = realms_.realm_ids();
    if (realm.empty() && realms.size() == 1)
        realm = realms.front();
    if (realm.empty())
        return missing("Add realmId=<company> to the address: this sandbox has " + std::to_string(realms.size()) +
                       " companies.");
    const auto company = realms_.find(realm);
    if (!company)
        return missing("No company with realm id " + realm + ".");
    std::lock_guard lock(company->mutex());
    Ledger ledger(company->store(), now_ms());
    const StoredEntity* stored = ledger.find("Invoice", id);
    if (id.empty() || stored == nullptr)
        return missing("Company " + realm + " has no invoice with id \"" + id + "\".");
    const StoredEntity* info = ledger.find("CompanyInfo", "1");
    const std::string company_name =
        info != nullptr ? string_member(info->body, "CompanyName") : std::string("QuickBooks company");
    if (pdf)
        return HttpResponse::text(200, render_transaction_pdf(company_name, "INVOICE", stored->body), "application/pdf");
    return HttpResponse::text(200,
                              render_invoice_page(company_name, SalesFormView::of(stored->body),
                                                  "/app/invoice/pdf?realmId=" + realm + "&txnId=" + id),
                              "text/html; charset=utf-8");
}

HttpResponse QboApi::handle_company(const HttpRequest& request,
                                    const std::vector<std::string>& parts, RequestFacts& facts) {
    const std::string& realm = parts[2];
    const TokenCheck auth = oauth_.check_bearer(request.header("Authorization"), realm, now_ms());
    if (!auth.valid) {
        throw auth.wrong_realm ? faults::authorization_failed(auth.detail)
                               : faults::authentication_failed(auth.detail);
    }
    const auto company = realms_.find(realm);
    if (!company)
        throw faults::authorization_failed("No company with realm id " + realm + " is connected");
    if (const auto minor = request.query_param("minorversion");
        minor && reject_old_minor_versions_) {
        const auto value = CompanyStore::numeric_id(*minor);
        if (!value || *value < kMinimumMinorVersion) {
            throw faults::invalid_property(
                "minorversion", "minor versions 1-74 were discontinued on 2025-08-01; use " +
                                    std::to_string(kMinimumMinorVersion) + " or later");
        }
    }
    if (facts.requestid.size() > kMaxRequestIdLength) {
        throw faults::invalid_property("requestid", "a requestid has at most 50 characters");
    }

    // A batch costs one batch request and its items towards the per-minute budget (qbo.md §1.8).
    std::int64_t units = 1;
    const bool batch = parts.size() == 4 && to_lower(parts[3]) == "batch";
    if (batch) {
        try {
            units = static_cast<std::int64_t>(batch_item_count(parse_request_body(request.body)));
        } catch (const QboFault&) {
            units = 1;  // the batch itself will answer the fault
        }
        facts.batch_items = static_cast<int>(units);
    }
    const QboThrottle::Permit permit = throttle_.admit(realm, now_ms(), units, batch);
    if (!permit.granted()) {
        facts.throttled = true;
        return throttled_response();
    }
    if (facts.latency_ms > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(facts.latency_ms));

    std::lock_guard lock(company->mutex());
    const bool remembered = !facts.requestid.empty() && request.method == "POST";
    if (remembered) {
        if (auto stored = company->requestids().find(facts.requestid)) {
            facts.replayed = true;
            return *stored;
        }
    }
    HttpResponse response;
    try {
        response = execute(*company, request, parts);
    } catch (const QboFault& fault) {
        response = fault_response(fault);
    }
    // Writes (and batches) are remembered so a retry with the same requestid replays them.
    if (remembered)
        company->requestids().store(facts.requestid, response);
    return response;
}

nlohmann::json QboApi::run_operation(Ledger& ledger, const EntityKind& kind,
                                     const std::string& operation, const nlohmann::json& body,
                                     bool include_void) {
    // QBO reads the body into its entity type first: a member it does not know is refused.
    check_known_members(kind.name, body);
    if (operation == "delete")
        return ledger.remove(kind, body);
    if (operation == "void") {
        return kind.name == "Payment" ? ledger.update(kind, body, true)
                                      : ledger.void_transaction(kind, body);
    }
    if (operation == "update") {
        return ledger.update(kind, body, include_void);
    }
    if (operation == "create") {
        // QBO treats a create that carries an Id as an update.
        if (body.contains("Id") && !body.at("Id").is_null() && !kind.is_singleton())
            return ledger.update(kind, body, include_void);
        return kind.is_singleton() ? ledger.update(kind, body) : ledger.create(kind, body);
    }
    throw faults::unsupported_operation("Operation " + operation + " is not supported.");
}

HttpResponse QboApi::execute(Company& company, const HttpRequest& request,
                             const std::vector<std::string>& parts) {
    Ledger ledger(company.store(), now_ms());
    const auto finish = [&](HttpResponse response) {
        ledger.commit();
        webhooks_.notify(company.realm_id(), ledger.events());
        return response;
    };
    if (parts.size() < 4)
        throw faults::resource_not_found(request.path);
    const std::string resource = to_lower(parts[3]);
    const bool get = request.method == "GET";
    const bool post = request.method == "POST";

    if (resource == "query" && parts.size() == 4 && (get || post)) {
        const std::string text = get ? request.query_param("query").value_or("") : request.body;
        if (text.empty())
            throw faults::invalid_query("QueryParserError: the query is empty");
        return envelope("QueryResponse", answer_query(company, ledger, parse_query(text)));
    }
    if (resource == "exchangerate" && parts.size() == 4 && (get || post)) {
        ExchangeRateTable& rates = company.exchange_rates();
        if (get) {
            return envelope(
                "ExchangeRate",
                read_exchange_rate(rates, ledger.preferences(),
                                   request.query_param("sourcecurrencycode").value_or(""),
                                   request.query_param("asofdate").value_or(""), now_ms()));
        }
        const nlohmann::json body = parse_request_body(request.body);
        check_known_members("ExchangeRate", body);
        return envelope("ExchangeRate",
                        update_exchange_rate(rates, ledger.preferences(), body, now_ms()));
    }
    if (resource == "cdc" && parts.size() == 4 && get) {
        return envelope("CDCResponse",
                        change_data_capture(ledger, request.query_param("entities").value_or(""),
                                            request.query_param("changedSince").value_or("")));
    }
    if (resource == "batch" && parts.size() == 4 && post) {
        const nlohmann::json body = parse_request_body(request.body);
        // What earlier items created stays invisible to the later ones (reference/qbo.md §1.3).
        Ledger::EntityKeys created_by_batch;
        const BatchOperation operation = [&](const EntityKind& kind, const std::string& op,
                                             const nlohmann::json& entity,
                                             const std::string& options) {
            // Each item on its own: a failed item leaves nothing behind.
            Ledger item_ledger(company.store(), now_ms());
            item_ledger.hide(created_by_batch);
            nlohmann::json result = run_operation(item_ledger, kind, op, entity, options == "void");
            item_ledger.commit();
            for (const ChangeEvent& event : item_ledger.events()) {
                if (event.operation == "Create")
                    created_by_batch.insert({event.entity, event.id});
            }
            webhooks_.notify(company.realm_id(), item_ledger.events());
            return result;
        };
        const BatchQuery query = [&](const std::string& text) {
            Ledger reader(company.store(), now_ms());
            reader.hide(created_by_batch);
            return answer_query(company, reader, parse_query(text));
        };
        return envelope("BatchItemResponse", process_batch(body, operation, query));
    }

    const EntityKind* kind = find_kind_by_resource(resource);
    if (kind == nullptr)
        throw faults::resource_not_found(request.path);
    if (kind->is_singleton()) {
        if (get && (parts.size() == 4 || parts.size() == 5))
            return envelope(kind->name, ledger.read(*kind, "1"));
        if (post && parts.size() == 4) {
            nlohmann::json body = parse_request_body(request.body);
            check_known_members(kind->name, body);
            body["Id"] = "1";
            return finish(envelope(kind->name, ledger.update(*kind, body)));
        }
        throw faults::resource_not_found(request.path);
    }
    if (get && parts.size() == 5)
        return envelope(kind->name, ledger.read(*kind, parts[4]));
    if (get && parts.size() == 6 && to_lower(parts[5]) == "pdf") {
        if (!kind->sales_form)
            throw faults::resource_not_found(request.path);
        const nlohmann::json& txn = ledger.read(*kind, parts[4]);
        const StoredEntity* info = ledger.find("CompanyInfo", "1");
        const std::string company_name = info != nullptr ? string_member(info->body, "CompanyName")
                                                         : std::string("QuickBooks company");
        HttpResponse response = HttpResponse::text(
            200, render_transaction_pdf(company_name, pdf_title(kind->name), txn),
            "application/pdf");
        response.headers["intuit_tid"] = random_uuid();
        return response;
    }
    if (post && parts.size() == 6 && to_lower(parts[5]) == "send") {
        return finish(envelope(
            kind->name, ledger.send(*kind, parts[4], request.query_param("sendTo").value_or(""))));
    }
    if (post && parts.size() == 4) {
        const nlohmann::json body = parse_request_body(request.body);
        const std::string operation = to_lower(request.query_param("operation").value_or("create"));
        const bool include_void = request.query_param("include").value_or("") == "void";
        return finish(
            envelope(kind->name, run_operation(ledger, *kind, operation, body, include_void)));
    }
    throw faults::resource_not_found(request.path);
}

nlohmann::json QboApi::answer_query(Company& company, const Ledger& ledger,
                                    const ParsedQuery& query) const {
    if (query.entity == "ExchangeRate") {
        return query_exchange_rates(company.exchange_rates(), ledger.preferences(), query,
                                    now_ms());
    }
    return run_query(ledger, query);
}

HttpResponse QboApi::seed(const HttpRequest& request) {
    nlohmann::json options = control_body(request);
    std::string realm_id = options.value("realm_id", std::string());
    if (realm_id.empty())
        realm_id = new_realm_id();
    options["realm_id"] = realm_id;
    const bool tokens = options.value("tokens", false);
    const std::string client_id = options.value("client_id", std::string());
    nlohmann::json created;
    auto company = realms_.create(realm_id);
    {
        std::lock_guard lock(company->mutex());
        Ledger ledger(company->store(), now_ms());
        try {
            nlohmann::json seed_options = options;
            seed_options.erase("tokens");
            seed_options.erase("client_id");
            created = seed_company(ledger, seed_options);
        } catch (const QboFault& fault) {
            return control_error(400, std::string("a seed entity was refused: ") + fault.what());
        }
        ledger.commit();
    }
    nlohmann::json out = {{"realm_id", realm_id}, {"created", created}};
    if (tokens)
        out["tokens"] = oauth_.mint(client_id, realm_id, now_ms());
    return control_ok(out);
}

// POST {"realm_id"?, "rates": [{"currency": "EUR", "date": "2025-01-01", "rate": 1.0825}]}
// sets rates (exact decimals, as numbers or strings); GET ?realm= lists them.
HttpResponse QboApi::exchange_rates_control(const HttpRequest& request) {
    const bool post = request.method == "POST";
    const nlohmann::json body =
        post ? control_body_required(
                   request,
                   R"({"rates": [{"currency": "EUR", "date": "2025-01-01", "rate": 1.0825}]})")
             : nlohmann::json::object();
    const std::string default_realm = seed_default_realm_ ? kDefaultRealmId : "";
    const std::string realm = post ? body.value("realm_id", default_realm)
                                   : request.query_param("realm").value_or(default_realm);
    const auto company = realms_.find(realm);
    if (!company)
        return control_error(404, "no realm \"" + realm + "\"; seed it first");
    std::lock_guard lock(company->mutex());
    ExchangeRateTable& table = company->exchange_rates();
    if (post) {
        const auto& rates = body.contains("rates") ? body.at("rates") : nlohmann::json();
        if (!rates.is_array() || rates.empty())
            throw std::invalid_argument(
                "\"rates\" must be a non-empty array of "
                "{\"currency\", \"date\", \"rate\"}");
        // Check them all on a copy first, so that a bad rate changes nothing.
        ExchangeRateTable updated = table;
        for (const auto& rate : rates) {
            if (!rate.is_object() || !rate.contains("currency") || !rate.contains("date") ||
                !rate.contains("rate"))
                throw std::invalid_argument("each rate is {\"currency\", \"date\", \"rate\"}");
            const auto& value = rate.at("rate");
            if (!value.is_string() && !value.is_number_integer())
                throw std::invalid_argument("\"rate\" must be a decimal number");
            updated.set(rate.at("currency").get<std::string>(), rate.at("date").get<std::string>(),
                        value.is_string() ? value.get<std::string>() : value.dump(), now_ms());
        }
        table = std::move(updated);
    }
    return control_ok({{"realm_id", realm}, {"rates", table.to_json()}});
}

HttpResponse QboApi::handle_control(const std::vector<std::string>& subpath,
                                    const HttpRequest& request) {
    const std::string first = subpath.empty() ? std::string() : subpath[0];
    const bool post = request.method == "POST";
    const bool get = request.method == "GET";
    if (first == "seed" && post)
        return seed(request);
    if (first == "realms" && get) {
        if (subpath.size() == 1)
            return control_ok({{"realms", realms_.realm_ids()}});
        const auto company = realms_.find(subpath[1]);
        if (!company)
            return control_error(404, "no realm " + subpath[1]);
        std::lock_guard lock(company->mutex());
        nlohmann::json out = nlohmann::json::object();
        for (const auto& k : all_entity_kinds()) {
            if (subpath.size() == 3 && !equals_ignore_case(subpath[2], k.name))
                continue;
            nlohmann::json list = nlohmann::json::array();
            for (const auto& [id, entity] : company->store().entities(k.name))
                list.push_back(entity.body);
            if (!list.empty() || subpath.size() == 3)
                out[k.name] = std::move(list);
        }
        return HttpResponse::json(200, render(out));
    }
    if (first == "oauth") {
        const std::string second = subpath.size() > 1 ? subpath[1] : std::string();
        const nlohmann::json body =
            !post ? nlohmann::json::object()
            : second == "clients"
                ? control_body_required(request, R"({"client_id": "id", "client_secret": "s"})")
                : control_body(request);
        if (second.empty() && get)
            return control_ok(oauth_.to_json());
        if (second == "settings" && post) {
            oauth_.configure(body);
            return control_ok(oauth_.to_json());
        }
        if (second == "clients" && post) {
            OAuthClient client;
            client.client_id = body.value("client_id", std::string());
            client.client_secret = body.value("client_secret", std::string());
            if (body.contains("redirect_uris"))
                client.redirect_uris = body.at("redirect_uris").get<std::vector<std::string>>();
            if (body.contains("redirect_uri"))
                client.redirect_uris.push_back(body.at("redirect_uri").get<std::string>());
            oauth_.add_client(client);
            return control_ok(oauth_.to_json());
        }
        if (second == "code" && post) {
            const std::string realm =
                body.value("realm_id", std::string(seed_default_realm_ ? kDefaultRealmId : ""));
            if (!realms_.find(realm))
                return control_error(404, "no realm \"" + realm + "\"; seed it first");
            const std::string client =
                body.value("client_id", std::string(OAuthServer::kDefaultClientId));
            const std::string redirect =
                body.value("redirect_uri", std::string("http://localhost/callback"));
            return control_ok({{"code", oauth_.issue_code(client, realm, redirect, now_ms())},
                               {"realmId", realm},
                               {"redirect_uri", redirect}});
        }
        if (second == "tokens" && post) {
            const std::string realm =
                body.value("realm_id", std::string(seed_default_realm_ ? kDefaultRealmId : ""));
            if (!realms_.find(realm))
                return control_error(404, "no realm \"" + realm + "\"; seed it first");
            return control_ok(oauth_.mint(body.value("client_id", std::string()), realm, now_ms()));
        }
    }
    if (first == "exchangerates" && subpath.size() == 1 && (get || post))
        return exchange_rates_control(request);
    if (first == "webhooks") {
        if (post) {
            webhooks_.configure(control_body(request));
        } else if (!get) {
            return control_error(405, "use GET or POST");
        }
        nlohmann::json out = webhooks_.to_json();
        const nlohmann::json log = services_.webhooks.to_json("qbo");
        out["deliveries"] = log.at("deliveries");
        out["queued"] = log.at("queued");
        return control_ok(out);
    }
    if (first == "settings") {
        if (post) {
            const nlohmann::json body = control_body(request);
            for (auto it = body.begin(); it != body.end(); ++it) {
                if (it.key() != "reject_old_minor_versions" || !it->is_boolean()) {
                    throw std::invalid_argument("unknown or bad setting \"" + it.key() +
                                                "\" (reject_old_minor_versions: true|false)");
                }
                reject_old_minor_versions_ = it->get<bool>();
            }
        }
        return control_ok({{"reject_old_minor_versions", reject_old_minor_versions_.load()},
                           {"minimum_minor_version", static_cast<int>(kMinimumMinorVersion)}});
    }
    return control_error(404, "no control endpoint " + request.method + " " + request.path +
                                  "; see tests/sandbox/README.md for the QBO control plane");
}

}  // namespace ledgersync::sandbox::qbo
