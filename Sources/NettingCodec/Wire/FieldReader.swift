import NettingCrypto

/// Reads typed fields out of wire JSON under a `DecodePolicy`, naming the JSON path in every
/// error and recording every leniency. Generated decoders call it once per field.
package struct FieldReader {
    package let policy: DecodePolicy
    package private(set) var leniencies: [Leniency] = []
    /// Whether a missing top-level `signature` is accepted (as 65 zero bytes), for signing.
    package let allowUnsigned: Bool
    /// The keys leading to the object being read (empty at the message's top level).
    var prefix = KeyPrefix()
    /// The object whose keys `checkKeys` found known, unique and in Raiden's order (the index of
    /// its token), and the key token where the next lookup in it starts: decoders read fields in
    /// that order, so each lookup usually matches the first key it compares.
    var ordered = (object: -1, member: 0)

    package init(policy: DecodePolicy, allowUnsigned: Bool = false) {
        self.policy = policy
        self.allowUnsigned = allowUnsigned
    }

    /// The JSON path of `key` in the object being read, made only for an error or a leniency.
    package func path(_ key: StaticString) -> String { prefix.path(key) }

    mutating func lenient(_ code: LeniencyCode, _ path: String) { leniencies.append(Leniency(code, path: path)) }

    // MARK: Objects

    /// Checks an object's keys against the ones its type knows: duplicates and unknown keys are
    /// errors under `strict` and reported leniencies under `raiden`. When they are in order, later
    /// lookups in the object resume where the one before stopped (`ordered`).
    package mutating func checkKeys(_ object: WireObject, known: KnownKeys, at path: @autoclosure () -> String) throws(DecodeError) {
        // Canonical objects pass the cheap in-order test; anything else is checked in full.
        guard known.inOrder(object) else {
            ordered = (-1, 0)
            return try checkKeys(object.tree, known: known.set, at: path())
        }
        ordered = (object.index, object.index + 1)
    }

    /// `object.lookup(key)`, starting where the last lookup stopped when the keys are unique.
    @inline(__always)
    mutating func find(_ object: WireObject, _ key: StaticString) -> Int? {
        guard ordered.object == object.index else { return object.lookup(key) }
        guard let (value, next) = object.lookupUnique(key, from: ordered.member) else { return nil }
        ordered.member = next
        return value
    }

    package mutating func checkKeys(_ object: JSONObject, known: Set<String>, at path: String) throws(DecodeError) {
        for key in Self.mayRepeatKeys(object) ? object.duplicateKeys : [] {
            if policy == .strict { throw DecodeError(.fieldDuplicateKey, path: join(path, key), "appears more than once") }
            lenient(.objectDuplicateKey, join(path, key))
        }
        for member in object.members where !known.contains(member.key) {
            if policy == .strict { throw DecodeError(.fieldUnknown, path: join(path, member.key), "is not a field of this message") }
            lenient(.objectUnknownKey, join(path, member.key))
        }
    }

    /// False when no two keys can be equal: all are ASCII (where equal means equal bytes, under
    /// exact and canonical comparison alike) and no two have the same bytes. Linear in the
    /// number of keys (a hostile message has tens of thousands).
    static func mayRepeatKeys(_ object: JSONObject) -> Bool {
        var seen = Set<String>(minimumCapacity: object.members.count)
        for member in object.members {
            guard allBytes(of: member.key, { $0 < 0x80 }), seen.insert(member.key).inserted else { return true }
        }
        return false
    }

    /// The value of `key` as a tree, or `.missing` / `.null` errors. When Raiden has a default for
    /// a missing key (`defaulted`), returns nil under `raiden` and reports it.
    mutating func value(_ object: WireObject, _ key: StaticString, defaulted: Bool = false) throws(DecodeError) -> JSONValue? {
        try valueIndex(object, key, defaulted: defaulted).map { object.tape.value(at: $0) }
    }

    /// `value(_:_:defaulted:)`, as the index of the value's token.
    @inline(__always)
    mutating func valueIndex(_ object: WireObject, _ key: StaticString, defaulted: Bool = false) throws(DecodeError) -> Int? {
        guard let value = find(object, key) else {
            if defaulted && policy == .raiden {
                lenient(.objectDefaultUsed, path(key))
                return nil
            }
            throw DecodeError(.fieldMissing, path: path(key), "is required")
        }
        return value
    }

    /// `object(_:_:known:_:)` with the keys as a set.
    package mutating func object<T>(
        _ object: WireObject, _ key: StaticString, known: Set<String>,
        _ body: (WireObject, inout FieldReader) throws(DecodeError) -> T
    ) throws(DecodeError) -> T {
        try self.object(object, key, known: KnownKeys(Array(known)), body)
    }

    /// Decodes a nested object at `key` with `body`, extending the path.
    package mutating func object<T>(
        _ object: WireObject, _ key: StaticString, known: KnownKeys,
        _ body: (WireObject, inout FieldReader) throws(DecodeError) -> T
    ) throws(DecodeError) -> T {
        guard let value = try valueIndex(object, key) else { fatalError("unreachable: no default") }
        guard object.kind(value) == .object else { throw wrongType(object.tape.value(at: value), "an object", path(key)) }
        let nested = WireObject(tape: object.tape, index: value)
        let (saved, savedOrder) = (prefix, ordered)
        defer { (prefix, ordered) = (saved, savedOrder) }
        let outer = prefix  // the path is made from a copy, only when needed
        try checkKeys(nested, known: known, at: outer.path(key))
        prefix.append(key)
        return try body(nested, &self)
    }

    func wrongType(_ value: JSONValue, _ expected: String, _ path: String) -> DecodeError {
        if case .null = value { return DecodeError(.fieldNull, path: path, "may not be null; expected \(expected)") }
        return DecodeError(.fieldWrongJsonType, path: path, "must be \(expected), got \(value.kindName)")
    }

    func join(_ a: String, _ b: String) -> String { a.isEmpty ? b : a + "." + b }

    // MARK: Integers

    @inline(__always)
    package mutating func u64(_ object: WireObject, _ key: StaticString, min: UInt64 = 0, strictMin: UInt64 = 0) throws(DecodeError) -> UInt64 {
        func p() -> String { path(key) }  // only for an error
        let wide = try integer(object, key, default: nil)
        guard let value = wide.uint64 else { throw DecodeError(.fieldOutOfRange, path: p(), "\(wide) does not fit in 64 bits") }
        let floor = policy == .strict ? Swift.max(min, strictMin) : min
        guard value >= floor else { throw DecodeError(.fieldOutOfRange, path: p(), "must be at least \(floor), got \(value)") }
        return value
    }

    @inline(__always)
    package mutating func u256(_ object: WireObject, _ key: StaticString, min: UInt64 = 0, default fallback: UInt256? = nil) throws(DecodeError) -> UInt256 {
        let value = try integer(object, key, default: fallback)
        guard value >= UInt256(min) else { throw DecodeError(.fieldOutOfRange, path: path(key), "must be at least \(min), got \(value)") }
        return value
    }

    @inline(__always)
    mutating func integer(_ object: WireObject, _ key: StaticString, default fallback: UInt256?) throws(DecodeError) -> UInt256 {
        guard let index = try valueIndex(object, key, defaulted: fallback != nil) else { return fallback! }
        // The canonical form, read from the input bytes; anything else as a tree.
        if object.kind(index) == .string, let value = IntegerText.canonical(object.tape.stringBytes(index)) { return value }
        let prefix = prefix  // the path is made from a copy, only when needed
        return try integer(object.tape.value(at: index), path: prefix.path(key))
    }

    mutating func integer(_ value: JSONValue, path makePath: @autoclosure () -> String) throws(DecodeError) -> UInt256 {
        func p() -> String { makePath() }  // only for an error or a leniency
        switch value {
        case .string(let text):
            if let canonical = IntegerText.canonical(text) { return canonical }
            if policy == .strict {
                guard let parsed = IntegerText.python(text) else {
                    throw DecodeError(.fieldBadInteger, path: p(), "must be a decimal string, got \(quoted(text))")
                }
                // A value no spelling makes valid is out of range under both policies.
                if parsed.overflow { throw DecodeError(.fieldOutOfRange, path: p(), "does not fit in 256 bits") }
                if parsed.negative && !parsed.magnitude.isZero { throw DecodeError(.fieldOutOfRange, path: p(), "must not be negative, got \(quoted(text))") }
                throw DecodeError(.fieldNotCanonical, path: p(), "must be plain decimal digits without sign, spaces or leading zeros, got \(quoted(text))")
            }
            guard let parsed = IntegerText.python(text) else {
                throw DecodeError(.fieldBadInteger, path: p(), "is not an integer Python's int() accepts: \(quoted(text))")
            }
            if parsed.negative && !parsed.magnitude.isZero {
                throw DecodeError(.fieldOutOfRange, path: p(), "must not be negative, got \(quoted(text))")
            }
            guard !parsed.overflow else { throw DecodeError(.fieldOutOfRange, path: p(), "does not fit in 256 bits") }
            for code in parsed.leniencies { lenient(code, p()) }
            return parsed.magnitude
        case .number(let text):
            guard policy == .raiden else { throw DecodeError(.fieldWrongJsonType, path: p(), "must be a decimal string, got the JSON number \(text)") }
            if let exact = IntegerText.jsonInteger(text) {
                guard !exact.overflow else { throw DecodeError(.fieldOutOfRange, path: p(), "does not fit in 256 bits") }
                if exact.negative && !exact.magnitude.isZero { throw DecodeError(.fieldOutOfRange, path: p(), "must not be negative, got \(text)") }
                lenient(.integerJsonNumber, p())
                return exact.magnitude
            }
            guard let double = Double(text), double.isFinite else { throw DecodeError(.fieldBadInteger, path: p(), "\(text) is too large") }
            let truncated = double.rounded(.towardZero)
            guard truncated >= 0 || truncated == 0 else { throw DecodeError(.fieldOutOfRange, path: p(), "must not be negative, got \(text)") }
            guard let exact = UInt256(exactly: truncated) else { throw DecodeError(.fieldOutOfRange, path: p(), "does not fit in 256 bits") }
            lenient(.integerJsonFloat, p())
            return exact
        case .null, .bool, .array, .object:
            throw wrongType(value, "a decimal string", p())
        }
    }

    // MARK: Bytes

    @inline(__always)
    package mutating func bytes32(_ object: WireObject, _ key: StaticString) throws(DecodeError) -> Hash32 {
        guard let index = try valueIndex(object, key) else { fatalError("unreachable: no default") }
        if object.kind(index) == .string, let hash = Self.canonicalHash32(object.tape.stringBytes(index)) { return hash }
        let p = path(key)
        // As hexBytes(count: 32), decoded on the stack.
        let (hash, digitCount) = try withHexDigits(object, index, expected: "a 0x-hex string", path: p) { digits -> (Hash32?, Int) in
            guard (digits.count + 1) / 2 == 32 else { return (nil, digits.count) }
            let hash = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { out in
                decodeHex(digits, into: out.baseAddress!)
                return Hash32(unsafeBytes: out.baseAddress!)
            }
            return (hash, digits.count)
        }
        guard let hash else { throw DecodeError(.fieldWrongLength, path: p, "must be 32 bytes, got \((digitCount + 1) / 2)") }
        return hash
    }

    package mutating func signature(_ object: WireObject, _ key: StaticString, default fallback: Signature? = nil) throws(DecodeError) -> Signature {
        if allowUnsigned && prefix.isEmpty && key.description == "signature" && find(object, key) == nil { return .empty }
        guard let index = try valueIndex(object, key, defaulted: fallback != nil) else { return fallback! }
        if object.kind(index) == .string, let signature = Self.canonicalSignature(object.tape.stringBytes(index)) { return signature }
        let p = path(key)
        // As hexBytes(count: 65), decoded on the stack.
        let (signature, digitCount) = try withHexDigits(object, index, expected: "a 0x-hex string", path: p) { digits -> (Signature?, Int) in
            guard (digits.count + 1) / 2 == 65 else { return (nil, digits.count) }
            let signature = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 65) { out in
                decodeHex(digits, into: out.baseAddress!)
                return try! Signature(UnsafeBufferPointer(out))
            }
            return (signature, digits.count)
        }
        guard let signature else { throw DecodeError(.fieldWrongLength, path: p, "must be 65 bytes, got \((digitCount + 1) / 2)") }
        if policy == .strict, let form = Self.nonCanonicalForm(signature) {
            throw DecodeError(.fieldNotCanonical, path: p, "\(form); Raiden's signer emits only a low s and v = 27 or 28")
        }
        return signature
    }

    /// Why a signature with r and s in range is not in the form Raiden's signer emits (libsecp256k1
    /// signs with s ≤ n/2; raiden/utils/signer.py LocalSigner.sign adds 27 to the recovery id),
    /// or nil. Signatures out of range are left to recovery, which names them precisely.
    static func nonCanonicalForm(_ signature: Signature) -> String? {
        let n = Secp256k1.order
        guard !signature.r.isZero, signature.r < n, !signature.s.isZero, signature.s < n else { return nil }
        if signature.s > Secp256k1.halfOrder { return "s is above n/2 (a high-s signature)" }
        if signature.v == 0 || signature.v == 1 { return "v = \(signature.v), a bare recovery id" }
        return nil
    }

    /// 32 bytes in the canonical form (`0x` + 64 lowercase digits), or nil for anything else,
    /// which the general path then reads (errors, leniencies).
    @inline(__always)
    static func canonicalHash32(_ all: UnsafeBufferPointer<UInt8>) -> Hash32? {
        guard all.count == 66, let p = canonicalDigits(all),
            let w0 = Hex.lowercaseWord64(at: p), let w1 = Hex.lowercaseWord64(at: p + 16),
            let w2 = Hex.lowercaseWord64(at: p + 32), let w3 = Hex.lowercaseWord64(at: p + 48)
        else { return nil }
        return Hash32(words: (w0, w1, w2, w3))
    }

    /// 65 bytes in the canonical form (`0x` + 130 lowercase digits), or nil.
    @inline(__always)
    static func canonicalSignature(_ all: UnsafeBufferPointer<UInt8>) -> Signature? {
        guard all.count == 132, let p = canonicalDigits(all),
            let r = canonicalHash32(UnsafeBufferPointer(start: all.baseAddress!, count: 66)),
            let s0 = Hex.lowercaseWord64(at: p + 64), let s1 = Hex.lowercaseWord64(at: p + 80),
            let s2 = Hex.lowercaseWord64(at: p + 96), let s3 = Hex.lowercaseWord64(at: p + 112),
            let vHi = Hex.lowercaseNibble(all[130]), let vLo = Hex.lowercaseNibble(all[131])
        else { return nil }
        let signature = Signature(r: r, s: Hash32(words: (s0, s1, s2, s3)), v: vHi << 4 | vLo)
        // A high s or a bare recovery id is left to the full path, which rejects it under strict.
        return nonCanonicalForm(signature) == nil ? signature : nil
    }

    /// A 20-byte address in the canonical form (`0x` + 40 lowercase digits), or nil.
    @inline(__always)
    static func canonicalAddress(_ all: UnsafeBufferPointer<UInt8>) -> Address? {
        guard all.count == 42, let p = canonicalDigits(all),
            let hi = Hex.lowercaseWord64(at: p), let mid = Hex.lowercaseWord64(at: p + 16), let lo = Hex.lowercaseWord32(at: p + 32)
        else { return nil }
        return Address(hi: hi, mid: mid, lo: lo)
    }

    /// The digits after a lowercase `0x` prefix.
    @inline(__always)
    private static func canonicalDigits(_ all: UnsafeBufferPointer<UInt8>) -> UnsafeRawPointer? {
        guard all.count >= 2, all[0] == 0x30, all[1] == 0x78 else { return nil }
        return UnsafeRawPointer(all.baseAddress! + 2)
    }

    /// Hex as eth-utils' `to_bytes(hexstr=)` reads it under `raiden`; lowercase `0x` hex under `strict`.
    mutating func hexText(_ text: String, path p: String) throws(DecodeError) -> [UInt8] {
        try withHexDigits(text, path: p) { digits in
            [UInt8](unsafeUninitializedCapacity: (digits.count + 1) / 2) { out, initialized in
                decodeHex(digits, into: out.baseAddress!)
                initialized = (digits.count + 1) / 2
            }
        }
    }

    /// Checks `text` as `hexText` reads it (errors and leniencies) and passes its digits, without
    /// the prefix, to `body`.
    private mutating func withHexDigits<R>(_ text: String, path p: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) throws(DecodeError) -> R {
        var utf8 = text
        let result = utf8.withUTF8 { all in
            Result { () throws(DecodeError) in body(try hexDigits(all, original: text, path: p)) }
        }
        return try result.get()
    }

    /// `withHexDigits(_:path:_:)` for the value token at `index`, read in the input; a value that
    /// is not a string is an error naming what was `expected`.
    private mutating func withHexDigits<R>(
        _ object: WireObject, _ index: Int, expected: String, path p: String, _ body: (UnsafeBufferPointer<UInt8>) -> R
    ) throws(DecodeError) -> R {
        let tape = object.tape
        switch object.kind(index) {
        case .string, .escapedString:
            return body(try hexDigits(tape.stringBytes(index), original: tape.string(index), path: p))
        case .null, .true, .false, .number, .array, .object:
            throw wrongType(tape.value(at: index), expected, p)
        }
    }

    /// `original` is only made for an error.
    private mutating func hexDigits(_ all: UnsafeBufferPointer<UInt8>, original text: @autoclosure () -> String, path p: String) throws(DecodeError) -> UnsafeBufferPointer<UInt8> {
        let lowerPrefix = all.count >= 2 && all[0] == 0x30 && all[1] == 0x78
        let hasPrefix = lowerPrefix || (all.count >= 2 && all[0] == 0x30 && all[1] == 0x58)
        let digits = UnsafeBufferPointer(rebasing: all[(hasPrefix ? 2 : 0)...])
        var upper = false
        for c in digits {
            guard Hex.nibbleValue(c) != nil else { throw DecodeError(.fieldBadHex, path: p, "is not hex: \(quoted(text()))") }
            if c >= 0x41 && c <= 0x46 { upper = true }
        }
        let odd = digits.count % 2 == 1
        if policy == .strict {
            guard lowerPrefix else { throw DecodeError(.fieldNotCanonical, path: p, "must start with 0x") }
            guard !upper else { throw DecodeError(.fieldNotCanonical, path: p, "must be lowercase hex") }
            guard !odd else { throw DecodeError(.fieldBadHex, path: p, "has an odd number of hex digits (\(digits.count))") }
        } else {
            if !lowerPrefix { lenient(.hexNoPrefix, p) }
            if upper { lenient(.hexUpperCase, p) }
            if odd { lenient(.hexOddLength, p) }
        }
        return digits
    }

    // MARK: Addresses

    @inline(__always)
    package mutating func address(_ object: WireObject, _ key: StaticString) throws(DecodeError) -> Address {
        guard let index = try valueIndex(object, key) else { fatalError("unreachable: no default") }
        if object.kind(index) == .string, let address = Self.canonicalAddress(object.tape.stringBytes(index)) { return address }
        let p = path(key)
        return try address(object.tape, index, path: p)
    }

    /// The address in the string token at `index` (a value or an object key), as eth-utils'
    /// `to_canonical_address` reads it under `raiden` (any case, 0x optional, no checksum check);
    /// lowercase `0x` + 40 digits under `strict`. `path` is only made for an error or a leniency.
    mutating func address(_ tape: JSONTape, _ index: Int, path p: @autoclosure () -> String) throws(DecodeError) -> Address {
        if tape.tokens[index].kind == .string, let address = Self.canonicalAddress(tape.stringBytes(index)) { return address }
        switch tape.tokens[index].kind {
        case .string, .escapedString:
            return try address(tape.stringBytes(index), original: tape.string(index), path: p())
        case .null, .true, .false, .number, .array, .object:
            throw wrongType(tape.value(at: index), "a 0x-hex address", p())
        }
    }

    /// `original` is only made for an error.
    private mutating func address(_ all: UnsafeBufferPointer<UInt8>, original makeText: @autoclosure () -> String, path p: @autoclosure () -> String) throws(DecodeError) -> Address {
        func text() -> String { makeText() }
        let lowerPrefix = all.count >= 2 && all[0] == 0x30 && all[1] == 0x78
        let hasPrefix = lowerPrefix || (all.count >= 2 && all[0] == 0x30 && all[1] == 0x58)
        let digits = UnsafeBufferPointer(rebasing: all[(hasPrefix ? 2 : 0)...])
        var upper = false, lower = false
        // Checked and read in one pass: the last 40 digits' value, 16 + 16 + 8 (only used when
        // there are exactly 40).
        var hi: UInt64 = 0, mid: UInt64 = 0, lo: UInt64 = 0
        for c in digits {
            guard let nibble = Hex.nibbleValue(c) else { throw DecodeError(.fieldBadHex, path: p(), "is not a hex address: \(quoted(text()))") }
            if c >= 0x41 && c <= 0x46 { upper = true } else if c >= 0x61 { lower = true }
            hi = hi << 4 | mid >> 60
            mid = mid << 4 | lo >> 28 & 0xF
            lo = (lo << 4 | UInt64(nibble)) & 0xFFFF_FFFF
        }
        guard digits.count == 40 else {
            throw DecodeError(.fieldWrongLength, path: p(), "must be 20 bytes (40 hex digits), got \(digits.count) digits")
        }
        if policy == .strict {
            guard lowerPrefix else { throw DecodeError(.fieldNotCanonical, path: p(), "must start with 0x") }
            if upper && lower, case .badChecksum(let expected)? = Result(catching: { () throws(ValueError) in try Address(hex: text()) }).failure {
                throw DecodeError(.fieldBadChecksum, path: p(), "has a wrong EIP-55 checksum (expected \(expected))")
            }
            guard !upper else { throw DecodeError(.fieldNotCanonical, path: p(), "must be lowercase hex as Raiden emits it (got \(quoted(text())))") }
        } else {
            if !lowerPrefix { lenient(.hexNoPrefix, p()) }
            if upper { lenient(.addressNotLowerCase, p()) }
        }
        return Address(hi: hi, mid: mid, lo: UInt32(lo))
    }

    // MARK: Booleans

    package mutating func bool(_ object: WireObject, _ key: StaticString, default fallback: Bool? = nil) throws(DecodeError) -> Bool {
        let p = path(key)
        guard let value = try value(object, key, defaulted: fallback != nil) else { return fallback! }
        if case .bool(let b) = value { return b }
        guard policy == .raiden else { throw wrongType(value, "true or false", p) }
        // marshmallow's Boolean truthy/falsy sets.
        let spelled: String
        switch value {
        case .string(let s): spelled = s
        case .number(let n): spelled = n
        case .null, .bool, .array, .object: throw wrongType(value, "true or false", p)
        }
        let truthy: Set<String> = ["1", "t", "T", "true", "True", "TRUE", "on", "On", "ON", "y", "Y", "yes", "Yes", "YES"]
        let falsy: Set<String> = ["0", "f", "F", "false", "False", "FALSE", "off", "Off", "OFF", "n", "N", "no", "No", "NO"]
        let isNumber: Bool
        if case .number = value { isNumber = true } else { isNumber = false }
        if truthy.contains(spelled) && (!isNumber || spelled == "1") { lenient(.boolSpelling, p); return true }
        if falsy.contains(spelled) || (isNumber && Double(spelled) == 0) { lenient(.boolSpelling, p); return false }
        throw DecodeError(.fieldBadBool, path: p, "is not a boolean: \(spelled)")
    }

    // MARK: Timestamps

    package mutating func timestamp(_ object: WireObject, _ key: StaticString) throws(DecodeError) -> Timestamp {
        let p = path(key)
        guard let value = try value(object, key) else { fatalError("unreachable: no default") }
        guard case .string(let text) = value else { throw wrongType(value, "a naive ISO-8601 string", p) }
        guard let parsed = Timestamp(lenient: text) else {
            throw DecodeError(.fieldBadTimestamp, path: p, "is not a naive ISO-8601 date and time: \(quoted(text))")
        }
        if parsed.isoformat != text {
            if policy == .strict {
                throw DecodeError(.fieldNotCanonical, path: p, "must be written \(quoted(parsed.isoformat)) as isoformat writes it")
            }
            lenient(.timestampForm, p)
        }
        return parsed
    }

    // MARK: Imbalance penalty

    package mutating func imbalancePenalty(_ object: WireObject, _ key: StaticString, defaultNull: Bool) throws(DecodeError) -> [ImbalancePoint]? {
        let p = path(key)
        guard find(object, key) != nil || !defaultNull || policy == .strict else {
            lenient(.objectDefaultUsed, p)
            return nil
        }
        guard let value = try value(object, key) else { return nil }
        switch value {
        case .null: return nil
        case .array(let pairs):
            var points: [ImbalancePoint] = []
            for (i, pair) in pairs.enumerated() {
                let pp = "\(p)[\(i)]"
                guard case .array(let xy) = pair, xy.count == 2 else {
                    throw DecodeError(.fieldBadImbalancePenalty, path: pp, "must be a pair [x, y]")
                }
                let point = ImbalancePoint(x: try integer(xy[0], path: pp + "[0]"), y: try integer(xy[1], path: pp + "[1]"))
                if let last = points.last, point.x <= last.x {
                    throw DecodeError(.fieldBadImbalancePenalty, path: pp, "x must strictly increase")
                }
                points.append(point)
            }
            return points
        case .bool, .number, .string, .object:
            throw wrongType(value, "null or a list of [x, y] pairs", p)
        }
    }

    // MARK: Metadata

    package mutating func metadata(_ object: WireObject, _ key: StaticString) throws(DecodeError) -> Metadata {
        guard let index = try valueIndex(object, key) else { fatalError("unreachable: no default") }
        let prefix = prefix  // the path is made from a copy, only when needed
        return try Metadata(validating: object.tape, at: index, path: prefix.path(key), reader: &self)
    }
}

