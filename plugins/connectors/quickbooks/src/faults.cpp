#include "faults.hpp"

#include <algorithm>
#include <cctype>

#include <ledgersync/sdk/json.hpp>

namespace ledgersync::connectors::quickbooks {

namespace {

using nlohmann::json;
using std::chrono::milliseconds;

// ---------------------------------------------------------------------------------------------
// JSON

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

/// The member of `object` named `key` in any letter case, or nullptr.
const json* member(const json& object, std::string_view key) {
    if (!object.is_object()) return nullptr;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (equals_ignoring_case(it.key(), key)) return &it.value();
    }
    return nullptr;
}

std::string text_member(const json& object, std::string_view key) {
    const json* value = member(object, key);
    if (value == nullptr || value->is_null()) return {};
    if (value->is_string()) return value->get<std::string>();
    return value->dump();  // codes sometimes arrive as numbers
}

// ---------------------------------------------------------------------------------------------
// XML: only what a QBO fault holds. <Fault type="..."><Error code=".." element=".."><Message>
// ..</Message><Detail>..</Detail></Error>...</Fault>, possibly inside <IntuitResponse>.

std::string decode_entities(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '&') {
            out += text[i];
            continue;
        }
        const std::size_t end = text.find(';', i);
        if (end == std::string_view::npos || end - i > 10) {
            out += text[i];
            continue;
        }
        const std::string_view entity = text.substr(i + 1, end - i - 1);
        std::string decoded;
        if (entity == "amp") decoded = "&";
        else if (entity == "lt") decoded = "<";
        else if (entity == "gt") decoded = ">";
        else if (entity == "quot") decoded = "\"";
        else if (entity == "apos") decoded = "'";
        else if (entity.size() > 1 && entity[0] == '#') {
            unsigned long code = 0;
            const bool hex = entity[1] == 'x' || entity[1] == 'X';
            bool valid = entity.size() > (hex ? 2u : 1u);
            for (std::size_t k = hex ? 2 : 1; k < entity.size() && valid; ++k) {
                const char c = entity[k];
                int digit = -1;
                if (c >= '0' && c <= '9') digit = c - '0';
                else if (hex && c >= 'a' && c <= 'f') digit = c - 'a' + 10;
                else if (hex && c >= 'A' && c <= 'F') digit = c - 'A' + 10;
                if (digit < 0 || code > 0x10FFFF) valid = false;
                else code = code * (hex ? 16 : 10) + static_cast<unsigned long>(digit);
            }
            if (valid && code <= 0x10FFFF) {
                // UTF-8 encoding of the code point.
                if (code < 0x80) {
                    decoded += static_cast<char>(code);
                } else if (code < 0x800) {
                    decoded += static_cast<char>(0xC0 | (code >> 6));
                    decoded += static_cast<char>(0x80 | (code & 0x3F));
                } else if (code < 0x10000) {
                    decoded += static_cast<char>(0xE0 | (code >> 12));
                    decoded += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
                    decoded += static_cast<char>(0x80 | (code & 0x3F));
                } else {
                    decoded += static_cast<char>(0xF0 | (code >> 18));
                    decoded += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
                    decoded += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
                    decoded += static_cast<char>(0x80 | (code & 0x3F));
                }
            }
        }
        if (decoded.empty()) {
            out += text[i];
            continue;
        }
        out += decoded;
        i = end;
    }
    return out;
}

/// An element's start tag found in a document: its attributes and where its content is.
struct XmlElement {
    std::vector<std::pair<std::string, std::string>> attributes;
    std::size_t content_begin = 0;  ///< just after the start tag
    std::size_t content_end = 0;    ///< at the end tag (== content_begin when self-closing)
    std::size_t after = 0;          ///< just after the end tag

    std::string attribute(std::string_view name) const {
        for (const auto& [key, value] : attributes) {
            if (key == name) return value;
        }
        return {};
    }
};

