import NettingCodec
import NettingMachine

/// What the corpus exercises: for each item the spec names (a transition, a guard code, an
/// output kind, a flag, and any other suite's `code`), how many valid, invalid and acceptable
/// cases touch it. Transition and trace cases are read through their inputs, outputs and
/// rejections; other suites through their `code` member.
public struct Coverage: Sendable {
    public struct Count: Equatable, Sendable {
        public var valid = 0, invalid = 0, acceptable = 0
    }

    /// Item (`transition:Block`, `guard:Block.block_number_decreased`, `output:SendProcessed`,
    /// `flag:stale_nonce`, `<suite>:<code>`, `file:codec/LockedTransfer`) → counts.
    public private(set) var items: [String: Count] = [:]
    /// Every (transition, output) pair some case produces, from its outputs or its on_reject.
    public private(set) var producedPairs: Set<DeclaredOutputs.Pair> = []

    mutating func add(_ item: String, _ result: VectorResult) {
        var c = items[item, default: Count()]
        switch result {
        case .valid: c.valid += 1
        case .invalid: c.invalid += 1
        case .acceptable: c.acceptable += 1
        }
        items[item] = c
    }

    public init(_ files: [VectorFile]) {
        for file in files {
            for c in file.cases {
                var touched = Set<String>()
                for f in c.flags { touched.insert("flag:" + f.rawValue) }
                touched.insert("file:\(file.suite)/\(file.name)")  // per message type for codec, per transition, …
                var members: [String: JSONValue] = [:]
                for m in c.members { members[m.key] = try? JSONParser.parse(m.json, maxDepth: 128) }
                if file.suite != TransitionSuite.name, case .string(let code)? = members["code"] { touched.insert("\(file.suite):\(code)") }
                Self.steps(members).forEach { input, outputs, rejection in
                    if let input, let spec = DeclaredOutputs.specs[input] {
                        touched.insert("transition:" + spec.name + (rejection == nil ? "" : " (rejected)"))
                        let list: DeclaredOutputs.Pair.List = switch rejection.flatMap(RejectionCode.init(rawValue:))?.outcome {
                        case nil: .outputs
                        case .reject?, .rejectCommitted?: .onReject
                        case .ignore?: .ignored
                        }
                        for o in outputs.compactMap(OutputName.init(rawValue:)) { producedPairs.insert(.init(transition: spec.name, output: o, list: list)) }
                    }
                    for o in outputs { touched.insert("output:" + o) }
                    if let r = rejection { touched.insert("guard:" + r) }
                }
                for t in touched { add(t, c.result) }
            }
        }
    }

    /// The machine steps a case holds: a transition case's one step, a trace case's feeds.
    static func steps(_ m: [String: JSONValue]) -> [(InputName?, [String], String?)] {
        func one(_ input: JSONValue?, _ outputs: JSONValue?, _ rejection: JSONValue?) -> (InputName?, [String], String?) {
            var name: InputName?
            if case .object(let i)? = input, case .string(let t)? = i["type"] { name = InputName(rawValue: t) }
            var kinds: [String] = []
            if case .array(let os)? = outputs { for case .object(let o) in os { if case .string(let t)? = o["type"] { kinds.append(t) } } }
            var code: String?
            if case .object(let r)? = rejection, case .string(let c)? = r["code"] { code = c }
            return (name, kinds, code)
        }
        if case .array(let feeds)? = m["feeds"] {
            return feeds.compactMap { if case .object(let f) = $0 { one(f["input"], f["outputs"], f["rejection"]) } else { nil } }
        }
        if m["input"] != nil { return [one(m["input"], m["outputs"], m["rejection"])] }
        return []
    }

    /// What the spec names and the corpus must exercise: every guard code by an invalid case,
    /// every transition that can succeed by a valid one, every output kind and every declared
    /// (transition, output) pair by some case, and no undeclared pair; every flag by some case.
    /// One line per gap.
    public var gaps: [String] {
        var out: [String] = []
        for code in RejectionCode.allCases where (items["guard:" + code.rawValue]?.invalid ?? 0) == 0 {
            out.append("guard \(code.rawValue): no invalid case")
        }
        for t in ChannelSpecTable.transitions where t.name != "ActionChannelCoopSettle" && (items["transition:" + t.name]?.valid ?? 0) == 0 {
            out.append("transition \(t.name): no valid case")  // ActionChannelCoopSettle always fails (deviation coop_settle)
        }
        for o in OutputName.allCases where (items["output:" + o.rawValue].map { $0.valid + $0.invalid } ?? 0) == 0 {
            out.append("output \(o.rawValue): no case emits it")
        }
        for f in VectorFlag.allCases where items["flag:" + f.rawValue] == nil {
            out.append("flag \(f.rawValue): no case carries it")
        }
        for pair in DeclaredOutputs.all.subtracting(producedPairs).sorted() { out.append("\(pair): declared, but no case produces it") }
        for pair in producedPairs.subtracting(DeclaredOutputs.all).sorted() { out.append("\(pair): produced by a case, but not declared") }
        return out
    }
}
