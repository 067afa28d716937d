#include "hubspot/crm_writer.hpp"

#include <algorithm>

#include "common/iso_time.hpp"
#include "common/text_case.hpp"
#include "hubspot/hubspot_error.hpp"
#include "hubspot/invoice_rules.hpp"
#include "hubspot/property_values.hpp"

namespace ledgersync::sandbox::hubspot {

namespace {

constexpr const char* kCalculated = "CALCULATED";

bool is_parent_type(const std::string& type) {
    return type == "invoices" || type == "deals";
}

std::optional<std::uint64_t> parse_id(const std::string& text) {
    if (text.empty() || text.size() > 19 ||
        !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); }))
        return std::nullopt;
    return std::stoull(text);
}

}  // namespace

CrmWriter::CrmWriter(CrmAccount& account, std::int64_t now_ms, std::vector<ChangeEvent>& changes,
                     std::string source_type)
    : account_(account), now_ms_(now_ms), changes_(changes), source_type_(std::move(source_type)) {}

std::vector<std::pair<std::string, std::string>> CrmWriter::check_properties(
    const ObjectType& type, const nlohmann::json& properties, bool creating) {
    if (!properties.is_object())
        throw errors::validation("\"properties\" must be an object of property name -> value");
    std::vector<errors::InvalidProperty> problems;
    std::vector<std::pair<std::string, std::string>> values;
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        const std::string& name = it.key();
        const PropertyDefinition* property = account_.property(type, name);
        if (property == nullptr) {
            problems.push_back(
                {name, "PROPERTY_DOESNT_EXIST", "Property \"" + name + "\" does not exist"});
            continue;
        }
        if (property->read_only_value) {
            problems.push_back(
                {name, "READ_ONLY_VALUE",
                 "Property \"" + name + "\" is a read only property; its value cannot be set."});
            continue;
        }
        ValueProblem problem;
        const auto value = normalize_value(*property, it.value(), problem);
        if (!value) {
            problems.push_back({name, problem.error, problem.message});
            continue;
        }
        if (type.name == "line_items" && name == "price" && !value->empty() &&
            sdk::Decimal::parse(*value).sign() < 0) {
            problems.push_back({name, "INVALID_LINE_ITEM_PRICE",
                                "Line item price cannot be negative (got " + *value +
                                    "); use a discount to lower the amount"});
            continue;
        }
        values.emplace_back(name, *value);
    }
    if (creating) {
        for (const auto& required : type.required_on_create) {
            const bool present = std::any_of(values.begin(), values.end(), [&](const auto& v) {
                return v.first == required && !v.second.empty();
            });
            const bool refused = std::any_of(problems.begin(), problems.end(),
                                             [&](const auto& p) { return p.name == required; });
            if (!present && !refused) {
                problems.push_back(
                    {required, "REQUIRED_PROPERTY",
                     "Property \"" + required + "\" is required to create a " + type.singular});
            }
        }
    }
    if (!problems.empty())
        throw errors::invalid_properties(problems, account_.portal_id());
    return values;
}

void CrmWriter::check_unique(const ObjectType& type,
                             const std::vector<std::pair<std::string, std::string>>& values,
                             std::uint64_t self_id) {
    const ObjectTable& table = account_.table(type);
    for (const auto& [name, value] : values) {
        if (value.empty() || !table.is_unique(name))
            continue;
        const auto existing = table.find_unique(name, value);
        if (existing && *existing != self_id) {
            throw errors::conflict(
                type.label + " with " + name + " \"" + value +
                    "\" already exists. Existing ID: " + std::to_string(*existing),
                std::to_string(*existing));
        }
        if (claimed_.count({type.name, name, value}) > 0) {
            throw errors::conflict("Duplicate unique value: two inputs of this request set " +
                                       name + " to \"" + value + "\"",
                                   "");
        }
    }
}