/// The local part of a qualified name ("ns:Fault" -> "Fault").
std::string_view local_name(std::string_view name) {
    const auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

/// The next element named `name` (any namespace prefix) starting at or after `from`, within
/// [from, limit). Nested elements of the same name are not expected in faults.
std::optional<XmlElement> find_element(std::string_view xml, std::string_view name, std::size_t from, std::size_t limit) {
    std::size_t pos = from;
    while (pos < limit) {
        const std::size_t open = xml.find('<', pos);
        if (open == std::string_view::npos || open >= limit) return std::nullopt;
        std::size_t cursor = open + 1;
        if (cursor < xml.size() && (xml[cursor] == '/' || xml[cursor] == '?' || xml[cursor] == '!')) {
            pos = cursor;
            continue;
        }
        std::size_t name_end = cursor;
        while (name_end < xml.size() && !std::isspace(static_cast<unsigned char>(xml[name_end])) && xml[name_end] != '>' &&
               xml[name_end] != '/') {
            ++name_end;
        }
        const std::string_view tag = xml.substr(cursor, name_end - cursor);
        const std::size_t close = xml.find('>', name_end);
        if (close == std::string_view::npos) return std::nullopt;
        if (local_name(tag) != name) {
            pos = close + 1;
            continue;
        }
        XmlElement element;
        // Attributes: name="value" or name='value'.
        std::size_t a = name_end;
        while (a < close) {
            while (a < close && (std::isspace(static_cast<unsigned char>(xml[a])) || xml[a] == '/')) ++a;
            if (a >= close) break;
            const std::size_t eq = xml.find('=', a);
            if (eq == std::string_view::npos || eq >= close) break;
            std::string attr_name(xml.substr(a, eq - a));
            while (!attr_name.empty() && std::isspace(static_cast<unsigned char>(attr_name.back()))) attr_name.pop_back();
            std::size_t q = eq + 1;
            while (q < close && std::isspace(static_cast<unsigned char>(xml[q]))) ++q;
            if (q >= close || (xml[q] != '"' && xml[q] != '\'')) break;
            const char quote = xml[q];
            const std::size_t end_quote = xml.find(quote, q + 1);
            if (end_quote == std::string_view::npos || end_quote > close) break;
            element.attributes.emplace_back(std::string(local_name(attr_name)),
                                            decode_entities(xml.substr(q + 1, end_quote - q - 1)));
            a = end_quote + 1;
        }
        element.content_begin = close + 1;
        if (close > 0 && xml[close - 1] == '/') {
            element.content_end = element.content_begin;
            element.after = element.content_begin;
            return element;
        }
        // The matching end tag: </name> or </prefix:name>.
        std::size_t search = element.content_begin;
        while (true) {
            const std::size_t end_open = xml.find("</", search);
            if (end_open == std::string_view::npos) return std::nullopt;
            const std::size_t end_close = xml.find('>', end_open);
            if (end_close == std::string_view::npos) return std::nullopt;
            std::string_view end_name = xml.substr(end_open + 2, end_close - end_open - 2);
            while (!end_name.empty() && std::isspace(static_cast<unsigned char>(end_name.back()))) end_name.remove_suffix(1);
            if (local_name(end_name) == name) {
                element.content_end = end_open;
                element.after = end_close + 1;
                return element;
            }
            search = end_close + 1;
        }
    }
    return std::nullopt;
}

std::string trimmed(std::string text) {
    const auto not_space = [](unsigned char c) { return !std::isspace(c); };
    text.erase(text.begin(), std::find_if(text.begin(), text.end(), not_space));
    text.erase(std::find_if(text.rbegin(), text.rend(), not_space).base(), text.end());
    return text;
}

std::string element_text(std::string_view xml, std::string_view name, std::size_t from, std::size_t limit) {
    const auto element = find_element(xml, name, from, limit);
    if (!element) return {};
    std::string_view content = xml.substr(element->content_begin, element->content_end - element->content_begin);
    // CDATA sections hold text verbatim.
    if (content.rfind("<![CDATA[", 0) == 0 && content.size() >= 12 && content.substr(content.size() - 3) == "]]>") {
        return std::string(content.substr(9, content.size() - 12));
    }
    return trimmed(decode_entities(content));
}

std::optional<QboFault> parse_xml_fault(std::string_view xml) {
    const auto fault = find_element(xml, "Fault", 0, xml.size());
    if (!fault) return std::nullopt;
    QboFault result;
    result.type = fault->attribute("type");
    std::size_t pos = fault->content_begin;
    while (auto error = find_element(xml, "Error", pos, fault->content_end)) {
        QboError e;
        e.code = error->attribute("code");
        e.element = error->attribute("element");
        e.message = element_text(xml, "Message", error->content_begin, error->content_end);
        e.detail = element_text(xml, "Detail", error->content_begin, error->content_end);
        result.errors.push_back(std::move(e));
        pos = error->after;
    }
    return result;
}

// ---------------------------------------------------------------------------------------------
// Classification

std::string with_context(const FaultContext& context) {
    if (context.action.empty() && context.object.empty()) return "QuickBooks refused the request";
    return "QuickBooks refused " + context.action + (context.object.empty() ? "" : " " + context.object);
}

sdk::Outcome data(const FaultContext& context, const QboFault& fault, const std::string& why, const std::string& fix) {
    sdk::Outcome o = sdk::Outcome::data(with_context(context) + ": " + why + " [" + fault.describe() + "]", fix);
    o.details = {{"qbo_fault_code", fault.code()}, {"qbo_fault_type", fault.type}};
    if (!fault.errors.empty() && !fault.errors.front().element.empty()) o.details["element"] = fault.errors.front().element;
    return o;
}

std::string detail_or_message(const QboFault& fault) {
    if (fault.errors.empty()) return "no detail given";
    const QboError& e = fault.errors.front();
    if (!e.detail.empty()) return e.detail;
    return e.message.empty() ? std::string("no detail given") : e.message;
}

std::string element_hint(const QboFault& fault) {
    if (fault.errors.empty() || fault.errors.front().element.empty()) return "";
    return " (field " + fault.errors.front().element + ")";
}

bool mentions(const QboFault& fault, std::string_view word) {
    for (const auto& e : fault.errors) {
        const std::string text = e.message + " " + e.detail;
        if (std::search(text.begin(), text.end(), word.begin(), word.end(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
            }) != text.end()) {
            return true;
        }
    }
    return false;
}

sdk::Outcome throttled(const FaultContext& context, milliseconds retry_after, const std::string& what) {
    const milliseconds wait = retry_after.count() > 0 ? retry_after : kDefaultThrottleWait;
    sdk::Outcome o = sdk::Outcome::rate_limited(
        wait, with_context(context) + " for now: the company's API rate limit was reached (" + what +
                  "); the host waits " + std::to_string(wait.count() / 1000) + " s and tries again");
    o.fix_hint = "nothing to do unless it persists; then lower the connection's rate limits or the number of connections "
                 "sharing this QuickBooks company";
    return o;
}

}  // namespace

