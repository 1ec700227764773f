import Foundation

/// A JSON value with exact types (a boolean is never a number).
enum JSON: Decodable, Equatable, CustomStringConvertible {
    case null, bool(Bool), number(Double), string(String), array([JSON]), object([String: JSON])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSON].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSON].self)) }
    }

    static func parse(_ text: String) throws -> JSON {
        try JSONDecoder().decode(JSON.self, from: Data(text.utf8))
    }

    subscript(key: String) -> JSON {
        if case .object(let o) = self { return o[key] ?? .null }
        return .null
    }

    var string: String? { if case .string(let s) = self { return s }; return nil }
    var int: Int? { if case .number(let n) = self { return Int(n) }; return nil }
    var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
    var array: [JSON]? { if case .array(let a) = self { return a }; return nil }
    var object: [String: JSON]? { if case .object(let o) = self { return o }; return nil }

    var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return "\(b)"
        case .number(let n): return "\(n)"
        case .string(let s): return "\"\(s)\""
        case .array(let a): return "[" + a.map(\.description).joined(separator: ", ") + "]"
        case .object(let o): return "{" + o.map { "\"\($0)\": \($1)" }.sorted().joined(separator: ", ") + "}"
        }
    }
}

/// The scenario's matcher: nil when `actual` matches `expected`, else the mismatch.
func mismatch(_ expected: JSON, _ actual: JSON, _ path: String = "result") -> String? {
    switch expected {
    case .object(let o) where o["$len"] != nil:
        let n: Int
        switch actual {
        case .array(let a): n = a.count
        case .string(let s): n = s.count
        default: return "\(path): no length: \(actual)"
        }
        return n == o["$len"]!.int ? nil : "\(path): expected length \(o["$len"]!), got \(n)"
    case .object(let o) where o["$type"] != nil:
        let ok: Bool
        switch (o["$type"]!.string, actual) {
        case ("string", .string), ("number", .number), ("boolean", .bool): ok = true
        default: ok = false
        }
        return ok ? nil : "\(path): expected a \(o["$type"]!), got \(actual)"
    case .object(let o):
        guard case .object(let a) = actual else { return "\(path): expected an object, got \(actual)" }
        for (k, v) in o {
            if let m = mismatch(v, a[k] ?? .null, "\(path).\(k)") { return m }
        }
        return nil
    case .array(let e):
        guard case .array(let a) = actual, a.count == e.count else { return "\(path): expected \(expected), got \(actual)" }
        for (i, (x, y)) in zip(e, a).enumerated() {
            if let m = mismatch(x, y, "\(path)[\(i)]") { return m }
        }
        return nil
    default:
        return expected == actual ? nil : "\(path): expected \(expected), got \(actual)"
    }
}
