import { describe, it, expect } from 'vitest';
import { readTable } from '$lib/server/sheets/read-table';
import {
	delegateIdentityKey,
	looksLikePosition,
	matchTierName,
	parseDelegateSheet,
	type DelegateImportPreview
} from '$lib/server/sheets/delegates';
import { buildXlsx, utf16, utf8, type CellInput } from './helpers';

const TIERS = ['Cấp tỉnh', 'Cấp huyện', 'Cấp xã', 'Tập thể, cá nhân được khen thưởng'];

async function parse(
	bytes: Uint8Array,
	name: string,
	tiers = TIERS
): Promise<DelegateImportPreview> {
	return parseDelegateSheet(await readTable(bytes, name), { tiers });
}

const messagesAt = (p: DelegateImportPreview, row: number) =>
	p.problems.filter((x) => x.rowNumber === row).map((x) => `${x.severity}: ${x.message}`);

describe('parseDelegateSheet: a list as a provincial office prints it', () => {
	// Row numbers below are Excel's. Two title rows, a header over two rows with a merged group
	// "Liên hệ", column numbering, sections merged across the table, a unit merged down three rows,
	// the header repeated for page 2, a total and a signature block.
	const grid: CellInput[][] = [
		/* 1 */ ['ỦY BAN NHÂN DÂN', null, null, null, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'],
		/* 2 */ ['DANH SÁCH KHÁCH MỜI DỰ HỘI NGHỊ TỔNG KẾT PHONG TRÀO THI ĐUA NĂM 2024'],
		/* 3 */ [],
		/* 4 */ [
			'TT',
			'HỌ VÀ TÊN ĐẠI BIỂU',
			'Chức danh',
			'Cơ quan',
			'Liên hệ',
			null,
			'Vị trí ngồi',
			'Ghi chú'
		],
		/* 5 */ [null, null, null, null, 'Di động', 'Thư điện tử'],
		/* 6 */ ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7)', '(8)'],
		/* 7 */ ['I. ĐẠI BIỂU CẤP TỈNH'],
		/* 8 */ [
			1,
			'Ông Nguyễn Văn An',
			'Giám đốc',
			'Sở Nội vụ',
			'0912.345.678',
			'an@sonoivu.gov.vn',
			'A1'
		],
		/* 9 */ [
			2,
			{ richText: [{ text: 'Bà ' }, { font: { bold: true }, text: 'Trần Thị Bình' }] },
			'Phó Giám đốc',
			null,
			'+84 912 345 679',
			{ text: 'BINH@sonoivu.gov.vn', hyperlink: 'mailto:BINH@sonoivu.gov.vn' },
			'A2'
		],
		/* 10 */ [3, 'Lê Thị Hồng'.normalize('NFD'), 'Chánh Văn phòng', null, 912345680, null, 'A3'],
		/* 11 */ [
			4,
			'Phạm Văn Cường',
			'Trưởng phòng',
			null,
			'(+84) 98-765-4321',
			'cuong@gmail',
			null,
			'Đến muộn'
		],
		/* 12 */ [],
		/* 13 */ [
			'TT',
			'HỌ VÀ TÊN ĐẠI BIỂU',
			'Chức danh',
			'Cơ quan',
			'Liên hệ',
			'Liên hệ',
			'Vị trí ngồi',
			'Ghi chú'
		],
		/* 14 */ [null, 'II – CẤP HUYỆN'],
		/* 15 */ [5, 'Đỗ Minh Đức', 'Chủ tịch UBND', 'UBND huyện Bác Ái', '12345'],
		/* 16 */ [6],
		/* 17 */ ['Khách mời cấp xã'],
		/* 18 */ [
			7,
			'Hoàng Thị Em',
			'Chủ tịch UBND',
			'UBND xã Phước Đại',
			{ formula: '"0977"&"000111"', result: '0977000111' }
		],
		/* 19 */ ['III. Đại biểu Trung ương'],
		/* 20 */ [8, 'Vũ Văn Giang', 'Vụ trưởng', 'Bộ Nội vụ', '0988111222'],
		/* 21 */ ['Tổng cộng: 8 đại biểu'],
		/* 22 */ [],
		/* 23 */ [null, 'Người lập biểu', null, null, null, 'KT. CHỦ TỊCH'],
		/* 24 */ [null, null, null, null, null, 'PHÓ CHỦ TỊCH'],
		/* 25 */ [null, 'Nguyễn Thị Lập', null, null, null, 'Trần Văn Ký']
	];
	const merges = [
		'A1:D1',
		'E1:H1',
		'A2:H2',
		'A4:A5',
		'B4:B5',
		'C4:C5',
		'D4:D5',
		'E4:F4',
		'G4:G5',
		'H4:H5',
		'A7:H7',
		'D8:D11',
		'A17:H17',
		'A19:H19',
		'A21:H21'
	];

	let preview: DelegateImportPreview;
	const load = async () =>
		(preview ??= await parse(await buildXlsx([{ name: 'DS', rows: grid, merges }]), 'ds.xlsx'));

	it('finds the two-row header and keeps only people', async () => {
		const p = await load();
		expect(p.headerRowNumbers).toEqual([4, 5]);
		expect(p.columns.phone?.header).toBe('Liên hệ Di động');
		expect(p.rows.map((r) => r.rowNumber)).toEqual([8, 9, 10, 11, 15, 18, 20]);
		expect(p.skipped.map((s) => [s.rowNumber, s.reason])).toEqual([
			[6, 'numbering'],
			[7, 'section'],
			[13, 'header'],
			[14, 'section'],
			[16, 'stt_only'],
			[17, 'section'],
			[19, 'section'],
			[21, 'footer'],
			[23, 'footer'],
			[24, 'footer'],
			[25, 'footer']
		]);
	});

	it('reads names, salutations, phones and emails in every office form', async () => {
		const p = await load();
		const [an, binh, hong, cuong] = p.rows;
		expect(an).toMatchObject({
			fullName: 'Nguyễn Văn An',
			salutation: 'Ông',
			position: 'Giám đốc',
			unit: 'Sở Nội vụ',
			phone: '0912345678',
			email: 'an@sonoivu.gov.vn',
			seat: 'A1',
			tierName: 'Cấp tỉnh',
			section: 'I. ĐẠI BIỂU CẤP TỈNH'
		});
		expect(binh).toMatchObject({
			fullName: 'Trần Thị Bình',
			salutation: 'Bà',
			phone: '0912345679',
			email: 'binh@sonoivu.gov.vn'
		});
		expect(hong.fullName).toBe('Lê Thị Hồng'.normalize('NFC'));
		expect(hong.phone).toBe('0912345680');
		expect(cuong).toMatchObject({ phone: '0987654321', email: null, notes: 'Đến muộn' });
		expect(messagesAt(p, 11)).toEqual(['warning: Email không hợp lệ: cuong@gmail']);
	});

	it('applies a unit merged down several rows to each of them', async () => {
		const p = await load();
		expect(p.rows.slice(0, 4).map((r) => r.unit)).toEqual([
			'Sở Nội vụ',
			'Sở Nội vụ',
			'Sở Nội vụ',
			'Sở Nội vụ'
		]);
	});

	it('takes the tier from section rows and flags a section that matches no tier', async () => {
		const p = await load();
		expect(p.rows.map((r) => r.tierName)).toEqual([
			'Cấp tỉnh',
			'Cấp tỉnh',
			'Cấp tỉnh',
			'Cấp tỉnh',
			'Cấp huyện',
			'Cấp xã',
			null
		]);
		expect(messagesAt(p, 19)).toEqual([
			'error: Mục "III. Đại biểu Trung ương" không khớp cấp đại biểu nào của hội nghị ' +
				'(Cấp tỉnh, Cấp huyện, Cấp xã, Tập thể, cá nhân được khen thưởng)'
		]);
		expect(messagesAt(p, 20)).toEqual([
			'error: Không xác định được cấp đại biểu: ' +
				'mục "III. Đại biểu Trung ương" không khớp cấp nào của hội nghị'
		]);
		expect(messagesAt(p, 15)).toEqual(['warning: Số điện thoại không hợp lệ: 12345']);
		expect(p.rows[4].phone).toBeNull();
		expect(p.rows[5].phone).toBe('0977000111');
	});

	it('counts', async () => {
		const p = await load();
		expect(p.stats).toEqual({
			total: 7,
			byTier: {
				'Cấp tỉnh': 4,
				'Cấp huyện': 1,
				'Cấp xã': 1,
				'Tập thể, cá nhân được khen thưởng': 0
			},
			withoutTier: 1,
			withoutEmail: 5,
			withoutPhone: 1
		});
	});
});

