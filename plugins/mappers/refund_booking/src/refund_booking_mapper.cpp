#include "refund_booking_mapper.hpp"

#include <string>
#include <utility>

#include <ledgersync/sdk/config_reader.hpp>

namespace ledgersync::mappers::refund_booking {

using sdk::model::Refund;
using sdk::model::RefundBooking;

RefundBookingMapper::RefundBookingMapper(sdk::HostServices, const nlohmann::json& config) {
    sdk::ConfigProblems problems;
    sdk::ConfigReader root(config, problems);
    constexpr const char* kHint = "\"refund_receipt\" (money paid back) or \"credit_memo\" (the customer's account credited)";
    const std::string chosen = root.required<std::string>("book_as", kHint);
    if (const auto booking = sdk::model::enum_from_name<RefundBooking>(chosen)) {
        book_as_ = *booking;
    } else if (!chosen.empty()) {
        problems.add(root.path_of("book_as"), "\"" + chosen + "\" is not a way to book a refund; use " + kHint + ".");
    }
    root.finish();
    problems.throw_if_any();
}

std::vector<sdk::Record> RefundBookingMapper::map(sdk::Record record) const {
    if (record.identity.type != Refund::kType) {
        throw sdk::Error(sdk::Outcome::data(
            record.identity.type + " " + record.identity.id + " is not a refund; refund_booking says how refunds are booked",
            "route only refunds (\"from\": \"<connection>.refund\") through refund_booking"));
    }
    // A delete carries no body to book; the target decides what it means.
    if (record.operation != sdk::RecordOperation::remove) record.body["book_as"] = std::string(sdk::model::enum_name(book_as_));
    std::vector<sdk::Record> out;
    out.push_back(std::move(record));
    return out;
}

}  // namespace ledgersync::mappers::refund_booking
