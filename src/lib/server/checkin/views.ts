/**
 * What the door and the organisers read: the offline roster, the live summary (present / expected by tier
 * and unit, latest arrivals, leaders), the attendance list and the refused scans. Each public function
 * checks access first; the load* helpers take an event id already checked.
 */
import { sql } from 'kysely';
import type { Executor } from '$lib/server/db';
import { requireEventAccess, type Principal } from '$lib/server/auth/access';
import { can } from '$lib/server/auth/permissions';
import { orderedDelegates, type DelegateRow } from '$lib/server/delegates/order';
import { delegateTokenHash } from '$lib/server/delegates/token';
import { nameCollator, normalizeText } from '$lib/format/names';
import { checkInInfo, toCard } from './service';
import type {
	Arrival,
	AttendanceRow,
	AttendanceState,
	LeaderRow,
	LiveSummary,
	RefusedScan,
	Roster,
	RosterEntry,
	TierCount,
	UnitCount
} from './dto';

function cardOf(d: DelegateRow) {
	return toCard({ ...d, tier_name: d.tier_name, tier_position: d.tier_position, tier_is_leader: d.tier_is_leader });
}

async function activeCheckIns(db: Executor, eventId: number) {
	return db.selectFrom('check_in').selectAll().where('event_id', '=', eventId).where('undone_at', 'is', null).execute();
}

/** Unit invitations that name people: their people are counted, not the letter itself. */
async function unitsWithPeople(db: Executor, eventId: number): Promise<Set<number>> {
	const rows = await db
		.selectFrom('delegate')
		.select('parent_unit_id')
		.distinct()
		.where('event_id', '=', eventId)
		.where('status', '=', 'active')
		.where('parent_unit_id', 'is not', null)
		.execute();
	return new Set(rows.map((r) => r.parent_unit_id!));
}

/** Every active delegate who counts (see attendanceCounts), in protocol order, with door and mark. */
export async function loadAttendance(db: Executor, eventId: number): Promise<AttendanceRow[]> {
	const [delegates, checkIns, marks, units] = await Promise.all([
		orderedDelegates(db, eventId),
		activeCheckIns(db, eventId),
		db.selectFrom('attendance_mark').selectAll().where('event_id', '=', eventId).execute(),
		unitsWithPeople(db, eventId)
	]);
	const cin = new Map(checkIns.map((c) => [c.delegate_id, c]));
	const mk = new Map(marks.map((m) => [m.delegate_id, m]));
	const out: AttendanceRow[] = [];
	for (const d of delegates) {
		if (d.kind === 'unit' && units.has(d.id)) continue;
		const c = cin.get(d.id);
		const m = mk.get(d.id);
		let state: AttendanceState;
		if (m) state = m.status;
		else state = c ? 'present' : 'unknown';
		const declined = d.reply_status === 'declined';
		out.push({
			delegate: cardOf(d),
			status: d.status,
			checkIn: c ? checkInInfo(c) : null,
			mark: m ? { status: m.status, note: m.note, by: m.marked_by_label, at: m.marked_at.toISOString() } : null,
			state,
			absenceReason: state === 'absent' || state === 'unknown' ? m?.note || (declined ? d.reply_note || 'Đã báo vắng' : '') : '',
			replyNote: d.reply_note
		});
	}
	return out;
}

export function isPresent(r: Pick<AttendanceRow, 'state'>): boolean {
	return r.state === 'present' || r.state === 'partial';
}

export function isExpected(r: Pick<AttendanceRow, 'state' | 'delegate'>): boolean {
	return r.delegate.replyStatus !== 'declined' || isPresent(r);
}

export async function attendanceList(db: Executor, principal: Principal, eventId: number): Promise<AttendanceRow[]> {
	await requireEventAccess(db, principal, eventId, 'checkin.view');
	return loadAttendance(db, eventId);
}

// ------------------------------------------------------------------------------------------------ live

