import Foundation

/// How timestamps are written outside JSON bodies.
enum TimestampStyle {
    /// `2015-08-30T12:36:00Z`, milliseconds only when present (Query services).
    case iso8601
    /// `2009-10-12T17:50:30.000Z` (S3 bodies).
    case iso8601Milliseconds
    /// `Mon, 12 Oct 2009 17:50:30 GMT` (headers).
    case httpDate

    func format(_ date: Date) -> String {
        switch self {
        case .iso8601: Timestamp.iso8601(date, milliseconds: .whenNonZero)
        case .iso8601Milliseconds: Timestamp.iso8601(date, milliseconds: .always)
        case .httpDate: Timestamp.httpDate(date)
        }
    }
}
