import { db } from '$lib/server/db';
import { guardLoad, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { requireEventAccess } from '$lib/server/auth/access';
import {
	REPLY_LABELS,
	newRequestKey,
	parseReminderCriteria,
	reminderAudience,
	reminderPreview,
	sendReminders
} from '$lib/server/invitations/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	await guardLoad(() => requireEventAccess(db(), principal, eventId, 'invitation.send'));
	const criteria = parseReminderCriteria(event.url.searchParams);
	return {
		criteria,
		audience: await reminderAudience(db(), eventId, criteria),
		replyLabels: REPLY_LABELS,
		requestKey: newRequestKey()
	};
};

function idsOf(form: FormData): number[] {
	return form
		.getAll('ids')
		.map((x) => Number(x))
		.filter((n) => Number.isSafeInteger(n) && n > 0);
}

export const actions: Actions = {
	preview: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		const ids = idsOf(form);
		const message = String(form.get('message') ?? '');
		return runAction(async () => {
			const p = await reminderPreview(db(), principal, eventId, ids, message);
			return { ok: true, action: 'preview', ids, message, count: p.count, to: p.to, sample: p.sample ? { subject: p.sample.subject, text: p.sample.text } : null, requestKey: String(form.get('requestKey') ?? '') };
		}, { message });
	},
	send: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		const ids = idsOf(form);
		const message = String(form.get('message') ?? '');
		return runAction(async () => {
			const r = await sendReminders(db(), principal, eventId, {
				delegateIds: ids,
				expectedCount: Number(form.get('expectedCount')),
				requestKey: String(form.get('requestKey') ?? ''),
				message
			});
			return {
				ok: true,
				action: 'send',
				message: r.repeated ? 'Yêu cầu này đã được thực hiện trước đó: không gửi thêm thư nào.' : `Đã đưa ${r.queued} thư nhắc vào hàng đợi gửi.`
			};
		}, { message });
	}
};
