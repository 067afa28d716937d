// RFC 3339 / ISO 8601 instants and calendar dates (ledgersync/sdk/timestamp.hpp,
// calendar_date.hpp): parsed exactly, compared as instants, written back.

#include <optional>
#include <string>

#include <gtest/gtest.h>
#include <ledgersync/sdk/calendar_date.hpp>
#include <ledgersync/sdk/timestamp.hpp>

namespace ledgersync::sdk {
namespace {

Timestamp at(std::string_view text) { return Timestamp::from_rfc3339(text); }

TEST(Timestamp, a_fraction_of_a_second_is_later_although_it_sorts_earlier_as_text) {
    const std::string half = "2026-01-01T00:00:00.5Z";
    const std::string whole = "2026-01-01T00:00:00Z";
    ASSERT_LT(half, whole);  // the trap: '.' sorts before 'Z'
    EXPECT_GT(at(half), at(whole));
    EXPECT_EQ(compare_instants(half, whole), 1);
    EXPECT_EQ(compare_instants(whole, half), -1);
    EXPECT_EQ(compare_instants("2026-01-01T00:00:00.000Z", whole), 0);
}

TEST(Timestamp, different_offsets_compare_as_the_same_instant) {
    EXPECT_EQ(at("2026-01-01T01:00:00+01:00"), at("2026-01-01T00:00:00Z"));
    EXPECT_EQ(at("2025-12-31T16:00:00-08:00"), at("2026-01-01T00:00:00Z"));
    // Later as text, earlier as an instant.
    EXPECT_EQ(compare_instants("2026-01-01T09:00:00+10:00", "2026-01-01T00:00:00Z"), -1);
    EXPECT_EQ(compare_instants("2026-01-01T00:00:00-00:30", "2026-01-01T00:29:59.999Z"), 1);
}

TEST(Timestamp, reads_every_form_the_apis_write) {
    EXPECT_EQ(at("2014-09-19T13:16:17-07:00").to_rfc3339(), "2014-09-19T20:16:17Z");
    EXPECT_EQ(at("2015-07-24T10:48:27.082-07:00").to_rfc3339(), "2015-07-24T17:48:27.082Z");
    EXPECT_EQ(at("2015-10-05T14:42:19-0700").to_rfc3339(), "2015-10-05T21:42:19Z");           // QBO legacy webhooks
    EXPECT_EQ(at("2025-09-10T21:31:25.179851517Z").to_rfc3339(), "2025-09-10T21:31:25.179851517Z");  // CloudEvents
    EXPECT_EQ(at("2025-09-10t21:31:25.1234z").to_rfc3339(), "2025-09-10T21:31:25.123400Z");
    EXPECT_EQ(at("2025-09-10 21:31:25Z").to_rfc3339(), "2025-09-10T21:31:25Z");
    // Digits beyond nanoseconds are dropped, never rounded up into the next second.
    EXPECT_EQ(at("2026-01-01T00:00:00.9999999999Z").nanoseconds(), 999'999'999);
}

TEST(Timestamp, refuses_what_is_not_a_date_time_with_an_offset) {
    for (const char* bad : {"2026-02-29T00:00:00Z", "2026-11-26", "2026-11-26T10:00:00", "2026-11-26T24:00:00Z",
                            "2026-11-26T10:60:00Z", "2026-11-26T10:00:00.Z", "2026-11-26T10:00Z", "2026-11-26T10:00:00+25:00",
                            "2026-11-26T10:00:00+01", "2026-11-26T10:00:00Z ", "yesterday", ""}) {
        EXPECT_FALSE(Timestamp::parse(bad)) << bad;
    }
    try {
        (void)Timestamp::from_rfc3339("26/11/2026");
        FAIL() << "no error";
    } catch (const TimestampError& e) {
        EXPECT_NE(std::string(e.what()).find("\"26/11/2026\" is not an RFC 3339 date-time"), std::string::npos);
    }
}

TEST(Timestamp, a_leap_second_is_the_start_of_the_next_day) {
    EXPECT_EQ(at("2016-12-31T23:59:60Z"), at("2017-01-01T00:00:00Z"));
    EXPECT_GT(at("2016-12-31T23:59:60Z"), at("2016-12-31T23:59:59.999Z"));
}

TEST(Timestamp, iso8601_reads_what_clients_send_without_an_offset) {
    EXPECT_EQ(Timestamp::parse_iso8601("2015-07-24", -420), at("2015-07-24T07:00:00Z"));
    EXPECT_EQ(Timestamp::parse_iso8601("2015-07-24T10:33", -420), at("2015-07-24T17:33:00Z"));
    EXPECT_EQ(Timestamp::parse_iso8601("2015-07-24T10:33:39.110-0700", 0), at("2015-07-24T17:33:39.110Z"));
    EXPECT_FALSE(Timestamp::parse_iso8601("2015-02-30", 0));
}

TEST(Timestamp, milliseconds_round_trip_and_round_down_before_the_epoch) {
    EXPECT_EQ(Timestamp::from_epoch_milliseconds(1'757'364'751'657).to_rfc3339(), "2025-09-08T20:52:31.657Z");
    EXPECT_EQ(at("2025-09-08T20:52:31.657999Z").epoch_milliseconds(), 1'757'364'751'657);
    EXPECT_EQ(Timestamp::from_epoch_milliseconds(-1).to_rfc3339(), "1969-12-31T23:59:59.999Z");
    EXPECT_EQ(at("1969-12-31T23:59:59.9995Z").epoch_milliseconds(), -1);
    EXPECT_EQ(at("1970-01-01T00:00:00Z").epoch_seconds(), 0);
}

TEST(Timestamp, formats_at_an_offset_with_the_fraction_asked_for) {
    const Timestamp t = at("2015-07-24T17:33:39.110Z");
    EXPECT_EQ(t.format(-420, FractionDigits::none), "2015-07-24T10:33:39-07:00");
    EXPECT_EQ(t.format(-420, FractionDigits::milliseconds), "2015-07-24T10:33:39.110-07:00");
    EXPECT_EQ(t.format(330, FractionDigits::as_needed), "2015-07-24T23:03:39.110+05:30");
    EXPECT_EQ(t.format(0, FractionDigits::none, UtcDesignator::numeric), "2015-07-24T17:33:39+00:00");
    EXPECT_EQ(t.format(0, FractionDigits::milliseconds, UtcDesignator::z), "2015-07-24T17:33:39.110Z");
    EXPECT_EQ(at("2015-07-24T17:33:39Z").format(0, FractionDigits::milliseconds), "2015-07-24T17:33:39.000Z");
    EXPECT_EQ(t.date(-1080).to_string(), "2015-07-23");
}

TEST(CalendarDate, knows_leap_years_and_month_lengths) {
    EXPECT_TRUE(CalendarDate::parse("2024-02-29"));
    EXPECT_TRUE(CalendarDate::parse("2000-02-29"));
    EXPECT_FALSE(CalendarDate::parse("1900-02-29"));
    EXPECT_FALSE(CalendarDate::parse("2026-04-31"));
    EXPECT_FALSE(CalendarDate::parse("2026-13-01"));
    EXPECT_FALSE(CalendarDate::parse("2026-1-01"));
    EXPECT_FALSE(CalendarDate::parse("26-11-2026"));
}

TEST(CalendarDate, counts_days_and_weekdays_from_the_epoch) {
    EXPECT_EQ(CalendarDate::parse("1970-01-01")->days_since_epoch(), 0);
    EXPECT_EQ(CalendarDate::parse("1969-12-31")->days_since_epoch(), -1);
    EXPECT_EQ(CalendarDate::parse("2026-11-26")->days_since_epoch(), 20'783);
    EXPECT_EQ(CalendarDate::parse("2026-11-26")->weekday(), 4);  // a Thursday
    EXPECT_EQ(CalendarDate::parse("1969-12-28")->weekday(), 0);  // a Sunday
    for (std::int64_t days : {-800'000, -1, 0, 59, 20'783, 2'932'896}) {
        EXPECT_EQ(CalendarDate::from_days_since_epoch(days).days_since_epoch(), days);
    }
    EXPECT_LT(*CalendarDate::parse("2026-01-31"), *CalendarDate::parse("2026-02-01"));
}

}  // namespace
}  // namespace ledgersync::sdk
