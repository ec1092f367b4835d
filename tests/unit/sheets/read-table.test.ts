import { describe, it, expect } from 'vitest';
import {
	readTable,
	SheetError,
	MAX_FILE_BYTES,
	type SheetTable
} from '$lib/server/sheets/read-table';
import { buildXlsx, buildZip, utf16, utf8 } from './helpers';

async function codeOf(p: Promise<unknown>): Promise<string> {
	try {
		await p;
	} catch (e) {
		expect(e).toBeInstanceOf(SheetError);
		return (e as SheetError).code;
	}
	return 'no error';
}

const cells = (t: SheetTable, sheet = t.primary) => t.sheets[sheet].rows.map((r) => r.cells);

describe('readTable: format by content', () => {
	it('refuses an empty file', async () => {
		expect(await codeOf(readTable(new Uint8Array(0), 'ds.xlsx'))).toBe('empty');
		expect(await codeOf(readTable(utf8('\r\n,,\r\n  \r\n', true), 'ds.csv'))).toBe('empty');
	});

	it('refuses an .exe renamed .xlsx', async () => {
		const exe = new Uint8Array(4096);
		exe.set([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04]);
		for (let i = 64; i < exe.length; i++) exe[i] = (i * 7919) % 256;
		const err = await readTable(exe, 'danh-sach.xlsx').catch((e) => e);
		expect(err).toBeInstanceOf(SheetError);
		expect(err.code).toBe('unsupported_format');
		expect(err.message).toBe('Tệp không phải bảng tính .xlsx hoặc .csv');
	});

	it('explains legacy .xls (OLE header) in Vietnamese', async () => {
		const xls = new Uint8Array(1024);
		xls.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
		const err = await readTable(xls, 'danh-sach.xls').catch((e) => e);
		expect(err.code).toBe('xls_legacy');
		expect(err.message).toBe(
			'Tệp .xls (Excel 97-2003) chưa được hỗ trợ: hãy mở bằng Excel và lưu lại dạng .xlsx'
		);
		// Same bytes with any name: the content decides.
		expect(await codeOf(readTable(xls, 'ds.csv'))).toBe('xls_legacy');
	});

	it('reads an .xlsx named .csv, and a CSV named .xlsx', async () => {
		const xlsx = await buildXlsx([{ rows: [['Họ và tên'], ['Nguyễn Văn A']] }]);
		expect((await readTable(xlsx, 'ds.csv')).format).toBe('xlsx');
		expect((await readTable(utf8('Họ và tên\nA\n'), 'ds.xlsx')).format).toBe('csv');
	});

	it('refuses files over 10 MB before reading them', async () => {
		const err = await readTable(new Uint8Array(MAX_FILE_BYTES + 1), 'lon.xlsx').catch((e) => e);
		expect(err.code).toBe('too_large');
		expect(err.message).toContain('10 MB');
	});

	it('refuses sheets over 50,000 rows', async () => {
		const csv = 'Họ và tên,Đơn vị\n' + 'Nguyễn Văn A,Sở X\n'.repeat(50_001);
		const err = await readTable(utf8(csv), 'ds.csv').catch((e) => e);
		expect(err.code).toBe('too_large');
		expect(err.message).toContain('50.000');
	});

	it('refuses a zip whose directory claims a huge uncompressed size', async () => {
		const bomb = buildZip([
			{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
			{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
			{
				name: 'xl/worksheets/sheet1.xml',
				data: Buffer.alloc(1000),
				deflate: true,
				claimedSize: 0xfffffff0
			}
		]);
		const err = await readTable(bomb, 'ds.xlsx').catch((e) => e);
		expect(err.code).toBe('zip_bomb');
		expect(err.message).toMatch(/giải nén/);
	});

	it('refuses an absurd compression ratio and a directory that lies about sizes', async () => {
		const ratio = buildZip([
			{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
			{ name: 'xl/sharedStrings.xml', data: Buffer.alloc(20 * 1024 * 1024), deflate: true }
		]);
		expect(await codeOf(readTable(ratio, 'ds.xlsx'))).toBe('zip_bomb');
		const liar = buildZip([
			{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
			{
				name: 'xl/styles.xml',
				data: Buffer.alloc(2 * 1024 * 1024),
				deflate: true,
				claimedSize: 500
			}
		]);
		expect(await codeOf(readTable(liar, 'ds.xlsx'))).toBe('zip_bomb');
	});

	it('refuses a sheet XML declaring a giant merge or millions of rows, before exceljs', async () => {
		const workbook = { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') };
		const merge = buildZip([
			workbook,
			{
				name: 'xl/worksheets/sheet1.xml',
				data: Buffer.from('<worksheet><mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells>'),
				deflate: true
			}
		]);
		expect(await codeOf(readTable(merge, 'ds.xlsx'))).toBe('too_large');
		const rows = buildZip([
			workbook,
			{
				name: 'xl/worksheets/sheet1.xml',
				// Numbered rows, as real files have (a repeated string would trip the ratio check).
				data: Buffer.from(
					Array.from({ length: 200_001 }, (_, i) => `<row r="${i + 1}"/>`).join('')
				),
				deflate: true
			}
		]);
		expect(await codeOf(readTable(rows, 'ds.xlsx'))).toBe('too_large');
	});

	it('refuses a zip that is not a workbook (a .docx renamed)', async () => {
		const docx = buildZip([{ name: 'word/document.xml', data: Buffer.from('<w:document/>') }]);
		expect(await codeOf(readTable(docx, 'ds.xlsx'))).toBe('unsupported_format');
	});
});

describe('readTable: .xlsx cells', () => {
	it('reads rich text, hyperlinks, formulas, dates, numbers, booleans as text', async () => {
		const bytes = await buildXlsx([
			{
				rows: [
					[
						{ richText: [{ text: 'Phạm ' }, { font: { bold: true }, text: 'Văn Cường' }] },
						{ text: 'cuong@sonoivu.gov.vn', hyperlink: 'mailto:cuong@sonoivu.gov.vn' },
						{ formula: '"0912"&"345678"', result: '0912345678' },
						new Date(Date.UTC(2024, 2, 9)),
						912345678,
						true,
						0.1 + 0.2,
						{ text: { richText: [{ text: 'link' }] }, hyperlink: 'https://a.vn' } as never
					]
				]
			}
		]);
		const t = await readTable(bytes, 'ds.xlsx');
		expect(cells(t)[0]).toEqual([
			'Phạm Văn Cường',
			'cuong@sonoivu.gov.vn',
			'0912345678',
			'09/03/2024',
			'912345678',
			'TRUE',
			'0.3',
			'link'
		]);
	});

	it('keeps the zeros of a number shown with a 0000000000 format', async () => {
		const bytes = await buildXlsx([{ rows: [[912345678]], numFmts: { A1: '0000000000' } }]);
		expect(cells(await readTable(bytes, 'ds.xlsx'))[0]).toEqual(['0912345678']);
	});

	it('copies a merged value into every cell of the range, keeps row numbers 1:1', async () => {
		const bytes = await buildXlsx([
			{
				rows: [
					['DANH SÁCH ĐẠI BIỂU'],
					[],
					['A', 'Sở Nội vụ', 'x'],
					['B', null, 'y'],
					['C', null, 'z']
				],
				merges: ['A1:C1', 'B3:B5']
			}
		]);
		const t = await readTable(bytes, 'ds.xlsx');
		expect(t.sheets[0].rows.map((r) => r.n)).toEqual([1, 2, 3, 4, 5]);
		expect(cells(t)).toEqual([
			['DANH SÁCH ĐẠI BIỂU', 'DANH SÁCH ĐẠI BIỂU', 'DANH SÁCH ĐẠI BIỂU'],
			[],
			['A', 'Sở Nội vụ', 'x'],
			['B', 'Sở Nội vụ', 'y'],
			['C', 'Sở Nội vụ', 'z']
		]);
	});

	it('normalises NFD, zero-width characters and spacing', async () => {
		const nfd = 'Nguyễn  Thị\u00a0Hồng'.normalize('NFD');
		const bytes = await buildXlsx([{ rows: [[nfd, 'Ngu\u200byễn\nVăn A ']] }]);
		const row = cells(await readTable(bytes, 'ds.xlsx'))[0];
		expect(row).toEqual(['Nguyễn Thị Hồng', 'Nguyễn Văn A']);
		expect(row[0]).toBe('Nguyễn Thị Hồng'.normalize('NFC'));
	});

	it('ignores hidden sheets and picks the sheet with the most rows as primary', async () => {
		const bytes = await buildXlsx([
			{ name: 'Hướng dẫn', rows: [['Điền danh sách ở trang sau']] },
			{ name: 'Ẩn', rows: [['a'], ['b'], ['c'], ['d']], state: 'hidden' },
			{ name: 'Danh sách', rows: [['Họ và tên'], ['A'], ['B']] }
		]);
		const t = await readTable(bytes, 'ds.xlsx');
		expect(t.sheets.map((s) => s.name)).toEqual(['Hướng dẫn', 'Danh sách']);
		expect(t.primary).toBe(1);
	});
});

describe('readTable: CSV', () => {
	it('reads UTF-8 with BOM and comma', async () => {
		const t = await readTable(
			utf8('Họ và tên,Đơn vị\r\nLê Văn A,"Sở Nội vụ, tỉnh"\r\n', true),
			'a.csv'
		);
		expect(t.format).toBe('csv');
		expect(cells(t)).toEqual([
			['Họ và tên', 'Đơn vị'],
			['Lê Văn A', 'Sở Nội vụ, tỉnh']
		]);
	});

	it('detects semicolons, and handles quoted newlines and doubled quotes', async () => {
		const csv =
			'DANH SÁCH ĐẠI BIỂU\n\nSTT;Họ và tên;Ghi chú\n' +
			'1;Lê Văn A;"Dự ""cả ngày""\nbuổi sáng"\n' +
			'2;Trần Thị B;có 3,5 giờ\n';
		const t = await readTable(utf8(csv), 'a.csv');
		expect(cells(t)).toEqual([
			['DANH SÁCH ĐẠI BIỂU'],
			[],
			['STT', 'Họ và tên', 'Ghi chú'],
			['1', 'Lê Văn A', 'Dự "cả ngày" buổi sáng'],
			['2', 'Trần Thị B', 'có 3,5 giờ']
		]);
		expect(t.sheets[0].rows.map((r) => r.n)).toEqual([1, 2, 3, 4, 5]);
	});

	it('reads UTF-16 LE and BE "Unicode text" (tab separated)', async () => {
		const text = 'Họ và tên\tĐiện thoại\r\nĐặng Thị Ánh\t0912 345 678\r\n';
		for (const endian of ['le', 'be'] as const) {
			const t = await readTable(utf16(text, endian), 'a.txt');
			expect(cells(t)).toEqual([
				['Họ và tên', 'Điện thoại'],
				['Đặng Thị Ánh', '0912 345 678']
			]);
		}
	});

	it('falls back to Windows-1258 with a warning when the bytes are not UTF-8', async () => {
		// "Họ tên,Đơn vị\nNguyễn Văn A,Sở\n" in code page 1258 (tone marks as combining bytes).
		const bytes = new Uint8Array([
			...Buffer.from('Ho', 'latin1'),
			0xf2,
			...Buffer.from(' t', 'latin1'),
			0xea,
			...Buffer.from('n,', 'latin1'),
			0xd0,
			0xf5,
			0x6e,
			...Buffer.from(' vi', 'latin1'),
			0xf2,
			...Buffer.from('\nNguy', 'latin1'),
			0xea,
			0xde,
			...Buffer.from('n V', 'latin1'),
			0xe3,
			...Buffer.from('n A,S', 'latin1'),
			0xf5,
			0xd2,
			0x0a
		]);
		const t = await readTable(bytes, 'a.csv');
		expect(cells(t)[1][0]).toBe('Nguyễn Văn A');
		expect(cells(t)[0]).toEqual(['Họ tên', 'Đơn vị']);
		expect(t.warnings.join(' ')).toContain('Windows-1258');
	});

	it('repairs an unclosed quote instead of swallowing the rest of the file', async () => {
		const csv = 'STT,Họ và tên,Đơn vị\n1,"Nguyễn Văn A,Sở X\n2,Trần Thị B,Sở Y\n';
		const t = await readTable(utf8(csv), 'a.csv');
		expect(cells(t)).toEqual([
			['STT', 'Họ và tên', 'Đơn vị'],
			['1', 'Nguyễn Văn A', 'Sở X'],
			['2', 'Trần Thị B', 'Sở Y']
		]);
		expect(t.warnings).toEqual([
			'Dòng 2: dấu ngoặc kép (") không được đóng, đã bỏ dấu này khi đọc'
		]);
	});
});
