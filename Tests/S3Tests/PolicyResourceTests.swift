@testable import S3
import Testing

/// Which resources a bucket policy may name: those that can match the bucket or one of its objects.
@Suite struct PolicyResourceTests {
    @Test(arguments: [
        "arn:aws:s3:::logs", "arn:aws:s3:::logs/*", "arn:aws:s3:::logs/a/b.txt", "arn:aws:s3:::*", "arn:aws:s3:::*/*",
        "arn:aws:s3:::log?", "arn:aws:s3:::l*s", "arn:aws:s3:::logs*", "*", "arn:aws:s3:::lo*/2024/*", "arn:aws:s3:::logs/${aws:username}/*",
        "arn:*:s3:::logs", "arn:aws:s3:::**", "arn:aws:s3:::l?gs?*", "arn:aws:s3:::*-archive",
    ])
    func resourcesThatCanMatchTheBucketOrAnObjectAreAccepted(resource: String) {
        #expect(S3Service.canMatch(resource, bucket: "logs"))
    }

    @Test(arguments: [
        "arn:aws:s3:::other", "arn:aws:s3:::other/*", "arn:aws:s3:::log", "arn:aws:s3:::logs?", "arn:aws:s3:::logsx/*", "arn:aws:s3:::logs/",
        "arn:aws:s3:::LOGS", "arn:aws:iam::*", "",
    ])
    func resourcesThatCannotAreRefused(resource: String) {
        #expect(!S3Service.canMatch(resource, bucket: "logs"))
    }
}
