/**
 * Check-in at the door: scans, manual check-ins, walk-ins, undo, offline sync and attendance marks.
 *
 * Exactly once (pretix's perform_checkin, CONVENTIONS §8): every scan carries a client nonce, unique per
 * device in checkin_scan, so a retry after a timeout gets the first answer back instead of a second
 * check-in. The delegate's row is locked (SELECT … FOR UPDATE) while the scan decides, and the partial
 * unique index check_in_active_key backs it up, so two devices scanning one QR at the same moment record
 * one arrival; the second sees "already".
 *
 * Offline scans come later through syncScans with the device's clock: the recorded time is the earliest
 * of the scans of an arrival (an offline scan at 07:40 beats an online one at 07:45), still one row.
 */
import { sql, type Selectable } from 'kysely';
import { inTransaction, notify, type Executor, type Tx } from '$lib/server/db';
import { DomainError, conflict, invalid, notFound } from '$lib/server/errors';
import { writeAudit } from '$lib/server/audit';
import { actorOf, requireEventAccess, type EventAccess, type Principal } from '$lib/server/auth/access';
import { hashToken } from '$lib/server/auth/tokens';
import { delegateByTokenHash, insertDelegates } from '$lib/server/delegates/repository';
import { delegateTokenHash } from '$lib/server/delegates/token';
import { formatTime } from '$lib/format/date';
import { CHECKIN_CHANNEL, type CheckinChangeKind } from './presence';
import { extractToken, normaliseCode, scanExcerpt } from './codes';
import type { CheckInTable, ScanMethod, ScanResultCode } from './tables';
import type { CheckInInfo, DelegateCard, ScanResult, ScanWarning } from './dto';
import type { ManualInput, MarkInput, ScanContext, ScanInput, SyncItem, WalkInInput } from './schema';

/** A device clock more than this far ahead of the server is not trusted for the recorded time. */
const MAX_CLOCK_AHEAD_MS = 5 * 60_000;
/** Offline scans older than this are not trusted either (a device left offline for days, a wrong date). */
const MAX_OFFLINE_AGE_MS = 3 * 24 * 3600_000;

export const RESULT_MESSAGES: Record<ScanResultCode, string> = {
	ok: 'Chào mừng đại biểu',
	already_checked_in: 'Đại biểu đã check-in',
	invalid_token: 'Mã không hợp lệ',
	wrong_event: 'Giấy mời của hội nghị khác',
	cancelled: 'Giấy mời đã bị hủy',
	replaced: 'Đại biểu đã cử người dự thay',
	not_found: 'Không tìm thấy đại biểu'
};

// ------------------------------------------------------------------------------------------------ helpers

async function notifyChange(tx: Executor, eventId: number, delegateId: number, kind: CheckinChangeKind): Promise<void> {
	await notify(tx, CHECKIN_CHANNEL, JSON.stringify({ eventId, delegateId, kind }));
}

function staffLabel(principal: Principal): string {
	return actorOf(principal).label;
}

type CardRow = {
	id: number;
	kind: 'person' | 'unit';
	salutation: string | null;
	full_name: string;
	addressed_to: string;
	position: string;
	unit: string;
	tier_id: number;
	tier_name: string;
	tier_position: number;
	tier_is_leader: boolean;
	seat: string;
	code: string;
	source: string;
	reply_status: string;
};

export function toCard(r: CardRow): DelegateCard {
	return {
		id: r.id,
		kind: r.kind,
		salutation: r.salutation,
		name: r.full_name || r.addressed_to || r.unit,
		position: r.position,
		unit: r.unit,
		tierId: r.tier_id,
		tierName: r.tier_name,
		tierPosition: r.tier_position,
		isLeader: r.tier_is_leader,
		seat: r.seat,
		code: r.code,
		walkIn: r.source === 'walk_in',
		replyStatus: r.reply_status
	};
}

function cardQuery(db: Executor) {
	return db
		.selectFrom('delegate as d')
		.innerJoin('tier as t', 't.id', 'd.tier_id')
		.select([
			'd.id',
			'd.kind',
			'd.salutation',
			'd.full_name',
			'd.addressed_to',
			'd.position',
			'd.unit',
			'd.tier_id',
			't.name as tier_name',
			't.position as tier_position',
			't.is_leader as tier_is_leader',
			'd.seat',
			'd.code',
			'd.source',
			'd.reply_status'
		]);
}

