import SlipwayCore

/// CodeCommit's errors, with its codes and texts.
struct GitError: ServiceError {
    let code: String
    let message: String
    var httpStatus: Int = 400

    static let nameRequired = GitError(code: "RepositoryNameRequiredException", message: "A repository name is required but was not specified.")
    static func invalidName(_ name: String) -> GitError {
        GitError(
            code: "InvalidRepositoryNameException",
            message: "The repository name '\(name)' is not valid. Repository names can be any valid combination of letters, numbers, periods, underscores, and dashes between 1 and 100 characters in length. Names are case sensitive. For more information, see Limits in the AWS CodeCommit User Guide."
        )
    }
    static func exists(_ name: String) -> GitError { GitError(code: "RepositoryNameExistsException", message: "Repository named \(name) already exists") }
    static func notFound(_ name: String) -> GitError { GitError(code: "RepositoryDoesNotExistException", message: "\(name) does not exist") }
    static func invalidDescription() -> GitError {
        GitError(code: "InvalidRepositoryDescriptionException", message: "The repository description is not valid. Repository descriptions can be no longer than 1,000 characters.")
    }
    static func invalidTags(_ message: String) -> GitError { GitError(code: "InvalidTagsMapException", message: message) }
    static func tooManyTags() -> GitError { GitError(code: "TooManyTagsException", message: "The maximum number of tags for a CodeCommit resource has been exceeded.") }
    static let branchRequired = GitError(code: "BranchNameRequiredException", message: "A branch name is required, but was not specified.")
    static func invalidBranch(_ name: String) -> GitError { GitError(code: "InvalidBranchNameException", message: "The specified reference name '\(name)' is not valid.") }
    static func noBranch(_ name: String) -> GitError { GitError(code: "BranchDoesNotExistException", message: "Branch '\(name)' does not exist in the repository.") }
    static let pathRequired = GitError(code: "PathRequiredException", message: "The folderPath for a location cannot be null.")
    static func invalidPath(_ path: String) -> GitError { GitError(code: "InvalidPathException", message: "The specified path '\(path)' is not valid.") }
    static func noFile(_ path: String) -> GitError { GitError(code: "FileDoesNotExistException", message: "The specified file '\(path)' does not exist.") }
    static func noCommit(_ name: String) -> GitError { GitError(code: "CommitDoesNotExistException", message: "Could not find commit '\(name)'.") }
    static func fileTooLarge() -> GitError {
        GitError(code: "FileTooLargeException", message: "The specified file exceeds the file size limit for CodeCommit. For more information about limits in CodeCommit, see Quotas in the AWS CodeCommit User Guide.")
    }
    static func invalidToken() -> GitError { GitError(code: "InvalidContinuationTokenException", message: "The specified continuation token is not valid.") }
    static func invalidSortBy(_ value: String) -> GitError { GitError(code: "InvalidSortByException", message: "The specified sort by value '\(value)' is not valid.") }
    static func invalidOrder(_ value: String) -> GitError { GitError(code: "InvalidOrderException", message: "The specified sort order '\(value)' is not valid.") }
    static let arnRequired = GitError(code: "ResourceArnRequiredException", message: "A valid Amazon Resource Name (ARN) for a CodeCommit repository is required.")
    static func invalidArn(_ arn: String) -> GitError { GitError(code: "InvalidResourceArnException", message: "The value for the resource ARN is not valid: \(arn)") }
    static let tagsRequired = GitError(code: "TagsMapRequiredException", message: "A map of tags is required.")
    static let tokenOwner = GitError(
        code: "ValidationException",
        message: "Access tokens belong to long-term identities: create one with the access keys of the root user or an IAM user, not temporary credentials."
    )
    static func tokenNotFound(_ id: String) -> GitError { GitError(code: "ResourceNotFoundException", message: "Access token \(id) does not exist.", httpStatus: 404) }
    static func invalidToken(_ message: String) -> GitError { GitError(code: "ValidationException", message: message) }
    static let tagKeysRequired = GitError(code: "TagKeysListRequiredException", message: "A list of tag keys is required.")
}
