import { error, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { formValues, requirePrincipal, runAction } from '$lib/server/http';
import { createEvent, organisationsForNewEvent } from '$lib/server/events/service';
import { parseEventInput, type EventInput } from '$lib/server/events/schema';
import { TIER_PRESETS } from '$lib/server/events/presets';
import { invalid } from '$lib/server/errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const orgs = await organisationsForNewEvent(db(), principal);
	if (!orgs.length) error(403, { message: 'Bạn không có quyền tạo hội nghị ở đơn vị nào' });
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
