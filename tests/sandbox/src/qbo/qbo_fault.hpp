#pragma once
/// QBO faults: the error an operation raises and the body QBO sends for it,
///   {"Fault":{"Error":[{"Message","Detail","code","element"}],"type":"ValidationFault"},"time":...}
/// Messages and details follow the real bodies in shared/specs/qbo/samples (batch_response.json,
/// the quickbooks-ruby XML fixtures) and reference/qbo.md §1.7; the factories below name their
/// source where one exists. An operation throws QboFault; the API layer turns it into a response
/// (or a batch item).

#include <exception>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ledgersync::sandbox::qbo {

struct FaultError {
    std::string code;
    std::string message;
    std::string detail;
    std::string element;
};

class QboFault : public std::exception {
public:
    QboFault(int http_status, std::string type, std::vector<FaultError> errors);

    int http_status() const noexcept { return http_status_; }
    const std::string& type() const noexcept { return type_; }
    const std::vector<FaultError>& errors() const noexcept { return errors_; }
    /// {"Error":[...],"type":...}: the value of the "Fault" member.
    nlohmann::json to_json() const;
    const char* what() const noexcept override { return what_.c_str(); }

private:
    int http_status_;
    std::string type_;
    std::vector<FaultError> errors_;
    std::string what_;
};

namespace faults {

/// 610 for an Id that does not exist (the text of batch_response.json's real 610 item).
QboFault object_not_found();
/// 610 for a transaction that existed and was deleted (CERR).
QboFault transaction_deleted();
/// 610 for a reference to an inactive name-list entity.
QboFault inactive_reference(const std::string& kind, const std::string& id);
/// 2010: a member QBO cannot read (malformed JSON, a non-number amount, an unknown value).
QboFault invalid_property(const std::string& property, const std::string& why);
/// 2010 for a member the entity's type does not have: the text QBO's JSON reader (Jackson)
/// gives, e.g. `Property Name:Unrecognized field "Foo" (class
/// com.intuit.schema.finance.v3.Invoice), not marked as ignorable specified is unsupported or
/// invalid`.
QboFault unrecognized_field(const std::string& field, const std::string& type);
/// 2020: a required member is missing.
QboFault required_param_missing(const std::string& parameter);
/// 2500: a reference to something that does not exist.
QboFault invalid_reference(const std::string& kind, const std::string& id);
/// 4001 with "QueryParserError: ..." or "QueryValidationError: ..." as the detail.
QboFault invalid_query(const std::string& detail);
/// 5010 (text of batch_response.json's real item).
QboFault stale_object();
/// 6000 business validation; `detail` is appended to "Business Validation Error: ".
QboFault business_validation(const std::string& detail);
/// 6140 duplicate DocNumber (qbo.md §1.7, Clio KB).
QboFault duplicate_doc_number(const std::string& doc_number, const std::string& txn_type,
                              const std::string& txn_id);
/// 6240 duplicate name; `who` is "customer, vendor or employee", "product or service", "account".
QboFault duplicate_name(const std::string& who);
/// 500 Unsupported Operation (qbo.md §1.7).
QboFault unsupported_operation(const std::string& detail);
/// 3200, HTTP 401 (qbo.md §1.7).
QboFault authentication_failed(const std::string& detail);
/// 3100, HTTP 403: a token used for another company.
QboFault authorization_failed(const std::string& detail);
/// 3001, HTTP 429 (too_many_requests_error.xml).
QboFault throttle_exceeded();
/// 10000 SystemFault, HTTP `status` (generic_error.xml).
QboFault system_failure(int status, const std::string& detail);
/// 10000 for a URL no resource answers (generic_error.xml's "Could not find resource").
QboFault resource_not_found(const std::string& path);

}  // namespace faults

}  // namespace ledgersync::sandbox::qbo