void CrmWriter::claim_unique(const ObjectType& type,
                             const std::vector<std::pair<std::string, std::string>>& values) {
    const ObjectTable& table = account_.table(type);
    for (const auto& [name, value] : values) {
        if (!value.empty() && table.is_unique(name))
            claimed_.insert({type.name, name, value});
    }
}

std::vector<PreparedAssociation> CrmWriter::check_create_associations(const ObjectType& type,
                                                                      const nlohmann::json& list) {
    std::vector<PreparedAssociation> out;
    if (list.is_null())
        return out;
    if (!list.is_array())
        throw errors::validation("\"associations\" must be an array of {to: {id}, types: [...]}");
    std::set<std::uint64_t> parents;
    for (const auto& entry : list) {
        if (!entry.is_object() || !entry.contains("to") || !entry.contains("types") ||
            !entry.at("types").is_array())
            throw errors::validation("each association needs \"to\": {\"id\"} and \"types\"");
        const auto& to = entry.at("to");
        const std::string to_id_text =
            to.is_object() && to.contains("id")
                ? (to.at("id").is_string() ? to.at("id").get<std::string>() : to.at("id").dump())
                : std::string();
        const auto to_id = parse_id(to_id_text);
        for (const auto& spec : entry.at("types")) {
            const std::string category = spec.value("associationCategory", "HUBSPOT_DEFINED");
            const int type_id = spec.contains("associationTypeId") &&
                                        spec.at("associationTypeId").is_number_integer()
                                    ? spec.at("associationTypeId").get<int>()
                                    : 0;
            const AssociationDefinition* association =
                account_.association_types().find_from(type.name, category, type_id);
            if (association == nullptr) {
                throw errors::validation("associationTypeId " + std::to_string(type_id) +
                                         " of category " + category +
                                         " is not an association type of " + type.name)
                    .sub_category("INVALID_ASSOCIATION_TYPE");
            }
            const ObjectType& to_type = object_type(association->to);
            if (!to_id || account_.live(to_type, *to_id) == nullptr) {
                throw errors::validation("Cannot associate the new " + type.singular + " with " +
                                         to_type.singular + " " + to_id_text + ": no such record")
                    .sub_category("ASSOCIATED_OBJECT_NOT_FOUND");
            }
            check_association(type, 0, to_type, *to_id, *association);
            if (type.name == "line_items" && is_parent_type(to_type.name))
                parents.insert(*to_id);
            out.push_back({&to_type, *to_id, association});
        }
    }
    if (parents.size() > 1) {
        throw errors::validation(
            "A line item belongs to exactly one parent (deal, quote or "
            "invoice); this one names " +
            std::to_string(parents.size()) + ". Create a copy of the line item for each parent");
    }
    return out;
}

PreparedWrite CrmWriter::prepare_create(const ObjectType& type, const nlohmann::json& input) {
    if (!input.is_object())
        throw errors::validation("each input must be an object with \"properties\"");
    PreparedWrite write;
    write.type = &type;
    write.values = check_properties(
        type, input.contains("properties") ? input.at("properties") : nlohmann::json::object(),
        true);
    check_unique(type, write.values, 0);
    write.associations =
        check_create_associations(type, input.value("associations", nlohmann::json()));
    if (type.name == "invoices") {
        std::string status = "draft";
        for (const auto& [name, value] : write.values) {
            if (name == "hs_invoice_status" && !value.empty())
                status = value;
        }
        std::set<std::uint64_t> contacts;
        std::set<std::uint64_t> lines;
        for (const auto& a : write.associations) {
            if (a.to->name == "contacts")
                contacts.insert(a.to_id);
            if (a.to->name == "line_items")
                lines.insert(a.to_id);
        }
        if (status != "draft")
            check_invoice_transition("", "draft", status, contacts.size(), lines.size());
    }
    claim_unique(type, write.values);
    return write;
}