export async function delegateCard(db: Executor, eventId: number, delegateId: number): Promise<DelegateCard | null> {
	const r = await cardQuery(db).where('d.id', '=', delegateId).where('d.event_id', '=', eventId).executeTakeFirst();
	return r ? toCard(r as CardRow) : null;
}

export function checkInInfo(c: Pick<Selectable<CheckInTable>, 'id' | 'checked_in_at' | 'method' | 'staff_label' | 'device_label'>): CheckInInfo {
	return { id: c.id, at: c.checked_in_at.toISOString(), method: c.method, by: c.staff_label, device: c.device_label };
}

function byLine(c: CheckInInfo): string {
	return [c.by, c.device].filter(Boolean).join(' · ');
}

function alreadyMessage(c: CheckInInfo): string {
	const who = byLine(c);
	return `Đã check-in lúc ${formatTime(c.at)}${who ? ` — ${who}` : ''}`;
}

/** The recorded time of an offline scan: the device's clock when plausible, else the server's. */
function offlineTime(clientTime: Date | null, now: Date): { at: Date; trusted: boolean } {
	if (!clientTime) return { at: now, trusted: false };
	const t = clientTime.getTime();
	if (t > now.getTime() + MAX_CLOCK_AHEAD_MS || t < now.getTime() - MAX_OFFLINE_AGE_MS) return { at: now, trusted: false };
	return { at: new Date(Math.min(t, now.getTime())), trusted: true };
}

async function storedAnswer(db: Executor, eventId: number, deviceId: string, nonce: string): Promise<ScanResult | null> {
	const row = await db
		.selectFrom('checkin_scan')
		.select('response')
		.where('event_id', '=', eventId)
		.where('device_id', '=', deviceId)
		.where('nonce', '=', nonce)
		.executeTakeFirst();
	return row ? { ...(row.response as unknown as ScanResult), replayed: true } : null;
}

/** Thrown inside a scan transaction when another request with the same nonce committed first. */
class NonceTaken extends Error {}

interface LogEntry {
	eventId: number;
	ctx: ScanContext;
	method: ScanMethod;
	result: ScanResult;
	delegateId: number | null;
	checkInId: number | null;
	raw: string;
	principal: Principal;
}

async function logScan(tx: Executor, e: LogEntry): Promise<void> {
	const inserted = await tx
		.insertInto('checkin_scan')
		.values({
			event_id: e.eventId,
			delegate_id: e.delegateId,
			check_in_id: e.checkInId,
			device_id: e.ctx.deviceId,
			device_label: e.ctx.deviceLabel,
			nonce: e.ctx.nonce,
			method: e.method,
			result: e.result.code,
			reason: e.result.code === 'ok' || e.result.code === 'already_checked_in' ? '' : (e.result.reason ?? e.result.message),
			raw_excerpt: e.raw ? scanExcerpt(e.raw) : '',
			client_time: e.ctx.clientTime,
			staff_user_id: e.principal.user.id,
			staff_label: staffLabel(e.principal),
			response: JSON.stringify(e.result)
		})
		.onConflict((oc) => oc.columns(['event_id', 'device_id', 'nonce']).doNothing())
		.returning('id')
		.executeTakeFirst();
	if (!inserted) throw new NonceTaken();
}

// ------------------------------------------------------------------------------------------------ resolve

type Target = { raw: string } | { delegateId: number };

/** What one query learns about a scan before deciding: a stored answer for its nonce, and the delegate. */
interface Probe {
	replay: ScanResult | null;
	/** The delegate found (any event, for a token), with its card and its active check-in. */
	row: (CardRow & { event_id: number; status: string; reply_note: string; c_id: number | null; c_at: Date | null; c_method: string | null; c_by: string | null; c_device: string | null }) | null;
}

/**
 * One round trip for the common case: the nonce's stored answer and the delegate (by token hash, id or
 * printed code) with its tier and its active check-in.
 */
