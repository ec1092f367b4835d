import { db } from '$lib/server/db';
import { formValues, guardLoad, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { cancelEventMail, listEventMail, requeueEventMail, MAIL_KIND_LABELS, MAIL_STATUS_LABELS, UNCERTAIN_EXPLANATION } from '$lib/server/invitations/outbox';
import type { MailStatus } from '$lib/server/mail/tables';
import type { Actions, PageServerLoad } from './$types';

const STATUSES = ['queued', 'sending', 'sent', 'retry', 'failed', 'uncertain', 'cancelled', 'problem'];

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	event.depends('app:invitations');
	const sp = event.url.searchParams;
	const status = STATUSES.includes(sp.get('status') ?? '') ? (sp.get('status') as MailStatus | 'problem') : null;
	const kind = sp.get('kind') || null;
	const q = sp.get('q') || null;
	const batch = Number(sp.get('batch')) || null;
	const r = await guardLoad(() => listEventMail(db(), principal, eventId, { status, kind, q, batchId: batch, limit: 500 }));
	return {
		filter: { status: status ?? '', kind: kind ?? '', q: q ?? '', batch },
		counts: r.counts,
		transport: r.transport,
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
			sentAt: m.sent_at?.toISOString() ?? null,
			createdAt: m.created_at.toISOString(),
			nextAttemptAt: m.next_attempt_at.toISOString(),
			delegateId: m.delegate_id
		})),
		statusLabels: MAIL_STATUS_LABELS,
		kindLabels: MAIL_KIND_LABELS,
		uncertainExplanation: UNCERTAIN_EXPLANATION
	};
};

export const actions: Actions = {
	requeue: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const v = formValues(await event.request.formData());
		return runAction(async () => {
			await requeueEventMail(db(), principal, eventId, Number(v.messageId));
			return { ok: true, message: 'Đã đưa thư vào hàng đợi gửi lại.' };
		}, v);
	},
	cancel: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const v = formValues(await event.request.formData());
		return runAction(async () => {
			await cancelEventMail(db(), principal, eventId, Number(v.messageId));
			return { ok: true, message: 'Đã hủy thư.' };
		}, v);
	}
};
