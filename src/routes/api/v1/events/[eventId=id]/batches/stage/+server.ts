import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { invalid } from '$lib/server/errors';
import { requireEventAccess } from '$lib/server/auth/access';
import { moveStage, type StageMove } from '$lib/server/awards/batches';
import type { RequestHandler } from './$types';

/** Moves the stage: { move: 'next' | 'prev' | 'reset' } or { batchId }. */
export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'programme.edit');
	const body = await readJsonObject(request);
	let move: StageMove;
	if (body.batchId != null) move = { batchId: apiIdParam(String(body.batchId)) };
	else if (body.move === 'next' || body.move === 'prev' || body.move === 'reset') move = body.move;
	else throw invalid({ move: 'move: next, prev, reset, hoặc batchId' });
	return json(await moveStage(db(), principal, eventId, move));
});