async function probe(db: Executor, eventId: number, ctx: ScanContext, where: ReturnType<typeof sql>): Promise<Probe> {
	const r = await sql<{ replay: unknown } & NonNullable<Probe['row']>>`
		select (select s.response from checkin_scan s where s.event_id = ${eventId} and s.device_id = ${ctx.deviceId} and s.nonce = ${ctx.nonce}) as replay, p.*
		from (select 1) as one
		left join lateral (
			select d.id, d.event_id, d.status, d.kind, d.salutation, d.full_name, d.addressed_to, d.position, d.unit, d.tier_id,
				t.name as tier_name, t.position as tier_position, t.is_leader as tier_is_leader, d.seat, d.code, d.source,
				d.reply_status, d.reply_note,
				c.id as c_id, c.checked_in_at as c_at, c.method as c_method, c.staff_label as c_by, c.device_label as c_device
			from delegate d
			join tier t on t.id = d.tier_id
			left join check_in c on c.delegate_id = d.id and c.event_id = d.event_id and c.undone_at is null
			where ${where}
			limit 1
		) as p on true`.execute(db);
	const row = r.rows[0];
	const replay = row?.replay ? { ...(typeof row.replay === 'string' ? JSON.parse(row.replay) : row.replay), replayed: true } : null;
	return { replay, row: row?.id ? row : null };
}

/**
 * A token of this event's delegate that is no longer current: an earlier version of a delegate whose
 * link was revoked (reissued, substituted, cancelled). Only this event's rotated delegates are tried,
 * a handful of HMACs.
 */
async function revokedTokenOwner(db: Executor, eventId: number, tokenHash: string): Promise<number | null> {
	const rotated = await db
		.selectFrom('delegate')
		.select(['id', 'token_version'])
		.where('event_id', '=', eventId)
		.where('token_version', '>', 1)
		.execute();
	for (const r of rotated) {
		for (let v = 1; v < r.token_version; v++) if (delegateTokenHash(r.id, v) === tokenHash) return r.id;
	}
	return null;
}

type Resolved =
	| { kind: 'replay'; result: ScanResult }
	| { kind: 'delegate'; row: NonNullable<Probe['row']>; revoked: boolean }
	| { kind: 'refuse'; code: ScanResultCode; reason: string };

async function resolveTarget(db: Executor, access: EventAccess, ctx: ScanContext, target: Target): Promise<Resolved> {
	const eventId = access.event.id;
	const found = (p: Probe, revoked = false): Resolved | null =>
		p.replay ? { kind: 'replay', result: p.replay } : p.row ? { kind: 'delegate', row: p.row, revoked } : null;
	if ('delegateId' in target) {
		const p = await probe(db, eventId, ctx, sql`d.id = ${target.delegateId} and d.event_id = ${eventId}`);
		return found(p) ?? { kind: 'refuse', code: 'not_found', reason: 'Không có đại biểu này trong danh sách của hội nghị' };
	}
	const token = extractToken(target.raw);
	if (!token) {
		const code = normaliseCode(target.raw);
		if (!code) {
			const p = await probe(db, eventId, ctx, sql`false`);
			return found(p) ?? { kind: 'refuse', code: 'invalid_token', reason: 'Không phải mã QR giấy mời của Hội Nghị' };
		}
		const p = await probe(db, eventId, ctx, sql`d.event_id = ${eventId} and d.code = ${code}`);
		return found(p) ?? { kind: 'refuse', code: 'not_found', reason: `Không có mã giấy mời ${code} trong danh sách của hội nghị` };
	}
	const hash = hashToken(token);
	const p = await probe(db, eventId, ctx, sql`d.token_hash = ${hash}`);
	if (p.replay) return { kind: 'replay', result: p.replay };
	if (p.row) {
		if (p.row.event_id === eventId) return { kind: 'delegate', row: p.row, revoked: false };
		const other = await db.selectFrom('event').select(['title', 'organisation_id']).where('id', '=', p.row.event_id).executeTakeFirst();
		const sameOrg = other && other.organisation_id === access.event.organisation_id;
		return {
			kind: 'refuse',
			code: 'wrong_event',
			reason: sameOrg ? `Giấy mời này dành cho hội nghị khác: ${other.title}` : 'Giấy mời này dành cho một hội nghị khác'
		};
	}
	const owner = await revokedTokenOwner(db, eventId, hash);
	if (owner) {
		const q = await probe(db, eventId, ctx, sql`d.id = ${owner}`);
		if (q.row) return { kind: 'delegate', row: q.row, revoked: true };
	}
	return { kind: 'refuse', code: 'invalid_token', reason: 'Mã QR không hợp lệ: giả, đã bị sửa hoặc không thuộc hệ thống này' };
}

// ------------------------------------------------------------------------------------------------ scan

