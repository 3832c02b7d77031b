import Foundation

/// The input ListProjects and ListModelPackageGroups share (their members are the same in SageMaker's model): a
/// name filter, a creation-time window, an order and a page.
struct NameFilteredListInput: Codable, Sendable {
    var creationTimeAfter: Date?
    var creationTimeBefore: Date?
    var maxResults: Int?
    var nameContains: String?
    var nextToken: String?
    var sortBy: String?
    var sortOrder: String?
    enum CodingKeys: String, CodingKey {
        case creationTimeAfter = "CreationTimeAfter", creationTimeBefore = "CreationTimeBefore", maxResults = "MaxResults"
        case nameContains = "NameContains", nextToken = "NextToken", sortBy = "SortBy", sortOrder = "SortOrder"
    }

    /// The items whose names contain `NameContains` and that were made inside the window, by name or by creation
    /// time, newest (or last) first unless `SortOrder` is `Ascending`.
    func select<Item>(_ items: [Item], name: (Item) -> String, created: (Item) -> Date, caseSensitive: Bool) throws -> [Item] {
        if let sortBy, !["Name", "CreationTime"].contains(sortBy) {
            throw SageMakerError.validation("1 validation error detected: Value '\(sortBy)' at 'sortBy' failed to satisfy constraint: Member must satisfy enum value set: [Name, CreationTime]")
        }
        if let sortOrder, !["Ascending", "Descending"].contains(sortOrder) {
            throw SageMakerError.validation("1 validation error detected: Value '\(sortOrder)' at 'sortOrder' failed to satisfy constraint: Member must satisfy enum value set: [Ascending, Descending]")
        }
        var selected = items.filter { item in
            let itemName = caseSensitive ? name(item) : name(item).lowercased()
            return (nameContains.map { itemName.contains(caseSensitive ? $0 : $0.lowercased()) } ?? true)
                && (creationTimeAfter.map { created(item) > $0 } ?? true) && (creationTimeBefore.map { created(item) < $0 } ?? true)
        }
        selected.sort { sortBy == "Name" ? name($0) < name($1) : (created($0), name($0)) < (created($1), name($1)) }
        if sortOrder != "Ascending" { selected.reverse() }
        return selected
    }
}
