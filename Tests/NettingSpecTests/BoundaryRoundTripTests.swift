import Foundation
import NettingCodec
import NettingCrypto
import NettingSpec
import Testing

/// Every message type round-trips with each integer field at its boundaries (its minimum, and
/// 2^64−1 or 2^256−1 by its spec width), signed and recovered. Field widths come from the spec,
/// so a new field is covered without editing this test.
@Suite struct BoundaryRoundTripTests {
    static let spec = try! MessagesSpec.load(yaml: GeneratedCodeTests.read("spec/messages.yaml"))
    static let key = try! PrivateKey(Array(repeating: 0x11, count: 32))
    static let u64Max = "18446744073709551615"
    static let u256Max = "115792089237316195423570985008687907853269984665640564039457584007913129639935"

    /// Sets `value` at `path` (keys only) inside a JSON object.
    static func set(_ value: JSONValue, at path: ArraySlice<String>, in json: JSONValue) -> JSONValue {
        guard case .object(var o) = json, let first = path.first else { return value }
        o.members = o.members.map { m in
            m.key == first ? JSONMember(key: m.key, value: path.count == 1 ? value : set(value, at: path.dropFirst(), in: m.value)) : m
        }
        return .object(o)
    }

    /// (path, type, min) of every integer field, descending into structs.
    static func integerFields(_ fields: [MessagesSpec.Field], prefix: [String] = []) -> [([String], String, Int)] {
        fields.flatMap { f -> [([String], String, Int)] in
            if let s = spec.structNamed(f.type) { return integerFields(s.fields, prefix: prefix + [f.name]) }
            guard f.type == "u64" || f.type == "u256" else { return [] }
            return [(prefix + [f.name], f.type, max(f.min ?? 0, f.strictMin ?? 0))]
        }
    }

    @Test(arguments: Message.typeNames)
    func everyIntegerFieldAtItsBoundaries(typeName: String) throws {
        let message = try #require(Self.spec.messages.first { $0.name == typeName })
        let template = try JSONParser.parse(Templates.example(typeName)!.wire.wireJSON)
        let fields = Self.integerFields(message.fields)
        #expect(!fields.isEmpty)
        for (path, type, minimum) in fields {
            for value in [String(minimum), type == "u64" ? Self.u64Max : Self.u256Max] {
                let json = Self.set(.string(value), at: path[...], in: template)
                let decoded = try MessageCodec.decode(json.compactJSON(), policy: .strict, allowUnsigned: true)
                let signed = decoded.message.wire.signed(with: Self.key)
                let again = try MessageCodec.decode(signed.wireJSON, policy: .strict)
                #expect(again.message == signed.message, "\(typeName).\(path.joined(separator: ".")) = \(value)")
                #expect(try again.message.wire.recoverSender() == Self.key.address)
                #expect(try JSONParser.parse(signed.wireJSON).canonicalJSON() == Self.set(.string(value), at: path[...], in: try JSONParser.parse(signed.wireJSON)).canonicalJSON())
                // One past the maximum is out of range.
                let over = type == "u64" ? "18446744073709551616" : "115792089237316195423570985008687907853269984665640564039457584007913129639936"
                let bad = Self.set(.string(over), at: path[...], in: template)
                #expect(throws: DecodeError.self) { try MessageCodec.decode(bad.compactJSON(), policy: .raiden, allowUnsigned: true) }
            }
        }
    }
}