describe('parseDelegateSheet: other shapes', () => {
	it('reads a semicolon CSV with its own wording, a tier column and duplicates', async () => {
		const csv = [
			'Số TT;Thành phần;Họ tên;Giới tính;Đơn vị công tác;Chức vụ;SĐT;E-mail',
			'1;Tỉnh;Nguyễn Văn A;Nam;UBND tỉnh;Chủ tịch;0912345678;a@ninhthuan.gov.vn',
			'2;Huyện;Trần Thị B;Nữ;UBND huyện Ninh Hải;Phó Chủ tịch;0912000001;b@ninhthuan.gov.vn',
			// exact copy of row 2: folded with a warning
			'1;Tỉnh;Nguyễn Văn A;Nam;UBND tỉnh;Chủ tịch;0912345678;a@ninhthuan.gov.vn',
			// same person (UBND = Ủy ban nhân dân, no accents) with another phone: a conflict
			'3;Tinh;Nguyen Van A;Nam;Ủy ban nhân dân tỉnh;Chủ tịch;0987000000;',
			// another person with B's email
			'4;Xã;Lê Văn C;Nam;UBND xã Phước Hải;Chủ tịch;;B@ninhthuan.gov.vn',
			'5;Trung ương;Phạm Văn D;Nam;Bộ Nội vụ;Vụ trưởng;;',
			'6;;Đinh Thị E;;;;;',
			'7;Xã;;;UBND xã Tri Hải;Phó Chủ tịch;0912000009;',
			'8;Xã;Ông: Vũ Văn G;Nữ;UBND xã Nhơn Hải;Cán bộ;0912 000 010 - 0259 3822 123;g@x.vn, h@x.vn',
			'',
			'Tổng số: 8 người'
		].join('\r\n');
		const p = await parse(utf8(csv, true), 'khach-moi.csv');
		expect(p.rows.map((r) => r.rowNumber)).toEqual([2, 3, 5, 6, 7, 8, 9, 10]);
		expect(p.rows[0]).toMatchObject({
			fullName: 'Nguyễn Văn A',
			salutation: 'Ông',
			tierName: 'Cấp tỉnh',
			sourceRowNumbers: [2, 4]
		});
		expect(p.rows[1]).toMatchObject({ salutation: 'Bà', tierName: 'Cấp huyện' });
		expect(messagesAt(p, 4)).toEqual(['warning: Trùng hoàn toàn với dòng 2, đã gộp làm một']);
		expect(messagesAt(p, 5)).toEqual(['error: Trùng với dòng 2 (cùng họ tên và đơn vị)']);
		// Another person behind the same mailbox: flagged, not blocking.
		expect(messagesAt(p, 6)).toEqual([
			'warning: Dùng chung email với dòng 3 (người khác: có thể là hộp thư chung, hãy kiểm tra)'
		]);
		expect(messagesAt(p, 7)).toEqual([
			'warning: Không có thông tin liên hệ (điện thoại, email)',
			'error: Không xác định được cấp đại biểu: "Trung ương" không khớp cấp nào của hội nghị'
		]);
		// A name and nothing else is a delegate; with several tiers and no tier cell, it needs one.
		expect(messagesAt(p, 8)).toEqual([
			'warning: Không có thông tin liên hệ (điện thoại, email)',
			'error: Không xác định được cấp đại biểu'
		]);
		expect(messagesAt(p, 9)).toEqual(['error: Thiếu họ tên']);
		expect(p.rows[7]).toMatchObject({
			fullName: 'Vũ Văn G',
			salutation: 'Ông',
			phone: '0912000010',
			email: 'g@x.vn'
		});
		expect(messagesAt(p, 10)).toEqual([
			'warning: Danh xưng "Ông" trong họ tên không khớp với cột giới tính "Nữ"',
			'warning: Có nhiều số điện thoại, đã lấy số đầu tiên: 0912000010',
			'warning: Có nhiều email, đã lấy email đầu tiên: g@x.vn'
		]);
		expect(p.duplicates).toEqual([
			{ rowNumbers: [2, 4, 5], reasons: ['identity'], resolution: 'conflict' },
			{ rowNumbers: [3, 6], reasons: ['email'], resolution: 'flagged' }
		]);
		expect(p.skipped.map((s) => s.reason)).toEqual(['footer']);
	});

	it('reads a UTF-16 tab-separated export with a Danh xưng column and a single tier', async () => {
		const text =
			'STT\tDanh xưng\tHọ và tên\tCơ quan\tĐT\r\n' +
			'1\tBà\tLê Thị Hoa\tSở Y tế\t0905111222\r\n' +
			'2\tÔng\tLý Văn Hùng\tSở Y tế\t\r\n';
		const p = await parse(utf16(text, 'le'), 'ds.txt', ['Khách mời']);
		expect(p.rows.map((r) => [r.salutation, r.fullName, r.tierName, r.phone])).toEqual([
			['Bà', 'Lê Thị Hoa', 'Khách mời', '0905111222'],
			['Ông', 'Lý Văn Hùng', 'Khách mời', null]
		]);
	});

	it('uses the list sheet when the first sheet is instructions', async () => {
		const bytes = await buildXlsx([
			{
				name: 'Hướng dẫn',
				rows: [['Điền danh sách vào trang "Danh sách"'], ['Cột Họ và tên bắt buộc'], ['x'], ['y']]
			},
			{
				name: 'Danh sách',
				rows: [
					['Họ và tên', 'Đơn vị', 'Cấp'],
					['Lê Văn A', 'Sở X', 'Cấp xã']
				]
			}
		]);
		const p = await parse(bytes, 'ds.xlsx');
		expect(p.sheetName).toBe('Danh sách');
		expect(p.rows[0]).toMatchObject({ fullName: 'Lê Văn A', tierName: 'Cấp xã' });
	});

	it('keeps the tier across sub-groups and subtotals', async () => {
		const csv = [
			'STT,Họ và tên,Chức vụ,Đơn vị',
			'A,ĐẠI BIỂU CẤP TỈNH',
			'1. Văn phòng UBND tỉnh',
			'1,Lê Văn A,Chánh Văn phòng,',
			'Cộng,1',
			'B. Đại biểu các huyện',
			'2,Trần Văn B,Chủ tịch,UBND huyện Ninh Sơn',
			'Ninh Thuận, ngày 10 tháng 3 năm 2024',
			',Người lập biểu',
			',Nguyễn Thị Lập'
		].join('\n');
		const p = await parse(utf8(csv), 'ds.csv');
		expect(p.rows.map((r) => [r.fullName, r.tierName, r.section])).toEqual([
			['Lê Văn A', 'Cấp tỉnh', '1. Văn phòng UBND tỉnh'],
			['Trần Văn B', 'Cấp huyện', 'B. Đại biểu các huyện']
		]);
		expect(p.skipped.map((s) => `${s.rowNumber} ${s.reason}`)).toEqual([
			'2 section',
			'3 section',
			'5 footer',
			'6 section',
			'8 footer',
			'9 footer',
			'10 footer'
		]);
		expect(p.problems.map((x) => x.message)).toEqual([
			'Không có thông tin liên hệ (điện thoại, email)',
			'Không có thông tin liên hệ (điện thoại, email)'
		]);
	});

	it('puts everyone in the only tier, whatever the headings say', async () => {
		const csv = 'Họ và tên,Đơn vị\nI. Đại biểu Trung ương\nLê Văn A,Bộ Nội vụ\n';
		const p = await parse(utf8(csv), 'ds.csv', ['Đại biểu']);
		expect(p.rows[0].tierName).toBe('Đại biểu');
		expect(p.problems.filter((x) => x.severity === 'error')).toEqual([]);
	});

	it('maps section wordings to tiers', () => {
		expect(matchTierName('A. ĐẠI BIỂU CẤP TỈNH', TIERS)).toBe('Cấp tỉnh');
		expect(matchTierName('II – CẤP HUYỆN', TIERS)).toBe('Cấp huyện');
		expect(matchTierName('Khách mời cấp xã', TIERS)).toBe('Cấp xã');
		expect(matchTierName('D. Đại biểu được khen thưởng', TIERS)).toBe(
			'Tập thể, cá nhân được khen thưởng'
		);
		expect(matchTierName('Tỉnh', TIERS)).toBe('Cấp tỉnh');
		expect(matchTierName('I. Đại biểu Trung ương', TIERS)).toBeNull();
	});

	it('builds identity keys that ignore salutation, accents and unit abbreviations', () => {
		expect(delegateIdentityKey('Ông Nguyễn Văn A', 'UBND tỉnh Ninh Thuận')).toBe(
			delegateIdentityKey('nguyen van a', 'Ủy ban nhân dân tỉnh Ninh Thuận')
		);
		expect(delegateIdentityKey('Nguyễn Văn A', 'Sở LĐ-TB&XH')).toBe(
			delegateIdentityKey('Nguyễn Văn A', 'Sở Lao động - Thương binh và Xã hội')
		);
		expect(delegateIdentityKey('Nguyễn Văn A', 'Sở Y tế')).not.toBe(
			delegateIdentityKey('Nguyễn Văn A', 'Sở Tài chính')
		);
	});
});

