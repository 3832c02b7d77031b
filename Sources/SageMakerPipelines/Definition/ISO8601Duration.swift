/// An ISO-8601 duration such as `PT1H`, `P30D` or `P1DT12H30M`, as used by a step's `CacheConfig.ExpireAfter`.
enum ISO8601Duration {
    /// The duration in seconds, or nil when `text` is no ISO-8601 duration; years count 365 days, months 30.
    static func seconds(_ text: String) -> Double? {
        var rest = Substring(text.uppercased())
        guard rest.first == "P", rest.count > 1 else { return nil }
        rest = rest.dropFirst()
        var total = 0.0
        var inTime = false
        var number = ""
        var sawComponent = false
        for character in rest {
            if character == "T" {
                guard !inTime, number.isEmpty else { return nil }
                inTime = true
                continue
            }
            if character.isNumber || character == "." || character == "," {
                number.append(character == "," ? "." : character)
                continue
            }
            guard let amount = Double(number) else { return nil }
            number = ""
            let unit: Double
            switch (character, inTime) {
            case ("Y", false): unit = 365 * 86_400
            case ("M", false): unit = 30 * 86_400
            case ("W", false): unit = 7 * 86_400
            case ("D", false): unit = 86_400
            case ("H", true): unit = 3_600
            case ("M", true): unit = 60
            case ("S", true): unit = 1
            default: return nil
            }
            total += amount * unit
            sawComponent = true
        }
        guard number.isEmpty, sawComponent, !(inTime && rest.last == "T") else { return nil }
        return total
    }
}
