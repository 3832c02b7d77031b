import Foundation

extension WireCodec {
    /// `<OpResponse xmlns><OpResult>…</OpResult><ResponseMetadata>…</ResponseMetadata></OpResponse>`.
    func encodeQuery(
        _ tree: OutputValue, isEmpty: Bool, operation: String, namespace: String, requestID: String, status: Int
    ) -> WireResponse {
        var writer = XMLWriter(timestampStyle: .iso8601)
        let responseName = operation + "Response"
        writer.openTag(responseName, namespace: namespace)
        if !isEmpty {
            let resultName = operation + "Result"
            switch tree {
            case .structure(let structure):
                writer.openTag(resultName, attributesOf: structure)
                writer.members(of: structure)
                writer.closeTag(resultName)
            case .null:
                break
            default:
                writer.element(resultName, tree, memberName: "member")
            }
        }
        writer.raw("<ResponseMetadata>")
        writer.textElement("RequestId", requestID)
        writer.raw("</ResponseMetadata>")
        writer.closeTag(responseName)
        return WireResponse(
            status: status,
            headers: [("Content-Type", "text/xml"), ("x-amzn-RequestId", requestID)],
            body: writer.bytes
        )
    }

    /// The output as one JSON object; an `EmptyOutput` is `{}`.
    func encodeJSON(_ tree: OutputValue, version: String, requestID: String, status: Int) -> WireResponse {
        var writer = JSONWriter()
        switch tree {
        case .structure(let structure): writer.structure(structure)
        case .null: writer.raw("{}")
        default: writer.value(tree)
        }
        return WireResponse(
            status: status,
            headers: [("Content-Type", "application/x-amz-json-\(version)"), ("x-amzn-RequestId", requestID)],
            body: writer.bytes
        )
    }

    func encodeRESTXML(_ tree: OutputValue, namespace: String?, requestID: String, status: Int) -> WireResponse {
        var response = WireResponse(
            status: status,
            headers: [("x-amz-request-id", requestID), ("x-amz-id-2", Self.hostID(for: requestID))]
        )
        guard case .structure(let structure) = tree else { return response }
        let bound = bindHTTPMembers(structure, into: &response)
        if let payload = bound.payload {
            switch payload.value {
            case .structure(let inner):
                let name = inner.shapeType?.xmlRootName ?? payload.key
                response.body = Self.xmlDocument(inner, rootName: name, namespace: namespace)
                Self.setDefaultContentType("application/xml", in: &response)
            default:
                setRawPayload(payload.value, in: &response)
            }
            return response
        }
        let hasBody = structure.fields.contains { !bound.keys.contains($0.key) }
        guard hasBody || structure.shapeType?.xmlRootName != nil else { return response }
        let rootName = structure.shapeType?.xmlRootName ?? String(describing: structure.type)
        response.body = Self.xmlDocument(structure, rootName: rootName, namespace: namespace, skipping: bound.keys)
        Self.setDefaultContentType("application/xml", in: &response)
        return response
    }

    func encodeRESTJSON(_ tree: OutputValue, isEmpty: Bool, requestID: String, status: Int) -> WireResponse {
        var response = WireResponse(status: status, headers: [("x-amzn-RequestId", requestID)])
        guard !isEmpty, case .structure(let structure) = tree else { return response }
        let bound = bindHTTPMembers(structure, into: &response)
        if let payload = bound.payload {
            switch payload.value {
            case .structure, .map, .list:
                var writer = JSONWriter()
                writer.value(payload.value)
                response.body = writer.bytes
                Self.setDefaultContentType("application/json", in: &response)
            default:
                setRawPayload(payload.value, in: &response)
            }
            return response
        }
        let hasBody = structure.fields.contains { !bound.keys.contains($0.key) }
        if !hasBody, !(structure.shapeType?.bindings.isEmpty ?? true) { return response }
        var writer = JSONWriter()
        writer.structure(structure, skipping: bound.keys)
        response.body = writer.bytes
        Self.setDefaultContentType("application/json", in: &response)
        return response
    }

    /// Moves header, status and payload members of a REST output into the response; returns the keys it took.
    private func bindHTTPMembers(
        _ structure: OutputStructure, into response: inout WireResponse
    ) -> (keys: Set<String>, payload: OutputField?) {
        guard let bindings = structure.shapeType?.bindings, !bindings.isEmpty else { return ([], nil) }
        var payload: OutputField?
        for field in structure.fields {
            guard let binding = bindings[field.key] else { continue }
            switch binding {
            case .header(let name):
                if let text = Self.headerText(field.value) { response.headers.append((name, text)) }
            case .headerPrefix(let prefix):
                if case .map(let entries) = field.value {
                    for entry in entries {
                        if let text = Self.headerText(entry.value) { response.headers.append((prefix + entry.key, text)) }
                    }
                }
            case .statusCode:
                switch field.value {
                case .int(let code): response.status = Int(code)
                case .uint(let code): response.status = Int(code)
                default: break
                }
            case .payload:
                payload = field
            case .query, .queryMap, .uri:
                break
            }
        }
        return (Set(bindings.keys), payload)
    }

    /// A value as a header: timestamps as HTTP dates, lists comma-joined.
    static func headerText(_ value: OutputValue) -> String? {
        if case .list(let items) = value {
            let texts = items.compactMap { headerText($0) }
            return texts.isEmpty ? nil : HeaderList.join(texts)
        }
        return value.scalarText(dates: .httpDate)
    }

    private func setRawPayload(_ value: OutputValue, in response: inout WireResponse) {
        switch value {
        case .blob(let bytes): response.body = bytes
        case .stream(let stream): response.bodyStream = stream
        case .string(let text): response.body = Array(text.utf8)
        case .null: break
        default: response.body = Array((value.scalarText(dates: .httpDate) ?? "").utf8)
        }
    }

    static func setDefaultContentType(_ type: String, in response: inout WireResponse) {
        if response.header("Content-Type") == nil { response.headers.append(("Content-Type", type)) }
    }

    /// `<?xml …?>` and one root element holding the structure's members.
    static func xmlDocument(
        _ structure: OutputStructure, rootName: String, namespace: String?, skipping: Set<String> = []
    ) -> [UInt8] {
        var writer = XMLWriter(timestampStyle: .iso8601Milliseconds)
        writer.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        writer.openTag(rootName, namespace: namespace, attributesOf: structure)
        writer.members(of: structure, skipping: skipping)
        writer.closeTag(rootName)
        return writer.bytes
    }

    /// The `x-amz-id-2` value S3 pairs with a request id.
    static func hostID(for requestID: String) -> String {
        Data(requestID.utf8).base64EncodedString()
    }
}
