import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { formValues, guardLoad, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { requireEventAccess } from '$lib/server/auth/access';
import { invalid } from '$lib/server/errors';
import { createDelegate } from '$lib/server/delegates/service';
import { parseDelegateInput, type DelegateInput } from '$lib/server/delegates/schema';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	await guardLoad(() => requireEventAccess(db(), principal, idParam(event.params.eventId), 'delegate.edit'));
	return { tierId: event.url.searchParams.get('tier') ?? '' };
};

export const actions: Actions = {
	default: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const values = formValues(await event.request.formData());
		const result = await runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'delegate.edit');
			const parsed = parseDelegateInput(values);
			if (!parsed.ok) throw invalid(parsed.errors);
			return createDelegate(db(), principal, eventId, parsed.value as DelegateInput);
		}, values);
		if (typeof result === 'number') {
			redirect(303, values.again ? `/events/${eventId}/delegates/new?tier=${values.tierId}&added=1` : `/events/${eventId}/delegates/${result}?created=1`);
		}
		return result;
	}
};
