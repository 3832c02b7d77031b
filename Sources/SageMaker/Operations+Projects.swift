import Foundation
import ServiceKit
import SlipwayCore
import TemplateEngine

extension SageMakerService {
    static let projectName = "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}"
    static let templateName = "[a-zA-Z0-9](-*[a-zA-Z0-9])*"
    static let templateURL = "(https)://([^/]+)/(.+)"
    /// The largest template a project reads from S3.
    static let maximumTemplate = 1_048_576

    var projectOperations: [ServiceOperation] {
        [
            ServiceOperation("CreateProject", input: CreateProjectInput.self, accessAll: { input, context in
                [
                    try await request("CreateProject", arn(context, "project", input.projectName), context, tags: input.tags ?? []),
                    try await passRole(
                        launchRole(input.templateProviders?.first?.cfnTemplateProvider?.roleARN, context), to: "sagemaker.amazonaws.com",
                        for: arn(context, "project", input.projectName), context: context, roles: roles
                    ),
                ]
            }, handler: { input, context in try await createProject(input, context: context) }),
            ServiceOperation("DescribeProject", input: ProjectNameInput.self, access: { input, context in
                try await request("DescribeProject", arn(context, "project", input.projectName), context)
            }, handler: { input, context in try await describeProject(input.projectName, context: context) }),
            ServiceOperation("ListProjects", input: ListProjectsInput.self, access: { _, context in
                try await request("ListProjects", "*", context)
            }, handler: { input, context in try await listProjects(input, context: context) }),
            ServiceOperation("UpdateProject", input: UpdateProjectInput.self, access: { input, context in
                try await request("UpdateProject", arn(context, "project", input.projectName), context)
            }, handler: { input, context in try await updateProject(input, context: context) }),
            ServiceOperation("DeleteProject", input: ProjectNameInput.self, access: { input, context in
                try await request("DeleteProject", arn(context, "project", input.projectName), context)
            }, handler: { input, context in try await deleteProject(input.projectName, context: context) }),
        ]
    }

    /// The launch role a project names, or the account's `AmazonSageMakerProjectsLaunchRole`.
    func launchRole(_ given: String?, _ context: ServiceContext) -> String {
        given ?? "arn:aws:iam::\(context.account):role/AmazonSageMakerProjectsLaunchRole"
    }

    /// Checks a template provider's members as the service model does.
    static func check(_ provider: CfnTemplateProviderShape) throws {
        try check(provider.templateName, member: "templateName", pattern: templateName, max: 32)
        try check(provider.templateURL, member: "templateURL", pattern: templateURL, max: 1024)
        if let role = provider.roleARN { try check(role, member: "roleARN", pattern: roleARN, min: 20, max: 2048) }
        let parameters = provider.parameters ?? []
        if parameters.count > 180 {
            throw SageMakerError.validation("1 validation error detected: Value at 'parameters' failed to satisfy constraint: Member must have length less than or equal to 180")
        }
        for parameter in parameters where !(1...255).contains(parameter.key.count) || (parameter.value?.count ?? 0) > 4096 {
            throw SageMakerError.validation("1 validation error detected: Value '\(parameter.key)' at 'parameters' failed to satisfy constraint: Member must have length between 1 and 255")
        }
    }

    /// The template a provider names, read from S3 with the caller's permissions: its text and the version read.
    func readTemplate(_ url: String, context: ServiceContext) async throws -> (body: String, version: String?) {
        guard let location = ObjectLocation.parse(url: url) else { throw SageMakerError.validation("TemplateURL \(url) does not name an S3 object") }
        do {
            let content = try await objects.read(location, context: context.via("sagemaker.amazonaws.com"), limit: Self.maximumTemplate)
            return (String(decoding: content.bytes, as: UTF8.self), content.versionID)
        } catch is ObjectTooLarge {
            throw SageMakerError.validation("The template at \(url) is larger than \(Self.maximumTemplate) bytes")
        } catch let error as any ServiceError {
            throw SageMakerError.validation("Could not read the template at \(url): \(error.message)")
        }
    }