std::optional<NumberHolder> number_holder_of(const QboFault& fault) {
    for (const auto& e : fault.errors) {
        const auto type_at = e.detail.find("TxnType=");
        const auto id_at = e.detail.find("TxnId=");
        if (type_at == std::string::npos || id_at == std::string::npos) continue;
        const auto word = [&](std::size_t from) {
            std::size_t end = from;
            while (end < e.detail.size() && std::isalnum(static_cast<unsigned char>(e.detail[end]))) ++end;
            return e.detail.substr(from, end - from);
        };
        NumberHolder holder;
        holder.type = word(type_at + 8);
        holder.id = word(id_at + 6);
        if (!holder.type.empty() && !holder.id.empty()) return holder;
    }
    return std::nullopt;
}

sdk::Outcome duplicate_document_number(const QboFault& fault, const FaultContext& context, const std::string& doc_number,
                                       const std::optional<NumberHolder>& holder) {
    std::string other = "another QuickBooks transaction";
    std::string renumber = "renumber the other transaction in QuickBooks";
    if (holder) {
        const std::string type = holder->type == "Invoice" ? "invoice" : holder->type;
        other = "QuickBooks " + type + (holder->id.empty() ? std::string() : " " + holder->id);
        std::string facts;
        const auto add = [&](const std::string& fact) { facts += (facts.empty() ? "" : ", ") + fact; };
        if (!holder->customer.empty()) add("customer '" + holder->customer + "'");
        if (!holder->date.empty()) add("dated " + holder->date);
        if (!holder->total.empty()) add("total " + holder->total);
        if (!facts.empty()) other += " (" + facts + ")";
        renumber = "renumber " + other.substr(0, other.find(" (")) + " in QuickBooks";
    }
    sdk::Outcome o = data(context, fault,
                          "its number \"" + doc_number + "\" is already the DocNumber of " + other +
                              ", which is a different invoice; the company uses custom transaction numbers, so "
                              "QuickBooks takes each number once",
                          "set invoice_numbers.prefix in the qbo_invoice_rules mapper config of the route (such as "
                          "\"HS-\") so that synced numbers cannot collide with numbers made in QuickBooks, or " +
                              renumber + " (or the invoice in its source); then retry");
    o.details["doc_number"] = doc_number;
    if (holder) {
        o.details["existing_type"] = holder->type;
        o.details["existing_id"] = holder->id;
    }
    return o;
}

