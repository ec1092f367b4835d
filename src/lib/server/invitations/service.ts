/**
 * Invitations of one event: who got their letter (and how), rounds of sending, reminders, and the replies
 * the organiser records by hand (phone, paper). The delegate's own reply page is in replies.ts.
 *
 * Never twice: an invitation mail has the idempotency key `invitation:<delegateId>`, so a second round, a
 * double click or a retried request queues nothing for someone already invited (the outbox refuses the
 * key). A deliberate "gửi lại" uses a new key built from the confirming form's nonce. Reminders are keyed
 * `reminder:<n>:<delegateId>`, n the event's reminder round, found again from the form's nonce.
 */
import { sql } from 'kysely';
import { inTransaction, type Executor, type Tx } from '$lib/server/db';
import { writeAudit, type Actor } from '$lib/server/audit';
import { actorOf, requireEventAccess, type EventRow, type Principal } from '$lib/server/auth/access';
import { DomainError, forbidden, invalid, notFound } from '$lib/server/errors';
import { can } from '$lib/server/auth/permissions';
import { createBatch, enqueueMessages } from '$lib/server/mail/outbox';
import type { MailStatus } from '$lib/server/mail/tables';
import type { ReplyStatus } from '$lib/server/delegates/tables';
import { delegateRow, orderedDelegates, protocolNumber, type DelegateRow } from '$lib/server/delegates/order';
import { addUnitAttendee, needsPlacing as isUnplaced } from '$lib/server/delegates/service';
import { normalizeText } from '$lib/format';
import { letterSettings } from './settings';
import { delegateLine, delegateLink, type Delegate } from './letter';
import { reminderMail, type MailContent } from './notifications';
import { substituteDelegate } from './substitute';
import { enqueueInvitation, invitationMessage, signalEvent } from './queue';

export { INVITATION_CHANNEL, enqueueInvitation, signalEvent } from './queue';
import type { PersonInput } from './person';

export type InvitationState = 'sent' | 'waiting' | 'failed' | 'uncertain' | 'not_sent' | 'no_email';

export const INVITATION_STATE_LABELS: Record<InvitationState, string> = {
	sent: 'Đã gửi',
	waiting: 'Đang chờ gửi',
	failed: 'Gửi lỗi',
	uncertain: 'Chưa rõ',
	not_sent: 'Chưa gửi',
	no_email: 'Không có email: in giấy'
};

export const REPLY_LABELS: Record<ReplyStatus, string> = {
	pending: 'Chưa trả lời',
	attending: 'Tham dự',
	declined: 'Không tham dự',
	substituted: 'Cử người dự thay'
};

export const REPLY_VIA_LABELS: Record<string, string> = {
	link: 'Qua liên kết cá nhân',
	phone: 'Qua điện thoại',
	paper: 'Qua văn bản giấy',
	email: 'Qua email',
	organiser: 'Ban tổ chức ghi nhận'
};

export interface DelegateInvitation {
	id: number;
	stt: number | null;
	code: string;
	kind: 'person' | 'unit';
	line: string;
	name: string;
	unit: string;
	tierId: number;
	tierName: string;
	email: string | null;
	phone: string | null;
	status: 'active' | 'cancelled' | 'replaced';
	source: string;
	substituteFor: number | null;
	parentUnitId: number | null;
	places: number;
	needsPlacing: boolean;
	invitation: {
		state: InvitationState;
		sentAt: Date | null;
		error: string | null;
		messageId: number | null;
		mailStatus: MailStatus | null;
	};
	reminders: number;
	lastReminderAt: Date | null;
	reply: { status: ReplyStatus; note: string; at: Date | null; via: string | null };
}

export interface InvitationCounts {
	delegates: number;
	withEmail: number;
	invitation: Record<InvitationState, number>;
	reply: Record<ReplyStatus, number>;
	needsPlacing: number;
}

interface MailRow {
	id: number;
	delegate_id: number | null;
	kind: string;
	status: MailStatus;
	sent_at: Date | null;
	last_error: string | null;
	created_at: Date;
}