interface ScanJob {
	access: EventAccess;
	principal: Principal;
	ctx: ScanContext;
	target: Target;
	method: ScanMethod;
	/** Scans that happened offline: the device's time is the arrival time. */
	offline: boolean;
	/** The check_in method when this scan records an arrival. */
	checkInMethod: CheckInTable['method'];
}

function rawOf(t: Target): string {
	return 'raw' in t ? t.raw : '';
}

/**
 * Decides a scan. Refusals and "already checked in" need no lock: they are answered from one read and
 * logged. Only an arrival (or an offline scan that moves the recorded time back) takes the delegate's
 * row lock and decides again under it, in one transaction with its audit row and NOTIFY.
 */
async function runScan(db: Executor, job: ScanJob): Promise<ScanResult> {
	const eventId = job.access.event.id;
	const log = (ex: Executor, result: ScanResult, delegateId: number | null, checkInId: number | null) =>
		logScan(ex, { eventId, ctx: job.ctx, method: job.method, result, delegateId, checkInId, raw: rawOf(job.target), principal: job.principal });
	try {
		const resolved = await resolveTarget(db, job.access, job.ctx, job.target);
		if (resolved.kind === 'replay') return resolved.result;
		if (resolved.kind === 'refuse') {
			const result: ScanResult = { code: resolved.code, message: RESULT_MESSAGES[resolved.code], reason: resolved.reason, warnings: [] };
			await log(db, result, null, null);
			return result;
		}
		const { row, revoked } = resolved;
		const refusal = await refusalOf(db, eventId, row, revoked);
		if (refusal) {
			await log(db, refusal, row.id, null);
			return refusal;
		}
		if (row.c_id && !job.offline) {
			// Already in: answered without a lock (an undo in between would only make this answer a moment old).
			const info: CheckInInfo = { id: row.c_id, at: row.c_at!.toISOString(), method: row.c_method as CheckInInfo['method'], by: row.c_by ?? '', device: row.c_device ?? '' };
			const result: ScanResult = { code: 'already_checked_in', message: alreadyMessage(info), delegate: toCard(row), checkIn: info, warnings: [] };
			await log(db, result, row.id, row.c_id);
			return result;
		}
		for (let attempt = 0; ; attempt++) {
			try {
				return await inTransaction(db, (tx) => arrive(tx, job, row));
			} catch (e) {
				// The unique index caught a concurrent arrival that slipped past the lock (it cannot, unless a
				// writer forgot to lock): decide again, now seeing it.
				if (attempt === 0 && isActiveKeyViolation(e)) continue;
				throw e;
			}
		}
	} catch (e) {
		if (e instanceof NonceTaken) {
			const again = await storedAnswer(db, eventId, job.ctx.deviceId, job.ctx.nonce);
			if (again) return again;
		}
		throw e;
	}
}

function isActiveKeyViolation(e: unknown): boolean {
	const err = e as { code?: string; constraint?: string; constraint_name?: string; message?: string };
	const name = err?.constraint ?? err?.constraint_name ?? err?.message ?? '';
	return err?.code === '23505' && String(name).includes('check_in_active_key');
}

/** Cancelled, substituted (naming the substitute) or a revoked QR: the refusal, or null to go on. */
async function refusalOf(db: Executor, eventId: number, row: NonNullable<Probe['row']>, revoked: boolean): Promise<ScanResult | null> {
	const card = toCard(row);
	if (row.status === 'replaced') {
		const sub = await cardQuery(db)
			.where('d.event_id', '=', eventId)
			.where('d.substitute_for', '=', row.id)
			.where('d.status', '=', 'active')
			.orderBy('d.id', 'desc')
			.executeTakeFirst();
		const substitute = sub ? toCard(sub as CardRow) : null;
		return {
			code: 'replaced',
			message: RESULT_MESSAGES.replaced,
			reason: substitute
				? `${card.name} đã cử người dự thay: ${[substitute.salutation, substitute.name].filter(Boolean).join(' ')}${substitute.position ? `, ${substitute.position}` : ''}. Người dự thay dùng giấy mời của mình.`
				: `${card.name} đã cử người dự thay: giấy mời này không còn dùng được.`,
			delegate: card,
			substitute,
			warnings: []
		};
	}
	if (row.status === 'cancelled')
		return {
			code: 'cancelled',
			message: RESULT_MESSAGES.cancelled,
			reason: `Giấy mời của ${card.name} đã bị hủy${row.reply_note ? `: ${row.reply_note}` : ''}`,
			delegate: card,
			warnings: []
		};
	if (revoked)
		return {
			code: 'invalid_token',
			message: RESULT_MESSAGES.invalid_token,
			reason: `Mã QR cũ đã bị thu hồi: giấy mời của ${card.name} đã được cấp lại. Tìm theo tên để check-in.`,
			delegate: card,
			warnings: []
		};
	return null;
}

