import { db } from '$lib/server/db';
import { formValues, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { invalid } from '$lib/server/errors';
import { requireEventAccess } from '$lib/server/auth/access';
import { createLine, deleteLine, updateLine } from '$lib/server/budget/service';
import { parseLineInput, type LineInput } from '$lib/server/budget/schema';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => ({ editId: Number(url.searchParams.get('edit')) || null });

export const actions: Actions = {
	save: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		const values = formValues(form);
		return runAction(async () => {
			// The permission first: a role that may not edit gets 403 whatever it sent.
			await requireEventAccess(db(), principal, eventId, 'budget.edit');
			const raw: Record<string, unknown> = { ...values, tierIds: form.getAll('tierIds').map(String) };
			if (!values.derivedFrom) delete raw.tierIds;
			const parsed = parseLineInput(raw);
			if (!parsed.ok) throw invalid(parsed.errors);
			const v = { normId: null, notes: '', unit: '', derivedFrom: null, derivedParams: {}, overReason: null, ...parsed.value } as LineInput;
			const id = Number(values.id) || null;
			if (id) await updateLine(db(), principal, eventId, id, v);
			else await createLine(db(), principal, eventId, v);
			return { ok: true, action: 'save', created: !id };
		}, values);
	},
	delete: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const values = formValues(await event.request.formData());
		return runAction(async () => {
			await deleteLine(db(), principal, eventId, Number(values.id));
			return { ok: true, action: 'delete' };
		}, values);
	}
};
