import Wire

/// The codecs of the services whose requests and responses the tests use.
enum Codecs {
    static let iam = WireCodec(.query(apiVersion: "2010-05-08", xmlNamespace: "https://iam.amazonaws.com/doc/2010-05-08/"))
    static let sts = WireCodec(.query(apiVersion: "2011-06-15", xmlNamespace: "https://sts.amazonaws.com/doc/2011-06-15/"))
    static let sns = WireCodec(.query(apiVersion: "2010-03-31", xmlNamespace: "http://sns.amazonaws.com/doc/2010-03-31/"))
    static let rds = WireCodec(.query(apiVersion: "2014-10-31", xmlNamespace: "http://rds.amazonaws.com/doc/2014-10-31/"))
    static let ses = WireCodec(.query(apiVersion: "2010-12-01", xmlNamespace: "http://ses.amazonaws.com/doc/2010-12-01/"))
    static let cloudFormation = WireCodec(
        .query(apiVersion: "2010-05-15", xmlNamespace: "http://cloudformation.amazonaws.com/doc/2010-05-15/")
    )
    static let sageMaker = WireCodec(.json(version: "1.1", targetPrefix: "SageMaker"))
    static let secretsManager = WireCodec(.json(version: "1.1", targetPrefix: "secretsmanager"))
    static let events = WireCodec(.json(version: "1.1", targetPrefix: "AWSEvents"))
    static let sqs = WireCodec(.json(version: "1.0", targetPrefix: "AmazonSQS"))
    static let s3 = WireCodec(.restXML(xmlNamespace: "http://s3.amazonaws.com/doc/2006-03-01/"))
    static let lambda = WireCodec(.restJSON)
    /// Reads botocore's parsed results, which the fixture script serialises as JSON.
    static let parsedJSON = WireCodec(.json(version: "1.1", targetPrefix: "Parsed"))
}
