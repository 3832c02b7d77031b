import Provisioning
import OrderedCollections
import Synchronization
import Testing
@testable import TemplateEngine

/// An in-memory resource type for exercising the engine: "things" with a name, kept in a shared world.
final class ThingWorld: Sendable {
    struct State {
        var things: [String: TemplateValue] = [:]
        var log: [String] = []
        var inFlight = 0
        var maxInFlight = 0
        var serial = 0
        var hanging = false
    }

    let state = Mutex(State())
    let failCreate: Set<String>
    let failDelete: Set<String>
    let failUpdate: Set<String>
    /// Creates that never finish, as if the server stopped during them.
    let hangCreate: Set<String>

    init(failCreate: Set<String> = [], failDelete: Set<String> = [], failUpdate: Set<String> = [], hangCreate: Set<String> = []) {
        self.failCreate = failCreate
        self.failDelete = failDelete
        self.failUpdate = failUpdate
        self.hangCreate = hangCreate
    }
}

struct ThingProvider: ResourceProvider {
    let world: ThingWorld
    struct Failure: Error, CustomStringConvertible { let description: String }

    var schema: ResourceSchema {
        ResourceSchema(typeName: "Test::Thing", properties: ObjectShape(["Name": .string, "After": .json]), createOnlyProperties: ["Name"], attributes: ["Arn"])
    }

    func create(_ request: ResourceRequest) async throws -> ProvisionedResource {
        world.state.withLock {
            $0.inFlight += 1
            $0.maxInFlight = max($0.maxInFlight, $0.inFlight)
        }
        try? await Task.sleep(for: .milliseconds(20))
        defer { world.state.withLock { $0.inFlight -= 1 } }
        if world.failCreate.contains(request.logicalID) { throw Failure(description: "Thing \(request.logicalID) refused to exist") }
        if world.hangCreate.contains(request.logicalID) {
            world.state.withLock { $0.hanging = true }
            try await Task.sleep(for: .seconds(3600))
        }
        let id = world.state.withLock { state -> String in
            state.serial += 1
            let id = state.serial == 1 || !state.things.keys.contains("thing-\(request.logicalID.lowercased())")
                ? "thing-\(request.logicalID.lowercased())" : "thing-\(request.logicalID.lowercased())-\(state.serial)"
            state.things[id] = request.properties
            state.log.append("create \(request.logicalID)")
            return id
        }
        return ProvisionedResource(physicalID: id, attributes: ["Arn": .string("arn:test:::\(id)")], properties: request.properties)
    }

    func update(_ request: ResourceRequest, current: ProvisionedResource) async throws -> ProvisionedResource {
        if world.failUpdate.contains(request.logicalID) { throw Failure(description: "Thing \(request.logicalID) will not change") }
        world.state.withLock {
            $0.things[current.physicalID] = request.properties
            $0.log.append("update \(request.logicalID)")
        }
        return ProvisionedResource(physicalID: current.physicalID, attributes: current.attributes, properties: request.properties)
    }

    func delete(_ resource: ProvisionedResource, request: ResourceRequest) async throws {
        if world.failDelete.contains(request.logicalID) { throw Failure(description: "Thing \(request.logicalID) is stuck") }
        world.state.withLock {
            $0.things.removeValue(forKey: resource.physicalID)
            $0.log.append("delete \(request.logicalID)")
        }
    }
}

struct NobodyInParticular: ProvisioningIdentity {}

@Suite("Stack engine")
struct StackEngineTests {
    let settings = StackEngine.Settings(
        stackName: "proj", stackID: "arn:aws:cloudformation:us-east-1:111111111111:stack/proj/1", region: "us-east-1", accountID: "111111111111",
        identity: NobodyInParticular()
    )

    func engine(_ world: ThingWorld) -> StackEngine { StackEngine(registry: ProviderRegistry([ThingProvider(world: world)]), concurrency: 4) }

    final class Events: Sendable {
        let list = Mutex<[ResourceEvent]>([])
        var recorder: StackEngine.Recorder { { event, _ in self.list.withLock { $0.append(event) } } }
        func statuses(_ logicalID: String) -> [String] { list.withLock { $0.filter { $0.logicalID == logicalID }.map(\.status.rawValue) } }
    }

