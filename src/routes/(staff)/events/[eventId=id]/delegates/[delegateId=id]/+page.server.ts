import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { formValues, guardLoad, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { invalid } from '$lib/server/errors';
import { can } from '$lib/server/auth/permissions';
import { addUnitAttendeeByOrganiser } from '$lib/server/invitations/service';
import {
	cancelDelegate,
	getDelegate,
	placeDelegate,
	restoreDelegate,
	updateDelegate
} from '$lib/server/delegates/service';
import { parseDelegateInput, REPLY_STATUS_LABELS } from '$lib/server/delegates/schema';
import type { Actions, PageServerLoad } from './$types';
import { requireEventAccess } from '$lib/server/auth/access';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	const id = idParam(event.params.delegateId);
	const detail = await guardLoad(() => getDelegate(db(), principal, eventId, id));
	const d = detail.delegate;
	const { role } = await event.parent();
	return {
		detail,
		canEdit: can(role, 'delegate.edit'),
		canInvite: can(role, 'invitation.send'),
		replyLabels: REPLY_STATUS_LABELS,
		created: event.url.searchParams.get('created') === '1',
		values: {
			kind: d.kind,
			tierId: String(d.tierId),
			salutation: d.salutation ?? '',
			fullName: d.fullName,
			addressedTo: d.addressedTo,
			places: String(d.places),
			position: d.position,
			unit: d.unit,
			email: d.email ?? '',
			phone: d.phone ?? '',
			seat: d.seat,
			notes: d.notes,
			protocolRank: String(d.protocolRank)
		} as Record<string, string>
	};
};

export const actions: Actions = {
	save: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const id = idParam(event.params.delegateId);
		const values = formValues(await event.request.formData());
		return runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'delegate.edit');
			const parsed = parseDelegateInput(values);
			if (!parsed.ok) throw invalid(parsed.errors);
			await updateDelegate(db(), principal, eventId, id, parsed.value);
			return { ok: true, action: 'save' };
		}, values);
	},
	cancel: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const id = idParam(event.params.delegateId);
		return runAction(async () => {
			await cancelDelegate(db(), principal, eventId, id);
			return { ok: true, action: 'cancel' };
		});
	},
	restore: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const id = idParam(event.params.delegateId);
		return runAction(async () => {
			await restoreDelegate(db(), principal, eventId, id);
			return { ok: true, action: 'restore' };
		});
	},
	place: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const id = idParam(event.params.delegateId);
		const values = formValues(await event.request.formData());
		const result = await runAction(async () => {
			const tierId = Number(values.tierId);
			const rank = values.protocolRank?.trim() ? Number(values.protocolRank) : null;
			if (rank !== null && (!Number.isSafeInteger(rank) || rank < 0)) throw invalid({ protocolRank: 'Ngôi thứ là số nguyên' });
			await placeDelegate(db(), principal, eventId, id, { tierId: Number.isSafeInteger(tierId) && tierId > 0 ? tierId : undefined, protocolRank: rank });
			return { ok: true, action: 'place' };
		}, values);
		if (values.next === 'order' && (result as { ok?: boolean }).ok) redirect(303, `/events/${eventId}/delegates/order`);
		return result;
	},
	attendee: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const id = idParam(event.params.delegateId);
		const values = formValues(await event.request.formData());
		return runAction(async () => {
			const r = await addUnitAttendeeByOrganiser(
				db(),
				principal,
				eventId,
				id,
				{ fullName: values.attendeeName ?? '', position: values.attendeePosition ?? '', phone: values.attendeePhone ?? '', email: values.attendeeEmail ?? '' },
				{ invite: values.invite === '1' }
			);
			return { ok: true, action: 'attendee', invited: r.invited };
		}, values);
	}
};
