import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../helpers/db';
import { newEventWorld, newMember } from '../helpers/factories';
import type { Database_ } from '../../src/lib/server/db';
import { formatTime } from '../../src/lib/format';
import { addPeople, importFixture } from '../unit/awards/world';
import { hasPoppler, pdfText, squeeze } from '../unit/pdf/poppler';
import {
	addProgrammeItem,
	createProgrammeTemplate,
	deleteProgrammeItem,
	getProgramme,
	markProgrammeItem,
	moveProgrammeItem,
	parseProgrammeItemInput,
	reorderProgramme,
	updateProgrammeItem
} from '../../src/lib/server/programme/service';
import { getScript, regenerateScript, saveScript } from '../../src/lib/server/programme/script';
import { renderProgrammePdf, renderScriptPdf } from '../../src/lib/server/programme/pdf';
import { generateBatches } from '../../src/lib/server/awards/batches';

let d: Database_;
beforeAll(async () => {
	d = await testDatabase();
});
afterAll(async () => d?.close());

// newEventWorld's event starts at 07:30 on 5 April 2024 (Vietnam time).
const START = new Date('2024-04-05T00:30:00Z');
const at = (min: number) => new Date(START.getTime() + min * 60_000);

describe('programme', () => {
	it('builds the usual programme and re-times the day when an item moves or lengthens', async () => {
		const { eventId, admin } = await newEventWorld(d.db);
		expect(await createProgrammeTemplate(d.db, admin, eventId)).toBe(11);
		await expect(createProgrammeTemplate(d.db, admin, eventId)).rejects.toMatchObject({ code: 'programme_not_empty' });
		let p = await getProgramme(d.db, admin, eventId, at(-60));
		expect(p.items.map((i) => i.kind)).toEqual(['art', 'flag', 'opening', 'report', 'video', 'discussion', 'break', 'awards', 'directive', 'response', 'closing']);
		expect(p.items.map((i) => formatTime(i.plannedStart)).slice(0, 5)).toEqual(['07:30', '07:45', '07:50', '08:00', '08:25']);
		expect(p.totalMinutes).toBe(165);
		expect(formatTime(p.plannedEnd!)).toBe('10:15');
		expect(p.items[3].title).toContain('Báo cáo sơ kết Phong trào thi đua');

		// The report takes 40 minutes instead of 25: everything after it moves by 15.
		await updateProgrammeItem(d.db, admin, eventId, p.items[3].id, { durationMinutes: 40 });
		p = await getProgramme(d.db, admin, eventId, at(-60));
		expect(formatTime(p.items[4].plannedStart)).toBe('08:40');
		expect(formatTime(p.plannedEnd!)).toBe('10:30');

		// The video goes before the report.
		await moveProgrammeItem(d.db, admin, eventId, p.items[4].id, -1);
		p = await getProgramme(d.db, admin, eventId, at(-60));
		expect(p.items.slice(3, 5).map((i) => [i.kind, formatTime(i.plannedStart)])).toEqual([['video', '08:00'], ['report', '08:10']]);

		// An item after the awards, pinned to 10:45, and one removed.
		const day = START;
		const id = await addProgrammeItem(d.db, admin, eventId, parseProgrammeItemInput({ kind: 'launch', title: '', durationMinutes: '10', fixedStart: '10:45', presenterName: 'Trịnh Minh Hoàng', presenterPosition: 'Phó Chủ tịch UBND tỉnh' }, day), { afterId: p.items[7].id });
		p = await getProgramme(d.db, admin, eventId, at(-60));
		const launch = p.items.find((i) => i.id === id)!;
		expect(launch).toMatchObject({ position: 9, title: 'Phát động thi đua' });
		expect(formatTime(launch.plannedStart)).toBe('10:45');
		expect(formatTime(p.plannedEnd!)).toBe('11:25');
		await deleteProgrammeItem(d.db, admin, eventId, p.items[9].id);
		p = await getProgramme(d.db, admin, eventId, at(-60));
		expect(p.items.map((i) => i.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
		await expect(reorderProgramme(d.db, admin, eventId, p.items.slice(1).map((i) => i.id))).rejects.toMatchObject({ code: 'invalid_order' });
		expect(() => parseProgrammeItemInput({ kind: 'x', title: 'a' }, day)).toThrow();
		expect(() => parseProgrammeItemInput({ kind: 'other', title: 'a', fixedStart: '25:99' }, day)).toThrow();
	});

	it('follows the stage manager: now, next, late by how much', async () => {
		const { eventId, admin, org } = await newEventWorld(d.db);
		await createProgrammeTemplate(d.db, admin, eventId);
		let p = await getProgramme(d.db, admin, eventId, at(0));
		const [art, flag, opening] = p.items;
		await markProgrammeItem(d.db, admin, eventId, art.id, 'start', at(6));
		p = await getProgramme(d.db, admin, eventId, at(10));
		expect(p.live).toMatchObject({ currentId: art.id, nextId: flag.id, lateMinutes: 6, started: true });
		// Starting the next item ends the running one at the same instant.
		await markProgrammeItem(d.db, admin, eventId, flag.id, 'start', at(22));
		p = await getProgramme(d.db, admin, eventId, at(24));
		expect(p.items[0]).toMatchObject({ state: 'done', actualEnd: at(22).toISOString() });
		expect(p.live).toMatchObject({ currentId: flag.id, nextId: opening.id, lateMinutes: 7 });
		await markProgrammeItem(d.db, admin, eventId, flag.id, 'end', at(26));
		p = await getProgramme(d.db, admin, eventId, at(27));
		expect(p.live).toMatchObject({ currentId: null, nextId: opening.id, lateMinutes: 7 });
		await expect(markProgrammeItem(d.db, admin, eventId, opening.id, 'end', at(30))).rejects.toMatchObject({ code: 'item_not_started' });
		await markProgrammeItem(d.db, admin, eventId, flag.id, 'clear');
		const reception = await newMember(d.db, org.id, 'reception');
		await expect(getProgramme(d.db, reception, eventId)).resolves.toBeTruthy();
		await expect(markProgrammeItem(d.db, reception, eventId, opening.id, 'start')).rejects.toMatchObject({ code: 'forbidden' });
		const audit = await d.db.selectFrom('audit_log').select('action').where('event_id', '=', eventId).where('action', 'like', 'programme.%').execute();
		expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['programme.template.created', 'programme.item.started', 'programme.item.ended', 'programme.item.cleared']));
	});
});