    let template = """
        Parameters:
          Prefix: {Type: String}
          WithExtra: {Type: String, Default: "no", AllowedValues: ["yes", "no"]}
        Conditions:
          Extra: !Equals [!Ref WithExtra, "yes"]
        Resources:
          A: {Type: Test::Thing, Properties: {Name: !Sub "${Prefix}-a"}}
          B: {Type: Test::Thing, Properties: {Name: !Sub "${Prefix}-b"}}
          C: {Type: Test::Thing, Properties: {Name: c, After: [!Ref A, !GetAtt B.Arn]}}
          D: {Type: Test::Thing, DeletionPolicy: Retain, DependsOn: C}
          Optional: {Type: Test::Thing, Condition: Extra}
        Outputs:
          CArn: {Value: !GetAtt C.Arn, Export: {Name: !Sub "${AWS::StackName}-c"}}
          Both: {Value: !Join [",", [!Ref A, !Ref B]]}
        """

    @Test func createsInDependencyOrderConcurrentlyAndDeletesDependentsFirst() async throws {
        let world = ThingWorld()
        let events = Events()
        let parsed = try Template.load(template)
        let created = await engine(world).create(parsed, parameters: ["Prefix": "ml"], settings: settings, record: events.recorder)
        #expect(created.status == "CREATE_COMPLETE")
        #expect(created.resources.keys.elements == ["A", "B", "C", "D"])
        #expect(world.state.withLock { $0.things["thing-c"] } == .object(["Name": .string("c"), "After": .array([.string("thing-a"), .string("arn:test:::thing-b")])]))
        #expect(world.state.withLock { $0.maxInFlight } >= 2)
        let log = world.state.withLock { $0.log }
        #expect(log.firstIndex(of: "create C")! > log.firstIndex(of: "create A")!)
        #expect(log.firstIndex(of: "create D")! > log.firstIndex(of: "create C")!)
        #expect(created.outputs["CArn"]?.value == "arn:test:::thing-c")
        #expect(created.outputs["CArn"]?.exportName == "proj-c")
        #expect(created.outputs["Both"]?.value == "thing-a,thing-b")
        #expect(events.statuses("A") == ["CREATE_IN_PROGRESS", "CREATE_COMPLETE"])
        #expect(events.statuses("Optional").isEmpty)

        let left = await engine(world).delete(created.resources, template: parsed, settings: settings, record: events.recorder)
        #expect(left.isEmpty)
        #expect(world.state.withLock { Set($0.things.keys) } == ["thing-d"])
        #expect(events.statuses("D").last == "DELETE_SKIPPED")
        let deletions = world.state.withLock { $0.log.filter { $0.hasPrefix("delete") } }
        #expect(deletions.firstIndex(of: "delete C")! < deletions.firstIndex(of: "delete A")!)
    }

    @Test func aFailedCreateRollsBackLeavingNothing() async throws {
        let world = ThingWorld(failCreate: ["C"])
        let events = Events()
        let result = await engine(world).create(try Template.load(template), parameters: ["Prefix": "ml"], settings: settings, record: events.recorder)
        #expect(result.status == "ROLLBACK_COMPLETE")
        #expect(result.reason == "The following resource(s) failed to create: [C]. Thing C refused to exist")
        #expect(result.resources.isEmpty)
        #expect(world.state.withLock { $0.things.isEmpty })
        #expect(events.statuses("C") == ["CREATE_IN_PROGRESS", "CREATE_FAILED"])
        #expect(events.statuses("A") == ["CREATE_IN_PROGRESS", "CREATE_COMPLETE", "DELETE_IN_PROGRESS", "DELETE_COMPLETE"])
        #expect(events.statuses("D").isEmpty)
    }

    @Test func anUndeletableResourceFailsTheRollback() async throws {
        let world = ThingWorld(failCreate: ["C"], failDelete: ["B"])
        let result = await engine(world).create(try Template.load(template), parameters: ["Prefix": "ml"], settings: settings, record: Events().recorder)
        #expect(result.status == "ROLLBACK_FAILED")
        #expect(result.resources.keys.elements == ["B"])
        #expect(world.state.withLock { Set($0.things.keys) } == ["thing-b"])
    }