/** Under the delegate's row lock: record the arrival, or answer "already", or move the recorded time back. */
async function arrive(tx: Tx, job: ScanJob, probed: NonNullable<Probe['row']>): Promise<ScanResult> {
	const eventId = job.access.event.id;
	const delegateId = probed.id;
	const d = await tx
		.selectFrom('delegate')
		.select(['id', 'status', 'reply_status', 'reply_note'])
		.where('id', '=', delegateId)
		.where('event_id', '=', eventId)
		.forUpdate()
		.executeTakeFirst();
	if (!d) throw notFound('Không tìm thấy đại biểu');
	const card = toCard(probed);
	const log = (result: ScanResult, checkInId: number | null) =>
		logScan(tx, { eventId, ctx: job.ctx, method: job.method, result, delegateId, checkInId, raw: rawOf(job.target), principal: job.principal });
	if (d.status !== 'active') {
		// Cancelled or substituted between the read and the lock.
		const refusal = (await refusalOf(tx, eventId, { ...probed, status: d.status, reply_note: d.reply_note }, false))!;
		await log(refusal, null);
		return refusal;
	}

	const now = new Date();
	const warnings: ScanWarning[] = [];
	if (d.reply_status === 'declined')
		warnings.push({ code: 'declined', message: `Đại biểu đã báo vắng${d.reply_note ? ` (${d.reply_note})` : ''} nhưng vẫn đến: đã ghi nhận có mặt.` });
	let at = now;
	if (job.offline) {
		const t = offlineTime(job.ctx.clientTime, now);
		at = t.at;
		if (!t.trusted) warnings.push({ code: 'clock', message: 'Giờ của thiết bị không hợp lý: dùng giờ máy chủ lúc đồng bộ.' });
	}

	const existing = await tx
		.selectFrom('check_in')
		.selectAll()
		.where('event_id', '=', eventId)
		.where('delegate_id', '=', delegateId)
		.where('undone_at', 'is', null)
		.executeTakeFirst();
	const actor = actorOf(job.principal);
	if (existing) {
		if (job.offline && at.getTime() < existing.checked_in_at.getTime()) {
			// This offline scan happened first: it becomes the recorded arrival (still one row).
			const from = existing.checked_in_at;
			const updated = await tx
				.updateTable('check_in')
				.set({
					checked_in_at: at,
					client_time: job.ctx.clientTime,
					method: job.checkInMethod,
					device_id: job.ctx.deviceId,
					device_label: job.ctx.deviceLabel,
					nonce: job.ctx.nonce,
					staff_user_id: job.principal.user.id,
					staff_label: staffLabel(job.principal)
				})
				.where('id', '=', existing.id)
				.returningAll()
				.executeTakeFirstOrThrow();
			const info = checkInInfo(updated);
			const result: ScanResult = {
				code: 'ok',
				message: RESULT_MESSAGES.ok,
				delegate: card,
				checkIn: info,
				warnings,
				corrected: { from: from.toISOString(), to: info.at }
			};
			await log(result, existing.id);
			await writeAudit(tx, actor, {
				action: 'checkin.time_corrected',
				entityType: 'delegate',
				entityId: delegateId,
				organisationId: job.access.event.organisation_id,
				eventId,
				data: {
					checkInId: existing.id,
					from: from.toISOString(),
					to: info.at,
					replacedScan: { device: existing.device_label, by: existing.staff_label, method: existing.method },
					device: job.ctx.deviceLabel,
					nonce: job.ctx.nonce
				}
			});
			await notifyChange(tx, eventId, delegateId, 'time_corrected');
			return result;
		}
		const info = checkInInfo(existing);
		const result: ScanResult = { code: 'already_checked_in', message: alreadyMessage(info), delegate: card, checkIn: info, warnings: [] };
		await log(result, existing.id);
		return result;
	}

	const row = await tx
		.insertInto('check_in')
		.values({
			event_id: eventId,
			delegate_id: delegateId,
			method: job.checkInMethod,
			checked_in_at: at,
			client_time: job.ctx.clientTime,
			device_id: job.ctx.deviceId,
			device_label: job.ctx.deviceLabel,
			nonce: job.ctx.nonce,
			staff_user_id: job.principal.user.id,
			staff_label: staffLabel(job.principal)
		})
		.returningAll()
		.executeTakeFirstOrThrow();
	const info = checkInInfo(row);
	const result: ScanResult = { code: 'ok', message: RESULT_MESSAGES.ok, delegate: card, checkIn: info, warnings };
	// The nonce's row goes first: a concurrent request with the same nonce makes this one roll back whole.
	await log(result, row.id);
	await writeAudit(tx, actor, {
		action: 'checkin.created',
		entityType: 'delegate',
		entityId: delegateId,
		organisationId: job.access.event.organisation_id,
		eventId,
		data: { checkInId: row.id, method: row.method, at: info.at, device: job.ctx.deviceLabel, nonce: job.ctx.nonce, name: card.name }
	});
	await notifyChange(tx, eventId, delegateId, 'checked_in');
	return result;
}