PreparedWrite CrmWriter::prepare_update(const ObjectType& type, CrmObject& object,
                                        const nlohmann::json& properties) {
    PreparedWrite write;
    write.type = &type;
    write.existing = &object;
    write.values = check_properties(type, properties, false);
    check_unique(type, write.values, object.id);
    if (type.name == "invoices") {
        const std::string from = object.value("hs_invoice_status");
        for (const auto& [name, value] : write.values) {
            if (name != "hs_invoice_status")
                continue;
            if (value.empty())
                throw errors::validation("hs_invoice_status cannot be cleared");
            auto& graph = account_.associations();
            check_invoice_transition(std::to_string(object.id), from, value,
                                     graph.targets("invoices", object.id, "contacts").size(),
                                     graph.targets("invoices", object.id, "line_items").size());
        }
        if (from == "voided" || from == "paid") {
            for (const auto& [name, value] : write.values) {
                if (name == "hs_currency" && value != object.value(name))
                    throw errors::validation("Invoice " + std::to_string(object.id) + " is " +
                                             from + "; its currency cannot change");
            }
        }
    }
    claim_unique(type, write.values);
    return write;
}

void CrmWriter::set(const ObjectType& type, CrmObject& object, const std::string& name,
                    const std::string& value, const std::string& source) {
    if (!account_.table(type).set(object, name, value, now_ms_, source))
        return;
    ChangeEvent event;
    event.kind = ChangeEvent::Kind::property_change;
    event.object_type = type.name;
    event.object_id = object.id;
    event.time_ms = now_ms_;
    event.property = name;
    event.value = value;
    changes_.push_back(std::move(event));
}

void CrmWriter::touch(const ObjectType& type, CrmObject& object) {
    object.updated_ms = now_ms_;
    account_.table(type).set(object, type.modified_property,
                             format_iso_datetime(now_ms_, 0, true, true), now_ms_, kCalculated);
}

CrmObject& CrmWriter::commit(const PreparedWrite& write) {
    const ObjectType& type = *write.type;
    ObjectTable& table = account_.table(type);
    CrmObject* object = write.existing;
    if (object == nullptr) {
        object = &table.insert(account_.next_id(), now_ms_);
        const std::string created = format_iso_datetime(now_ms_, 0, true, true);
        table.set(*object, "hs_object_id", std::to_string(object->id), now_ms_, kCalculated);
        table.set(*object, type.created_property, created, now_ms_, kCalculated);
        ChangeEvent event;
        event.kind = ChangeEvent::Kind::creation;
        event.object_type = type.name;
        event.object_id = object->id;
        event.time_ms = now_ms_;
        changes_.push_back(std::move(event));
        if (type.name == "invoices") {
            set(type, *object, "hs_invoice_status", "draft", kCalculated);
            set(type, *object, "hs_invoice_billable", "true", kCalculated);
        }
        if (type.name == "commerce_payments") {
            set(type, *object, "hs_latest_status", "processing", kCalculated);
            set(type, *object, "hs_payment_creation_method", "OTHER", kCalculated);
        }
    }
    const std::string old_status = object->value("hs_invoice_status");
    for (const auto& [name, value] : write.values)
        set(type, *object, name, value, source_type_);
    touch(type, *object);
    for (const auto& a : write.associations)
        associate(type, object->id, *a.to, a.to_id, *a.type);
    if (type.name == "invoices") {
        const std::string& status = object->value("hs_invoice_status");
        if (status == "open" && old_status != "open" && object->value("hs_number").empty()) {
            AccountSettings& settings = account_.settings();
            set(type, *object, "hs_number",
                settings.invoice_number_prefix + std::to_string(settings.next_invoice_number++),
                kCalculated);
        }
        if (status == "voided" && old_status != "voided")
            set(type, *object, "hs_voided_date", format_iso_datetime(now_ms_, 0, true, true),
                kCalculated);
    }
    recompute_derived(type, *object);
    mark_dirty(type, object->id);
    return *object;
}

