/// spec/channel.yaml as a value: the channel state, inputs, outputs, transitions with their
/// guards in evaluation order, invariants, quirks and deviations. `load` checks the schema and
/// every cross-reference (types, outputs, unique codes, code subjects).
public struct ChannelSpec: Equatable, Sendable {
    public static let schemaName = "nettingkit.channel/1"

    public struct Named: Equatable, Sendable {
        public let name, doc: String
    }

    /// A named protocol constant. `value` is the spec's text (a decimal integer, or a formula
    /// with `swift` giving the Swift expression that stands for it).
    public struct Constant: Equatable, Sendable {
        public let name, type, value, source, doc: String
        public let swift: String?
    }

    public struct Field: Equatable, Sendable {
        public let name, type: String
        public let doc: String?
        /// The Swift initializer's default, a literal of the field's type (`false`); absent: none.
        public var defaultValue: String? = nil
    }

    public struct Record: Equatable, Sendable {
        public let name, doc: String
        public let fields: [Field]
    }

    /// An input or an output.
    public struct Message: Equatable, Sendable {
        public let name, kind: String
        public let doc: String?
        public let fields: [Field]
    }

    /// What a failing guard does. `rejectCommitted`: as `reject`, but the effects the
    /// transition marks "(committed)" are kept, because Raiden changes the state before the check.
    public enum Outcome: String, Equatable, Sendable, CaseIterable {
        case reject, ignore
        case rejectCommitted = "reject_committed"
    }

    public struct Guard: Equatable, Sendable {
        public let code: String
        public let outcome: Outcome
        public let when: String
        public let source: String
        public let clause: String?
        public let role: String?
    }

    public struct Transition: Equatable, Sendable {
        public let name, input, source: String
        public let statuses: [String]
        public let onReject: [String]
        public let guards: [Guard]
        public let effects: [String]
        public let outputs: [String]
        /// Raiden checks that no input can fail here, or only a hand-made state can; with why.
        public let unreachable: [String]
    }

    public struct Invariant: Equatable, Sendable {
        public let name, source, check: String
    }

    public struct Note: Equatable, Sendable {
        public let name, text, support: String
    }

    /// A property `netting check` checks after every step, with the violations of the real
    /// protocol it is known to have (each a note with its evidence).
    public struct Property: Equatable, Sendable {
        public let name, check: String
        public let known: [Note]
    }

    public let constants: [Constant]
    public let types: [(name: String, swift: String)]
    /// The types whose values are a fixed list of strings (`values:` in the spec).
    public let enumerations: [(name: String, values: [String])]
    public let state: [Record]
    public let statuses: [Named]
    public let inputs: [Message]
    public let outputs: [Message]
    public let transitions: [Transition]
    public let invariants: [Invariant]
    public let properties: [Property]
    /// The checker's bounds and abstractions (`check_assumptions`), each with why.
    public let checkAssumptions: [Note]
    public let quirks: [Note]
    public let deviations: [Note]
    public let canonical: Canonical

    /// The canonical JSON form: its rules in words and its decoding error codes.
    public struct Canonical: Equatable, Sendable {
        public let rules: [String]
        public let errors: [Named]
    }

    public static func == (a: ChannelSpec, b: ChannelSpec) -> Bool {
        a.constants == b.constants && a.types.map(\.name) == b.types.map(\.name) && a.types.map(\.swift) == b.types.map(\.swift)
            && a.enumerations.map(\.name) == b.enumerations.map(\.name) && a.enumerations.map(\.values) == b.enumerations.map(\.values)
            && a.state == b.state && a.statuses == b.statuses && a.inputs == b.inputs && a.outputs == b.outputs
            && a.transitions == b.transitions && a.invariants == b.invariants && a.properties == b.properties
            && a.checkAssumptions == b.checkAssumptions && a.quirks == b.quirks && a.deviations == b.deviations
            && a.canonical == b.canonical
    }

    /// Every guard code, in transition order then guard order.
    public var codes: [String] { transitions.flatMap { $0.guards.map(\.code) } }
}
