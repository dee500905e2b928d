import Domain

/// The language of report labels: Vietnamese for officials by default, English on request.
/// Unit names are data and are never translated.
public enum ReportLanguage: String, Sendable, CaseIterable {
    case vi
    case en

    /// An integer with thousands grouped: `12.345` in Vietnamese, `12,345` in English.
    public func number(_ value: Int) -> String {
        let digits = String(abs(value))
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(self == .vi ? "." : ",") }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// A number given in tenths, thousands grouped: `4.148,3` in Vietnamese, `4,148.3` in English.
    public func decimal(tenths: Int) -> String {
        let sign = tenths < 0 ? "-" : ""
        return sign + number(abs(tenths) / 10) + (self == .vi ? "," : ".") + String(abs(tenths) % 10)
    }

    /// A percent from tenths: `88,9%` in Vietnamese, `88.9%` in English.
    public func percent(tenths: Int) -> String {
        decimal(tenths: tenths) + "%"
    }

    /// A date as readers expect it: `31/12/2025` in Vietnamese, `2025-12-31` in English.
    public func date(_ day: CalendarDay) -> String {
        self == .vi ? day.vietnamese : day.iso
    }
}

/// Every label a report prints, in one place per language.
struct ReportLabels {
    let language: ReportLanguage

    init(_ language: ReportLanguage) {
        self.language = language
    }

    private func pick(_ vi: String, _ en: String) -> String { language == .vi ? vi : en }

    var code: String { pick("Mã", "Code") }
    var total: String { pick("Số cửa hàng", "Merchants") }
    var covered: String { pick("Có QR", "With QR") }
    var percent: String { pick("Tỷ lệ", "Percent") }
    func met(_ target: CoverageTarget) -> String { pick("Đạt \(target.percent)%", "Met \(target.percent)%") }
    var shortfall: String { pick("Còn thiếu", "Shortfall") }
    var yes: String { pick("đạt", "yes") }
    var no: String { pick("chưa đạt", "no") }
    var noMerchants: String { pick("chưa có dữ liệu", "no data") }
    var rollUp: String { pick("Tổng cộng", "Total") }
    var country: String { pick("Cả nước", "Whole country") }
    var sample: String {
        pick("DỮ LIỆU MẪU — không phải số liệu thật", "SAMPLE DATA — not real figures")
    }

    func unit(_ kind: CoverageUnitKind) -> String {
        switch kind {
        case .province: return pick("Tỉnh/thành phố", "Province")
        case .commune: return pick("Xã/phường", "Commune")
        case .hamlet: return pick("Thôn/tổ dân phố", "Hamlet")
        case .businessType: return pick("Loại hình kinh doanh", "Business type")
        }
    }

    /// The plural noun for counting units in a summary.
    func units(_ kind: CoverageUnitKind) -> String {
        switch kind {
        case .province: return pick("tỉnh/thành phố", "provinces")
        case .commune: return pick("xã/phường", "communes")
        case .hamlet: return pick("thôn/tổ dân phố", "hamlets")
        case .businessType: return pick("loại hình kinh doanh", "business types")
        }
    }

    /// The row's name, or a placeholder for merchants whose hamlet or business type was not given.
    func displayName(_ row: CoverageRow, _ kind: CoverageUnitKind) -> String {
        guard row.name.isEmpty else { return row.name }
        switch kind {
        case .hamlet: return pick("(không ghi thôn/tổ dân phố)", "(no hamlet given)")
        case .businessType: return pick("(không ghi loại hình)", "(no business type given)")
        case .province, .commune: return row.code
        }
    }

    func scopeName(_ scope: ReportScope) -> String {
        switch scope.level {
        case .country: return country
        case .province, .commune:
            let name = scope.name ?? ""
            let code = scope.code.map { " (\($0))" } ?? ""
            return name + code
        }
    }

    /// The report's heading: what, where, on which day, against which target.
    func title(_ report: CoverageReport) -> String {
        let date = language.date(report.asOf)
        let scope = scopeName(report.scope)
        return pick(
            "Tỷ lệ cửa hàng có mã QR thanh toán — \(scope) — đến ngày \(date) — mục tiêu \(report.target.percent)%",
            "Merchants displaying a payment QR — \(scope) — as of \(date) — target \(report.target.percent)%"
        )
    }

    /// One line under the table: how many units meet the target and how many merchants are missing.
    func summary(_ report: CoverageReport) -> String {
        let meeting = report.rowsMeetingTarget.count
        let counted = report.rows.count - report.emptyRows.count
        let missing = number(report.totalRowShortfall)
        let noun = units(report.unitKind)
        let target = report.target.percent
        var line = pick(
            "\(meeting)/\(counted) \(noun) đạt mục tiêu \(target)%; các đơn vị chưa đạt còn thiếu \(missing) cửa hàng.",
            "\(meeting) of \(counted) \(noun) meet the \(target)% target; those below need \(missing) more merchants."
        )
        let empty = report.emptyRows.count
        if empty > 0 {
            line += pick(" \(empty) \(noun) chưa có cửa hàng nào.", " \(empty) \(noun) have no merchants.")
        }
        return line
    }

    func number(_ value: Int) -> String { language.number(value) }
}