std::string QboFault::describe() const {
    if (errors.empty()) return "fault" + (type.empty() ? std::string() : " " + type) + " without errors";
    const QboError& e = errors.front();
    std::string text = "fault " + (e.code.empty() ? std::string("?") : e.code);
    if (!e.message.empty()) text += " " + e.message;
    if (!e.detail.empty() && e.detail != e.message) text += ": " + e.detail;
    if (errors.size() > 1) text += " (and " + std::to_string(errors.size() - 1) + " more)";
    return text;
}

QboFault fault_from_json(const json& fault) {
    QboFault result;
    result.type = text_member(fault, "type");
    const json* errors = member(fault, "Error");
    if (errors != nullptr && errors->is_object()) {
        // A single error written as an object rather than an array.
        result.errors.push_back({text_member(*errors, "code"), text_member(*errors, "Message"), text_member(*errors, "Detail"),
                                 text_member(*errors, "element")});
    } else if (errors != nullptr && errors->is_array()) {
        for (const auto& e : *errors) {
            result.errors.push_back({text_member(e, "code"), text_member(e, "Message"), text_member(e, "Detail"),
                                     text_member(e, "element")});
        }
    }
    return result;
}

std::optional<QboFault> parse_fault(std::string_view body) {
    const auto first = std::find_if(body.begin(), body.end(), [](char c) { return !std::isspace(static_cast<unsigned char>(c)); });
    if (first == body.end()) return std::nullopt;
    if (*first == '<') return parse_xml_fault(body);
    if (*first != '{') return std::nullopt;
    try {
        const json document = sdk::parse_json_exact(body);
        if (const json* fault = member(document, "Fault"); fault != nullptr && fault->is_object()) {
            return fault_from_json(*fault);
        }
    } catch (const sdk::JsonParseError&) {
        return std::nullopt;
    }
    return std::nullopt;
}

bool is_throttle(const std::optional<QboFault>& fault, int http_status) {
    if (http_status == 429) return true;
    if (!fault) return false;
    return fault->code() == "3001" || fault->code() == "003001" || mentions(*fault, "ThrottleExceeded");
}

bool is_token_rejection(const std::optional<QboFault>& fault, int http_status) {
    if (is_throttle(fault, http_status)) return false;
    if (http_status == 401) return true;
    return fault && (fault->code() == "3200" || fault->code() == "003200" || mentions(*fault, "AuthenticationFailed"));
}

