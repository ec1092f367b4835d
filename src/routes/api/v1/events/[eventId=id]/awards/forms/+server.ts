import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import { addAwardForm, listAwardForms, parseAwardFormInput } from '$lib/server/awards/rules';
import type { RequestHandler } from './$types';

/** Award forms usable in the event: the national ones and those the organisation added, highest first. */
export const GET: RequestHandler = api(async ({ params }, principal) => {
	const { event } = await requireEventAccess(db(), principal, apiIdParam(params.eventId), 'award.view');
	return json({ forms: await listAwardForms(db(), event.organisation_id) });
});

/** Adds the organisation's own form: { name, certificateTitle, level, precedence, fund, coefficients? }. */
export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	// Access before the body: a role without award.edit gets 403 (another organisation 404), never a 400.
	const { event } = await requireEventAccess(db(), principal, eventId, 'award.edit');
	const id = await addAwardForm(db(), principal, eventId, parseAwardFormInput(await readJsonObject(request)));
	return json((await listAwardForms(db(), event.organisation_id)).find((f) => f.id === id), { status: 201 });
});