    /// The parameter Slipway fills, when a template declares it, with the ARN of the IAM identity that created the
    /// project (as `CreatedBy` reports it), so a template can make its creator a reviewer or an owner.
    static let creatorParameter = "SlipwayProjectCreator"

    /// Parameter values for the stack: the given ones, plus `SageMakerProjectName`, `SageMakerProjectId` and
    /// `SlipwayProjectCreator` when the template declares them.
    static func stackParameters(
        _ given: [CfnStackParameterShape], body: String, projectName: String, projectID: String, creator: String?
    ) -> [String: String] {
        var values: [String: String] = [:]
        for parameter in given { values[parameter.key] = parameter.value ?? "" }
        if let template = try? Template.load(body) {
            if template.parameters["SageMakerProjectName"] != nil, values["SageMakerProjectName"] == nil { values["SageMakerProjectName"] = projectName }
            if template.parameters["SageMakerProjectId"] != nil, values["SageMakerProjectId"] == nil { values["SageMakerProjectId"] = projectID }
            // The creator is who made the project, never what a caller claims.
            if template.parameters[creatorParameter] != nil, let creator { values[creatorParameter] = creator }
        }
        return values
    }

    /// The launch role's session, which every resource of the project's stack is authorized as.
    func assumeLaunchRole(_ roleARN: String, context: ServiceContext) async throws -> Principal {
        do {
            return try await roles.assumeRole(
                roleARN, by: "sagemaker.amazonaws.com", for: context.account.rawValue, sessionName: "SageMakerProjectLaunch", conditions: ["aws:SourceAccount": [context.account.rawValue]]
            )
        } catch {
            throw SageMakerError.validation(
                "The launch role \(roleARN) cannot be assumed by SageMaker: it must exist and its trust policy must allow sagemaker.amazonaws.com to call sts:AssumeRole"
            )
        }
    }

    /// Who made a call, as `CreatedBy` reports it: the IAM identity, and the Studio user profile (and domain) whose
    /// execution role the caller's session is.
    func userContext(_ context: ServiceContext) async throws -> UserContextShape {
        var user = UserContextShape(iamIdentity: IamIdentityShape(arn: context.principal.arn, principalId: context.principal.userID))
        guard case .assumedRole(_, let roleARN, _) = context.principal.kind else { return user }
        if let profile = try await store.profiles(account: context.account.rawValue, region: context.region.name)
            .first(where: { Self.executionRole($0.userSettings) == roleARN }) {
            user.userProfileArn = profile.arn
            user.userProfileName = profile.name
            user.domainId = profile.domainID
        } else if let domain = try await store.domains(account: context.account.rawValue, region: context.region.name)
            .first(where: { Self.executionRole($0.defaultUserSettings) == roleARN }) {
            user.domainId = domain.id
        }
        return user
    }

