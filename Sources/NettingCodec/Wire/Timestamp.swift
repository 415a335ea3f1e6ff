/// A naive date and time (PFSFeeUpdate.timestamp). What is signed is Python's
/// `datetime.isoformat()` of the parsed value: `YYYY-MM-DDTHH:MM:SS`, plus `.ffffff` only when
/// the microsecond is not zero.
public struct Timestamp: Hashable, Sendable, CustomStringConvertible {
    public var year, month, day, hour, minute, second, microsecond: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, microsecond: Int = 0) {
        (self.year, self.month, self.day, self.hour, self.minute, self.second, self.microsecond) =
            (year, month, day, hour, minute, second, microsecond)
    }

    public var isoformat: String {
        func d(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        var out = "\(d(year, 4))-\(d(month, 2))-\(d(day, 2))T\(d(hour, 2)):\(d(minute, 2)):\(d(second, 2))"
        if microsecond != 0 { out += "." + d(microsecond, 6) }
        return out
    }

    public var description: String { isoformat }

    /// Parses what marshmallow 3.14's NaiveDateTime accepts (ASCII digits only):
    /// `Y-M[M]-D[D]` then `T` or a space, `H[H]:M[M]`, optional `:S[S]` with up to 6 fraction
    /// digits (up to 6 more are ignored), and at most one trailing newline. Returns nil when the
    /// text does not match or the date does not exist.
    public init?(lenient text: String) {
        var s = Substring(text)
        if s.hasSuffix("\n") { s = s.dropLast() }
        var chars = Array(s.utf8)[...]
        func digits(_ min: Int, _ max: Int) -> (Int, Int)? {
            var value = 0, n = 0
            while n < max, let c = chars.first, c >= 0x30, c <= 0x39 {
                value = value * 10 + Int(c - 0x30); n += 1; chars = chars.dropFirst()
            }
            return n >= min ? (value, n) : nil
        }
        func literal(_ c: UInt8) -> Bool {
            guard chars.first == c else { return false }
            chars = chars.dropFirst(); return true
        }
        guard let (y, _) = digits(4, 4), literal(0x2d), let (mo, _) = digits(1, 2), literal(0x2d),
            let (dd, _) = digits(1, 2)
        else { return nil }
        guard literal(0x54) || literal(0x20), let (h, _) = digits(1, 2), literal(0x3a), let (mi, _) = digits(1, 2) else { return nil }
        var sec = 0, micro = 0
        if literal(0x3a) {
            guard let (ss, _) = digits(1, 2) else { return nil }
            sec = ss
            if literal(0x2e) {
                guard let (f, n) = digits(1, 6) else { return nil }
                micro = f
                for _ in n..<6 { micro *= 10 }
                _ = digits(0, 6)
            }
        }
        guard chars.isEmpty else { return nil }
        let t = Timestamp(year: y, month: mo, day: dd, hour: h, minute: mi, second: sec, microsecond: micro)
        guard t.isValidDate else { return nil }
        self = t
    }

    var isValidDate: Bool {
        guard (1...9999).contains(year), (1...12).contains(month), (0...23).contains(hour),
            (0...59).contains(minute), (0...59).contains(second)
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }
}
