import Foundation
import Provisioning
import ServiceKit
import SlipwayCore
import TemplateEngine

extension SageMakerService {
    static let locationTag = "sagemaker:projectS3TemplatesLocation"
    static let visibilityTag = "sagemaker:studio-visibility"
    static let templateExtensions = [".yaml", ".yml", ".json", ".template"]

    /// The templates a domain's `sagemaker:projectS3TemplatesLocation` names that are tagged visible, read with the
    /// caller's permissions: each with its version, description and launch form, or its validation error; objects
    /// that cannot be read are reported with the permission that is missing.
    func discoverTemplates(domainID: String, context: ServiceContext) async throws -> ListProjectTemplatesOutput {
        let domain = try await requireDomain(domainID, context)
        guard let location = try await store.tags(domain.arn).first(where: { $0.key == Self.locationTag })?.value else {
            throw SageMakerError.validation(
                "Domain \(domain.id) has no \(Self.locationTag) tag: tag the domain with s3://BUCKET/PREFIX/ to say where the organization's templates are"
            )
        }
        let rest = location.hasPrefix("s3://") ? location.dropFirst(5) : ""
        let bucket = String(rest.prefix { $0 != "/" }), prefix = String(rest.dropFirst(bucket.count).drop { $0 == "/" })
        guard !bucket.isEmpty else {
            throw SageMakerError.validation("The domain's \(Self.locationTag) tag is \(location), not an s3://BUCKET/PREFIX/ location")
        }
        let objects: [ObjectSummary]
        do {
            objects = try await self.objects.list(bucket: bucket, prefix: prefix, context: context.via("sagemaker.amazonaws.com"))
        } catch let error as any ServiceError {
            throw SageMakerError.validation(error.code == "NoSuchBucket"
                ? "The bucket \(bucket) that the domain's \(Self.locationTag) tag names does not exist"
                : "Listing \(location) needs s3:ListBucket on arn:aws:s3:::\(bucket): \(error.message)")
        }
        var templates: [ProjectTemplateShape] = [], problems: [DiscoveryProblemShape] = []
        for object in objects where Self.templateExtensions.contains(where: { object.key.lowercased().hasSuffix($0) }) {
            let place = ObjectLocation(bucket: bucket, key: object.key)
            let tags: [String: String]
            do {
                tags = try await self.objects.tags(place, context: context.via("sagemaker.amazonaws.com"))
            } catch let error as any ServiceError {
                problems.append(DiscoveryProblemShape(key: object.key, problem: "Reading its tags needs s3:GetObjectTagging: \(error.message)"))
                continue
            }
            guard tags[Self.visibilityTag] == "true" else { continue }
            let content: ObjectContent
            do {
                content = try await self.objects.read(place, context: context.via("sagemaker.amazonaws.com"), limit: Self.maximumTemplate)
            } catch let error as any ServiceError {
                problems.append(DiscoveryProblemShape(key: object.key, problem: "Reading it needs s3:GetObject: \(error.message)"))
                continue
            } catch is ObjectTooLarge {
                problems.append(DiscoveryProblemShape(key: object.key, problem: "It is larger than \(Self.maximumTemplate) bytes"))
                continue
            }
            let body = String(decoding: content.bytes, as: UTF8.self)
            templates.append(await describeTemplate(body, key: object.key, bucket: bucket, region: context.region.name, content: content, context: context))
        }
        return ListProjectTemplatesOutput(
            domainId: domain.id, templatesLocation: location, templates: templates, problems: problems,
            providedTemplates: await providedTemplates(context: context)
        )
    }

    /// Slipway's own templates, each with its launch form, launchable through its reserved URL.
    func providedTemplates(context: ServiceContext) async -> [ProjectTemplateShape] {
        var listed: [ProjectTemplateShape] = []
        for (name, body) in ProvidedTemplates.all {
            let content = ObjectContent(bytes: Array(body.utf8), versionID: nil, lastModified: clock.now(), etag: "")
            var entry = await describeTemplate(body, key: "\(name).yaml", bucket: ProvidedTemplates.bucket, region: context.region.name, content: content, context: context)
            entry.templateURL = ProvidedTemplates.url(name)
            listed.append(entry)
        }
        return listed
    }

    /// Copies a provided template into an organization's S3 location, tagged visible, as the caller.
    func publishProvided(_ input: PublishProvidedTemplateInput, context: ServiceContext) async throws -> PublishProvidedTemplateOutput {
        guard let body = ProvidedTemplates.body(input.name) else { throw SageMakerError.validation("Slipway provides no template named \(input.name)") }
        let rest = input.destination.hasPrefix("s3://") ? input.destination.dropFirst(5) : ""
        let bucket = String(rest.prefix { $0 != "/" })
        var prefix = String(rest.dropFirst(bucket.count).drop { $0 == "/" })
        guard !bucket.isEmpty else { throw SageMakerError.validation("Destination must be an s3://BUCKET/PREFIX/ location, not \(input.destination)") }
        if !prefix.isEmpty, !prefix.hasSuffix("/") { prefix += "/" }
        let key = prefix + input.name + ".yaml"
        do {
            let version = try await objects.write(
                Array(body.utf8), to: ObjectLocation(bucket: bucket, key: key), contentType: "application/x-yaml", tags: [Self.visibilityTag: "true"], context: context
            )
            return PublishProvidedTemplateOutput(templateURL: "https://\(bucket).s3.\(context.region.name).amazonaws.com/\(key)", versionId: version)
        } catch let error as any ServiceError {
            throw SageMakerError.validation("Could not write s3://\(bucket)/\(key): \(error.message)")
        }
    }

    /// A template's entry: its form when it validates, its validation error when it does not.
    func describeTemplate(_ body: String, key: String, bucket: String, region: String, content: ObjectContent, context: ServiceContext) async -> ProjectTemplateShape {
        let name = String((key.split(separator: "/").last ?? Substring(key)).split(separator: ".").first ?? "")
        var entry = ProjectTemplateShape(
            name: name, templateURL: "https://\(bucket).s3.\(region).amazonaws.com/\(key)", versionId: content.versionID,
            lastModified: content.lastModified, description: nil, parameters: [], parameterGroups: [], validationError: nil
        )
        let template: Template
        do {
            template = try Template.load(body)
            try await stacks.validateTemplate(body, context: context)
        } catch let error as any ServiceError {
            entry.validationError = error.message
            return entry
        } catch {
            entry.validationError = (error as? TemplateError)?.message ?? String(describing: error)
            return entry
        }
        let interface = template.interface
        var groupOf: [String: String] = [:]
        for group in interface?.groups ?? [] {
            for parameter in group.parameters { groupOf[parameter] = group.label }
        }
        entry.description = template.description
        entry.parameterGroups = (interface?.groups ?? []).map { ParameterGroupShape(label: $0.label, parameters: $0.parameters) }
        entry.parameters = template.parameters.values
            .filter { !["SageMakerProjectName", "SageMakerProjectId", SageMakerService.creatorParameter].contains($0.name) }  // supplied by SageMaker
            .map { declaration in
                TemplateParameterShape(
                    name: declaration.name, type: declaration.type, defaultValue: declaration.defaultValue, allowedValues: declaration.allowedValues,
                    allowedPattern: declaration.allowedPattern, minLength: declaration.minLength, maxLength: declaration.maxLength,
                    minValue: declaration.minValue, maxValue: declaration.maxValue, constraintDescription: declaration.constraintDescription,
                    description: declaration.description, noEcho: declaration.noEcho, label: interface?.labels[declaration.name],
                    group: groupOf[declaration.name]
                )
            }
        return entry
    }
}
