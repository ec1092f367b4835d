import { describe, it, expect } from 'vitest';
import { readTable } from '$lib/server/sheets/read-table';
import {
	awardKindFromText,
	parseAwardSheet,
	parseHouseholdName,
	readDecisionHints,
	type AwardImportPreview
} from '$lib/server/sheets/awards';
import { buildXlsx, utf8, type CellInput } from './helpers';

const messagesAt = (p: AwardImportPreview, row: number) =>
	p.problems.filter((x) => x.rowNumber === row).map((x) => `${x.severity}: ${x.message}`);

describe('parseAwardSheet: the list attached to a decision', () => {
	const grid: CellInput[][] = [
		/* 1 */ ['DANH SÁCH KHEN THƯỞNG'],
		/* 2 */ [
			'(Kèm theo Quyết định số 1234/QĐ-UBND ngày 05/12/2023 của Chủ tịch UBND tỉnh Ninh Thuận)'
		],
		/* 3 */ ['TT', 'Họ và tên', 'Chức vụ, đơn vị', 'Hình thức khen thưởng', 'Nội dung thành tích'],
		/* 4 */ ['Tập thể:'],
		/* 5 */ [1, 'Hội Nông dân xã Phước Hải', null, 'Bằng khen', 'Hoàn thành xuất sắc nhiệm vụ'],
		/* 6 */ [2, 'Trường Tiểu học Cà Ná', null, 'Bằng khen', 'Hoàn thành xuất sắc nhiệm vụ'],
		/* 7 */ ['B', 'Cá nhân'],
		/* 8 */ [3, 'Ông Trần Văn Nam', 'Trưởng thôn Đá Trắng', 'Bằng khen', 'Có thành tích xuất sắc'],
		/* 9 */ [4, 'Bà Lê Thị Hoa', 'Hội viên Hội Phụ nữ', 'Giấy khen', null],
		/* 10 */ [5, 'Ông Trần Văn Nam', 'Trưởng thôn Đá Trắng', 'Bằng khen', 'Có thành tích xuất sắc'],
		/* 11 */ [6, 'Trần Văn Nam', 'Trưởng thôn Đá Trắng', 'Giấy khen', 'Có thành tích'],
		/* 12 */ ['C. HỘ GIA ĐÌNH'],
		/* 13 */ [
			7,
			'Gia đình bà Nguyễn Thị Tư',
			'Thôn Phước Lợi',
			'Bằng khen',
			'Vươn lên thoát nghèo'
		],
		/* 14 */ [8, 'Hộ ông Đàng Văn Út', 'Thôn Ma Rớ', 'Bằng khen', 'Vươn lên thoát nghèo'],
		/* 15 */ ['Tổng cộng: 8'],
		/* 16 */ [null, null, null, 'KT. CHỦ TỊCH'],
		/* 17 */ [null, null, null, 'Phạm Văn Ký']
	];
	const merges = ['A1:E1', 'A2:E2', 'A4:E4', 'A12:E12', 'A15:C15'];
	let preview: AwardImportPreview;
	const load = async () =>
		(preview ??= parseAwardSheet(
			await readTable(await buildXlsx([{ rows: grid, merges }]), 'qd.xlsx')
		));

	it('reads the decision number, date and issuer from the title', async () => {
		const p = await load();
		expect(p.decisionHints).toMatchObject({
			number: '1234/QĐ-UBND',
			date: '2023-12-05',
			issuer: 'Chủ tịch UBND tỉnh Ninh Thuận'
		});
	});

	it('sets the kind from "Tập thể:", "B | Cá nhân", "C. HỘ GIA ĐÌNH" sections', async () => {
		const p = await load();
		expect(p.rows.map((r) => [r.rowNumber, r.kind])).toEqual([
			[5, 'collective'],
			[6, 'collective'],
			[8, 'individual'],
			[9, 'individual'],
			[11, 'individual'],
			[13, 'household'],
			[14, 'household']
		]);
		expect(p.skipped.filter((s) => s.reason === 'section').map((s) => s.text)).toEqual([
			'Tập thể:',
			'B. Cá nhân',
			'C. HỘ GIA ĐÌNH'
		]);
		expect(p.stats).toEqual({
			total: 7,
			byKind: { collective: 2, individual: 3, household: 2 },
			withoutKind: 0
		});
	});

	it('splits salutations and household heads', async () => {
		const p = await load();
		const byRow = new Map(p.rows.map((r) => [r.rowNumber, r]));
		expect(byRow.get(8)).toMatchObject({
			name: 'Trần Văn Nam',
			salutation: 'Ông',
			awardForm: 'Bằng khen'
		});
		expect(byRow.get(9)).toMatchObject({ name: 'Lê Thị Hoa', salutation: 'Bà', achievement: null });
		expect(byRow.get(13)).toMatchObject({
			name: 'Gia đình bà Nguyễn Thị Tư',
			householdHead: 'Nguyễn Thị Tư',
			salutation: 'Bà',
			position: 'Thôn Phước Lợi'
		});
		expect(byRow.get(14)).toMatchObject({ householdHead: 'Đàng Văn Út', salutation: 'Ông' });
	});

	it('folds an identical row, flags a differing one, warns on a missing achievement', async () => {
		const p = await load();
		expect(p.rows.find((r) => r.rowNumber === 8)?.sourceRowNumbers).toEqual([8, 10]);
		expect(messagesAt(p, 10)).toEqual(['warning: Trùng hoàn toàn với dòng 8, đã gộp làm một']);
		expect(messagesAt(p, 11)).toEqual(['error: Trùng với dòng 8 (cùng tên và đơn vị)']);
		expect(messagesAt(p, 9)).toEqual(['warning: Thiếu nội dung thành tích']);
		expect(p.duplicates).toEqual([
			{ rowNumbers: [8, 10, 11], reasons: ['identity'], resolution: 'conflict' }
		]);
		expect(p.skipped.filter((s) => s.reason === 'footer').map((s) => s.rowNumber)).toEqual([
			15, 16, 17
		]);
	});
});

