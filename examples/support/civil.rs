//! UTC civil time (year, month, day, hour, minute, second) from the Unix epoch.
//!
//! `/api/time` answers the current UTC date and time. The conversion is Howard Hinnant's
//! `civil_from_days` algorithm (proleptic Gregorian calendar), small enough not to need a date
//! crate; the tests below pin it against known dates and check it against its inverse.

use std::time::{SystemTime, UNIX_EPOCH};

/// A UTC date and time, serialised as `/api/time` answers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct CivilTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

impl CivilTime {
    /// The civil time `seconds` after (or, when negative, before) 1970-01-01T00:00:00Z.
    pub fn from_unix_seconds(seconds: i64) -> Self {
        let days = seconds.div_euclid(86_400);
        let second_of_day = seconds.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        CivilTime {
            year,
            month,
            day,
            hour: (second_of_day / 3600) as u32,
            minute: (second_of_day % 3600 / 60) as u32,
            second: (second_of_day % 60) as u32,
        }
    }

    /// The civil time of a [`SystemTime`] (seconds truncated toward the past).
    pub fn from_system_time(time: SystemTime) -> Self {
        let seconds = match time.duration_since(UNIX_EPOCH) {
            Ok(after) => after.as_secs() as i64,
            Err(before) => {
                let before = before.duration();
                -(before.as_secs() as i64) - i64::from(before.subsec_nanos() > 0)
            }
        };
        Self::from_unix_seconds(seconds)
    }

    /// The current UTC civil time.
    pub fn now() -> Self {
        Self::from_system_time(SystemTime::now())
    }
}

/// (year, month 1..=12, day 1..=31) of the day `days` after 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468; // shift the epoch to 0000-03-01
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097); // [0, 146096]
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365; // [0, 399]
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100); // [0, 365]
    let shifted_month = (5 * day_of_year + 2) / 153; // [0, 11], March = 0
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The inverse of [`civil_from_days`]: days from 1970-01-01 to the given date.
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = year - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month = i64::from(month);
    let shifted_month = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * shifted_month + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn civil(seconds: i64) -> (i64, u32, u32, u32, u32, u32) {
        let t = CivilTime::from_unix_seconds(seconds);
        (t.year, t.month, t.day, t.hour, t.minute, t.second)
    }

    #[test]
    fn known_instants() {
        assert_eq!(civil(0), (1970, 1, 1, 0, 0, 0));
        assert_eq!(civil(86_399), (1970, 1, 1, 23, 59, 59));
        assert_eq!(civil(-1), (1969, 12, 31, 23, 59, 59));
        assert_eq!(civil(951_782_400), (2000, 2, 29, 0, 0, 0)); // a leap day of a /400 year
        assert_eq!(civil(951_868_800), (2000, 3, 1, 0, 0, 0));
        assert_eq!(civil(1_234_567_890), (2009, 2, 13, 23, 31, 30));
        assert_eq!(civil(2_147_483_647), (2038, 1, 19, 3, 14, 7));
        assert_eq!(civil(4_107_542_400), (2100, 3, 1, 0, 0, 0)); // 2100 is not a leap year
        assert_eq!(civil(4_107_456_000), (2100, 2, 28, 0, 0, 0));
        assert_eq!(civil(1_798_761_599), (2026, 12, 31, 23, 59, 59));
        assert_eq!(civil(-62_135_596_800), (1, 1, 1, 0, 0, 0));
    }

    #[test]
    fn system_time_before_the_epoch_rounds_toward_the_past() {
        let just_before = UNIX_EPOCH - std::time::Duration::from_millis(1);
        assert_eq!(
            CivilTime::from_system_time(just_before),
            CivilTime::from_unix_seconds(-1)
        );
        let later = UNIX_EPOCH + std::time::Duration::from_millis(1_234_567_890_999);
        assert_eq!(
            CivilTime::from_system_time(later),
            CivilTime::from_unix_seconds(1_234_567_890)
        );
    }

    #[test]
    fn serialises_as_the_time_api_answers() {
        let json = serde_json::to_value(CivilTime::from_unix_seconds(1_234_567_890)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"year":2009,"month":2,"day":13,"hour":23,"minute":31,"second":30})
        );
    }

    proptest! {
        #[test]
        fn days_round_trip(days in -1_000_000i64..1_000_000) {
            let (year, month, day) = civil_from_days(days);
            prop_assert!((1..=12).contains(&month));
            prop_assert!((1..=31).contains(&day));
            prop_assert_eq!(days_from_civil(year, month, day), days);
        }

        #[test]
        fn consecutive_days_advance_by_one(days in -1_000_000i64..1_000_000) {
            let (y0, m0, d0) = civil_from_days(days);
            let (y1, m1, d1) = civil_from_days(days + 1);
            let next_in_month = (y1, m1, d1) == (y0, m0, d0 + 1);
            let next_month = d1 == 1 && ((y1 == y0 && m1 == m0 + 1) || (y1 == y0 + 1 && m0 == 12 && m1 == 1));
            prop_assert!(next_in_month || next_month);
        }
    }
}
