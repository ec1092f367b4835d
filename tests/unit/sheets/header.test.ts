import { describe, it, expect } from 'vitest';
import {
	detectHeader,
	isRepeatedHeader,
	locateLists,
	type FieldSpec
} from '$lib/server/sheets/header';
import { DELEGATE_FIELDS } from '$lib/server/sheets/delegates';
import { AWARD_FIELDS } from '$lib/server/sheets/awards';
import { SheetError } from '$lib/server/sheets/errors';
import type { SheetRow, SheetTable } from '$lib/server/sheets/read-table';

const rowsOf = (grid: string[][]): SheetRow[] => grid.map((cells, i) => ({ n: i + 1, cells }));

describe('detectHeader', () => {
	it('recognises office wordings in any order', () => {
		const m = detectHeader(
			rowsOf([
				['DANH SÁCH KHÁCH MỜI'],
				[],
				[
					'Số TT',
					'E-mail',
					'HỌ VÀ TÊN ĐẠI BIỂU',
					'Chức danh',
					'Cơ quan, đơn vị',
					'SĐT',
					'Thành phần',
					'Số ghế',
					'Ghi chú'
				]
			]),
			DELEGATE_FIELDS
		);
		expect(m.headerIndex).toBe(2);
		expect(m.headerRowNumbers).toEqual([3]);
		expect(m.columns).toEqual({
			stt: 0,
			email: 1,
			fullName: 2,
			position: 3,
			unit: 4,
			phone: 5,
			tier: 6,
			seat: 7,
			notes: 8
		});
	});

	it('accepts unaccented and English headers', () => {
		const m = detectHeader(
			rowsOf([['TT', 'Ho ten', 'Dien thoai', 'Email', 'Don vi']]),
			DELEGATE_FIELDS
		);
		expect(m.columns).toMatchObject({ stt: 0, fullName: 1, phone: 2, email: 3, unit: 4 });
		const en = detectHeader(rowsOf([['No.', 'Full name', 'Mobile', 'E-mail']]), DELEGATE_FIELDS);
		expect(en.columns).toMatchObject({ stt: 0, fullName: 1, phone: 2, email: 3 });
	});

	it('gives "Chức vụ, đơn vị" to the position, and "Đơn vị" to the unit when both exist', () => {
		const one = detectHeader(rowsOf([['TT', 'Họ tên', 'Chức vụ, đơn vị', 'ĐT']]), DELEGATE_FIELDS);
		expect(one.columns).toMatchObject({ position: 2, phone: 3 });
		expect(one.columns.unit).toBeUndefined();
		const two = detectHeader(
			rowsOf([['Họ tên', 'Chức vụ', 'Đơn vị công tác', 'Di động']]),
			DELEGATE_FIELDS
		);
		expect(two.columns).toMatchObject({ fullName: 0, position: 1, unit: 2, phone: 3 });
	});

	it('combines a merged group header with the sub-headers below it', () => {
		const m = detectHeader(
			rowsOf([
				['UBND TỈNH NINH THUẬN', 'UBND TỈNH NINH THUẬN'],
				['DANH SÁCH ĐẠI BIỂU', 'DANH SÁCH ĐẠI BIỂU', 'DANH SÁCH ĐẠI BIỂU'],
				['TT', 'Họ và tên', 'Chức vụ', 'Thông tin liên hệ', 'Thông tin liên hệ', 'Cấp'],
				['TT', 'Họ và tên', 'Chức vụ', 'Điện thoại', 'Thư điện tử', 'Cấp'],
				['1', 'Lê Văn A', 'Giám đốc', '0912345678', 'a@b.vn', 'Cấp tỉnh']
			]),
			DELEGATE_FIELDS
		);
		expect(m.headerIndex).toBe(3);
		expect(m.columns).toMatchObject({
			stt: 0,
			fullName: 1,
			position: 2,
			phone: 3,
			email: 4,
			tier: 5
		});
	});

	it('combines two header rows when neither alone has every column', () => {
		const m = detectHeader(
			rowsOf([
				['STT', 'Đại biểu', '', 'Liên hệ', ''],
				['', 'Họ và tên', 'Chức vụ', 'Điện thoại', 'Email'],
				['1', 'Lê Văn A', 'Giám đốc', '0912345678', 'a@b.vn']
			]),
			DELEGATE_FIELDS
		);
		expect(m.headerRowNumbers).toEqual([1, 2]);
		expect(m.headerIndex).toBe(1);
		expect(m.columns).toMatchObject({ stt: 0, fullName: 1, position: 2, phone: 3, email: 4 });
		expect(m.headers[1]).toBe('Đại biểu Họ và tên');
	});

	it('does not take the first data row as a second header row', () => {
		const m = detectHeader(
			rowsOf([
				['STT', 'Họ và tên', 'Ghi chú'],
				['1', 'Nguyễn Văn Cấp', 'Điện thoại sau']
			]),
			DELEGATE_FIELDS
		);
		expect(m.headerRowNumbers).toEqual([1]);
	});

	it('finds award columns', () => {
		const m = detectHeader(
			rowsOf([
				[
					'TT',
					'Tên tập thể, cá nhân',
					'Chức vụ',
					'Địa chỉ',
					'Nội dung thành tích',
					'Hình thức khen thưởng'
				]
			]),
			AWARD_FIELDS
		);
		expect(m.columns).toEqual({
			stt: 0,
			name: 1,
			position: 2,
			unit: 3,
			achievement: 4,
			awardForm: 5
		});
	});

	it('says which required column is missing and lists the headers it saw', () => {
		let err: unknown;
		try {
			detectHeader(
				rowsOf([
					['DANH SÁCH'],
					['STT', 'Chức vụ', 'Đơn vị', 'Điện thoại'],
					['1', 'GĐ', 'Sở', '0912345678']
				]),
				DELEGATE_FIELDS
			);
		} catch (e) {
			err = e;
		}
		expect(err).toBeInstanceOf(SheetError);
		const e = err as SheetError;
		expect(e.code).toBe('no_header');
		expect(e.message).toContain('thiếu cột "Họ và tên"');
		expect(e.message).toContain('Các tiêu đề đã thấy (dòng 2): STT, Chức vụ, Đơn vị, Điện thoại');
	});

	it('works with any field list', () => {
		const fields: FieldSpec<'code' | 'title'>[] = [
			{ key: 'code', label: 'Mã', synonyms: ['Mã', 'Mã số'], required: true },
			{ key: 'title', label: 'Tên', synonyms: ['Tên'] }
		];
		const m = detectHeader(rowsOf([['Mã số', 'Tên']]), fields);
		expect(m.columns).toEqual({ code: 0, title: 1 });
	});

	it('recognises a header repeated on a later page', () => {
		const rows = rowsOf([['STT', 'Họ và tên', 'Đơn vị']]);
		const m = detectHeader(rows, DELEGATE_FIELDS);
		expect(isRepeatedHeader(['STT', 'HỌ VÀ TÊN', 'Đơn vị'], m)).toBe(true);
		expect(isRepeatedHeader(['5', 'Họ Và Tên', 'Sở Y tế'], m)).toBe(false);
	});
});