void CrmWriter::set_processor_values(
    const ObjectType& type, CrmObject& object,
    const std::vector<std::pair<std::string, std::string>>& values) {
    for (const auto& [name, value] : values)
        set(type, object, name, value, "PAYMENTS");
    touch(type, object);
    recompute_derived(type, object);
    mark_dirty(type, object.id);
}

void CrmWriter::recompute_derived(const ObjectType& type, CrmObject& object) {
    if (type.name == "line_items") {
        const LineAmount amount = line_item_amount(object);
        set(type, object, "amount", money_text(amount.amount), kCalculated);
        set(type, object, "hs_total_discount", money_text(amount.total_discount), kCalculated);
    } else if (type.name == "commerce_payments") {
        const sdk::Decimal net =
            stored_decimal(object, "hs_initial_amount") - stored_decimal(object, "hs_fees_amount");
        set(type, object, "hs_net_amount", net.to_string(), kCalculated);
        set(type, object, "hs_net_amount_after_refunds",
            (net - stored_decimal(object, "hs_refunds_amount")).to_string(), kCalculated);
    }
}

void CrmWriter::mark_dirty(const ObjectType& type, std::uint64_t id) {
    if (type.name == "invoices") {
        dirty_invoices_.insert(id);
        return;
    }
    if (type.name == "line_items" || type.name == "discounts" || type.name == "fees" ||
        type.name == "taxes" || type.name == "commerce_payments") {
        for (const auto& [invoice_id, labels] :
             account_.associations().targets(type.name, id, "invoices"))
            dirty_invoices_.insert(invoice_id);
    }
}

void CrmWriter::recompute_invoice(CrmObject& invoice) {
    const ObjectType& type = object_type("invoices");
    const InvoiceTotals t = invoice_totals(account_, invoice);
    // A change of a line item, discount, fee, tax or payment that moves the invoice's amounts
    // modifies the invoice (hs_lastmodifieddate), as HubSpot's recalculation does.
    const std::size_t changes_before = changes_.size();
    set(type, invoice, "hs_subtotal", money_text(t.subtotal), kCalculated);
    set(type, invoice, "hs_total_discounts", money_text(t.discounts), kCalculated);
    set(type, invoice, "hs_total_fees", money_text(t.fees), kCalculated);
    set(type, invoice, "hs_total_taxes", money_text(t.taxes), kCalculated);
    set(type, invoice, "hs_amount_billed", money_text(t.billed), kCalculated);
    set(type, invoice, "hs_amount_paid", money_text(t.paid), kCalculated);
    set(type, invoice, "hs_balance_due", money_text(t.balance_due), kCalculated);
    // Payments move an invoice between open and paid (payments guide: "Associate completed
    // payment records with invoices to mark them as paid").
    const std::string& status = invoice.value("hs_invoice_status");
    if (status == "open" && t.paid.sign() > 0 && t.balance_due.sign() == 0) {
        set(type, invoice, "hs_invoice_status", "paid", kCalculated);
        set(type, invoice, "hs_payment_date", format_iso_datetime(now_ms_, 0, true, true),
            kCalculated);
    } else if (status == "paid" && t.balance_due.sign() > 0) {
        set(type, invoice, "hs_invoice_status", "open", kCalculated);
        set(type, invoice, "hs_payment_date", "", kCalculated);
    }
    if (changes_.size() != changes_before)
        touch(type, invoice);
}

void CrmWriter::finish() {
    const ObjectType& invoices = object_type("invoices");
    for (const std::uint64_t id : dirty_invoices_) {
        if (CrmObject* invoice = account_.live(invoices, id))
            recompute_invoice(*invoice);
    }
    dirty_invoices_.clear();
}