sdk::Outcome classify_fault(const QboFault& fault, int http_status, const FaultContext& context, milliseconds retry_after) {
    const std::string code = fault.code();
    const std::string detail = detail_or_message(fault);
    if (is_throttle(fault, http_status)) return throttled(context, retry_after, fault.describe());
    if (is_token_rejection(fault, http_status)) {
        return sdk::Outcome::auth(with_context(context) + ": the access token was refused even after refreshing it [" +
                                      fault.describe() + "]",
                                  "reconnect the QuickBooks app (Intuit's OAuth consent) and put the new refresh token in "
                                  "the connection's refresh_token, then resume the connection");
    }
    if (code == "120") {
        return sdk::Outcome::auth(with_context(context) + ": the user who connected QuickBooks no longer has access to the company [" +
                                      fault.describe() + "]",
                                  "reconnect the app with a user who is an admin of the QuickBooks company, then resume the connection");
    }
    if (code == "3100" || http_status == 403) {
        return sdk::Outcome::auth(with_context(context) + ": the app is not authorized for this company [" + fault.describe() + "]",
                                  "check that realm_id is the company the app was connected to; reconnect the app to that "
                                  "company and resume the connection");
    }
    if (code == "6190") {
        // Every call on this company fails until its subscription is active again: pausing the
        // connection for the operator is the useful reaction, not one failure per record.
        return sdk::Outcome::auth(with_context(context) + ": the QuickBooks company's subscription is not active [" +
                                      fault.describe() + "]",
                                  "renew or reactivate the QuickBooks Online subscription of this company, then resume the connection");
    }
    if (code == "5010") {
        return sdk::Outcome::transient(with_context(context) + ": it was changed in QuickBooks at the same time, again after "
                                       "re-reading it [" + fault.describe() + "]; the host retries with the latest version");
    }
    if (code == "10000" || http_status >= 500) {
        return sdk::Outcome::transient(with_context(context) + " for now: QuickBooks had an internal error [" +
                                       fault.describe() + "]; the host retries");
    }
    if (code == "6240") {
        const std::string name = context.display_name.empty() ? std::string("this name") : "'" + context.display_name + "'";
        // Item names are unique among items; display names across customers, vendors and employees.
        if (context.entity == "Item") {
            return data(context, fault, "an item named " + name + " already exists in QuickBooks",
                        "rename one of the two products, or give this product the existing item's SKU so that it is "
                        "matched to it, then retry");
        }
        return data(context, fault,
                    "a customer, vendor or employee named " + name +
                        " already exists in QuickBooks; rename one of them or map this customer to the existing one",
                    "rename one of them or map this customer to the existing one");
    }
    if (code == "6140") {
        return data(context, fault,
                    "another transaction already has this document number (" + detail + ") and it is not this one",
                    "give this object another number (a number prefix in the mapping keeps the systems apart), or void "
                    "the other transaction in QuickBooks, then retry");
    }
    if (code == "2500") {
        return data(context, fault, "a reference in it names nothing that exists in QuickBooks: " + detail + element_hint(fault),
                    "check that the customer, item or account it refers to exists in QuickBooks and that its link is "
                    "current (resync the referenced object), then retry");
    }
    if (code == "610") {
        return data(context, fault, "something it uses has been made inactive or deleted in QuickBooks: " + detail,
                    "reactivate the customer, item or account in QuickBooks (or link this object to an active one), then retry");
    }
    if (code == "2020") {
        return data(context, fault, "a required field is missing: " + detail + element_hint(fault),
                    "fill in the missing field in the source object or in the mapping, then retry");
    }
    if (code == "2050") {
        return data(context, fault, "a field is longer than QuickBooks allows: " + detail + element_hint(fault),
                    "shorten the field in the source object or in the mapping, then retry");
    }
    if (code == "2080") {
        return data(context, fault, "a number has a format QuickBooks does not accept: " + detail + element_hint(fault),
                    "correct the number in the source object, then retry");
    }
    if (code == "2170") {
        return data(context, fault, "a value is not one of those QuickBooks allows: " + detail + element_hint(fault),
                    "use one of the values QuickBooks lists for the field (in the source or the mapping settings), then retry");
    }
    if (code == "2010") {
        return data(context, fault, "QuickBooks does not accept a property of the request: " + detail + element_hint(fault),
                    "check the mapping settings named in the detail; if they are right, report this record to the "
                    "connector's maintainers");
    }
    if (code == "4001") {
        return data(context, fault, "the query was invalid: " + detail,
                    "check sync_from and the connection settings; if they are right, report this to the connector's maintainers");
    }
    if (code == "6000") {
        return data(context, fault, "QuickBooks' business rules refused it: " + detail,
                    "correct what the detail names in the source object (amounts, dates, lines), then retry");
    }
    if (code == "6210") {
        return data(context, fault, "its date falls in a period closed in QuickBooks: " + detail,
                    "use a date after the closing date, or have the bookkeeper reopen the period in QuickBooks "
                    "(Account and Settings > Advanced > Close the books), then retry");
    }
    if (code == "6430") {
        return data(context, fault, "it uses an account of a type QuickBooks does not allow there: " + detail,
                    "use items and accounts of the right type in the mapping settings (for example not an Accounts "
                    "Receivable or Accounts Payable account on an item), then retry");
    }
    if (code == "6540") {
        return data(context, fault, "it has been deposited in QuickBooks and can no longer be changed: " + detail,
                    "remove it from its bank deposit in QuickBooks first, or make the change there by hand");
    }
    if (code == "6520") {
        return data(context, fault, "an inventory item has no quantity on hand: " + detail,
                    "adjust the item's quantity in QuickBooks or sell a non-inventory item, then retry");
    }
    if (code == "500") {
        return data(context, fault, "QuickBooks does not support this operation on it: " + detail,
                    "make the change in QuickBooks by hand, or leave this operation out of the route");
    }
    if (http_status == 404) {
        return data(context, fault, "it was not found in QuickBooks: " + detail,
                    "check that it still exists in QuickBooks; relink or resync it, then retry");
    }
    return data(context, fault, detail + element_hint(fault),
                "correct the source object as the detail says, then retry; if the detail is unclear, look the fault "
                "code up in Intuit's error reference");
}

