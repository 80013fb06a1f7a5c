import Dendrite
import Foundation

/// A parallel-coordinates view of a grid search (like HiPlot), as self-contained SVG: one
/// vertical axis per hyper-parameter and metric, one line per configuration, coloured by
/// the score from dark (worst) to yellow (best). Hovering a line shows its values.
public struct ParallelCoordinates: Sendable {
    /// One axis: numeric values, or categories (e.g. activation names) spaced evenly.
    public struct Axis: Sendable {
        public var name: String
        public var values: [String]
        public init(_ name: String, values: [String]) {
            self.name = name
            self.values = values
        }
    }

    public var title: String
    public var axes: [Axis]
    /// The value that colours each line (e.g. mean validation accuracy), one per row.
    public var score: [Double]
    public var scoreName: String

    public init(title: String, axes: [Axis], score: [Double], scoreName: String) {
        precondition(axes.allSatisfy { $0.values.count == score.count }, "ParallelCoordinates: every axis needs one value per row")
        self.title = title
        self.axes = axes
        self.score = score
        self.scoreName = scoreName
    }

    public var svg: String {
        let (width, height) = (max(640.0, Double(axes.count) * 150), 420.0)
        let (top, bottom, side) = (60.0, 40.0, 70.0)
        let step = axes.count > 1 ? (width - 2 * side) / Double(axes.count - 1) : 0
        // Each axis maps its values to 0...1 (top = 1).
        let positions: [[Double]] = axes.map { axis in
            let numbers = axis.values.map { Double($0) }
            if numbers.allSatisfy({ $0 != nil }), let lo = numbers.compactMap({ $0 }).min(), let hi = numbers.compactMap({ $0 }).max() {
                return numbers.map { hi > lo ? ($0! - lo) / (hi - lo) : 0.5 }
            }
            let categories = axis.values.uniqued()
            return axis.values.map { categories.count > 1 ? Double(categories.firstIndex(of: $0)!) / Double(categories.count - 1) : 0.5 }
        }
        func y(_ p: Double) -> Double { top + (1 - p) * (height - top - bottom) }
        let (lo, hi) = (score.min() ?? 0, score.max() ?? 1)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(fmt(width))\" height=\"\(fmt(height))\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
        out += "<style>path.row{fill:none;stroke-width:2;opacity:0.75} path.row:hover{stroke-width:5;opacity:1}</style>\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        out += "<text x=\"\(fmt(width / 2))\" y=\"22\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">\(escapeXML(title))</text>\n"
        // Worst lines first so the best are drawn on top.
        for row in score.indices.sorted(by: { score[$0] < score[$1] }) {
            let t = hi > lo ? (score[row] - lo) / (hi - lo) : 1
            let d = axes.indices.map { (a: Int) in "\(a == 0 ? "M" : "L")\(fmt(side + Double(a) * step)),\(fmt(y(positions[a][row])))" }.joined()
            let tip = axes.map { "\($0.name) = \($0.values[row])" }.joined(separator: ", ")
            out += "<path class=\"row\" d=\"\(d)\" stroke=\"\(Self.color(t))\"><title>\(escapeXML(tip))</title></path>\n"
        }
        for (a, axis) in axes.enumerated() {
            let x = side + Double(a) * step
            out += "<line x1=\"\(fmt(x))\" y1=\"\(fmt(top))\" x2=\"\(fmt(x))\" y2=\"\(fmt(height - bottom))\" stroke=\"#333\" stroke-width=\"1.5\"/>\n"
            out += "<text x=\"\(fmt(x))\" y=\"\(fmt(top - 14))\" text-anchor=\"middle\" font-size=\"12\" font-weight=\"bold\">\(escapeXML(axis.name))</text>\n"
            let numbers = axis.values.compactMap(Double.init)
            if numbers.count == axis.values.count, let lo = numbers.min(), let hi = numbers.max(), Set(numbers).count > 5 {
                // A numeric axis with many values: five evenly spaced ticks instead of every value.
                for k in 0 ... 4 {
                    let v = lo + (hi - lo) * Double(k) / 4
                    out += "<text x=\"\(fmt(x + 5))\" y=\"\(fmt(y(Double(k) / 4) + 4))\" font-size=\"10\" fill=\"#333\">\(String(format: "%.4g", v))</text>\n"
                }
            } else {
                var labelled = Set<String>()
                for (row, value) in axis.values.enumerated() where labelled.insert(value).inserted && labelled.count <= 12 {
                    out += "<text x=\"\(fmt(x + 5))\" y=\"\(fmt(y(positions[a][row]) + 4))\" font-size=\"10\" fill=\"#333\">\(escapeXML(value))</text>\n"
                }
            }
        }
        out += "<text x=\"\(fmt(width - side))\" y=\"\(fmt(height - 12))\" text-anchor=\"end\" font-size=\"10\">colour: \(escapeXML(scoreName)) from \(String(format: "%.4g", lo)) (dark) to \(String(format: "%.4g", hi)) (yellow)</text>\n"
        return out + "</svg>\n"
    }

    /// A viridis-like ramp: dark purple → teal → yellow.
    static func color(_ t: Double) -> String {
        let stops: [(Double, Double, Double)] = [(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)]
        let x = Swift.min(Swift.max(t, 0), 1) * Double(stops.count - 1)
        let i = Swift.min(Int(x), stops.count - 2), f = x - Double(i)
        let (a, b) = (stops[i], stops[i + 1])
        return String(format: "#%02x%02x%02x", Int(a.0 + (b.0 - a.0) * f), Int(a.1 + (b.1 - a.1) * f), Int(a.2 + (b.2 - a.2) * f))
    }
}
