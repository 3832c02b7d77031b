import SQLKit

extension SQLRow {
    /// The text in `column`, or nil when it is NULL or absent.
    public func string(_ column: String) -> String? {
        (try? decodeNil(column: column)) == false ? try? decode(column: column, as: String.self) : nil
    }

    /// The integer in `column`, or nil when it is NULL or absent.
    public func int(_ column: String) -> Int? {
        (try? decodeNil(column: column)) == false ? try? decode(column: column, as: Int.self) : nil
    }

    /// The 64-bit integer in `column`, or nil when it is NULL or absent.
    public func int64(_ column: String) -> Int64? {
        (try? decodeNil(column: column)) == false ? try? decode(column: column, as: Int64.self) : nil
    }
}
