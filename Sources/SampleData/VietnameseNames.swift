/// Word lists for sample merchants: people's names, village names and kinds of shops, in
/// Vietnamese (NFC). Family names are weighted roughly by how common they are.
enum VietnameseNames {
    /// Family names with weights (per mille, approximately their share of the population).
    static let familyNames: [(String, Int)] = [
        ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Hoàng", 45), ("Vũ", 40),
        ("Phan", 30), ("Đặng", 25), ("Bùi", 25), ("Đỗ", 20), ("Ngô", 15), ("Đào", 15),
        ("Dương", 12), ("Lý", 8), ("Đinh", 12), ("Lương", 8), ("Mai", 8), ("Trịnh", 10),
        ("Tạ", 6), ("Đoàn", 10), ("Hà", 8), ("Lưu", 6), ("Cao", 6), ("Tô", 5), ("Quách", 3),
    ]

    static let maleMiddleNames = [
        "Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Thanh", "Công", "Mạnh", "Tiến",
    ]
    static let femaleMiddleNames = [
        "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Phương", "Thúy", "Kim",
    ]

    static let maleGivenNames = [
        "Hùng", "Dũng", "Tuấn", "Nam", "Hải", "Long", "Thắng", "Cường", "Quân", "Sơn", "Bình", "Hiếu",
        "Toàn", "Phong", "Trung", "Đạt", "Huy", "Khánh", "Lâm", "Mạnh", "Nghĩa", "Phúc", "Quang", "Tài",
        "Thành", "Thịnh", "Tùng", "Việt", "Vinh", "Hoàng", "Đức", "Hòa", "Kiên", "Lợi", "Thủy", "Trường",
    ]
    static let femaleGivenNames = [
        "Hương", "Lan", "Hoa", "Mai", "Hà", "Thảo", "Linh", "Ngọc", "Hằng", "Nga", "Phương", "Huyền",
        "Trang", "Yến", "Dung", "Liên", "Loan", "Nhung", "Oanh", "Quỳnh", "Thủy", "Tuyết", "Vân", "Xuân",
        "Hạnh", "Hiền", "Hồng", "Lụa", "Nhàn", "Thơm", "Duyên", "Hòa", "Thúy", "Minh", "Anh", "Chi",
    ]

    /// Village (thôn) names common in the Red River delta.
    static let villageNames = [
        "Đông", "Tây", "Nam", "Bắc", "Thượng", "Hạ", "Trung", "Đông Thượng", "Tây Hạ", "An Lạc",
        "An Bình", "An Khê", "Phú Xuân", "Phú Mỹ", "Phú Hữu", "Hòa Bình", "Thái Hòa", "Tân Dân",
        "Tân Lập", "Tân Phong", "Đồng Tâm", "Đoàn Kết", "Quyết Tiến", "Thắng Lợi", "Cộng Hòa",
        "Đại Đồng", "Hưng Đạo", "Hồng Phong", "Nhân Hòa", "Vĩnh Thịnh", "Vĩnh Trà", "Lạc Thủy",
        "Cao Xá", "Đào Xá", "Lương Xá", "Phù Sa", "Bãi Sậy", "Đình Cao", "Đống Cao", "Mễ Sở",
        "Xuân Quan", "Nghĩa Trụ", "Phượng Lâu", "Tiên Cầu", "Thọ Vực", "La Tiến", "Hải Triều",
        "An Vĩ", "Kim Ngưu", "Nội Lăng", "Ngoại Lăng", "Trà Đông", "Trà Tây", "Lộng Khê",
        "Bình Minh", "Quang Trung", "Thanh Xuyên", "Hoa Cầu", "Phúc Lâm", "Tiền Phong",
    ]

    /// A kind of business: its name in the registry, how shops of that kind are usually named,
    /// and how common it is in rural communes (xã) and in wards (phường), per mille.
    struct BusinessType {
        let name: String
        let shopPrefixes: [String]
        let ruralWeight: Int
        let urbanWeight: Int
    }

