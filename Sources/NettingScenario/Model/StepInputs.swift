import NettingCodec
import NettingCrypto
import NettingMachine
import NettingSpec

/// What `netting step` reads: one hand-written input (YAML or JSON, `InputText`), or JSON lines
/// — one JSON object a line — each of which is
/// - a wire message exactly as Raiden sends it (`type` names a message: LockedTransfer, …),
///   which becomes its Receive… input (`Input.receiving`), its sender recovered from its
///   signature;
/// - an input in the canonical form (`type` names an input: Block, ContractReceive…, …);
/// - a contract log (`type` names one of `ChainLog.typeNames`), which becomes this party's
///   ContractReceive… input (`ChainLog.input(for:)`);
/// - a Send… output as `netting step --json` prints it, whose message is received;
/// - a hand-written input (`input` names it, `InputText`).
/// A whole input that is one JSON value (a pretty-printed message) is one item. Pure.
public struct StepInputs: Sendable {
    /// One item and the line it starts on (1-based).
    public struct Item: Sendable {
        public let line: Int
        let kind: Kind
    }

    enum Kind: Sendable {
        case hand(String)
        case wire([UInt8])
        case input(Input)
        case log(ChainLog)
        case sent(Message)
    }

    /// Why an item cannot be read, or cannot become an input for the state: the line, the key
    /// path inside it, a stable code and the reason.
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        public let line: Int?
        public let path: String
        public let code: String
        public let reason: String
        /// The 1-based column (in bytes) of a JSON syntax error on its line; nil otherwise.
        public var column: Int? = nil
        public var description: String { "\(line.map { "line \($0)\(column.map { ":\($0)" } ?? ""): " } ?? "")\(path.isEmpty ? "" : path + ": ")\(reason) [\(code)]" }
    }

    /// At most this many items in one input.
    public static let maxItems = 100_000

    public let items: [Item]

    /// Splits `bytes` into items (nothing is interpreted against a state yet).
    public init(_ bytes: [UInt8]) throws(Failure) {
        var lines: [(number: Int, bytes: ArraySlice<UInt8>)] = []
        var number = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            if line.contains(where: { !Self.isBlank($0) }) { lines.append((number, line)) }
        }
        guard let first = lines.first else {
            throw Failure(line: nil, path: "", code: "input.empty", reason: "has no input (a YAML mapping with `input`, or JSON lines)")
        }
        let firstJSON = try? JSONParser.parse(Array(first.bytes))
        if lines.count == 1 || (try? JSONParser.parse(bytes)) != nil {
            // One document (its lines counted from the top): a JSON object, or a hand-written
            // YAML input.
            if let value = try? JSONParser.parse(bytes), case .object = value {
                items = [try Self.classify(value, bytes, line: 1)]
            } else {
                items = [Item(line: 1, kind: .hand(String(decoding: bytes, as: UTF8.self)))]
            }
            return
        }
        guard firstJSON != nil else {
            items = [Item(line: 1, kind: .hand(String(decoding: bytes, as: UTF8.self)))]
            return
        }
        guard lines.count <= Self.maxItems else {
            throw Failure(line: nil, path: "", code: "input.too_large", reason: "has \(lines.count) lines; at most \(Self.maxItems) inputs are stepped at once")
        }
        var read: [Item] = []
        for (n, line) in lines {
            let value: JSONValue
            do { value = try JSONParser.parse(Array(line)) } catch {
                throw Failure(line: n, path: "", code: "json.syntax", reason: "is not one JSON object (JSON lines: one input or message a line): \(error.reason)", column: error.offset + 1)
            }
            read.append(try Self.classify(value, Array(line), line: n))
        }
        items = read
    }

    static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D }

    static func classify(_ value: JSONValue, _ bytes: [UInt8], line: Int) throws(Failure) -> Item {
        guard case .object(let object) = value else {
            throw Failure(line: line, path: "", code: "input.invalid", reason: "must be a JSON object")
        }
        if object["input"] != nil { return Item(line: line, kind: .hand(String(decoding: bytes, as: UTF8.self))) }
        guard case .string(let type)? = object["type"] else {
            throw Failure(line: line, path: "type", code: "input.invalid", reason: "is missing: a line is a message, an input or a chain log, tagged with `type` (or a hand-written input with `input`)")
        }
        func failed(_ e: CanonicalError) -> Failure { Failure(line: line, path: e.path, code: e.code.rawValue, reason: e.reason) }
        if Message.typeNames.contains(type) { return Item(line: line, kind: .wire(bytes)) }
        if InputName(rawValue: type) != nil {
            do { return Item(line: line, kind: .input(try Input(canonical: value, path: ""))) } catch { throw failed(error) }
        }
        if ChainLog.typeNames.contains(type) {
            do { return Item(line: line, kind: .log(try ChainLog(canonical: value, path: ""))) } catch { throw failed(error) }
        }
        if let name = OutputName(rawValue: type) {
            let output: Output
            do { output = try Output(canonical: value, path: "") } catch { throw failed(error) }
            guard let (_, message) = output.outgoingMessage else {
                throw Failure(line: line, path: "type", code: "input.invalid", reason: "\(name.rawValue) is an output that carries no message; only Send… outputs can be received")
            }
            return Item(line: line, kind: .sent(message))
        }
        throw Failure(line: line, path: "type", code: "input.invalid", reason: "\(excerpt(type)) is not a message type (\(Message.typeNames.joined(separator: ", "))), an input of spec/channel.yaml (Block, Action…, Receive…, ContractReceive…) or a chain log (\(ChainLog.typeNames.joined(separator: ", ")))")
    }

    /// The message type each Receive… input comes from, as `step` maps it.
    public static var receiveMapping: [(message: String, input: String)] {
        Message.typeNames.compactMap { name in
            guard let example = Templates.example(name), let input = Input.receiving(example, from: .zero) else { return nil }
            return (name, input.name.rawValue)
        }
    }
}