export async function loadLiveSummary(db: Executor, eventId: number): Promise<LiveSummary> {
	const [rows, tiers, latestRows, counts] = await Promise.all([
		loadAttendance(db, eventId),
		db.selectFrom('tier').selectAll().where('event_id', '=', eventId).orderBy('position').execute(),
		db
			.selectFrom('check_in as c')
			.innerJoin('delegate as d', 'd.id', 'c.delegate_id')
			.innerJoin('tier as t', 't.id', 'd.tier_id')
			.select([
				'c.delegate_id',
				'c.checked_in_at',
				'c.staff_label',
				'c.device_label',
				'c.method',
				'd.full_name',
				'd.addressed_to',
				'd.salutation',
				'd.position',
				'd.unit',
				'd.source',
				't.name as tier_name',
				't.is_leader'
			])
			.where('c.event_id', '=', eventId)
			.where('c.undone_at', 'is', null)
			.orderBy('c.checked_in_at', 'desc')
			.orderBy('c.id', 'desc')
			.limit(12)
			.execute(),
		sql<{ refused: string | number; devices: string | number }>`
			select count(*) filter (where result not in ('ok', 'already_checked_in')) as refused,
				count(distinct device_id) filter (where server_time > now() - interval '10 minutes') as devices
			from checkin_scan where event_id = ${eventId}`.execute(db)
	]);
	const byTier = new Map<number, TierCount>(
		tiers.map((t) => [t.id, { tierId: t.id, name: t.name, position: t.position, isLeader: t.is_leader, expected: 0, present: 0 }])
	);
	const byUnit = new Map<string, UnitCount>();
	let expected = 0;
	let present = 0;
	let walkIns = 0;
	const leaders: LeaderRow[] = [];
	for (const r of rows) {
		const p = isPresent(r);
		const e = isExpected(r);
		if (r.delegate.walkIn) walkIns++;
		if (e) expected++;
		if (p) present++;
		const t = byTier.get(r.delegate.tierId);
		if (t) {
			if (e) t.expected++;
			if (p) t.present++;
		}
		const unitName = r.delegate.unit || (r.delegate.kind === 'unit' ? r.delegate.name : '') || '(Không ghi đơn vị)';
		const u = byUnit.get(unitName) ?? { unit: unitName, expected: 0, present: 0 };
		if (e) u.expected++;
		if (p) u.present++;
		byUnit.set(unitName, u);
		if (r.delegate.isLeader)
			leaders.push({
				delegateId: r.delegate.id,
				name: r.delegate.name,
				salutation: r.delegate.salutation,
				position: r.delegate.position,
				unit: r.delegate.unit,
				tierName: r.delegate.tierName,
				seat: r.delegate.seat,
				present: p,
				at: r.checkIn?.at ?? null,
				declined: r.delegate.replyStatus === 'declined',
				replyNote: r.replyNote
			});
	}
	const latest: Arrival[] = latestRows.map((c) => ({
		delegateId: c.delegate_id,
		name: c.full_name || c.addressed_to,
		salutation: c.salutation,
		position: c.position,
		unit: c.unit,
		tierName: c.tier_name,
		isLeader: c.is_leader,
		walkIn: c.source === 'walk_in',
		at: c.checked_in_at.toISOString(),
		by: c.staff_label,
		device: c.device_label,
		method: c.method
	}));
	const k = counts.rows[0];
	return {
		eventId,
		expected,
		present,
		percent: expected ? Math.round((present / expected) * 100) : 0,
		walkIns,
		refused: Number(k?.refused ?? 0),
		activeDevices: Number(k?.devices ?? 0),
		byTier: [...byTier.values()],
		byUnit: [...byUnit.values()],
		latest,
		leaders,
		updatedAt: new Date().toISOString()
	};
}

export async function liveSummary(db: Executor, principal: Principal, eventId: number): Promise<LiveSummary> {
	await requireEventAccess(db, principal, eventId, 'checkin.view');
	return loadLiveSummary(db, eventId);
}

// ------------------------------------------------------------------------------------------------ roster

/**
 * Everything a scanner needs to keep working offline: each delegate's token hash (and the hashes of
 * revoked tokens, so a substituted or cancelled letter still says why), display fields, search key and
 * whether they are in. Sensitive: reception only, never cached outside the device's IndexedDB.
 */
