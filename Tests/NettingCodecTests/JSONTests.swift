import Foundation
import NettingCodec
import NettingCrypto
import Testing

/// The JSON layer under the codec. Sources of expected values:
/// - grammar cases: RFC 8259 (§2 whitespace, §6 numbers, §7 strings, §8.1 UTF-8); every input
///   rejected here is also rejected by Python 3.11's `json.loads`, except NaN/Infinity and lone
///   surrogates, which Python accepts and the RFC does not (marked below);
/// - error offsets: the rule documented on `JSONParseError.Code` (the first byte that is wrong;
///   the input's length when it ends early; the backslash of a bad escape);
/// - canonical JSON: the output of Python canonicaljson 1.5.0 `encode_canonical_json` (on
///   simplejson 4.3.0 and 3.17.6, with and without its C speedups: identical) applied to
///   `json.loads` of the same input.
@Suite struct JSONTests {
    /// What a rejection is checked by: the code and the byte offset.
    struct Failure: Equatable, CustomStringConvertible {
        let code: JSONParseError.Code, offset: Int
        init(_ code: JSONParseError.Code, _ offset: Int) { (self.code, self.offset) = (code, offset) }
        var description: String { "\(code.rawValue) at \(offset)" }
    }

    static func failure(_ text: String, maxDepth: Int = 64) -> Failure? {
        failure(Array(text.utf8), maxDepth: maxDepth)
    }

