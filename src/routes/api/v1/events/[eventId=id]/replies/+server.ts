import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { apiRecordReply, apiReplies } from '$lib/server/invitations/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ params }, principal) => json(await apiReplies(db(), principal, apiIdParam(params.eventId))));

export const POST: RequestHandler = api(async ({ params, request }, principal) =>
	json(await apiRecordReply(db(), principal, apiIdParam(params.eventId), await readJsonObject(request)))
);
