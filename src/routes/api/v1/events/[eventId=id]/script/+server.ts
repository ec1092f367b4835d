import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { invalid } from '$lib/server/errors';
import { requireEventAccess } from '$lib/server/auth/access';
import { getScript, regenerateScript, saveScript } from '$lib/server/programme/script';
import type { RequestHandler } from './$types';

/** The MC's script: the saved draft, or a freshly generated text (draft: false) when none was saved. */
export const GET: RequestHandler = api(async ({ params }, principal) => json(await getScript(db(), principal, apiIdParam(params.eventId))));

/** Saves the MC's edited text: { text }. */
export const PUT: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'programme.edit');
	const body = await readJsonObject(request);
	if (typeof body.text !== 'string') throw invalid({ text: 'Gửi { text: "…" }' });
	await saveScript(db(), principal, eventId, body.text);
	return json(await getScript(db(), principal, eventId));
});

/** Generates the script again from the programme and batches and saves it as the draft (replaces edits). */
export const POST: RequestHandler = api(async ({ params }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await regenerateScript(db(), principal, eventId);
	return json(await getScript(db(), principal, eventId));
});
