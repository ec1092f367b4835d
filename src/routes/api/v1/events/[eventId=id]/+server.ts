import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import { invalid } from '$lib/server/errors';
import { getEvent, updateEvent } from '$lib/server/events/service';
import { parseEventInput } from '$lib/server/events/schema';
import { eventDto } from '$lib/server/events/dto';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ params }, principal) => {
	const { event, tiers } = await getEvent(db(), principal, apiIdParam(params.eventId));
	return json(eventDto(event, tiers));
});

export const PATCH: RequestHandler = api(async ({ params, request }, principal) => {
	const id = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, id, 'event.edit');
	const parsed = parseEventInput(await readJsonObject(request), { partial: true });
	if (!parsed.ok) throw invalid(parsed.errors);
	await updateEvent(db(), principal, id, parsed.value);
	const { event, tiers } = await getEvent(db(), principal, id);
	return json(eventDto(event, tiers));
});
