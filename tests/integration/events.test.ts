import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../helpers/db';
import { eventInput, newEventWorld, newMember, newOrganisation } from '../helpers/factories';
import type { Database_ } from '../../src/lib/server/db';
import {
	createEvent,
	getEvent,
	listEvents,
	setEventArchived,
	setTiers,
	updateEvent,
	eventStatus
} from '../../src/lib/server/events/service';
import { parseEventInput, parseTiers } from '../../src/lib/server/events/schema';
import { requireEventAccess } from '../../src/lib/server/auth/access';

let d: Database_;
beforeAll(async () => {
	d = await testDatabase();
});
afterAll(async () => d?.close());

describe('events', () => {
	it('creates an event with the 2024 tier preset and an audit row', async () => {
		const { eventId, admin } = await newEventWorld(d.db);
		const { event, tiers } = await getEvent(d.db, admin, eventId);
		expect(event.title).toContain('sơ kết');
		expect(tiers.map((t) => t.name)).toEqual(['Cấp tỉnh', 'Cấp huyện', 'Cấp xã', 'Tập thể, cá nhân được khen thưởng']);
		const audit = await d.db.selectFrom('audit_log').selectAll().where('event_id', '=', eventId).execute();
		expect(audit.map((a) => a.action)).toEqual(['event.created']);
		expect(audit[0].actor_user_id).toBe(admin.user.id);
	});

	it('picks the two-level preset for events from 1/7/2025', async () => {
		const org = await newOrganisation(d.db);
		const admin = await newMember(d.db, org.id, 'admin');
		const id = await createEvent(d.db, admin, org.id, eventInput({ startsAt: new Date('2025-12-10T00:30:00Z') }));
		const { tiers } = await getEvent(d.db, admin, id);
		expect(tiers.map((t) => t.name)).not.toContain('Cấp huyện');
		expect(tiers.map((t) => t.name)).toContain('Cấp xã');
	});

	it('records the changed fields when an event is edited, and nothing when nothing changed', async () => {
		const { eventId, admin } = await newEventWorld(d.db);
		await updateEvent(d.db, admin, eventId, { venue: 'Hội trường B', title: eventInput().title });
		await updateEvent(d.db, admin, eventId, { venue: 'Hội trường B' });
		const rows = await d.db.selectFrom('audit_log').selectAll().where('event_id', '=', eventId).where('action', '=', 'event.updated').execute();
		expect(rows).toHaveLength(1);
		expect(rows[0].data).toEqual({ venue: { from: 'Hội trường UBND tỉnh', to: 'Hội trường B' } });
	});

	it('refuses an end before the start', async () => {
		const { eventId, admin } = await newEventWorld(d.db);
		await expect(updateEvent(d.db, admin, eventId, { endsAt: new Date('2024-04-04T00:00:00Z') })).rejects.toMatchObject({ code: 'invalid_input' });
	});

	it('archives and lists by status', async () => {
		const { eventId, admin } = await newEventWorld(d.db);
		await setEventArchived(d.db, admin, eventId, true);
		expect((await listEvents(d.db, admin)).map((e) => e.id)).not.toContain(eventId);
		const all = await listEvents(d.db, admin, { includeArchived: true });
		expect(all.find((e) => e.id === eventId)?.status).toBe('archived');
		await setEventArchived(d.db, admin, eventId, false);
		expect((await listEvents(d.db, admin)).find((e) => e.id === eventId)?.status).toBe('finished');
	});

	it('reorders, renames and adds tiers in one change', async () => {
		const { eventId, admin, tiers } = await newEventWorld(d.db);
		await setTiers(d.db, admin, eventId, [
			{ id: tiers[2].id, name: 'Cấp xã, phường', isLeader: false },
			{ id: tiers[0].id, name: 'Cấp tỉnh', isLeader: true },
			{ name: 'Báo chí', isLeader: false }
		]);
		const after = (await getEvent(d.db, admin, eventId)).tiers;
		expect(after.map((t) => [t.name, t.position])).toEqual([
			['Cấp xã, phường', 1],
			['Cấp tỉnh', 2],
			['Báo chí', 3]
		]);
		expect(after[0].id).toBe(tiers[2].id);
		await expect(
			setTiers(d.db, admin, eventId, [{ name: 'A', isLeader: false }, { name: 'a', isLeader: false }])
		).rejects.toMatchObject({ code: 'tier_name_taken' });
		// the failed change left the tiers as they were
		expect((await getEvent(d.db, admin, eventId)).tiers.map((t) => t.name)).toEqual(['Cấp xã, phường', 'Cấp tỉnh', 'Báo chí']);
	});

	it("hides another organisation's event (404) and enforces roles (403)", async () => {
		const { eventId, org } = await newEventWorld(d.db);
		const other = await newOrganisation(d.db);
		const stranger = await newMember(d.db, other.id, 'admin');
		await expect(getEvent(d.db, stranger, eventId)).rejects.toMatchObject({ code: 'not_found', status: 404 });
		await expect(updateEvent(d.db, stranger, eventId, { venue: 'x' })).rejects.toMatchObject({ status: 404 });
		const viewer = await newMember(d.db, org.id, 'viewer');
		expect((await getEvent(d.db, viewer, eventId)).event.id).toBe(eventId);
		await expect(updateEvent(d.db, viewer, eventId, { venue: 'x' })).rejects.toMatchObject({ code: 'forbidden', status: 403 });
		const reception = await newMember(d.db, org.id, 'reception');
		await expect(requireEventAccess(d.db, reception, eventId, 'budget.view')).rejects.toMatchObject({ status: 403 });
		const finance = await newMember(d.db, org.id, 'finance');
		await expect(createEvent(d.db, finance, org.id, eventInput())).rejects.toMatchObject({ status: 403 });
	});

	it('writes no audit row when the change fails', async () => {
		const { eventId, admin } = await newEventWorld(d.db);
		const before = await d.db.selectFrom('audit_log').select('id').where('event_id', '=', eventId).execute();
		await expect(setTiers(d.db, admin, eventId, [{ id: 999999, name: 'X', isLeader: false }])).rejects.toMatchObject({ status: 404 });
		const after = await d.db.selectFrom('audit_log').select('id').where('event_id', '=', eventId).execute();
		expect(after.length).toBe(before.length);
	});
});

