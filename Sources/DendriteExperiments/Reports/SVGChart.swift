import Dendrite
import Foundation

/// One line of a chart.
public struct Series: Sendable {
    public var name: String
    public var x: [Double]
    public var y: [Double]
    public var dashed: Bool
    /// A fixed colour (CSS) and dash pattern (SVG `stroke-dasharray`); nil: from the series' index.
    public var color: String?
    public var dash: String?
    /// Drawn but not listed in the legend (e.g. a reference line named in the title).
    public var inLegend = true
    /// A dot at every point (short lines, e.g. a one-layer network's two layers).
    public var markers = false

    public init(_ name: String, x: [Double], y: [Double], dashed: Bool = false, color: String? = nil, dash: String? = nil) {
        precondition(x.count == y.count, "Series '\(name)': \(x.count) x values for \(y.count) y values")
        self.name = name
        self.x = x
        self.y = y
        self.dashed = dashed
        self.color = color
        self.dash = dash
    }

    /// y against 0, 1, 2, … (steps, epochs).
    public init(_ name: String, _ y: [Double], dashed: Bool = false) {
        self.init(name, x: y.indices.map(Double.init), y: y, dashed: dashed)
    }
}

/// A line chart rendered as SVG, with linear or logarithmic y axis, ticks, grid and a legend
/// to the right of the plot. On a log axis, values ≤ 0 (an exactly zero gradient) cannot be
/// drawn and break the line; the axis spans whole decades, so it always labels at least two.
/// When every x is a whole number (epochs, threads, layers) the x ticks are whole numbers.
public struct LineChart: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    public var logY: Bool
    public var width: Double = 640
    public var height: Double = 300
    /// A fixed y range in data units (e.g. 0...1 for accuracy, or one range shared by panels);
    /// nil: the data's range.
    public var yRange: ClosedRange<Double>?

    public init(title: String, xLabel: String = "", yLabel: String = "", series: [Series], logY: Bool = false, yRange: ClosedRange<Double>? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.logY = logY
        self.yRange = yRange
    }

    /// Matplotlib's tab10 colours, for a familiar look.
    public static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]
    /// After the ten colours, the same colours again with these dashes: 40 distinct styles.
    static let dashes: [String?] = [nil, "7,3", "2,2", "9,3,2,3"]

    /// The colour and dash of series `i` (its own when set).
    public func style(_ i: Int) -> (color: String, dash: String?) {
        let s = series[i]
        return (s.color ?? Self.palette[i % Self.palette.count], s.dash ?? (s.dashed ? "5,3" : Self.dashes[(i / Self.palette.count) % Self.dashes.count]))
    }

    var legendEntries: [Int] { series.count > 1 ? series.indices.filter { series[$0].inLegend } : [] }
    /// Width of the legend column to the right of the plot (0 without a legend).
    public var legendWidth: Double {
        let names = legendEntries.map { series[$0].name.count }
        guard let longest = names.max() else { return 0 }
        return Double(Swift.min(longest, 34)) * 6 + 38
    }
    /// The height actually drawn: tall enough for every legend entry.
    public var renderedHeight: Double { Swift.max(height, 28 + Double(legendEntries.count) * 14 + 44) }

    /// A complete SVG document.
    public var svg: String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(fmt(width))\" height=\"\(fmt(renderedHeight))\" viewBox=\"0 0 \(fmt(width)) \(fmt(renderedHeight))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
            + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n" + group(x: 0, y: 0) + "</svg>\n"
    }

    /// The chart as an SVG group placed at (x, y), for multi-panel figures.
    public func group(x originX: Double, y originY: Double) -> String {
        let height = renderedHeight
        let (left, right, top, bottom) = (64.0, 16.0 + legendWidth, 28.0, 40.0)
        let plotW = width - left - right, plotH = height - top - bottom
        let transformY: (Double) -> Double? = logY ? { $0 > 0 && $0.isFinite ? Foundation.log10($0) : nil } : { $0.isFinite ? $0 : nil }
        let xs = series.flatMap(\.x).filter(\.isFinite)
        let ys = series.flatMap { $0.y.compactMap(transformY) }
        var out = "<g class=\"chart\" transform=\"translate(\(fmt(originX)),\(fmt(originY)))\">\n"
        out += "<text class=\"chart-title\" x=\"\(fmt(left + plotW / 2))\" y=\"18\" text-anchor=\"middle\" font-size=\"\(fmt(fittedFontSize(title, width: width - 8, maximum: 14)))\" font-weight=\"bold\">\(escapeXML(title))</text>\n"
        guard let xMin = xs.min(), let xMax = xs.max(), var yMin = ys.min(), var yMax = ys.max() else {
            return out + "<text x=\"\(fmt(width / 2))\" y=\"\(fmt(height / 2))\" text-anchor=\"middle\" fill=\"#888\">no data to plot</text>\n</g>\n"
        }
        if let yRange, let lo = transformY(yRange.lowerBound), let hi = transformY(yRange.upperBound) {
            (yMin, yMax) = (Swift.min(lo, yMin), Swift.max(hi, yMax))
        }
        if logY {
            // Whole decades: at least two labelled ticks, whatever the data's range.
            (yMin, yMax) = (Foundation.floor(yMin + 1e-9), Foundation.ceil(yMax - 1e-9))
            if yMax <= yMin { yMax = yMin + 1 }
        } else if yMin == yMax {
            (yMin, yMax) = (yMin - 1, yMax + 1)
        }
        let integerX = xs.allSatisfy { $0 == $0.rounded() }
        let xSpan = xMax > xMin ? xMax - xMin : 1
        func px(_ x: Double) -> Double { left + (x - xMin) / xSpan * plotW }
        func py(_ y: Double) -> Double { top + (1 - (y - yMin) / (yMax - yMin)) * plotH }

        // Grid and ticks.
        out += "<rect class=\"plot-area\" x=\"\(fmt(left))\" y=\"\(fmt(top))\" width=\"\(fmt(plotW))\" height=\"\(fmt(plotH))\" fill=\"none\" stroke=\"#444\"/>\n"
        for t in ticks(xMin, xMax, log: false, integer: integerX) {
            out += "<line x1=\"\(fmt(px(t)))\" y1=\"\(fmt(top))\" x2=\"\(fmt(px(t)))\" y2=\"\(fmt(top + plotH))\" stroke=\"#eee\"/>"
            out += "<text class=\"tick-x\" x=\"\(fmt(px(t)))\" y=\"\(fmt(top + plotH + 14))\" text-anchor=\"middle\" font-size=\"10\">\(label(t, log: false))</text>\n"
        }
        for t in ticks(yMin, yMax, log: logY, integer: false) {
            out += "<line x1=\"\(fmt(left))\" y1=\"\(fmt(py(t)))\" x2=\"\(fmt(left + plotW))\" y2=\"\(fmt(py(t)))\" stroke=\"#eee\"/>"
            out += "<text class=\"tick-y\" x=\"\(fmt(left - 4))\" y=\"\(fmt(py(t) + 3))\" text-anchor=\"end\" font-size=\"10\">\(label(t, log: logY))</text>\n"
        }
        out += "<text class=\"axis-label-x\" x=\"\(fmt(left + plotW / 2))\" y=\"\(fmt(height - 6))\" text-anchor=\"middle\" font-size=\"11\">\(escapeXML(xLabel))</text>\n"
        out += "<text class=\"axis-label-y\" transform=\"translate(12,\(fmt(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"11\">\(escapeXML(yLabel + (logY ? " (log scale)" : "")))</text>\n"

        // Lines: a value that cannot be drawn (≤ 0 on a log axis, NaN) breaks the line.
        out += "<g class=\"lines\">\n"
        for (i, s) in series.enumerated() {
            let (color, dash) = style(i)
            var path = "", pen = false
            for (x, y) in zip(s.x, s.y) {
                guard let ty = transformY(y), x.isFinite else { pen = false; continue }
                path += (pen ? "L" : "M") + "\(fmt(px(x))),\(fmt(py(ty)))"
                pen = true
            }
            // A lone point (one epoch, one thread count) gets a dot so it is visible.
            let dots = s.x.count == 1 || s.markers ? zip(s.x, s.y).compactMap { x, y in transformY(y).map { "<circle cx=\"\(fmt(px(x)))\" cy=\"\(fmt(py($0)))\" r=\"3\" fill=\"\(color)\"/>" } }.joined() : ""
            out += "<path class=\"series\" data-name=\"\(escapeXML(s.name))\" d=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.8\"\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")><title>\(escapeXML(s.name))</title></path>\(dots)\n"
        }
        out += "</g>\n"
        // Legend: to the right of the plot, outside the data.
        if !legendEntries.isEmpty {
            out += "<g class=\"legend\">\n"
            let x0 = left + plotW + 10
            for (row, i) in legendEntries.enumerated() {
                let (color, dash) = style(i)
                let y = top + 10 + Double(row) * 14
                var name = series[i].name
                if name.count > 34 { name = String(name.prefix(33)) + "…" }
                out += "<g class=\"legend-entry\"><line x1=\"\(fmt(x0))\" y1=\"\(fmt(y - 4))\" x2=\"\(fmt(x0 + 24))\" y2=\"\(fmt(y - 4))\" stroke=\"\(color)\" stroke-width=\"2.2\"\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>"
                out += "<text x=\"\(fmt(x0 + 28))\" y=\"\(fmt(y))\" font-size=\"10\">\(escapeXML(name))<title>\(escapeXML(series[i].name))</title></text></g>\n"
            }
            out += "</g>\n"
        }
        return out + "</g>\n"
    }

    /// Tick positions in axis units (log10 units on a log axis: whole decades).
    private func ticks(_ lo: Double, _ hi: Double, log: Bool, integer: Bool) -> [Double] {
        if log {
            let first = Int(Foundation.floor(lo + 1e-9)), last = Int(Foundation.ceil(hi - 1e-9))
            let decades = (first ... Swift.max(first, last)).map(Double.init)
            let step = Swift.max(1, (decades.count + 7) / 8)
            return stride(from: 0, to: decades.count, by: step).map { decades[$0] }
        }
        guard hi > lo, (hi - lo).isFinite else { return [lo] }  // one point: one tick
        let raw = (hi - lo) / 5
        let magnitude = Foundation.pow(10, Foundation.floor(Foundation.log10(raw)))
        var step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        if integer { step = Swift.max(1, step.rounded(.up)) }
        let first = Foundation.ceil(lo / step - 1e-9) * step
        return stride(from: first, through: hi + step * 1e-9, by: step).map { $0 }
    }

    private func label(_ t: Double, log: Bool) -> String {
        if log {
            let exponent = Int(Foundation.floor(t + 1e-9)), mantissa = Foundation.pow(10, t - Double(exponent))
            return mantissa < 1.5 ? "1e\(exponent)" : "\(Int(mantissa.rounded()))e\(exponent)"
        }
        // + 0 turns a rounded -0 into 0: no "-0" tick.
        let rounded = (t * 1e6).rounded() / 1e6 + 0
        return Swift.abs(rounded) >= 1e4 || (Swift.abs(rounded) < 1e-3 && rounded != 0) ? String(format: "%.0e", rounded) : String(format: "%g", rounded)
    }
}

