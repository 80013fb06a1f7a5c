import Dendrite
import Foundation

/// A parallel-coordinates view of a grid search (like HiPlot): one vertical axis per
/// hyper-parameter and metric, one line per configuration, coloured by the score from blue
/// (worst) through purple to orange (best, drawn thicker and on top), with a colour legend.
/// ``html`` adds brushing: drag along an axis to select a range, lines outside every brushed
/// range fade, a double click clears; `#brush=AXIS:LO:HI` (or `AXIS:CATEGORY`, several joined
/// by `;`) in the page's URL applies a brush on load through the same code.
public struct ParallelCoordinates: Sendable {
    /// One axis: numeric values on a linear scale, or categories (e.g. activation names, or
    /// a grid's learning rates) spaced evenly from bottom to top.
    public struct Axis: Sendable {
        public var name: String
        public var values: [String]
        /// nil: categorical unless every value is a number.
        public var categorical: Bool?
        public init(_ name: String, values: [String], categorical: Bool? = nil) {
            self.name = name
            self.values = values
            self.categorical = categorical
        }

        var isCategorical: Bool { categorical ?? !values.allSatisfy { Double($0) != nil } }
        /// The distinct values in axis order (numbers ascending, other text as first seen).
        var categories: [String] {
            let distinct = values.uniqued()
            return distinct.allSatisfy { Double($0) != nil } ? distinct.sorted { Double($0)! < Double($1)! } : distinct
        }
        var numericRange: (lo: Double, hi: Double) {
            let numbers = values.compactMap(Double.init)
            return (numbers.min() ?? 0, numbers.max() ?? 1)
        }
        /// Each value's place on the axis, 0 (bottom) … 1 (top).
        var positions: [Double] {
            if isCategorical {
                let c = categories
                return values.map { c.count > 1 ? Double(c.firstIndex(of: $0)!) / Double(c.count - 1) : 0.5 }
            }
            let (lo, hi) = numericRange
            return values.map { v in Double(v).map { hi > lo ? ($0 - lo) / (hi - lo) : 0.5 } ?? 0.5 }
        }
    }

    public var title: String
    public var axes: [Axis]
    /// The value that colours each line (e.g. mean validation accuracy), one per row.
    public var score: [Double]
    public var scoreName: String
    /// The element id of the SVG (one view per page).
    public var id = "parallel-coordinates"

    public init(title: String, axes: [Axis], score: [Double], scoreName: String) {
        precondition(axes.allSatisfy { $0.values.count == score.count }, "ParallelCoordinates: every axis needs one value per row")
        self.title = title
        self.axes = axes
        self.score = score
        self.scoreName = scoreName
    }

    static let (top, bottom, side, legendWidth) = (70.0, 380.0, 60.0, 150.0)