describe('parseDelegateSheet: a name split over columns', () => {
	const rowsOf = (p: DelegateImportPreview) =>
		p.rows.map((r) => [r.rowNumber, r.salutation, r.fullName, r.position, r.unit]);

	it('joins "Họ và tên đệm" | "Tên", and never takes "Tên đơn vị" for the given name', async () => {
		const bytes = await buildXlsx([
			{
				name: 'DS',
				rows: [
					['DANH SÁCH ĐẠI BIỂU'],
					['STT', 'Họ và tên đệm', 'Tên', 'Chức vụ', 'Tên đơn vị', 'Điện thoại'],
					[1, 'Nguyễn Thị', 'Hoa', 'Giám đốc', 'Sở Y tế', '0912345678'],
					// Typed with an NFD keyboard: the joined name is NFC.
					[2, 'Ông Lê  Văn'.normalize('NFD'), 'Hùng'.normalize('NFD'), 'Phó Giám đốc', 'Sở Y tế', '0912345679']
				],
				merges: ['A1:F1']
			}
		]);
		const p = await parse(bytes, 'ds.xlsx', ['Khách mời']);
		expect(rowsOf(p)).toEqual([
			[3, null, 'Nguyễn Thị Hoa', 'Giám đốc', 'Sở Y tế'],
			[4, 'Ông', 'Lê Văn Hùng', 'Phó Giám đốc', 'Sở Y tế']
		]);
		expect(p.rows[1].fullName).toBe('Lê Văn Hùng'.normalize('NFC'));
		expect(p.columns.fullName).toEqual({ index: 1, header: 'Họ và tên đệm + Tên' });
		expect(p.columns.unit).toEqual({ index: 4, header: 'Tên đơn vị' });
		expect(p.problems).toEqual([]);
	});

	it('joins the sub-columns under a "Họ và tên" merged over "Họ đệm" | "Tên"', async () => {
		const bytes = await buildXlsx([
			{
				name: 'DS',
				rows: [
					/* 1 */ ['DANH SÁCH KHÁCH MỜI'],
					/* 2 */ ['TT', 'Họ và tên', null, 'Chức vụ', 'Cơ quan', 'Điện thoại'],
					/* 3 */ [null, 'Họ đệm', 'Tên'],
					/* 4 */ ['A. ĐẠI BIỂU CẤP TỈNH'],
					/* 5 */ [1, 'Nguyễn Thị', 'Hoa', 'Giám đốc', 'Sở Y tế', '0912345678'],
					// The given name repeats the last word of the family part: still a name of three.
					/* 6 */ [2, 'Trần Văn', 'Văn', 'Phó Giám đốc', 'Sở Y tế', '0912345679'],
					/* 7 */ ['B. ĐẠI BIỂU CẤP XÃ'],
					// A letter to an office, merged across both name cells: read once.
					/* 8 */ [3, 'UBND xã Phước Hà', null, null, null, '02593850123']
				],
				merges: ['A1:F1', 'A2:A3', 'B2:C2', 'D2:D3', 'E2:E3', 'F2:F3', 'A4:F4', 'A7:F7', 'B8:C8']
			}
		]);
		const p = await parse(bytes, 'ds.xlsx');
		expect(p.headerRowNumbers).toEqual([2, 3]);
		expect(p.columns.fullName).toEqual({ index: 1, header: 'Họ và tên (Họ đệm + Tên)' });
		expect(p.rows.map((r) => [r.rowNumber, r.fullName, r.tierName])).toEqual([
			[5, 'Nguyễn Thị Hoa', 'Cấp tỉnh'],
			[6, 'Trần Văn Văn', 'Cấp tỉnh'],
			[8, 'UBND xã Phước Hà', 'Cấp xã']
		]);
		expect(p.problems).toEqual([]);
	});

	it('reads "Họ" | "Tên" and "Họ" | "Tên đệm" | "Tên"', async () => {
		const two = await parse(
			utf8('STT,Họ,Tên,Đơn vị,SĐT\n1,Nguyễn Văn,An,Sở Nội vụ,0912345678\n2,Bà Đinh,Lan,Sở Y tế,\n'),
			'ds.csv',
			['Khách mời']
		);
		expect(rowsOf(two)).toEqual([
			[2, null, 'Nguyễn Văn An', null, 'Sở Nội vụ'],
			[3, 'Bà', 'Đinh Lan', null, 'Sở Y tế']
		]);
		const three = await parse(
			utf8('STT;Họ;Tên đệm;Tên;Đơn vị;Email\n1;Phạm;Thị Thu;Hà;Sở Tài chính;ha@stc.gov.vn\n'),
			'ds.csv',
			['Khách mời']
		);
		expect(rowsOf(three)).toEqual([[2, null, 'Phạm Thị Thu Hà', null, 'Sở Tài chính']]);
		expect(three.columns.fullName?.header).toBe('Họ + Tên đệm + Tên');
	});

	it('reads "Họ và tên" as before beside "Tên cơ quan" and a "Tên" kept for sorting', async () => {
		// One column: the whole name, "Tên cơ quan" is the unit, the sort column is not read twice.
		const whole = await parse(
			utf8(
				'STT,Họ và tên,Tên,Tên cơ quan,SĐT\n' +
					'1,Nguyễn Văn An,An,Sở Nội vụ,0912345678\n' +
					'2,Lê Thị Bình,Bình,Sở Y tế,0912345679\n'
			),
			'ds.csv',
			['Khách mời']
		);
		expect(rowsOf(whole)).toEqual([
			[2, null, 'Nguyễn Văn An', null, 'Sở Nội vụ'],
			[3, null, 'Lê Thị Bình', null, 'Sở Y tế']
		]);
		expect(whole.columns.fullName).toEqual({ index: 1, header: 'Họ và tên' });
		expect(whole.columns.unit).toEqual({ index: 3, header: 'Tên cơ quan' });
		// The same office columns with the name in two parts.
		const split = await parse(
			utf8('STT,Họ,Tên,Tên cơ quan,SĐT\n1,Nguyễn Văn,An,Sở Nội vụ,0912345678\n'),
			'ds.csv',
			['Khách mời']
		);
		expect(rowsOf(split)).toEqual([[2, null, 'Nguyễn Văn An', null, 'Sở Nội vụ']]);
		expect(split.columns.unit).toEqual({ index: 3, header: 'Tên cơ quan' });
		// The whole name typed under "Họ" on every row: the given name is not said twice.
		const typedWhole = await parse(
			utf8(
				'Họ,Tên,Đơn vị\n' +
					'Nguyễn Văn An,An,Sở Nội vụ\n' +
					'Lê Thị Bình,Bình,Sở Y tế\n' +
					'Trần Văn Cường,Cường,Sở Tài chính\n'
			),
			'ds.csv',
			['Khách mời']
		);
		expect(typedWhole.rows.map((r) => r.fullName)).toEqual([
			'Nguyễn Văn An',
			'Lê Thị Bình',
			'Trần Văn Cường'
		]);
	});
});

