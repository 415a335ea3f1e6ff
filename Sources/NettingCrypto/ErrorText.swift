/// Error text that quotes untrusted input (a JSON path made of a hostile key, a value echoed in a
/// reason) is cut to a short excerpt: a 10 MB key must not become 10 MB of stderr.
public enum ErrorText {
    /// The most UTF-8 bytes of one field of an error (its path, its reason) that are kept.
    public static let limit = 512

    /// `text` on one line (line breaks become spaces) when it is at most `limit` bytes, else its
    /// first scalars up to `limit` bytes, "…" and how long it was. Linear in `limit` beyond that.
    public static func bounded(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.count > limit else {
            guard utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return text }
            return String(text.unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : Character($0) })
        }
        var kept = String.UnicodeScalarView()
        var bytes = 0
        for scalar in text.unicodeScalars {
            let width = String(scalar).utf8.count
            guard bytes + width <= limit else { break }
            kept.append(scalar == "\n" || scalar == "\r" ? " " : scalar)
            bytes += width
        }
        return String(kept) + "… (\(utf8.count) bytes)"
    }
}
