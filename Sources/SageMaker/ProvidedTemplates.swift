/// Slipway's own project templates — the counterpart of the SageMaker-provided templates kept in Service Catalog:
/// listed apart from an organization's S3 templates, launched the same way through their reserved URL, and copied
/// into an organization's bucket by `slipway templates publish`.
enum ProvidedTemplates {
    /// The bucket name a provided template's URL uses: `https://slipway-provided-templates.s3.amazonaws.com/NAME.yaml`.
    static let bucket = "slipway-provided-templates"

    static func url(_ name: String) -> String { "https://\(bucket).s3.amazonaws.com/\(name).yaml" }

    static let all: [(name: String, body: String)] = [
        ("mlops-artifacts", artifacts), ("mlops-model-building", modelBuilding), ("mlops-github-actions", githubActions),
    ]

    static func body(_ name: String) -> String? { all.first { $0.name == name }?.body }

    static let artifacts = """
        AWSTemplateFormatVersion: "2010-09-09"
        Description: Artifacts store for a project - a versioned, encrypted bucket closed to the public, and the role its pipelines use
        Metadata:
          AWS::CloudFormation::Interface:
            ParameterGroups:
              - Label: {default: Retention}
                Parameters: [NoncurrentVersionDays]
            ParameterLabels:
              NoncurrentVersionDays: {default: Days to keep old artifact versions}
        Parameters:
          SageMakerProjectName: {Type: String, Description: Supplied by SageMaker}
          SageMakerProjectId: {Type: String, Description: Supplied by SageMaker}
          NoncurrentVersionDays: {Type: Number, Default: 30, MinValue: 1, MaxValue: 3650, Description: How long replaced artifacts are kept}
        Resources:
          ArtifactsBucket:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: !Sub "sagemaker-project-${SageMakerProjectId}-artifacts"
              VersioningConfiguration: {Status: Enabled}
              BucketEncryption:
                ServerSideEncryptionConfiguration: [{ServerSideEncryptionByDefault: {SSEAlgorithm: AES256}}]
              PublicAccessBlockConfiguration: {BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true}
              LifecycleConfiguration:
                Rules: [{Id: expire-old-versions, Status: Enabled, NoncurrentVersionExpirationInDays: !Ref NoncurrentVersionDays}]
          PipelineExecutionRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Version: "2012-10-17"
                Statement: [{Effect: Allow, Principal: {Service: sagemaker.amazonaws.com}, Action: "sts:AssumeRole"}]
              Policies:
                - PolicyName: artifacts
                  PolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - {Effect: Allow, Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"], Resource: [!GetAtt ArtifactsBucket.Arn, !Sub "${ArtifactsBucket.Arn}/*"]}
        Outputs:
          ArtifactsBucket: {Value: !Ref ArtifactsBucket}
          PipelineExecutionRoleArn: {Value: !GetAtt PipelineExecutionRole.Arn}
        """

    static let modelBuilding = """
        AWSTemplateFormatVersion: "2010-09-09"
        Description: Model building for a project - an artifacts bucket, a build role and a training role, with a managed policy the two share
        Parameters:
          SageMakerProjectName: {Type: String, Description: Supplied by SageMaker}
          SageMakerProjectId: {Type: String, Description: Supplied by SageMaker}
          Stage: {Type: String, Default: dev, AllowedValues: [dev, staging, prod], Description: Where the models go}
        Resources:
          ArtifactsBucket:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: !Sub "sagemaker-project-${SageMakerProjectId}-models"
              VersioningConfiguration: {Status: Enabled}
              Tags: [{Key: stage, Value: !Ref Stage}]
          ModelAccess:
            Type: AWS::IAM::ManagedPolicy
            Properties:
              Description: Read and write the project's model artifacts
              PolicyDocument:
                Version: "2012-10-17"
                Statement:
                  - {Effect: Allow, Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"], Resource: [!GetAtt ArtifactsBucket.Arn, !Sub "${ArtifactsBucket.Arn}/*"]}
          BuildRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: codebuild.amazonaws.com}, Action: "sts:AssumeRole"}]}
              ManagedPolicyArns: [!Ref ModelAccess]
          TrainingRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: sagemaker.amazonaws.com}, Action: "sts:AssumeRole"}]}
              ManagedPolicyArns: [!Ref ModelAccess]
        Outputs:
          ModelBucket: {Value: !Ref ArtifactsBucket}
          TrainingRoleArn: {Value: !GetAtt TrainingRole.Arn}
        """
}