/** The invitation state of one delegate from their invitation mails (oldest first). */
export function invitationStateOf(hasEmail: boolean, mails: MailRow[]): DelegateInvitation['invitation'] {
	const inv = mails.filter((m) => m.kind === 'invitation' && m.status !== 'cancelled');
	const sent = inv.filter((m) => m.status === 'sent');
	if (sent.length) {
		const last = sent[sent.length - 1];
		return { state: 'sent', sentAt: last.sent_at, error: null, messageId: last.id, mailStatus: 'sent' };
	}
	const last = inv[inv.length - 1];
	if (!last) return { state: hasEmail ? 'not_sent' : 'no_email', sentAt: null, error: null, messageId: null, mailStatus: null };
	const state: InvitationState =
		last.status === 'failed' ? 'failed' : last.status === 'uncertain' ? 'uncertain' : 'waiting';
	return { state, sentAt: null, error: last.last_error, messageId: last.id, mailStatus: last.status };
}

/** Every delegate of the event (active and replaced) with their letter, mail and reply status. */
export async function invitationOverview(
	db: Executor,
	eventId: number
): Promise<{ delegates: DelegateInvitation[]; counts: InvitationCounts }> {
	const rows = await orderedDelegates(db, eventId, { statuses: ['active', 'replaced'] });
	const mails = (await db
		.selectFrom('mail_message')
		.select(['id', 'delegate_id', 'kind', 'status', 'sent_at', 'last_error', 'created_at'])
		.where('event_id', '=', eventId)
		.where('kind', 'in', ['invitation', 'reminder'])
		.where('delegate_id', 'is not', null)
		.orderBy('id')
		.execute()) as MailRow[];
	const byDelegate = new Map<number, MailRow[]>();
	for (const m of mails) {
		const list = byDelegate.get(m.delegate_id!) ?? [];
		list.push(m);
		byDelegate.set(m.delegate_id!, list);
	}
	const counts: InvitationCounts = {
		delegates: 0,
		withEmail: 0,
		invitation: { sent: 0, waiting: 0, failed: 0, uncertain: 0, not_sent: 0, no_email: 0 },
		reply: { pending: 0, attending: 0, declined: 0, substituted: 0 },
		needsPlacing: 0
	};
	let stt = 0;
	const delegates = rows.map((d) => {
		const row = invitationRow(d, byDelegate.get(d.id) ?? [], d.status === 'active' ? ++stt : null);
		if (row.status === 'active') {
			counts.delegates++;
			if (d.email) counts.withEmail++;
			counts.invitation[row.invitation.state]++;
			counts.reply[d.reply_status]++;
			if (row.needsPlacing) counts.needsPlacing++;
		}
		return row;
	});
	return { delegates, counts };
}

/** One delegate's line of the overview, from their invitation and reminder mails (oldest first). */
function invitationRow(d: DelegateRow, ms: MailRow[], stt: number | null): DelegateInvitation {
	const reminders = ms.filter((m) => m.kind === 'reminder' && m.status !== 'cancelled');
	return {
		id: d.id,
		stt,
		code: d.code,
		kind: d.kind,
		line: delegateLine(d),
		name: d.kind === 'unit' ? d.addressed_to || d.unit : d.full_name,
		unit: d.unit,
		tierId: d.tier_id,
		tierName: d.tier_name,
		email: d.email,
		phone: d.phone,
		status: d.status,
		source: d.source,
		substituteFor: d.substitute_for,
		parentUnitId: d.parent_unit_id,
		places: d.places,
		needsPlacing: isUnplaced(d),
		invitation: invitationStateOf(!!d.email, ms),
		reminders: reminders.length,
		lastReminderAt: reminders.length ? reminders[reminders.length - 1].created_at : null,
		reply: { status: d.reply_status, note: d.reply_note, at: d.replied_at, via: d.replied_via }
	};
}

