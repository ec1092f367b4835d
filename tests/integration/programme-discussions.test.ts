/**
 * Presented tham luận → conference programme, end to end on a real database: units upload by their links,
 * the organiser selects, orders and times the tham luận on the submissions side, and the programme's tham
 * luận items follow in the same transaction (order, durations, new and withdrawn ones), the day re-timed.
 */
import { describe, expect, it } from 'vitest';
import { newMember } from '../helpers/factories';
import type { Database_ } from '../../src/lib/server/db';
import type { Principal } from '../../src/lib/server/auth/access';
import { formatTime } from '../../src/lib/format';
import type { FileStore } from '../../src/lib/server/files/store';
import { eventWithCall, submissionsDatabase } from './submissions-world';
import { addReview, inviteUnits, setPresentationOrder, updatePaperMeta } from '../../src/lib/server/submissions/service';
import { uploadByLink } from '../../src/lib/server/submissions/public';
import {
	addProgrammeItem,
	createProgrammeTemplate,
	getProgramme,
	markProgrammeItem,
	syncDiscussions,
	updateProgrammeItem
} from '../../src/lib/server/programme/service';
import { makePdf } from '../unit/submissions/fixtures';

let d: Database_;
let store: FileStore;
submissionsDatabase('hn-prog-disc-', (db, s) => {
	d = db;
	store = s;
});

const world = () => eventWithCall(d.db);

/** A unit invited, its tham luận uploaded through its own link; returns the submission id. */
async function paper(admin: Principal, eventId: number, unit: string): Promise<number> {
	const [u] = await inviteUnits(d.db, admin, eventId, { units: [{ name: unit, email: null, contactName: '' }] });
	const r = await uploadByLink(
		d.db,
		u.link.split('/u/')[1],
		{ fields: { title: `Tham luận ${unit}`, presenterName: `Chủ tịch ${unit}`, presenterPosition: 'Chủ tịch UBND', summary: '' }, file: { bytes: await makePdf({ label: unit }), name: 't.pdf' } },
		{ store }
	);
	return r.submissionId;
}

const present = (admin: Principal, eventId: number, id: number) => addReview(d.db, admin, eventId, id, { decision: 'presented', body: '', reopenUntil: null });

async function programme(admin: Principal, eventId: number) {
	const p = await getProgramme(d.db, admin, eventId, new Date('2030-04-01T00:00:00Z'));
	const at = (kind: string) => p.items.findIndex((i) => i.kind === kind);
	return {
		p,
		/** The tham luận items: [submissionId, minutes]. */
		discussions: p.items.filter((i) => i.submissionId !== null).map((i) => [i.submissionId, i.durationMinutes]),
		kinds: p.items.map((i) => i.kind),
		startOf: (kind: string) => formatTime(p.items[at(kind)].plannedStart)
	};
}