/**
 * Routes that parse a body check access first and pass it on (`checked`), so a role without the right gets
 * 403 before its input is looked at, with one access query per request.
 */
export function checkinAccess(db: Executor, principal: Principal, eventId: number, permission: 'checkin.scan' | 'checkin.manage'): Promise<EventAccess> {
	return requireEventAccess(db, principal, eventId, permission);
}

/** A scan at the door: the QR's link or token, or the code printed under it. */
export async function scan(db: Executor, principal: Principal, eventId: number, input: ScanInput, checked?: EventAccess): Promise<ScanResult> {
	const access = checked ?? (await requireEventAccess(db, principal, eventId, 'checkin.scan'));
	return runScan(db, { access, principal, ctx: input, target: { raw: input.raw }, method: 'scan', offline: false, checkInMethod: 'scan' });
}

/** A check-in picked from the list (search by name, unit, phone) when the delegate has no QR. */
export async function manualCheckIn(db: Executor, principal: Principal, eventId: number, input: ManualInput, checked?: EventAccess): Promise<ScanResult> {
	const access = checked ?? (await requireEventAccess(db, principal, eventId, 'checkin.scan'));
	return runScan(db, {
		access,
		principal,
		ctx: input,
		target: { delegateId: input.delegateId },
		method: 'manual',
		offline: false,
		checkInMethod: 'manual'
	});
}

export interface SyncOutcome {
	nonce: string;
	deviceId: string;
	result: ScanResult;
}

/**
 * Scans a device queued while offline, in the order they happened. Each is its own transaction and
 * answers on its own (a replayed nonce answers what it answered the first time).
 */
export async function syncScans(db: Executor, principal: Principal, eventId: number, items: SyncItem[], checked?: EventAccess): Promise<SyncOutcome[]> {
	const access = checked ?? (await requireEventAccess(db, principal, eventId, 'checkin.scan'));
	const order = items
		.map((it, i) => ({ it, i, t: it.clientTime?.getTime() ?? Number.MAX_SAFE_INTEGER }))
		.sort((a, b) => a.t - b.t || a.i - b.i);
	const out: SyncOutcome[] = new Array(items.length);
	for (const { it, i } of order) {
		let result: ScanResult;
		if (it.kind === 'refused') {
			result = await logOfflineRefusal(db, access, principal, it);
		} else {
			const target: Target = it.delegateId ? { delegateId: it.delegateId } : { raw: it.raw ?? '' };
			result = await runScan(db, { access, principal, ctx: it, target, method: 'offline_sync', offline: true, checkInMethod: 'offline_sync' });
		}
		out[i] = { nonce: it.nonce, deviceId: it.deviceId, result };
	}
	return out;
}

