import { db } from '$lib/server/db';
import { formValues, guardLoad, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { requireEventAccess } from '$lib/server/auth/access';
import { can } from '$lib/server/auth/permissions';
import { smtpSettingsFor } from '$lib/server/mail/transport';
import {
	INVITATION_STATE_LABELS,
	REPLY_LABELS,
	REPLY_VIA_LABELS,
	invitationOverview,
	newRequestKey,
	roundPreview,
	roundsProgress,
	sendInvitationRound
} from '$lib/server/invitations/service';
import { requeueEventMail, UNCERTAIN_EXPLANATION } from '$lib/server/invitations/outbox';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	event.depends('app:invitations');
	const { event: e, role } = await guardLoad(() => requireEventAccess(db(), principal, eventId, 'delegate.view'));
	const canSend = can(role, 'invitation.send');
	const [{ delegates, counts }, rounds, preview, smtp] = await Promise.all([
		invitationOverview(db(), eventId),
		roundsProgress(db(), eventId),
		roundPreview(db(), principal, eventId),
		smtpSettingsFor(db(), e.organisation_id)
	]);
	return {
		canSend,
		requestKey: newRequestKey(),
		transport: smtp ? `${smtp.host}:${smtp.port}` : null,
		counts,
		preview,
		uncertainExplanation: UNCERTAIN_EXPLANATION,
		stateLabels: INVITATION_STATE_LABELS,
		replyLabels: REPLY_LABELS,
		viaLabels: REPLY_VIA_LABELS,
		rounds: rounds.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
		delegates: delegates.map((d) => ({
			id: d.id,
			stt: d.stt,
			code: d.code,
			kind: d.kind,
			line: d.line,
			name: d.name,
			tierId: d.tierId,
			tierName: d.tierName,
			email: canSend ? d.email : d.email ? '•••' : null,
			status: d.status,
			source: d.source,
			needsPlacing: d.needsPlacing,
			places: d.places,
			parentUnitId: d.parentUnitId,
			substituteFor: d.substituteFor,
			invitation: { ...d.invitation, sentAt: d.invitation.sentAt?.toISOString() ?? null },
			reminders: d.reminders,
			reply: { ...d.reply, at: d.reply.at?.toISOString() ?? null }
		}))
	};
};

export const actions: Actions = {
	send: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const v = formValues(await event.request.formData());
		return runAction(async () => {
			const r = await sendInvitationRound(db(), principal, eventId, { requestKey: v.requestKey, tierId: Number(v.tierId) || null });
			return { ok: true, action: 'send', result: r };
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