    static let businessTypes: [BusinessType] = [
        BusinessType(
            name: "Tạp hóa", shopPrefixes: ["Tạp hóa", "Cửa hàng tạp hóa", "Đại lý"],
            ruralWeight: 240, urbanWeight: 130),
        BusinessType(
            name: "Quán ăn", shopPrefixes: ["Quán cơm", "Quán phở", "Bún chả", "Quán bún", "Cơm bình dân"],
            ruralWeight: 100, urbanWeight: 140),
        BusinessType(
            name: "Cà phê – giải khát", shopPrefixes: ["Cà phê", "Trà chanh", "Giải khát"],
            ruralWeight: 70, urbanWeight: 120),
        BusinessType(
            name: "Sạp chợ", shopPrefixes: ["Sạp", "Hàng rau", "Hàng thịt", "Hàng cá"],
            ruralWeight: 140, urbanWeight: 90),
        BusinessType(
            name: "Nông sản – vật tư nông nghiệp", shopPrefixes: ["Vật tư nông nghiệp", "Đại lý phân bón", "Thóc gạo"],
            ruralWeight: 90, urbanWeight: 15),
        BusinessType(
            name: "Quần áo – thời trang", shopPrefixes: ["Shop", "Thời trang", "Quần áo"],
            ruralWeight: 50, urbanWeight: 100),
        BusinessType(
            name: "Sửa chữa xe máy", shopPrefixes: ["Sửa xe", "Rửa xe", "Phụ tùng xe máy"],
            ruralWeight: 60, urbanWeight: 50),
        BusinessType(
            name: "Cắt tóc – làm đẹp", shopPrefixes: ["Cắt tóc", "Salon tóc", "Làm móng"],
            ruralWeight: 50, urbanWeight: 70),
        BusinessType(
            name: "Vật liệu xây dựng", shopPrefixes: ["Vật liệu xây dựng", "Sắt thép", "Gạch ngói"],
            ruralWeight: 40, urbanWeight: 30),
        BusinessType(
            name: "Điện thoại – điện máy", shopPrefixes: ["Điện thoại", "Điện máy", "Điện nước"],
            ruralWeight: 35, urbanWeight: 60),
        BusinessType(name: "Hiệu thuốc", shopPrefixes: ["Nhà thuốc", "Quầy thuốc"], ruralWeight: 25, urbanWeight: 45),
        BusinessType(
            name: "Bánh mì – bánh ngọt", shopPrefixes: ["Bánh mì", "Tiệm bánh", "Bánh cuốn"],
            ruralWeight: 30, urbanWeight: 50),
        BusinessType(
            name: "Văn phòng phẩm – photo", shopPrefixes: ["Văn phòng phẩm", "Photocopy", "Nhà sách"],
            ruralWeight: 20, urbanWeight: 40),
        BusinessType(
            name: "Dịch vụ khác", shopPrefixes: ["Tiệm may", "Sửa điện tử", "Ảnh viện", "Karaoke"],
            ruralWeight: 50, urbanWeight: 60),
    ]

    /// Mobile prefixes of Vietnamese carriers (Viettel, VinaPhone, MobiFone, Vietnamobile).
    static let mobilePrefixes = [
        "032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098",
        "081", "082", "083", "084", "085", "088", "091", "094", "070", "076", "077", "078",
        "079", "089", "090", "093", "056", "058",
    ]

    /// Banks merchants in the province use, by BIN, with weights and account number lengths.
    static let banks: [(bin: String, weight: Int, accountLength: Int)] = [
        ("970405", 280, 13),  // Agribank
        ("970415", 140, 12),  // VietinBank
        ("970418", 130, 12),  // BIDV
        ("970436", 120, 10),  // Vietcombank
        ("970422", 100, 11),  // MB
        ("970407", 60, 14),  // Techcombank
        ("970432", 50, 9),  // VPBank
        ("970449", 40, 12),  // LPBank
        ("970403", 30, 12),  // Sacombank
        ("970416", 20, 8),  // ACB
        ("970423", 20, 11),  // TPBank
        ("970443", 10, 10),  // SHB
    ]
}
