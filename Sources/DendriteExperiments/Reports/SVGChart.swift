import Dendrite
import Foundation

/// One line of a chart.
public struct Series: Sendable {
    public var name: String
    public var x: [Double]
    public var y: [Double]
    public var dashed: Bool

    public init(_ name: String, x: [Double], y: [Double], dashed: Bool = false) {
        precondition(x.count == y.count, "Series '\(name)': \(x.count) x values for \(y.count) y values")
        self.name = name
        self.x = x
        self.y = y
        self.dashed = dashed
    }

    /// y against 0, 1, 2, … (steps, epochs).
    public init(_ name: String, _ y: [Double], dashed: Bool = false) {
        self.init(name, x: y.indices.map(Double.init), y: y, dashed: dashed)
    }
}

/// A line chart rendered as SVG, with linear or logarithmic y axis, ticks, grid and legend.
/// On a log axis, values ≤ 0 (an exactly zero gradient) cannot be drawn and break the line.
public struct LineChart: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    public var logY: Bool
    public var width: Double = 640
    public var height: Double = 300

    public init(title: String, xLabel: String = "", yLabel: String = "", series: [Series], logY: Bool = false) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.logY = logY
    }

    /// Matplotlib's tab10 colours, for a familiar look.
    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]

    /// A complete SVG document.
    public var svg: String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(fmt(width))\" height=\"\(fmt(height))\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
            + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n" + group(x: 0, y: 0) + "</svg>\n"
    }

    /// The chart as an SVG group placed at (x, y), for multi-panel figures.
    public func group(x originX: Double, y originY: Double) -> String {
        let (left, right, top, bottom) = (64.0, 16.0, 28.0, 40.0)
        let plotW = width - left - right, plotH = height - top - bottom
        let transformY: (Double) -> Double? = logY ? { $0 > 0 && $0.isFinite ? Foundation.log10($0) : nil } : { $0.isFinite ? $0 : nil }
        let xs = series.flatMap(\.x).filter(\.isFinite)
        let ys = series.flatMap { $0.y.compactMap(transformY) }
        var out = "<g transform=\"translate(\(fmt(originX)),\(fmt(originY)))\">\n"
        out += "<text x=\"\(fmt(width / 2))\" y=\"18\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">\(escapeXML(title))</text>\n"
        guard let xMin = xs.min(), let xMax = xs.max(), let yMin0 = ys.min(), let yMax0 = ys.max() else {
            return out + "<text x=\"\(fmt(width / 2))\" y=\"\(fmt(height / 2))\" text-anchor=\"middle\" fill=\"#888\">no data to plot</text>\n</g>\n"
        }
        let (yMin, yMax) = yMin0 == yMax0 ? (yMin0 - 1, yMax0 + 1) : (yMin0, yMax0)
        let xSpan = xMax > xMin ? xMax - xMin : 1
        func px(_ x: Double) -> Double { left + (x - xMin) / xSpan * plotW }
        func py(_ y: Double) -> Double { top + (1 - (y - yMin) / (yMax - yMin)) * plotH }

        // Grid and ticks.
        out += "<rect x=\"\(fmt(left))\" y=\"\(fmt(top))\" width=\"\(fmt(plotW))\" height=\"\(fmt(plotH))\" fill=\"none\" stroke=\"#444\"/>\n"
        for t in ticks(xMin, xMax, log: false) {
            out += "<line x1=\"\(fmt(px(t)))\" y1=\"\(fmt(top))\" x2=\"\(fmt(px(t)))\" y2=\"\(fmt(top + plotH))\" stroke=\"#eee\"/>"
            out += "<text x=\"\(fmt(px(t)))\" y=\"\(fmt(top + plotH + 14))\" text-anchor=\"middle\" font-size=\"10\">\(label(t, log: false))</text>\n"
        }
        for t in ticks(yMin, yMax, log: logY) {
            out += "<line x1=\"\(fmt(left))\" y1=\"\(fmt(py(t)))\" x2=\"\(fmt(left + plotW))\" y2=\"\(fmt(py(t)))\" stroke=\"#eee\"/>"
            out += "<text x=\"\(fmt(left - 4))\" y=\"\(fmt(py(t) + 3))\" text-anchor=\"end\" font-size=\"10\">\(label(t, log: logY))</text>\n"
        }
        out += "<text x=\"\(fmt(left + plotW / 2))\" y=\"\(fmt(height - 6))\" text-anchor=\"middle\" font-size=\"11\">\(escapeXML(xLabel))</text>\n"
        out += "<text transform=\"translate(12,\(fmt(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"11\">\(escapeXML(yLabel + (logY ? " (log scale)" : "")))</text>\n"

        // Lines: a value that cannot be drawn (≤ 0 on a log axis, NaN) breaks the line.
        for (i, s) in series.enumerated() {
            let color = Self.palette[i % Self.palette.count]
            var path = "", pen = false
            for (x, y) in zip(s.x, s.y) {
                guard let ty = transformY(y), x.isFinite else { pen = false; continue }
                path += (pen ? "L" : "M") + "\(fmt(px(x))),\(fmt(py(ty)))"
                pen = true
            }
            out += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.6\"\(s.dashed ? " stroke-dasharray=\"5,3\"" : "")><title>\(escapeXML(s.name))</title></path>\n"
        }
        // Legend (top right) when there is more than one line.
        if series.count > 1 {
            for (i, s) in series.enumerated() {
                let y = top + 12 + Double(i) * 14
                out += "<line x1=\"\(fmt(left + plotW - 120))\" y1=\"\(fmt(y - 4))\" x2=\"\(fmt(left + plotW - 100))\" y2=\"\(fmt(y - 4))\" stroke=\"\(Self.palette[i % Self.palette.count])\" stroke-width=\"2\"\(s.dashed ? " stroke-dasharray=\"5,3\"" : "")/>"
                out += "<text x=\"\(fmt(left + plotW - 96))\" y=\"\(fmt(y))\" font-size=\"10\">\(escapeXML(s.name))</text>\n"
            }
        }
        return out + "</g>\n"
    }

    /// Tick positions in axis units (log10 units on a log axis: whole decades).
    private func ticks(_ lo: Double, _ hi: Double, log: Bool) -> [Double] {
        if log {
            let first = Int(Foundation.floor(lo)), last = Int(Foundation.ceil(hi))
            var decades: [Double] = []
            for k in first ... last where Double(k) >= lo - 1e-9 && Double(k) <= hi + 1e-9 { decades.append(Double(k)) }
            if decades.count >= 2 {
                let step = max(1, decades.count / 8)
                return stride(from: 0, to: decades.count, by: step).map { decades[$0] }
            }
            // Less than a decade in view: 1, 2 and 5 times the powers of ten.
            var result: [Double] = []
            for k in Int(Foundation.floor(lo)) ... Int(Foundation.ceil(hi)) {
                for m: Double in [1, 2, 5] {
                    let t = Double(k) + Foundation.log10(m)
                    if t >= lo - 1e-9 && t <= hi + 1e-9 { result.append(t) }
                }
            }
            return result
        }
        guard hi > lo, (hi - lo).isFinite else { return [lo] }  // one point: one tick
        let raw = (hi - lo) / 5
        let magnitude = Foundation.pow(10, Foundation.floor(Foundation.log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        let first = Foundation.ceil(lo / step) * step
        return stride(from: first, through: hi + step * 1e-9, by: step).map { $0 }
    }

    private func label(_ t: Double, log: Bool) -> String {
        if log {
            let exponent = Int(Foundation.floor(t + 1e-9)), mantissa = Foundation.pow(10, t - Double(exponent))
            return mantissa < 1.5 ? "1e\(exponent)" : "\(Int(mantissa.rounded()))e\(exponent)"
        }
        return Swift.abs(t) >= 1e4 || (Swift.abs(t) < 1e-3 && t != 0) ? String(format: "%.0e", t) : String(format: "%g", (t * 1e6).rounded() / 1e6)
    }
}

/// Several charts stacked in a grid, as one SVG (e.g. one panel per layer).
public struct Figure: Sendable {
    public var title: String
    public var panels: [LineChart]
    public var columns: Int

    public init(title: String, panels: [LineChart], columns: Int = 1) {
        self.title = title
        self.panels = panels
        self.columns = max(1, columns)
    }

    public var svg: String {
        let cellW = panels.map(\.width).max() ?? 640, cellH = panels.map(\.height).max() ?? 300
        let rows = (panels.count + columns - 1) / columns
        let width = cellW * Double(columns), height = 36 + cellH * Double(rows)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(fmt(width))\" height=\"\(fmt(height))\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        out += "<text x=\"\(fmt(width / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"17\" font-weight=\"bold\">\(escapeXML(title))</text>\n"
        for (i, panel) in panels.enumerated() {
            out += panel.group(x: cellW * Double(i % columns), y: 36 + cellH * Double(i / columns))
        }
        return out + "</svg>\n"
    }
}

func fmt(_ v: Double) -> String { String(format: "%.1f", v) }

func escapeXML(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}
