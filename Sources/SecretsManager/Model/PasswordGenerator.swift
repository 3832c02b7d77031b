/// `GetRandomPassword`: characters from the classes asked for, with one of each included class when required.
enum PasswordGenerator {
    static let lowercase = Array("abcdefghijklmnopqrstuvwxyz"), uppercase = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), digits = Array("0123456789")
    static let punctuation = Array("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

    static func generate(_ input: GetRandomPasswordInput) throws -> String {
        let length = input.passwordLength ?? 32
        guard (1...4096).contains(length) else {
            throw SecretsError.invalidParameter("PasswordLength must be between 1 and 4096.")
        }
        let excluded = Set(input.excludeCharacters ?? "")
        var classes: [[Character]] = []
        if input.excludeLowercase != true { classes.append(lowercase) }
        if input.excludeUppercase != true { classes.append(uppercase) }
        if input.excludeNumbers != true { classes.append(digits) }
        if input.excludePunctuation != true { classes.append(punctuation) }
        if input.includeSpace == true { classes.append([" "]) }
        classes = classes.map { $0.filter { !excluded.contains($0) } }.filter { !$0.isEmpty }
        guard !classes.isEmpty else { throw SecretsError.invalidParameter("The password cannot be generated: every character is excluded.") }
        var generator = SystemRandomNumberGenerator()
        var characters: [Character] = []
        if input.requireEachIncludedType != false {
            guard length >= classes.count else {
                throw SecretsError.invalidParameter("PasswordLength is too short to include a character of each type.")
            }
            characters = classes.compactMap { $0.randomElement(using: &generator) }
        }
        let all = classes.flatMap { $0 }
        while characters.count < length {
            if let next = all.randomElement(using: &generator) { characters.append(next) }
        }
        characters.shuffle(using: &generator)
        return String(characters)
    }
}
