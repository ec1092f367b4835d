/**
 * The event's outbox as the organiser sees it: every mail with its status, attempts and error, and — for
 * mail kept by the local transport (no SMTP configured) — the full text, HTML and attachments, so a demo
 * works with no mail server. Requeue and cancel go through the outbox functions, with an audit row.
 */
import { sql } from 'kysely';
import { inTransaction, type Executor } from '$lib/server/db';
import { writeAudit } from '$lib/server/audit';
import { actorOf, requireEventAccess, type Principal } from '$lib/server/auth/access';
import { DomainError, notFound } from '$lib/server/errors';
import { cancelMessage, requeueMessage } from '$lib/server/mail/outbox';
import { attachmentRenderer } from '$lib/server/mail/attachments';
import type { MailStatus } from '$lib/server/mail/tables';
import { smtpSettingsFor } from '$lib/server/mail/transport';
import { signalEvent } from './queue';

export const MAIL_STATUS_LABELS: Record<MailStatus, string> = {
	queued: 'Chờ gửi',
	sending: 'Đang gửi',
	sent: 'Đã gửi',
	retry: 'Chờ thử lại',
	failed: 'Lỗi',
	uncertain: 'Chưa rõ',
	cancelled: 'Đã hủy'
};

export const MAIL_KIND_LABELS: Record<string, string> = {
	invitation: 'Giấy mời',
	reminder: 'Thư nhắc',
	test: 'Thư thử'
};

/** What "uncertain" means, for the interface (mail/worker.ts). */
export const UNCERTAIN_EXPLANATION =
	'Máy chủ ứng dụng dừng đột ngột đúng lúc đang gửi thư này, nên không biết máy chủ thư đã nhận hay chưa. ' +
	'Hệ thống không tự gửi lại để tránh gửi trùng. Hãy hỏi người nhận (hoặc xem hộp thư đã gửi của máy chủ thư) rồi bấm “Gửi lại” nếu cần.';

export interface OutboxFilter {
	status?: MailStatus | 'problem' | null;
	kind?: string | null;
	batchId?: number | null;
	q?: string | null;
	limit?: number;
	offset?: number;
}

