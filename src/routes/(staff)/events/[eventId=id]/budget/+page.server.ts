import { db } from '$lib/server/db';
import { formValues, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { recomputeDerived } from '$lib/server/budget/service';
import { saveBudgetSigners } from '$lib/server/budget/signers';
import type { Actions } from './$types';

export const actions: Actions = {
	recompute: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const values = formValues(await event.request.formData());
		return runAction(async () => {
			const r = await recomputeDerived(db(), principal, eventId, { reason: values.overReason?.trim() || null });
			return { ok: true, action: 'recompute', changed: r.changed.length, missing: r.missing.length };
		}, values);
	},
	signers: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const values = formValues(await event.request.formData());
		return runAction(async () => {
			await saveBudgetSigners(db(), principal, eventId, values);
			return { ok: true, action: 'signers' };
		}, values);
	}
};