/// A font size at most `maximum` at which `text` fits in `width` (Helvetica averages about
/// 0.55 em a character).
func fittedFontSize(_ text: String, width: Double, maximum: Double) -> Double {
    Swift.max(8, Swift.min(maximum, width / (0.56 * Double(Swift.max(1, text.count)))))
}

/// Several charts in a grid, as one SVG (e.g. one panel per layer).
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
        // Each column as wide as its widest panel, each row as tall as its tallest.
        let rows = (panels.count + columns - 1) / columns
        let columnWidths = (0 ..< columns).map { c in stride(from: c, to: panels.count, by: columns).map { panels[$0].width }.max() ?? 0 }
        let rowHeights = (0 ..< rows).map { r in panels[(r * columns) ..< min(panels.count, (r + 1) * columns)].map(\.renderedHeight).max() ?? 0 }
        let width = max(columnWidths.reduce(0, +), 320), height = 36 + rowHeights.reduce(0, +)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(fmt(width))\" height=\"\(fmt(height))\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        out += "<text class=\"figure-title\" x=\"\(fmt(width / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"\(fmt(fittedFontSize(title, width: width - 16, maximum: 17)))\" font-weight=\"bold\">\(escapeXML(title))</text>\n"
        for (i, panel) in panels.enumerated() {
            let (r, c) = (i / columns, i % columns)
            out += panel.group(x: columnWidths[..<c].reduce(0, +), y: 36 + rowHeights[..<r].reduce(0, +))
        }
        return out + "</svg>\n"
    }
}

extension Array where Element: Hashable {
    /// The distinct elements in order of first appearance.
    public func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}

func fmt(_ v: Double) -> String { String(format: "%.1f", v) }

func escapeXML(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}
