import IAMPolicy

/// Accounts, principals and policy builders shared by the tables.
enum Fixture {
    static let accountA = "111122223333"
    static let accountB = "444455556666"

    static let alice = PrincipalContext.user(
        account: accountA, name: "alice", userID: "AIDAALICEEXAMPLE00001", tags: ["team": "blue", "CostCenter": "12345"]
    )
    static let carol = PrincipalContext.user(account: accountB, name: "carol", userID: "AIDACAROLEXAMPLE00001")
    static let deployer = PrincipalContext.assumedRole(
        account: accountA, roleName: "Deployer", sessionName: "ci-42", roleID: "AROADEPLOYEREXAMPLE01", tags: ["team": "red"]
    )
    static let auditor = PrincipalContext.assumedRole(
        account: accountB, roleName: "Auditor", sessionName: "audit", roleID: "AROAAUDITOREXAMPLE001"
    )
    static let rootA = PrincipalContext.root(account: accountA)
    static let rootB = PrincipalContext.root(account: accountB)
    static let anonymous = PrincipalContext.anonymous
    static let sagemaker = PrincipalContext.service("sagemaker.amazonaws.com")

    static let aliceARN = "arn:aws:iam::111122223333:user/alice"
    static let carolARN = "arn:aws:iam::444455556666:user/carol"
    static let deployerRoleARN = "arn:aws:iam::111122223333:role/Deployer"
    static let deployerSessionARN = "arn:aws:sts::111122223333:assumed-role/Deployer/ci-42"
    static let auditorRoleARN = "arn:aws:iam::444455556666:role/Auditor"
    static let bucket = "arn:aws:s3:::reports"
    static let object = "arn:aws:s3:::reports/2024/q1.csv"

    /// A JSON string literal.
    static func quoted(_ text: String) -> String { "\"\(text)\"" }

    /// One statement; `action`, `resource`, `principal` and `condition` are raw JSON, and a nil
    /// element is left out. `actionKey` and the like switch to the `Not` forms.
    static func statement(
        _ effect: String = "Allow",
        action: String = #""*""#,
        resource: String? = #""*""#,
        principal: String? = nil,
        condition: String? = nil,
        sid: String? = nil,
        actionKey: String = "Action",
        resourceKey: String = "Resource",
        principalKey: String = "Principal"
    ) -> String {
        var fields = [#""Effect": "\#(effect)""#, #""\#(actionKey)": \#(action)"#]
        if let resource { fields.append(#""\#(resourceKey)": \#(resource)"#) }
        if let principal { fields.append(#""\#(principalKey)": \#(principal)"#) }
        if let condition { fields.append(#""Condition": \#(condition)"#) }
        if let sid { fields.append(#""Sid": "\#(sid)""#) }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    /// A document holding `statements`.
    static func document(_ statements: String..., version: String? = "2012-10-17") -> String {
        var fields: [String] = []
        if let version { fields.append(#""Version": "\#(version)""#) }
        fields.append(#""Statement": [\#(statements.joined(separator: ", "))]"#)
        return "{" + fields.joined(separator: ", ") + "}"
    }

    /// An identity policy with one statement allowing `action` on `resource`.
    static func allow(_ action: String, on resource: String = "*", condition: String? = nil) -> String {
        document(statement(action: quoted(action), resource: quoted(resource), condition: condition))
    }

    /// An identity policy with one statement denying `action` on `resource`.
    static func deny(_ action: String, on resource: String = "*", condition: String? = nil) -> String {
        document(statement("Deny", action: quoted(action), resource: quoted(resource), condition: condition))
    }

    /// A resource policy with one statement for `principal` (raw JSON).
    static func grant(
        _ principal: String, _ action: String, on resource: String, effect: String = "Allow", condition: String? = nil
    ) -> String {
        document(statement(effect, action: quoted(action), resource: quoted(resource), principal: principal, condition: condition))
    }

    /// `{"AWS": "name"}`.
    static func aws(_ name: String) -> String { #"{"AWS": "\#(name)"}"# }

    /// A trust policy allowing `principal` (raw JSON) to assume the role.
    static func trust(_ principal: String, action: String = "sts:AssumeRole", condition: String? = nil, effect: String = "Allow") -> String {
        document(statement(effect, action: quoted(action), resource: nil, principal: principal, condition: condition))
    }
}
