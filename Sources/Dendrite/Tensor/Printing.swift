import Foundation

extension Tensor: CustomStringConvertible, CustomDebugStringConvertible {
    /// NumPy-style text: nested brackets, rows on their own lines, long axes elided with `...`.
    public var description: String {
        if rank == 0 { return Self.format(scalars[0]) }
        let formatted = scalars.map(Self.format)
        let width = formatted.map(\.count).max() ?? 0
        return render(dimension: 0, offset: 0, formatted: formatted, width: width, indent: 1)
    }

    public var debugDescription: String {
        "Tensor<\(Scalar.self)>(shape: \(shape)\(requiresGrad ? ", requiresGrad" : ""))\n\(description)"
    }

    /// Axes longer than this show their first and last `edgeItems` entries only.
    static var elisionThreshold: Int { 10 }
    static var edgeItems: Int { 3 }

    private func render(dimension: Int, offset: Int, formatted: [String], width: Int, indent: Int) -> String {
        let size = shape[dimension]
        let stride = shape[(dimension + 1)...].reduce(1, *)
        let shown: [Int?] = size > Self.elisionThreshold
            ? Array(0 ..< Self.edgeItems) + [nil] + Array(size - Self.edgeItems ..< size)
            : Array(0 ..< size)
        if dimension == rank - 1 {
            let items = shown.map { $0.map { String(repeating: " ", count: width - formatted[offset + $0].count) + formatted[offset + $0] } ?? "..." }
            return "[" + items.joined(separator: ", ") + "]"
        }
        let separator = "," + String(repeating: "\n", count: rank - dimension - 1) + String(repeating: " ", count: indent)
        let parts = shown.map { i in
            i.map { render(dimension: dimension + 1, offset: offset + $0 * stride, formatted: formatted, width: width, indent: indent + 1) } ?? "..."
        }
        return "[" + parts.joined(separator: separator) + "]"
    }

    private static func format(_ value: Scalar) -> String {
        let v = Double(value)
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        if v == v.rounded() && Swift.abs(v) < 1e9 { return String(format: "%.0f.", v) }
        let magnitude = Swift.abs(v)
        return magnitude >= 1e-4 && magnitude < 1e6 ? String(format: "%.6g", v) : String(format: "%.4e", v)
    }
}