sdk::Outcome classify_response(int http_status, std::string_view body, const FaultContext& context, milliseconds retry_after) {
    if (auto fault = parse_fault(body); fault && !fault->errors.empty()) {
        return classify_fault(*fault, http_status, context, retry_after);
    }
    const std::string status = "HTTP " + std::to_string(http_status);
    if (http_status == 429) return throttled(context, retry_after, status);
    if (http_status == 401) {
        return sdk::Outcome::auth(with_context(context) + ": the access token was refused even after refreshing it (" + status + ")",
                                  "reconnect the QuickBooks app and put the new refresh token in the connection's "
                                  "refresh_token, then resume the connection");
    }
    if (http_status == 403) {
        return sdk::Outcome::auth(with_context(context) + ": access is forbidden (" + status + ")",
                                  "check that realm_id is the company the app was connected to and that the app has the "
                                  "com.intuit.quickbooks.accounting scope; reconnect it, then resume the connection");
    }
    if (http_status >= 500 || http_status == 408) {
        return sdk::Outcome::transient(with_context(context) + " for now: QuickBooks answered " + status + "; the host retries");
    }
    if (http_status == 404) {
        return sdk::Outcome::data(with_context(context) + ": it was not found in QuickBooks (" + status + ")",
                                  "check that it still exists in QuickBooks; relink or resync it, then retry");
    }
    std::string excerpt(body.substr(0, 200));
    return sdk::Outcome::data(with_context(context) + ": QuickBooks answered " + status + " without a fault" +
                                  (excerpt.empty() ? std::string() : ": " + excerpt),
                              "check the connection's environment (base URL) and minorversion settings, then retry");
}

}  // namespace ledgersync::connectors::quickbooks
