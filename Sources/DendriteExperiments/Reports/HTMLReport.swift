import Dendrite
import Foundation

/// A self-contained HTML page (inline CSS and SVG, no network) that collects a run's results.
public struct HTMLReport: Sendable {
    public var title: String
    private var body: [String] = []

    public init(title: String) { self.title = title }

    public mutating func heading(_ text: String) { body.append("<h2>\(escapeXML(text))</h2>") }
    public mutating func paragraph(_ text: String) { body.append("<p>\(escapeXML(text))</p>") }
    public mutating func preformatted(_ text: String) { body.append("<pre>\(escapeXML(text))</pre>") }
    /// Inline SVG (from ``LineChart`` or ``Figure``).
    public mutating func svg(_ svg: String) { body.append("<div class=\"figure\">\(svg)</div>") }
    /// Raw HTML the caller has made safe (e.g. an interactive view).
    public mutating func html(_ fragment: String) { body.append(fragment) }

    public mutating func table(headers: [String], rows: [[String]]) {
        var t = "<div class=\"table-scroll\"><table><thead><tr>" + headers.map { "<th>\(escapeXML($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows { t += "<tr>" + row.map { "<td>\(escapeXML($0))</td>" }.joined() + "</tr>" }
        body.append(t + "</tbody></table></div>")
    }

    public var rendered: String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(escapeXML(title))</title>
        <style>
        body { font-family: Helvetica, Arial, sans-serif; max-width: 1100px; margin: 2em auto; color: #222; padding: 0 1em; }
        h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ddd; }
        .table-scroll { max-height: 28em; overflow: auto; margin: 1em 0; border: 1px solid #ddd; display: inline-block; max-width: 100%; }
        .table-scroll table { margin: 0; }
        .table-scroll th { position: sticky; top: 0; } .table-scroll td { white-space: nowrap; }
        table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
        th, td { border: 1px solid #ccc; padding: 4px 10px; text-align: right; }
        th { background: #f4f4f4; } td:first-child, th:first-child { text-align: left; }
        pre { background: #f8f8f8; padding: 0.8em; overflow-x: auto; font-size: 0.85em; }
        .figure svg { max-width: 100%; height: auto; }
        </style></head><body>
        <h1>\(escapeXML(title))</h1>
        \(body.joined(separator: "\n"))
        <p style="color:#888;font-size:0.8em">Dendrite \(Kernels.version), \(ISO8601DateFormatter().string(from: Date()))</p>
        </body></html>

        """
    }
}