    func createProject(_ input: CreateProjectInput, context: ServiceContext) async throws -> CreateProjectOutput {
        try Self.check(input.projectName, member: "projectName", pattern: Self.projectName, max: 32)
        if let description = input.projectDescription, description.count > 1024 {
            throw SageMakerError.validation("1 validation error detected: Value at 'projectDescription' failed to satisfy constraint: Member must have length less than or equal to 1024")
        }
        guard input.serviceCatalogProvisioningDetails == nil else {
            throw SageMakerError.validation("Slipway launches projects from S3 templates: give TemplateProviders; Service Catalog products are not supported")
        }
        guard let providers = input.templateProviders, providers.count == 1, let provider = providers[0].cfnTemplateProvider else {
            throw SageMakerError.validation("TemplateProviders must hold exactly one CfnTemplateProvider")
        }
        try Self.check(provider)
        try Self.check(tags: input.tags)
        let (body, version) = try await readTemplate(provider.templateURL, context: context)
        let projectID = "p-" + ids.randomString(length: 12, alphabet: Self.idAlphabet)
        let roleARN = launchRole(provider.roleARN, context)
        let identity = try await assumeLaunchRole(roleARN, context: context)
        let tags = (input.tags ?? []).filter { !$0.key.hasPrefix("sagemaker:project-") }
            + [TagShape(key: "sagemaker:project-name", value: input.projectName), TagShape(key: "sagemaker:project-id", value: projectID)]
        let launch = StackLaunch(
            stackName: "SageMaker-\(input.projectName)-\(projectID)", templateBody: body,
            parameters: Self.stackParameters(
                provider.parameters ?? [], body: body, projectName: input.projectName, projectID: projectID, creator: context.principal.arn
            ),
            tags: tags.map { ($0.key, $0.value) }, identity: identity
        )
        do {
            try await stacks.validate(launch, context: context)
        } catch let error as any ServiceError {
            throw SageMakerError.validation(error.message)
        }
        let now = clock.now()
        var project = ProjectRecord(
            id: projectID, account: context.account.rawValue, region: context.region.name, name: input.projectName,
            description: input.projectDescription, status: "Pending", templateName: provider.templateName, templateURL: provider.templateURL,
            templateVersion: version, roleARN: roleARN, parameters: provider.parameters ?? [], stackID: nil, stackName: launch.stackName,
            statusMessage: nil, createdBy: try await userContext(context), created: now, modified: nil, modifiedBy: nil
        )
        try await store.insert(project, tags: tags)
        do {
            project.stackID = try await stacks.create(launch, context: context)
        } catch {
            project.status = "CreateFailed"
            project.statusMessage = (error as? any ServiceError)?.message ?? String(describing: error)
        }
        try await store.update(project)
        return CreateProjectOutput(projectArn: project.arn, projectId: project.id)
    }

    /// A project's status from its stack's: the create, update or delete in progress, done or failed.
    static func projectStatus(_ project: ProjectRecord, _ report: StackReport?) -> String {
        guard let report else { return project.status }
        switch report.status {
        case "CREATE_IN_PROGRESS", "ROLLBACK_IN_PROGRESS", "REVIEW_IN_PROGRESS": return "CreateInProgress"
        case "CREATE_COMPLETE": return "CreateCompleted"
        case "CREATE_FAILED", "ROLLBACK_COMPLETE", "ROLLBACK_FAILED": return "CreateFailed"
        case "UPDATE_COMPLETE": return "UpdateCompleted"
        case "UPDATE_ROLLBACK_COMPLETE", "UPDATE_ROLLBACK_FAILED", "UPDATE_FAILED": return "UpdateFailed"
        case "DELETE_IN_PROGRESS": return "DeleteInProgress"
        case "DELETE_COMPLETE": return "DeleteCompleted"
        case "DELETE_FAILED": return "DeleteFailed"
        default: return report.status.hasPrefix("UPDATE_") ? "UpdateInProgress" : project.status
        }
    }

    func requireProject(_ name: String, _ context: ServiceContext) async throws -> ProjectRecord {
        guard let project = try await store.project(named: name, account: context.account.rawValue, region: context.region.name) else {
            throw SageMakerError.validation("Project \(name) does not exist")
        }
        return project
    }

    /// The project with its status as its stack has it now; a project whose stack is deleted is let go.
    func current(_ project: ProjectRecord, context: ServiceContext) async throws -> (ProjectRecord, StackReport?) {
        var project = project
        let report = try await project.stackID.asyncMap { try await stacks.report(stackID: $0, context: context) }
        project.status = Self.projectStatus(project, report ?? nil)
        if project.status == "DeleteCompleted" { try await store.markDeleted(project, now: clock.now()) }
        return (project, report ?? nil)
    }

