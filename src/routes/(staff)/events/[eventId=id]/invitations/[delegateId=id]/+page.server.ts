import { db } from '$lib/server/db';
import { formValues, guardLoad, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { can } from '$lib/server/auth/permissions';
import {
	INVITATION_STATE_LABELS,
	REPLY_LABELS,
	REPLY_VIA_LABELS,
	delegateInvitationDetail,
	newRequestKey,
	parseRecordReply,
	recordReply,
	resendInvitation
} from '$lib/server/invitations/service';
import { parsePerson } from '$lib/server/invitations/person';
import { qrSvg } from '$lib/server/invitations/replies';
import { requeueEventMail, MAIL_STATUS_LABELS, MAIL_KIND_LABELS, UNCERTAIN_EXPLANATION } from '$lib/server/invitations/outbox';
import type { Actions, PageServerLoad } from './$types';
import { requireEventAccess } from '$lib/server/auth/access';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	const delegateId = idParam(event.params.delegateId);
	event.depends('app:invitations');
	const x = await guardLoad(() => delegateInvitationDetail(db(), principal, eventId, delegateId));
	const canSend = can(x.role, 'invitation.send');
	const d = x.delegate;
	return {
		canSend,
		requestKey: newRequestKey(),
		delegate: {
			id: d.id,
			kind: d.kind,
			code: d.code,
			line: x.row?.line ?? d.full_name,
			name: d.kind === 'unit' ? d.addressed_to || d.unit : d.full_name,
			email: canSend ? d.email : null,
			phone: canSend ? d.phone : null,
			status: d.status,
			source: d.source,
			places: d.places,
			tierName: x.row?.tierName ?? '',
			stt: x.row?.stt ?? null,
			reply: { status: d.reply_status, note: d.reply_note, at: d.replied_at?.toISOString() ?? null, via: d.replied_via },
			invitation: x.row ? { ...x.row.invitation, sentAt: x.row.invitation.sentAt?.toISOString() ?? null } : null,
			needsPlacing: x.row?.needsPlacing ?? false
		},
		link: canSend ? x.link : null,
		qr: canSend && x.link ? await qrSvg(x.link) : null,
		mails: canSend
			? x.mails.map((m) => ({ ...m, sent_at: m.sent_at?.toISOString() ?? null, created_at: m.created_at.toISOString() }))
			: [],
		related: x.related,
		history: x.history.map((h) => ({ ...h, at: h.at.toISOString() })),
		labels: { state: INVITATION_STATE_LABELS, reply: REPLY_LABELS, via: REPLY_VIA_LABELS, mail: MAIL_STATUS_LABELS, kind: MAIL_KIND_LABELS },
		uncertainExplanation: UNCERTAIN_EXPLANATION
	};
};

export const actions: Actions = {
	reply: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const delegateId = idParam(event.params.delegateId);
		const v = formValues(await event.request.formData());
		return runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'invitation.send');
			const r = parseRecordReply(v);
			const substitute = r.status === 'substituted' ? parsePerson(v, 'sub_') : undefined;
			const res = await recordReply(db(), principal, eventId, delegateId, { ...r, substitute });
			return { ok: true, action: 'reply', message: res.substituteId ? 'Đã ghi nhận người dự thay.' : 'Đã ghi nhận phản hồi.', substituteId: res.substituteId };
		}, v);
	},
	resend: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const delegateId = idParam(event.params.delegateId);
		const v = formValues(await event.request.formData());
		return runAction(async () => {
			const r = await resendInvitation(db(), principal, eventId, delegateId, v.requestKey);
			return { ok: true, action: 'resend', message: r.queued ? 'Đã đưa thư mời vào hàng đợi gửi.' : 'Yêu cầu này đã được thực hiện: không gửi thêm.' };
		}, v);
	},
	requeue: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const v = formValues(await event.request.formData());
		return runAction(async () => {
			await requeueEventMail(db(), principal, eventId, Number(v.messageId));
			return { ok: true, action: 'requeue', message: 'Đã đưa thư vào hàng đợi gửi lại.' };
		}, v);
	}
};