void CrmWriter::archive(const ObjectType& type, CrmObject& object) {
    const std::string id = std::to_string(object.id);
    if (type.name == "invoices") {
        const std::string& status = object.value("hs_invoice_status");
        if (status == "paid" || status == "voided")
            throw errors::validation("Invoice " + id + " is " + status +
                                     " and cannot be deleted; only draft invoices (and open "
                                     "ones when \"delete unpaid invoices\" is on) can");
        if (status == "open" && !account_.settings().delete_unpaid_invoices)
            throw errors::validation("Invoice " + id +
                                     " is open; open invoices can be deleted only when the "
                                     "account setting \"delete unpaid invoices\" is on");
    }
    if (type.name == "commerce_payments") {
        const std::string& processor = object.value("hs_processor_type");
        if (processor == "hs_payments" || processor == "byo_stripe")
            throw errors::validation("Payment " + id + " was processed by " + processor +
                                     "; such payments cannot be modified or deleted");
    }
    mark_dirty(type, object.id);
    for (const auto& [to_name, to_id] : account_.associations().neighbours(type.name, object.id))
        dissociate(type, object.id, object_type(to_name), to_id);
    account_.table(type).archive(object, now_ms_);
    ChangeEvent event;
    event.kind = ChangeEvent::Kind::deletion;
    event.object_type = type.name;
    event.object_id = object.id;
    event.time_ms = now_ms_;
    changes_.push_back(std::move(event));
}

void CrmWriter::check_association(const ObjectType& from, std::uint64_t from_id,
                                  const ObjectType& to, std::uint64_t to_id,
                                  const AssociationDefinition& association) {
    if (association.from != from.name || association.to != to.name) {
        throw errors::validation("associationTypeId " + std::to_string(association.type_id) +
                                 " associates " + association.from + " with " + association.to +
                                 ", not " + from.name + " with " + to.name)
            .sub_category("INVALID_ASSOCIATION_TYPE");
    }
    // A line item belongs to one parent (hubspot.md §2.7): HubSpot copies it for each parent.
    const bool line_to_parent = from.name == "line_items" && is_parent_type(to.name);
    const bool parent_to_line = to.name == "line_items" && is_parent_type(from.name);
    if (!line_to_parent && !parent_to_line)
        return;
    const std::uint64_t line_id = line_to_parent ? from_id : to_id;
    const std::uint64_t parent_id = line_to_parent ? to_id : from_id;
    const std::string& parent_type = line_to_parent ? to.name : from.name;
    if (line_id == 0)
        return;
    for (const char* candidate : {"invoices", "deals"}) {
        for (const auto& [other, labels] :
             account_.associations().targets("line_items", line_id, candidate)) {
            if (candidate == parent_type && other == parent_id)
                continue;
            throw errors::validation("Line item " + std::to_string(line_id) +
                                     " already belongs to " + std::string(candidate) + " " +
                                     std::to_string(other) +
                                     "; a line item has exactly one parent. Create a copy of it "
                                     "for " +
                                     parent_type + " " + std::to_string(parent_id))
                .sub_category("LINE_ITEM_ALREADY_HAS_PARENT");
        }
    }
}

void CrmWriter::emit_association(const ObjectType& from, std::uint64_t from_id,
                                 const ObjectType& to, std::uint64_t to_id,
                                 const AssociationDefinition& association, bool removed) {
    ChangeEvent event;
    event.kind = ChangeEvent::Kind::association_change;
    event.object_type = from.name;
    event.object_id = from_id;
    event.time_ms = now_ms_;
    event.to_type = to.name;
    event.to_id = to_id;
    event.association_type_id = association.type_id;
    event.association_category = association.category;
    event.association_name = ascii_upper(from.singular + "_to_" + to.singular);
    event.association_removed = removed;
    event.primary = association.label.value_or("") == "Primary";
    changes_.push_back(std::move(event));
}