describe('event input parsing', () => {
	it('reads datetime-local values as Vietnam time and reports each bad field in Vietnamese', () => {
		const ok = parseEventInput({ kind: 'tong_ket', title: '  Hội nghị   tổng kết ', startsAt: '2025-12-10T07:30' });
		expect(ok.ok && ok.value.startsAt?.toISOString()).toBe('2025-12-10T00:30:00.000Z');
		expect(ok.ok && ok.value.title).toBe('Hội nghị tổng kết');
		const bad = parseEventInput({ kind: 'hop', title: '', startsAt: '2025-02-30T07:30', docSymbol: 'GM UBND<script>' });
		expect(bad.ok).toBe(false);
		if (!bad.ok) {
			expect(Object.keys(bad.errors).sort()).toEqual(['docSymbol', 'kind', 'startsAt', 'title']);
			expect(bad.errors.title).toBe('Vui lòng nhập tên hội nghị');
		}
		const tiers = parseTiers([{ name: 'Cấp tỉnh' }, { name: 'cấp tỉnh' }]);
		expect(tiers.ok).toBe(false);
	});

	it('derives status from dates', () => {
		const s = new Date('2024-04-05T00:30:00Z');
		expect(eventStatus({ starts_at: s, ends_at: null, archived_at: null }, new Date('2024-04-04T00:00:00Z'))).toBe('upcoming');
		expect(eventStatus({ starts_at: s, ends_at: null, archived_at: null }, new Date('2024-04-05T03:00:00Z'))).toBe('ongoing');
		expect(eventStatus({ starts_at: s, ends_at: null, archived_at: null }, new Date('2024-04-06T00:00:00Z'))).toBe('finished');
	});
});