/// Whether every UTF-8 byte of `s` passes `test`, read in place when `s` is contiguous.
@inline(__always)
func allBytes(of s: String, _ test: (UInt8) -> Bool) -> Bool {
    s.utf8.withContiguousStorageIfAvailable { $0.allSatisfy(test) } ?? s.utf8.allSatisfy(test)
}

/// Writes the `(digits.count + 1) / 2` bytes of checked hex digits; an odd count gets a zero nibble
/// in front.
@inline(__always)
private func decodeHex(_ digits: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) {
    var i = 0, o = 0
    if digits.count % 2 == 1 { out[0] = Hex.nibbleValue(digits[0])!; i = 1; o = 1 }
    while i < digits.count {
        out[o] = Hex.nibbleValue(digits[i])! << 4 | Hex.nibbleValue(digits[i + 1])!
        i += 2; o += 1
    }
}

func quoted(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars.prefix(80) {
        out += scalar.value < 0x20 ? scalar.escaped(asASCII: true) : String(scalar)
    }
    return out + (s.unicodeScalars.count > 80 ? "…\"" : "\"")
}

extension Result {
    var failure: Failure? {
        if case .failure(let e) = self { return e }
        return nil
    }
}

extension JSONValue {
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// The keys from a message's top level to a nested object being read, kept as the static
/// strings they are and joined into a path only when one is needed. Generated decoders nest
/// objects at most `capacity` deep (the spec's types do not nest further).
struct KeyPrefix {
    static let capacity = 3
    private var keys: (StaticString, StaticString, StaticString) = ("", "", "")
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    mutating func append(_ key: StaticString) {
        switch count {
        case 0: keys.0 = key
        case 1: keys.1 = key
        case 2: keys.2 = key
        default: preconditionFailure("objects nested deeper than KeyPrefix.capacity")
        }
        count += 1
    }

    /// The dotted path of `key` under these keys.
    func path(_ key: StaticString) -> String {
        ([keys.0, keys.1, keys.2].prefix(count) + [key]).map(\.description).joined(separator: ".")
    }
}