/** The overview's line of one delegate (active or replaced; null when cancelled), without the whole list. */
async function invitationRowOf(db: Executor, eventId: number, delegateId: number): Promise<DelegateInvitation | null> {
	const d = await delegateRow(db, eventId, delegateId);
	if (!d || (d.status !== 'active' && d.status !== 'replaced')) return null;
	const mails = (await db
		.selectFrom('mail_message')
		.select(['id', 'delegate_id', 'kind', 'status', 'sent_at', 'last_error', 'created_at'])
		.where('event_id', '=', eventId)
		.where('kind', 'in', ['invitation', 'reminder'])
		.where('delegate_id', '=', d.id)
		.orderBy('id')
		.execute()) as MailRow[];
	return invitationRow(d, mails, await protocolNumber(db, eventId, d));
}

export interface RoundProgress {
	id: number;
	kind: 'invitation' | 'reminder';
	number: number;
	label: string;
	batchId: number | null;
	recipients: number;
	createdAt: Date;
	createdBy: string | null;
	sent: number;
	failed: number;
	waiting: number;
	uncertain: number;
	cancelled: number;
}

/** The event's rounds, newest first, with their mails counted by status. */
export async function roundsProgress(db: Executor, eventId: number): Promise<RoundProgress[]> {
	const rounds = await db
		.selectFrom('invitation_round')
		.leftJoin('app_user', 'app_user.id', 'invitation_round.created_by')
		.select([
			'invitation_round.id',
			'invitation_round.kind',
			'invitation_round.number',
			'invitation_round.batch_id',
			'invitation_round.recipients',
			'invitation_round.created_at',
			'app_user.full_name as created_by_name'
		])
		.where('invitation_round.event_id', '=', eventId)
		.orderBy('invitation_round.id', 'desc')
		.execute();
	const batchIds = rounds.map((r) => r.batch_id).filter((x): x is number => !!x);
	const counts = batchIds.length
		? await db
				.selectFrom('mail_message')
				.select(['batch_id', 'status', sql<number>`count(*)`.as('n')])
				.where('event_id', '=', eventId)
				.where('batch_id', 'in', batchIds)
				.groupBy(['batch_id', 'status'])
				.execute()
		: [];
	return rounds.map((r) => {
		const c = { sent: 0, failed: 0, waiting: 0, uncertain: 0, cancelled: 0 };
		for (const x of counts.filter((x) => x.batch_id === r.batch_id)) {
			const n = Number(x.n);
			if (x.status === 'sent') c.sent += n;
			else if (x.status === 'failed') c.failed += n;
			else if (x.status === 'uncertain') c.uncertain += n;
			else if (x.status === 'cancelled') c.cancelled += n;
			else c.waiting += n;
		}
		return {
			id: r.id,
			kind: r.kind,
			number: r.number,
			label: r.kind === 'invitation' ? `Đợt gửi giấy mời ${r.number}` : `Thư nhắc lần ${r.number}`,
			batchId: r.batch_id,
			recipients: r.recipients,
			createdAt: r.created_at,
			createdBy: r.created_by_name,
			...c
		};
	});
}

const REQUEST_KEY_RE = /^[A-Za-z0-9_-]{8,100}$/;

function checkRequestKey(key: string | null | undefined): string {
	if (!key || !REQUEST_KEY_RE.test(key))
		throw new DomainError('invalid_request_key', 'Thiếu mã xác nhận của thao tác: hãy tải lại trang rồi thử lại.');
	return key;
}

export function newRequestKey(): string {
	return crypto.randomUUID();
}

/** Locks the event row: rounds of one event are decided one at a time. */
async function lockEvent(tx: Tx, eventId: number): Promise<void> {
	await tx.selectFrom('event').select('id').where('id', '=', eventId).forUpdate().executeTakeFirst();
}

async function nextRoundNumber(tx: Tx, eventId: number, kind: 'invitation' | 'reminder'): Promise<number> {
	const r = await tx
		.selectFrom('invitation_round')
		.select(sql<number>`coalesce(max(number), 0)`.as('n'))
		.where('event_id', '=', eventId)
		.where('kind', '=', kind)
		.executeTakeFirstOrThrow();
	return Number(r.n) + 1;
}

