import Testing
import IAMPolicy

private typealias F = Fixture

struct DecisionTests {
    @Test(arguments: [
        (Decision.Outcome.implicitDeny(.identity),
         "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::111122223333:user/ because no identity-based policy allows the iam:ListUsers action"),
        (.explicitDeny(.identity),
         "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::111122223333:user/ with an explicit deny in an identity-based policy"),
        (.explicitDeny(.resource),
         "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::111122223333:user/ with an explicit deny in a resource-based policy"),
        (.explicitDeny(.session),
         "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::111122223333:user/ with an explicit deny in a session policy"),
        (.explicitDeny(.boundary),
         "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::111122223333:user/ with an explicit deny in a permissions boundary"),
        (.implicitDeny(.resource),
         "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::111122223333:user/ because no resource-based policy allows the iam:ListUsers action"),
        (.implicitDeny(.session),
         "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::111122223333:user/ because no session policy allows the iam:ListUsers action"),
        (.implicitDeny(.boundary),
         "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::111122223333:user/ because no permissions boundary allows the iam:ListUsers action"),
    ])
    func denialMessages(_ outcome: Decision.Outcome, _ message: String) {
        let request = AuthorizationRequest(principal: F.alice, action: "iam:ListUsers", resource: "arn:aws:iam::111122223333:user/")
        #expect(Decision(outcome: outcome).denialMessage(for: request) == message)
    }

