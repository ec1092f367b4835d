/**
 * Cells written on several lines (Alt+Enter in Excel, a newline inside a quoted CSV field): the
 * delegate parser reads the name cell's lines as name / position / unit and the position cell's as
 * position / unit; every other reader still sees the cell on one line.
 */
import { describe, it, expect } from 'vitest';
import ExcelJS from 'exceljs';
import { readTable } from '$lib/server/sheets/read-table';
import { parseDelegateSheet, type DelegateImportPreview } from '$lib/server/sheets/delegates';
import { parseAwardSheet } from '$lib/server/sheets/awards';
import { utf8 } from './helpers';

/** An .xlsx with one sheet; every cell holding a line break is set to wrap, as Excel does. */
async function workbook(rows: ExcelJS.CellValue[][]): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('Danh sách');
	rows.forEach((values, r) =>
		values.forEach((v, c) => {
			if (v === null || v === undefined) return;
			const cell = ws.getCell(r + 1, c + 1);
			cell.value = v;
			const text = typeof v === 'string' ? v : JSON.stringify(v);
			if (text.includes('\n')) cell.alignment = { wrapText: true, vertical: 'middle' };
		})
	);
	return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

async function parse(bytes: Uint8Array, name: string): Promise<DelegateImportPreview> {
	return parseDelegateSheet(await readTable(bytes, name), { tiers: ['Khách mời'] });
}

const messagesAt = (p: DelegateImportPreview, row: number) =>
	p.problems.filter((x) => x.rowNumber === row).map((x) => `${x.severity}: ${x.message}`);

const picked = (p: DelegateImportPreview) =>
	p.rows.map((r) => [r.salutation, r.fullName, r.position, r.unit]);

describe('readTable: cells on several lines', () => {
	it('keeps the lines beside the one-line text, in .xlsx (plain and rich text) and .csv', async () => {
		const bytes = await workbook([
			['STT', 'Họ và tên', 'Chức vụ', 'Ghi chú'],
			[1, 'Ông Nguyễn Văn An\nChủ tịch UBND tỉnh', 'Chủ tịch', ' Dự\n\n  cả ngày '],
			[
				2,
				{ richText: [{ text: 'Bà Trần Thị B\r\n' }, { text: 'Phó Giám đốc', font: { bold: true } }] },
				'Phó Giám đốc',
				null
			],
			[3, 'Lê Văn C', 'Chuyên viên']
		]);
		const t = await readTable(bytes, 'ds.xlsx');
		const rows = t.sheets[0].rows;
		expect(rows[1]).toEqual({
			n: 2,
			cells: ['1', 'Ông Nguyễn Văn An Chủ tịch UBND tỉnh', 'Chủ tịch', 'Dự cả ngày'],
			lines: { 1: ['Ông Nguyễn Văn An', 'Chủ tịch UBND tỉnh'], 3: ['Dự', 'cả ngày'] }
		});
		expect(rows[2].cells[1]).toBe('Bà Trần Thị B Phó Giám đốc');
		expect(rows[2].lines).toEqual({ 1: ['Bà Trần Thị B', 'Phó Giám đốc'] });
		// Rows without line breaks look as they always did.
		expect(rows[3]).toEqual({ n: 4, cells: ['3', 'Lê Văn C', 'Chuyên viên'] });
		expect(rows[0]).not.toHaveProperty('lines');

		const nfd = 'Nguyễn Văn Ân'.normalize('NFD');
		const csv = `STT;Họ và tên;Đơn vị\r\n1;"${nfd}\r\nGiám đốc";"Sở Y tế"\r\n2;"Trần B\nPhó Giám đốc\rSở X";\r\n`;
		const c = await readTable(utf8(csv, true), 'ds.csv');
		expect(c.sheets[0].rows.map((r) => [r.n, r.cells, r.lines])).toEqual([
			[1, ['STT', 'Họ và tên', 'Đơn vị'], undefined],
			[2, ['1', 'Nguyễn Văn Ân Giám đốc', 'Sở Y tế'], { 1: ['Nguyễn Văn Ân', 'Giám đốc'] }],
			[3, ['2', 'Trần B Phó Giám đốc Sở X'], { 1: ['Trần B', 'Phó Giám đốc', 'Sở X'] }]
		]);
	});

	it('leaves the award parser reading names and positions on one line', async () => {
		const bytes = await workbook([
			['DANH SÁCH KHEN THƯỞNG'],
			['TT', 'Họ và tên', 'Chức vụ, đơn vị', 'Hình thức khen thưởng'],
			[1, 'Ông Trần Văn Nam\nTrưởng thôn', 'Trưởng thôn\nThôn Đá Trắng', 'Bằng khen']
		]);
		const table = await readTable(bytes, 'qd.xlsx');
		expect(table.sheets[0].rows[2].lines).toEqual({
			1: ['Ông Trần Văn Nam', 'Trưởng thôn'],
			2: ['Trưởng thôn', 'Thôn Đá Trắng']
		});
		const p = parseAwardSheet(table);
		expect(p.rows).toHaveLength(1);
		expect(p.rows[0]).toMatchObject({
			name: 'Trần Văn Nam Trưởng thôn',
			position: 'Trưởng thôn Thôn Đá Trắng'
		});
	});
});