async function principalsMap(db: Executor, ds: Delegate[]): Promise<Map<number, Delegate>> {
	const ids = [...new Set(ds.map((d) => d.substitute_for).filter((x): x is number => !!x))];
	if (!ids.length) return new Map();
	const rows = await db.selectFrom('delegate').selectAll().where('id', 'in', ids).execute();
	return new Map(rows.map((r) => [r.id, r]));
}

export interface RoundResult {
	roundId: number | null;
	batchId: number | null;
	/** Mails queued by this request. */
	queued: number;
	/** Already invited (or queued) before: nothing new for them. */
	alreadyInvited: number;
	/** Active delegates without an email: their letters are printed. */
	withoutEmail: number;
	/** True when the same request (nonce) had already been carried out. */
	repeated: boolean;
}

/**
 * "Gửi giấy mời": one mail per active delegate with an email who has not been sent one, in one
 * transaction with a mail batch, the round and the audit row. Repeating the request (same nonce) or
 * sending a second round queues nothing for those already invited.
 */
export async function sendInvitationRound(
	db: Executor,
	principal: Principal,
	eventId: number,
	opts: { requestKey: string; tierId?: number | null }
): Promise<RoundResult> {
	return inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'invitation.send');
		const requestKey = checkRequestKey(opts.requestKey);
		if (event.archived_at) throw new DomainError('event_archived', 'Hội nghị đã lưu trữ: không gửi giấy mời được nữa.', { status: 409 });
		await lockEvent(tx, eventId);
		const done = await tx
			.selectFrom('invitation_round')
			.selectAll()
			.where('event_id', '=', eventId)
			.where('request_key', '=', requestKey)
			.executeTakeFirst();
		if (done) {
			return { roundId: done.id, batchId: done.batch_id, queued: 0, alreadyInvited: done.recipients, withoutEmail: 0, repeated: true };
		}
		let delegates = await orderedDelegates(tx, eventId);
		if (opts.tierId) delegates = delegates.filter((d) => d.tier_id === opts.tierId);
		const withoutEmail = delegates.filter((d) => !d.email).length;
		const withEmail = delegates.filter((d) => d.email);
		const existing = withEmail.length
			? new Set(
					(
						await tx
							.selectFrom('mail_message')
							.select('idempotency_key')
							.where('idempotency_key', 'in', withEmail.map((d) => `invitation:${d.id}`))
							.execute()
					).map((r) => r.idempotency_key)
				)
			: new Set<string>();
		const todo = withEmail.filter((d) => !existing.has(`invitation:${d.id}`));
		if (!todo.length) {
			return { roundId: null, batchId: null, queued: 0, alreadyInvited: withEmail.length, withoutEmail, repeated: false };
		}
		const number = await nextRoundNumber(tx, eventId, 'invitation');
		const batchId = await createBatch(tx, {
			organisationId: event.organisation_id,
			eventId,
			kind: 'invitation',
			label: `Đợt gửi giấy mời ${number}`,
			createdBy: principal.user.id
		});
		const s = await letterSettings(tx, event);
		const principals = await principalsMap(tx, todo);
		// One INSERT per 500 mails (a province-wide list is 15,000), not one per delegate.
		const queued = await enqueueMessages(
			tx,
			todo.flatMap((d) => invitationMessage(event, s, d, { batchId, createdBy: principal.user.id, replaces: principals.get(d.substitute_for ?? 0) ?? null }) ?? [])
		);
		const round = await tx
			.insertInto('invitation_round')
			.values({
				event_id: eventId,
				kind: 'invitation',
				number,
				request_key: requestKey,
				batch_id: batchId,
				audience: JSON.stringify({ tierId: opts.tierId ?? null }),
				recipients: queued,
				created_by: principal.user.id
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await writeAudit(tx, actorOf(principal), {
			action: 'invitation.round.sent',
			entityType: 'invitation_round',
			entityId: round.id,
			organisationId: event.organisation_id,
			eventId,
			data: { number, queued, alreadyInvited: withEmail.length - todo.length, withoutEmail, tierId: opts.tierId ?? null }
		});
		await signalEvent(tx, eventId);
		return { roundId: round.id, batchId, queued, alreadyInvited: withEmail.length - todo.length, withoutEmail, repeated: false };
	});
}