    @Test func badParametersAndConditionsDecideWhatIsMade() async throws {
        let world = ThingWorld()
        let parsed = try Template.load(template)
        let missing = await engine(world).create(parsed, parameters: [:], settings: settings, record: Events().recorder)
        #expect(missing.status == "ROLLBACK_COMPLETE")
        #expect(missing.reason == "Parameters: [Prefix] must have values")
        let wrong = await engine(world).create(parsed, parameters: ["Prefix": "x", "WithExtra": "maybe"], settings: settings, record: Events().recorder)
        #expect(wrong.reason == "Parameter 'WithExtra' must be one of AllowedValues")
        let extra = await engine(world).create(parsed, parameters: ["Prefix": "x", "WithExtra": "yes"], settings: settings, record: Events().recorder)
        #expect(extra.resources.keys.elements == ["A", "B", "C", "D", "Optional"])
    }

    let before = """
        Resources:
          Same: {Type: Test::Thing, Properties: {Name: same}}
          InPlace: {Type: Test::Thing, Properties: {Name: keep, After: [one]}}
          Renamed: {Type: Test::Thing, Properties: {Name: old-name}}
          Dropped: {Type: Test::Thing, Properties: {Name: dropped}}
        """
    let after = """
        Resources:
          Same: {Type: Test::Thing, Properties: {Name: same}}
          InPlace: {Type: Test::Thing, Properties: {Name: keep, After: [two, !Ref Renamed]}}
          Renamed: {Type: Test::Thing, Properties: {Name: new-name}}
          Added: {Type: Test::Thing, Properties: {Name: added}}
        """

    @Test func updatesInPlaceReplacesAddsAndCleansUp() async throws {
        let world = ThingWorld()
        let events = Events()
        let old = try Template.load(before)
        let created = await engine(world).create(old, parameters: [:], settings: settings, record: events.recorder)
        #expect(created.status == "CREATE_COMPLETE")
        let updated = await engine(world).update(from: old, resources: created.resources, to: try Template.load(after), parameters: [:], settings: settings, record: events.recorder)
        #expect(updated.status == "UPDATE_COMPLETE")
        #expect(updated.resources.keys.elements == ["Same", "InPlace", "Renamed", "Added"])
        let renamed = try #require(updated.resources["Renamed"]?.physicalID)
        #expect(renamed != created.resources["Renamed"]?.physicalID)
        let things = world.state.withLock { $0.things }
        #expect(Set(things.keys) == ["thing-same", "thing-inplace", renamed, "thing-added"])
        #expect(things["thing-inplace"] == .object(["Name": .string("keep"), "After": .array([.string("two"), .string(renamed)])]))
        #expect(events.statuses("Same") == ["CREATE_IN_PROGRESS", "CREATE_COMPLETE"])
        #expect(events.statuses("Renamed").suffix(4) == ["UPDATE_IN_PROGRESS", "UPDATE_COMPLETE", "DELETE_IN_PROGRESS", "DELETE_COMPLETE"])
        #expect(events.statuses("Dropped").suffix(2) == ["DELETE_IN_PROGRESS", "DELETE_COMPLETE"])
    }

    @Test func aFailedUpdateRollsEverythingBack() async throws {
        let world = ThingWorld(failCreate: ["Added"])
        let old = try Template.load(before)
        let created = await engine(world).create(old, parameters: [:], settings: settings, record: Events().recorder)
        let snapshot = world.state.withLock { $0.things }
        let updated = await engine(world).update(from: old, resources: created.resources, to: try Template.load(after), parameters: [:], settings: settings, record: Events().recorder)
        #expect(updated.status == "UPDATE_ROLLBACK_COMPLETE")
        #expect(updated.reason == "The following resource(s) failed to update: [Added]. Thing Added refused to exist")
        #expect(updated.resources == created.resources)
        #expect(world.state.withLock { $0.things } == snapshot)
    }

    /// The resources as a store folding the recorded events would hold them.
    final class Rows: Sendable {
        let rows = Mutex<OrderedDictionary<String, ProvisionedResource>>([:])
        var recorder: StackEngine.Recorder {
            { event, resource in
                guard !event.former else { return }
                self.rows.withLock { rows in
                    if event.status == .deleteComplete { rows.removeValue(forKey: event.logicalID) }
                    else if let resource { rows[event.logicalID] = resource }
                }
            }
        }
    }