describe('parseDelegateSheet: name, position and unit on the lines of one cell', () => {
	it('takes name, position and unit from the lines when the row has no position', async () => {
		const bytes = await workbook([
			['DANH SÁCH ĐẠI BIỂU'],
			['TT', 'Họ và tên, chức vụ', 'Đơn vị', 'Điện thoại'],
			/* 3 */ [1, 'Ông Nguyễn Văn An\nChủ tịch UBND tỉnh', 'UBND tỉnh', '0912000001'],
			/* 4 */ [2, 'Bà Trần Thị Bình\nPhó Giám đốc\nSở Tài chính', null, '0912000002'],
			/* 5 */ [3, 'Lê Văn Cường\nPhó Giám đốc\nSở Y tế', 'Sở Y tế tỉnh Ninh Thuận', '0912000003'],
			/* 6 */ [4, 'Ông\nPhạm Văn Dũng\nTrưởng phòng Nội vụ', 'UBND huyện', '0912000004'],
			/* 7 */ [5, 'Ông Võ Văn Em, Chánh Văn phòng\nSở Xây dựng', null, '0912000005'],
			/* 8 */ [6, 'Hồ Thị Gấm\nChủ tịch Hội LHPN\nkiêm Trưởng ban Dân vận', null, '0912000006'],
			/* 9 */ [7, 'Đặng Văn Hải\nGiám đốc\nSở Nội vụ', 'Văn phòng UBND tỉnh', '0912000007']
		]);
		const p = await parse(bytes, 'ds.xlsx');
		expect(p.columns.fullName?.header).toBe('Họ và tên, chức vụ');
		expect(p.columns.position).toBeUndefined();
		expect(picked(p)).toEqual([
			['Ông', 'Nguyễn Văn An', 'Chủ tịch UBND tỉnh', 'UBND tỉnh'],
			['Bà', 'Trần Thị Bình', 'Phó Giám đốc', 'Sở Tài chính'],
			// The third line repeats the unit cell.
			[null, 'Lê Văn Cường', 'Phó Giám đốc', 'Sở Y tế tỉnh Ninh Thuận'],
			['Ông', 'Phạm Văn Dũng', 'Trưởng phòng Nội vụ', 'UBND huyện'],
			['Ông', 'Võ Văn Em', 'Chánh Văn phòng', 'Sở Xây dựng'],
			[null, 'Hồ Thị Gấm', 'Chủ tịch Hội LHPN kiêm Trưởng ban Dân vận', null],
			// A unit line beside another unit cell stays with the position it qualifies.
			[null, 'Đặng Văn Hải', 'Giám đốc Sở Nội vụ', 'Văn phòng UBND tỉnh']
		]);
		expect(p.problems).toEqual([]);
	});

	it('reads the same from a CSV with line breaks inside quoted fields', async () => {
		const csv = [
			'STT,Họ và tên,Chức vụ,Cơ quan,Điện thoại',
			'1,"Ông Nguyễn Văn An\r\nChủ tịch UBND tỉnh",,UBND tỉnh,0912000001',
			'2,"Bà Trần Thị Bình\nPhó Giám đốc\nSở Tài chính",,,0912000002',
			'3,"Lê Văn Cường","Phó Giám đốc\nSở Y tế",,0912000003'
		].join('\r\n');
		const p = await parse(utf8(csv, true), 'ds.csv');
		expect(picked(p)).toEqual([
			['Ông', 'Nguyễn Văn An', 'Chủ tịch UBND tỉnh', 'UBND tỉnh'],
			['Bà', 'Trần Thị Bình', 'Phó Giám đốc', 'Sở Tài chính'],
			[null, 'Lê Văn Cường', 'Phó Giám đốc', 'Sở Y tế']
		]);
		expect(p.problems).toEqual([]);
	});

	it('keeps the name from line 1 beside a filled position only when the lines repeat the cells', async () => {
		const bytes = await workbook([
			['TT', 'Họ và tên', 'Chức vụ', 'Đơn vị', 'ĐT'],
			/* 2 */ [1, 'Ông Nguyễn Văn An\nGiám đốc Sở Nội vụ', 'Giám đốc Sở Nội vụ', 'Sở Nội vụ', '0912000001'],
			/* 3 */ [2, 'Bà Trần Thị Bình\nPhó Giám đốc\nSở Tài chính', 'Phó Giám đốc', 'Sở Tài chính', '0912000002'],
			/* 4 */ [3, 'Lê Văn Cường\nTrưởng phòng', 'Phó Giám đốc', 'Sở Y tế', '0912000003'],
			/* 5 */ [4, 'Phạm Văn Dũng\nChánh Văn phòng\nSở Xây dựng', null, 'UBND tỉnh', '0912000004']
		]);
		const p = await parse(bytes, 'ds.xlsx');
		expect(picked(p)).toEqual([
			['Ông', 'Nguyễn Văn An', 'Giám đốc Sở Nội vụ', 'Sở Nội vụ'],
			['Bà', 'Trần Thị Bình', 'Phó Giám đốc', 'Sở Tài chính'],
			[null, 'Lê Văn Cường Trưởng phòng', 'Phó Giám đốc', 'Sở Y tế'],
			[null, 'Phạm Văn Dũng', 'Chánh Văn phòng Sở Xây dựng', 'UBND tỉnh']
		]);
		expect(messagesAt(p, 2)).toEqual([]);
		expect(messagesAt(p, 3)).toEqual([]);
		expect(messagesAt(p, 4)).toEqual([
			'warning: Ô họ tên có thêm dòng "Trưởng phòng" (cột chức vụ đã ghi "Phó Giám đốc"): ' +
				'đã giữ nguyên, hãy kiểm tra họ tên'
		]);
		expect(messagesAt(p, 5)).toEqual([]);
	});

	it('keeps lines it does not understand joined, and says so unless they are a wrapped name', async () => {
		const bytes = await workbook([
			['TT', 'Họ và tên', 'Đơn vị', 'ĐT'],
			/* 2 */ [1, 'Võ Thị Em\nChuyên viên\n0912 345 678', 'Sở Y tế', null],
			/* 3 */ [2, 'Đỗ Văn Giang\nTrường THCS Lê Lợi', null, '0912000006'],
			/* 4 */ [3, 'Tôn Nữ Thị\nMinh Châu', 'Sở Nội vụ', '0912000007'],
			/* 5 */ [4, 'Chủ tịch UBND xã\nHồ Văn Hải', 'UBND xã Phước Hải', '0912000008']
		]);
		const p = await parse(bytes, 'ds.xlsx');
		expect(picked(p)).toEqual([
			[null, 'Võ Thị Em Chuyên viên 0912 345 678', null, 'Sở Y tế'],
			[null, 'Đỗ Văn Giang Trường THCS Lê Lợi', null, null],
			[null, 'Tôn Nữ Thị Minh Châu', null, 'Sở Nội vụ'],
			[null, 'Chủ tịch UBND xã Hồ Văn Hải', null, 'UBND xã Phước Hải']
		]);
		const check = ': đã giữ nguyên, hãy kiểm tra họ tên';
		expect(messagesAt(p, 2)).toEqual([
			`warning: Ô họ tên có thêm dòng "Chuyên viên / 0912 345 678" (có số điện thoại hoặc email)${check}`,
			'warning: Không có thông tin liên hệ (điện thoại, email)'
		]);
		expect(messagesAt(p, 3)).toEqual([
			`warning: Ô họ tên có thêm dòng "Trường THCS Lê Lợi" (không nhận ra là chức vụ)${check}`
		]);
		expect(messagesAt(p, 4)).toEqual([]);
		expect(messagesAt(p, 5)).toEqual([
			`warning: Ô họ tên có thêm dòng "Hồ Văn Hải" (không nhận ra là chức vụ)${check}`
		]);
	});
});