/** What "Gửi giấy mời" would do now (for the confirmation that repeats the count). */
export async function roundPreview(
	db: Executor,
	principal: Principal,
	eventId: number,
	tierId?: number | null
): Promise<{ toSend: number; alreadyInvited: number; withoutEmail: number }> {
	await requireEventAccess(db, principal, eventId, 'delegate.view');
	let delegates = await orderedDelegates(db, eventId);
	if (tierId) delegates = delegates.filter((d) => d.tier_id === tierId);
	const withEmail = delegates.filter((d) => d.email);
	const keys = withEmail.map((d) => `invitation:${d.id}`);
	const existing = keys.length
		? Number(
				(
					await db
						.selectFrom('mail_message')
						.select(sql<number>`count(*)`.as('n'))
						.where('idempotency_key', 'in', keys)
						.executeTakeFirstOrThrow()
				).n
			)
		: 0;
	return { toSend: withEmail.length - existing, alreadyInvited: existing, withoutEmail: delegates.length - withEmail.length };
}

async function delegateOf(db: Executor, eventId: number, delegateId: number, lock = false): Promise<Delegate> {
	let q = db.selectFrom('delegate').selectAll().where('id', '=', delegateId).where('event_id', '=', eventId);
	if (lock) q = q.forUpdate();
	const d = await q.executeTakeFirst();
	if (!d) throw notFound('Không tìm thấy đại biểu');
	return d;
}

/**
 * "Gửi lại" one delegate's invitation on purpose (the organiser confirmed): a new key from the form's
 * nonce, so a double click still sends it once.
 */
export async function resendInvitation(
	db: Executor,
	principal: Principal,
	eventId: number,
	delegateId: number,
	requestKey: string
): Promise<{ queued: boolean }> {
	return inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'invitation.send');
		const key = checkRequestKey(requestKey);
		const d = await delegateOf(tx, eventId, delegateId, true);
		if (d.status !== 'active') throw new DomainError('delegate_not_active', 'Đại biểu này không còn trong danh sách mời.', { status: 409 });
		if (!d.email) throw new DomainError('no_email', 'Đại biểu chưa có email: hãy in giấy mời hoặc bổ sung email.', { status: 409 });
		const s = await letterSettings(tx, event);
		const replaces = (await principalsMap(tx, [d])).get(d.substitute_for ?? 0) ?? null;
		// The first invitation keeps its usual key; later ones are explicit re-sends.
		const first = !(await tx.selectFrom('mail_message').select('id').where('idempotency_key', '=', `invitation:${d.id}`).executeTakeFirst());
		const queued = await enqueueInvitation(tx, event, s, d, {
			createdBy: principal.user.id,
			key: first ? `invitation:${d.id}` : `invitation:${d.id}:resend:${key}`,
			replaces
		});
		if (queued) {
			await writeAudit(tx, actorOf(principal), {
				action: first ? 'invitation.sent' : 'invitation.resent',
				entityType: 'delegate',
				entityId: d.id,
				organisationId: event.organisation_id,
				eventId,
				data: { to: d.email }
			});
			await signalEvent(tx, eventId);
		}
		return { queued };
	});
}

// ------------------------------------------------------------------------------------------ reminders

export interface ReminderCriteria {
	/** Reply statuses to remind (default: not replied). */
	replies: ReplyStatus[];
	tierIds: number[];
	/** Only those whose invitation was sent (by mail). */
	onlyInvited: boolean;
}

