import { error, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { formValues, isId, requirePrincipal, runAction } from '$lib/server/http';
import { createEvent, organisationsForNewEvent } from '$lib/server/events/service';
import { parseEventInput, type EventInput } from '$lib/server/events/schema';
import { TIER_PRESETS } from '$lib/server/events/presets';
import { forbidden, invalid } from '$lib/server/errors';
import { requireOrgPermission } from '$lib/server/auth/access';
import type { Actions, PageServerLoad } from './$types';

const NO_ORGANISATION = 'Bạn không có quyền tạo hội nghị ở đơn vị nào';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const orgs = await organisationsForNewEvent(db(), principal);
	if (!orgs.length) error(403, { message: NO_ORGANISATION });
	return {
		organisations: orgs.map((o) => ({ id: o.id, name: o.name })),
		presets: TIER_PRESETS.map((p) => ({ key: p.key, label: p.label, tiers: p.tiers.map((t) => t.name) }))
	};
};

export const actions: Actions = {
	default: async (event) => {
		const principal = requirePrincipal(event);
		const values = formValues(await event.request.formData());
		let id = 0;
		const res = await runAction(async () => {
			// The organisation is the scope: checked first (not a member 404, a role without event.edit 403), then
			// the fields, as POST /api/v1/events does. Without one, a caller who may create events nowhere is refused
			// as the page refuses them; anyone else meets the form's own errors, as before.
			const orgId = Number(values.organisationId);
			if (isId(orgId)) await requireOrgPermission(db(), principal, orgId, 'event.edit');
			else if (!(await organisationsForNewEvent(db(), principal)).length) throw forbidden(NO_ORGANISATION);
			const parsed = parseEventInput(values);
			if (!parsed.ok) throw invalid(parsed.errors);
			id = await createEvent(db(), principal, Number(values.organisationId), parsed.value as EventInput, {
				presetKey: values.tierPreset || undefined
			});
		}, values);
		if (res) return res;
		redirect(303, `/events/${id}`);
	}
};