describe('parseDelegateSheet: a workbook with one sheet per tier', () => {
	const header = ['STT', 'Họ và tên', 'Chức vụ', 'Đơn vị', 'Điện thoại'];
	const tierSheets = () => [
		{ name: 'Hướng dẫn', rows: [['Mỗi cấp một trang'], ['Không sửa tiêu đề cột']] },
		{
			name: 'A. Đại biểu cấp tỉnh',
			rows: [
				['DANH SÁCH ĐẠI BIỂU CẤP TỈNH'],
				header,
				[1, 'Nguyễn Văn An', 'Chủ tịch UBND tỉnh', 'UBND tỉnh', '0912000001'],
				[2, 'Trần Thị Bình', 'Giám đốc', 'Sở Y tế', '0912000002']
			]
		},
		{
			name: 'Cấp huyện',
			rows: [
				header,
				['1. Huyện Bác Ái'],
				[1, 'Lê Văn Cường', 'Chủ tịch UBND huyện', 'UBND huyện Bác Ái', '0912000003']
			]
		},
		{
			name: 'Cấp xã',
			rows: [
				// Same meaning, other order and wording.
				['TT', 'Họ tên', 'Cơ quan', 'Chức danh', 'SĐT'],
				[1, 'Phạm Thị Dung', 'UBND xã Phước Đại', 'Chủ tịch UBND xã', '0912000004'],
				[2, 'Võ Văn Em', 'UBND xã Phước Hà', 'Chủ tịch UBND xã', '0912000005'],
				['Tổng cộng: 2']
			]
		}
	];

	it('reads every list sheet in workbook order, the tier from the sheet name', async () => {
		const p = await parse(await buildXlsx(tierSheets()), 'ds.xlsx');
		expect(p.rows.map((r) => [r.rowNumber, r.fullName, r.unit, r.tierName, r.section])).toEqual([
			[3, 'Nguyễn Văn An', 'UBND tỉnh', 'Cấp tỉnh', 'A. Đại biểu cấp tỉnh'],
			[4, 'Trần Thị Bình', 'Sở Y tế', 'Cấp tỉnh', 'A. Đại biểu cấp tỉnh'],
			// A numbered group inside the sheet stays in the sheet's tier.
			[1003, 'Lê Văn Cường', 'UBND huyện Bác Ái', 'Cấp huyện', '1. Huyện Bác Ái'],
			[2002, 'Phạm Thị Dung', 'UBND xã Phước Đại', 'Cấp xã', 'Cấp xã'],
			[2003, 'Võ Văn Em', 'UBND xã Phước Hà', 'Cấp xã', 'Cấp xã']
		]);
		expect(p.rows[3].position).toBe('Chủ tịch UBND xã');
		expect(p.stats.byTier).toEqual({
			'Cấp tỉnh': 2,
			'Cấp huyện': 1,
			'Cấp xã': 2,
			'Tập thể, cá nhân được khen thưởng': 0
		});
		expect(p.problems).toEqual([]);
		expect(p.skipped.map((s) => [s.rowNumber, s.reason])).toEqual([
			[1002, 'section'],
			[2004, 'footer']
		]);
		expect(p.sheetName).toBe('A. Đại biểu cấp tỉnh');
		expect(p.sheets).toEqual([
			{ name: 'A. Đại biểu cấp tỉnh', rowOffset: 0, headerRowNumbers: [2] },
			{ name: 'Cấp huyện', rowOffset: 1000, headerRowNumbers: [1] },
			{ name: 'Cấp xã', rowOffset: 2000, headerRowNumbers: [1] }
		]);
		expect(p.warnings).toEqual([
			'Đã đọc 3 trang danh sách, theo thứ tự: “A. Đại biểu cấp tỉnh” (4 dòng); “Cấp huyện” (3 dòng); “Cấp xã” (4 dòng). ' +
				'Cấp của đại biểu lấy theo tên trang khi dòng không có cột cấp hay mục riêng.'
		]);
	});

	it('reads a sheet alone in its workbook as before: no tier from its name', async () => {
		const [, , , xa] = tierSheets();
		const p = await parse(await buildXlsx([xa]), 'ds.xlsx');
		expect(p.rows.map((r) => [r.rowNumber, r.tierName, r.section])).toEqual([
			[2, null, null],
			[3, null, null]
		]);
		expect(messagesAt(p, 2)).toEqual(['error: Không xác định được cấp đại biểu']);
		expect(p.warnings).toEqual([]);
		expect(p.sheets).toEqual([{ name: 'Cấp xã', rowOffset: 0, headerRowNumbers: [1] }]);
		// With a second tier sheet beside it, both are read and the name gives the tier.
		const both = await parse(await buildXlsx([xa, { ...xa, name: 'Cấp huyện' }]), 'ds.xlsx');
		expect(both.rows.map((r) => [r.rowNumber, r.tierName])).toEqual([
			[2, 'Cấp xã'],
			[3, 'Cấp xã'],
			[1002, 'Cấp huyện'],
			[1003, 'Cấp huyện']
		]);
		// The same people on two sheets: a conflict to resolve, not a silent merge; the other row is named by its sheet.
		expect(messagesAt(both, 1002)).toEqual(['error: Trùng với dòng 2 của trang “Cấp xã” (cùng họ tên và đơn vị)']);
	});

	it('lets a tier column and section rows override the sheet name; asks about unknown names', async () => {
		const withTier = ['STT', 'Họ và tên', 'Đơn vị', 'Điện thoại', 'Cấp'];
		const sheets = [
			{
				name: 'Cấp tỉnh',
				rows: [
					withTier,
					[1, 'Nguyễn Văn An', 'UBND tỉnh', '0912000001'],
					[2, 'Trần Thị Bình', 'UBND xã Phước Đại', '0912000002', 'Cấp xã']
				]
			},
			{
				name: 'Sheet2',
				rows: [
					withTier,
					[1, 'Lê Văn Cường', 'UBND huyện Bác Ái', '0912000003'],
					['B. ĐẠI BIỂU CẤP XÃ'],
					[2, 'Phạm Thị Dung', 'UBND xã Phước Hà', '0912000004']
				]
			}
		];
		const bytes = await buildXlsx(sheets);
		const p = await parse(bytes, 'ds.xlsx');
		expect(p.rows.map((r) => [r.rowNumber, r.tierName, r.section])).toEqual([
			[2, 'Cấp tỉnh', 'Cấp tỉnh'],
			[3, 'Cấp xã', 'Cấp tỉnh'],
			[1002, null, 'Sheet2'],
			[1004, 'Cấp xã', 'B. ĐẠI BIỂU CẤP XÃ']
		]);
		expect(messagesAt(p, 3)).toEqual([
			'warning: Cột cấp ghi "Cấp xã" nhưng dòng nằm trong trang "Cấp tỉnh": đã lấy theo cột'
		]);
		expect(messagesAt(p, 1002)).toEqual([
			'error: Không xác định được cấp đại biểu: trang "Sheet2" không khớp cấp nào của hội nghị'
		]);
		expect(p.unmatchedTiers).toEqual([{ text: 'Sheet2', key: 'sheet2', rowNumbers: [1002] }]);
		// The organiser maps the sheet to a tier on the review screen.
		const mapped = parseDelegateSheet(await readTable(bytes, 'ds.xlsx'), {
			tiers: TIERS,
			tierAliases: { sheet2: 'Cấp huyện' }
		});
		expect(mapped.rows.map((r) => r.tierName)).toEqual([
			'Cấp tỉnh',
			'Cấp xã',
			'Cấp huyện',
			'Cấp xã'
		]);
		expect(mapped.problems.filter((x) => x.severity === 'error')).toEqual([]);
	});

	it('says which sheets that look like lists were not read', async () => {
		const bytes = await buildXlsx([
			{
				name: 'Cấp tỉnh',
				rows: [
					['STT', 'Họ và tên', 'Chức vụ', 'Đơn vị', 'Điện thoại'],
					[1, 'Nguyễn Văn An', 'Chủ tịch UBND tỉnh', 'UBND tỉnh', '0912000001'],
					[2, 'Trần Thị Bình', 'Giám đốc', 'Sở Y tế', '0912000002']
				]
			},
			{
				// No name column: its people cannot be read.
				name: 'Cấp xã',
				rows: [
					['STT', 'Người dự', 'Chức vụ', 'Đơn vị', 'Điện thoại'],
					[1, 'Phạm Thị Dung', 'Chủ tịch UBND xã', 'UBND xã Phước Đại', '0912000004'],
					[2, 'Võ Văn Em', 'Chủ tịch UBND xã', 'UBND xã Phước Hà', '0912000005']
				]
			},
			{
				// A list of another kind: the organisers.
				name: 'Ban tổ chức',
				rows: [
					['Họ và tên', 'Nhiệm vụ', 'Email'],
					['Lê Thị Lễ', 'Đón khách', 'le@vp.gov.vn'],
					['Hồ Văn Tân', 'Âm thanh', 'tan@vp.gov.vn']
				]
			},
			{ name: 'Ghi chú', rows: [['Danh sách chốt ngày 10/3'], ['Liên hệ chị Lập']] }
		]);
		const p = await parse(bytes, 'ds.xlsx');
		expect(p.rows.map((r) => [r.rowNumber, r.fullName])).toEqual([
			[2, 'Nguyễn Văn An'],
			[3, 'Trần Thị Bình']
		]);
		expect(p.warnings).toEqual([
			'Trang “Cấp xã” không được đọc, người có tên trên trang đó (nếu có) chưa có trong danh ' +
				'sách nhập: không tìm thấy dòng tiêu đề của danh sách trong 30 dòng đầu: thiếu cột ' +
				'"Họ và tên". Các tiêu đề đã thấy (dòng 1): STT, Người dự, Chức vụ, Đơn vị, Điện thoại.',
			'Trang “Ban tổ chức” không được đọc, người có tên trên trang đó (nếu có) chưa có trong ' +
				'danh sách nhập: các cột không cùng mẫu với trang “Cấp tỉnh” (thiếu cột "Chức vụ", ' +
				'"Đơn vị", "Điện thoại", có thêm cột "Email"). Hãy sửa tiêu đề cột cho giống trang đó, ' +
				'hoặc tải trang này lên riêng.'
		]);
	});
});

