/**
 * The JSON API of invitations, replies and the event's outbox (/api/v1/events/{eventId}/…): access checks
 * first (a role without the permission gets 403 before any validation), then parsing, then the services.
 */
import { isId } from '$lib/server/ids';
import type { Executor } from '$lib/server/db';
import { requireEventAccess, type Principal } from '$lib/server/auth/access';
import { can } from '$lib/server/auth/permissions';
import { invalid } from '$lib/server/errors';
import type { MailStatus } from '$lib/server/mail/tables';
import {
	invitationOverview,
	newRequestKey,
	parseRecordReply,
	parseReminderCriteria,
	recordReply,
	reminderAudience,
	roundsProgress,
	sendInvitationRound,
	sendReminders,
	type DelegateInvitation,
	type RoundProgress
} from './service';
import { parsePerson } from './person';
import { delegateLink } from './letter';
import { listEventMail } from './outbox';

function roundDto(r: RoundProgress) {
	return {
		id: r.id,
		kind: r.kind,
		number: r.number,
		label: r.label,
		batchId: r.batchId,
		recipients: r.recipients,
		createdAt: r.createdAt.toISOString(),
		createdBy: r.createdBy,
		progress: { sent: r.sent, failed: r.failed, uncertain: r.uncertain, waiting: r.waiting, cancelled: r.cancelled }
	};
}

function delegateDto(d: DelegateInvitation, withContacts: boolean) {
	return {
		id: d.id,
		stt: d.stt,
		code: d.code,
		kind: d.kind,
		recipient: d.line,
		tierId: d.tierId,
		status: d.status,
		source: d.source,
		substituteFor: d.substituteFor,
		parentUnitId: d.parentUnitId,
		needsPlacing: d.needsPlacing,
		...(withContacts ? { email: d.email, phone: d.phone } : {}),
		invitation: {
			state: d.invitation.state,
			sentAt: d.invitation.sentAt?.toISOString() ?? null,
			error: d.invitation.error,
			messageId: d.invitation.messageId
		},
		reminders: d.reminders,
		reply: { status: d.reply.status, note: d.reply.note, at: d.reply.at?.toISOString() ?? null, via: d.reply.via }
	};
}

/** GET /invitations: counts, rounds and every delegate's letter, mail and reply status. */
export async function apiInvitationStatus(db: Executor, principal: Principal, eventId: number, opts: { summary?: boolean } = {}) {
	const { role } = await requireEventAccess(db, principal, eventId, 'delegate.view');
	const [{ delegates, counts }, rounds] = await Promise.all([invitationOverview(db, eventId), roundsProgress(db, eventId)]);
	if (opts.summary) return { counts, rounds: rounds.map(roundDto) };
	const contacts = can(role, 'invitation.send');
	return { counts, rounds: rounds.map(roundDto), delegates: delegates.map((d) => delegateDto(d, contacts)) };
}

export async function apiRounds(db: Executor, principal: Principal, eventId: number) {
	await requireEventAccess(db, principal, eventId, 'delegate.view');
	return { rounds: (await roundsProgress(db, eventId)).map(roundDto) };
}

function requestKeyOf(body: Record<string, unknown>, header: string | null): string {
	const k = typeof body.requestKey === 'string' ? body.requestKey : header;
	return k || newRequestKey();
}

/** POST /invitations/rounds: send the invitations not yet sent (each delegate at most once). */
export async function apiSendRound(db: Executor, principal: Principal, eventId: number, body: Record<string, unknown>, idempotencyKey: string | null) {
	await requireEventAccess(db, principal, eventId, 'invitation.send');
	const tierId = body.tierId == null ? null : Number(body.tierId);
	if (tierId !== null && !isId(tierId)) throw invalid({ tierId: 'Cấp không hợp lệ' });
	return sendInvitationRound(db, principal, eventId, { requestKey: requestKeyOf(body, idempotencyKey), tierId });
}

/**
 * POST /invitations/reminders: to the given delegates, or to those matching the criteria (default: active,
 * with an email, not replied). `expectedCount`, when given, must match (the confirmation a person saw).
 */
