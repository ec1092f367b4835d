// Sample documents for the PDF tests (Ninh Thuận 2024 sơ kết, as in the project's fixtures).
import type { InvitationLetter } from '$lib/server/pdf/invitation';
import type { CertificateData } from '$lib/server/pdf/certificate';

export const EVENT_TITLE =
	'Hội nghị sơ kết 03 năm Phong trào thi đua “Vì người nghèo – Không để ai bị bỏ lại phía sau” giai đoạn 2021 - 2025';

/** 07:30 on Friday 5 April 2024 in Vietnam (UTC+7). */
export const STARTS_AT = new Date('2024-04-05T00:30:00Z');

export function sampleLetter(overrides: Partial<InvitationLetter> = {}): InvitationLetter {
	return {
		authorityParent: 'ỦY BAN NHÂN DÂN',
		authorityName: 'TỈNH NINH THUẬN',
		docNumber: '',
		docSymbol: 'GM-UBND',
		placeName: 'Ninh Thuận',
		issueDate: null,
		title: 'GIẤY MỜI',
		subject:
			'Dự Hội nghị sơ kết 03 năm Phong trào thi đua “Vì người nghèo – Không để ai bị bỏ lại phía sau”',
		recipient: {
			salutation: 'Bà',
			name: 'Nguyễn Thị Ánh Tuyết',
			position: 'Giám đốc',
			unit: 'Sở Tài chính',
			addressedTo: null
		},
		hostName: 'Ủy ban nhân dân tỉnh Ninh Thuận',
		eventTitle: EVENT_TITLE,
		startsAt: STARTS_AT,
		venue: 'Hội trường Ủy ban nhân dân tỉnh',
		address: 'số 450 đường Thống Nhất, phường Phủ Hà, thành phố Phan Rang - Tháp Chàm',
		programmeSummary: [
			'Báo cáo sơ kết 03 năm thực hiện Phong trào thi đua;',
			'Tham luận của các đơn vị, địa phương điển hình;',
			'Công bố quyết định và trao Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh.'
		],
		notes: [
			'Trang phục: Áo sơ mi, quần âu (nam); áo dài truyền thống (nữ).',
			'Đề nghị đại biểu mang theo Giấy mời này hoặc mã QR bên dưới để làm thủ tục đón tiếp.',
			'Liên hệ: Ông Đặng Quốc Việt, chuyên viên Văn phòng UBND tỉnh, điện thoại 0912 345 678.'
		],
		qrPayload: 'https://hoinghi.ninhthuan.gov.vn/m/7Hq2xK9pLmN4',
		checkinCode: 'K7Q2-9PLM',
		signerPrefix: 'KT. CHỦ TỊCH',
		signerTitle: 'PHÓ CHỦ TỊCH',
		signerName: 'Huỳnh Thị Phượng',
		recipientsList: ['- Như trên;', '- Chủ tịch, các PCT UBND tỉnh;', '- Lưu: VT, VXNV.'],
		...overrides
	};
}

export const ACHIEVEMENT =
	'Đã có thành tích xuất sắc trong Phong trào thi đua “Vì người nghèo – Không để ai bị bỏ lại phía sau” giai đoạn 2021 - 2023';

/** 600 characters of thành tích. */
export const LONG_ACHIEVEMENT = (
	'Đã có thành tích xuất sắc trong việc tổ chức triển khai thực hiện Phong trào thi đua ' +
	'“Vì người nghèo – Không để ai bị bỏ lại phía sau”, huy động nguồn lực xã hội hóa hỗ trợ ' +
	'xây dựng nhà ở cho hộ nghèo, hộ cận nghèo; góp phần giảm nghèo bền vững, '
)
	.repeat(4)
	.slice(0, 600);

/** 90 characters of unit name. */
export const LONG_UNIT =
	'Phòng Lao động - Thương binh và Xã hội thuộc Ủy ban nhân dân huyện Ninh Phước, tỉnh Ninh Thuận'.slice(
		0,
		90
	);

export function sampleCertificate(overrides: Partial<CertificateData> = {}): CertificateData {
	return {
		authorityLine: 'Chủ tịch Ủy ban nhân dân tỉnh Ninh Thuận',
		formTitle: 'Bằng khen',
		recipientKind: 'individual',
		recipientLine: 'Bà Nguyễn Thị Ánh Tuyết',
		recipientDetail: 'Phó Chủ tịch Ủy ban nhân dân xã Phước Bình, huyện Bác Ái',
		achievement: ACHIEVEMENT,
		decisionNumber: '1234/QĐ-UBND',
		decisionDate: new Date('2024-03-28T03:00:00Z'),
		registerNumber: '2024/0157',
		placeName: 'Ninh Thuận',
		issueDate: new Date('2024-03-28T03:00:00Z'),
		signerPrefix: 'KT. CHỦ TỊCH',
		signerTitle: 'PHÓ CHỦ TỊCH',
		signerName: 'Huỳnh Thị Phượng',
		verification: { code: 'BK-7Q2K-9PLM', url: 'https://hoinghi.ninhthuan.gov.vn/v/7Q2K9PLM' },
		...overrides
	};
}