export async function offlineRoster(db: Executor, principal: Principal, eventId: number): Promise<Roster> {
	await requireEventAccess(db, principal, eventId, 'checkin.scan');
	const [tiers, delegates, checkIns] = await Promise.all([
		db.selectFrom('tier').selectAll().where('event_id', '=', eventId).orderBy('position').execute(),
		orderedDelegates(db, eventId, { statuses: ['active', 'cancelled', 'replaced'] }),
		activeCheckIns(db, eventId)
	]);
	const cin = new Map(checkIns.map((c) => [c.delegate_id, c]));
	const subs = new Map<number, DelegateRow>();
	for (const d of delegates) if (d.substitute_for && d.status === 'active') subs.set(d.substitute_for, d);
	const entries: RosterEntry[] = delegates.map((d) => {
		const c = cin.get(d.id);
		const sub = subs.get(d.id);
		const e: RosterEntry = {
			id: d.id,
			h: d.token_hash,
			code: d.code,
			kind: d.kind,
			sal: d.salutation,
			name: d.full_name || d.addressed_to || d.unit,
			pos: d.position,
			unit: d.unit,
			tier: d.tier_id,
			seat: d.seat,
			st: d.status,
			reply: d.reply_status,
			key: d.search_key,
			in: c ? { at: c.checked_in_at.toISOString(), by: c.staff_label, device: c.device_label } : null
		};
		if (d.token_version > 1) e.oh = Array.from({ length: d.token_version - 1 }, (_, i) => delegateTokenHash(d.id, i + 1));
		if (d.source === 'walk_in') e.walkIn = true;
		if (d.status === 'replaced') e.sub = sub ? { name: [sub.salutation, sub.full_name].filter(Boolean).join(' '), pos: sub.position } : null;
		return e;
	});
	return {
		eventId,
		generatedAt: new Date().toISOString(),
		tiers: tiers.map((t) => ({ id: t.id, name: t.name, position: t.position, isLeader: t.is_leader })),
		delegates: entries
	};
}

// ------------------------------------------------------------------------------------------------ scan log

export async function loadRefusedScans(db: Executor, eventId: number): Promise<RefusedScan[]> {
	const rows = await db
		.selectFrom('checkin_scan as s')
		.leftJoin('delegate as d', 'd.id', 's.delegate_id')
		.select([
			's.id',
			's.server_time',
			's.client_time',
			's.result',
			's.reason',
			's.raw_excerpt',
			's.device_label',
			's.staff_label',
			's.method',
			'd.full_name',
			'd.addressed_to'
		])
		.where('s.event_id', '=', eventId)
		.where('s.result', 'not in', ['ok', 'already_checked_in'])
		.orderBy('s.server_time')
		.orderBy('s.id')
		.execute();
	return rows.map((r) => ({
		id: Number(r.id),
		at: (r.method === 'offline_refused' && r.client_time ? r.client_time : r.server_time).toISOString(),
		result: r.result,
		reason: r.reason,
		excerpt: r.raw_excerpt,
		device: r.device_label,
		by: r.staff_label,
		delegateName: r.full_name || r.addressed_to || null,
		method: r.method
	}));
}

/** Units for printing, in dictionary order of their whole name ("Công an tỉnh" before "UBND xã Phước Bình"), not by last word. */
export function sortUnits(units: UnitCount[]): UnitCount[] {
	return units
		.map((u) => ({ u, key: normalizeText(u.unit) }))
		.sort((a, b) => nameCollator.compare(a.key, b.key))
		.map((x) => x.u);
}

export async function refusedScans(db: Executor, principal: Principal, eventId: number): Promise<RefusedScan[]> {
	await requireEventAccess(db, principal, eventId, 'checkin.view');
	return loadRefusedScans(db, eventId);
}

/** What the scanner page needs besides the roster: the event, its tiers (walk-ins) and the user's rights. */
export async function scannerContext(db: Executor, principal: Principal, eventId: number) {
	const { event, role } = await requireEventAccess(db, principal, eventId, 'checkin.scan');
	const tiers = await db.selectFrom('tier').select(['id', 'name', 'position', 'is_leader']).where('event_id', '=', eventId).orderBy('position').execute();
	return {
		event: { id: event.id, title: event.title, startsAt: event.starts_at.toISOString(), venue: event.venue },
		tiers: tiers.map((t) => ({ id: t.id, name: t.name, position: t.position, isLeader: t.is_leader })),
		canView: can(role, 'checkin.view'),
		canManage: can(role, 'checkin.manage')
	};
}

/** The attendance page: every counted delegate, and what the user may do there. */
export async function attendancePage(db: Executor, principal: Principal, eventId: number) {
	const { role } = await requireEventAccess(db, principal, eventId, 'checkin.view');
	return { rows: await loadAttendance(db, eventId), canScan: can(role, 'checkin.scan'), canManage: can(role, 'checkin.manage') };
}
