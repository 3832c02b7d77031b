import SlipwayCore

extension WireCodec {
    func decodeQuery<T: Decodable>(_ type: T.Type, from request: WireRequest) throws(WireError) -> T {
        let tree: FormNode
        do {
            var pairs = request.queryItems
            if Self.isFormBody(request) { pairs.append(contentsOf: try FormReader.pairs(request.body)) }
            tree = try FormReader.tree(pairs)
        } catch {
            throw WireError.malformedQueryString(error.description)
        }
        let context = DecodeContext(payloadFormat: .xml)
        let root = NodeDecoder(node: .form(tree), codingPath: [], context: context)
        do {
            return try root.decodeValue(T.self, from: .form(tree), path: [])
        } catch {
            throw decodingFailure(error, overlay: nil)
        }
    }

    func decodeJSON<T: Decodable>(_ type: T.Type, from request: WireRequest) throws(WireError) -> T {
        let node: InputNode
        if request.body.isEmpty {
            node = .object([:])
        } else {
            do {
                node = try JSONReader.parse(request.body)
            } catch {
                throw WireError.serializationException("The request body is not valid JSON: \(error.description).")
            }
        }
        guard case .object = node else {
            throw WireError.serializationException("The request body must be a JSON object.")
        }
        let context = DecodeContext(payloadFormat: .json)
        do {
            return try NodeDecoder(node: node, codingPath: [], context: context).decodeValue(T.self, from: node, path: [])
        } catch {
            throw decodingFailure(error, overlay: nil)
        }
    }

    func decodeREST<T: Decodable>(
        _ type: T.Type, from request: WireRequest, format: DecodeContext.PayloadFormat
    ) throws(WireError) -> T {
        let shapeType = T.self as? any WireShape.Type
        let overlay = Self.overlay(for: request, bindings: shapeType?.bindings ?? [:])
        var body: InputNode = .object([:])
        if overlay.payloadKey == nil, !request.body.isEmpty {
            switch format {
            case .xml:
                do {
                    body = .xml(try XMLReader.parse(request.body))
                } catch {
                    throw WireError.malformedXML()
                }
            case .json:
                do {
                    body = try JSONReader.parse(request.body)
                } catch {
                    throw WireError.serializationException("The request body is not valid JSON: \(error.description).")
                }
                guard case .object = body else {
                    throw WireError.serializationException("The request body must be a JSON object.")
                }
            }
        }
        let context = DecodeContext(payloadFormat: format)
        let traits = shapeType.map(context.traits(for:)) ?? .none
        do {
            return try T(from: NodeDecoder(node: body, codingPath: [], context: context, traits: traits, overlay: overlay))
        } catch {
            throw decodingFailure(error, overlay: overlay)
        }
    }

    /// The members of a REST input that travel in the path, query string and headers.
    static func overlay(for request: WireRequest, bindings: [String: WireBinding]) -> BindingOverlay {
        var overlay = BindingOverlay(values: [:], boundKeys: Set(bindings.keys), payloadKey: nil)
        guard !bindings.isEmpty else { return overlay }
        var boundQueryNames: Set<String> = []
        var queryMapKey: String?
        for (key, binding) in bindings {
            switch binding {
            case .header(let name):
                var values: [String] = []
                for header in request.headers where asciiCaseInsensitiveEquals(header.name, name) {
                    values.append(header.value)
                }
                if !values.isEmpty { overlay.values[key] = .headerText(values.joined(separator: ",")) }
            case .headerPrefix(let prefix):
                var map: [String: InputNode] = [:]
                let prefixLength = prefix.utf8.count
                for header in request.headers
                where header.name.utf8.count > prefixLength && asciiCaseInsensitiveHasPrefix(header.name, prefix) {
                    let suffix = String(decoding: header.name.utf8.dropFirst(prefixLength), as: UTF8.self)
                    map[suffix] = .text(header.value)
                }
                if !map.isEmpty { overlay.values[key] = .object(map) }
            case .query(let name):
                boundQueryNames.insert(name)
                var values: [InputNode] = []
                for item in request.queryItems where item.name == name { values.append(.text(item.value)) }
                if values.count == 1 {
                    overlay.values[key] = values[0]
                } else if !values.isEmpty {
                    overlay.values[key] = .array(values)
                }
            case .queryMap:
                queryMapKey = key
            case .uri(let label):
                let name = label.hasSuffix("+") ? String(label.dropLast()) : label
                if let value = request.pathParameters[name] { overlay.values[key] = .text(value) }
            case .payload:
                overlay.payloadKey = key
                if let stream = request.bodyStream {
                    overlay.values[key] = .stream(stream)
                } else if !request.body.isEmpty {
                    overlay.values[key] = .payload(request.body)
                }
            case .statusCode:
                break
            }
        }
        if let queryMapKey {
            var map: [String: InputNode] = [:]
            for item in request.queryItems where !boundQueryNames.contains(item.name) && map[item.name] == nil {
                map[item.name] = .text(item.value)
            }
            if !map.isEmpty { overlay.values[queryMapKey] = .object(map) }
        }
        return overlay
    }

