import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import { deleteProgrammeItem, getProgramme, parseProgrammeItemInput, updateProgrammeItem } from '$lib/server/programme/service';
import type { RequestHandler } from './$types';

export const PATCH: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	const itemId = apiIdParam(params.itemId);
	const { event } = await requireEventAccess(db(), principal, eventId, 'programme.edit');
	await updateProgrammeItem(db(), principal, eventId, itemId, parseProgrammeItemInput(await readJsonObject(request), event.starts_at, { partial: true }));
	const { event: _e, ...p } = await getProgramme(db(), principal, eventId);
	void _e;
	return json(p.items.find((i) => i.id === itemId));
});

export const DELETE: RequestHandler = api(async ({ params }, principal) => {
	await deleteProgrammeItem(db(), principal, apiIdParam(params.eventId), apiIdParam(params.itemId));
	return new Response(null, { status: 204 });
});
