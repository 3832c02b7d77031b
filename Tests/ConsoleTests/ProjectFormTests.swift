@testable import Console
import SlipwayCore
import Testing

@Suite("Create project form")
struct ProjectFormTests {
    @Test func parametersBecomeTheFieldsTheirConstraintsCallFor() {
        let select = ConsolePages.parameterField(["Name": "Stage", "Type": "String", "Default": "dev", "AllowedValues": ["dev", "prod"], "NoEcho": false], typed: nil)
        #expect(select["isSelect"] as? Bool == true)
        #expect((select["options"] as? [[String: Any]])?.map { $0["selected"] as? Bool } == [true, false])
        #expect(select["required"] as? Bool == false)

        let number = ConsolePages.parameterField(["Name": "Count", "Type": "Number", "MinValue": 1, "MaxValue": 4.5, "NoEcho": false], typed: nil)
        #expect(number["inputType"] as? String == "number")
        #expect(number["minValue"] as? String == "1" && number["maxValue"] as? String == "4.5")
        #expect(number["required"] as? Bool == true)

        let typed = FormFields(encoded: "param.Prefix=Bad1&param.Secret=hunter2")
        let text = ConsolePages.parameterField(["Name": "Prefix", "Type": "String", "AllowedPattern": "[a-z]+", "MinLength": 2, "Label": "Model prefix", "NoEcho": false], typed: typed)
        #expect(text["value"] as? String == "Bad1" && text["pattern"] as? String == "[a-z]+" && text["minLength"] as? String == "2")
        #expect(text["label"] as? String == "Model prefix" && text["field"] as? String == "param.Prefix")

        // A secret is a password field and what was typed is never sent back.
        let secret = ConsolePages.parameterField(["Name": "Secret", "Type": "String", "NoEcho": true, "Default": "x"], typed: typed)
        #expect(secret["inputType"] as? String == "password" && secret["value"] as? String == "")
    }
}

@Suite("Job links")
struct JobLinkTests {
    @Test func onlyTrainingAndProcessingJobArnsOpenAJobPage() {
        #expect(ConsolePages.job("arn:aws:sagemaker:us-east-1:111111111111:training-job/pipelines-x-train-y")! == ("training-job", "pipelines-x-train-y"))
        #expect(ConsolePages.job("arn:aws:sagemaker:us-east-1:111111111111:processing-job/p")! == ("processing-job", "p"))
        #expect(ConsolePages.job("arn:aws:sagemaker:us-east-1:111111111111:endpoint/e") == nil)
        #expect(ConsolePages.job("arn:aws:s3:::bucket/training-job/x") == nil)
        #expect(ConsolePages.job("training-job/x") == nil)
    }
}