/** A scan the device refused offline (not in its roster): kept in the scan log, nothing checked in. */
async function logOfflineRefusal(db: Executor, access: EventAccess, principal: Principal, it: SyncItem): Promise<ScanResult> {
	const eventId = access.event.id;
	const replay = await storedAnswer(db, eventId, it.deviceId, it.nonce);
	if (replay) return replay;
	const result: ScanResult = {
		code: 'invalid_token',
		message: RESULT_MESSAGES.invalid_token,
		reason: `Bị từ chối khi mất mạng: ${it.reason || 'không có trong danh sách đã tải về thiết bị'}`,
		warnings: []
	};
	try {
		await logScan(db, { eventId, ctx: it, method: 'offline_refused', result, delegateId: null, checkInId: null, raw: it.raw ?? '', principal });
	} catch (e) {
		if (e instanceof NonceTaken) return (await storedAnswer(db, eventId, it.deviceId, it.nonce))!;
		throw e;
	}
	return result;
}

// ------------------------------------------------------------------------------------------------ undo

/** Undoes a mistaken check-in (the row stays, marked undone, with an audit row). */
export async function undoCheckIn(
	db: Executor,
	principal: Principal,
	eventId: number,
	input: { delegateId: number; reason: string }
): Promise<{ delegateId: number; checkInId: number }> {
	return inTransaction(db, async (tx) => {
		const access = await requireEventAccess(tx, principal, eventId, 'checkin.scan');
		const d = await tx
			.selectFrom('delegate')
			.select(['id', 'full_name', 'addressed_to'])
			.where('id', '=', input.delegateId)
			.where('event_id', '=', eventId)
			.forUpdate()
			.executeTakeFirst();
		// An unknown delegate has no check-in in this event either: one answer for both.
		if (!d) throw conflict('not_checked_in', 'Đại biểu chưa check-in: không có gì để hoàn tác');
		const active = await tx
			.selectFrom('check_in')
			.selectAll()
			.where('event_id', '=', eventId)
			.where('delegate_id', '=', d.id)
			.where('undone_at', 'is', null)
			.executeTakeFirst();
		if (!active) throw conflict('not_checked_in', 'Đại biểu chưa check-in: không có gì để hoàn tác');
		const actor = actorOf(principal);
		await tx
			.updateTable('check_in')
			.set({ undone_at: sql`now()`, undone_by: principal.user.id, undone_by_label: actor.label, undo_reason: input.reason.slice(0, 300) })
			.where('id', '=', active.id)
			.execute();
		await writeAudit(tx, actor, {
			action: 'checkin.undone',
			entityType: 'delegate',
			entityId: d.id,
			organisationId: access.event.organisation_id,
			eventId,
			data: {
				checkInId: active.id,
				name: d.full_name || d.addressed_to,
				checkedInAt: active.checked_in_at.toISOString(),
				method: active.method,
				device: active.device_label,
				by: active.staff_label,
				reason: input.reason
			}
		});
		await notifyChange(tx, eventId, d.id, 'undone');
		return { delegateId: d.id, checkInId: active.id };
	});
}

// ------------------------------------------------------------------------------------------------ walk-in

/** A delegate who was not on the list, added at the door (source 'walk_in') and checked in at once. */
export async function walkIn(db: Executor, principal: Principal, eventId: number, input: WalkInInput, checked?: EventAccess): Promise<ScanResult> {
	const access = checked ?? (await requireEventAccess(db, principal, eventId, 'checkin.scan'));
	const replay = await storedAnswer(db, eventId, input.deviceId, input.nonce);
	if (replay) return replay;
	const tier = await db.selectFrom('tier').select('id').where('id', '=', input.tierId).where('event_id', '=', eventId).executeTakeFirst();
	if (!tier) throw invalid({ tierId: 'Cấp đại biểu không thuộc hội nghị này' });
	try {
		return await inTransaction(db, async (tx) => {
			const [created] = await insertDelegates(tx, [
				{
					event_id: eventId,
					tier_id: tier.id,
					kind: 'person',
					salutation: input.salutation,
					full_name: input.fullName,
					position: input.position,
					unit: input.unit,
					phone: input.phone,
					email: null,
					source: 'walk_in',
					reply_status: 'attending',
					replied_at: new Date(),
					replied_via: 'organiser',
					notes: 'Đến dự không có trong danh sách (thêm tại bàn đón tiếp)',
					substitute_for: null,
					parent_unit_id: null
				}
			]);
			const card = (await delegateCard(tx, eventId, created.id))!;
			const row = await tx
				.insertInto('check_in')
				.values({
					event_id: eventId,
					delegate_id: created.id,
					method: 'walk_in',
					checked_in_at: new Date(),
					client_time: input.clientTime,
					device_id: input.deviceId,
					device_label: input.deviceLabel,
					nonce: input.nonce,
					staff_user_id: principal.user.id,
					staff_label: staffLabel(principal)
				})
				.returningAll()
				.executeTakeFirstOrThrow();
			const result: ScanResult = { code: 'ok', message: RESULT_MESSAGES.ok, delegate: card, checkIn: checkInInfo(row), warnings: [] };
			await logScan(tx, { eventId, ctx: input, method: 'walk_in', result, delegateId: created.id, checkInId: row.id, raw: '', principal });
			await writeAudit(tx, actorOf(principal), {
				action: 'checkin.walk_in.added',
				entityType: 'delegate',
				entityId: created.id,
				organisationId: access.event.organisation_id,
				eventId,
				data: { name: input.fullName, position: input.position, unit: input.unit, tierId: tier.id, checkInId: row.id, device: input.deviceLabel }
			});
			await notifyChange(tx, eventId, created.id, 'walk_in');
			return result;
		});
	} catch (e) {
		if (e instanceof NonceTaken) return (await storedAnswer(db, eventId, input.deviceId, input.nonce))!;
		const err = e as { code?: string; message?: string; constraint_name?: string; constraint?: string };
		const name = String(err?.constraint ?? err?.constraint_name ?? err?.message ?? '');
		if (err?.code === '23505' && name.includes('delegate_event_identity_key')) {
			throw new DomainError('duplicate_delegate', `${input.fullName} (${input.unit || 'không ghi đơn vị'}) đã có trong danh sách: tìm theo tên để check-in.`, {
				status: 409,
				fields: { fullName: 'Đã có người này trong danh sách' }
			});
		}
		throw e;
	}
}