    public var svg: String {
        let (top, bottom, side) = (Self.top, Self.bottom, Self.side)
        let plotWidth = max(560.0, Double(axes.count) * 118)
        let width = plotWidth + Self.legendWidth, height = bottom + 40
        let step = axes.count > 1 ? (plotWidth - 2 * side) / Double(axes.count - 1) : 0
        let positions = axes.map(\.positions)
        func y(_ p: Double) -> Double { bottom - p * (bottom - top) }
        let (lo, hi) = (score.min() ?? 0, score.max() ?? 1)
        let best = score.indices.max { score[$0] < score[$1] }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"\(id)\" class=\"parallel-coordinates\" data-top=\"\(fmt(top))\" data-bottom=\"\(fmt(bottom))\" width=\"\(fmt(width))\" height=\"\(fmt(height))\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
        out += "<style>path.row{fill:none;stroke-width:2;opacity:0.8} path.row.best{stroke-width:4.5;opacity:1} path.row:hover{stroke-width:5;opacity:1} path.row.faded{stroke:#d0d0d0;opacity:0.35;stroke-width:1.5} .pc-hit{cursor:crosshair}</style>\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        out += "<text x=\"\(fmt(plotWidth / 2))\" y=\"22\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">\(escapeXML(title))</text>\n"
        out += "<text x=\"\(fmt(plotWidth / 2))\" y=\"40\" text-anchor=\"middle\" font-size=\"10\" fill=\"#666\">drag along an axis to select a range; double click to clear</text>\n"
        // Worst lines first so the best are drawn on top; the best last of all.
        out += "<g class=\"rows\">\n"
        for row in score.indices.sorted(by: { (score[$0], $0 == best ? 1 : 0) < (score[$1], $1 == best ? 1 : 0) }) {
            let t = hi > lo ? (score[row] - lo) / (hi - lo) : 1
            let d = axes.indices.map { (a: Int) in "\(a == 0 ? "M" : "L")\(fmt(side + Double(a) * step)),\(fmt(y(positions[a][row])))" }.joined()
            let tip = (row == best ? "best: " : "") + axes.map { "\($0.name) = \($0.values[row])" }.joined(separator: ", ")
            let p = positions.map { String(format: "%.6g", $0[row]) }.joined(separator: ",")
            out += "<path class=\"row\(row == best ? " best" : "")\" data-row=\"\(row)\" data-p=\"\(p)\" d=\"\(d)\" stroke=\"\(Self.color(t))\"><title>\(escapeXML(tip))</title></path>\n"
        }
        out += "</g>\n"
        for (a, axis) in axes.enumerated() {
            let x = side + Double(a) * step
            let (nlo, nhi) = axis.numericRange
            out += "<g class=\"pc-axis\" data-index=\"\(a)\" data-name=\"\(escapeXML(axis.name))\" data-kind=\"\(axis.isCategorical ? "category" : "numeric")\""
                + (axis.isCategorical ? "" : " data-lo=\"\(nlo)\" data-hi=\"\(nhi)\"") + ">\n"
            out += "<line x1=\"\(fmt(x))\" y1=\"\(fmt(top))\" x2=\"\(fmt(x))\" y2=\"\(fmt(bottom))\" stroke=\"#333\" stroke-width=\"1.5\"/>\n"
            out += "<text class=\"pc-axis-name\" x=\"\(fmt(x))\" y=\"\(fmt(top - 12))\" text-anchor=\"middle\" font-size=\"\(fmt(fittedFontSize(axis.name, width: step > 0 ? step - 6 : 200, maximum: 12)))\" font-weight=\"bold\">\(escapeXML(axis.name))</text>\n"
            if !axis.isCategorical, Set(axis.values).count > 5 {
                // A numeric axis with many values: five evenly spaced ticks instead of every value.
                for k in 0 ... 4 {
                    let p = Double(k) / 4
                    out += "<text class=\"pc-tick\" data-p=\"\(p)\" x=\"\(fmt(x + 5))\" y=\"\(fmt(y(p) + 4))\" font-size=\"10\" fill=\"#333\" paint-order=\"stroke\" stroke=\"white\" stroke-width=\"3\">\(String(format: "%.4g", nlo + (nhi - nlo) * p))</text>\n"
                }
            } else {
                let values = axis.isCategorical ? axis.categories : axis.values.uniqued()
                let places = axis.positions
                for value in values.prefix(16) {
                    let p = places[axis.values.firstIndex(of: value)!]
                    out += "<text class=\"pc-tick\" data-value=\"\(escapeXML(value))\" data-p=\"\(String(format: "%.6g", p))\" x=\"\(fmt(x + 5))\" y=\"\(fmt(y(p) + 4))\" font-size=\"10\" fill=\"#333\" paint-order=\"stroke\" stroke=\"white\" stroke-width=\"3\">\(escapeXML(value))</text>\n"
                }
            }
            out += "<rect class=\"pc-brush\" x=\"\(fmt(x - 7))\" y=\"\(fmt(top))\" width=\"14\" height=\"0\" fill=\"#3b6fd6\" fill-opacity=\"0.25\" stroke=\"#3b6fd6\" visibility=\"hidden\"/>\n"
            out += "<rect class=\"pc-hit\" x=\"\(fmt(x - 12))\" y=\"\(fmt(top - 4))\" width=\"24\" height=\"\(fmt(bottom - top + 8))\" fill=\"transparent\"/>\n"
            out += "</g>\n"
        }
        // Colour legend: the score's ramp, best at the top, and the best run's thick line.
        let lx = plotWidth + 20
        out += "<g class=\"color-legend\">\n<defs><linearGradient id=\"\(id)-ramp\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">"
        for k in 0 ... 8 { out += "<stop offset=\"\(fmt(Double(k) / 8))\" stop-color=\"\(Self.color(Double(k) / 8))\"/>" }
        out += "</linearGradient></defs>\n"
        out += "<text x=\"\(fmt(lx))\" y=\"\(fmt(top - 12))\" font-size=\"11\" font-weight=\"bold\">colour: \(escapeXML(scoreName))</text>\n"
        out += "<rect x=\"\(fmt(lx))\" y=\"\(fmt(top))\" width=\"16\" height=\"\(fmt(bottom - top - 60))\" fill=\"url(#\(id)-ramp)\" stroke=\"#666\"/>\n"
        out += "<text class=\"legend-hi\" x=\"\(fmt(lx + 22))\" y=\"\(fmt(top + 9))\" font-size=\"10\">\(String(format: "%.4g", hi)) (best)</text>\n"
        out += "<text class=\"legend-lo\" x=\"\(fmt(lx + 22))\" y=\"\(fmt(bottom - 60))\" font-size=\"10\">\(String(format: "%.4g", lo)) (worst)</text>\n"
        out += "<line x1=\"\(fmt(lx))\" y1=\"\(fmt(bottom - 30))\" x2=\"\(fmt(lx + 26))\" y2=\"\(fmt(bottom - 30))\" stroke=\"\(Self.color(1))\" stroke-width=\"4.5\"/>"
        out += "<text x=\"\(fmt(lx + 32))\" y=\"\(fmt(bottom - 26))\" font-size=\"10\">best run</text>\n</g>\n"
        return out + "</svg>\n"
    }