describe('detectHeader: a name split over columns', () => {
	it('finds "Họ" | "Tên đệm" | "Tên" and "Họ và tên đệm" | "Tên", never "Tên đơn vị"', () => {
		const three = detectHeader(rowsOf([['STT', 'Họ', 'Tên đệm', 'Tên', 'Đơn vị']]), DELEGATE_FIELDS);
		expect(three.columns).toEqual({
			stt: 0,
			familyName: 1,
			middleName: 2,
			givenName: 3,
			unit: 4
		});
		const two = detectHeader(
			rowsOf([['TT', 'Họ và tên đệm', 'Tên', 'Tên đơn vị', 'SĐT']]),
			DELEGATE_FIELDS
		);
		expect(two.columns).toEqual({ stt: 0, familyName: 1, givenName: 2, unit: 3, phone: 4 });
		const whole = detectHeader(
			rowsOf([['TT', 'Họ và tên', 'Tên cơ quan', 'SĐT']]),
			DELEGATE_FIELDS
		);
		expect(whole.columns).toEqual({ stt: 0, fullName: 1, unit: 2, phone: 3 });
		// A given name alone is not the whole name.
		expect(() =>
			detectHeader(rowsOf([['STT', 'Tên', 'Tên đệm', 'Đơn vị']]), DELEGATE_FIELDS)
		).toThrow(/thiếu cột "Họ và tên"/);
	});

	it('reads the sub-headers under a "Họ và tên" merged over two columns', () => {
		const m = detectHeader(
			rowsOf([
				['STT', 'Họ và tên', 'Họ và tên', 'Chức vụ', 'Đơn vị'],
				['STT', 'Họ đệm', 'Tên', 'Chức vụ', 'Đơn vị'],
				['1', 'Nguyễn Thị', 'Hoa', 'Giám đốc', 'Sở Y tế']
			]),
			DELEGATE_FIELDS
		);
		expect(m.headerRowNumbers).toEqual([1, 2]);
		expect(m.columns).toEqual({ stt: 0, familyName: 1, givenName: 2, position: 3, unit: 4 });
	});
});

describe('locateLists', () => {
	const sheet = (name: string, grid: string[][]) => ({ name, rows: rowsOf(grid) });
	const fields: FieldSpec<'name' | 'unit' | 'phone'>[] = [
		{ key: 'name', label: 'Họ và tên', synonyms: ['Họ và tên'], required: true },
		{ key: 'unit', label: 'Đơn vị', synonyms: ['Đơn vị'] },
		{ key: 'phone', label: 'Điện thoại', synonyms: ['Điện thoại'] }
	];
	const table = (sheets: ReturnType<typeof sheet>[], primary: number): SheetTable => ({
		format: 'xlsx',
		sheets,
		primary,
		warnings: []
	});

	it('returns every sheet whose header means the same, in workbook order', () => {
		const t = table(
			[
				sheet('Hướng dẫn', [['Điền theo mẫu']]),
				sheet('Cấp tỉnh', [['Họ và tên', 'Đơn vị'], ['A', 'Sở']]),
				sheet('Cấp xã', [['Đơn vị', 'Họ và tên'], ['Xã', 'B'], ['Xã', 'C']]),
				sheet('Liên hệ', [['Họ và tên', 'Điện thoại'], ['D', '0912'], ['E', '0913']]),
				sheet('Tổng hợp', [['Cấp', 'Số'], ['Tỉnh', '1'], ['Xã', '2']])
			],
			2
		);
		const { lists, unread } = locateLists(t, fields, (main, other) =>
			JSON.stringify(Object.keys(main.match.columns).sort()) ===
			JSON.stringify(Object.keys(other.match.columns).sort())
				? null
				: `khác trang ${main.sheet.name}`
		);
		expect(lists.map((l) => [l.index, l.sheet.name, l.match.columns])).toEqual([
			[1, 'Cấp tỉnh', { name: 0, unit: 1 }],
			[2, 'Cấp xã', { unit: 0, name: 1 }]
		]);
		expect(unread.map((u) => u.sheet.name)).toEqual(['Liên hệ', 'Tổng hợp']);
		expect(unread[0].reason).toBe('khác trang Cấp xã');
		expect(unread[1].reason).toMatch(/^Không tìm thấy dòng tiêu đề của danh sách/);
	});
});
