import Foundation
import NettingCodec

/// Prints a flat JSON object with string values, keys in the given order, on one line, written
/// as every other JSON output is (JSONWriter: no escaped `/`, lowercase hex as given).
func printJSON(_ pairs: KeyValuePairs<String, String>) {
    var w = JSONWriter(capacity: 256)
    w.beginObject()
    for (key, value) in pairs { w.key(key); w.string(value) }
    w.endObject()
    print(String(decoding: w.bytes, as: UTF8.self))
}

/// Prints JSON (UTF-8 bytes) and a newline to standard output.
func printLine(_ utf8: [UInt8]) {
    print(String(decoding: utf8, as: UTF8.self))
}

/// Prints aligned `label  value` lines for people.
func printTable(_ rows: KeyValuePairs<String, String>) {
    let width = rows.map(\.key.count).max() ?? 0
    for (label, value) in rows {
        print(label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value)
    }
}

/// A string as a JSON string literal, escaped as JSONWriter escapes it.
func jsonString(_ s: String) -> String {
    var w = JSONWriter(capacity: s.utf8.count + 2)
    w.string(s)
    return String(decoding: w.bytes, as: UTF8.self)
}
