import { db } from '$lib/server/db';
import { guardLoad, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { requireEventAccess } from '$lib/server/auth/access';
import { can } from '$lib/server/auth/permissions';
import { getScript, regenerateScript, saveScript } from '$lib/server/programme/script';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	const script = await guardLoad(() => getScript(db(), principal, eventId));
	const { role } = await requireEventAccess(db(), principal, eventId, 'programme.view');
	return { script, canEdit: can(role, 'programme.edit') };
};

export const actions: Actions = {
	save: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		return runAction(async () => {
			await saveScript(db(), principal, eventId, String(form.get('text') ?? ''));
			return { ok: true, action: 'save' };
		});
	},
	regenerate: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		return runAction(async () => {
			await regenerateScript(db(), principal, eventId);
			return { ok: true, action: 'regenerate' };
		});
	}
};
