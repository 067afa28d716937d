#pragma once
/// Times as a QBO company writes them: in the company's time zone. Intuit's sample companies
/// (and every sample in shared/specs/qbo) are in US Pacific time, -08:00 in winter and -07:00
/// in summer, so that is the sandbox's zone, with the US daylight-saving rules in force since
/// 2007 computed here (no time zone database needed).

#include <cstdint>
#include <string>

namespace ledgersync::sandbox::qbo {

/// Minutes east of UTC in US Pacific time at `epoch_ms` (-480 or -420).
int pacific_offset_minutes(std::int64_t epoch_ms);
/// "2015-07-24T10:33:39-07:00": MetaData times.
std::string company_datetime(std::int64_t epoch_ms);
/// "2015-07-24T10:33:39.110-07:00": the "time" member of every response.
std::string company_response_time(std::int64_t epoch_ms);
/// "2015-07-24": TxnDate and friends.
std::string company_date(std::int64_t epoch_ms);
/// `date` ("YYYY-MM-DD") plus `days`; "" when `date` is not a date.
std::string add_days(const std::string& date, std::int64_t days);

}  // namespace ledgersync::sandbox::qbo