    @Test
    func denialMessageForEvaluatedRequest() throws {
        let request = AuthorizationRequest(principal: F.alice, action: "iam:ListUsers", resource: "arn:aws:iam::111122223333:user/")
        let decision = PolicyEvaluator.evaluate(request, policies: PolicySet())
        #expect(!decision.isAllowed)
        #expect(decision.denialMessage(for: request)
            == "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::111122223333:user/ because no identity-based policy allows the iam:ListUsers action")
    }

    @Test
    func anonymousIsNamedAnonymous() {
        let request = AuthorizationRequest(principal: .anonymous, action: "s3:GetObject", resource: F.object, resourceAccount: F.accountA)
        let decision = PolicyEvaluator.evaluate(request, policies: PolicySet())
        #expect(decision.denialMessage(for: request)
            == "User: anonymous is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::reports/2024/q1.csv because no resource-based policy allows the s3:GetObject action")
    }

    @Test
    func sessionsAreNamedBySessionARN() {
        let request = AuthorizationRequest(principal: F.deployer, action: "sqs:SendMessage", resource: "arn:aws:sqs:us-east-1:111122223333:jobs")
        #expect(Decision(outcome: .explicitDeny(.session)).denialMessage(for: request)
            == "User: arn:aws:sts::111122223333:assumed-role/Deployer/ci-42 is not authorized to perform: sqs:SendMessage on resource: arn:aws:sqs:us-east-1:111122223333:jobs with an explicit deny in a session policy")
    }

    @Test
    func explicitDenyReportsDenyingStatements() throws {
        let allow = try PolicyDocument.parse(F.document(F.statement(sid: "All")), kind: .identity)
        let deny = try PolicyDocument.parse(
            F.document(F.statement("Deny", action: #""iam:CreateUser""#, sid: "NoCreate"), F.statement("Deny", action: #""s3:*""#)),
            kind: .identity
        )
        let policies = PolicySet(identity: [
            AttachedPolicy(id: "arn:aws:iam::aws:policy/AdministratorAccess", document: allow),
            AttachedPolicy(id: "inline-deny", document: deny),
        ])
        let decision = PolicyEvaluator.evaluate(
            AuthorizationRequest(principal: F.alice, action: "iam:CreateUser", resource: "*"), policies: policies
        )
        #expect(decision.outcome == .explicitDeny(.identity))
        #expect(decision.matchedStatements == [
            MatchedStatement(policyID: "inline-deny", policyType: .identity, sid: "NoCreate", effect: .deny, index: 0),
        ])
    }

    @Test
    func allowReportsAllowingStatements() throws {
        let identity = try PolicyDocument.parse(F.document(F.statement("Deny", action: #""ec2:*""#), F.statement(sid: "Everything")), kind: .identity)
        let boundary = try PolicyDocument.parse(F.allow("s3:*"), kind: .identity)
        let decision = PolicyEvaluator.evaluate(
            AuthorizationRequest(principal: F.alice, action: "s3:GetObject", resource: F.object),
            policies: PolicySet(identity: [AttachedPolicy(id: "p", document: identity)],
                                permissionsBoundary: AttachedPolicy(id: "b", document: boundary))
        )
        #expect(decision.isAllowed)
        #expect(decision.matchedStatements == [
            MatchedStatement(policyID: "p", policyType: .identity, sid: "Everything", effect: .allow, index: 1),
            MatchedStatement(policyID: "b", policyType: .boundary, sid: nil, effect: .allow, index: 0),
        ])
    }

    @Test
    func principalKeysOfEachKind() {
        let user = F.alice.conditionKeys
        #expect(user["aws:username"] == ["alice"])
        #expect(user["AWS:UserId"] == ["AIDAALICEEXAMPLE00001"])
        #expect(user["aws:PrincipalArn"] == [F.aliceARN])
        #expect(user["aws:PrincipalAccount"] == [F.accountA])
        #expect(user["aws:PrincipalType"] == ["User"])
        #expect(user["aws:PrincipalTag/team"] == ["blue"])
        let session = F.deployer.conditionKeys
        #expect(session["aws:username"] == nil)
        #expect(session["aws:userid"] == ["AROADEPLOYEREXAMPLE01:ci-42"])
        #expect(session["aws:PrincipalArn"] == [F.deployerRoleARN])
        #expect(session["aws:PrincipalType"] == ["AssumedRole"])
        #expect(F.rootA.conditionKeys["aws:PrincipalType"] == ["Account"])
        #expect(F.rootA.conditionKeys["aws:PrincipalArn"] == ["arn:aws:iam::111122223333:root"])
        #expect(PrincipalContext.anonymous.conditionKeys["aws:PrincipalType"] == ["Anonymous"])
        #expect(PrincipalContext.anonymous.conditionKeys["aws:PrincipalAccount"] == nil)
        #expect(F.sagemaker.conditionKeys["aws:PrincipalServiceName"] == ["sagemaker.amazonaws.com"])
    }

    @Test
    func conditionContextKeysIgnoreCase() {
        var context = ConditionContext(["s3:Prefix": ["home/"]])
        #expect(context["S3:PREFIX"] == ["home/"])
        context["s3:prefix"] = ["tmp/", "var/"]
        #expect(context["s3:Prefix"] == ["tmp/", "var/"])
        #expect(context.keys == ["s3:prefix"])
        context["aws:TagKeys"] = []
        #expect(context["aws:TagKeys"] == nil)
        context["s3:prefix"] = nil
        #expect(context["s3:prefix"] == nil)
    }

    @Test
    func resourcePolicyRequirementDefaultsFromKind() throws {
        let trust = try PolicyDocument.parse(F.trust(F.aws(F.accountA)), kind: .trust)
        let bucket = try PolicyDocument.parse(F.grant(#""*""#, "s3:GetObject", on: F.object), kind: .resource)
        #expect(PolicySet(resource: AttachedPolicy(id: "t", document: trust)).resourcePolicyRequired)
        #expect(!PolicySet(resource: AttachedPolicy(id: "b", document: bucket)).resourcePolicyRequired)
        #expect(PolicySet(resource: AttachedPolicy(id: "k", document: bucket), resourcePolicyRequired: true).resourcePolicyRequired)
        var assignedLater = PolicySet()
        assignedLater.resource = AttachedPolicy(id: "t", document: trust)
        #expect(assignedLater.resourcePolicyRequired)
        assignedLater.resourcePolicyRequired = false
        #expect(!assignedLater.resourcePolicyRequired)
    }

    @Test
    func keyPolicyMustAllowEvenTheRoot() throws {
        let keyPolicy = try PolicyDocument.parse(F.grant(F.aws(F.aliceARN), "kms:Decrypt", on: "*"), kind: .resource)
        let request = AuthorizationRequest(principal: F.rootA, action: "kms:Decrypt", resource: "arn:aws:kms:us-east-1:111122223333:key/k1")
        let required = PolicySet(resource: AttachedPolicy(id: "key", document: keyPolicy), resourcePolicyRequired: true)
        #expect(PolicyEvaluator.evaluate(request, policies: required).outcome == .implicitDeny(.resource))
        let aliceRequest = AuthorizationRequest(principal: F.alice, action: "kms:Decrypt", resource: "arn:aws:kms:us-east-1:111122223333:key/k1")
        #expect(PolicyEvaluator.evaluate(aliceRequest, policies: required).isAllowed)
    }
}
