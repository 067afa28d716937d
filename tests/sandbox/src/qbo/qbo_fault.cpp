#include "qbo/qbo_fault.hpp"

namespace ledgersync::sandbox::qbo {

QboFault::QboFault(int http_status, std::string type, std::vector<FaultError> errors)
    : http_status_(http_status), type_(std::move(type)), errors_(std::move(errors)) {
    what_ = "QBO fault";
    for (const auto& e : errors_)
        what_ += " " + e.code + " " + e.message + ": " + e.detail;
}

nlohmann::json QboFault::to_json() const {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& e : errors_) {
        list.push_back({{"Message", e.message},
                        {"Detail", e.detail},
                        {"code", e.code},
                        {"element", e.element}});
    }
    return {{"Error", std::move(list)}, {"type", type_}};
}

namespace faults {

namespace {

QboFault validation(const std::string& code, const std::string& message, const std::string& detail,
                    const std::string& element = {}) {
    return QboFault(400, "ValidationFault", {{code, message, detail, element}});
}

std::string reference_list_name(const std::string& kind) {
    if (kind == "Customer" || kind == "Vendor" || kind == "Employee")
        return "Names";
    if (kind == "Account")
        return "Accounts";
    return kind;
}

}  // namespace

QboFault object_not_found() {
    return validation("610", "Object Not Found",
                      "Object Not Found : Something you're trying to use has been made inactive. "
                      "Check the fields "
                      "with accounts, customers, items, vendors or employees.");
}

QboFault transaction_deleted() {
    return validation("610", "Object Not Found",
                      "Object Not Found : Another user has deleted this transaction.");
}

QboFault inactive_reference(const std::string& kind, const std::string& id) {
    return validation("610", "Object Not Found",
                      "Object Not Found : Something you're trying to use has been made inactive. "
                      "Check the fields "
                      "with accounts, customers, items, vendors or employees.",
                      kind + "Ref:" + id);
}

QboFault invalid_property(const std::string& property, const std::string& why) {
    return validation("2010", "Request has invalid or unsupported property",
                      "Property Name:" + property + " specified is unsupported or invalid: " + why,
                      property);
}

QboFault unrecognized_field(const std::string& field, const std::string& type) {
    return validation("2010", "Request has invalid or unsupported property",
                      "Property Name:Unrecognized field \"" + field +
                          "\" (class com.intuit.schema.finance.v3." + type +
                          "), not marked as ignorable specified is unsupported or invalid",
                      field);
}

QboFault required_param_missing(const std::string& parameter) {
    return validation("2020",
                      "Required param missing, need to supply the required value for the API",
                      "Required parameter " + parameter + " is missing in the request", parameter);
}

QboFault invalid_reference(const std::string& kind, const std::string& id) {
    return validation(
        "2500", "Invalid Reference Id",
        "Invalid Reference Id : " + reference_list_name(kind) + " element id " + id + " not found");
}

QboFault invalid_query(const std::string& detail) {
    return validation("4001", "Invalid query", detail);
}

QboFault stale_object() {
    return validation("5010", "Stale Object Error",
                      "Stale Object Error : You and root were working on this at the same time. "
                      "root finished before "
                      "you did, so your work was not saved.");
}

QboFault business_validation(const std::string& detail) {
    return validation("6000",
                      "A business validation error has occurred while processing your request",
                      "Business Validation Error: " + detail);
}

QboFault duplicate_doc_number(const std::string& doc_number, const std::string& txn_type,
                              const std::string& txn_id) {
    return validation("6140", "Duplicate Document Number Error",
                      "Duplicate Document Number Error : You must specify a different number. This "
                      "number has already "
                      "been used. DocNumber=" +
                          doc_number + " is assigned to TxnType=" + txn_type +
                          " with TxnId=" + txn_id);
}

QboFault duplicate_name(const std::string& who) {
    return validation("6240", "Duplicate Name Exists Error",
                      "The name supplied already exists. : Another " + who +
                          " is already using this name. Please use a different name.");
}

QboFault unsupported_operation(const std::string& detail) {
    return validation("500", "Unsupported Operation", detail);
}

QboFault authentication_failed(const std::string& detail) {
    return QboFault(
        401, "AUTHENTICATION",
        {{"3200", "message=AuthenticationFailed; errorCode=003200; statusCode=401", detail, ""}});
}

QboFault authorization_failed(const std::string& detail) {
    return QboFault(
        403, "AUTHENTICATION",
        {{"3100", "message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403",
          detail, ""}});
}

QboFault throttle_exceeded() {
    return QboFault(429, "SERVICE",
                    {{"3001", "message=ThrottleExceeded; errorCode=003001; statusCode=429",
                      "The request limit was reached.  Try again later", ""}});
}

QboFault system_failure(int status, const std::string& detail) {
    return QboFault(status, "SystemFault",
                    {{"10000", "An application error has occurred while processing your request",
                      "System Failure Error: " + detail, ""}});
}

QboFault resource_not_found(const std::string& path) {
    return QboFault(400, "SystemFault",
                    {{"10000", "An application error has occurred while processing your request",
                      "System Failure Error: Could not find resource for relative : " + path, ""}});
}

}  // namespace faults

}  // namespace ledgersync::sandbox::qbo