describe('presented tham luận in the programme', () => {
	it('follows selection, speaking order and times from the submissions side, re-timing the day', async () => {
		const { admin, eventId, org } = await world();
		// The programme is made first, with the template's one placeholder for the tham luận.
		expect(await createProgrammeTemplate(d.db, admin, eventId)).toBe(11);
		const [a, b, c] = [await paper(admin, eventId, 'Xã Một'), await paper(admin, eventId, 'Xã Hai'), await paper(admin, eventId, 'Xã Ba')];

		// Selected one by one: the first takes the placeholder's place, the others follow it.
		expect((await present(admin, eventId, a)).programme).toEqual({ added: 1, updated: 0, removed: 0 });
		await present(admin, eventId, b);
		await present(admin, eventId, c);
		let v = await programme(admin, eventId);
		expect(v.kinds).toEqual(['art', 'flag', 'opening', 'report', 'video', 'discussion', 'discussion', 'discussion', 'break', 'awards', 'directive', 'response', 'closing']);
		expect(v.discussions).toEqual([[a, 7], [b, 7], [c, 7]]);
		expect(v.p.items[5]).toMatchObject({ title: 'Tham luận: Tham luận Xã Một', presenterName: 'Chủ tịch Xã Một', presenterPosition: 'Chủ tịch UBND, Xã Một' });
		expect(formatTime(v.p.items[5].plannedStart)).toBe('08:35');
		expect(v.startOf('break')).toBe('08:56');

		// The organiser reorders and retimes on the submissions page: the programme follows in the same step.
		const r = await setPresentationOrder(d.db, admin, eventId, [
			{ id: c, speakingMinutes: 5 },
			{ id: a, speakingMinutes: 10 },
			{ id: b, speakingMinutes: 7 }
		]);
		expect(r.programme).toEqual({ added: 0, updated: 3, removed: 0 });
		v = await programme(admin, eventId);
		expect(v.discussions).toEqual([[c, 5], [a, 10], [b, 7]]);
		expect(v.p.items.slice(5, 8).map((i) => formatTime(i.plannedStart))).toEqual(['08:35', '08:40', '08:50']);
		expect(v.startOf('break')).toBe('08:57');
		expect(v.startOf('awards')).toBe('09:07');
		expect(v.p.items.map((i) => i.position)).toEqual(v.p.items.map((_, i) => i + 1));
		const synced = await d.db.selectFrom('audit_log').select(['action', 'data']).where('event_id', '=', eventId).where('action', '=', 'programme.discussions.synced').orderBy('id').execute();
		expect(synced.at(-1)!.data).toMatchObject({ trigger: 'submission.order.updated', updated: 3 });
		expect(synced.map((s) => (s.data as { trigger: string }).trigger)).toEqual(['submission.decided', 'submission.decided', 'submission.decided', 'submission.order.updated']);

		// A short break the organiser put between two tham luận keeps its place when the order changes.
		const pause = await addProgrammeItem(d.db, admin, eventId, { kind: 'break', title: 'Nghỉ giữa giờ', durationMinutes: 3 }, { afterId: v.p.items[5].id });
		await setPresentationOrder(d.db, admin, eventId, [
			{ id: b, speakingMinutes: 7 },
			{ id: c, speakingMinutes: 5 },
			{ id: a, speakingMinutes: 10 }
		]);
		v = await programme(admin, eventId);
		expect(v.p.items.slice(5, 9).map((i) => i.submissionId ?? i.id)).toEqual([b, pause, c, a]);

		// No longer presented (printed only): its item goes. Newly selected: an item after the last tham luận.
		expect((await addReview(d.db, admin, eventId, a, { decision: 'printed', body: '', reopenUntil: null })).programme).toEqual({ added: 0, updated: 0, removed: 1 });
		const removal = await d.db.selectFrom('audit_log').select('data').where('event_id', '=', eventId).where('action', '=', 'programme.discussions.synced').orderBy('id', 'desc').executeTakeFirstOrThrow();
		expect(removal.data).toMatchObject({ trigger: 'submission.decided', removed: 1, removedTitles: ['Tham luận: Tham luận Xã Một'] });
		const dd = await paper(admin, eventId, 'Xã Bốn');
		await present(admin, eventId, dd);
		v = await programme(admin, eventId);
		expect(v.p.items.slice(5, 10).map((i) => i.submissionId ?? i.kind)).toEqual([b, 'break', c, dd, 'break']);
		expect(v.discussions).toEqual([[b, 7], [c, 5], [dd, 7]]);
		expect(v.startOf('awards')).toBe('09:07');

		// A new title or presenter of a presented tham luận shows in the programme.
		await updatePaperMeta(d.db, admin, eventId, c, { title: 'Xã Ba đổi mới cách làm', presenterName: 'Lê Văn Ba', presenterPosition: 'Bí thư Đảng ủy xã', summary: '' });
		v = await programme(admin, eventId);
		expect(v.p.items.find((i) => i.submissionId === c)).toMatchObject({ title: 'Tham luận: Xã Ba đổi mới cách làm', presenterName: 'Lê Văn Ba', presenterPosition: 'Bí thư Đảng ủy xã, Xã Ba' });

		// Edited by hand on the programme page, then “Cập nhật từ tham luận”: back to the speaking time.
		const organiser = await newMember(d.db, org.id, 'organiser');
		const dItem = v.p.items.find((i) => i.submissionId === dd)!;
		await updateProgrammeItem(d.db, organiser, eventId, dItem.id, { durationMinutes: 15 });
		expect(await syncDiscussions(d.db, organiser, eventId)).toEqual({ added: 0, updated: 1, removed: 0 });
		expect((await programme(admin, eventId)).discussions).toEqual([[b, 7], [c, 5], [dd, 7]]);
		const viewer = await newMember(d.db, org.id, 'viewer');
		await expect(syncDiscussions(d.db, viewer, eventId)).rejects.toMatchObject({ status: 403 });

		// A refused order (the list changed meanwhile) leaves the programme as it was.
		const before = (await programme(admin, eventId)).p.items.map((i) => [i.id, i.position, i.durationMinutes]);
		await expect(setPresentationOrder(d.db, admin, eventId, [{ id: dd, speakingMinutes: 12 }])).rejects.toMatchObject({ code: 'order_mismatch' });
		expect((await programme(admin, eventId)).p.items.map((i) => [i.id, i.position, i.durationMinutes])).toEqual(before);

		// On the day: a tham luận already started on stage keeps its item even if it is then marked printed only.
		const bItem = v.p.items.find((i) => i.submissionId === b)!;
		await markProgrammeItem(d.db, admin, eventId, bItem.id, 'start', new Date('2030-04-05T01:35:00Z'));
		expect((await addReview(d.db, admin, eventId, b, { decision: 'printed', body: '', reopenUntil: null })).programme).toEqual({ added: 0, updated: 0, removed: 0 });
		expect((await programme(admin, eventId)).p.items.filter((i) => i.submissionId !== null).map((i) => i.submissionId)).toEqual([b, c, dd]);
	});

	it('leaves an empty programme alone; the template then takes the tham luận in speaking order', async () => {
		const { admin, eventId } = await world();
		const [a, b] = [await paper(admin, eventId, 'Phường Một'), await paper(admin, eventId, 'Phường Hai')];
		expect((await present(admin, eventId, a)).programme).toBeNull();
		await present(admin, eventId, b);
		expect((await setPresentationOrder(d.db, admin, eventId, [{ id: b, speakingMinutes: 9 }, { id: a, speakingMinutes: 6 }])).programme).toBeNull();
		expect(await d.db.selectFrom('programme_item').select('id').where('event_id', '=', eventId).execute()).toEqual([]);
		expect(await d.db.selectFrom('audit_log').select('id').where('event_id', '=', eventId).where('action', 'like', 'programme.%').execute()).toEqual([]);

		await createProgrammeTemplate(d.db, admin, eventId);
		const v = await programme(admin, eventId);
		expect(v.discussions).toEqual([[b, 9], [a, 6]]);
		expect(v.p.items.some((i) => i.title === 'Tham luận của các đơn vị, địa phương')).toBe(false);
		// Nothing to do when the programme already matches.
		expect(await syncDiscussions(d.db, admin, eventId)).toEqual({ added: 0, updated: 0, removed: 0 });
	});
});
