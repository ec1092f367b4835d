import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject, readOptionalJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import { generateBatches, listBatches, parseArrangement, saveArrangement } from '$lib/server/awards/batches';
import type { RequestHandler } from './$types';

/** Batches with recipients, presenters and live presence flags, plus the leaders to choose from. */
export const GET: RequestHandler = api(async ({ params }, principal) => json(await listBatches(db(), principal, apiIdParam(params.eventId))));

/** Generates the batches again from the decisions: { capacity? } (people on stage; default the event's setting). */
export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'award.edit');
	const body = await readOptionalJsonObject(request);
	const capacity = body.capacity === undefined || body.capacity === null ? undefined : Number(body.capacity);
	const res = await generateBatches(db(), principal, eventId, { capacity });
	return json({ ...res, ...(await listBatches(db(), principal, eventId)) });
});

/** Saves an edited arrangement: { batches: [{ id | null, awardIds: [...], title?, presenterDelegateId? }] }. */
export const PUT: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'award.edit');
	await saveArrangement(db(), principal, eventId, parseArrangement(await readJsonObject(request)));
	return json(await listBatches(db(), principal, eventId));
});