    @Test func anInterruptedUpdateIsUndoneFromItsJournal() async throws {
        let world = ThingWorld(hangCreate: ["Added"])
        let old = try Template.load(before)
        let new = try Template.load(after.replacingOccurrences(of: "Name: added}}", with: "Name: added}, DependsOn: InPlace}"))
        let rows = Rows()
        let created = await engine(world).create(old, parameters: [:], settings: settings, record: rows.recorder)
        let snapshot = world.state.withLock { $0.things }
        let journal = Mutex<[UpdateStep]>([])
        let hooks = UpdateHooks(journal: { step in journal.withLock { $0.append(step) } })
        let running = Task {
            await engine(world).update(from: old, resources: created.resources, to: new, parameters: [:], settings: settings, hooks: hooks, record: rows.recorder)
        }
        while !world.state.withLock({ $0.hanging }) { try await Task.sleep(for: .milliseconds(5)) }
        // The server "stops" here: Renamed was replaced, InPlace changed, Added's create had begun.
        let steps = journal.withLock { $0 }
        #expect(steps.map(\.logicalID) == ["Renamed", "InPlace", "Added"])
        #expect(world.state.withLock { $0.things } != snapshot)
        let undone = await engine(world).rollBackUpdate(
            steps, resources: rows.rows.withLock { $0 }, old: old, new: new, interrupted: true, settings: settings, record: rows.recorder
        )
        #expect(undone)
        #expect(world.state.withLock { $0.things } == snapshot)
        let state = rows.rows.withLock { $0 }  // compared regardless of the order events reached the rows
        #expect(Dictionary(uniqueKeysWithValues: state.map { ($0.key, $0.value) }) == Dictionary(uniqueKeysWithValues: created.resources.map { ($0.key, $0.value) }))
        running.cancel()
    }

    @Test func aCancelledUpdateStopsAndRollsBack() async throws {
        let world = ThingWorld()
        let old = try Template.load(before)
        let created = await engine(world).create(old, parameters: [:], settings: settings, record: Events().recorder)
        let snapshot = world.state.withLock { $0.things }
        let phases = Mutex<[String]>([])
        let hooks = UpdateHooks(phase: { phase in phases.withLock { $0.append(String(describing: phase).prefix { $0 != "(" }.description) } }, cancelled: { true })
        let updated = await engine(world).update(from: old, resources: created.resources, to: try Template.load(after), parameters: [:], settings: settings, hooks: hooks, record: Events().recorder)
        #expect(updated.status == "UPDATE_ROLLBACK_COMPLETE")
        #expect(updated.reason == "Resource update cancelled")
        #expect(phases.withLock { $0 } == ["rollingBack", "rollbackCleanup"])
        #expect(world.state.withLock { $0.things } == snapshot)
    }

    @Test func aPreviewResolvesAgainstTheResourcesAsTheyAre() async throws {
        let world = ThingWorld()
        let old = try Template.load("""
            Parameters: {Prefix: {Type: String}}
            Resources:
              Base: {Type: Test::Thing, Properties: {Name: !Sub "${Prefix}-base"}}
              Follower: {Type: Test::Thing, Properties: {Name: !Sub "${Base}-follower"}}
              Watcher: {Type: Test::Thing, Properties: {Name: watcher, After: [!GetAtt Base.Arn]}}
              Still: {Type: Test::Thing, Properties: {Name: still, After: [!Ref Prefix]}}
            """)
        let created = await engine(world).create(old, parameters: ["Prefix": "a"], settings: settings, record: Events().recorder)
        // Same template, new parameter: Base is replaced, so Follower's name and Watcher's reference become unknown.
        let changes = try engine(world).preview(
            from: old, resources: created.resources, previousParameters: ["Prefix": "a"], to: old, parameters: ["Prefix": "b"], settings: settings
        )
        let byName = Dictionary(uniqueKeysWithValues: changes.map { ($0.logicalID, $0) })
        #expect(byName["Base"]?.replacement == .yes)
        #expect(byName["Base"]?.details.first?.changeSource == "ParameterReference")
        #expect(byName["Follower"]?.replacement == .conditional)
        #expect(byName["Follower"]?.details.first?.evaluation == "Dynamic")
        #expect(byName["Follower"]?.details.first?.causingEntity == "Base")
        #expect(byName["Watcher"]?.replacement == .no)
        #expect(byName["Watcher"]?.details.first?.after == .array([.string(StackEngine.knownAfterApply)]))
        #expect(byName["Still"]?.replacement == .no)
        #expect(byName["Still"]?.details.first?.changeSource == "ParameterReference")
        // Unchanged parameters: nothing to do.
        #expect(try engine(world).preview(
            from: old, resources: created.resources, previousParameters: ["Prefix": "a"], to: old, parameters: ["Prefix": "a"], settings: settings
        ).isEmpty)
    }
}