bool CrmWriter::associate(const ObjectType& from, std::uint64_t from_id, const ObjectType& to,
                          std::uint64_t to_id, const AssociationDefinition& association) {
    check_association(from, from_id, to, to_id, association);
    AssociationTypes& types = account_.association_types();
    std::vector<const AssociationDefinition*> to_add{&association};
    if (!association.is_default) {
        if (const AssociationDefinition* unlabelled = types.default_for(from.name, to.name))
            to_add.push_back(unlabelled);
    }
    bool added = false;
    for (const AssociationDefinition* a : to_add) {
        const AssociationDefinition* inverse = types.inverse_of(*a);
        const bool forward = account_.associations().add(from.name, from_id, to.name, to_id,
                                                         {a->category, a->type_id});
        if (inverse != nullptr) {
            account_.associations().add(to.name, to_id, from.name, from_id,
                                        {inverse->category, inverse->type_id});
        }
        if (forward) {
            added = true;
            emit_association(from, from_id, to, to_id, *a, false);
        }
    }
    if (added) {
        mark_dirty(from, from_id);
        mark_dirty(to, to_id);
        if (from.name == "commerce_payments" || to.name == "commerce_payments") {
            const bool payment_is_from = from.name == "commerce_payments";
            const ObjectType& payments = payment_is_from ? from : to;
            if (CrmObject* payment = account_.live(payments, payment_is_from ? from_id : to_id)) {
                if ((payment_is_from ? to.name : from.name) == "invoices")
                    set(payments, *payment, "hs_has_associated_invoice", "true", kCalculated);
            }
        }
    }
    return added;
}

bool CrmWriter::dissociate(const ObjectType& from, std::uint64_t from_id, const ObjectType& to,
                           std::uint64_t to_id) {
    AssociationTypes& types = account_.association_types();
    const auto removed = account_.associations().remove_all(from.name, from_id, to.name, to_id);
    account_.associations().remove_all(to.name, to_id, from.name, from_id);
    for (const auto& label : removed) {
        if (const AssociationDefinition* a =
                types.find(from.name, to.name, label.category, label.type_id))
            emit_association(from, from_id, to, to_id, *a, true);
    }
    if (!removed.empty()) {
        mark_dirty(from, from_id);
        mark_dirty(to, to_id);
    }
    return !removed.empty();
}

bool CrmWriter::dissociate_label(const ObjectType& from, std::uint64_t from_id,
                                 const ObjectType& to, std::uint64_t to_id,
                                 const AssociationDefinition& association) {
    const bool removed = account_.associations().remove(
        from.name, from_id, to.name, to_id, {association.category, association.type_id});
    if (const AssociationDefinition* inverse =
            account_.association_types().inverse_of(association)) {
        account_.associations().remove(to.name, to_id, from.name, from_id,
                                       {inverse->category, inverse->type_id});
    }
    if (removed) {
        emit_association(from, from_id, to, to_id, association, true);
        mark_dirty(from, from_id);
        mark_dirty(to, to_id);
    }
    return removed;
}

void CrmWriter::check_id_property(const ObjectType& type, const std::string& id_property) const {
    if (id_property.empty() || id_property == "hs_object_id")
        return;
    const PropertyDefinition* property = account_.property(type, id_property);
    if (property == nullptr) {
        throw errors::invalid_properties({{id_property, "PROPERTY_DOESNT_EXIST",
                                           "Property \"" + id_property + "\" does not exist"}},
                                         account_.portal_id());
    }
    if (!property->has_unique_value) {
        throw errors::validation("idProperty " + id_property + " of " + type.name +
                                 " is not a unique-value property; define it with "
                                 "hasUniqueValue: true to look records up by it");
    }
}

CrmObject* CrmWriter::resolve(const ObjectType& type, const std::string& id,
                              const std::string& id_property) {
    check_id_property(type, id_property);
    if (id_property.empty() || id_property == "hs_object_id") {
        const auto numeric = parse_id(id);
        return numeric ? account_.live(type, *numeric) : nullptr;
    }
    const auto found = account_.table(type).find_unique(id_property, id);
    return found ? account_.live(type, *found) : nullptr;
}

}  // namespace ledgersync::sandbox::hubspot
