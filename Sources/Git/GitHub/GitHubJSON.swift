import Foundation

/// GitHub's JSON for the forge's things, with every URL built from the host the request came to (PyGithub refuses
/// URLs on another host or port).
struct GitHubJSON: Sendable {
    /// `http://<host>`, as the client called it.
    let base: String

    var api: String { base + "/api/v3" }

    static func timestamp(_ date: Date) -> String {
        date.ISO8601Format(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon)) + "Z"
    }

    func owner(_ owner: OwnerRecord) -> [String: Any] {
        let organization = owner.kind == "Organization"
        return [
            "login": owner.login, "id": owner.numericID, "node_id": "O_\(owner.numericID)", "type": owner.kind, "site_admin": false,
            "url": "\(api)/\(organization ? "orgs" : "users")/\(owner.login)", "html_url": "\(base)/\(owner.login)",
            "repos_url": "\(api)/\(organization ? "orgs" : "users")/\(owner.login)/repos", "avatar_url": "", "gravatar_id": "",
            "created_at": Self.timestamp(owner.created), "updated_at": Self.timestamp(owner.created),
        ]
    }

    func repository(_ record: RepositoryRecord, owner: OwnerRecord, defaultBranch: String?) -> [String: Any] {
        let fullName = "\(record.ownerLogin)/\(record.name)"
        var json: [String: Any] = [
            "id": GitHubIDs.number(for: "repository:" + record.id), "node_id": "R_\(record.id)", "name": record.name, "full_name": fullName,
            "private": true, "visibility": "private", "owner": self.owner(owner), "html_url": "\(base)/\(fullName)", "fork": false,
            "url": "\(api)/repos/\(fullName)", "clone_url": "\(base)/\(fullName).git", "git_url": "\(base)/\(fullName).git",
            "default_branch": defaultBranch ?? "main", "created_at": Self.timestamp(record.created), "updated_at": Self.timestamp(record.lastModified),
            "pushed_at": Self.timestamp(record.lastModified), "archived": false, "disabled": false, "has_issues": false, "has_wiki": false,
            "has_projects": false, "size": 0, "permissions": ["admin": true, "maintain": true, "push": true, "triage": true, "pull": true],
            "branches_url": "\(api)/repos/\(fullName)/branches{/branch}", "contents_url": "\(api)/repos/\(fullName)/contents/{+path}",
        ]
        json["description"] = record.description ?? NSNull()
        return json
    }

    func branch(_ name: String, commit: String, fullName: String) -> [String: Any] {
        [
            "name": name, "protected": false, "commit": ["sha": commit, "url": "\(api)/repos/\(fullName)/commits/\(commit)"],
            "_links": ["self": "\(api)/repos/\(fullName)/branches/\(name)", "html": "\(base)/\(fullName)/tree/\(name)"],
        ]
    }

    func content(_ entry: BareRepositories.Entry, bytes: [UInt8]?, fullName: String, ref: String) -> [String: Any] {
        let url = "\(api)/repos/\(fullName)/contents/\(entry.path)?ref=\(ref)"
        var json: [String: Any] = [
            "type": entry.type, "name": String(entry.path.split(separator: "/").last ?? ""), "path": entry.path, "sha": entry.object,
            "size": entry.size, "url": url, "html_url": "\(base)/\(fullName)/blob/\(ref)/\(entry.path)",
            "git_url": "\(api)/repos/\(fullName)/git/\(entry.type == "dir" ? "trees" : "blobs")/\(entry.object)",
            "_links": ["self": url, "html": "\(base)/\(fullName)/blob/\(ref)/\(entry.path)"],
        ]
        json["download_url"] = entry.type == "file" ? "\(base)/\(fullName)/raw/\(ref)/\(entry.path)" : NSNull()
        if let bytes {
            json["content"] = Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed]) + "\n"
            json["encoding"] = "base64"
        }
        return json
    }
}