describe('parseAwardSheet: other shapes', () => {
	it('guesses the kind without sections or a kind column, and says so', async () => {
		const csv = [
			'STT,Tên tập thể/cá nhân,Chức vụ,Đơn vị,Thành tích',
			'1,Phòng Nội vụ huyện Ninh Sơn,,,Xuất sắc',
			'2,Trương Văn Hải,,UBND xã Lâm Sơn,Xuất sắc',
			'3,Hộ bà Pinăng Thị Hoa,,Thôn Suối Rớ,Thoát nghèo',
			'4,một số người dân,,,Xuất sắc'
		].join('\n');
		const p = parseAwardSheet(await readTable(utf8(csv), 'ds.csv'));
		expect(p.rows.map((r) => r.kind)).toEqual(['collective', 'individual', 'household', null]);
		expect(messagesAt(p, 2)).toEqual([
			'warning: Không rõ loại, đã đoán là "Tập thể": hãy kiểm tra'
		]);
		expect(messagesAt(p, 3)).toEqual([
			'warning: Không rõ loại, đã đoán là "Cá nhân": hãy kiểm tra'
		]);
		expect(messagesAt(p, 4)).toEqual([]);
		expect(messagesAt(p, 5)).toEqual([
			'error: Không xác định được loại (tập thể, cá nhân hay hộ gia đình)'
		]);
		expect(p.decisionHints).toEqual({ number: null, date: null, issuer: null, text: null });
	});

	it('reads kinds from a "Loại" column', async () => {
		const csv =
			'TT;Tên;Loại;Thành tích\n1;Lê Văn A;CN;x\n' +
			'2;Đội Thanh niên xung kích;Tập thể;x\n3;Lê Văn B;HGĐ;x\n';
		const p = parseAwardSheet(await readTable(utf8(csv), 'ds.csv'));
		expect(p.rows.map((r) => r.kind)).toEqual(['individual', 'collective', 'household']);
	});

	it('recognises kinds, households and blank decision numbers', () => {
		expect(awardKindFromText('I. TẬP THỂ')).toBe('collective');
		expect(awardKindFromText('II. CÁ NHÂN')).toBe('individual');
		expect(awardKindFromText('III. HỘ GIA ĐÌNH')).toBe('household');
		expect(awardKindFromText('Tập thể, cá nhân')).toBeNull();
		expect(parseHouseholdName('Hộ gia đình ông Lê Văn C')).toEqual({
			head: 'Lê Văn C',
			salutation: 'Ông'
		});
		expect(parseHouseholdName('Hồ Văn D')).toBeNull();
		expect(parseHouseholdName('Hội Nông dân')).toBeNull();
		const blank = readDecisionHints([
			{
				n: 1,
				cells: ['(Kèm theo Quyết định số      /QĐ-UBND ngày     tháng 3 năm 2024 của UBND tỉnh)']
			}
		]);
		expect(blank).toMatchObject({ number: null, date: null, issuer: 'UBND tỉnh' });
	});
});