    func describeProject(_ name: String, context: ServiceContext) async throws -> DescribeProjectOutput {
        let found = try await store.project(named: name, account: context.account.rawValue, region: context.region.name)
        // A deleted project stays readable (DeleteCompleted, with what its stack retained) until the name is used again.
        var deleted: ProjectRecord?
        if found == nil { deleted = try await store.deletedProject(named: name, account: context.account.rawValue, region: context.region.name) }
        guard let live = found ?? deleted else { throw SageMakerError.validation("Project \(name) does not exist") }
        let (project, report) = found == nil ? (live, try await live.stackID.asyncMap { try await stacks.report(stackID: $0, context: context) } ?? nil)
            : try await current(live, context: context)
        var message = report.map { $0.reason ?? $0.status } ?? project.statusMessage ?? project.status
        if let report, !report.retained.isEmpty {
            message += " Retained resources: " + report.retained.map { "\($0.logicalID) (\($0.physicalID))" }.joined(separator: ", ")
        }
        return DescribeProjectOutput(
            projectArn: project.arn, projectName: project.name, projectId: project.id, projectDescription: project.description,
            projectStatus: project.status,
            templateProviderDetails: [TemplateProviderDetailShape(cfnTemplateProviderDetail: CfnTemplateProviderDetailShape(
                templateName: project.templateName, templateURL: project.templateURL, roleARN: project.roleARN,
                parameters: project.parameters.isEmpty ? nil : project.parameters,
                stackDetail: CfnStackDetailShape(name: project.stackName, id: project.stackID, statusMessage: String(message.prefix(4096)))
            ))],
            createdBy: project.createdBy, creationTime: project.created, lastModifiedTime: project.modified, lastModifiedBy: project.modifiedBy
        )
    }

    func listProjects(_ input: ListProjectsInput, context: ServiceContext) async throws -> ListProjectsOutput {
        let projects = try input.select(
            try await store.projects(account: context.account.rawValue, region: context.region.name), name: \.name, created: \.created, caseSensitive: true
        )
        let (page, next) = try Self.page(projects, nextToken: input.nextToken, maxResults: input.maxResults)
        var summaries: [ProjectSummaryShape] = []
        for project in page {
            let (project, _) = try await current(project, context: context)
            summaries.append(ProjectSummaryShape(
                projectName: project.name, projectDescription: project.description, projectArn: project.arn, projectId: project.id,
                creationTime: project.created, projectStatus: project.status
            ))
        }
        return ListProjectsOutput(projectSummaryList: summaries, nextToken: next)
    }

    /// A `ConflictException` while the project's stack is busy.
    static func requireSettled(_ project: ProjectRecord, _ report: StackReport?) throws {
        if let report, report.status.hasSuffix("_IN_PROGRESS") {
            throw SageMakerError.conflict("Project \(project.name) is in status \(projectStatus(project, report)); wait until the operation in progress ends")
        }
    }

    func updateProject(_ input: UpdateProjectInput, context: ServiceContext) async throws -> ProjectArnOutput {
        let (stored, report) = try await current(try await requireProject(input.projectName, context), context: context)
        var project = stored
        try Self.requireSettled(project, report)
        try Self.check(tags: input.tags)
        if let description = input.projectDescription { project.description = description }
        if let providers = input.templateProvidersToUpdate {
            guard providers.count == 1, let provider = providers[0].cfnTemplateProvider else {
                throw SageMakerError.validation("TemplateProvidersToUpdate must hold exactly one CfnTemplateProvider")
            }
            try Self.check(provider)
            guard let stackID = project.stackID, project.status != "CreateFailed" else {
                throw SageMakerError.validation("Project \(project.name) has no stack to update (status \(project.status))")
            }
            let (launch, version, given) = try await updateLaunch(project, provider: provider, context: context)
            do {
                try await stacks.update(stackID: stackID, launch, context: context)
            } catch let error as any ServiceError {
                throw SageMakerError.validation(error.message)
            }
            project.templateName = provider.templateName
            project.templateURL = provider.templateURL
            project.templateVersion = version
            project.parameters = given
        }
        if let tags = input.tags { try await store.addTags(project.arn, tags) }
        project.modified = clock.now()
        project.modifiedBy = try await userContext(context)
        try await store.update(project)
        return ProjectArnOutput(projectArn: project.arn)
    }

