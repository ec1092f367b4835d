import { db } from '$lib/server/db';
import { formValues, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { invalid } from '$lib/server/errors';
import { requireEventAccess } from '$lib/server/auth/access';
import { createNorm, seedNorms, updateNorm } from '$lib/server/budget/norms';
import { parseNormInput, type NormInput } from '$lib/server/budget/schema';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => ({ editId: Number(url.searchParams.get('edit')) || null });

/** Norms belong to the organisation that owns the event; they are reached from any of its events. */
async function orgOf(event: Parameters<Actions[string]>[0]) {
	const principal = requirePrincipal(event);
	const { event: e } = await requireEventAccess(db(), principal, idParam(event.params.eventId), 'budget.edit');
	return { principal, orgId: e.organisation_id };
}

export const actions: Actions = {
	save: async (event) => {
		const values = formValues(await event.request.formData());
		return runAction(async () => {
			const { principal, orgId } = await orgOf(event);
			const parsed = parseNormInput(values);
			if (!parsed.ok) throw invalid(parsed.errors);
			const id = Number(values.id) || null;
			if (id) await updateNorm(db(), principal, orgId, id, parsed.value);
			else await createNorm(db(), principal, orgId, parsed.value as NormInput);
			return { ok: true, action: 'save', created: !id };
		}, values);
	},
	archive: async (event) => {
		const values = formValues(await event.request.formData());
		return runAction(async () => {
			const { principal, orgId } = await orgOf(event);
			await updateNorm(db(), principal, orgId, Number(values.id), { archived: values.archived === '1' });
			return { ok: true, action: 'archive' };
		}, values);
	},
	seed: async (event) => {
		return runAction(async () => {
			const { principal, orgId } = await orgOf(event);
			const added = await seedNorms(db(), principal, orgId);
			return { ok: true, action: 'seed', added };
		});
	}
};