    /// The SVG with the brushing script (inline, no network), for an HTML page.
    public var html: String {
        "<div class=\"figure\">\(svg)</div>\n<script>\n" + Self.script.replacingOccurrences(of: "__ID__", with: id) + "</script>"
    }

    static let script = """
    (function () {
      var svg = document.getElementById('__ID__');
      if (!svg) return;
      var top = +svg.getAttribute('data-top'), bottom = +svg.getAttribute('data-bottom');
      var axes = [].slice.call(svg.querySelectorAll('g.pc-axis'));
      var rows = [].slice.call(svg.querySelectorAll('path.row'));
      var brushes = {};
      function yOf(p) { return bottom - p * (bottom - top); }
      function pOf(evt) {
        var pt = svg.createSVGPoint(); pt.x = evt.clientX; pt.y = evt.clientY;
        var y = pt.matrixTransform(svg.getScreenCTM().inverse()).y;
        return Math.min(1, Math.max(0, (bottom - y) / (bottom - top)));
      }
      // The one way a brush changes: dragging, the URL fragment and double clicks all call this.
      function setBrush(a, p0, p1) {
        function clamp(p) { return Math.min(1, Math.max(0, p)); }
        if (p0 === null) delete brushes[a]; else brushes[a] = [clamp(Math.min(p0, p1)), clamp(Math.max(p0, p1))];
        var shown = 0;
        rows.forEach(function (r) {
          var p = r.getAttribute('data-p').split(',').map(Number), ok = true;
          for (var k in brushes) if (p[k] < brushes[k][0] - 1e-6 || p[k] > brushes[k][1] + 1e-6) ok = false;
          r.classList.toggle('faded', !ok);
          if (ok) shown++;
        });
        axes.forEach(function (g, k) {
          var rect = g.querySelector('.pc-brush'), b = brushes[k];
          rect.setAttribute('visibility', b ? 'visible' : 'hidden');
          if (b) { rect.setAttribute('y', yOf(b[1]) - 6); rect.setAttribute('height', yOf(b[0]) - yOf(b[1]) + 12); }
        });
        svg.setAttribute('data-shown', shown);
      }
      var drag = null;
      axes.forEach(function (g, a) {
        g.querySelector('.pc-hit').addEventListener('mousedown', function (e) { e.preventDefault(); drag = { a: a, p: pOf(e) }; });
      });
      window.addEventListener('mousemove', function (e) { if (drag) setBrush(drag.a, drag.p, pOf(e)); });
      window.addEventListener('mouseup', function (e) {
        if (drag && Math.abs(pOf(e) - drag.p) < 0.01) setBrush(drag.a, null);  // a click clears that axis
        drag = null;
      });
      svg.addEventListener('dblclick', function () { for (var k in brushes) delete brushes[k]; setBrush(0, null); });
      // #brush=AXIS:LO:HI (numbers) or AXIS:CATEGORY, several joined by ';'.
      function fromHash() {
        var m = /brush=([^&]*)/.exec(decodeURIComponent(location.hash));
        if (!m) return;
        m[1].split(';').forEach(function (part) {
          var f = part.split(':'), a = -1;
          axes.forEach(function (g, k) { if (g.getAttribute('data-name') === f[0]) a = k; });
          if (a < 0) { console.warn('brush: no axis ' + f[0]); return; }
          var g = axes[a];
          if (g.getAttribute('data-kind') === 'category') {
            var ps = [].slice.call(g.querySelectorAll('.pc-tick')).filter(function (t) { return f.slice(1).indexOf(t.getAttribute('data-value')) >= 0; })
              .map(function (t) { return +t.getAttribute('data-p'); });
            if (ps.length) setBrush(a, Math.min.apply(null, ps), Math.max.apply(null, ps));
          } else {
            var lo = +g.getAttribute('data-lo'), hi = +g.getAttribute('data-hi');
            var p = function (v) { return hi > lo ? (v - lo) / (hi - lo) : (v < lo ? 0 : v > lo ? 1 : 0.5); };
            setBrush(a, p(+f[1]), p(+f[2]));
          }
        });
      }
      setBrush(0, null);
      fromHash();
      window.addEventListener('hashchange', fromHash);
    })();

    """

    /// A ramp readable on white: dark blue → purple → red → orange (plasma without its pale end).
    static func color(_ t: Double) -> String {
        let stops: [(Double, Double, Double)] = [(40, 60, 160), (110, 40, 170), (190, 40, 120), (225, 85, 50), (235, 140, 0)]
        let x = Swift.min(Swift.max(t, 0), 1) * Double(stops.count - 1)
        let i = Swift.min(Int(x), stops.count - 2), f = x - Double(i)
        let (a, b) = (stops[i], stops[i + 1])
        return String(format: "#%02x%02x%02x", Int(a.0 + (b.0 - a.0) * f), Int(a.1 + (b.1 - a.1) * f), Int(a.2 + (b.2 - a.2) * f))
    }
}
