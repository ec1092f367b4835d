import { db } from '$lib/server/db';
import { formValues, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { invalid } from '$lib/server/errors';
import { requireEventAccess } from '$lib/server/auth/access';
import { createSource, deleteSource, updateSource } from '$lib/server/budget/service';
import { parseSourceInput, type SourceInput } from '$lib/server/budget/schema';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => ({ editId: Number(url.searchParams.get('edit')) || null });

export const actions: Actions = {
	save: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const values = formValues(await event.request.formData());
		return runAction(async () => {
			// The permission first: a role that may not edit gets 403 whatever it sent.
			await requireEventAccess(db(), principal, eventId, 'budget.edit');
			const parsed = parseSourceInput(values);
			if (!parsed.ok) throw invalid(parsed.errors);
			const id = Number(values.id) || null;
			if (id) await updateSource(db(), principal, eventId, id, parsed.value, values.overReason?.trim() || null);
			else await createSource(db(), principal, eventId, parsed.value as SourceInput);
			return { ok: true, action: 'save', created: !id };
		}, values);
	},
	delete: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const values = formValues(await event.request.formData());
		return runAction(async () => {
			await deleteSource(db(), principal, eventId, Number(values.id));
			return { ok: true, action: 'delete' };
		}, values);
	}
};