export async function listEventMail(db: Executor, principal: Principal, eventId: number, f: OutboxFilter = {}) {
	const { event } = await requireEventAccess(db, principal, eventId, 'invitation.send');
	let q = db
		.selectFrom('mail_message')
		.select([
			'id',
			'kind',
			'status',
			'to_address',
			'to_name',
			'subject',
			'attempts',
			'last_error',
			'error_kind',
			'transport',
			'sent_at',
			'created_at',
			'updated_at',
			'batch_id',
			'delegate_id',
			'next_attempt_at'
		])
		.where('event_id', '=', eventId);
	if (f.status === 'problem') q = q.where('status', 'in', ['failed', 'uncertain', 'retry']);
	else if (f.status) q = q.where('status', '=', f.status);
	if (f.kind) q = q.where('kind', '=', f.kind);
	if (f.batchId) q = q.where('batch_id', '=', f.batchId);
	if (f.q && f.q.trim()) {
		const like = `%${f.q.trim().toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
		q = q.where((eb) => eb.or([eb(sql`lower(to_address)`, 'like', like), eb(sql`lower(to_name)`, 'like', like), eb(sql`lower(subject)`, 'like', like)]));
	}
	const limit = Math.min(Math.max(f.limit ?? 200, 1), 1000);
	const rows = await q
		.orderBy('id', 'desc')
		.limit(limit)
		.offset(Math.max(f.offset ?? 0, 0))
		.execute();
	const countRows = await db
		.selectFrom('mail_message')
		.select(['status', sql<number>`count(*)`.as('n')])
		.where('event_id', '=', eventId)
		.groupBy('status')
		.execute();
	const counts = { queued: 0, sending: 0, sent: 0, retry: 0, failed: 0, uncertain: 0, cancelled: 0, total: 0 } as Record<MailStatus | 'total', number>;
	for (const r of countRows) {
		counts[r.status] = Number(r.n);
		counts.total += Number(r.n);
	}
	const smtp = await smtpSettingsFor(db, event.organisation_id);
	return { messages: rows, counts, transport: smtp ? { kind: 'smtp' as const, host: smtp.host, port: smtp.port } : { kind: 'local' as const } };
}

async function messageOf(db: Executor, eventId: number, messageId: number) {
	const m = await db.selectFrom('mail_message').selectAll().where('id', '=', messageId).where('event_id', '=', eventId).executeTakeFirst();
	if (!m) throw notFound('Không tìm thấy thư');
	return m;
}

/**
 * One mail in full. Bodies are shown for every mail of the event except those flagged sensitive; the
 * attachments can be downloaded (rendered now, as the worker would).
 */
export async function getEventMail(db: Executor, principal: Principal, eventId: number, messageId: number) {
	await requireEventAccess(db, principal, eventId, 'invitation.send');
	const m = await messageOf(db, eventId, messageId);
	return {
		...m,
		text_body: m.sensitive ? null : m.text_body,
		html_body: m.sensitive ? null : m.html_body
	};
}

export async function mailAttachment(db: Executor, principal: Principal, eventId: number, messageId: number, index: number) {
	await requireEventAccess(db, principal, eventId, 'invitation.send');
	const m = await messageOf(db, eventId, messageId);
	if (m.sensitive) throw notFound('Không tìm thấy tệp đính kèm');
	const a = (m.attachments ?? [])[index];
	if (!a) throw notFound('Không tìm thấy tệp đính kèm');
	const render = attachmentRenderer(a.renderer);
	if (!render) throw new DomainError('renderer_missing', `Không có bộ tạo tệp đính kèm "${a.renderer}"`, { status: 500 });
	return { filename: a.filename, contentType: a.contentType, bytes: await render(db, a.params) };
}

/** "Gửi lại" a failed, uncertain or cancelled mail (the same row, so it is still one logical mail). */
export async function requeueEventMail(db: Executor, principal: Principal, eventId: number, messageId: number): Promise<void> {
	await inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'invitation.send');
		const m = await messageOf(tx, eventId, messageId);
		if (m.delegate_id) {
			const d = await tx.selectFrom('delegate').select(['status']).where('id', '=', m.delegate_id).executeTakeFirst();
			if (d && d.status !== 'active')
				throw new DomainError('delegate_not_active', 'Đại biểu này không còn trong danh sách mời: không gửi lại thư cũ.', { status: 409 });
		}
		if (!(await requeueMessage(tx, messageId)))
			throw new DomainError('mail_not_requeueable', 'Chỉ gửi lại được thư lỗi, chưa rõ hoặc đã hủy.', { status: 409 });
		await writeAudit(tx, actorOf(principal), {
			action: 'mail.requeued',
			entityType: 'mail_message',
			entityId: messageId,
			organisationId: event.organisation_id,
			eventId,
			data: { from: m.status, to: m.to_address, kind: m.kind, delegateId: m.delegate_id }
		});
		await signalEvent(tx, eventId);
	});
}

export async function cancelEventMail(db: Executor, principal: Principal, eventId: number, messageId: number): Promise<void> {
	await inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'invitation.send');
		const m = await messageOf(tx, eventId, messageId);
		if (!(await cancelMessage(tx, messageId)))
			throw new DomainError('mail_not_cancellable', 'Chỉ hủy được thư đang chờ gửi.', { status: 409 });
		await writeAudit(tx, actorOf(principal), {
			action: 'mail.cancelled',
			entityType: 'mail_message',
			entityId: messageId,
			organisationId: event.organisation_id,
			eventId,
			data: { to: m.to_address, kind: m.kind, delegateId: m.delegate_id }
		});
		await signalEvent(tx, eventId);
	});
}