// ------------------------------------------------------------------------------------------------ marks

/**
 * Attendance marked by hand (after the event from a paper list, or for an absence with its reason).
 * Only rows whose mark changes are written; one audit row lists the changes.
 */
export async function setAttendanceMarks(
	db: Executor,
	principal: Principal,
	eventId: number,
	marks: MarkInput[]
): Promise<{ changed: number }> {
	return inTransaction(db, async (tx) => {
		const access = await requireEventAccess(tx, principal, eventId, 'checkin.manage');
		if (!marks.length) return { changed: 0 };
		const ids = [...new Set(marks.map((m) => m.delegateId))];
		const known = await tx.selectFrom('delegate').select(['id', 'full_name', 'addressed_to']).where('event_id', '=', eventId).where('id', 'in', ids).execute();
		if (known.length !== ids.length) throw notFound('Có đại biểu không thuộc hội nghị này');
		const names = new Map(known.map((k) => [k.id, k.full_name || k.addressed_to]));
		const current = await tx.selectFrom('attendance_mark').selectAll().where('event_id', '=', eventId).where('delegate_id', 'in', ids).execute();
		const byId = new Map(current.map((c) => [c.delegate_id, c]));
		const actor = actorOf(principal);
		const changes: Record<string, unknown>[] = [];
		for (const m of marks) {
			const cur = byId.get(m.delegateId);
			const note = m.status ? m.note : '';
			if (!m.status) {
				if (!cur) continue;
				await tx.deleteFrom('attendance_mark').where('id', '=', cur.id).execute();
			} else {
				if (cur && cur.status === m.status && cur.note === note) continue;
				await tx
					.insertInto('attendance_mark')
					.values({ event_id: eventId, delegate_id: m.delegateId, status: m.status, note, marked_by: principal.user.id, marked_by_label: actor.label })
					.onConflict((oc) =>
						oc.columns(['event_id', 'delegate_id']).doUpdateSet({
							status: m.status!,
							note,
							marked_by: principal.user.id,
							marked_by_label: actor.label,
							marked_at: sql`now()`
						})
					)
					.execute();
			}
			byId.delete(m.delegateId);
			changes.push({ delegateId: m.delegateId, name: names.get(m.delegateId), from: cur ? { status: cur.status, note: cur.note } : null, to: m.status ? { status: m.status, note } : null });
			await notifyChange(tx, eventId, m.delegateId, 'marked');
		}
		if (changes.length)
			await writeAudit(tx, actor, {
				action: 'checkin.attendance.marked',
				entityType: 'event',
				entityId: eventId,
				organisationId: access.event.organisation_id,
				eventId,
				data: { count: changes.length, changes }
			});
		return { changed: changes.length };
	});
}