export function parseReminderCriteria(values: Record<string, unknown> | URLSearchParams): ReminderCriteria {
	const all = (k: string): string[] => {
		if (values instanceof URLSearchParams) return values.getAll(k);
		const v = values[k];
		return Array.isArray(v) ? v.map(String) : (typeof v === 'string' && v) || typeof v === 'number' ? String(v).split(',') : [];
	};
	const replies = all('reply').filter((r): r is ReplyStatus => ['pending', 'attending', 'declined'].includes(r));
	const tierIds = all('tier')
		.map(Number)
		.filter((n) => Number.isSafeInteger(n) && n > 0);
	const only = values instanceof URLSearchParams ? values.get('invited') : values.invited;
	return { replies: replies.length ? replies : ['pending'], tierIds, onlyInvited: only === '1' || only === true || only === 'true' };
}

export interface ReminderRecipient {
	id: number;
	line: string;
	email: string;
	tierName: string;
	reply: ReplyStatus;
	reminders: number;
}

/** Active delegates with an email matching the criteria, in protocol order. */
export async function reminderAudience(db: Executor, eventId: number, c: ReminderCriteria): Promise<ReminderRecipient[]> {
	const { delegates } = await invitationOverview(db, eventId);
	return delegates
		.filter(
			(d) =>
				d.status === 'active' &&
				d.email &&
				c.replies.includes(d.reply.status) &&
				(!c.tierIds.length || c.tierIds.includes(d.tierId)) &&
				(!c.onlyInvited || d.invitation.state === 'sent')
		)
		.map((d) => ({ id: d.id, line: d.line, email: d.email!, tierName: d.tierName, reply: d.reply.status, reminders: d.reminders }));
}

/** The mail the first chosen delegate would receive. */
export async function reminderPreview(
	db: Executor,
	principal: Principal,
	eventId: number,
	delegateIds: number[],
	extra = ''
): Promise<{ count: number; sample: MailContent | null; to: string | null }> {
	const { event } = await requireEventAccess(db, principal, eventId, 'invitation.send');
	if (!delegateIds.length) return { count: 0, sample: null, to: null };
	const d = await delegateOf(db, eventId, delegateIds[0]);
	const s = await letterSettings(db, event);
	return { count: delegateIds.length, sample: reminderMail(event, s, d, extra), to: d.email };
}

/**
 * Sends reminders to the chosen delegates (re-checked: active, in this event, with an email). The
 * organiser confirmed `expectedCount`; a different number now (someone left the list) is refused so the
 * confirmation stays true. The nonce makes a repeated request a no-op.
 */
export async function sendReminders(
	db: Executor,
	principal: Principal,
	eventId: number,
	opts: { delegateIds: number[]; expectedCount: number; requestKey: string; message?: string }
): Promise<RoundResult> {
	const ids = [...new Set(opts.delegateIds)];
	const message = (opts.message ?? '').normalize('NFC').trim().slice(0, 2000);
	return inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'invitation.send');
		const requestKey = checkRequestKey(opts.requestKey);
		if (!ids.length) throw invalid({ delegateIds: 'Chưa chọn đại biểu nào' }, 'Chưa chọn đại biểu nào để nhắc');
		await lockEvent(tx, eventId);
		const done = await tx
			.selectFrom('invitation_round')
			.selectAll()
			.where('event_id', '=', eventId)
			.where('request_key', '=', requestKey)
			.executeTakeFirst();
		if (done) return { roundId: done.id, batchId: done.batch_id, queued: 0, alreadyInvited: 0, withoutEmail: 0, repeated: true };
		const ds = await tx
			.selectFrom('delegate')
			.selectAll()
			.where('event_id', '=', eventId)
			.where('id', 'in', ids)
			.where('status', '=', 'active')
			.where('email', 'is not', null)
			.execute();
		if (ds.length !== opts.expectedCount || ds.length !== ids.length) {
			throw new DomainError(
				'recipients_changed',
				`Danh sách người nhận đã thay đổi (còn ${ds.length} người có thể nhắc, bạn đã xác nhận ${opts.expectedCount}). Hãy xem lại rồi xác nhận lần nữa.`,
				{ status: 409, details: { available: ds.length, expected: opts.expectedCount } }
			);
		}
		const number = await nextRoundNumber(tx, eventId, 'reminder');
		const batchId = await createBatch(tx, {
			organisationId: event.organisation_id,
			eventId,
			kind: 'reminder',
			label: `Thư nhắc lần ${number}`,
			createdBy: principal.user.id
		});
		const s = await letterSettings(tx, event);
		const queued = await enqueueMessages(
			tx,
			ds.map((d) => {
				const m = reminderMail(event, s, d, message);
				return {
					organisationId: event.organisation_id,
					eventId,
					batchId,
					kind: 'reminder',
					idempotencyKey: `reminder:${number}:${d.id}`,
					delegateId: d.id,
					to: d.email!,
					toName: d.kind === 'unit' ? normalizeText(d.addressed_to || d.unit) : d.full_name,
					subject: m.subject,
					text: m.text,
					html: m.html,
					createdBy: principal.user.id
				};
			})
		);
		const round = await tx
			.insertInto('invitation_round')
			.values({
				event_id: eventId,
				kind: 'reminder',
				number,
				request_key: requestKey,
				batch_id: batchId,
				audience: JSON.stringify({ delegateIds: ds.map((d) => d.id), message }),
				recipients: queued,
				created_by: principal.user.id
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await writeAudit(tx, actorOf(principal), {
			action: 'invitation.reminder.sent',
			entityType: 'invitation_round',
			entityId: round.id,
			organisationId: event.organisation_id,
			eventId,
			data: { number, queued }
		});
		await signalEvent(tx, eventId);
		return { roundId: round.id, batchId, queued, alreadyInvited: 0, withoutEmail: 0, repeated: false };
	});
}