    static func failure(_ bytes: [UInt8], maxDepth: Int = 64) -> Failure? {
        do {
            _ = try JSONParser.parse(bytes, maxDepth: maxDepth)
            return nil
        } catch {
            return Failure(error.code, error.offset)
        }
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    // MARK: Values

    @Test func everyKindOfValueParses() throws {
        let value = try JSONParser.parse(#" {"a": [null, true, false, -1.5e3, "x"], "b": {}, "c": []} "#)
        #expect(value == .object(JSONObject(members: [
            JSONMember(key: "a", value: .array([.null, .bool(true), .bool(false), .number("-1.5e3"), .string("x")])),
            JSONMember(key: "b", value: .object(JSONObject(members: []))),
            JSONMember(key: "c", value: .array([])),
        ])))
    }

    @Test func theThreeInputFormsAgree() throws {
        let text = #"{"k":["v",1,{"é":"\u00e9"}]}"#
        let bytes = Array(text.utf8)
        let fromRaw = try bytes.withUnsafeBytes { raw in try JSONParser.parse(raw) }
        #expect(try JSONParser.parse(text) == fromRaw)
        #expect(try JSONParser.parse(bytes) == fromRaw)
    }

    @Test func whitespaceIsOnlySpaceTabCarriageReturnAndLineFeed() throws {
        #expect(try JSONParser.parse(" \t\r\n[ 1 ,\t2 ]\r\n") == .array([.number("1"), .number("2")]))
        // Form feed, vertical tab and no-break space are not JSON whitespace.
        #expect(Self.failure("\u{0C}1") == Failure(.invalidToken, 0))
        #expect(Self.failure("\u{0B}1") == Failure(.invalidToken, 0))
        #expect(Self.failure("\u{A0}1") == Failure(.invalidToken, 0))
    }

    // MARK: Numbers

    @Test(arguments: [
        "0", "-0", "7", "-1", "10", "123456789012345678901234567890", "0.5", "-0.0", "1e5", "1E5", "1e+5", "1e-5",
        "1.25E-10", "0e0", "-0.000",
    ])
    func validNumbersKeepTheirText(text: String) throws {
        #expect(try JSONParser.parse(text) == .number(text))
        #expect(try JSONParser.parse("[\(text)]") == .array([.number(text)]))
    }

    @Test(arguments: [
        ("01", JSONParseError.Code.invalidNumber, 1),
        ("-01", .invalidNumber, 2),
        ("[01]", .invalidNumber, 2),
        ("+1", .invalidToken, 0),
        ("-", .unexpectedEnd, 1),
        ("-a", .invalidNumber, 1),
        ("1.", .unexpectedEnd, 2),
        ("1.e5", .invalidNumber, 2),
        (".5", .invalidToken, 0),
        ("1e", .unexpectedEnd, 2),
        ("1e+", .unexpectedEnd, 3),
        ("1e+x", .invalidNumber, 3),
        ("NaN", .invalidToken, 0),  // Python accepts NaN; RFC 8259 does not
        ("Infinity", .invalidToken, 0),  // likewise
        ("-Infinity", .invalidNumber, 1),  // likewise
        ("0x10", .trailingData, 1),
        ("[0x10]", .invalidToken, 2),
    ])
    func invalidNumbersAreRejected(text: String, code: JSONParseError.Code, offset: Int) {
        #expect(Self.failure(text) == Failure(code, offset))
    }

    // MARK: Strings

    @Test func escapesDecode() throws {
        let value = try JSONParser.parse(#""\"\\\/\b\f\n\r\t\u0000\u00e9\u20AC\ud83d\ude00\uD834\uDD1E""#)
        #expect(value == .string("\"\\/\u{8}\u{C}\n\r\t\u{0}é€😀𝄞"))
    }

    @Test func rawUTF8AndDeleteArePassedThrough() throws {
        #expect(try JSONParser.parse("\"é€😀\u{7F}\u{2028}\"") == .string("é€😀\u{7F}\u{2028}"))
        #expect(try JSONParser.parse("\"a\\nb é\"") == .string("a\nb é"))
    }

    @Test(arguments: [
        (#""\x""#, JSONParseError.Code.invalidEscape, 1),
        (#""ab\'""#, .invalidEscape, 3),
        (#""\u12G4""#, .invalidEscape, 1),
        (#""\u12""#, .invalidEscape, 1),
        (#""\U0041""#, .invalidEscape, 1),
        (#""\ud800""#, .invalidEscape, 1),  // lone high surrogate: Python accepts it, RFC 8259 §8.2 makes it unusable
        (#""\ud800\u0041""#, .invalidEscape, 1),
        (#""\ud800\n""#, .invalidEscape, 1),
        (#""a\udc00""#, .invalidEscape, 2),  // lone low surrogate: likewise
        (#""\udc00\ud800""#, .invalidEscape, 1),
        (#""\u12"#, .unexpectedEnd, 5),
        (#""\ud800"#, .unexpectedEnd, 7),
        (#""\ud800\"#, .unexpectedEnd, 8),
        (#""\"#, .unexpectedEnd, 2),
        (#""abc"#, .unexpectedEnd, 4),
        ("\"a\u{1}b\"", .invalidString, 2),
        ("\"a\tb\"", .invalidString, 2),
        ("\"a\nb\"", .invalidString, 2),
        ("\"\u{0}\"", .invalidString, 1),
        ("'a'", .invalidToken, 0),
    ])
    func badStringsAreRejected(text: String, code: JSONParseError.Code, offset: Int) {
        #expect(Self.failure(text) == Failure(code, offset))
    }

    /// RFC 3629's well-formed sequences (its §4 table): the offset is the first byte that cannot be.
    @Test(arguments: [
        ([0x22, 0xC0, 0x80, 0x22], JSONParseError.Code.invalidUTF8, 1),  // overlong 2-byte lead
        ([0x22, 0xE0, 0x80, 0x80, 0x22], .invalidUTF8, 2),  // overlong 3-byte form
        ([0x22, 0xED, 0xA0, 0x80, 0x22], .invalidUTF8, 2),  // an encoded surrogate, U+D800
        ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], .invalidUTF8, 2),  // above U+10FFFF
        ([0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], .invalidUTF8, 1),
        ([0x22, 0x80, 0x22], .invalidUTF8, 1),  // a lone continuation byte
        ([0x22, 0xC3, 0x22], .invalidUTF8, 2),  // a truncated character before the quote
        ([0x22, 0xE2, 0x82, 0x41, 0x22], .invalidUTF8, 3),
        ([0x22, 0xE2, 0x82], .unexpectedEnd, 3),
        ([0xEF, 0xBB, 0xBF, 0x7B, 0x7D], .invalidToken, 0),  // a byte order mark (RFC 8259 §8.1: not added)
        ([0x5B, 0xFF, 0x5D], .invalidToken, 1),
    ] as [([UInt8], JSONParseError.Code, Int)])
    func invalidUTF8IsRejected(bytes: [UInt8], code: JSONParseError.Code, offset: Int) {
        #expect(Self.failure(bytes) == Failure(code, offset))
    }

    // MARK: Structure

    @Test(arguments: [
        ("", JSONParseError.Code.unexpectedEnd, 0),
        ("   ", .unexpectedEnd, 3),
        ("{", .unexpectedEnd, 1),
        ("[", .unexpectedEnd, 1),
        ("[1", .unexpectedEnd, 2),
        (#"{"a""#, .unexpectedEnd, 4),
        (#"{"a":"#, .unexpectedEnd, 5),
        (#"{"a":1"#, .unexpectedEnd, 6),
        ("tru", .unexpectedEnd, 3),
        ("[1,]", .invalidToken, 3),
        ("[1 2]", .invalidToken, 3),
        ("[1,\n  x]", .invalidToken, 6),
        (#"{"a" 1}"#, .invalidToken, 5),
        (#"{"a":1,}"#, .invalidToken, 7),
        (#"{"a":1 "b":2}"#, .invalidToken, 7),
        ("{a:1}", .invalidToken, 1),
        ("trUe", .invalidToken, 2),
        ("True", .invalidToken, 0),
        ("nul1", .invalidToken, 3),
        ("]", .invalidToken, 0),
        ("[1]]", .trailingData, 3),
        ("{} {}", .trailingData, 3),
        ("1 2", .trailingData, 2),
        ("null /* comment */", .trailingData, 5),
        ("truex", .trailingData, 4),
    ])
    func malformedStructureIsRejected(text: String, code: JSONParseError.Code, offset: Int) {
        #expect(Self.failure(text) == Failure(code, offset))
    }

    @Test func errorsCarryAReasonAndEqualityIgnoresIt() {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(#"{"a":1 "b":2}"#) }
        do {
            _ = try JSONParser.parse(#"{"a":1 "b":2}"#)
        } catch {
            #expect(error.code.rawValue == "json.invalid_token")
            #expect(error.reason == "expected ',' or '}' after an object member, found '\"'")
            #expect(error.description == "json.invalid_token at byte 7: " + error.reason)
        }
    }

    // MARK: Depth

    @Test func a100000DeepArrayFailsFastAtTheLimit() {
        let deep = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        #expect(Self.failure(deep) == Failure(.tooDeep, 64))
        #expect(Self.failure(String(repeating: #"{"a":"#, count: 100_000)) == Failure(.tooDeep, 320))
    }

    @Test func maxDepthLevelsAreAllowedAndOneMoreIsNot() throws {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        _ = try JSONParser.parse(ok)
        #expect(Self.failure("[" + ok + "]") == Failure(.tooDeep, 64))
        #expect(Self.failure("[[]]", maxDepth: 1) == Failure(.tooDeep, 1))
        #expect(Self.failure("[]", maxDepth: 0) == Failure(.tooDeep, 0))
        #expect(try JSONParser.parse(#""scalars need no depth""#, maxDepth: 0) == .string("scalars need no depth"))
    }

    // MARK: Objects

    @Test func duplicateKeysAreKeptInOrderAndTheLastOneIsLookedUp() throws {
        guard case .object(let object) = try JSONParser.parse(#"{"b":1,"a":2,"b":3,"c":4,"a":5,"b":6}"#) else {
            Issue.record("not an object")
            return
        }
        #expect(object.members.map(\.key) == ["b", "a", "b", "c", "a", "b"])
        #expect(object["b"] == .number("6"))  // Python's json.loads keeps the last
        #expect(object["a"] == .number("5"))
        #expect(object["c"] == .number("4"))
        #expect(object["d"] == nil)
        #expect(object.duplicateKeys == ["b", "a"])
        #expect(JSONObject(members: [JSONMember(key: "x", value: .null)]).duplicateKeys == [])
    }

    /// Swift's `String ==` treats canonically equivalent strings as equal; Python (and the
    /// hashed bytes) do not.
    @Test func canonicallyEquivalentKeysAndStringsAreDistinct() throws {
        guard case .object(let object) = try JSONParser.parse(#"{"\u00e9":1,"e\u0301":2}"#) else {
            Issue.record("not an object")
            return
        }
        #expect(object.duplicateKeys == [])
        #expect(object["\u{E9}"] == .number("1"))
        #expect(object["e\u{301}"] == .number("2"))
        #expect(JSONValue.string("\u{E9}") != .string("e\u{301}"))
    }

    // MARK: Encoding

    /// Compact output keeps member order and duplicates; escaping is Python's (ensure_ascii=False).
    @Test(arguments: [
        (#" { "b" : [ 1 , 2 ] , "a" : "x y" , "b" : null } "#, #"{"b":[1,2],"a":"x y","b":null}"#),
        (#""\/\u00e9\u001F\u007f\u2028\"\\""#, "\"/é\\u001f\u{7F}\u{2028}\\\"\\\\\""),
        (#"[true,false,null,-0.0e+1,{}]"#, #"[true,false,null,-0.0e+1,{}]"#),
    ])
    func compactJSONRoundTrips(input: String, expected: String) throws {
        let value = try JSONParser.parse(input)
        #expect(Self.text(value.compactJSON()) == expected)
        #expect(try JSONParser.parse(value.compactJSON()) == value)
    }

    @Test(arguments: [
        ("sortsKeys", #"{"b":1,"a":2,"A":3,"":4,"aa":5}"#,
         #"{"":4,"A":3,"a":2,"aa":5,"b":1}"#),
        ("utf16VsCodePoint", #"{"\ud800\udc00":1,"\uffff":2,"\ue000":3,"\ud7ff":4,"\ud83d\ude00":5,"\u007f":6,"~":7}"#,
         #"{"~":7,"\#u{7F}":6,"\#u{D7FF}":4,"\#u{E000}":3,"\#u{FFFF}":2,"\#u{10000}":1,"\#u{1F600}":5}"#),
        ("canonicallyEquivalentKeysStayDistinct", #"{"\u00e9":1,"e\u0301":2,"\u212b":3,"\u00c5x":4,"\u00c5z":5,"Z":6}"#,
         #"{"Z":6,"e\#u{301}":2,"\#u{C5}x":4,"\#u{C5}z":5,"\#u{E9}":1,"\#u{212B}":3}"#),
        ("escapes", #"{"s":"\"\\\/\b\f\n\r\t\u0000\u0001\u001f\u0020\u007f\u0080\u2028\u2029\ufeff\ud83d\ude00"}"#,
         #"{"s":"\"\\/\b\f\n\r\t\u0000\u0001\u001f \#u{7F}\#u{80}\#u{2028}\#u{2029}\#u{FEFF}\#u{1F600}"}"#),
        ("controlCharactersInKeys", #"{"\u000b":1,"\n":2,"\"":3,"\\":4}"#,
         #"{"\n":2,"\u000b":1,"\"":3,"\\":4}"#),
        ("nested", #"{"z":[{"y":{"b":[],"a":{}}},[],[[]]],"a":null,"m":[true,false,null,"x"]}"#,
         #"{"a":null,"m":[true,false,null,"x"],"z":[{"y":{"a":{},"b":[]}},[],[[]]]}"#),
        ("duplicatesLastWins", #"{"a":1,"b":2,"a":3}"#,
         #"{"a":3,"b":2}"#),
        ("nestedDuplicatesLastWins", #"{"k":{"x":1},"b":[{"q":1,"q":2}],"k":{"y":2}}"#,
         #"{"b":[{"q":2}],"k":{"y":2}}"#),
        ("whitespaceIsDropped", #" { "b" : [ 1 , 2 ] ,\#n\#t"a" : "x y" } "#,
         #"{"a":"x y","b":[1,2]}"#),
        ("topLevelArray", #"[{"b":1,"a":2},"\u00e9"]"#,
         #"[{"a":2,"b":1},"\#u{E9}"]"#),
        ("topLevelString", #""caf\u00e9 \u00e9\ud83d\ude00""#,
         #""caf\#u{E9} \#u{E9}\#u{1F600}""#),
        ("rawUTF8Input", #"{"\#u{1F600}":"\#u{E9}\#u{2028}","\#u{E9}":1,"\#u{FFFF}":[],"e":"\#u{7F}"}"#,
         #"{"e":"\#u{7F}","\#u{E9}":1,"\#u{FFFF}":[],"\#u{1F600}":"\#u{E9}\#u{2028}"}"#),
        ("integers", #"{"n":[0,-1,123456789012345678901234567890]}"#,
         #"{"n":[0,-1,123456789012345678901234567890]}"#),
    ])
    func canonicalJSONMatchesCanonicaljson(name: String, input: String, expected: String) throws {
        let canonical = try JSONParser.parse(input).canonicalJSON()
        #expect(canonical == Array(expected.utf8), "\(name)")
        #expect(try JSONParser.parse(canonical).canonicalJSON() == canonical, "canonical output is a fixed point")
    }

    /// A documented difference: numbers are written as stored, where canonicaljson re-renders
    /// Python's float (`1E2` → `100.0`) and int (`-0` → `0`). The codec hashes no numbers.
    @Test func canonicalNumbersAreWrittenAsStored() throws {
        #expect(Self.text(try JSONParser.parse(#"{"n":[1E2,-0]}"#).canonicalJSON()) == #"{"n":[1E2,-0]}"#)
    }

    /// Raiden's LockedTransfer fixture metadata hashes to the value Raiden signed over
    /// (reference §metadata_hash; the fixture is read from ../shared, never copied here).
    @Test func raidenFixtureMetadataHash() throws {
        // $RAIDEN_FIXTURES first, as every other fixture test reads it (a worktree's ../shared is not the repository's).
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let directory = ProcessInfo.processInfo.environment["RAIDEN_FIXTURES"].map { URL(fileURLWithPath: $0) }
            ?? root.deletingLastPathComponent().appendingPathComponent("shared/reference/raiden-fixtures")
        let path = directory.appendingPathComponent("LockedTransfer.json").path
        guard let data = FileManager.default.contents(atPath: path) else {
            Issue.record("missing Raiden fixture \(path)")
            return
        }
        guard case .object(let message) = try JSONParser.parse(Array(data)), let metadata = message["metadata"] else {
            Issue.record("the fixture has no metadata object")
            return
        }
        let canonical = metadata.canonicalJSON()
        // canonicaljson 1.5.0 on the fixture's metadata gives these bytes:
        #expect(Self.text(canonical) == #"{"routes":[{"route":["0x77952ce83ca3cad9f7adcfabeda85bd2f1f52008","0x94622cc2a5b64a58c25a129d48a2beec4b65b779"]}]}"#)
        #expect(Keccak256.hash(canonical) == (try Hash32(hex: "0x19372adeee55f93f1220935cd2ed61fffd47c07f00bc60faea80ad1253e65b1c")))
    }

    // MARK: Writer

    @Test func theWriterPlacesCommasAndNoWhitespace() {
        var w = JSONWriter(capacity: 16)
        w.beginObject()
        w.key("a"); w.beginArray(); w.null(); w.bool(true); w.bool(false); w.beginObject(); w.endObject(); w.beginArray(); w.endArray(); w.endArray()
        w.key("b" as StaticString); w.string("x")
        w.key("c"); w.raw(Array("1.5".utf8))
        w.key("d"); w.beginObject(); w.key("e"); w.decimalString("42"); w.endObject()
        w.endObject()
        // The expected text is RFC 8259's grammar with no insignificant whitespace.
        #expect(Self.text(w.bytes) == #"{"a":[null,true,false,{},[]],"b":"x","c":1.5,"d":{"e":"42"}}"#)
    }

    @Test func hexStringsAreLowercaseWith0x() {
        var w = JSONWriter()
        w.beginArray()
        w.hexString([0x00, 0x01, 0xAB, 0xFF])
        w.hexString([UInt8]())
        w.hexString([0x7F, 0x80][...])
        w.endArray()
        #expect(Self.text(w.bytes) == #"["0x0001abff","0x","0x7f80"]"#)
    }

    @Test func keysAndStringsAreEscaped() {
        var w = JSONWriter()
        w.beginObject()
        w.key("q\"\\\u{1}" as StaticString); w.string("é\t\u{1F}/")
        w.key("\n"); w.value(.array([.string("\u{8}\u{C}\r")]))
        w.endObject()
        // Python: json.dumps({'q"\\\x01': 'é\t\x1f/', '\n': ['\b\f\r']}, ensure_ascii=False, separators=(',', ':'))
        #expect(Self.text(w.bytes) == #"{"q\"\\\u0001":"é\t\u001f/","\n":["\b\f\r"]}"#)
    }

    @Test func writingAParsedValueReproducesCompactInput() throws {
        let text = #"{"type":"X","list":[["1","2"],{"k":"v"}],"n":-1.0e-3,"ok":true,"none":null}"#
        var w = JSONWriter()
        w.value(try JSONParser.parse(text))
        #expect(Self.text(w.bytes) == text)
    }
}