    /// The stack launch an update of `project` to `provider` means: the new template read with the caller's
    /// permissions, the project's parameters with the given ones over them, the launch role's session.
    func updateLaunch(_ project: ProjectRecord, provider: CfnTemplateProviderShape, context: ServiceContext) async throws -> (StackLaunch, String?, [CfnStackParameterShape]) {
        let (body, version) = try await readTemplate(provider.templateURL, context: context)
        var merged = Dictionary(project.parameters.map { ($0.key, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        for parameter in provider.parameters ?? [] { merged[parameter.key] = parameter.value ?? "" }
        let given = merged.sorted { $0.key < $1.key }.map { CfnStackParameterShape(key: $0.key, value: $0.value) }
        let identity = try await assumeLaunchRole(project.roleARN, context: context)
        let tags = try await store.tags(project.arn)
        let launch = StackLaunch(
            stackName: project.stackName, templateBody: body,
            parameters: Self.stackParameters(given, body: body, projectName: project.name, projectID: project.id, creator: project.createdBy.iamIdentity?.arn),
            tags: tags.map { ($0.key, $0.value) }, identity: identity
        )
        return (launch, version, given)
    }

    /// What an update would change, checked as the update itself would be (nothing is changed).
    func planUpdate(_ input: PlanProjectUpdateInput, context: ServiceContext) async throws -> PlanProjectUpdateOutput {
        let (project, _) = try await current(try await requireProject(input.projectName, context), context: context)
        guard input.templateProvidersToUpdate.count == 1, let provider = input.templateProvidersToUpdate[0].cfnTemplateProvider else {
            throw SageMakerError.validation("TemplateProvidersToUpdate must hold exactly one CfnTemplateProvider")
        }
        try Self.check(provider)
        guard let stackID = project.stackID else { throw SageMakerError.validation("Project \(project.name) has no stack to update (status \(project.status))") }
        let (launch, version, _) = try await updateLaunch(project, provider: provider, context: context)
        do {
            let changes = try await stacks.preview(stackID: stackID, launch, context: context)
            return PlanProjectUpdateOutput(
                projectName: project.name, templateURL: provider.templateURL, versionId: version,
                changes: changes.map {
                    PlannedChangeShape(
                        action: $0.action, logicalResourceId: $0.logicalID, physicalResourceId: $0.physicalID, resourceType: $0.resourceType,
                        replacement: $0.replacement, changedProperties: $0.changedProperties
                    )
                }
            )
        } catch let error as any ServiceError {
            throw SageMakerError.validation(error.message)
        }
    }

    /// The template version a project runs and the one its URL names now, read as the caller: an update is available
    /// when they differ.
    func projectTemplate(_ name: String, context: ServiceContext) async throws -> ProjectTemplateOutput {
        let project = try await requireProject(name, context)
        var output = ProjectTemplateOutput(
            projectName: project.name, templateName: project.templateName, templateURL: project.templateURL, versionId: project.templateVersion,
            latestVersionId: nil, updateAvailable: false, latestError: nil
        )
        do {
            output.latestVersionId = try await readTemplate(project.templateURL, context: context).version
            output.updateAvailable = output.latestVersionId != nil && output.latestVersionId != project.templateVersion
        } catch let error as any ServiceError {
            output.latestError = error.message
        }
        return output
    }

    func deleteProject(_ name: String, context: ServiceContext) async throws -> EmptyShape {
        let (project, report) = try await current(try await requireProject(name, context), context: context)
        try Self.requireSettled(project, report)
        guard let stackID = project.stackID, report != nil, project.status != "DeleteCompleted" else {
            var gone = project
            gone.status = "DeleteCompleted"
            try await store.markDeleted(gone, now: clock.now())
            return EmptyShape()
        }
        let identity = try await assumeLaunchRole(project.roleARN, context: context)
        do {
            try await stacks.delete(stackID: stackID, identity: identity, context: context)
        } catch let error as any ServiceError {
            throw SageMakerError.validation(error.message)
        }
        return EmptyShape()
    }
}

extension Optional {
    /// The value mapped by an async transform, or nil.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
