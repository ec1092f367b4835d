import { db } from '$lib/server/db';
import { formValues, guardLoad, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { cancelEventMail, getEventMail, requeueEventMail, MAIL_KIND_LABELS, MAIL_STATUS_LABELS, UNCERTAIN_EXPLANATION } from '$lib/server/invitations/outbox';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	const messageId = idParam(event.params.messageId);
	event.depends('app:invitations');
	const m = await guardLoad(() => getEventMail(db(), principal, eventId, messageId));
	return {
		mail: {
			id: m.id,
			kind: m.kind,
			status: m.status,
			to: m.to_address,
			toName: m.to_name,
			subject: m.subject,
			text: m.text_body,
			html: m.html_body,
			sensitive: m.sensitive,
			attachments: m.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType })),
			attempts: m.attempts,
			error: m.last_error,
			errorKind: m.error_kind,
			transport: m.transport,
			providerMessageId: m.provider_message_id,
			idempotencyKey: m.idempotency_key,
			sentAt: m.sent_at?.toISOString() ?? null,
			createdAt: m.created_at.toISOString(),
			updatedAt: m.updated_at.toISOString(),
			nextAttemptAt: m.next_attempt_at.toISOString(),
			delegateId: m.delegate_id
		},
		statusLabels: MAIL_STATUS_LABELS,
		kindLabels: MAIL_KIND_LABELS,
		uncertainExplanation: UNCERTAIN_EXPLANATION
	};
};

export const actions: Actions = {
	requeue: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const messageId = idParam(event.params.messageId);
		const v = formValues(await event.request.formData());
		return runAction(async () => {
			await requeueEventMail(db(), principal, eventId, messageId);
			return { ok: true, message: 'Đã đưa thư vào hàng đợi gửi lại.' };
		}, v);
	},
	cancel: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const messageId = idParam(event.params.messageId);
		return runAction(async () => {
			await cancelEventMail(db(), principal, eventId, messageId);
			return { ok: true, message: 'Đã hủy thư.' };
		});
	}
};
