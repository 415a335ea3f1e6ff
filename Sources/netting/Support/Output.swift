import Foundation

/// Prints a flat JSON object with string values, keys in the given order, on one line.
func printJSON(_ pairs: KeyValuePairs<String, String>) {
    let body = pairs.map { "\(jsonString($0.key)):\(jsonString($0.value))" }.joined(separator: ",")
    print("{\(body)}")
}

/// Prints JSON (UTF-8 bytes) and a newline to standard output.
func printLine(_ utf8: [UInt8]) {
    print(String(decoding: utf8, as: UTF8.self))
}

func jsonString(_ s: String) -> String {
    let data = try! JSONEncoder().encode(s)
    return String(decoding: data, as: UTF8.self)
}

/// Prints aligned `label  value` lines for people.
func printTable(_ rows: KeyValuePairs<String, String>) {
    let width = rows.map(\.key.count).max() ?? 0
    for (label, value) in rows {
        print(label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value)
    }
}
