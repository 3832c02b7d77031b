import Foundation
import ServiceKit
import SlipwayCore

extension SageMakerService {
    var userProfileOperations: [ServiceOperation] {
        [
            ServiceOperation("CreateUserProfile", input: CreateUserProfileInput.self, accessAll: { input, context in
                var requests = [try await request("CreateUserProfile", arn(context, "user-profile", "\(input.domainId)/\(input.userProfileName)"), context, tags: input.tags ?? [])]
                if let role = Self.executionRole(input.userSettings) {
                    requests.append(try await passRole(role, to: "sagemaker.amazonaws.com", context: context, roles: roles))
                }
                return requests
            }, handler: { input, context in
                try Self.check(input.userProfileName, member: "userProfileName", pattern: Self.entityName, max: 63)
                if let role = Self.executionRole(input.userSettings) {
                    try Self.check(role, member: "userSettings.executionRole", pattern: Self.roleARN, min: 20, max: 2048)
                }
                try Self.check(tags: input.tags)
                let domain = try await requireDomain(input.domainId, context)
                let now = clock.now()
                let profile = UserProfileRecord(
                    domainID: domain.id, account: domain.account, region: domain.region, name: input.userProfileName, userSettings: input.userSettings,
                    created: now, modified: now
                )
                try await store.insert(profile, tags: input.tags ?? [])
                return UserProfileArnOutput(userProfileArn: profile.arn)
            }),
            ServiceOperation("DescribeUserProfile", input: UserProfileInput.self, access: { input, context in
                try await request("DescribeUserProfile", arn(context, "user-profile", "\(input.domainId)/\(input.userProfileName)"), context)
            }, handler: { input, context in
                let profile = try await requireProfile(input.domainId, input.userProfileName, context)
                return DescribeUserProfileOutput(
                    domainId: profile.domainID, userProfileArn: profile.arn, userProfileName: profile.name, status: "InService",
                    creationTime: profile.created, lastModifiedTime: profile.modified, userSettings: profile.userSettings
                )
            }),
            ServiceOperation("ListUserProfiles", input: ListUserProfilesInput.self, access: { _, context in
                try await request("ListUserProfiles", "*", context)
            }, handler: { input, context in
                var profiles = try await store.profiles(account: context.account.rawValue, region: context.region.name)
                if let domain = input.domainIdEquals { profiles = profiles.filter { $0.domainID == domain } }
                if let fragment = input.userProfileNameContains { profiles = profiles.filter { $0.name.contains(fragment) } }
                profiles.sort { input.sortBy == "LastModifiedTime" ? $0.modified < $1.modified : $0.created < $1.created }
                if input.sortOrder != "Ascending" { profiles.reverse() }
                let (page, next) = try Self.page(profiles, nextToken: input.nextToken, maxResults: input.maxResults)
                return ListUserProfilesOutput(userProfiles: page.map { profile in
                    UserProfileDetailsShape(
                        domainId: profile.domainID, userProfileName: profile.name, status: "InService", creationTime: profile.created,
                        lastModifiedTime: profile.modified
                    )
                }, nextToken: next)
            }),
            ServiceOperation("CreatePresignedDomainUrl", input: CreatePresignedDomainUrlInput.self, access: { input, context in
                try await request("CreatePresignedDomainUrl", arn(context, "user-profile", "\(input.domainId)/\(input.userProfileName)"), context)
            }, handler: { input, context in
                try await presignedDomainURL(input, context: context)
            }),
            ServiceOperation("DeleteUserProfile", input: UserProfileInput.self, access: { input, context in
                try await request("DeleteUserProfile", arn(context, "user-profile", "\(input.domainId)/\(input.userProfileName)"), context)
            }, handler: { input, context in
                try await store.deleteProfile(try await requireProfile(input.domainId, input.userProfileName, context))
                return EmptyShape()
            }),
        ]
    }

    /// A single-use link into the console as the user profile's execution role (its own, else the domain's default).
    func presignedDomainURL(_ input: CreatePresignedDomainUrlInput, context: ServiceContext) async throws -> AuthorizedUrlShape {
        let expires = input.expiresInSeconds ?? 300, session = input.sessionExpirationDurationInSeconds ?? 43_200
        guard (5...300).contains(expires) else {
            throw SageMakerError.validation("1 validation error detected: Value '\(expires)' at 'expiresInSeconds' failed to satisfy constraint: Member must have value between 5 and 300")
        }
        guard (1800...43_200).contains(session) else {
            throw SageMakerError.validation(
                "1 validation error detected: Value '\(session)' at 'sessionExpirationDurationInSeconds' failed to satisfy constraint: Member must have value between 1800 and 43200"
            )
        }
        let domain = try await requireDomain(input.domainId, context)
        let profile = try await requireProfile(domain.id, input.userProfileName, context)
        guard domain.authMode == "IAM" else {
            throw SageMakerError.validation("CreatePresignedDomainUrl can only be called for a domain whose AuthMode is IAM; domain \(domain.id) uses \(domain.authMode).")
        }
        guard let role = Self.executionRole(profile.userSettings) ?? Self.executionRole(domain.defaultUserSettings) else {
            throw SageMakerError.validation("User profile \(profile.arn) has no execution role, and its domain has no default one.")
        }
        guard let consoleLinks else { throw SageMakerError.validation("This server runs no console to sign in to.") }
        let token = try await consoleLinks.signInToken(
            account: context.account.rawValue, roleARN: role, sessionName: profile.name, sessionSeconds: session, expiresIn: expires
        )
        let host = context.headers["host"] ?? "127.0.0.1"
        return AuthorizedUrlShape(authorizedUrl: "\(context.secureTransport ? "https" : "http")://\(host)/console/auth?token=\(token)")
    }

    func requireProfile(_ domainID: String, _ name: String, _ context: ServiceContext) async throws -> UserProfileRecord {
        guard let profile = try await store.profile(domain: domainID, name: name), profile.account == context.account.rawValue else {
            throw SageMakerError.resourceNotFound("User profile \(arn(context, "user-profile", "\(domainID)/\(name)")) does not exist")
        }
        return profile
    }
}