describe('parseDelegateSheet: name and position in one cell', () => {
	it('splits "Họ tên - Chức vụ" when there is no position column', async () => {
		const csv = [
			'STT,Họ và tên,Đơn vị,Điện thoại',
			'1,Nguyễn Văn An - Chủ tịch UBND tỉnh,UBND tỉnh,0912000001',
			'2,"Ông Lê Văn Bình, Phó Chủ tịch UBND tỉnh",UBND tỉnh,0912000002',
			'3,Bà Trần Thị Cúc – Phó Giám đốc Sở Y tế,Sở Y tế,0912000003',
			'4,"Phạm Văn Dũng, PCT UBND xã Phước Hải",UBND xã Phước Hải,0912000004',
			'5,Võ Thị Em - Nguyên Chủ tịch Hội Nông dân tỉnh,,0912000005',
			'6,Đỗ Văn Giang - Trường THCS Lê Lợi,,0912000006',
			'7,"Hồ Văn Hải, Sở Y tế",Sở Y tế,0912000007',
			'8,Y-Moan Niê,UBND xã Ea Tam,0912000008'
		].join('\n');
		const p = await parse(utf8(csv), 'ds.csv', ['Khách mời']);
		expect(p.rows.map((r) => [r.salutation, r.fullName, r.position])).toEqual([
			[null, 'Nguyễn Văn An', 'Chủ tịch UBND tỉnh'],
			['Ông', 'Lê Văn Bình', 'Phó Chủ tịch UBND tỉnh'],
			['Bà', 'Trần Thị Cúc', 'Phó Giám đốc Sở Y tế'],
			[null, 'Phạm Văn Dũng', 'PCT UBND xã Phước Hải'],
			[null, 'Võ Thị Em', 'Nguyên Chủ tịch Hội Nông dân tỉnh'],
			[null, 'Đỗ Văn Giang - Trường THCS Lê Lợi', null],
			[null, 'Hồ Văn Hải, Sở Y tế', null],
			[null, 'Y-Moan Niê', null]
		]);
		expect(p.problems).toEqual([
			{
				rowNumber: 7,
				field: 'fullName',
				severity: 'warning',
				message:
					'Ô họ tên có thêm "Trường THCS Lê Lợi" sau dấu "-" (không nhận ra là chức vụ): ' +
					'đã giữ nguyên, hãy kiểm tra họ tên'
			},
			{
				rowNumber: 8,
				field: 'fullName',
				severity: 'warning',
				message:
					'Ô họ tên có thêm "Sở Y tế" sau dấu "," (không nhận ra là chức vụ): ' +
					'đã giữ nguyên, hãy kiểm tra họ tên'
			}
		]);
	});

	it('fills an empty position cell, and flags a name whose position cell is already filled', async () => {
		const bytes = await buildXlsx([
			{
				name: 'DS',
				rows: [
					['TT', 'Họ và tên', 'Chức vụ', 'Cơ quan', 'ĐT'],
					[1, 'Nguyễn Văn An - Giám đốc Sở Nội vụ', null, 'Sở Nội vụ', '0912000001'],
					[2, 'Lê Văn Bình - Trưởng phòng', 'Trưởng phòng Tổ chức', 'Sở Nội vụ', '0912000002']
				]
			}
		]);
		const p = await parse(bytes, 'ds.xlsx', ['Khách mời']);
		expect(p.rows.map((r) => [r.fullName, r.position])).toEqual([
			['Nguyễn Văn An', 'Giám đốc Sở Nội vụ'],
			['Lê Văn Bình - Trưởng phòng', 'Trưởng phòng Tổ chức']
		]);
		expect(messagesAt(p, 2)).toEqual([]);
		expect(messagesAt(p, 3)).toEqual([
			'warning: Ô họ tên có thêm "Trưởng phòng" sau dấu "-" ' +
				'(cột chức vụ đã ghi "Trưởng phòng Tổ chức"): đã giữ nguyên, hãy kiểm tra họ tên'
		]);
	});

	it('knows positions by their first words, accents included', () => {
		for (const t of [
			'Chủ tịch UBND tỉnh',
			'PHÓ CHỦ TỊCH HĐND TỈNH',
			'Bí thư Đảng ủy xã',
			'Trưởng phòng Nội vụ',
			'Phó Trưởng ban Tuyên giáo',
			'Chánh Thanh tra tỉnh',
			'Ủy viên BTV Tỉnh ủy',
			'Đại biểu HĐND tỉnh',
			'Chuyên viên',
			'Cán bộ Văn phòng',
			'Vụ trưởng Vụ Thi đua',
			'PCT UBND xã',
			'Đại tá, Chỉ huy trưởng'
		])
			expect(looksLikePosition(t), t).toBe(true);
		for (const t of ['Trường THCS Lê Lợi', 'phố Hàng Bài', 'Sở Y tế', 'UBND tỉnh', 'Nguyễn Thị Bình', 'TP. Phan Rang'])
			expect(looksLikePosition(t), t).toBe(false);
	});
});