export async function apiSendReminders(db: Executor, principal: Principal, eventId: number, body: Record<string, unknown>, idempotencyKey: string | null) {
	await requireEventAccess(db, principal, eventId, 'invitation.send');
	let ids: number[];
	if (Array.isArray(body.delegateIds)) {
		ids = body.delegateIds.map(Number);
		if (ids.some((n) => !isId(n))) throw invalid({ delegateIds: 'Mã đại biểu không hợp lệ' });
	} else {
		const criteria = parseReminderCriteria({ reply: body.replies, tier: body.tierIds, invited: body.onlyInvited });
		ids = (await reminderAudience(db, eventId, criteria)).map((a) => a.id);
	}
	if (!ids.length) return { roundId: null, batchId: null, queued: 0, repeated: false };
	const expected = body.expectedCount == null ? ids.length : Number(body.expectedCount);
	return sendReminders(db, principal, eventId, {
		delegateIds: ids,
		expectedCount: expected,
		requestKey: requestKeyOf(body, idempotencyKey),
		message: typeof body.message === 'string' ? body.message : ''
	});
}

/** GET /replies: every delegate's reply (active and replaced), in protocol order. */
export async function apiReplies(db: Executor, principal: Principal, eventId: number) {
	await requireEventAccess(db, principal, eventId, 'delegate.view');
	const { delegates, counts } = await invitationOverview(db, eventId);
	return {
		counts: counts.reply,
		replies: delegates.map((d) => ({
			delegateId: d.id,
			code: d.code,
			recipient: d.line,
			tierId: d.tierId,
			status: d.status,
			substituteFor: d.substituteFor,
			parentUnitId: d.parentUnitId,
			reply: d.reply.status,
			note: d.reply.note,
			at: d.reply.at?.toISOString() ?? null,
			via: d.reply.via
		}))
	};
}

/** POST /replies: a reply that came by phone, paper or mail; 'substituted' needs `substitute`. */
export async function apiRecordReply(db: Executor, principal: Principal, eventId: number, body: Record<string, unknown>) {
	await requireEventAccess(db, principal, eventId, 'invitation.send');
	const delegateId = Number(body.delegateId);
	if (!isId(delegateId)) throw invalid({ delegateId: 'Thiếu mã đại biểu' });
	const r = parseRecordReply({ via: 'phone', ...body });
	const sub = r.status === 'substituted' ? parsePerson((body.substitute ?? {}) as Record<string, unknown>) : undefined;
	const res = await recordReply(db, principal, eventId, delegateId, { ...r, substitute: sub });
	let substitute: { id: number; link: string } | null = null;
	if (res.substituteId) {
		const s = await db.selectFrom('delegate').select(['id', 'token_version']).where('id', '=', res.substituteId).executeTakeFirstOrThrow();
		substitute = { id: s.id, link: delegateLink(s) };
	}
	return { ok: true, delegateId, status: r.status, substitute };
}

const MAIL_STATUSES = ['queued', 'sending', 'sent', 'retry', 'failed', 'uncertain', 'cancelled', 'problem'];

/** GET /mail: the event's outbox (newest first). */
export async function apiMail(db: Executor, principal: Principal, eventId: number, q: URLSearchParams) {
	await requireEventAccess(db, principal, eventId, 'invitation.send');
	const status = q.get('status');
	if (status && !MAIL_STATUSES.includes(status)) throw invalid({ status: 'Trạng thái không hợp lệ' });
	const limit = Number(q.get('limit') ?? 200);
	const offset = Number(q.get('offset') ?? 0);
	const r = await listEventMail(db, principal, eventId, {
		status: (status as MailStatus | 'problem' | null) ?? null,
		kind: q.get('kind'),
		batchId: Number(q.get('batch')) || null,
		limit: Number.isFinite(limit) ? limit : 200,
		offset: Number.isFinite(offset) ? offset : 0
	});
	return {
		transport: r.transport.kind,
		counts: r.counts,
		messages: r.messages.map((m) => ({
			id: m.id,
			kind: m.kind,
			status: m.status,
			to: m.to_address,
			toName: m.to_name,
			subject: m.subject,
			attempts: m.attempts,
			error: m.last_error,
			errorKind: m.error_kind,
			transport: m.transport,
			batchId: m.batch_id,
			delegateId: m.delegate_id,
			createdAt: m.created_at.toISOString(),
			sentAt: m.sent_at?.toISOString() ?? null,
			// When a mail waiting for a retry ('retry') will be tried again.
			nextAttemptAt: m.status === 'retry' || m.status === 'queued' ? m.next_attempt_at.toISOString() : null
		}))
	};
}