// ------------------------------------------------------------------------- replies recorded by staff

export type RecordedReply = 'pending' | 'attending' | 'declined';
export const REPLY_VIAS = ['phone', 'paper', 'email', 'organiser'] as const;
export type ReplyVia = (typeof REPLY_VIAS)[number];

export interface RecordReplyInput {
	status: RecordedReply | 'substituted';
	note: string;
	via: ReplyVia;
	substitute?: PersonInput;
}

export function parseRecordReply(values: Record<string, unknown>): Omit<RecordReplyInput, 'substitute'> {
	const status = String(values.status ?? '');
	const via = String(values.via ?? 'phone');
	const errors: Record<string, string> = {};
	if (!['pending', 'attending', 'declined', 'substituted'].includes(status)) errors.status = 'Chọn câu trả lời';
	if (!(REPLY_VIAS as readonly string[]).includes(via)) errors.via = 'Chọn cách nhận câu trả lời';
	const note = normalizeText(String(values.note ?? ''));
	if (note.length > 500) errors.note = 'Ghi chú tối đa 500 ký tự';
	if (Object.keys(errors).length) throw invalid(errors);
	return { status: status as RecordReplyInput['status'], via: via as ReplyVia, note };
}

/** Records a reply that came by phone, paper or mail (organisers); a substitute is added like on the page. */
export async function recordReply(
	db: Executor,
	principal: Principal,
	eventId: number,
	delegateId: number,
	input: RecordReplyInput
): Promise<{ substituteId: number | null }> {
	return inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'invitation.send');
		const d = await delegateOf(tx, eventId, delegateId, true);
		if (d.status !== 'active') throw new DomainError('delegate_not_active', 'Đại biểu này không còn trong danh sách mời.', { status: 409 });
		if (input.status === 'substituted') {
			if (!input.substitute) throw invalid({ fullName: 'Vui lòng nhập người dự thay' });
			const sub = await substituteDelegate(tx, event, d, input.substitute, actorOf(principal), input.via, input.note);
			return { substituteId: sub.id };
		}
		await applyReply(tx, event, d, { status: input.status, note: input.note, via: input.via }, actorOf(principal));
		return { substituteId: null };
	});
}