    /// Maps anything a decode threw to the error the protocol answers with.
    func decodingFailure(_ error: any Error, overlay: BindingOverlay?) -> WireError {
        switch error {
        case let wire as WireError:
            return wire
        case let service as any ServiceError:
            return WireError(code: service.code, message: service.message, httpStatus: service.httpStatus)
        case let decoding as DecodingError:
            switch decoding {
            case .keyNotFound(let key, let context):
                return missingMember(path: context.codingPath + [key], overlay: overlay)
            case .valueNotFound(_, let context):
                return missingMember(path: context.codingPath, overlay: overlay)
            case .typeMismatch(_, let context), .dataCorrupted(let context):
                return invalidMember(path: context.codingPath, detail: context.debugDescription, overlay: overlay)
            @unknown default:
                return malformed("The request could not be decoded.")
            }
        case let xml as XMLReader.Failure:
            return malformed("The payload is not well-formed XML: \(xml.description).")
        case let json as JSONReader.Failure:
            return malformed("The payload is not valid JSON: \(json.description).")
        default:
            return malformed("The request could not be decoded.")
        }
    }

    private func malformed(_ message: String) -> WireError {
        switch wireProtocol {
        case .query: WireError.malformedQueryString(message)
        case .json, .restJSON: WireError.serializationException(message)
        case .restXML: WireError.malformedXML()
        }
    }

    private func missingMember(path: [any CodingKey], overlay: BindingOverlay?) -> WireError {
        let message = "1 validation error detected: Value null at '\(Self.memberPath(path))' "
            + "failed to satisfy constraint: Member must not be null"
        switch wireProtocol {
        case .query:
            return WireError.validationError(message)
        case .json, .restJSON:
            return WireError.validationException(message)
        case .restXML:
            if let name = Self.boundName(path, overlay) {
                return WireError.invalidArgument("The request is missing the required parameter \(name).")
            }
            return WireError.malformedXML()
        }
    }

    private func invalidMember(path: [any CodingKey], detail: String, overlay: BindingOverlay?) -> WireError {
        let message = "Invalid value at '\(Self.memberPath(path))': \(detail)"
        switch wireProtocol {
        case .query:
            return WireError.validationError(message)
        case .json:
            return WireError.serializationException(message)
        case .restJSON:
            if Self.boundName(path, overlay) != nil { return WireError.validationException(message) }
            return WireError.serializationException(message)
        case .restXML:
            if Self.boundName(path, overlay) != nil { return WireError.invalidArgument(message) }
            return WireError.malformedXML()
        }
    }

    /// The member name when the failing path is a bound (non-body, non-payload) member of the root.
    private static func boundName(_ path: [any CodingKey], _ overlay: BindingOverlay?) -> String? {
        guard let overlay, let first = path.first, overlay.boundKeys.contains(first.stringValue),
              overlay.payloadKey != first.stringValue
        else { return nil }
        return first.stringValue
    }

    /// `tags.1.key`: members as AWS validation messages name them.
    static func memberPath(_ path: [any CodingKey]) -> String {
        path.map { key in
            if let index = key.intValue { return String(index + 1) }
            let name = key.stringValue
            guard let first = name.first else { return name }
            return first.lowercased() + name.dropFirst()
        }.joined(separator: ".")
    }
}