describe('MC script', () => {
	it('is generated from the programme, the leaders and the batches, saved as a draft and editable', async () => {
		const { eventId, admin } = await newEventWorld(d.db);
		await addPeople(d.db, eventId, 1, [
			{ name: 'Phạm Văn Hậu', position: 'Chủ tịch UBND tỉnh' },
			{ name: 'Trịnh Minh Hoàng', position: 'Phó Chủ tịch UBND tỉnh' }
		]);
		await addPeople(d.db, eventId, 3, [{ name: 'Nguyễn Văn Xã', position: 'Chủ tịch UBND xã Phước Hà' }]);
		await createProgrammeTemplate(d.db, admin, eventId);
		await importFixture(d.db, admin, eventId);
		await generateBatches(d.db, admin, eventId, { capacity: 10 });
		let s = await getScript(d.db, admin, eventId);
		expect(s.draft).toBe(false);
		const text = s.text;
		expect(text).toContain('# 07:30 – Chương trình văn nghệ chào mừng');
		expect(text).toContain('Kính thưa đồng chí Phạm Văn Hậu, Chủ tịch UBND tỉnh!');
		expect(text).toContain('– Đồng chí Trịnh Minh Hoàng, Phó Chủ tịch UBND tỉnh;');
		expect(text).toContain('Cùng dự Hội nghị còn có các đồng chí đại biểu cấp xã');
		expect(text).toContain('công bố Quyết định số 512/QĐ-UBND ngày 10 tháng 4 năm 2024 của Chủ tịch Ủy ban nhân dân tỉnh');
		expect(text).toContain('Đợt 1: Trân trọng kính mời đại diện các tập thể sau lên nhận Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh:');
		expect(text).toContain('1. Phòng Lao động - Thương binh và Xã hội huyện Bác Ái;');
		expect(text).toContain('1. Thông Thị Thu Diệu, Trưởng thôn, UBND xã Thành Hải;');
		expect(text).toContain('Trân trọng kính mời đồng chí Phạm Văn Hậu – Chủ tịch UBND tỉnh lên trao Bằng khen');
		expect(text).toContain('Đợt 5: Trân trọng kính mời đại diện các hộ gia đình sau');
		// collectives, then individuals, then households
		expect(text.indexOf('Đợt 3:')).toBeGreaterThan(text.indexOf('Đợt 2:'));

		await regenerateScript(d.db, admin, eventId);
		s = await getScript(d.db, admin, eventId);
		expect(s).toMatchObject({ draft: true, edited: false });
		await saveScript(d.db, admin, eventId, s.text.replace('Chương trình văn nghệ chào mừng Hội nghị.', 'Đội văn nghệ xã Phước Hà biểu diễn.'));
		s = await getScript(d.db, admin, eventId);
		expect(s.edited).toBe(true);
		expect(s.text).toContain('Đội văn nghệ xã Phước Hà biểu diễn.');

		if (hasPoppler) {
			const pdf = await renderScriptPdf({ text: s.text, title: 'Hội nghị', placeName: 'Ninh Thuận', startsAt: START });
			const out = squeeze(pdfText(pdf, 'raw'));
			expect(out).toContain('KỊCH BẢN DẪN CHƯƠNG TRÌNH');
			expect(out).toContain('Thông Thị Thu Diệu');
			expect(out).toContain('Đội văn nghệ xã Phước Hà biểu diễn.');
		}
	});
});

describe.skipIf(!hasPoppler)('programme PDF', () => {
	it('prints times, items and presenters in Vietnamese', async () => {
		const { eventId, admin } = await newEventWorld(d.db);
		await createProgrammeTemplate(d.db, admin, eventId);
		const p = await getProgramme(d.db, admin, eventId);
		const pdf = await renderProgrammePdf({
			title: p.event.title,
			authorityParent: p.event.authority_parent,
			authorityName: p.event.authority_name,
			placeName: p.event.place_name,
			startsAt: p.event.starts_at,
			venue: p.event.venue,
			items: p.items
		});
		const out = squeeze(pdfText(pdf, 'raw'));
		expect(out).toContain('CHƯƠNG TRÌNH');
		expect(out).toContain('07:30 – 07:45');
		expect(out).toContain('Công bố quyết định và trao khen thưởng');
		expect(out).toContain('Thứ Sáu, ngày 05 tháng 4 năm 2024');
	});
});