/** Writes a reply on a locked, active delegate, with its audit row and the live signal. */
export async function applyReply(
	tx: Tx,
	event: EventRow,
	d: Delegate,
	r: { status: RecordedReply; note: string; via: string },
	actor: Actor
): Promise<void> {
	await tx
		.updateTable('delegate')
		.set({
			reply_status: r.status,
			reply_note: r.status === 'declined' ? r.note : r.note || '',
			replied_at: r.status === 'pending' ? null : sql`now()`,
			replied_via: r.status === 'pending' ? null : r.via,
			updated_at: sql`now()`
		})
		.where('id', '=', d.id)
		.execute();
	await writeAudit(tx, actor, {
		action: `invitation.reply.${r.status === 'pending' ? 'cleared' : r.status}`,
		entityType: 'delegate',
		entityId: d.id,
		organisationId: event.organisation_id,
		eventId: event.id,
		data: { from: d.reply_status, to: r.status, via: r.via, ...(r.note ? { note: r.note } : {}), delegate: delegateLine(d) }
	});
	await signalEvent(tx, event.id);
}

export interface HistoryItem {
	at: Date;
	actor: string;
	action: string;
	data: Record<string, unknown>;
}

/** One delegate's page for the organiser: status, link, mails and the audit history. */
export async function delegateInvitationDetail(db: Executor, principal: Principal, eventId: number, delegateId: number) {
	const { role } = await requireEventAccess(db, principal, eventId, 'delegate.view');
	const d = await delegateOf(db, eventId, delegateId);
	const row = await invitationRowOf(db, eventId, d.id);
	const mails = await db
		.selectFrom('mail_message')
		.select(['id', 'kind', 'status', 'to_address', 'subject', 'attempts', 'last_error', 'error_kind', 'sent_at', 'created_at', 'transport'])
		.where('event_id', '=', eventId)
		.where('delegate_id', '=', d.id)
		.orderBy('id', 'desc')
		.execute();
	const history = await db
		.selectFrom('audit_log')
		.select(['at', 'actor_label', 'action', 'data'])
		.where('event_id', '=', eventId)
		.where('entity_type', '=', 'delegate')
		.where('entity_id', '=', String(d.id))
		.orderBy('id', 'desc')
		.limit(100)
		.execute();
	const related = await db
		.selectFrom('delegate')
		.select(['id', 'full_name', 'status', 'reply_status', 'substitute_for', 'parent_unit_id', 'code'])
		.where('event_id', '=', eventId)
		.where((eb) => eb.or([eb('substitute_for', '=', d.id), eb('parent_unit_id', '=', d.id), ...(d.substitute_for ? [eb('id', '=', d.substitute_for)] : [])]))
		.execute();
	return {
		role,
		delegate: d,
		row,
		link: d.status === 'active' ? delegateLink(d) : null,
		mails,
		related,
		history: history.map((h) => ({ at: h.at, actor: h.actor_label, action: h.action, data: h.data })) as HistoryItem[]
	};
}

/**
 * The organiser records a person a unit named (by phone, by letter), with the same rules as the unit's reply
 * link; with `invite`, the person (with an email) gets their own invitation at once, in the same transaction,
 * as when the unit names them through its link. Without it, the next sending round invites them.
 */
export async function addUnitAttendeeByOrganiser(
	db: Executor,
	principal: Principal,
	eventId: number,
	unitId: number,
	person: { fullName: string; position?: string; phone?: string; email?: string },
	opts: { invite: boolean }
): Promise<{ id: number; invited: boolean }> {
	return inTransaction(db, async (tx) => {
		const { event, role } = await requireEventAccess(tx, principal, eventId, 'delegate.edit');
		if (opts.invite && !can(role, 'invitation.send')) throw forbidden();
		const unit = await tx.selectFrom('delegate').select('id').where('id', '=', unitId).where('event_id', '=', eventId).executeTakeFirst();
		if (!unit) throw notFound('Không tìm thấy thư mời đơn vị');
		const created = await addUnitAttendee(tx, unitId, person, { actor: actorOf(principal), via: 'organiser' });
		let invited = false;
		if (opts.invite) {
			const d = await tx.selectFrom('delegate').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
			if (d.email) invited = await enqueueInvitation(tx, event, await letterSettings(tx, event), d, { createdBy: principal.user.id });
		}
		await signalEvent(tx, eventId);
		return { id: created.id, invited };
	});
}
