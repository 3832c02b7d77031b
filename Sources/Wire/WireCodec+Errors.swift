import SlipwayCore

extension WireCodec {
    /// `<ErrorResponse xmlns><Error><Type/><Code/><Message/>…</Error><RequestId/></ErrorResponse>`.
    func queryError(_ error: any ServiceError, namespace: String, requestID: String) -> WireResponse {
        var writer = XMLWriter(timestampStyle: .iso8601)
        writer.openTag("ErrorResponse", namespace: namespace)
        writer.raw("<Error>")
        writer.textElement("Type", error.senderFault ? "Sender" : "Receiver")
        writer.textElement("Code", error.code)
        writer.textElement("Message", error.message)
        for (name, value) in error.extraFields { writer.textElement(name, value) }
        writer.raw("</Error>")
        writer.textElement("RequestId", requestID)
        writer.closeTag("ErrorResponse")
        return WireResponse(
            status: error.httpStatus,
            headers: [("Content-Type", "text/xml"), ("x-amzn-RequestId", requestID)],
            body: writer.bytes
        )
    }

    /// `{"__type":"Code","message":"…"}` plus the error's extra fields.
    func jsonError(_ error: any ServiceError, version: String, requestID: String) -> WireResponse {
        var writer = JSONWriter()
        var members = [
            OutputField(key: "__type", value: .string(error.code)), OutputField(key: "message", value: .string(error.message)),
        ]
        for (name, value) in error.extraFields { members.append(OutputField(key: name, value: .string(value))) }
        writer.object(members)
        return WireResponse(
            status: error.httpStatus,
            headers: [("Content-Type", "application/x-amz-json-\(version)"), ("x-amzn-RequestId", requestID)],
            body: writer.bytes
        )
    }

    /// Lambda style: `x-amzn-ErrorType: Code` and `{"Type":"User","message":"…"}`.
    func restJSONError(_ error: any ServiceError, requestID: String) -> WireResponse {
        var writer = JSONWriter()
        var members = [
            OutputField(key: "Type", value: .string(error.senderFault ? "User" : "Service")),
            OutputField(key: "message", value: .string(error.message)),
        ]
        for (name, value) in error.extraFields { members.append(OutputField(key: name, value: .string(value))) }
        writer.object(members)
        return WireResponse(
            status: error.httpStatus,
            headers: [
                ("Content-Type", "application/json"), ("x-amzn-RequestId", requestID), ("x-amzn-ErrorType", error.code),
            ],
            body: writer.bytes
        )
    }

    /// S3 style: `<Error><Code/><Message/>…<RequestId/><HostId/></Error>` with `x-amz-request-id` and `x-amz-id-2`.
    func restXMLError(_ error: any ServiceError, requestID: String) -> WireResponse {
        let hostID = Self.hostID(for: requestID)
        var writer = XMLWriter(timestampStyle: .iso8601Milliseconds)
        writer.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>")
        writer.textElement("Code", error.code)
        writer.textElement("Message", error.message)
        for (name, value) in error.extraFields { writer.textElement(name, value) }
        writer.textElement("RequestId", requestID)
        writer.textElement("HostId", hostID)
        writer.raw("</Error>")
        return WireResponse(
            status: error.httpStatus,
            headers: [("Content-Type", "application/xml"), ("x-amz-request-id", requestID), ("x-amz-id-2", hostID)],
            body: writer.bytes
        )
    }
}