extension StepInputs.Item {
    /// The input this item is for a node whose state is `state`. A received message must be
    /// signed: its sender is recovered from the signature; it is decoded with `policy`.
    public func input(for state: ChannelState, policy: DecodePolicy, file: String) throws(StepInputs.Failure) -> Input {
        func fail(_ path: String, _ code: String, _ reason: String) -> StepInputs.Failure {
            StepInputs.Failure(line: line, path: path, code: code, reason: reason)
        }
        switch kind {
        case .hand(let text):
            do { return try InputText.parse(text, file: file, state: state, policy: policy) } catch {
                throw StepInputs.Failure(line: error.line.map { $0 + line - 1 } ?? line, path: error.path, code: "input.invalid", reason: error.reason,
                    column: error.line == nil ? nil : error.column)
            }
        case .wire(let bytes):
            let decoded: Decoded
            let sender: Address
            do {
                decoded = try MessageCodec.decode(bytes, policy: policy)
                sender = try decoded.message.wire.recoverSender()
            } catch { throw fail(error.path, error.code.rawValue, error.reason) }
            return try receiving(decoded.message, from: sender)
        case .sent(let message):
            let sender: Address
            do { sender = try message.wire.recoverSender() } catch {
                throw fail("message.signature", error.code.rawValue, "\(error.reason) (sign it: netting step --key)")
            }
            return try receiving(message, from: sender)
        case .input(let input): return input
        case .log(let log):
            do { return try log.input(for: state) } catch { throw fail("", "input.other_channel", "\(log.typeName) \(error.reason)") }
        }
    }

    func receiving(_ message: Message, from sender: Address) throws(StepInputs.Failure) -> Input {
        guard let input = Input.receiving(message, from: sender) else {
            let name = type(of: message.wire).typeName
            throw StepInputs.Failure(line: line, path: "type", code: "input.invalid", reason: "a \(name) is not for a channel's state (received messages: \(StepInputs.receiveMapping.map(\.message).joined(separator: ", ")))")
        }
        return input
    }
}
