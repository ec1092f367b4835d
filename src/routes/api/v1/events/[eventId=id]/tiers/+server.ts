import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import { invalid } from '$lib/server/errors';
import { getEvent, setTiers } from '$lib/server/events/service';
import { parseTiers } from '$lib/server/events/schema';
import type { RequestHandler } from './$types';

const dto = (t: { id: number; name: string; position: number; is_leader: boolean }) => ({
	id: t.id,
	name: t.name,
	position: t.position,
	isLeader: t.is_leader
});

export const GET: RequestHandler = api(async ({ params }, principal) => {
	const { tiers } = await getEvent(db(), principal, apiIdParam(params.eventId));
	return json({ tiers: tiers.map(dto) });
});

export const PUT: RequestHandler = api(async ({ params, request }, principal) => {
	const id = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, id, 'event.edit');
	const body = await readJsonObject(request);
	const parsed = parseTiers(body.tiers);
	if (!parsed.ok) throw invalid(parsed.errors);
	await setTiers(db(), principal, id, parsed.value);
	const { tiers } = await getEvent(db(), principal, id);
	return json({ tiers: tiers.map(dto) });
});