describe('parseDelegateSheet: position and unit on the lines of the position cell', () => {
	it('splits "Phó Giám đốc⏎Sở Tài chính" when there is no unit, or the unit cell is empty', async () => {
		const noUnit = await workbook([
			['TT', 'Họ và tên', 'Chức vụ, đơn vị', 'ĐT'],
			/* 2 */ [1, 'Lê Văn Cường', 'Phó Giám đốc\nSở Tài chính', '0912000001'],
			/* 3 */ [2, 'Trần Thị Bình', 'Chủ tịch UBND tỉnh\nkiêm Trưởng ban', '0912000002'],
			/* 4 */ [3, 'Võ Văn Em', 'Trưởng phòng\n0912 000 003', '0912000003'],
			/* 5 */ [4, 'Hồ Thị Gấm', 'Giám đốc Sở Tài chính', '0912000004']
		]);
		const a = await parse(noUnit, 'ds.xlsx');
		expect(a.columns.unit).toBeUndefined();
		expect(picked(a)).toEqual([
			[null, 'Lê Văn Cường', 'Phó Giám đốc', 'Sở Tài chính'],
			[null, 'Trần Thị Bình', 'Chủ tịch UBND tỉnh kiêm Trưởng ban', null],
			[null, 'Võ Văn Em', 'Trưởng phòng 0912 000 003', null],
			[null, 'Hồ Thị Gấm', 'Giám đốc Sở Tài chính', null]
		]);

		const withUnit = await workbook([
			['TT', 'Họ và tên', 'Chức vụ', 'Đơn vị', 'ĐT'],
			[1, 'Lê Văn Cường', 'Phó Giám đốc\nSở Tài chính', null, '0912000001'],
			[2, 'Trần Thị Bình', 'Phó Giám đốc\nSở Tài chính', 'Sở Tài chính', '0912000002']
		]);
		const b = await parse(withUnit, 'ds.xlsx');
		expect(picked(b)).toEqual([
			[null, 'Lê Văn Cường', 'Phó Giám đốc', 'Sở Tài chính'],
			// A filled unit: the position cell is read on one line, as before.
			[null, 'Trần Thị Bình', 'Phó Giám đốc Sở Tài chính', 'Sở Tài chính']
		]);
		expect(b.problems).toEqual([]);
	});
});
