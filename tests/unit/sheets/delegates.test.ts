import { describe, it, expect } from 'vitest';
import { readTable } from '$lib/server/sheets/read-table';
import {
	delegateIdentityKey,
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
