import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../helpers/db';
import { eventInput, newEventWorld, newMember } from '../helpers/factories';
import { createEvent } from '../../src/lib/server/events/service';
import { buildXlsx, utf8 } from '../unit/sheets/helpers';
import type { Database_ } from '../../src/lib/server/db';
import { commitImport, createImport, discardImport, previewImport, type ImportPreview } from '../../src/lib/server/delegates/import';
import { createDelegate, listDelegates, summaryOf } from '../../src/lib/server/delegates/service';

const FIXTURE = 'tests/fixtures/so-ket-2024-ninh-thuan/';
const expected = JSON.parse(fs.readFileSync(FIXTURE + 'expected.json', 'utf8'));

let d: Database_;
beforeAll(async () => {
	d = await testDatabase();
});
afterAll(async () => d?.close());

const rowOf = (p: ImportPreview, n: number) => p.rows.find((r) => r.sourceRowNumbers.includes(n))!;
const messages = (p: ImportPreview, n: number) => rowOf(p, n).problems.map((x) => `${x.severity}: ${x.message}`);
const count = async (eventId: number) =>
	Number((await d.db.selectFrom('delegate').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', eventId).executeTakeFirstOrThrow()).n);

/** A 2025 Khánh Hòa list: two-level tiers, roman sections, sub-groups, unit letters, Word-pasted text. */
async function khanhHoaList(): Promise<Uint8Array> {
	const nfd = (s: string) => s.normalize('NFD');
	return buildXlsx([
		{
			name: 'DS mời',
			rows: [
				['UBND TỈNH KHÁNH HÒA', null, null, null, null, null, null, null],
				['VĂN PHÒNG', null, null, null, null, null, null, null],
				['DANH SÁCH KHÁCH MỜI HỘI NGHỊ TỔNG KẾT PHONG TRÀO THI ĐUA “VÌ NGƯỜI NGHÈO”', null, null, null, null, null, null, null],
				[],
				['TT', 'Họ tên đại biểu', 'Chức danh', 'Cơ quan công tác', 'SĐT', 'Thư điện tử', 'Số lượng', 'Ghi chú'],
				['I. KHÁCH MỜI TRUNG ƯƠNG'],
				[1, 'Ông Đinh Văn Trung Ương', 'Thứ trưởng', 'Bộ Nông nghiệp và Môi trường', '+84 912 345 001', { text: 'trung@mae.gov.vn', hyperlink: 'mailto:trung@mae.gov.vn' }, null, null],
				['II. LÃNH ĐẠO TỈNH'],
				[2, { richText: [{ text: 'Bà ' }, { text: 'Nguyễn Thị Thu', font: { bold: true } }] }, 'Phó Chủ tịch UBND tỉnh', 'UBND tỉnh', '0912.345.002', 'thu@khanhhoa.gov.vn', null, 'Chủ trì'],
				[3, nfd('  Lê   Văn Mặt Trận '), nfd('Chủ tịch Ủy ban MTTQ Việt Nam tỉnh'), nfd('Ủy ban MTTQ Việt Nam tỉnh'), 912345003, null, null, null],
				[],
				['III. CÁC SỞ, BAN, NGÀNH'],
				[4, 'Lãnh đạo Sở Tài chính', null, 'Sở Tài chính', '0258 3822 111', 'stc@khanhhoa.gov.vn', 2, null],
				[5, 'Trần Văn Nội Vụ', 'Giám đốc', 'Sở Nội vụ', '0912345005', 'noivu@khanhhoa.gov.vn', null, null],
				[6, 'Phạm Thị Nông Nghiệp', 'Phó Giám đốc', 'Sở Nông nghiệp và Môi trường', '0912345006', null, null, null],
				['IV. CẤP XÃ, PHƯỜNG'],
				['1. Phường Nha Trang'],
				[7, 'Võ Văn Phường', 'Chủ tịch UBND phường', 'UBND phường Nha Trang', '0912345007', null, null, null],
				[8, 'Hồ Thị Phường', 'Phó Chủ tịch UBND phường', 'UBND phường Nha Trang', '0912345008', null, null, null],
				['2. Xã Phước Hà'],
				[9, 'UBND xã Phước Hà', null, null, '0259 3850 123', null, '02 người', null],
				[],
				['Tổng cộng: 9 mục'],
				[null, null, null, null, null, 'TL. CHỦ TỊCH'],
				[null, null, null, null, null, 'CHÁNH VĂN PHÒNG']
			],
			merges: ['A1:H1', 'A2:H2', 'A3:H3', 'A6:H6', 'A8:H8', 'A12:H12', 'A16:H16', 'A17:H17', 'A20:H20']
		}
	]);
}

describe('import of the Ninh Thuận fixture', () => {
	for (const file of ['delegates.xlsx', 'delegates.csv']) {
		it(`${file}: previews and commits 144 delegates by tier`, async () => {
			const w = await newEventWorld(d.db);
			const bytes = fs.readFileSync(FIXTURE + file);
			const p = await createImport(d.db, w.admin, w.eventId, { bytes, filename: file });
			expect(p.counts).toMatchObject({ create: 144, errorRows: 0, update: 0, units: 0, withoutEmail: expected.withoutEmail });
			expect(p.counts.byTier).toEqual(expected.byTier);
			expect(await count(w.eventId)).toBe(0);
			const r = await commitImport(d.db, w.admin, w.eventId, p.importId, { planDigest: p.planDigest, sha256: p.sha256 });
			expect(r.created).toBe(144);
			const s = await summaryOf(d.db, w.eventId);
			expect(s.total).toBe(144);
			expect(Object.fromEntries(s.byTier.map((t) => [t.name, t.total]))).toEqual(expected.byTier);
			const list = await listDelegates(d.db, w.admin, w.eventId);
			expect(list.slice(0, 4).map((x) => x.fullName)).toEqual(['Ngô Ngọc Nhung', 'Hồ Minh Dũng', 'Ngô Minh Quang', 'Vũ Công Trung']);
			const audit = await d.db.selectFrom('audit_log').selectAll().where('event_id', '=', w.eventId).where('action', '=', 'delegate.import.committed').execute();
			expect(audit).toHaveLength(1);
			expect(audit[0].data).toMatchObject({ created: 144, filename: file, sha256: p.sha256 });
			// The same file again: everyone is already there, nothing doubles.
			const again = await createImport(d.db, w.admin, w.eventId, { bytes, filename: file });
			expect(again.counts).toMatchObject({ create: 0, unchanged: 144, errorRows: 0 });
			await commitImport(d.db, w.admin, w.eventId, again.importId, { planDigest: again.planDigest });
			expect(await count(w.eventId)).toBe(144);
		});
	}

	it("keeps the file's order when asked", async () => {
		const w = await newEventWorld(d.db);
		const p = await createImport(d.db, w.admin, w.eventId, { bytes: fs.readFileSync(FIXTURE + 'delegates.xlsx'), filename: 'd.xlsx' }, { order: 'file' });
		await commitImport(d.db, w.admin, w.eventId, p.importId);
		const list = await listDelegates(d.db, w.admin, w.eventId, { tierId: w.tiers[0].id });
		expect(list.slice(9, 13).map((x) => x.position)).toEqual(['Chánh Văn phòng', 'Phó Chánh Văn phòng', 'Giám đốc', 'Trưởng phòng Bảo trợ xã hội']);
		expect(list.slice(0, 3).map((x) => x.protocolRank)).toEqual([10, 20, 30]);
	});
});

describe('import of other shapes', () => {
	it('a 2024 list into a 2025 event: the user maps "Cấp huyện" to a tier and the preview follows', async () => {
		const w = await newEventWorld(d.db);
		const eventId = await createEvent(d.db, w.admin, w.org.id, eventInput({ startsAt: new Date('2025-12-10T00:30:00Z') }), { presetKey: 'two_levels_2025' });
		let p = await createImport(d.db, w.admin, eventId, { bytes: fs.readFileSync(FIXTURE + 'delegates.xlsx'), filename: 'cu.xlsx' });
		expect(p.unmatchedTiers.map((u) => [u.text, u.rowNumbers.length])).toEqual([['Cấp huyện', 28]]);
		expect(p.counts.errorRows).toBe(28);
		expect(messages(p, 41)).toEqual(['error: Không xác định được cấp đại biểu: "Cấp huyện" không khớp cấp nào của hội nghị']);
		p = await previewImport(d.db, w.admin, eventId, p.importId, { tierAliases: { [p.unmatchedTiers[0].key]: 'Cấp xã' } });
		expect(p.counts.errorRows).toBe(0);
		expect(p.counts.byTier).toMatchObject({ 'Cấp tỉnh': 33, 'Cấp xã': 85, 'Tập thể, cá nhân, hộ gia đình được khen thưởng': 26 });
		const r = await commitImport(d.db, w.admin, eventId, p.importId, { planDigest: p.planDigest });
		expect(r.created).toBe(144);
	});

	it('a 2025 Khánh Hòa list: roman sections in its own words, sub-groups, unit letters, rich text, NFD, phones', async () => {
		const w = await newEventWorld(d.db);
		w.eventId = await createEvent(d.db, w.admin, w.org.id, eventInput({ startsAt: new Date('2025-12-10T00:30:00Z') }), { presetKey: 'two_levels_2025' });
		const tiers = await d.db.selectFrom('tier').select(['id', 'name']).where('event_id', '=', w.eventId).orderBy('position').execute();
		expect(tiers.map((t) => t.name)).toContain('Sở, ban, ngành, đoàn thể tỉnh');
		const bytes = await khanhHoaList();
		const p = await createImport(d.db, w.admin, w.eventId, { bytes, filename: 'khach-moi.xlsx' });
		// Roman sections in their own words: "II. LÃNH ĐẠO TỈNH" is Cấp tỉnh, "III. CÁC SỞ, BAN, NGÀNH" the sở tier.
		expect(p.unmatchedTiers).toEqual([]);
		expect(p.counts.errorRows).toBe(0);
		expect(p.counts.byTier).toMatchObject({ 'Trung ương': 1, 'Cấp tỉnh': 2, 'Sở, ban, ngành, đoàn thể tỉnh': 3, 'Cấp xã': 3 });
		expect(rowOf(p, 7)).toMatchObject({ salutation: 'Ông', fullName: 'Đinh Văn Trung Ương', phone: '0912345001', email: 'trung@mae.gov.vn', protocolRank: 20 });
		expect(rowOf(p, 9)).toMatchObject({ salutation: 'Bà', fullName: 'Nguyễn Thị Thu', protocolRank: 310, notes: 'Chủ trì' });
		expect(rowOf(p, 10)).toMatchObject({ fullName: 'Lê Văn Mặt Trận', position: 'Chủ tịch Ủy ban MTTQ Việt Nam tỉnh', phone: '0912345003', protocolRank: 400 });
		expect(rowOf(p, 13)).toMatchObject({ kind: 'unit', addressedTo: 'Lãnh đạo Sở Tài chính', unit: 'Sở Tài chính', places: 2, phone: '02583822111' });
		expect(messages(p, 13).join()).toContain('thư mời gửi đơn vị');
		expect(rowOf(p, 18)).toMatchObject({ fullName: 'Võ Văn Phường', tierName: 'Cấp xã', section: '1. Phường Nha Trang', protocolRank: 730 });
		expect(rowOf(p, 21)).toMatchObject({ kind: 'unit', addressedTo: 'UBND xã Phước Hà', unit: 'UBND xã Phước Hà', places: 2 });
		expect(p.skipped.map((s) => s.reason)).toEqual(expect.arrayContaining(['section', 'footer']));
		const r = await commitImport(d.db, w.admin, w.eventId, p.importId, { planDigest: p.planDigest });
		expect(r.created).toBe(9);
		const list = await listDelegates(d.db, w.admin, w.eventId);
		expect(list.filter((x) => x.kind === 'unit').map((x) => [x.addressedTo, x.places])).toEqual([
			['Lãnh đạo Sở Tài chính', 2],
			['UBND xã Phước Hà', 2]
		]);
		// NFD input is stored NFC.
		expect(list.find((x) => x.fullName.startsWith('Lê'))!.fullName).toBe('Lê Văn Mặt Trận'.normalize('NFC'));
	});

	it('a semicolon CSV from another province: combined column, a tier column, shared switchboard, duplicates', async () => {
		const w = await newEventWorld(d.db);
		const csv = [
			'DANH SÁCH ĐẠI BIỂU;;;;;',
			'(kèm theo Giấy mời số 15/GM-UBND);;;;;',
			'STT;Họ và tên;Giới tính;Chức vụ, đơn vị;Điện thoại;E-mail;Thành phần',
			'1;Nguyễn Văn Tỉnh;Nam;Chủ tịch UBND tỉnh;0912 345 101;tinh@gialai.gov.vn;Tỉnh',
			'2;Trần Thị Văn Phòng;Nữ;Chuyên viên Văn phòng UBND tỉnh;0269 3822 999;;Tỉnh',
			'3;Lê Văn Văn Phòng;Nam;Chuyên viên Văn phòng UBND tỉnh;0269.3822.999;;Tỉnh',
			'4;Nguyễn Văn Tỉnh;Nam;Chủ tịch UBND tỉnh;0912 345 101;tinh@gialai.gov.vn;Tỉnh',
			'5;Phạm Văn Huyện;Nam;Chủ tịch UBND huyện Chư Sê;0912345105;;Huyện',
			'6;Phạm Văn Huyện;Nam;Chủ tịch UBND huyện Chư Sê;0987654321;;Huyện',
			'7;Đỗ Thị Xã;Nữ;Chủ tịch UBND xã Ia Ko;+84 912 345 107;xa@gialai.gov.vn;Xã',
			';;;;;;',
			'Tổng số: 7 người;;;;;;'
		].join('\r\n');
		const p = await createImport(d.db, w.admin, w.eventId, { bytes: utf8(csv, true), filename: 'gia-lai.csv' });
		expect(p.columns.position?.header).toBe('Chức vụ, đơn vị');
		// Two people behind one switchboard: a warning each side, both created.
		expect(messages(p, 6)).toEqual(['warning: Dùng chung số điện thoại với dòng 5 (người khác: có thể là số máy chung, hãy kiểm tra)']);
		expect(rowOf(p, 6).action).toBe('create');
		expect(p.duplicates).toContainEqual({ rowNumbers: [5, 6], reasons: ['phone'], resolution: 'flagged' });
		// An identical row folds into the first.
		expect(rowOf(p, 7).rowNumber).toBe(4);
		expect(rowOf(p, 4).sourceRowNumbers).toEqual([4, 7]);
		// The same person with another phone is an error that blocks the commit.
		expect(rowOf(p, 9).action).toBe('error');
		expect(messages(p, 9)).toContain('error: Trùng với dòng 8 (cùng họ tên và đơn vị)');
		expect(p.counts).toMatchObject({ create: 5, errorRows: 1 });
		await expect(commitImport(d.db, w.admin, w.eventId, p.importId)).rejects.toMatchObject({ code: 'import_has_errors', status: 400 });
		expect(await count(w.eventId)).toBe(0);
		// Only when the user says so explicitly.
		const r = await commitImport(d.db, w.admin, w.eventId, p.importId, { planDigest: p.planDigest, skipErrorRows: true });
		expect(r).toMatchObject({ created: 5, skippedErrorRows: 1 });
		const list = await listDelegates(d.db, w.admin, w.eventId);
		expect(list.filter((x) => x.phone === '02693822999')).toHaveLength(2);
		expect(list.find((x) => x.fullName === 'Đỗ Thị Xã')).toMatchObject({ salutation: 'Bà', tierName: 'Cấp xã', phone: '0912345107' });
	});

	it('a list with only a tier column and English-style headers, matched against delegates already on the list', async () => {
		const w = await newEventWorld(d.db);
		const t = w.tiers[0].id;
		const base = { kind: 'person' as const, tierId: t, salutation: null, addressedTo: '', places: 1, seat: '', notes: '', protocolRank: null };
		const known = await createDelegate(d.db, w.admin, w.eventId, { ...base, fullName: 'Hoàng Văn Đã Có', position: 'Giám đốc', unit: 'Sở Y tế', email: null, phone: '0912000001' });
		const secretary = await createDelegate(d.db, w.admin, w.eventId, { ...base, fullName: 'Vũ Thị Thư Ký', position: 'Chuyên viên', unit: 'Sở Tài chính', email: 'vanthu@stc.gov.vn', phone: null });
		const bytes = await buildXlsx([
			{
				rows: [
					['No.', 'Full name', 'Title', 'Organization', 'Mobile', 'E-mail', 'Group', 'Note'],
					[1, 'Hoàng Văn Đã Có', 'Giám đốc Sở', 'Sở Y tế', '0912000001', 'daco@syt.gov.vn', 'Cấp tỉnh', 'Phát biểu'],
					[2, 'Ông Bùi Văn Mới', 'Giám đốc', 'Sở Tài chính', '0912000002', 'vanthu@stc.gov.vn', 'Cấp tỉnh', ''],
					[3, 'Đặng Thị Xã', 'Chủ tịch UBND xã', 'UBND xã Mỹ Sơn', '0912000003', '', 'Cấp xã', ''],
					[4, 'Lý Văn Lạ', 'Cán bộ', 'UBND xã Mỹ Sơn', '', '', 'Khách mời quốc tế', '']
				]
			}
		]);
		let p = await createImport(d.db, w.admin, w.eventId, { bytes, filename: 'list.xlsx' });
		expect(rowOf(p, 2)).toMatchObject({ action: 'update', match: { id: known } });
		expect(rowOf(p, 2).changes.map((c) => c.field).sort()).toEqual(['email', 'notes', 'position']);
		expect(messages(p, 3)).toContain('warning: Dùng chung email với đại biểu đã có: Vũ Thị Thư Ký (Sở Tài chính) (người khác: hãy kiểm tra)');
		expect(rowOf(p, 3).action).toBe('create');
		expect(rowOf(p, 5).action).toBe('error');
		expect(p.unmatchedTiers.map((u) => u.text)).toEqual(['Khách mời quốc tế']);
		p = await previewImport(d.db, w.admin, w.eventId, p.importId, { tierAliases: { 'Khách mời quốc tế': 'Tập thể, cá nhân được khen thưởng' }, matched: 'skip' });
		expect(rowOf(p, 5).action).toBe('create');
		expect(rowOf(p, 2).action).toBe('unchanged');
		await commitImport(d.db, w.admin, w.eventId, p.importId, { planDigest: p.planDigest });
		const after = await listDelegates(d.db, w.admin, w.eventId);
		expect(after).toHaveLength(5);
		expect(after.find((x) => x.id === known)!.email).toBeNull();
		expect(after.find((x) => x.id === secretary)!.email).toBe('vanthu@stc.gov.vn');
	});
});

describe('import rules', () => {
	it('is all or nothing: a failure in the middle of the commit leaves no delegate behind', async () => {
		const w = await newEventWorld(d.db);
		const lines = ['STT,Họ và tên,Chức vụ,Đơn vị,Điện thoại,Cấp'];
		for (let i = 1; i <= 1200; i++) lines.push(`${i},Người Thử ${i},Chuyên viên,Sở Số ${i},,Cấp tỉnh`);
		lines[900] = '900,Lỗi Giữa Chừng,Chuyên viên,Sở Lỗi,,Cấp tỉnh';
		const p = await createImport(d.db, w.admin, w.eventId, { bytes: utf8(lines.join('\n')), filename: 'lon.csv' });
		expect(p.counts.create).toBe(1200);
		// A database failure on one row deep in the list (after the first insert batches went through).
		await sql
			.raw(
				`create or replace function hn_test_fail() returns trigger language plpgsql as $$ begin if new.full_name = 'Lỗi Giữa Chừng' then raise exception 'hỏng giữa chừng'; end if; return new; end $$`
			)
			.execute(d.db);
		await sql.raw(`create trigger hn_test_fail before insert on delegate for each row execute function hn_test_fail()`).execute(d.db);
		try {
			await expect(commitImport(d.db, w.admin, w.eventId, p.importId, { planDigest: p.planDigest })).rejects.toThrow(/hỏng giữa chừng/);
		} finally {
			await sql.raw('drop trigger hn_test_fail on delegate').execute(d.db);
		}
		expect(await count(w.eventId)).toBe(0);
		const imp = await d.db.selectFrom('delegate_import').select(['committed_at']).where('id', '=', p.importId).executeTakeFirstOrThrow();
		expect(imp.committed_at).toBeNull();
		expect(await d.db.selectFrom('audit_log').select('id').where('event_id', '=', w.eventId).where('action', '=', 'delegate.import.committed').execute()).toHaveLength(0);
		// The same import goes through once the cause is gone.
		const r = await commitImport(d.db, w.admin, w.eventId, p.importId, { planDigest: p.planDigest });
		expect(r.created).toBe(1200);
		await expect(commitImport(d.db, w.admin, w.eventId, p.importId)).rejects.toMatchObject({ code: 'import_already_committed', status: 409 });
	});

	it('discards a list not imported, with an audit row; a list already imported cannot be discarded', async () => {
		const w = await newEventWorld(d.db);
		const csv = 'Họ và tên,Chức vụ,Đơn vị,Cấp\nLê Văn Bỏ,Giám đốc,Sở Công Thương,Cấp tỉnh\n';
		const a = await createImport(d.db, w.admin, w.eventId, { bytes: utf8(csv), filename: 'bo.csv' });
		const viewer = await newMember(d.db, w.org.id, 'viewer');
		await expect(discardImport(d.db, viewer, w.eventId, a.importId)).rejects.toMatchObject({ code: 'forbidden' });
		await discardImport(d.db, w.admin, w.eventId, a.importId);
		expect(await d.db.selectFrom('delegate_import').select('id').where('id', '=', a.importId).execute()).toHaveLength(0);
		const audit = await d.db.selectFrom('audit_log').select(['action', 'data']).where('event_id', '=', w.eventId).where('action', '=', 'delegate.import.discarded').execute();
		expect(audit).toHaveLength(1);
		expect(audit[0].data).toMatchObject({ filename: 'bo.csv', sha256: a.sha256 });
		await expect(discardImport(d.db, w.admin, w.eventId, a.importId)).rejects.toMatchObject({ status: 404 });
		// Imported: the file is the record of what was written; discarding it is refused, and says when.
		const b = await createImport(d.db, w.admin, w.eventId, { bytes: utf8(csv), filename: 'nhap.csv' });
		await commitImport(d.db, w.admin, w.eventId, b.importId, { planDigest: b.planDigest });
		await expect(discardImport(d.db, w.admin, w.eventId, b.importId)).rejects.toMatchObject({ code: 'import_already_committed', status: 409, message: expect.stringContaining('1 đại biểu mới') });
		expect(await d.db.selectFrom('delegate_import').select('id').where('id', '=', b.importId).execute()).toHaveLength(1);
		expect(await count(w.eventId)).toBe(1);
	});

	it('refuses a stale preview, another file, an expired import, a non-spreadsheet and other roles', async () => {
		const w = await newEventWorld(d.db);
		const csv = 'Họ và tên,Chức vụ,Đơn vị,Cấp\nNguyễn Văn Mới,Giám đốc,Sở Xây dựng,Cấp tỉnh\nTrần Thị Hai,Phó Giám đốc,Sở Xây dựng,Cấp tỉnh\n';
		const p = await createImport(d.db, w.admin, w.eventId, { bytes: utf8(csv), filename: 'a.csv' });
		// Someone adds one of these people meanwhile: the plan changes.
		await createDelegate(d.db, w.admin, w.eventId, { kind: 'person', tierId: w.tiers[0].id, salutation: null, fullName: 'Nguyễn Văn Mới', position: 'Giám đốc', unit: 'Sở Xây dựng', addressedTo: '', places: 1, email: null, phone: null, seat: '', notes: '', protocolRank: null });
		const err = await commitImport(d.db, w.admin, w.eventId, p.importId, { planDigest: p.planDigest }).catch((e) => e);
		expect(err).toMatchObject({ code: 'import_stale', status: 409 });
		expect(await count(w.eventId)).toBe(1);
		await expect(commitImport(d.db, w.admin, w.eventId, p.importId, { sha256: '0'.repeat(64) })).rejects.toMatchObject({ code: 'import_file_changed' });
		const fresh = await previewImport(d.db, w.admin, w.eventId, p.importId);
		expect(fresh.counts).toMatchObject({ create: 1, unchanged: 1 });
		expect(fresh.planDigest).toBe(err.details.planDigest);
		// Viewers cannot import; another event's import is not found from here.
		const viewer = await newMember(d.db, w.org.id, 'viewer');
		await expect(previewImport(d.db, viewer, w.eventId, p.importId)).rejects.toMatchObject({ code: 'forbidden' });
		const w2 = await newEventWorld(d.db);
		await expect(previewImport(d.db, w2.admin, w2.eventId, p.importId)).rejects.toMatchObject({ status: 404 });
		// Expired.
		await d.db.updateTable('delegate_import').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', p.importId).execute();
		await expect(commitImport(d.db, w.admin, w.eventId, p.importId)).rejects.toMatchObject({ code: 'import_expired', status: 410 });
		// Not a spreadsheet: refused and nothing kept.
		await expect(createImport(d.db, w.admin, w.eventId, { bytes: new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0, 0, 0xff, 0xfe, 0x01]), filename: 'ds.xlsx' })).rejects.toMatchObject({ code: 'unsupported_format' });
		await expect(createImport(d.db, w.admin, w.eventId, { bytes: utf8('chỉ có chữ\nkhông có bảng\n'), filename: 'ds.csv' })).rejects.toMatchObject({ code: 'no_header' });
		expect(await d.db.selectFrom('delegate_import').select('id').where('event_id', '=', w.eventId).where('filename', 'like', 'ds.%').execute()).toHaveLength(0);
		// Expired imports were cleaned up on the way.
		expect(await d.db.selectFrom('delegate_import').select('id').where('id', '=', p.importId).execute()).toHaveLength(0);
	});
});
