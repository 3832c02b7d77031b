extension ProvidedTemplates {
    /// The whole ModelOps loop on Slipway's forge: a repository seeded with `ProvidedSeedCode.githubActions` (a
    /// `@step` pipeline tracked in MLflow, build and deploy workflows, an endpoint template and its deploy script), the
    /// workflows' IAM user with its keys as repository secrets and the project's settings as variables, the model group,
    /// an MLflow tracking server, a `production` environment the project's creator reviews, and the function an
    /// approval runs to dispatch the deploy workflow with the user's forge token. Given another forge's API URL, it
    /// makes none of the forge's side and only wires the function to that forge.
    static let githubActions = #"""
        AWSTemplateFormatVersion: "2010-09-09"
        Description: >-
          ModelOps with GitHub Actions workflows on Slipway's forge - a repository seeded with a @step pipeline tracked in
          MLflow, build and deploy workflows, a model group whose approvals deploy to staging and, once a reviewer approves,
          to production
        Metadata:
          AWS::CloudFormation::Interface:
            ParameterGroups:
              - Label: {default: Images}
                Parameters: [PipelineImage]
              - Label: {default: Another forge (leave empty to use Slipway's)}
                Parameters: [ExternalForgeApiUrl, ExternalRepository, ExternalForgeTokenSecret]
            ParameterLabels:
              PipelineImage: {default: Image the pipeline and workflows run on}
              ExternalForgeApiUrl: {default: API URL of the forge}
              ExternalRepository: {default: Repository (owner/name)}
              ExternalForgeTokenSecret: {default: ARN of the secret holding a token that may dispatch workflows}
        Parameters:
          SageMakerProjectName: {Type: String, Description: Supplied by SageMaker}
          SageMakerProjectId: {Type: String, Description: Supplied by SageMaker}
          SlipwayProjectCreator: {Type: String, Description: Supplied by Slipway - the project's creator reviews production deployments}
          PipelineImage:
            Type: String
            Default: 081325390199.dkr.ecr.us-east-1.amazonaws.com/sagemaker-base-python-311:1.0
            Description: SageMaker's base Python image (the SageMaker Python SDK is in it)
          ExternalForgeApiUrl:
            Type: String
            Default: ""
            Description: >-
              Empty to host the code on Slipway's forge. Otherwise the REST API the project's code is on - GitHub
              (https://api.github.com), GitHub Enterprise (https://HOST/api/v3), Gitea or Forgejo (https://HOST/api/v1) -
              and Slipway only wires the approval function to it
          ExternalRepository: {Type: String, Default: "", Description: The repository on that forge (owner/name) holding deploy.yml}
          ExternalForgeTokenSecret: {Type: String, Default: "", Description: A Secrets Manager secret whose value is a token that may dispatch its workflows}
        Conditions:
          SlipwayForge: !Equals [!Ref ExternalForgeApiUrl, ""]
          ExternalForge: !Not [!Equals [!Ref ExternalForgeApiUrl, ""]]
        Resources:
          ArtifactsBucket:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: !Sub "sagemaker-project-${SageMakerProjectId}"
              VersioningConfiguration: {Status: Enabled}
              PublicAccessBlockConfiguration: {BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true}
          ModelGroup:
            Type: AWS::SageMaker::ModelPackageGroup
            Properties:
              ModelPackageGroupName: !Sub "${SageMakerProjectName}-${SageMakerProjectId}"
              ModelPackageGroupDescription: !Sub "Models of project ${SageMakerProjectName}"
          PipelineRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Version: "2012-10-17"
                Statement: [{Effect: Allow, Principal: {Service: sagemaker.amazonaws.com}, Action: "sts:AssumeRole"}]
              Policies:
                - PolicyName: pipeline
                  PolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - {Effect: Allow, Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:DeleteObject"], Resource: [!GetAtt ArtifactsBucket.Arn, !Sub "${ArtifactsBucket.Arn}/*"]}
                      - {Effect: Allow, Action: ["sagemaker:*"], Resource: "*"}
                      - {Effect: Allow, Action: "sagemaker-mlflow:*", Resource: !GetAtt TrackingServer.TrackingServerArn}
                      - {Effect: Allow, Action: "iam:PassRole", Resource: !Sub "arn:aws:iam::${AWS::AccountId}:role/*"}
          ModelExecutionRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Version: "2012-10-17"
                Statement: [{Effect: Allow, Principal: {Service: sagemaker.amazonaws.com}, Action: "sts:AssumeRole"}]
              Policies:
                - PolicyName: models
                  PolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - {Effect: Allow, Action: ["s3:GetObject", "s3:ListBucket"], Resource: [!GetAtt ArtifactsBucket.Arn, !Sub "${ArtifactsBucket.Arn}/*"]}
          MlflowRole:
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
                      - {Effect: Allow, Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:DeleteObject"], Resource: [!GetAtt ArtifactsBucket.Arn, !Sub "${ArtifactsBucket.Arn}/*"]}
          TrackingServer:
            Type: AWS::SageMaker::MlflowTrackingServer
            Properties:
              TrackingServerName: !Sub "${SageMakerProjectName}-${SageMakerProjectId}"
              ArtifactStoreUri: !Sub "s3://${ArtifactsBucket}/mlflow"
              RoleArn: !GetAtt MlflowRole.Arn
          Repository:
            Condition: SlipwayForge
            Type: AWS::CodeCommit::Repository
            Properties:
              RepositoryName: !Sub "sagemaker-${SageMakerProjectName}-modelops"
              RepositoryDescription: !Sub "Model building and deployment of project ${SageMakerProjectName}"
              Code:
                S3: {Bucket: slipway-provided-templates, Key: seed/mlops-github-actions.zip}
                BranchName: main
          # The workflows' identity: an IAM user of the project whose keys are the repository's secrets, and whose forge
          # token the approval function dispatches deployments with.
          CIUser:
            Condition: SlipwayForge
            Type: AWS::IAM::User
            Properties:
              UserName: !Sub "sagemaker-${SageMakerProjectName}-${SageMakerProjectId}-ci"
              Policies:
                - PolicyName: workflows
                  PolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - {Effect: Allow, Action: ["codecommit:GitPull", "codecommit:GitPush", "codecommit:Get*", "codecommit:List*"], Resource: !GetAtt Repository.Arn}
                      - {Effect: Allow, Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"], Resource: [!GetAtt ArtifactsBucket.Arn, !Sub "${ArtifactsBucket.Arn}/*"]}
                      - {Effect: Allow, Action: ["sagemaker:*", "sts:GetCallerIdentity"], Resource: "*"}
                      - {Effect: Allow, Action: "cloudformation:*", Resource: !Sub "arn:aws:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/${SageMakerProjectName}-deploy-*/*"}
                      - {Effect: Allow, Action: "iam:PassRole", Resource: [!GetAtt PipelineRole.Arn, !GetAtt ModelExecutionRole.Arn]}
          CIKey:
            Condition: SlipwayForge
            Type: AWS::IAM::AccessKey
            Properties: {UserName: !Ref CIUser}
          KeyIdSecret:
            Condition: SlipwayForge
            Type: Slipway::Workflows::Secret
            Properties: {Repository: !GetAtt Repository.Arn, Name: AWS_ACCESS_KEY_ID, Value: !Ref CIKey}
          KeySecret:
            Condition: SlipwayForge
            Type: Slipway::Workflows::Secret
            Properties: {Repository: !GetAtt Repository.Arn, Name: AWS_SECRET_ACCESS_KEY, Value: !GetAtt CIKey.SecretAccessKey}
          RegionVariable:
            Condition: SlipwayForge
            Type: Slipway::Workflows::Variable
            Properties: {Repository: !GetAtt Repository.Arn, Name: AWS_REGION, Value: !Ref AWS::Region}
          ProjectVariable:
            Condition: SlipwayForge
            Type: Slipway::Workflows::Variable
            Properties: {Repository: !GetAtt Repository.Arn, Name: SAGEMAKER_PROJECT_NAME, Value: !Ref SageMakerProjectName}
          BucketVariable:
            Condition: SlipwayForge
            Type: Slipway::Workflows::Variable
            Properties: {Repository: !GetAtt Repository.Arn, Name: ARTIFACT_BUCKET, Value: !Ref ArtifactsBucket}
          PipelineRoleVariable:
            Condition: SlipwayForge
            Type: Slipway::Workflows::Variable
            Properties: {Repository: !GetAtt Repository.Arn, Name: PIPELINE_ROLE_ARN, Value: !GetAtt PipelineRole.Arn}
          ModelRoleVariable:
            Condition: SlipwayForge
            Type: Slipway::Workflows::Variable
            Properties: {Repository: !GetAtt Repository.Arn, Name: MODEL_EXECUTION_ROLE_ARN, Value: !GetAtt ModelExecutionRole.Arn}
          GroupVariable:
            Condition: SlipwayForge
            Type: Slipway::Workflows::Variable
            DependsOn: ModelGroup
            Properties: {Repository: !GetAtt Repository.Arn, Name: MODEL_PACKAGE_GROUP, Value: !Sub "${SageMakerProjectName}-${SageMakerProjectId}"}
          TrackingVariable:
            Condition: SlipwayForge
            Type: Slipway::Workflows::Variable
            Properties: {Repository: !GetAtt Repository.Arn, Name: MLFLOW_TRACKING_SERVER_ARN, Value: !GetAtt TrackingServer.TrackingServerArn}
          ImageVariable:
            Condition: SlipwayForge
            Type: Slipway::Workflows::Variable
            Properties: {Repository: !GetAtt Repository.Arn, Name: PIPELINE_IMAGE, Value: !Ref PipelineImage}
          Staging:
            Condition: SlipwayForge
            Type: Slipway::Workflows::Environment
            Properties: {Repository: !GetAtt Repository.Arn, Name: staging}
          Production:
            Condition: SlipwayForge
            Type: Slipway::Workflows::Environment
            Properties: {Repository: !GetAtt Repository.Arn, Name: production, Reviewers: [!Ref SlipwayProjectCreator]}
          ForgeToken:
            Condition: SlipwayForge
            Type: Slipway::Git::AccessToken
            Properties: {UserName: !Ref CIUser, TokenName: !Sub "${SageMakerProjectName} deployments", Scopes: [repo, workflow]}
          ForgeTokenSecret:
            Condition: SlipwayForge
            Type: AWS::SecretsManager::Secret
            Properties:
              Name: !Sub "sagemaker-project-${SageMakerProjectId}-forge-token"
              Description: !Sub "The forge token project ${SageMakerProjectName} dispatches deployments with"
              SecretString: !GetAtt ForgeToken.Token
          DeployTriggerRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Version: "2012-10-17"
                Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: "sts:AssumeRole"}]
              Policies:
                - PolicyName: token
                  PolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - {Effect: Allow, Action: "secretsmanager:GetSecretValue", Resource: !If [ExternalForge, !Ref ExternalForgeTokenSecret, !Ref ForgeTokenSecret]}
          DeployTrigger:
            Type: AWS::Lambda::Function
            Properties:
              Description: Dispatches the deploy workflow when a model version of the project is approved
              Runtime: python3.11
              Handler: index.handler
              Timeout: 60
              Role: !GetAtt DeployTriggerRole.Arn
              Environment:
                Variables:
                  TOKEN_SECRET: !If [ExternalForge, !Ref ExternalForgeTokenSecret, !Ref ForgeTokenSecret]
                  REPOSITORY: !If [ExternalForge, !Ref ExternalRepository, !Sub "${AWS::AccountId}/${Repository.Name}"]
                  # Slipway gives every function its own forge's API; another forge's is named here.
                  GITHUB_API_URL: !If [ExternalForge, !Ref ExternalForgeApiUrl, !Ref AWS::NoValue]
                  WORKFLOW: deploy.yml
              Code:
                ZipFile: |
                  import os
                  import boto3
                  from github import Github

                  def credentials(token):
                      try:
                          from github import Auth
                          return {"auth": Auth.Token(token)}
                      except ImportError:  # PyGithub before 1.59, as Debian 12's python3-github
                          return {"login_or_token": token}

                  def handler(event, context):
                      detail = event["detail"]
                      if detail.get("ModelApprovalStatus") != "Approved":
                          return {"dispatched": False, "status": detail.get("ModelApprovalStatus")}
                      token = boto3.client("secretsmanager").get_secret_value(SecretId=os.environ["TOKEN_SECRET"])["SecretString"]
                      forge = Github(base_url=os.environ["GITHUB_API_URL"], retry=None, **credentials(token))
                      repo = forge.get_repo(os.environ["REPOSITORY"])
                      workflow = repo.get_workflow(os.environ["WORKFLOW"])
                      branch = repo.get_branch(repo.default_branch)
                      dispatched = workflow.create_dispatch(ref=branch, inputs={"model-package-arn": detail["ModelPackageArn"]})
                      print("dispatched", os.environ["WORKFLOW"], "for", detail["ModelPackageArn"], dispatched)
                      return {"dispatched": dispatched, "model": detail["ModelPackageArn"]}
          ApprovalRule:
            Type: AWS::Events::Rule
            Properties:
              Description: A model version of the project is approved
              EventPattern:
                source: [aws.sagemaker]
                detail-type: [SageMaker Model Package State Change]
                detail:
                  ModelPackageGroupName: [!Sub "${SageMakerProjectName}-${SageMakerProjectId}"]
                  ModelApprovalStatus: [Approved]
              Targets: [{Id: deploy, Arn: !GetAtt DeployTrigger.Arn}]
          TriggerPermission:
            Type: AWS::Lambda::Permission
            Properties:
              Action: lambda:InvokeFunction
              FunctionName: !Ref DeployTrigger
              Principal: events.amazonaws.com
              SourceArn: !GetAtt ApprovalRule.Arn
        Outputs:
          RepositoryCloneUrl: {Condition: SlipwayForge, Value: !GetAtt Repository.CloneUrlHttp}
          Repository: {Value: !If [ExternalForge, !Ref ExternalRepository, !Sub "${AWS::AccountId}/${Repository.Name}"]}
          ArtifactsBucket: {Value: !Ref ArtifactsBucket}
          ModelPackageGroupName: {Value: !Sub "${SageMakerProjectName}-${SageMakerProjectId}"}
          ModelPackageGroupArn: {Value: !Ref ModelGroup}
          MlflowTrackingServerArn: {Value: !GetAtt TrackingServer.TrackingServerArn}
          PipelineRoleArn: {Value: !GetAtt PipelineRole.Arn}
        """#
}
